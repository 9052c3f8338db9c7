"""Transfers between two warehouses, each with its own station database and central role, through
central PostgreSQL (real PostgreSQL, real SQLite station files); and handling units made by
pulled movements."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select

from tests.integration.citus_fixtures import (
    engine,  # noqa: F401 - fixture
    engine_central_factory,  # noqa: F401 - fixture central_factory (both engines)
    postgres_central_factory,  # noqa: F401 - fixture
)
from tests.integration.pg_fixtures import (
    Central,
    CentralFactory,
    Station,
    admin,
    assert_consistent,
    assert_feed_gapless,
    central_stock,
)
from tests.integration.test_workflow_support import GTIN, FakeClock, feed
from wms.core.domain.errors import SyncError
from wms.core.domain.model import StockKey, StockStatus, Warehouse
from wms.core.persistence.tables import HandlingUnitRow, MovementRow
from wms.core.persistence.transfer_tables import ExpectedTransferRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.demo import OPENING_STATION
from wms.core.services.workflows import StationSession
from wms.core.sync import conflicts, protocol
from wms.core.sync.central_migrate import connect
from wms.core.sync.central_schema import CENTRAL_STATION

pytestmark = pytest.mark.postgres


class TickingClock(FakeClock):
    """A second passes between any two readings (no scan is ever a double read)."""

    def __call__(self):  # type: ignore[no-untyped-def]
        self.advance(seconds=1)
        return self.now


def session(station: Station, mode: str, badge: str = "1003", pin: str = "1357"):
    made = StationSession(
        station.sessions, warehouse=station.warehouse, station=station.station, clock=TickingClock()
    )
    assert made.login(badge, pin).ok
    assert made.set_mode(mode).ok
    return made


def on_hand(station: Station, location: str, sku: str, unit: str = "") -> int:
    with UnitOfWork(station.sessions) as uow:
        key = StockKey(station.warehouse, location, sku, "", unit, StockStatus.AVAILABLE)
        return uow.ledger.on_hand(key)


def transit(station: Station) -> dict[StockKey, int]:
    return {k: q for k, q in station.stock().items() if k.location == "TRANSIT" and q}


class Pair:
    """Warehouses A and B in one central database, one station each; A knows B's code."""

    def __init__(self, factory: CentralFactory, tmp_path: Path) -> None:
        self.a_central: Central = factory.create()
        self.b_central: Central = factory.create()
        self.url = self.a_central.url
        self.A, self.B = self.a_central.warehouse, self.b_central.warehouse
        self.a = self.a_central.station(tmp_path / "a.db", f"{self.A}-S01")
        self.b = self.b_central.station(tmp_path / "b.db", f"{self.B}-S01")
        with UnitOfWork(self.a.sessions) as uow:
            uow.warehouses.add(Warehouse(self.B, "Liege Hub", "BE", "5412345", "Liege"))
            uow.commit()

    def sync_a(self) -> None:
        report = self.a.sync(self.a_central.warehouse_url)
        assert not report.pushed.refused and report.waiting == 0

    def sync_b(self) -> None:
        report = self.b.sync(self.b_central.warehouse_url)
        assert not report.pushed.refused and report.waiting == 0

    def send(self) -> tuple[str, str]:
        """A sends a pallet of 12 teapots (received blind first) and 6 loose bowls."""
        receiving = session(self.a, "receiving")
        feed(receiving, "CMD:BLIND", "CMD:NEWHU")
        sscc = receiving.workflow.state.unit
        assert feed(receiving, GTIN["teapot_case"])[0].ok
        sender = session(self.a, "transfer")
        transfer_id = feed(sender, f"@key {self.B}")[0].context["transfer_id"]
        sent = feed(
            sender, "LOC:C-01-02-1", "@key 6", GTIN["bowl"], "LOC:DOCK-01", sscc, "CMD:DONE"
        )
        assert all(r.ok for r in sent), [r.message for r in sent]
        return transfer_id, sscc

    def close(self) -> None:
        self.a.close()
        self.b.close()


