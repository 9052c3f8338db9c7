"""How the station writes SQLite: the ledger's raw statements store exactly what the ORM would,
WAL checkpoints run beside the scans (never in their commit), and a read-only input takes no
write lock."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import insert, select

from tests.integration import test_workflow_support as support
from tests.integration.hub_fixtures import sample
from tests.integration.test_workflow_support import GTIN, feed, logged_in, paced
from wms.core.domain.errors import StorageError
from wms.core.domain.ids import new_id
from wms.core.domain.model import MovementDraft, MovementKind, StockKey, StockStatus
from wms.core.persistence.engine import checkpointer_of, refresh_statistics, traced_statements
from wms.core.persistence.ledger_repository import (
    _SqliteLedger,
    movement_from_row,
    movement_values,
)
from wms.core.persistence.tables import MovementRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services import queries
from wms.core.services.hub.prealert import import_prealert_bytes
from wms.core.services.ledger import Actor, post
from wms.core.services.outbound import queries as queries_outbound
from wms.core.services.outbound.waves import release_wave
from wms.core.services.queries.paging import Filters

demo_template = support.demo_template
site = support.site

ACTOR = Actor("CMN1", "CMN1-T09", "1001")
OUTBOUND_ACTOR = Actor("CMN1", "CMN1-T01", "2001")


def received(site, sku: str = "CN-TEAPOT", quantity: int = 3, **extra: object):
    draft = MovementDraft(
        MovementKind.RECEIVE, sku, quantity, to_location="DOCK-01", raw_scan="x", **extra
    )
    with site.uow() as uow:
        movement = post(uow, replace(ACTOR, clock=site.clock), draft)
        uow.commit()
    return movement


def stored_text(site, movement_id: str) -> tuple[str, str | None]:
    connection = sqlite3.connect(site.path)
    try:
        return connection.execute(
            "SELECT created_at, expiry FROM movements WHERE id = ?", (movement_id,)
        ).fetchone()
    finally:
        connection.close()


def test_a_movement_posted_through_the_raw_path_is_stored_as_the_orm_stores_it(site):
    movement = received(site, sku="CN-TEA-GP", lot="GP2611A", expiry=date(2028, 10, 31))
    twin = replace(movement, id=new_id(), station_seq=movement.station_seq + 10_000)
    with site.uow() as uow:  # the same values through SQLAlchemy's own INSERT
        uow.session.execute(insert(MovementRow), movement_values(twin))
        uow.commit()
    assert stored_text(site, movement.id) == stored_text(site, twin.id)
    with site.uow() as uow:
        row = uow.session.get(MovementRow, movement.id)
        assert row is not None
        assert movement_from_row(row) == movement


def test_the_stock_row_goes_when_the_raw_path_brings_it_to_zero(site):
    received(site, quantity=2)
    key = StockKey("CMN1", "DOCK-01", "CN-TEAPOT", "", "", StockStatus.AVAILABLE)
    with site.uow() as uow:
        assert uow.ledger.on_hand(key) >= 2
        before = uow.ledger.on_hand(key)
        uow.ledger.apply_delta(key, -before)
        assert uow.ledger.on_hand(key) == 0
        assert key not in uow.ledger.stock_by_key()


def test_a_driver_error_on_the_raw_path_saves_nothing_and_says_so(site):
    movement = received(site)
    with pytest.raises(StorageError, match="nothing was saved"), site.uow() as uow:
        uow.ledger.append(movement)  # the same id again: the primary key refuses it
    with site.uow() as uow:
        assert uow.ledger.count() == len(uow.ledger.movements())
        ids = [m.id for m in uow.ledger.movements(reference="")]
        assert ids.count(movement.id) == 1
    site.invariants()


def test_station_connections_leave_the_checkpoints_to_the_checkpointer(site):
    with site.uow() as uow:
        assert uow.session.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    checkpointer = checkpointer_of(site.engine)
    assert checkpointer is not None
    checkpointer.stop()  # this test runs the checkpoints itself
    for _ in range(20):
        received(site)
    result = checkpointer.checkpoint()
    assert not result.busy
    assert result.wal_frames > 0
    assert result.checkpointed == result.wal_frames


def test_the_checkpointer_starts_on_a_commit_checkpoints_and_stops(site):
    checkpointer = checkpointer_of(site.engine)
    assert checkpointer is not None
    checkpointer.interval_s = 0.01
    received(site)
    assert checkpointer.running
    deadline = time.monotonic() + 30
    while checkpointer.runs == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert checkpointer.runs >= 1
    checkpointer.stop()
    assert not checkpointer.running
    received(site)  # a stopped checkpointer starts no thread again
    assert not checkpointer.running


def test_an_idle_checkpointer_lets_its_thread_go(site):
    checkpointer = checkpointer_of(site.engine)
    assert checkpointer is not None
    checkpointer.interval_s, checkpointer.idle_rounds = 0.01, 2
    received(site)
    deadline = time.monotonic() + 30
    while checkpointer.running and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not checkpointer.running


def holding_the_write_lock(site) -> sqlite3.Connection:
    """Another station in the middle of a commit: BEGIN IMMEDIATE taken, not released."""
    other = sqlite3.connect(site.path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_read_only_unit_of_work_reads_while_another_station_holds_the_write_lock(site):
    other = holding_the_write_lock(site)
    try:
        with UnitOfWork(site.sessions, read_only=True) as uow:
            assert uow.session.scalar(select(MovementRow.id).limit(1)) is not None
            with pytest.raises(StorageError, match="read-only"):
                uow.commit()
    finally:
        other.rollback()
        other.close()


def test_a_putaway_proposal_is_given_while_another_station_holds_the_write_lock(site):
    receiving = logged_in(site, mode="receiving")
    feed(receiving, "CMD:BLIND", GTIN["teapot"])
    putaway = logged_in(site, badge="1002", pin="2468", mode="putaway")
    other = holding_the_write_lock(site)
    try:
        [directed] = feed(putaway, GTIN["teapot"])
    finally:
        other.rollback()
        other.close()
    assert directed.ok, directed.message
    assert putaway.workflow is not None
    assert putaway.workflow.state.destination  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("mode", "before", "reading"),
    [
        ("receiving", [], "ASN:ASN-CN-0001"),  # opening an ASN: its lines and what came in
        ("move", [], "LOC:A-01-01-1"),  # where the goods are taken from
        ("move", ["LOC:A-01-01-1"], GTIN["argan"]),  # which product, checked against the stock
    ],
    ids=["open an ASN", "move from", "move a product"],
)
def test_an_input_that_only_reads_is_answered_while_another_station_holds_the_write_lock(
    site, mode, before, reading
):
    session = logged_in(site, mode=mode)
    for text in before:
        [answer] = feed(session, text)
        assert answer.ok, answer.message
    other = holding_the_write_lock(site)
    try:
        [answer] = feed(session, reading)  # a write lock would wait, then fail: locked
    finally:
        other.rollback()
        other.close()
    assert answer.ok, answer.message


def more_than_double_the_ledger(site) -> None:
    """1,200 moves back and forth between two bins, one commit: the ledger the statistics
    knew (a handful of movements) has more than doubled."""
    with site.uow() as uow:
        actor = replace(ACTOR, clock=site.clock)
        for n in range(1200):
            origin, target = ("C-01-01-1", "C-01-02-1") if n % 2 else ("C-01-02-1", "C-01-01-1")
            draft = MovementDraft(
                MovementKind.MOVE, "CER-TAJ-28", 1, from_location=origin, to_location=target
            )
            post(uow, actor, draft)
        uow.commit()


def test_the_planner_statistics_are_refreshed_once_the_ledger_has_doubled(site):
    checkpointer = checkpointer_of(site.engine)
    assert checkpointer is not None
    checkpointer.stop()  # its maintenance would refresh them first
    more_than_double_the_ledger(site)
    connection = sqlite3.connect(site.path, isolation_level=None)
    try:
        assert refresh_statistics(connection)  # the statistics knew a handful of movements
        (stat,) = connection.execute(
            "SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_movements_sku'"
        ).fetchone()
        assert int(stat.split()[0]) >= 1200
        assert not refresh_statistics(connection)  # current now: nothing to do
    finally:
        connection.close()


def _plan(connection, query: str) -> str:
    return " ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {query}"))


def test_the_planner_statistics_are_refreshed_once_the_hub_s_parcels_have_doubled(site):
    """A hub station's pre-alerts grow by the hundred thousand while its ledger stays small:
    the parcels' growth refreshes the statistics too."""
    checkpointer = checkpointer_of(site.engine)
    assert checkpointer is not None
    checkpointer.stop()
    connection = sqlite3.connect(site.path, isolation_level=None)
    try:
        refresh_statistics(connection)  # whatever the demo site's own tables need first
        assert not refresh_statistics(connection)
        import_prealert_bytes(site.sessions, sample(parcels=2400, bags=24).csv(), warehouse="CMN1")
        assert refresh_statistics(connection)  # the ledger did not grow: the parcels did
        (stat,) = connection.execute(
            "SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_hub_parcels_bag'"
        ).fetchone()
        assert int(stat.split()[0]) >= 2400
        assert not refresh_statistics(connection)
    finally:
        connection.close()


