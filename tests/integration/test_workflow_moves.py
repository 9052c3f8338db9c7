"""Moves between locations and transfers between warehouses."""

from __future__ import annotations

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import GTIN, logged_in, paced
from wms.core.domain.model import Location, LocationType, StockKey, StockStatus, Warehouse

# fixtures shared by the workflow tests
demo_template = support.demo_template
site = support.site


def on_hand(site, location, sku, lot="", unit="", status=StockStatus.AVAILABLE, warehouse="CMN1"):
    with site.uow() as uow:
        return uow.ledger.on_hand(StockKey(warehouse, location, sku, lot, unit, status))


def test_loose_move_by_repeated_scans_and_typed_quantity(site):
    session = logged_in(site, mode="move")
    results = paced(
        session, "LOC:C-01-01-1", GTIN["tajine"], GTIN["tajine"], "@key 5", "LOC:STAGE-01"
    )
    assert all(r.ok for r in results), [r.message for r in results]
    assert results[2].message.startswith("2 x CER-TAJ-28")
    assert results[-1].movement_ids and results[-1].destination == "STAGE-01"
    assert on_hand(site, "C-01-01-1", "CER-TAJ-28") == 27
    assert on_hand(site, "STAGE-01", "CER-TAJ-28") == 5
    with site.uow() as uow:
        [movement] = uow.ledger.movements(kind="move")
    assert (movement.operator, movement.station) == ("1003", "CMN1-T01")
    site.invariants()


def test_lot_resolved_from_location_and_not_enough_stock_refused(site):
    session = logged_in(site, mode="move")
    paced(session, "LOC:P-01-01-1")
    too_many = paced(session, "@key 25", GTIN["argan"])[1]
    assert not too_many.ok and too_many.error == "not_enough_stock"
    assert "only 24 x ARG-OIL-100 lot ARG2609 at P-01-01-1" in too_many.message
    done = paced(session, "@key 4", GTIN["argan"], "LOC:P-03-01-1")
    assert all(r.ok for r in done)
    assert on_hand(site, "P-03-01-1", "ARG-OIL-100", "ARG2609") == 4


def test_whole_pallet_moves_with_its_sscc(site):
    receiving = logged_in(site, mode="receiving")
    paced(receiving, "CMD:BLIND", "CMD:NEWHU")
    sscc = receiving.workflow.state.unit
    paced(receiving, GTIN["bottle_case"], GTIN["teapot_case"])
    session = logged_in(site, mode="move")
    results = paced(session, sscc, "LOC:B-01-02-1")
    assert all(r.ok for r in results) and len(results[1].movement_ids) == 2
    assert on_hand(site, "B-01-02-1", "CN-BTL-30", unit=sscc) == 100
    with site.uow() as uow:
        assert uow.handling_units.get(sscc).location == "B-01-02-1"


def test_quarantine_rules_and_room(site):
    session = logged_in(site, mode="move")
    paced(session, "LOC:QUAR-01", GTIN["dates"])
    refused = paced(session, "LOC:B-01-02-1")[0]
    assert not refused.ok and refused.error == "quarantine_only"
    assert paced(session, "LOC:QUAR-02")[0].ok
    assert on_hand(site, "QUAR-02", "DATE-MJ-1KG", "DAT2510", status=StockStatus.QUARANTINED) == 1
    # available stock moved into quarantine becomes quarantined, on a second scan of it
    asked = paced(session, "LOC:C-01-01-1", GTIN["tajine"], "LOC:QUAR-03")[-1]
    assert asked.ok and asked.level == "attention" and not asked.movement_ids
    moved = paced(session, "LOC:QUAR-03")[0]
    assert moved.ok and moved.level == "attention" and moved.movement_ids
    assert on_hand(site, "QUAR-03", "CER-TAJ-28", status=StockStatus.QUARANTINED) == 1
    # a full location refuses: 60-unit pick face already holding 24
    paced(session, "LOC:A-01-01-1", "@key 40", GTIN["argan"])
    full = paced(session, "LOC:P-01-01-1")[0]
    assert not full.ok and full.error == "no_room"


def test_cancel_drops_the_move(site):
    session = logged_in(site, mode="move")
    paced(session, "LOC:C-01-01-1", GTIN["tajine"])
    assert paced(session, "CMD:CANCEL")[0].ok
    assert on_hand(site, "C-01-01-1", "CER-TAJ-28") == 32


def add_second_warehouse(site):
    with site.uow() as uow:
        uow.warehouses.add(Warehouse("LGG1", "Liege Hub", "BE", "5412345", "Liege"))
        uow.locations.add_all(
            [
                Location("LGG1", "DOCK-01", LocationType.DOCK, walk_sequence=10),
                Location("LGG1", "TRANSIT", LocationType.TRANSIT, walk_sequence=20),
            ]
        )
        uow.commit()