@pytest.fixture
def pair(central_factory: CentralFactory, tmp_path: Path):
    made = Pair(central_factory, tmp_path)
    yield made
    made.close()


def _central_transfer(url: str, transfer_id: str) -> list[tuple[str, str, str, int]]:
    with admin(url) as conn:
        return conn.execute(
            "SELECT warehouse_id, station_id, kind, quantity, from_location, to_location "
            "FROM movements WHERE transfer_id = %s ORDER BY feed_seq",
            (transfer_id,),
        ).fetchall()


def _open_conflicts(url: str, warehouse: str, kind: str = "transfer_difference") -> list:
    with admin(url) as conn:
        return conn.execute(
            "SELECT conflict_id, quantity, detail FROM conflicts WHERE warehouse_id = %s "
            "AND kind = %s AND status = 'open'",
            (warehouse, kind),
        ).fetchall()


def test_pallet_and_loose_units_cross_through_central(pair: Pair) -> None:
    transfer_id, sscc = pair.send()
    assert on_hand(pair.a, "TRANSIT", "CN-TEAPOT", sscc) == 12
    assert on_hand(pair.a, "TRANSIT", "CER-BWL-15") == 6
    receiver = session(pair.b, "transfer")
    unknown = feed(receiver, transfer_id)[0]
    assert not unknown.ok and unknown.error == "not_found"  # not announced yet: sync first

    pair.sync_a()
    pair.sync_b()
    with pair.b.sessions() as s:
        lines = s.scalars(select(ExpectedTransferRow)).all()
    assert {(r.sku, r.handling_unit, r.quantity, r.origin) for r in lines} == {
        ("CN-TEAPOT", sscc, 12, "central"),
        ("CER-BWL-15", "", 6, "central"),
    }
    assert {r.source_warehouse for r in lines} == {pair.A}

    opened = feed(receiver, transfer_id)[0]
    assert opened.ok and f"from {pair.A}" in opened.message, opened.message
    got = feed(receiver, "CMD:DONE")[0]
    assert got.ok and len(got.movement_ids) == 2, got.message  # only B's own TRANSFER_IN
    assert on_hand(pair.b, "DOCK-01", "CN-TEAPOT", sscc) == 12
    assert on_hand(pair.b, "DOCK-01", "CER-BWL-15") >= 6
    with pair.b.sessions() as s:
        unit = s.get(HandlingUnitRow, sscc)
        assert unit is not None and (unit.warehouse, unit.location) == (pair.B, "DOCK-01")
        # B's database holds only B's ledger rows: it can only ever push its own warehouse's
        assert s.scalar(select(func.count()).where(MovementRow.warehouse != pair.B)) == 0
    again = feed(receiver, transfer_id)[0]
    assert not again.ok and again.error == "already_received"

    pair.sync_b()
    pair.sync_a()
    assert transit(pair.a) == {}
    with pair.a.sessions() as s:
        assert s.scalar(select(func.count()).where(MovementRow.warehouse != pair.A)) == 0
        settled = s.scalars(select(MovementRow).where(MovementRow.station == CENTRAL_STATION)).all()
    assert {(m.kind, m.from_location, m.quantity) for m in settled} == {
        ("transfer_in", "TRANSIT", 12),
        ("transfer_in", "TRANSIT", 6),
    }
    assert all(m.transfer_id == transfer_id and m.reference == f"to:{pair.B}" for m in settled)

    rows = _central_transfer(pair.url, transfer_id)
    # the ledger of the transfer balances to zero across both warehouses, and TRANSIT empties
    assert sum(q for _w, _s, _k, q, f, t in rows if t) == sum(q for *_, q, f, t in rows if f)
    assert sum(q for w, _s, _k, q, _f, t in rows if t == "TRANSIT") == sum(
        q for w, _s, _k, q, f, _t in rows if f == "TRANSIT"
    )
    # every row was written under its own warehouse: stations of A (or central) in A, of B in B
    assert {(w, s) for w, s, *_ in rows} == {
        (pair.A, pair.a.station),
        (pair.A, CENTRAL_STATION),
        (pair.B, pair.b.station),
    }
    assert not {k: q for k, q in central_stock(pair.url, pair.A).items() if k.location == "TRANSIT"}
    assert _open_conflicts(pair.url, pair.A) == []
    assert_consistent(pair.url, [pair.a], pair.A)
    assert_consistent(pair.url, [pair.b], pair.B)


