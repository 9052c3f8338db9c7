"""Fixtures for tests against the real local PostgreSQL (imported explicitly by the sync tests).

Every central database is a throwaway ``wms_test_<random>`` created for the test run and dropped
at the end together with the login roles it created (their names start with the database name,
so parallel runs never collide). Stations are SQLite files copied from a demo site that has
already synced, so they start in step with central.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.model import MovementDraft, MovementKind, StockKey, StockStatus
from wms.core.persistence import schema
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.migrate import upgrade as upgrade_station
from wms.core.persistence.tables import MovementRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.demo import OPENING_STATION, build_demo
from wms.core.services.ledger import Actor, post
from wms.core.sync import central_migrate, security
from wms.core.sync.central_schema import MOVEMENT_COLUMNS
from wms.core.sync.master import publish
from wms.core.sync.runner import SyncReport, sync_once

PG_SERVER = os.environ.get("WMS_TEST_PG", "postgresql://root@127.0.0.1:5432")
WAREHOUSE = "CMN1"


def _server_reachable() -> bool:
    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def admin(url: str) -> psycopg.Connection:
    return psycopg.connect(central_migrate.libpq_url(url), autocommit=True)


@dataclass
class Central:
    name: str
    url: str  # administrator (superuser) URL
    warehouse_url: str  # the warehouse's login role
    template: Path  # a station database in step with this central (demo site, synced)
    warehouse: str = WAREHOUSE

    def station(self, path: Path, station: str) -> Station:
        return copy_station(self.template, path, station, self.warehouse)


class Station:
    """A station database (SQLite file) with its identity."""

    def __init__(self, path: Path, station: str, warehouse: str = WAREHOUSE) -> None:
        self.path = path
        self.station = station
        self.warehouse = warehouse
        self.engine: Engine = create_station_engine(str(path))
        schema.metadata.create_all(self.engine)  # the sync tables, if the migration lacks them
        self.sessions: sessionmaker[Session] = session_factory(self.engine)

    def sync(self, url: str, **options) -> SyncReport:  # type: ignore[no-untyped-def]
        return sync_once(
            self.sessions, url, warehouse=self.warehouse, station=self.station, **options
        )

    def stock(self) -> dict[StockKey, int]:
        with UnitOfWork(self.sessions) as uow:
            return uow.ledger.stock_by_key()

    def ledger_sums(self) -> dict[StockKey, int]:
        with UnitOfWork(self.sessions) as uow:
            return uow.ledger.ledger_sums()

    def ids(self, *, own: bool = False) -> set[str]:
        with self.sessions() as session:
            statement = select(MovementRow.id).where(MovementRow.warehouse == self.warehouse)
            if own:
                statement = statement.where(MovementRow.station == self.station)
            return set(session.scalars(statement))

    def post(self, draft: MovementDraft, operator: str = "1001") -> str:
        with UnitOfWork(self.sessions) as uow:
            movement = post(uow, Actor(self.warehouse, self.station, operator), draft)
            uow.commit()
        return movement.id

    def random_work(self, rng: random.Random, count: int, *, per_commit: int = 10) -> int:
        """``count`` plausible movements made offline: moves, picks and receipts of stock this
        station believes is there (other stations may have taken it meanwhile)."""
        made = 0
        while made < count:
            with UnitOfWork(self.sessions) as uow:
                stock = sorted(
                    (
                        (k, q)
                        for k, q in uow.ledger.stock_by_key().items()
                        if q > 0 and k.status == StockStatus.AVAILABLE
                    ),
                    key=lambda kq: (kq[0].location, kq[0].sku, kq[0].lot, kq[0].handling_unit),
                )
                actor = Actor(self.warehouse, self.station, rng.choice(["1001", "1002", "1003"]))
                for _ in range(min(per_commit, count - made)):
                    post(uow, actor, random_draft(rng, stock))
                    made += 1
                uow.commit()
        return made

    def close(self) -> None:
        self.engine.dispose()


_TARGETS = ("A-03-01-1", "B-01-01-2", "C-03-02-1", "D-01-01-1", "P-02-01-1", "STAGE-01")


def random_draft(rng: random.Random, stock: list[tuple[StockKey, int]]) -> MovementDraft:
    roll = rng.random()
    if roll < 0.15 or not stock:
        return MovementDraft(
            kind=MovementKind.RECEIVE,
            sku=rng.choice(["CER-TAJ-28", "TXT-BLK-01", "LTH-BAG-01"]),
            quantity=rng.randint(1, 5),
            to_location=rng.choice(("DOCK-01", "DOCK-02")),
        )
    key, on_hand = rng.choice(stock)
    quantity = rng.randint(1, min(3, on_hand))
    if roll < 0.55:
        return MovementDraft(
            kind=MovementKind.PICK,
            sku=key.sku,
            quantity=quantity,
            from_location=key.location,
            to_location="PACK-01",
            lot=key.lot,
            from_handling_unit=key.handling_unit,
        )
    return MovementDraft(
        kind=MovementKind.MOVE,
        sku=key.sku,
        quantity=quantity,
        from_location=key.location,
        to_location=rng.choice(_TARGETS),
        lot=key.lot,
        from_handling_unit=key.handling_unit,
    )


def checkpoint(path: Path) -> None:
    """Fold the SQLite WAL into the main file so the file can be copied."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def copy_station(source: Path, target: Path, station: str, warehouse: str = WAREHOUSE) -> Station:
    checkpoint(source)
    shutil.copyfile(source, target)
    return Station(target, station, warehouse)


