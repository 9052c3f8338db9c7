"""A product or location re-import writes only the rows (and GTINs) whose values change, and ends
with the tables a full rewrite would leave, on SQLite and on PostgreSQL (when a server is
reachable)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from tests.integration.pg_fixtures import PG_SERVER, _server_reachable
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.migrate import upgrade
from wms.core.persistence.tables import WarehouseRow
from wms.core.services.imports import import_bytes

GTIN_A = "6111234000019"
GTIN_B = "6111234000026"
GTIN_C = "6111234000033"
GTIN_D = "6111234000040"
CASE_A = "26111234000013"

COLUMNS = "sku,name,gtin,case_gtin,case_qty,tracks_lot,weight_kg,unit_value,currency"
UNTOUCHED = f"DEL-1,Delta,{GTIN_D},,,no,1.5,2,EUR\n"
FIRST = (
    f"{COLUMNS}\n"
    f"ALF-1,Alpha,{GTIN_A},{CASE_A},24,yes,20,3.50,MAD\n"
    f"BET-1,Beta,{GTIN_B},,,no,0.105,12,EUR\n"
    f"GAM-1,Gamma,{GTIN_C},,,no,1,1,EUR\n"
    f"{UNTOUCHED}"
)
SECOND = (
    f"{COLUMNS}\n"
    # the same values written otherwise: nothing to write
    f"ALF-1,Alpha,{GTIN_A},{CASE_A},24,YES,20.000,3.5,mad\n"
    # the same product, another GTIN (Gamma's): its GTINs are replaced, its row is not written
    f"BET-1,Beta,{GTIN_C},,,no,0.1050,12.00,EUR\n"
    # a new name, its GTIN gone to Beta
    f"GAM-1,Gamma II,,,,no,1,1,EUR\n"
    # a new product taking Beta's old GTIN
    f"EPS-1,Epsilon,{GTIN_B},,,no,0.25,4,EUR\n"
)
CASE_ONLY = f"{COLUMNS}\nALF-1,Alpha,{GTIN_A},{CASE_A},12,yes,20,3.50,MAD\n"


def station_sessions(url: str) -> sessionmaker[Session]:
    """A migrated station database at ``url`` with one warehouse, TST1."""
    engine = create_station_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    with sessions() as session:
        session.add(
            WarehouseRow(code="TST1", name="Test hub", country="MA", gs1_company_prefix="6111234")
        )
        session.commit()
    return sessions


@pytest.fixture(params=["sqlite", "postgresql"])
def new_station(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """``new_station()``: an empty station database of the parameter's kind (as many as asked)."""
    engines: list[Engine] = []
    databases: list[str] = []
    if request.param == "postgresql" and not _server_reachable():
        pytest.skip("no PostgreSQL server")

    def new() -> sessionmaker[Session]:
        if request.param == "sqlite":
            sessions = station_sessions(str(tmp_path / f"station-{len(engines)}.db"))
        else:
            name = f"wms_reimport_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
            databases.append(name)
            sessions = station_sessions(f"{PG_SERVER}/{name}")
        bind = sessions.kw["bind"]
        assert isinstance(bind, Engine)
        engines.append(bind)
        return sessions

    yield new
    for engine in engines:
        engine.dispose()
    for name in databases:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def contents(sessions: sessionmaker[Session]) -> tuple[list[tuple[Any, ...]], ...]:
    """Every product and GTIN row as the driver returns it (SQLite: the stored types)."""
    with sessions() as session:
        connection = session.connection()
        return tuple(
            [tuple(row) for row in connection.exec_driver_sql(sql)]
            for sql in (
                "SELECT * FROM products ORDER BY sku",
                "SELECT gtin, sku, level, quantity FROM product_gtins ORDER BY gtin",
            )
        )


