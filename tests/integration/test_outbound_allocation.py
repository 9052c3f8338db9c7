"""Allocation on a station database: FEFO / FIFO, reservations in the ledger, back-orders, waves.

Property tests (Hypothesis): no unit is allocated twice, nothing expired, quarantined or short
of the order's shelf life is allocated, and FEFO order holds.
"""

from __future__ import annotations

import itertools
import uuid
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import (
    copy_site,
    run_cli,
)
from wms.core.domain.model import MovementDraft, MovementKind, Product, StockStatus
from wms.core.persistence.outbound_tables import AllocationRow, PickTaskRow, WaveOrderRow
from wms.core.persistence.tables import LocationRow, OrderLineRow, OrderRow
from wms.core.services.ledger import Actor, post
from wms.core.services.outbound.allocation import (
    allocate_order,
    candidates,
    deallocate_order,
)
from wms.core.services.outbound.waves import release_wave

TODAY = date(2026, 11, 25)
ACTOR = Actor("CMN1", "CMN1-T01", "2001")
STORAGE = ["A-03-01-1", "A-04-02-2", "B-02-01-1", "C-05-03-1", "D-01-01-2", "QUAR-02"]

# the workflow tests' fixtures: a copy of the demo site per test
demo_template = support.demo_template
site = support.site


def add_order(uow, number, lines, *, shelf_life=0, country="FR"):
    uow.session.add(
        OrderRow(number=number, warehouse="CMN1", customer="T", ship_to_name="T",
                 ship_to_postcode="75011", ship_to_city="Paris", ship_to_country=country,
                 carrier="COLISSIMO", min_shelf_life_days=shelf_life, status="open")
    )  # fmt: skip
    uow.session.flush()
    for index, (sku, quantity) in enumerate(lines, start=1):
        uow.session.add(OrderLineRow(order=number, line=index, sku=sku, quantity=quantity,
                                     unit_value=Decimal("1"), currency="EUR"))  # fmt: skip
    uow.session.flush()


def add_stock(uow, sku, location, quantity, lot="", expiry=None, status=StockStatus.AVAILABLE):
    if lot:
        uow.lots.ensure(sku, lot, expiry)
    post(uow, ACTOR, MovementDraft(kind=MovementKind.ADJUST, sku=sku, quantity=quantity,
                                   to_location=location, lot=lot, expiry=expiry,
                                   to_status=status, reference="TEST"))  # fmt: skip


# --- examples -----------------------------------------------------------------------------------


def test_fefo_reserves_the_earliest_expiry_and_shows_it_as_reserved(site):
    with site.uow() as uow:
        result = allocate_order(uow, ACTOR, "ORD-1001", today=TODAY)
        uow.commit()
    assert result.status == "allocated"
    assert [(ln.sku, ln.strategy, ln.held) for ln in result.lines] == [
        ("ARG-OIL-100", "FEFO", 2), ("SAF-1G", "FEFO", 1),
    ]  # fmt: skip
    with site.uow() as uow:
        reserved = {(s.location, s.sku, s.lot, s.quantity) for s in uow.ledger.stock()
                    if s.status == "reserved"}  # fmt: skip
        assert ("A-01-02-1", "ARG-OIL-100", "ARG2603", 2) in reserved  # expires 2027-03
        status_moves = uow.ledger.movements(kind="status", reference="ORD-1001")
        assert len(status_moves) == 2
    site.invariants()


def test_expired_quarantined_and_short_shelf_life_stock_is_never_allocated(site):
    with site.uow() as uow:
        add_order(uow, "T-DATES", [("DATE-MJ-1KG", 100)], shelf_life=0)
        add_stock(uow, "DATE-MJ-1KG", "B-01-02-1", 5, "DAT2512", date(2026, 11, 1))  # expired
        add_stock(uow, "DATE-MJ-1KG", "B-01-02-2", 7, "DAT2701", date(2027, 1, 10))
        result = allocate_order(uow, ACTOR, "T-DATES", today=TODAY)
        allocated = {(a.lot, a.quantity) for a in result.lines[0].new}
        assert allocated == {("DAT2611", 80), ("DAT2701", 7)}  # never DAT2510 nor DAT2512
        assert result.status == "backordered" and result.lines[0].short == 13
        # a customer who wants 90 days of shelf life does not get the January lot
        found, strategy = candidates(uow, "CMN1", "DATE-MJ-1KG", today=TODAY,
                                     min_shelf_life_days=90)  # fmt: skip
        assert strategy == "FEFO" and found == []  # everything eligible is reserved now
        uow.rollback()