#: tables kept by triggers on ``stock`` (station migration 0008)
STOCK_TOTALS = (
    "stock_locations",
    "stock_products",
    "stock_product_locations",
    "stock_groups",  # station migration 0012
)


def rename_warehouse(path: Path, code: str) -> None:
    """Turn a copy of the demo site (CMN1) into warehouse ``code``: every ``warehouse`` column
    of every table, foreign keys off for the duration. The stock totals (station migration
    0008) follow the stock rows through their triggers, so they are not renamed themselves."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            if "warehouse" in columns and table not in STOCK_TOTALS:
                connection.execute(f'UPDATE "{table}" SET warehouse = ?', (code,))
        connection.execute("UPDATE warehouses SET code = ?", (code,))
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


class CentralFactory:
    """Central databases for the test run; most tests share one and get a warehouse each."""

    def __init__(self, workdir: Path, demo_template: Path, server: str = PG_SERVER) -> None:
        self.workdir = workdir
        self.demo_template = demo_template
        self.server = server
        self.names: list[str] = []
        self._shared: str | None = None
        self._count = 0

    def database(self, *, revision: str = "head") -> str:
        """A new, empty, initialised central database; returns its administrator URL."""
        name = f"wms_test_{uuid.uuid4().hex[:10]}"
        url = f"{self.server}/{name}"
        central_migrate.ensure_database(url)
        self.names.append(name)
        central_migrate.upgrade(url, revision)
        security.install(url)
        return url

    def create(self, *, url: str | None = None, setup: bool = True) -> Central:
        """A new warehouse (demo site renamed) in ``url`` or the shared central database, its
        master data published and opening stock pushed."""
        if url is None:
            if self._shared is None:
                self._shared = self.database()
            url = self._shared
        self._count += 1
        code = WAREHOUSE if self._count == 1 else f"T{self._count:03d}"
        creds = security.add_warehouse(url, code, f"Test warehouse {code}")
        template = self.workdir / f"{code}-setup.db"
        checkpoint(self.demo_template)
        shutil.copyfile(self.demo_template, template)
        if code != WAREHOUSE:
            rename_warehouse(template, code)
        if setup:
            station = Station(template, OPENING_STATION, code)
            publish(url, station.sessions, code)
            station.sync(creds.url)
            station.close()
            checkpoint(template)
        name = url.rsplit("/", 1)[1]
        return Central(name, url, creds.url, template, code)

    def drop_all(self) -> None:
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as conn:
            for name in self.names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                roles = conn.execute(
                    "SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                    (name.replace("_", r"\_") + r"\_%",),
                ).fetchall()
                for (role,) in roles:
                    conn.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture(scope="session")
def central_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CentralFactory]:
    if not _server_reachable():
        pytest.skip(f"PostgreSQL not reachable at {PG_SERVER} (set WMS_TEST_PG)")
    workdir = tmp_path_factory.mktemp("central")
    demo = workdir / "demo-template.db"
    engine = create_station_engine(str(demo))
    upgrade_station(engine)
    schema.metadata.create_all(engine)
    build_demo(session_factory(engine))
    engine.dispose()
    factory = CentralFactory(workdir, demo)
    yield factory
    factory.drop_all()


@pytest.fixture
def central(central_factory: CentralFactory) -> Central:
    """A fresh warehouse (its own partition, role and feed) in the shared central database,
    with the demo master data and opening stock."""
    return central_factory.create()


def central_stock(url: str, warehouse: str = WAREHOUSE) -> dict[StockKey, int]:
    with admin(url) as conn:
        rows = conn.execute(
            "SELECT location, sku, lot, handling_unit, status, quantity FROM stock "
            "WHERE warehouse_id = %s AND quantity <> 0",
            (warehouse,),
        ).fetchall()
    return {
        StockKey(warehouse, loc, sku, lot, hu, StockStatus(status)): int(q)
        for loc, sku, lot, hu, status, q in rows
    }


def central_ledger_sums(url: str, warehouse: str = WAREHOUSE) -> dict[StockKey, int]:
    with admin(url) as conn:
        rows = conn.execute(
            """
            SELECT location, sku, lot, hu, status, sum(q) FROM (
              SELECT to_location AS location, sku, lot, to_handling_unit AS hu,
                     to_status AS status, quantity AS q
                FROM movements WHERE warehouse_id = %(w)s AND to_location <> ''
              UNION ALL
              SELECT from_location, sku, lot, from_handling_unit, from_status, -quantity
                FROM movements WHERE warehouse_id = %(w)s AND from_location <> '') x
            GROUP BY 1, 2, 3, 4, 5 HAVING sum(q) <> 0
            """,
            {"w": warehouse},
        ).fetchall()
    return {
        StockKey(warehouse, loc, sku, lot, hu, StockStatus(status)): int(q)
        for loc, sku, lot, hu, status, q in rows
    }


def central_ids(url: str, warehouse: str = WAREHOUSE, station: str | None = None) -> list[str]:
    with admin(url) as conn:
        query = "SELECT id::text FROM movements WHERE warehouse_id = %s"
        params: tuple = (warehouse,)
        if station:
            query += " AND station_id = %s"
            params = (warehouse, station)
        return [row[0] for row in conn.execute(query, params).fetchall()]


def assert_feed_gapless(url: str, warehouse: str = WAREHOUSE) -> None:
    with admin(url) as conn:
        last = conn.execute(
            "SELECT last_seq FROM feed_counters WHERE warehouse_id = %s", (warehouse,)
        ).fetchone()[0]
        seqs = conn.execute(
            "SELECT feed_seq FROM movements WHERE warehouse_id = %(w)s "
            "UNION ALL SELECT feed_seq FROM feed WHERE warehouse_id = %(w)s ORDER BY 1",
            {"w": warehouse},
        ).fetchall()
    assert [s for (s,) in seqs] == list(range(1, last + 1))


def assert_consistent(url: str, stations: list[Station], warehouse: str = WAREHOUSE) -> None:
    """After every station pushed and then pulled: nothing lost, nothing doubled, converged."""
    ids = central_ids(url, warehouse)
    assert len(ids) == len(set(ids))
    union: set[str] = set()
    for station in stations:
        union |= station.ids()
    assert set(ids) == union
    assert_feed_gapless(url, warehouse)
    stock = central_stock(url, warehouse)
    assert stock == central_ledger_sums(url, warehouse)
    for station in stations:
        assert station.ids() == set(ids), station.station
        assert station.stock() == stock, station.station
        assert station.ledger_sums() == stock, station.station


def movement_row(warehouse: str, station: str, seq: int, **values: object) -> list[object]:
    """One movement as ``wms_push`` takes it (a list in ``MOVEMENT_COLUMNS`` order): an
    adjustment of +1 SAF-1G at A-01-01-1 unless ``values`` say otherwise."""
    row: dict[str, object] = {
        "warehouse_id": warehouse,
        "id": str(uuid.uuid4()),
        "station_id": station,
        "station_seq": seq,
        "operator": "1001",
        "kind": "adjust",
        "sku": "SAF-1G",
        "quantity": 1,
        "from_location": "",
        "to_location": "A-01-01-1",
        "lot": "",
        "expiry": None,
        "from_handling_unit": "",
        "to_handling_unit": "",
        "from_status": "available",
        "to_status": "available",
        "reference": "",
        "transfer_id": "",
        "created_at": datetime.now(UTC).isoformat(),
        "raw_scan": "",
        "owner": "HUB",
        **values,
    }
    return [row[c] for c in MOVEMENT_COLUMNS]


def push_rows(
    conn: psycopg.Connection, warehouse: str, pusher: str, rows: list[list[object]]
) -> dict[str, Any]:
    """Call central's ``wms_push`` as the connection's role, with hand-made rows; then, as a
    station does after the push's commit, ``wms_capture_transfers`` if central asks for it."""
    answer = conn.execute(
        "SELECT wms_push(%s, %s, 0, %s::jsonb)", (warehouse, pusher, json.dumps(rows))
    ).fetchone()
    assert answer is not None
    if answer[0].get("transfers"):
        conn.execute("SELECT wms_capture_transfers(%s)", (warehouse,))
    return dict(answer[0])


def through_proxy(url: str, port: int) -> tuple[tuple[str, int], str]:
    """The server ``url`` names (host, port) and ``url`` sent to 127.0.0.1:``port`` instead:
    a proxy put in front of plain PostgreSQL or of a Citus coordinator alike."""
    found = re.search(r"@([^@:/]+):(\d+)/", url)
    assert found, f"expected a URL with a host and a port, found {url}"
    upstream = (found.group(1), int(found.group(2)))
    return upstream, url[: found.start()] + f"@127.0.0.1:{port}/" + url[found.end() :]