def test_a_pooled_connection_plans_with_the_statistics_the_checkpointer_refreshed(site):
    """SQLite loads the planner's statistics when a connection first reads the schema; the
    checkpointer's ANALYZE changes no schema. A station app up since its ledger was small
    must still plan its screens with today's statistics."""
    checkpointer = checkpointer_of(site.engine)
    assert checkpointer is not None
    checkpointer.stop()
    probe = "SELECT * FROM planner_probe WHERE a = 1 AND b = 1"
    raw = sqlite3.connect(site.path, isolation_level=None)
    try:
        raw.execute("CREATE TABLE planner_probe (a INTEGER, b INTEGER)")
        raw.execute("CREATE INDEX ix_probe_a ON planner_probe (a)")
        raw.execute("CREATE INDEX ix_probe_b ON planner_probe (b)")
        # first b tells the rows apart and a does not
        raw.executemany("INSERT INTO planner_probe VALUES (1, ?)", [(n,) for n in range(2000)])
        raw.execute("ANALYZE")
        with site.engine.connect() as pooled:  # opened now: today's statistics, ix_probe_b
            assert "ix_probe_b" in _plan(pooled.connection.driver_connection, probe)
        # then the other way round, while the ledger more than doubles
        raw.execute("DELETE FROM planner_probe")
        raw.executemany("INSERT INTO planner_probe VALUES (?, 1)", [(n,) for n in range(2000)])
    finally:
        raw.close()
    more_than_double_the_ledger(site)
    refreshed = checkpointer.statistics
    checkpointer.checkpoint()  # its maintenance runs ANALYZE on a connection of its own
    assert checkpointer.statistics == refreshed + 1
    fresh = sqlite3.connect(site.path)
    try:
        assert "ix_probe_a" in _plan(fresh, probe)
    finally:
        fresh.close()
    with site.engine.connect() as pooled:  # opened before the refresh, taken from the pool
        assert "ix_probe_a" in _plan(pooled.connection.driver_connection, probe)