def test_fifo_takes_the_oldest_receipt_first_from_the_ledger(site):
    with site.uow() as uow:
        uow.products.add(Product(sku="FIFO-1", name="FIFO test"))
        add_stock(uow, "FIFO-1", "D-06-03-2", 5)  # received first, far along the walk
        add_stock(uow, "FIFO-1", "A-01-01-2", 5)  # received later, first on the walk
        add_order(uow, "T-FIFO", [("FIFO-1", 6)])
        result = allocate_order(uow, ACTOR, "T-FIFO", today=TODAY)
        assert result.lines[0].strategy == "FIFO"
        assert [(a.location, a.quantity) for a in result.lines[0].new] == [
            ("D-06-03-2", 5), ("A-01-01-2", 1),
        ]  # fmt: skip
        uow.rollback()


def test_partial_allocation_is_a_back_order_that_tops_up_and_can_be_freed(site):
    with site.uow() as uow:
        add_order(uow, "T-BIG", [("LTH-BAG-01", 20)])
        first = allocate_order(uow, ACTOR, "T-BIG", today=TODAY)
        assert (first.status, first.lines[0].held, first.shortages()) == (
            "backordered",
            18,
            "line 1 LTH-BAG-01 short 2 of 20",
        )
        add_stock(uow, "LTH-BAG-01", "D-05-01-1", 4)
        second = allocate_order(uow, ACTOR, "T-BIG", today=TODAY)
        assert (second.status, second.lines[0].held) == ("allocated", 20)
        assert [a.quantity for a in second.lines[0].new] == [2]
        # another order cannot take the reserved units
        add_order(uow, "T-OTHER", [("LTH-BAG-01", 3)])
        other = allocate_order(uow, ACTOR, "T-OTHER", today=TODAY)
        assert other.lines[0].held == 2 and other.status == "backordered"
        assert deallocate_order(uow, ACTOR, "T-BIG") == 20
        assert uow.session.get(OrderRow, "T-BIG").status == "open"
        uow.commit()
    site.invariants()
    with site.uow() as uow:
        reserved = sum(s.quantity for s in uow.ledger.stock() if s.sku == "LTH-BAG-01"
                       and s.status == "reserved")  # fmt: skip
        assert reserved == 2  # only T-OTHER's


def test_wave_release_modes_sequence_picks_and_report_distances(site):
    with site.uow() as uow:
        zone = release_wave(uow, ACTOR, today=TODAY, mode="zone")
        uow.commit()
    # the hub's export orders and the demo merchants' (each of one owner's stock)
    assert zone.released == [
        "ORD-1001", "ORD-1002", "ORD-1003", "ORD-1004", "ORD-1005",
        "ORD-ARG-01", "ORD-ARG-02", "ORD-FEZ-01", "ORD-TIS-01",
    ]  # fmt: skip
    assert {p.zone for p in zone.pick_lists} == {"PICK", "STOR"}
    assert zone.sequenced_m <= zone.unsequenced_m
    with site.uow() as uow:
        walk = {c: w for c, w in uow.session.execute(
            select(LocationRow.code, LocationRow.walk_sequence))}  # fmt: skip
        for pick_list in zone.pick_lists:
            tasks = uow.session.scalars(
                select(PickTaskRow)
                .where(PickTaskRow.pick_list == pick_list.id)
                .order_by(PickTaskRow.sequence)
            ).all()
            assert [walk[t.location] for t in tasks] == sorted(walk[t.location] for t in tasks)
        # (every open order; the demo's ORD-0901 and ORD-0902 shipped last week)
        statuses = set(uow.session.scalars(select(OrderRow.status)
                                           .where(OrderRow.status != "shipped")))  # fmt: skip
        assert statuses == {"released"}


