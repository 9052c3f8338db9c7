"""Picking, sorting, packing and shipping through the workflow engine and ``wms replay --json``."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import select

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import (
    SCRIPTS,
    each_gtin,
    logged_in,
    paced,
    run_cli,
    run_replay,
)
from wms.core.persistence.outbound_tables import (
    AllocationRow,
    ParcelRow,
    PickListRow,
    PickTaskRow,
    SortBinRow,
    WaveRow,
)
from wms.core.persistence.print_jobs import PrintJob
from wms.core.persistence.tables import (
    HandlingUnitRow,
    LocationRow,
    OrderRow,
    ProductGtinRow,
    ProductRow,
)
from wms.core.persistence.workflow_tables import CountTaskRow
from wms.core.services.ledger import Actor
from wms.core.services.outbound.waves import release_wave
from wms.core.services.workflows import Input
from wms.labels.specs import render_spec

ACTOR = Actor("CMN1", "CMN1-T01", "2001")
ARGAN, SAFFRON = each_gtin(11), each_gtin(21)

# the workflow tests' fixtures: a copy of the demo site per test
demo_template = support.demo_template
site = support.site


def release(site, *orders, mode="single"):
    with site.uow() as uow:
        result = release_wave(uow, ACTOR, today=site.clock().date(), orders=list(orders),
                              mode=mode)  # fmt: skip
        uow.commit()
    return result


def switch(site, session, mode):
    """Change mode a moment later (a scan repeated across modes within 0.3 s is a double read)."""
    site.clock.advance(seconds=1)
    assert session.set_mode(mode).ok


def pick_ord_1001(session, tote="TOTE:T1"):
    """Pick ORD-1001 (single list): saffron at P-01-01-2, then 2 argan oil at A-01-02-1."""
    out = paced(session, "@key NEXT", "LOC:P-01-01-2", SAFFRON, tote)
    out += paced(session, "LOC:A-01-02-1", ARGAN, ARGAN, tote)
    return out


def test_picking_refusals_and_a_short_pick_that_re_allocates(site):
    release(site, "ORD-1001")
    session = logged_in(site, "1001", "1234", mode="picking")
    out = paced(session, "@key NEXT", "LOC:A-01-02-1")
    assert out[1].error == "wrong_location" and "go to P-01-01-2" in out[1].message
    out = paced(session, "LOC:P-01-01-2", ARGAN, f"]C101{SAFFRON.zfill(14)}10SAF0000")
    assert [f.error for f in out] == ["", "wrong_item", "wrong_lot"]
    out = paced(session, "@key 5", SAFFRON, "@key 4")
    assert [f.error for f in out] == ["scan_first", "", "unexpected_input"]  # 1 unit: complete
    out = paced(session, "TOTE:T1", "LOC:A-01-02-1", ARGAN, "CMD:SHORT")
    assert all(f.ok for f in out), [f.message for f in out]
    short = out[-1]
    assert short.level.value == "attention"
    # one argan oil went into the tote, the missing one is reserved at the next FEFO location
    out = paced(session, "TOTE:T2")
    assert out[0].error == "wrong_tote"  # ORD-1001 is already in T1
    out = paced(session, "TOTE:T1")
    assert out[0].ok, out[0].message
    assert "re-allocated 1 at" in out[0].message and out[0].context["reallocated"] == 1
    next_location = session.workflow.context()["location"]
    assert next_location in ("P-01-01-1", "A-01-01-1")
    out = paced(session, f"LOC:{next_location}", ARGAN, "TOTE:T1")
    assert out[-1].ok and "Pick list PL-CMN1-T01-00001 done" in out[-1].message
    with site.uow() as uow:
        assert uow.session.get(OrderRow, "ORD-1001").status == "picked"
        tasks = uow.session.scalars(select(CountTaskRow.location)).all()
        assert "A-01-02-1" in tasks
        tote = {(s.sku, s.lot, s.quantity) for s in uow.ledger.stock()
                if s.handling_unit == "TOTE:T1"}  # fmt: skip
        assert tote == {("SAF-1G", "SAF2610", 1), ("ARG-OIL-100", "ARG2603", 1),
                        ("ARG-OIL-100", "ARG2609", 1)}  # fmt: skip
        reserved_left = [s for s in uow.ledger.stock() if s.status == "reserved"
                         and not s.handling_unit.startswith("TOTE:")]  # fmt: skip
        assert reserved_left == []
    site.invariants()


def test_each_pick_counts_on_its_task_allocation_and_list_and_the_last_closes_order_and_wave(
    site,
):
    released = release(site, "ORD-1001", "ORD-1002")
    session = logged_in(site, "1001", "1234", mode="picking")
    assert all(f.ok for f in pick_ord_1001(session)), "ORD-1001 picked"

    def states():
        with site.uow() as uow:
            tasks = uow.session.scalars(select(PickTaskRow).order_by(PickTaskRow.id)).all()
            return (
                {(t.order, t.sku, t.picked, t.state, t.tote) for t in tasks},
                {(a.order, a.sku, a.picked, a.state)
                 for a in uow.session.scalars(select(AllocationRow))},
                {(pl.id, pl.status, pl.operator)
                 for pl in uow.session.scalars(select(PickListRow))},
                uow.session.get(WaveRow, released.wave).status,
                {o.number: o.status for o in uow.session.scalars(select(OrderRow))},
            )  # fmt: skip

    tasks, allocations, lists, wave, orders = states()
    assert ("ORD-1001", "ARG-OIL-100", 2, "picked", "TOTE:T1") in tasks
    assert ("ORD-1001", "ARG-OIL-100", 2, "picked") in allocations
    assert ("ORD-1001", "SAF-1G", 1, "picked") in allocations
    assert ("PL-CMN1-T01-00001", "done", "1001") in lists
    assert orders["ORD-1001"] == "picked" and orders["ORD-1002"] == "released"
    assert wave == "released"  # ORD-1002's list is still to pick
    with site.uow() as uow:
        gtin = dict(uow.session.execute(
            select(ProductGtinRow.sku, ProductGtinRow.gtin).where(ProductGtinRow.level == "each")
        ).all())  # fmt: skip
    out = paced(session, "@key NEXT")
    while out[-1].ok and session.workflow.state.task is not None:
        stop = session.workflow.state.task
        out = paced(session, f"LOC:{stop.location}", *[gtin[stop.sku]] * stop.remaining, "TOTE:T2")
    assert out[-1].ok, out[-1].message
    _tasks, allocations, _lists, wave, orders = states()
    assert orders["ORD-1002"] == "picked" and wave == "picked"
    assert {state for *_rest, state in allocations} == {"picked"}
    site.invariants()


def test_a_stop_picked_at_another_bench_is_refused_at_the_tote_and_posts_nothing(site):
    release(site, "ORD-1001")
    first = logged_in(site, "1001", "1234", mode="picking")
    second = logged_in(site, "1003", "1357", mode="picking")  # another bench, the same list
    # NEXT scanned (or typed at a wedge scanner's speed) opens the next list as keyed does
    assert all(f.ok for f in paced(second, "NEXT", "LOC:P-01-01-2", SAFFRON))
    assert all(f.ok for f in paced(first, "@key NEXT", "LOC:P-01-01-2", SAFFRON, "TOTE:T1"))
    [late] = paced(second, "TOTE:T2")
    assert late.error == "stop_gone" and "P-01-01-2" in late.message
    with site.uow() as uow:
        assert [s.quantity for s in uow.ledger.stock() if s.handling_unit == "TOTE:T2"] == []
    site.invariants()


def test_packing_refuses_a_missing_hs_code_before_closing_then_closes(site):
    release(site, "ORD-1001")
    session = logged_in(site, "1001", "1234", mode="picking")
    assert all(f.ok for f in pick_ord_1001(session))
    with site.uow() as uow:
        uow.session.get(ProductRow, "SAF-1G").hs_code = ""
        uow.commit()
    switch(site, session, "packing")
    out = paced(session, "TOTE:T1", ARGAN, SAFFRON, ARGAN)
    assert out[0].level.value == "attention" and "no HS code for SAF-1G" in out[0].message
    assert out[-1].context["suggested_carton"] == "S"
    refused = session.handle(Input.weight("0.53"))
    assert refused.error == "customs_data_missing" and "SAF-1G has no HS code" in refused.message
    with site.uow() as uow:
        parcels = uow.session.scalars(select(ParcelRow).where(ParcelRow.order == "ORD-1001"))
        assert parcels.all() == []
        uow.session.get(ProductRow, "SAF-1G").hs_code = "091020"
        uow.commit()
    assert session.handle(Input.key("XL")).error == "not_found"
    closed = session.handle(Input.weight("0.53"))
    assert closed.ok, closed.message
    label = closed.context["label"]
    assert label["ai_00"] == closed.context["sscc"] and label["ai_420"] == "75011"
    assert closed.context["customs"]["form"] == "CN22"
    assert closed.context["customs"]["lines"][0]["hs_code"] in ("151590", "091020")
    with site.uow() as uow:
        parcel = uow.session.get(ParcelRow, closed.context["sscc"])
        assert (parcel.carton, parcel.customs_form, parcel.units) == ("S", "CN22", 3)
        assert uow.session.get(OrderRow, "ORD-1001").status == "packed"
        jobs = uow.session.scalars(select(PrintJob).where(PrintJob.reference == parcel.sscc))
        # stored as print specs, rendered by the print queue: a ZPL label and a PDF
        assert sorted(render_spec(j.payload).content_type for j in jobs) == ["pdf", "zpl"]
    site.invariants()


def test_full_destination_closes_its_bag_and_a_mis_sort_is_counted(site):
    release(site, "ORD-1001")
    session = logged_in(site, "1001", "1234", mode="picking")
    pick_ord_1001(session)
    switch(site, session, "packing")
    out = paced(session, "ORD:ORD-1001", ARGAN, ARGAN, SAFFRON)
    assert out[-1].ok
    sscc = session.handle(Input.weight("0.55")).context["sscc"]
    with site.uow() as uow:
        location = uow.session.scalar(select(LocationRow).where(LocationRow.code == "SORT-FR"))
        location.capacity_units = 1
        uow.commit()
    switch(site, session, "sorting")
    out = paced(session, f"00{sscc}", "LOC:SORT-BE", "LOC:SORT-FR")
    assert out[0].destination == "SORT-FR"
    assert out[1].error == "mis_sort"
    assert out[2].ok and out[2].context["bag"], out[2].message
    with site.uow() as uow:
        bin_row = uow.session.get(SortBinRow, ("CMN1", "SORT-FR"))
        assert (bin_row.mis_sorts, bin_row.bags_closed, bin_row.open_parcels) == (1, 1, 0)
        bag = uow.session.get(HandlingUnitRow, out[2].context["bag"])
        assert bag.kind == "bag" and bag.state == "closed"
        assert uow.session.get(HandlingUnitRow, sscc).parent_sscc == bag.sscc


def test_end_to_end_replay_from_receipt_to_dispatch(site):
    path = site.path
    site.engine.dispose()
    for script in ("01-receiving.replay", "02-putaway.replay"):
        code, _records, stderr = run_replay(path, SCRIPTS / script)
        assert code == 0, stderr
    imported = run_cli(path, "import", "orders", str(SCRIPTS / "outbound-orders.csv"))
    assert imported.returncode == 0, imported.stderr
    released = run_cli(path, "waves", "release", "--orders", "ORD-1001", "ORD-2001",
                       "--mode", "batch", "--format", "json")  # fmt: skip
    assert released.returncode == 0, released.stderr
    lists = json.loads(released.stdout)
    assert lists[0]["stops"] == 4 and lists[0]["sequenced_m"] < lists[0]["unsequenced_m"]

    code, records, stderr = run_replay(path, SCRIPTS / "outbound-flow.replay")
    assert code == 1, stderr  # the script holds deliberate refusals
    refused = [(r["input"], r.get("error")) for r in records if not r["ok"]]
    assert refused == [
        ("LOC:P-01-01-1", "wrong_location"),
        ("6111234000118", "wrong_item"),
        ("]C10106111234000910<GS>10GP9999X", "wrong_lot"),
        ("TOTE:B2", "wrong_tote"),
        ("LOC:PW-01", "mis_sort"),
        ("6111234000934", "wrong_item"),
        ("@weight 0.9", "weight_mismatch"),
        ("6111234000934", "extra_item"),
        ("LOC:SORT-XX", "mis_sort"),
        ("00361112340000000089", "wrong_carrier"),
    ]
    slots = [r["destination"] for r in records if r.get("destination", "").startswith("PW-")]
    assert set(slots) == {"PW-01", "PW-02"}
    closes = [r for r in records if "parcel 3611" in r["message"] and "closed" in r["message"]]
    assert [r["context"]["customs"]["form"] for r in closes] == ["CN22", "CN22"]
    dispatched = [r for r in records if r["input"] == "CMD:DONE" and r["ok"]]
    assert [r["summary"][0]["order"] for r in dispatched] == ["ORD-1001", "ORD-2001"]

    manifest = run_cli(path, "shipments", "manifest", "SHP-CMN1-T01-00002", "--format", "csv")
    assert manifest.returncode == 0, manifest.stderr
    rows = list(csv.DictReader(io.StringIO(manifest.stdout)))
    assert [(r["order"], r["country"], r["postcode"], r["weight_kg"], r["value"], r["currency"])
            for r in rows] == [("ORD-2001", "GB", "NW1 0JH", "2.1", "38", "GBP")]  # fmt: skip
    stock = json.loads(run_cli(path, "stock", "--format", "json").stdout)
    assert [s for s in stock if s["status"] == "reserved"] == []
    on_hand = {(s["sku"], s["location"]): s["quantity"] for s in stock}
    assert on_hand[("CN-TEAPOT", "B-01-01-1")] == 47
    assert on_hand[("ARG-OIL-100", "A-01-02-1")] == 38
    assert not any(s["location"] in ("SHIP-01", "PACK-01", "STAGE-01") for s in stock)
    ships = json.loads(run_cli(path, "movements", "--kind", "ship", "--format", "json").stdout)
    assert {m["to_location"] for m in ships} == {""} and len(ships) == 4  # sku × lot
    orders = json.loads(run_cli(path, "orders", "--status", "shipped", "--format", "json").stdout)
    # (ORD-0901 and ORD-0902: the demo's orders shipped last week, for the returns bench)
    assert [o["number"] for o in orders] == ["ORD-0901", "ORD-0902", "ORD-1001", "ORD-2001"]
    assert run_cli(path, "verify").returncode == 0
