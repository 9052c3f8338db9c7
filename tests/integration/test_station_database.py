"""The station database: durable settings, transactions, the ledger and its projection."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from wms.core.domain.errors import NotFound, StorageError
from wms.core.domain.model import MovementDraft, MovementKind, StockKey, StockPlace, StockStatus
from wms.core.persistence.engine import create_station_engine
from wms.core.persistence.migrate import require_current_schema, schema_differences, upgrade
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor, post

ACTOR = Actor("CMN1", "CMN1-S01", "1001")


def test_sqlite_runs_wal_with_full_sync_foreign_keys_and_a_busy_timeout(station_db):
    engine, _sessions, _path = station_db
    with engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000


def test_models_and_migrations_agree(station_db):
    engine, _sessions, _path = station_db
    assert schema_differences(engine) == []


def test_init_twice_is_harmless(station_db):
    engine, _sessions, _path = station_db
    upgrade(engine)
    require_current_schema(engine)


def test_a_unit_of_work_without_commit_leaves_nothing_behind(demo_db):
    _engine, sessions, _path = demo_db
    with UnitOfWork(sessions) as uow:
        before = uow.ledger.count()
        post(uow, ACTOR, MovementDraft(MovementKind.ADJUST, "SAF-1G", 5, to_location="A-01-01-1"))
    with UnitOfWork(sessions) as uow:
        assert uow.ledger.count() == before
        assert uow.ledger.on_hand(StockKey("CMN1", "A-01-01-1", "SAF-1G")) == 0


def test_an_exception_inside_a_unit_of_work_rolls_back_and_is_reported(demo_db):
    _engine, sessions, _path = demo_db
    with pytest.raises(NotFound), UnitOfWork(sessions) as uow:
        post(uow, ACTOR, MovementDraft(MovementKind.ADJUST, "SAF-1G", 5, to_location="A-01-01-1"))
        uow.products.require("NO-SUCH-SKU")
    with UnitOfWork(sessions) as uow:
        assert uow.ledger.movements(station=ACTOR.station) == []


def test_station_sequence_stays_gapless_when_a_movement_is_rolled_back(demo_db):
    _engine, sessions, _path = demo_db
    draft = MovementDraft(MovementKind.ADJUST, "SAF-1G", 1, to_location="A-01-01-1")
    with UnitOfWork(sessions) as uow:
        post(uow, ACTOR, draft)
        uow.commit()
    with UnitOfWork(sessions) as uow:
        post(uow, ACTOR, draft)  # rolled back
    with UnitOfWork(sessions) as uow:
        post(uow, ACTOR, draft)
        uow.commit()
    with UnitOfWork(sessions) as uow:
        seqs = [m.station_seq for m in uow.ledger.movements(station=ACTOR.station)]
    assert seqs == [1, 2]


def test_a_database_error_becomes_a_storage_error_and_nothing_is_saved(demo_db):
    _engine, sessions, _path = demo_db
    with pytest.raises(StorageError, match="nothing was saved"), UnitOfWork(sessions) as uow:
        uow.session.execute(text("INSERT INTO product_gtins VALUES ('1', 'NO-SKU', 'each', 1)"))
        uow.commit()


def test_a_posted_movement_reads_back_exactly_and_a_duplicate_id_saves_nothing(demo_db):
    _engine, sessions, _path = demo_db
    draft = MovementDraft(
        MovementKind.ADJUST, "SAF-1G", 3, to_location="A-01-01-1", reference="round trip"
    )
    with UnitOfWork(sessions) as uow:
        posted = post(uow, ACTOR, draft)
        uow.commit()
    with UnitOfWork(sessions) as uow:
        (stored,) = uow.ledger.movements(station=ACTOR.station)
        assert stored == posted
        assert uow.ledger.on_hand(StockKey("CMN1", "A-01-01-1", "SAF-1G")) >= 3
    # a constraint violation (the same id again) is a StorageError and leaves nothing behind
    with pytest.raises(StorageError, match="nothing was saved"), UnitOfWork(sessions) as uow:
        uow.ledger.append(posted)
    with UnitOfWork(sessions) as uow:
        assert [m.id for m in uow.ledger.movements(station=ACTOR.station)] == [posted.id]


def test_stock_is_recomputable_from_the_ledger(demo_db):
    _engine, sessions, _path = demo_db
    with UnitOfWork(sessions) as uow:
        projection = uow.ledger.stock_by_key()
        rows = uow.ledger.recompute_stock()
        uow.commit()
    with UnitOfWork(sessions) as uow:
        assert uow.ledger.stock_by_key() == projection
        assert rows == len(projection)


def test_stock_lines_show_lot_expiry_and_status(demo_db):
    _engine, sessions, _path = demo_db
    with UnitOfWork(sessions) as uow:
        quarantined = [line for line in uow.ledger.stock() if line.status == "quarantined"]
    assert [(q.sku, q.lot, q.expiry, q.location) for q in quarantined] == [
        ("DATE-MJ-1KG", "DAT2510", date(2026, 10, 31), "QUAR-01")
    ]


def test_sscc_allocation_counts_up_from_the_company_prefix(demo_db):
    _engine, sessions, _path = demo_db
    with UnitOfWork(sessions) as uow:
        first, second = uow.warehouses.allocate_sscc("CMN1"), uow.warehouses.allocate_sscc("CMN1")
        uow.commit()
    assert first.startswith("36111234") and int(second[8:17]) == int(first[8:17]) + 1


LOCS = ["A-01-01-1", "A-01-02-1", "P-01-01-2", "QUAR-01"]
drafts = st.lists(
    st.builds(
        lambda frm, to, qty, lot, hu, status: MovementDraft(
            MovementKind.MOVE if frm and to else MovementKind.ADJUST,
            "SAF-1G",
            qty,
            from_location=frm,
            to_location=to if (to or frm) else "A-01-01-1",
            lot=lot,
            to_handling_unit=hu,
            to_status=status,
        ),
        st.sampled_from(["", *LOCS]),
        st.sampled_from(["", *LOCS]),
        st.integers(-20, 20).filter(bool),
        st.sampled_from(["", "SAF2610"]),
        st.sampled_from(["", "361112340000000012"]),
        st.sampled_from(list(StockStatus)),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=drafts)
def test_ledger_sums_always_equal_the_projection(demo_db, batch):
    _engine, sessions, _path = demo_db
    with UnitOfWork(sessions) as uow:
        for draft in batch:
            post(uow, ACTOR, draft)
        uow.commit()
    with UnitOfWork(sessions) as uow:
        assert uow.ledger.stock_by_key() == uow.ledger.ledger_sums()


def test_a_missing_database_file_is_refused_with_what_to_do(tmp_path):
    with pytest.raises(StorageError, match="run 'wms init'"):
        create_station_engine(str(tmp_path / "nope.db"), must_exist=True)


def test_a_corrupt_database_file_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not a database" * 100)
    engine = create_station_engine(str(path), must_exist=True)
    with pytest.raises(StorageError, match="expected a WMS station database"):
        require_current_schema(engine)


def test_an_empty_sqlite_file_from_another_program_is_refused(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    engine = create_station_engine(str(path), must_exist=True)
    with pytest.raises(StorageError, match="found no WMS schema"):
        require_current_schema(engine)


def test_the_ledger_stamps_a_movement_with_the_actors_clock(demo_db):
    _engine, sessions, _path = demo_db
    moment = datetime(2030, 1, 2, 3, 4, tzinfo=UTC)
    actor = Actor(ACTOR.warehouse, ACTOR.station, ACTOR.operator, clock=lambda: moment)
    with UnitOfWork(sessions) as uow:
        draft = MovementDraft.adjustment("SAF-1G", 5, StockPlace("A-01-01-1"))
        assert post(uow, actor, draft).created_at == moment
        uow.commit()
    with UnitOfWork(sessions) as uow:
        [stored] = uow.ledger.movements(station=ACTOR.station)
    assert stored.created_at == moment