def test_cli_release_prints_both_distances_and_back_orders(site):
    with site.uow() as uow:  # a French order for more argan oil than the warehouse holds
        add_order(uow, "ORD-9001", [("SAF-1G", 1), ("ARG-OIL-100", 500)])
        uow.commit()
    path = site.path
    site.engine.dispose()
    done = run_cli(path, "waves", "release", "--mode", "single", "--country", "FR",
                   "--date", "2026-11-25")  # fmt: skip
    assert done.returncode == 0, done.stderr
    # the French orders: the hub's ORD-1001 and the argan cooperative's ORD-ARG-01
    assert "wave W-CMN1-T01-00001 (single) released: 2 orders (ORD-1001 ORD-ARG-01)" in done.stdout
    assert "m in order-line order" in done.stdout and "m sequenced" in done.stdout
    listed = run_cli(path, "orders", "--status", "released", "--format", "csv")
    assert listed.stdout.splitlines()[1].startswith("ORD-1001,released,")
    # the short order is reported with its short line and quantity, keeps what it holds, and
    # waits as back-ordered (not released, no pick task)
    with site.uow() as uow:
        held = {
            sku: sum(a.quantity for a in rows)
            for sku, rows in itertools.groupby(
                uow.session.scalars(
                    select(AllocationRow)
                    .where(AllocationRow.order == "ORD-9001", AllocationRow.state == "reserved")
                    .order_by(AllocationRow.sku)
                ),
                key=lambda a: a.sku,
            )
        }
        tasks = uow.session.scalars(select(PickTaskRow).where(PickTaskRow.order == "ORD-9001"))
        assert tasks.all() == []
    assert held["SAF-1G"] == 1 and 0 < held["ARG-OIL-100"] < 500
    short = 500 - held["ARG-OIL-100"]
    backordered = [line for line in done.stdout.splitlines() if "back-ordered" in line]
    assert backordered == [f"ORD-9001 back-ordered: line 2 ARG-OIL-100 short {short} of 500"]
    waiting = run_cli(path, "orders", "--status", "backordered", "--format", "csv")
    assert [row.split(",")[:2] for row in waiting.stdout.splitlines()[1:]] == [
        ["ORD-9001", "backordered"]
    ]
    again = run_cli(path, "waves", "release", "--orders", "ORD-1001")
    assert again.returncode == 2 and "ORD-1001 is released" in again.stderr


# --- properties ---------------------------------------------------------------------------------

_counter = itertools.count()