def test_short_receipt_leaves_a_conflict_resolved_by_writing_off_transit(pair: Pair) -> None:
    transfer_id, sscc = pair.send()
    pair.sync_a()
    pair.sync_b()
    receiver = session(pair.b, "transfer")
    results = feed(receiver, transfer_id, sscc, "@key 4", GTIN["bowl"], "CMD:SHORT")
    assert all(r.ok for r in results), [r.message for r in results]
    assert results[-1].level == "attention" and "2 missing" in results[-1].message
    pair.sync_b()
    pair.sync_a()
    assert transit(pair.a) == {
        StockKey(pair.A, "TRANSIT", "CER-BWL-15", "", "", StockStatus.AVAILABLE): 2
    }
    [(conflict_id, quantity, detail)] = _open_conflicts(pair.url, pair.A)
    assert quantity == 2 and detail["transfer_id"] == transfer_id
    assert (detail["sent"], detail["received"], detail["location"]) == (6, 4, "TRANSIT")

    # the source's supervisor writes the difference off (or finds it) through the conflict
    with connect(pair.a_central.warehouse_url) as conn:
        resolution = conflicts.resolve(
            pair.a.sessions,
            conn,
            warehouse=pair.A,
            station=pair.a.station,
            conflict_id=conflict_id,
            operator="2001",
            note="2 bowls broken on the road",
        )
    assert resolution.movement is not None and resolution.movement.quantity == -2
    pair.sync_a()
    assert transit(pair.a) == {}
    assert _open_conflicts(pair.url, pair.A) == []
    assert_consistent(pair.url, [pair.a], pair.A)
    assert_consistent(pair.url, [pair.b], pair.B)


def test_receipt_in_two_steps_and_at_two_benches(pair: Pair, tmp_path: Path) -> None:
    transfer_id, sscc = pair.send()
    pair.sync_a()
    pair.sync_b()
    second = pair.b_central.station(tmp_path / "b2.db", f"{pair.B}-S02")
    second.sync(pair.b_central.warehouse_url)
    first_bench = session(pair.b, "transfer")
    assert all(r.ok for r in feed(first_bench, transfer_id, sscc, "CMD:SHORT"))
    pair.sync_b()
    pair.sync_a()
    # received in part: the rest shows as a difference while it is still on the road
    [(_id, quantity, _detail)] = _open_conflicts(pair.url, pair.A)
    assert quantity == 6
    second.sync(pair.b_central.warehouse_url)
    other_bench = session(second, "transfer")
    opened = feed(other_bench, transfer_id)[0]
    assert opened.ok and [r["quantity"] for r in opened.summary] == [6]
    assert feed(other_bench, "CMD:DONE")[0].ok
    second.sync(pair.b_central.warehouse_url)
    pair.sync_a()
    pair.sync_b()
    assert transit(pair.a) == {}
    assert _open_conflicts(pair.url, pair.A) == []  # central closed it when the rest arrived
    assert_consistent(pair.url, [pair.a], pair.A)
    assert_consistent(pair.url, [pair.b, second], pair.B)
    assert_feed_gapless(pair.url, pair.B)
    second.close()


def test_waiting_announcements_are_published_by_the_destinations_pull(pair: Pair) -> None:
    """While B's feed is locked (B pushing), A's push leaves the lines waiting, never waits."""
    transfer_id, _sscc = pair.send()
    with admin(pair.url) as lock:
        with lock.transaction():
            lock.execute(
                "SELECT 1 FROM feed_counters WHERE warehouse_id = %s FOR UPDATE", (pair.B,)
            )
            pair.sync_a()  # does not block on B's lock
        waiting = lock.execute(
            "SELECT count(*) FROM transfer_lines WHERE warehouse_id = %s AND feed_seq IS NULL",
            (pair.B,),
        ).fetchone()[0]
    assert waiting == 2
    pair.sync_b()
    with pair.b.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ExpectedTransferRow)) == 2
    receiver = session(pair.b, "transfer")
    assert all(r.ok for r in feed(receiver, transfer_id, "CMD:DONE"))
    assert_feed_gapless(pair.url, pair.B)


