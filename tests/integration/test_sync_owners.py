"""A central made before stock owners upgrades in place (everything in it the hub's) and keeps
taking protocol 2 pushes (no owner: the hub's) next to protocol 3 ones (with the owner), on
plain PostgreSQL and on Citus."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from tests.integration.citus_fixtures import (
    engine,  # noqa: F401 - fixture
    engine_central_factory,  # noqa: F401 - fixture central_factory (both engines)
    postgres_central_factory,  # noqa: F401 - fixture
)
from tests.integration.pg_fixtures import (
    CentralFactory,
    admin,
    assert_consistent,
    movement_row,
    push_rows,
)
from wms.core.domain.model import MovementDraft, MovementKind
from wms.core.services.imports import import_bytes
from wms.core.sync import central_migrate, security
from wms.core.sync.master import publish

pytestmark = pytest.mark.postgres


def test_a_central_before_owners_upgrades_and_takes_both_protocols(
    central_factory: CentralFactory, tmp_path: Path
) -> None:
    url = central_factory.database(revision="c0010")
    central = central_factory.create(url=url)  # master data and opening stock, protocol 2
    with admin(url) as conn:
        before = conn.execute(
            "SELECT count(*) FROM movements WHERE warehouse_id = %s", (central.warehouse,)
        ).fetchone()
    assert before is not None and before[0] > 0

    central_migrate.upgrade(url)
    security.install(url)

    with admin(url) as conn:
        assert conn.execute(
            "SELECT protocol_version, min_protocol_version FROM central_info"
        ).fetchone() == (3, 2)
        owners = conn.execute(
            "SELECT owner, count(*) FROM movements WHERE warehouse_id = %s GROUP BY owner",
            (central.warehouse,),
        ).fetchall()
        assert owners == [("HUB", before[0])]
        assert conn.execute(
            "SELECT DISTINCT owner FROM stock WHERE warehouse_id = %s", (central.warehouse,)
        ).fetchall() == [("HUB",)]
        assert conn.execute("SELECT name FROM owners WHERE code = 'HUB'").fetchone() == (
            "Hub own stock",
        )

    # a station of this version (protocol 3) carries its merchant's owner
    station = central.station(tmp_path / "s1.db", f"{central.warehouse}-S01")
    import_bytes(station.sessions, "owners", "code,name,country\nFEZPOT,Fez Ceramics,MA\n")
    import_bytes(station.sessions, "products", "sku,name,owner\nFEZ-PLATE-24,Fez plate,FEZPOT\n")
    publish(url, station.sessions, central.warehouse)
    station.post(MovementDraft(MovementKind.ADJUST, "FEZ-PLATE-24", 6, to_location="A-01-01-1"))
    station.sync(central.warehouse_url)
    # an older station (protocol 2: 20 columns, no owner) pushes a hub supply
    old = f"{central.warehouse}-OLD"
    security.add_station(url, old, central.warehouse)
    with psycopg.connect(central.warehouse_url, autocommit=True) as conn:
        answer = push_rows(
            conn, central.warehouse, old, [movement_row(central.warehouse, old, 1)[:-1]]
        )
    assert answer["inserted"] == 1
    with admin(url) as conn:
        assert conn.execute(
            "SELECT station_id, sku, owner FROM movements WHERE warehouse_id = %s "
            "AND station_id IN (%s, %s) ORDER BY station_id",
            (central.warehouse, old, station.station),
        ).fetchall() == [
            (old, "SAF-1G", "HUB"),
            (station.station, "FEZ-PLATE-24", "FEZPOT"),
        ]
    station.sync(central.warehouse_url)
    assert_consistent(url, [station], central.warehouse)
    station.close()