@st.composite
def scenarios(draw):
    lots = draw(st.lists(st.integers(-40, 400), min_size=1, max_size=5))
    stock = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(lots) - 1),
                st.sampled_from(STORAGE),
                st.integers(1, 15),
                st.booleans(),  # quarantined
            ),
            min_size=1,
            max_size=10,
        )
    )
    orders = draw(st.lists(st.tuples(st.integers(1, 40), st.sampled_from([0, 30, 120])),
                           min_size=1, max_size=4))  # fmt: skip
    return lots, stock, orders


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scenario=scenarios())
def test_allocation_properties(demo_template, tmp_path, scenario):
    lots, stock, orders = scenario
    prop_site = copy_site(demo_template, tmp_path / f"prop-{uuid.uuid4().hex}.db")
    try:
        with prop_site.uow() as uow:
            uow.products.add(Product(sku="PROP-1", name="p", tracks_lot=True, tracks_expiry=True))
            expiry = {f"L{i}": TODAY + timedelta(days=d) for i, d in enumerate(lots)}
            original: dict[tuple[str, str], int] = defaultdict(int)
            for lot_index, location, quantity, quarantined in stock:
                lot = f"L{lot_index}"
                status = StockStatus.QUARANTINED if quarantined else StockStatus.AVAILABLE
                add_stock(uow, "PROP-1", location, quantity, lot, expiry[lot], status)
                if not quarantined:
                    original[(location, lot)] += quantity
            for n, (quantity, shelf) in enumerate(orders):
                add_order(uow, f"P-{n}", [("PROP-1", quantity)], shelf_life=shelf)
            for n, (quantity, shelf) in enumerate(orders):
                eligible_before = candidates(uow, "CMN1", "PROP-1", today=TODAY,
                                             min_shelf_life_days=shelf)[0]  # fmt: skip
                result = allocate_order(uow, ACTOR, f"P-{n}", today=TODAY)
                new = result.lines[0].new
                got = sum(a.quantity for a in new)
                assert got == min(quantity, sum(c.available for c in eligible_before))
                for a in new:
                    assert a.location != "QUAR-02"
                    assert expiry[a.lot] >= TODAY + timedelta(days=shelf)
                left = candidates(uow, "CMN1", "PROP-1", today=TODAY, min_shelf_life_days=shelf)[0]
                if new and left:  # FEFO: nothing left behind expires before what was taken
                    assert max(expiry[a.lot] for a in new) <= min(c.expiry for c in left)
            uow.commit()
        with prop_site.uow() as uow:
            allocated: dict[tuple[str, str], int] = defaultdict(int)
            for a in uow.session.scalars(
                select(AllocationRow).where(AllocationRow.sku == "PROP-1")
            ):
                allocated[(a.location, a.lot)] += a.quantity
            reserved: dict[tuple[str, str], int] = defaultdict(int)
            available: dict[tuple[str, str], int] = defaultdict(int)
            for line in uow.ledger.stock():
                if line.sku != "PROP-1":
                    continue
                if line.status == "reserved":
                    reserved[(line.location, line.lot)] += line.quantity
                elif line.status == "available":
                    available[(line.location, line.lot)] += line.quantity
            assert dict(reserved) == dict(allocated)  # the ledger agrees with the allocations
            for key, quantity in allocated.items():  # no unit allocated twice
                assert quantity <= original[key]
                assert available.get(key, 0) + quantity == original[key]
            assert uow.ledger.stock_by_key() == uow.ledger.ledger_sums()
    finally:
        prop_site.engine.dispose()


def _allocations_and_ledger(site_):
    with site_.uow() as uow:
        allocations = [
            (a.order, a.line, a.sku, a.location, a.lot, a.handling_unit, a.quantity, a.state)
            for a in uow.session.scalars(
                select(AllocationRow).order_by(AllocationRow.order, AllocationRow.line,
                                               AllocationRow.id)
            )
        ]  # fmt: skip
        reservations = [
            (m.station_seq, m.sku, m.quantity, m.from_location, m.lot, m.expiry, m.reference,
             m.from_status, m.to_status)
            for m in uow.ledger.movements(kind="status")
        ]  # fmt: skip
        statuses = dict(uow.session.execute(select(OrderRow.number, OrderRow.status)).all())
        return allocations, sorted(reservations), uow.ledger.stock_by_key(), statuses


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scenario=scenarios())
def test_a_wave_reserves_what_allocating_its_orders_one_by_one_reserves(
    demo_template, tmp_path, scenario
):
    """The wave posts its reservations together at the end; the allocation rows, the
    reservation movements (in the same sequence) and stock are those of allocating each
    order in turn."""
    lots, stock, orders = scenario
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    wave_site, one_by_one = (copy_site(demo_template, folder / n) for n in ("w.db", "o.db"))
    try:
        for each in (wave_site, one_by_one):
            with each.uow() as uow:
                uow.products.add(Product(sku="PROP-1", name="p", tracks_lot=True,
                                         tracks_expiry=True))  # fmt: skip
                for lot_index, location, quantity, quarantined in stock:
                    lot = f"L{lot_index}"
                    status = StockStatus.QUARANTINED if quarantined else StockStatus.AVAILABLE
                    expiry = TODAY + timedelta(days=lots[lot_index])
                    add_stock(uow, "PROP-1", location, quantity, lot, expiry, status)
                for n, (quantity, shelf) in enumerate(orders):
                    add_order(uow, f"P-{n}", [("PROP-1", quantity), ("SAF-1G", 1)],
                              shelf_life=shelf)  # fmt: skip
                uow.session.query(OrderRow).filter(OrderRow.number.like("ORD-%")).update(
                    {OrderRow.status: "cancelled"}, synchronize_session=False
                )
                uow.commit()
        numbers = [f"P-{n}" for n in range(len(orders))]
        with wave_site.uow() as uow:
            result = release_wave(uow, ACTOR, today=TODAY, orders=numbers, mode="batch")
            uow.commit()
        with one_by_one.uow() as uow:
            outcomes = [allocate_order(uow, ACTOR, number, today=TODAY) for number in numbers]
            uow.commit()
        assert result.released == [o.order for o in outcomes if o.complete]
        assert [b.order for b in result.backordered] == [
            o.order for o in outcomes if not o.complete
        ]
        waved, alone = _allocations_and_ledger(wave_site), _allocations_and_ledger(one_by_one)
        assert waved[0] == alone[0] and waved[1] == alone[1] and waved[2] == alone[2]
        for number, status in alone[3].items():  # released in the wave, allocated alone
            assert waved[3][number] == ("released" if status == "allocated" else status)
    finally:
        wave_site.engine.dispose()
        one_by_one.engine.dispose()