def test_a_station_may_not_flush_another_warehouse(pair: Pair) -> None:
    with (
        connect(pair.b_central.warehouse_url) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT wms_transfer_flush(%s)", (pair.A,))


def test_a_transfer_pushed_but_not_captured_is_captured_by_the_sources_next_pull(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection dies between the push's commit and the capture that follows it: the
    movements are at central, the destination's lines not yet; A's next pull captures them."""
    transfer_id, _sscc = pair.send()

    def cut(conn: psycopg.Connection, warehouse: str) -> int:
        raise psycopg.OperationalError("connection lost after the push's commit")

    monkeypatch.setattr(protocol, "capture_transfers", cut)
    with pytest.raises(SyncError, match=r"connection to central .* lost"):
        pair.a.sync(pair.a_central.warehouse_url)
    with admin(pair.url) as conn:
        lines = conn.execute(
            "SELECT count(*) FROM transfer_lines WHERE transfer_id = %s", (transfer_id,)
        ).fetchone()[0]
    assert lines == 0 and len(_central_transfer(pair.url, transfer_id)) == 2
    monkeypatch.undo()
    pair.sync_a()  # the batch again (already there: nothing inserted), then its pull captures
    pair.sync_b()
    with pair.b.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ExpectedTransferRow)) == 2
    receiver = session(pair.b, "transfer")
    assert all(r.ok for r in feed(receiver, transfer_id, "CMD:DONE"))
    pair.sync_b()
    pair.sync_a()
    assert transit(pair.a) == {}
    assert_feed_gapless(pair.url, pair.A)
    assert_feed_gapless(pair.url, pair.B)


def test_a_station_may_not_capture_another_warehouses_transfers(pair: Pair) -> None:
    with (
        connect(pair.b_central.warehouse_url) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT wms_capture_transfers(%s)", (pair.A,))


def test_pulled_pallet_gets_its_handling_unit_row(central_factory: CentralFactory, tmp_path):
    wh = central_factory.create()
    first = wh.station(tmp_path / "s1.db", f"{wh.warehouse}-S01")
    second = wh.station(tmp_path / "s2.db", f"{wh.warehouse}-S02")
    receiving = session(first, "receiving")
    feed(receiving, "CMD:BLIND", "CMD:NEWHU")
    sscc = receiving.workflow.state.unit
    assert feed(receiving, GTIN["teapot_case"])[0].ok
    first.sync(wh.warehouse_url)
    second.sync(wh.warehouse_url)
    with second.sessions() as s:
        unit = s.get(HandlingUnitRow, sscc)
        assert unit is not None
        assert (unit.warehouse, unit.kind, unit.location) == (wh.warehouse, "pallet", "DOCK-01")
    # the second bench puts the pallet away: the system directs it, the bench confirms
    putaway = session(second, "putaway")
    directed = feed(putaway, sscc)[0]
    assert directed.ok, directed.message
    target = directed.destination or directed.context.get("destination")
    assert target, directed
    confirmed = feed(putaway, f"LOC:{target}")[0]
    assert confirmed.ok, confirmed.message
    with second.sessions() as s:
        assert s.get(HandlingUnitRow, sscc).location == target
    second.sync(wh.warehouse_url)
    first.sync(wh.warehouse_url)
    with first.sessions() as s:  # the move of the whole unit moves its row at the first bench
        assert s.get(HandlingUnitRow, sscc).location == target
    assert_consistent(wh.url, [first, second], wh.warehouse)
    with admin(wh.url) as conn:
        stations = {
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT station_id FROM movements WHERE warehouse_id = %s",
                (wh.warehouse,),
            )
        }
    assert stations == {OPENING_STATION, first.station, second.station}
    first.close()
    second.close()