def test_transfer_out_in_transit_and_in(site):
    add_second_warehouse(site)
    receiving = logged_in(site, mode="receiving")
    paced(receiving, "CMD:BLIND", "CMD:NEWHU")
    sscc = receiving.workflow.state.unit
    paced(receiving, GTIN["teapot_case"])
    sender = logged_in(site, mode="transfer")
    started = paced(sender, "@key LGG1")[0]
    transfer_id = started.context["transfer_id"]
    assert transfer_id.startswith("TR") and len(transfer_id) == 34
    sent = paced(sender, "LOC:C-01-02-1", "@key 6", GTIN["bowl"], "LOC:DOCK-01", sscc)
    assert all(r.ok for r in sent), [r.message for r in sent]
    done = paced(sender, "CMD:DONE")[0]
    assert {(r["sku"], r["quantity"]) for r in done.summary} == {
        ("CER-BWL-15", 6),
        ("CN-TEAPOT", 12),
    }
    assert on_hand(site, "TRANSIT", "CER-BWL-15") == 6
    assert on_hand(site, "TRANSIT", "CN-TEAPOT", unit=sscc) == 12
    wrong_place = logged_in(site, mode="transfer")
    assert paced(wrong_place, f"@key {transfer_id}")[0].error == "wrong_warehouse"

    receiver = site.session(station="LGG1-S01", warehouse="LGG1")
    receiver.login("1001", "1234")
    receiver.set_mode("transfer")
    opened, got = paced(receiver, transfer_id, "CMD:DONE")
    assert opened.ok and not opened.movement_ids, opened.message
    assert {(r["sku"], r["quantity"]) for r in opened.summary} == {
        ("CER-BWL-15", 6),
        ("CN-TEAPOT", 12),
    }
    # the destination's TRANSFER_IN, plus (one database runs both warehouses) the settlement
    # that central would otherwise make: the source's TRANSFER_IN out of its TRANSIT
    assert got.ok and len(got.movement_ids) == 4 and got.destination == "DOCK-01"
    assert on_hand(site, "TRANSIT", "CER-BWL-15") == 0
    assert on_hand(site, "DOCK-01", "CER-BWL-15", warehouse="LGG1") == 6
    assert on_hand(site, "DOCK-01", "CN-TEAPOT", unit=sscc, warehouse="LGG1") == 12
    with site.uow() as uow:
        assert uow.handling_units.get(sscc).warehouse == "LGG1"
        movements = [m for m in uow.ledger.movements() if m.transfer_id == transfer_id]
    assert {m.kind.value for m in movements} == {"transfer_out", "transfer_in"}
    assert sum(m.quantity for m in movements if m.to_location == "TRANSIT") == sum(
        m.quantity for m in movements if m.from_location == "TRANSIT"
    )
    site.clock.advance(seconds=1)
    again = paced(receiver, transfer_id)[0]
    assert not again.ok and again.error == "already_received"
    site.invariants()


def test_transfer_to_own_or_unknown_warehouse_refused(site):
    session = logged_in(site, mode="transfer")
    assert paced(session, "@key CMN1")[0].error == "same_warehouse"
    assert paced(session, "@key NOWHERE")[0].error == "not_found"


def test_transfer_received_in_part_then_closed_short(site):
    add_second_warehouse(site)
    sender = logged_in(site, mode="transfer")
    transfer_id = paced(sender, "@key LGG1")[0].context["transfer_id"]
    assert all(r.ok for r in paced(sender, "LOC:C-01-02-1", "@key 6", GTIN["bowl"], "CMD:DONE"))
    receiver = site.session(station="LGG1-S01", warehouse="LGG1")
    receiver.login("1001", "1234")
    receiver.set_mode("transfer")
    site.clock.advance(seconds=1)
    results = paced(receiver, transfer_id, "@key 4", GTIN["bowl"])
    assert all(r.ok for r in results), [r.message for r in results]
    site.clock.advance(seconds=1)
    too_many = paced(receiver, "@key 3", GTIN["bowl"])[1]
    assert not too_many.ok and too_many.error == "over_receipt"
    assert "only 2 x CER-BWL-15 still expected" in too_many.message
    closed = paced(receiver, "CMD:SHORT")[0]
    assert closed.ok and closed.level == "attention" and "2 missing" in closed.message
    assert on_hand(site, "DOCK-01", "CER-BWL-15", warehouse="LGG1") == 4
    assert on_hand(site, "TRANSIT", "CER-BWL-15") == 2  # the shortfall stays in transit
    site.clock.advance(seconds=1)
    reopened = paced(receiver, transfer_id)[0]
    assert reopened.ok and [r["quantity"] for r in reopened.summary] == [2]
    site.invariants()