def index_entries(path, index: str) -> int:
    connection = sqlite3.connect(path)
    try:
        (entries,) = connection.execute(
            "SELECT coalesce(sum(ncell), 0) FROM dbstat WHERE name = ? AND pagetype = 'leaf'",
            (index,),
        ).fetchone()
        return int(entries)
    finally:
        connection.close()


LOT_AND_UNIT_INDEXES = (
    "ix_movements_lot",
    "ix_movements_from_unit",
    "ix_movements_to_unit",
    "ix_stock_handling_unit",
    "ix_stock_lot_upper",
    "ix_stock_unit_upper",
)


def test_a_receipt_without_lot_or_handling_unit_writes_no_entry_into_their_indexes(site):
    """Most goods carry no lot and arrive on no pallet: their scans write no page of the
    indexes that find a lot or a unit (partial indexes, station migration 0013)."""
    before = {index: index_entries(site.path, index) for index in LOT_AND_UNIT_INDEXES}
    received(site, sku="CN-TEAPOT", quantity=2)
    received(site, sku="CN-TEAPOT", quantity=1, to_handling_unit="003761234500000017")
    after = {index: index_entries(site.path, index) for index in LOT_AND_UNIT_INDEXES}
    grown = {index for index in LOT_AND_UNIT_INDEXES if after[index] > before[index]}
    # the second receipt's unit (and its new stock row) only
    assert grown == {"ix_movements_to_unit", "ix_stock_handling_unit", "ix_stock_unit_upper"}
    assert after["ix_movements_to_unit"] == before["ix_movements_to_unit"] + 1