def _wave_rows(uow):
    allocations = [
        (a.id, a.order, a.line, a.sku, a.location, a.lot, a.quantity, a.state, a.wave)
        for a in uow.session.scalars(
            select(AllocationRow).where(AllocationRow.order.like("W-%")).order_by(AllocationRow.id)
        )
    ]
    tasks = [
        (t.pick_list, t.sequence, t.allocation, t.order, t.line, t.location, t.lot, t.quantity,
         t.state, t.drop_location)
        for t in uow.session.scalars(
            select(PickTaskRow).where(PickTaskRow.order.like("W-%"))
            .order_by(PickTaskRow.pick_list, PickTaskRow.sequence)
        )
    ]  # fmt: skip
    reserved = {
        (s.location, s.sku, s.lot): s.quantity
        for s in uow.ledger.stock()
        if s.sku.startswith("WAVE-") and s.status == "reserved"
    }
    numbers = select(OrderRow.number, OrderRow.status).where(OrderRow.number.like("W-%"))
    statuses = dict(uow.session.execute(numbers).all())
    wave_orders = sorted(uow.session.execute(select(WaveOrderRow.wave, WaveOrderRow.order)).all())
    return allocations, tasks, reserved, statuses, wave_orders


def test_a_wave_release_writes_its_allocations_pick_tasks_and_reservations_row_for_row(site):
    """Two waves pinned row for row: FEFO lots, a back-order keeping what it holds (its rows
    outside the wave), then topped up in the next wave, where what it held before joins its
    pick list next to the new reservation, each stop on its allocation, in walking order."""
    with site.uow() as uow:
        uow.products.add(Product(sku="WAVE-LOT", name="lot", tracks_lot=True, tracks_expiry=True))
        uow.products.add(Product(sku="WAVE-PLAIN", name="plain"))
        add_stock(uow, "WAVE-LOT", "C-05-03-1", 3, "L-EARLY", TODAY + timedelta(days=100))
        add_stock(uow, "WAVE-LOT", "A-03-01-1", 10, "L-LATE", TODAY + timedelta(days=300))
        add_stock(uow, "WAVE-PLAIN", "B-02-01-1", 4)
        add_order(uow, "W-1", [("WAVE-LOT", 5), ("WAVE-PLAIN", 2)])
        add_order(uow, "W-2", [("WAVE-PLAIN", 4)])
        add_order(uow, "W-3", [("WAVE-LOT", 1)])
        first = release_wave(uow, ACTOR, today=TODAY, orders=["W-1", "W-2", "W-3"], mode="batch")
        uow.commit()
    assert first.released == ["W-1", "W-3"]
    assert [(b.order, b.status, b.shortages()) for b in first.backordered] == [
        ("W-2", "backordered", "line 1 WAVE-PLAIN short 2 of 4")
    ]
    one = first.wave
    (batch,) = first.pick_lists
    assert (batch.orders, batch.tasks, batch.units) == (["W-1", "W-3"], 4, 8)
    with site.uow() as uow:
        allocations, tasks, reserved, statuses, wave_orders = _wave_rows(uow)
    ids = [a[0] for a in allocations]
    assert ids == list(range(ids[0], ids[0] + 5))  # one id each, in the order they were made
    a1, a2, a3, a4, a5 = ids
    assert allocations == [
        (a1, "W-1", 1, "WAVE-LOT", "C-05-03-1", "L-EARLY", 3, "reserved", one),  # FEFO: earliest
        (a2, "W-1", 1, "WAVE-LOT", "A-03-01-1", "L-LATE", 2, "reserved", one),
        (a3, "W-1", 2, "WAVE-PLAIN", "B-02-01-1", "", 2, "reserved", one),
        (a4, "W-2", 1, "WAVE-PLAIN", "B-02-01-1", "", 2, "reserved", ""),  # kept, not waved
        (a5, "W-3", 1, "WAVE-LOT", "A-03-01-1", "L-LATE", 1, "reserved", one),
    ]
    drop = tasks[0][-1]
    assert drop  # the staging location the totes go to
    assert tasks == [  # along the walk: aisle A, B, then C
        (batch.id, 1, a2, "W-1", 1, "A-03-01-1", "L-LATE", 2, "open", drop),
        (batch.id, 2, a5, "W-3", 1, "A-03-01-1", "L-LATE", 1, "open", drop),
        (batch.id, 3, a3, "W-1", 2, "B-02-01-1", "", 2, "open", drop),
        (batch.id, 4, a1, "W-1", 1, "C-05-03-1", "L-EARLY", 3, "open", drop),
    ]
    assert reserved == {
        ("C-05-03-1", "WAVE-LOT", "L-EARLY"): 3,
        ("A-03-01-1", "WAVE-LOT", "L-LATE"): 3,
        ("B-02-01-1", "WAVE-PLAIN", ""): 4,
    }
    assert statuses == {"W-1": "released", "W-2": "backordered", "W-3": "released"}
    assert wave_orders == [(one, "W-1"), (one, "W-3")]

    with site.uow() as uow:  # more stock arrives: the back-order goes in the next wave
        add_stock(uow, "WAVE-PLAIN", "D-01-01-2", 5)
        second = release_wave(uow, ACTOR, today=TODAY, orders=["W-2"], mode="single")
        uow.commit()
    two = second.wave
    assert (second.released, second.backordered) == (["W-2"], [])
    (single,) = second.pick_lists
    assert (single.orders, single.tasks, single.units, single.first_location) == (
        ["W-2"], 2, 4, "B-02-01-1"
    )  # fmt: skip
    with site.uow() as uow:
        allocations, tasks, reserved, statuses, wave_orders = _wave_rows(uow)
    a6 = a5 + 1
    assert allocations[3] == (a4, "W-2", 1, "WAVE-PLAIN", "B-02-01-1", "", 2, "reserved", two)
    assert allocations[5:] == [(a6, "W-2", 1, "WAVE-PLAIN", "D-01-01-2", "", 2, "reserved", two)]
    assert [t for t in tasks if t[0] == single.id] == [
        (single.id, 1, a4, "W-2", 1, "B-02-01-1", "", 2, "open", drop),  # held since wave one
        (single.id, 2, a6, "W-2", 1, "D-01-01-2", "", 2, "open", drop),
    ]
    assert reserved[("B-02-01-1", "WAVE-PLAIN", "")] == 4
    assert reserved[("D-01-01-2", "WAVE-PLAIN", "")] == 2
    assert statuses["W-2"] == "released"
    assert wave_orders == sorted([(one, "W-1"), (one, "W-3"), (two, "W-2")])
    with site.uow() as uow:
        assert uow.ledger.stock_by_key() == uow.ledger.ledger_sums()