class Writes:
    """The rows each kind of statement was run for (executemany counts each parameter set)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.rows: dict[str, int] = {}
        bind = sessions.kw["bind"]
        event.listen(bind, "before_cursor_execute", self._seen)

    def _seen(
        self,
        _connection: object,
        _cursor: object,
        statement: str,
        parameters: object,
        _context: object,
        executemany: bool,
    ) -> None:
        words = statement.split()
        head = " ".join(words[:3]).replace('"', "").upper()
        if head.startswith(("UPDATE", "DELETE", "INSERT")):
            count = len(parameters) if executemany and isinstance(parameters, list) else 1
            self.rows[head] = self.rows.get(head, 0) + count


def test_a_reimport_writes_only_what_changes_and_ends_as_a_full_rewrite(
    new_station: Any,
) -> None:
    station = new_station()
    import_bytes(station, "products", FIRST)
    writes = Writes(station)
    result = import_bytes(station, "products", SECOND)

    assert result.summary() == "imported 4 products (1 new, 3 updated)"
    assert writes.rows == {
        "UPDATE PRODUCTS SET": 1,  # Gamma's new name
        "DELETE FROM PRODUCT_GTINS": 2,  # Beta's and Gamma's GTINs
        "INSERT INTO PRODUCTS": 1,  # Epsilon
        "INSERT INTO PRODUCT_GTINS": 2,  # Beta's new one, Epsilon's
    }
    # the same tables as a station that never held the first file's versions of them
    reference = new_station()
    import_bytes(reference, "products", f"{COLUMNS}\n{UNTOUCHED}")
    import_bytes(reference, "products", SECOND)
    assert contents(station) == contents(reference)


def test_a_changed_quantity_replaces_the_gtins(new_station: Any) -> None:
    station = new_station()
    import_bytes(station, "products", FIRST)
    writes = Writes(station)
    result = import_bytes(station, "products", CASE_ONLY)
    assert result.summary() == "imported 1 product (0 new, 1 updated)"
    assert writes.rows == {"DELETE FROM PRODUCT_GTINS": 1, "INSERT INTO PRODUCT_GTINS": 2}
    reference = new_station()
    import_bytes(reference, "products", FIRST.replace(f"{CASE_A},24", f"{CASE_A},12"))
    assert contents(station) == contents(reference)


def test_an_unchanged_reimport_writes_nothing(new_station: Any) -> None:
    station = new_station()
    import_bytes(station, "products", FIRST)
    before = contents(station)
    writes = Writes(station)
    result = import_bytes(station, "products", FIRST)
    assert result.summary() == "imported 4 products (0 new, 4 updated)"
    assert writes.rows == {}
    assert contents(station) == before


LOCATION_COLUMNS = "code,type,zone,aisle,rack,level,bin,capacity_units,capacity_kg"
LOCATIONS = (
    f"{LOCATION_COLUMNS}\n"
    "A-01-01-1,storage,A,A,1,1,1,40,500\n"
    "A-01-01-2,storage,A,A,1,1,2,40,500.5\n"
    "DOCK-9,dock,,,0,0,0,,\n"
)
LOCATIONS_AGAIN = (
    f"{LOCATION_COLUMNS}\n"
    # the same values written otherwise: nothing to write
    "a-01-01-1,Storage,A,A,01,1,1,40,500.000\n"
    # a new capacity
    "A-01-01-2,storage,A,A,1,1,2,60,500.5\n"
    # a new location
    "A-01-01-3,storage,A,A,1,1,3,40,500\n"
)


def location_contents(sessions: sessionmaker[Session]) -> list[tuple[Any, ...]]:
    with sessions() as session:
        return [
            tuple(row)
            for row in session.connection().exec_driver_sql(
                "SELECT warehouse, code, type, zone, aisle, rack, level, bin, capacity_units, "
                "capacity_kg, active FROM locations ORDER BY code"
            )
        ]


def test_a_locations_file_sent_again_writes_only_the_locations_that_change(
    new_station: Any,
) -> None:
    station = new_station()
    import_bytes(station, "locations", LOCATIONS)
    writes = Writes(station)
    result = import_bytes(station, "locations", LOCATIONS)
    assert result.summary() == "imported 3 locations (0 new, 3 updated)"
    assert writes.rows == {}

    result = import_bytes(station, "locations", LOCATIONS_AGAIN)
    assert result.summary() == "imported 3 locations (1 new, 2 updated)"
    assert writes.rows == {"UPDATE LOCATIONS SET": 1, "INSERT INTO LOCATIONS": 1}
    # the same table as a station that never held the first file's versions of them
    reference = new_station()
    import_bytes(reference, "locations", f"{LOCATION_COLUMNS}\nDOCK-9,dock,,,0,0,0,,\n")
    import_bytes(reference, "locations", LOCATIONS_AGAIN)
    assert location_contents(station) == location_contents(reference)