def plans_of(site, read) -> str:
    """The query plans of the SELECTs ``read(uow)`` sends (through SQLAlchemy or straight to
    the driver: traced as SQLite runs them, parameters inline)."""
    with traced_statements(site.engine) as traced, site.uow() as uow:
        read(uow)
    sent = [sql for sql in traced if sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    connection = sqlite3.connect(site.path)
    try:
        return " | ".join(
            " ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}"))
            for sql in sent
        )
    finally:
        connection.close()


def stock_on_many_pallets(site, rows: int = 3000) -> None:
    """``rows`` stock rows of one warehouse, each on a pallet and in a lot of its own, then the
    planner's statistics: a hub's stock, where finding a lot or a unit needs its index."""
    connection = sqlite3.connect(site.path, isolation_level=None)
    try:
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO stock (warehouse, location, sku, lot, handling_unit, status, quantity,"
            " owner) SELECT 'CMN1', 'C-01-01-1', 'CER-TAJ-28', printf('L%05d', i),"
            " printf('0037612345%08d', i), 'available', 1, 'HUB' FROM n",
            (rows,),
        )
        connection.execute("ANALYZE")
    finally:
        connection.close()


def test_looking_up_a_lot_or_a_handling_unit_uses_the_indexes_that_leave_out_the_empty_value(
    site,
):
    """SQLite takes a partial index only for a query that names its condition; the ledger's
    lot and unit filters, the stock screen's unit filter and search, and a parcel's or a
    tote's stock all do."""
    stock_on_many_pallets(site)
    unit = "003761234500000017"
    received(site, sku="CN-TEAPOT", quantity=1, to_handling_unit=unit)
    ledger = queries.movements_source()

    def page(source, **filters):
        return lambda uow: source.page(uow.session, Filters(warehouse="CMN1", **filters))

    by_unit = plans_of(site, page(ledger, handling_unit=unit))
    assert "ix_movements_from_unit" in by_unit and "ix_movements_to_unit" in by_unit
    assert "ix_movements_lot" in plans_of(site, page(ledger, lot="L00017"))
    assert "ix_stock_handling_unit" in plans_of(
        site, page(queries.stock_source(), handling_unit=unit)
    )
    searched = plans_of(site, page(queries.stock_source("product"), search="L0001"))
    assert "ix_stock_lot_upper" in searched and "ix_stock_unit_upper" in searched
    assert "ix_stock_handling_unit" in plans_of(
        site, lambda uow: queries_outbound.units_in_handling_unit(uow, "CMN1", unit)
    )
    connection = sqlite3.connect(site.path)
    try:
        raw = " ".join(
            row[3]
            for row in connection.execute(
                f"EXPLAIN QUERY PLAN {_SqliteLedger.unit_stock}", ("CMN1", unit)
            )
        )
    finally:
        connection.close()
    assert "ix_stock_handling_unit" in raw


def released_pick_list(site) -> str:
    with site.uow() as uow:
        release_wave(uow, OUTBOUND_ACTOR, today=site.clock().date(), orders=["ORD-1001"])
        uow.commit()
    with site.uow() as uow:
        pick_list = uow.picking.first_open_list("CMN1")
        assert pick_list is not None
        return pick_list.id


@pytest.mark.parametrize("opening", ["@key NEXT", "the list's number"])
def test_a_picker_opens_a_pick_list_while_another_station_holds_the_write_lock(site, opening):
    list_id = released_pick_list(site)
    picker = logged_in(site, mode="picking")
    other = holding_the_write_lock(site)
    try:
        [opened] = feed(picker, list_id if opening != "@key NEXT" else opening)
    finally:
        other.rollback()
        other.close()
    assert opened.ok, opened.message
    assert list_id in opened.message
    assert picker.workflow is not None
    assert picker.workflow.state.stop.location  # type: ignore[attr-defined]


def test_a_pick_list_with_nothing_left_to_pick_is_closed_when_opened(site):
    list_id = released_pick_list(site)
    with site.uow() as uow:  # every stop shorted at a bench that stopped before closing it
        for task in uow.picking.tasks(list_id):
            task.state = "short"
        uow.commit()
    picker = logged_in(site, mode="picking")
    [refused] = feed(picker, list_id)
    assert not refused.ok
    assert refused.message == f"pick list {list_id} has nothing left to pick"
    with site.uow() as uow:
        pick_list = uow.picking.pick_list(list_id)
        assert pick_list is not None and pick_list.status == "done"
    [again] = paced(picker, list_id)  # scanned again a second later
    assert again.message == f"pick list {list_id} is already picked"
