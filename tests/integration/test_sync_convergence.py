# ruff: noqa: F811 - pytest fixtures are imported from pg_fixtures and used as arguments
"""Stations of one warehouse work offline, sync in random order and converge (real PostgreSQL)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import run_wms
from tests.integration.citus_fixtures import (
    engine,  # noqa: F401 - fixture
    engine_central_factory,  # noqa: F401 - fixture central_factory (both engines)
    postgres_central_factory,  # noqa: F401 - fixture
)
from tests.integration.pg_fixtures import (
    Central,
    Station,
    assert_consistent,
    central,  # noqa: F401 - fixture
    central_ids,
    central_stock,
)
from wms.core.persistence import schema
from wms.core.persistence.engine import create_station_engine
from wms.core.persistence.migrate import upgrade
from wms.core.services.demo import OPENING_STOCK, each_gtin

pytestmark = pytest.mark.postgres


def _stations(central: Central, tmp_path: Path, count: int) -> list[Station]:
    return [
        central.station(tmp_path / f"s{i}.db", f"{central.warehouse}-S{i:02d}")
        for i in range(1, count + 1)
    ]


@pytest.mark.parametrize(("count", "seed"), [(2, 11), (2, 12), (5, 21), (5, 22)])
def test_stations_work_offline_then_converge(
    central: Central, tmp_path: Path, count: int, seed: int
) -> None:
    rng = random.Random(seed)
    stations = _stations(central, tmp_path, count)
    for round_ in range(3):
        for station in stations:
            station.random_work(rng, rng.randint(5, 40))
        # a random subset syncs in a random order; the others stay offline this round
        online = [s for s in stations if rng.random() < 0.7 or round_ == 2]
        rng.shuffle(online)
        for station in online:
            report = station.sync(central.warehouse_url, batch_size=rng.choice([3, 17, 500]))
            assert report.waiting == 0
            assert not report.pushed.refused
        # each station shows central's state plus its own unsent movements
        for station in stations:
            assert station.stock() == station.ledger_sums()
    for station in rng.sample(stations, len(stations)):
        station.sync(central.warehouse_url, page_size=rng.choice([7, 1000]))
    for station in stations:
        station.sync(central.warehouse_url)
    assert_consistent(central.url, stations, central.warehouse)
    for station in stations:
        own = station.ids(own=True)
        assert own <= set(central_ids(central.url, central.warehouse, station.station))
        station.close()


def test_station_shows_central_state_plus_own_unsent(central: Central, tmp_path: Path) -> None:
    first, second = _stations(central, tmp_path, 2)
    rng = random.Random(5)
    first.random_work(rng, 20)
    first.sync(central.warehouse_url)
    second.random_work(rng, 15)  # offline: not pushed yet
    with second.sessions() as session:
        from wms.core.sync.outbox import waiting

        assert sum(waiting(session, central.warehouse).values()) == 15
    # pull only: second learns first's work while keeping its own 15 unsent movements
    from wms.core.sync.central_migrate import connect
    from wms.core.sync.protocol import Protocol
    from wms.core.sync.pull import pull

    with connect(central.warehouse_url) as conn:
        pull(second.sessions, conn, Protocol(2), central.warehouse, second.station)
    expected = dict(central_stock(central.url, central.warehouse))
    with second.sessions() as session:
        from sqlalchemy import select

        from wms.core.persistence.repositories import movement_from_row
        from wms.core.persistence.tables import MovementRow

        own = [
            movement_from_row(row)
            for row in session.scalars(
                select(MovementRow).where(MovementRow.station == second.station)
            )
        ]
    for movement in own:
        for key, delta in movement.stock_deltas():
            expected[key] = expected.get(key, 0) + delta
    expected = {k: q for k, q in expected.items() if q}
    assert second.stock() == expected
    second.sync(central.warehouse_url)
    first.sync(central.warehouse_url)
    assert_consistent(central.url, [first, second], central.warehouse)


def test_an_owner_and_its_products_movements_reach_central_and_come_back_to_another_station(
    central: Central, tmp_path: Path
) -> None:
    from sqlalchemy import select

    from tests.integration.pg_fixtures import admin
    from wms.core.domain.model import MovementDraft, MovementKind
    from wms.core.persistence.tables import MovementRow, OwnerRow, ProductRow, StockRow
    from wms.core.services.imports import import_bytes
    from wms.core.sync.master import publish

    first, second = _stations(central, tmp_path, 2)
    import_bytes(
        first.sessions,
        "owners",
        "code,name,country,tax_id\nARGAN,Coopérative Tafyoucht,MA,MA-IF-40123456\n",
    )
    import_bytes(
        first.sessions,
        "products",
        "sku,name,owner,gtin\nARG-CREAM-50,Argan face cream 50 ml,ARGAN,6111234099990\n",
    )
    publish(central.url, first.sessions, central.warehouse)
    first.post(MovementDraft(MovementKind.ADJUST, "ARG-CREAM-50", 12, to_location="A-01-01-1"))
    first.post(
        MovementDraft(
            MovementKind.MOVE, "ARG-CREAM-50", 5, from_location="A-01-01-1", to_location="A-01-02-1"
        )
    )
    first.sync(central.warehouse_url)
    with admin(central.url) as conn:
        owner = conn.execute("SELECT name, data->>'tax_id' FROM owners WHERE code = 'ARGAN'")
        assert owner.fetchone() == ("Coopérative Tafyoucht", "MA-IF-40123456")
        moved = conn.execute(
            "SELECT kind, owner FROM movements WHERE warehouse_id = %s AND sku = 'ARG-CREAM-50' "
            "ORDER BY feed_seq",
            (central.warehouse,),
        ).fetchall()
        assert moved == [("adjust", "ARGAN"), ("move", "ARGAN")]
        stocked = conn.execute(
            "SELECT location, quantity, owner FROM stock WHERE warehouse_id = %s "
            "AND sku = 'ARG-CREAM-50' ORDER BY location",
            (central.warehouse,),
        ).fetchall()
        assert stocked == [("A-01-01-1", 7, "ARGAN"), ("A-01-02-1", 5, "ARGAN")]
        # the hub's own opening stock stays the hub's (the demo merchants' is theirs)
        hub_only = conn.execute(
            "SELECT DISTINCT owner FROM movements WHERE warehouse_id = %s AND sku = ANY (%s)",
            (central.warehouse, sorted({line[0] for line in OPENING_STOCK})),
        ).fetchall()
        assert hub_only == [("HUB",)]
    second.sync(central.warehouse_url)
    with second.sessions() as session:
        assert session.get(OwnerRow, "ARGAN").tax_id == "MA-IF-40123456"
        assert session.get(ProductRow, "ARG-CREAM-50").owner == "ARGAN"
        owners = session.scalars(
            select(MovementRow.owner).where(MovementRow.sku == "ARG-CREAM-50")
        ).all()
        assert owners == ["ARGAN", "ARGAN"]
        stock = session.execute(
            select(StockRow.location, StockRow.quantity, StockRow.owner)
            .where(StockRow.sku == "ARG-CREAM-50")
            .order_by(StockRow.location)
        ).all()
        assert [tuple(r) for r in stock] == [("A-01-01-1", 7, "ARGAN"), ("A-01-02-1", 5, "ARGAN")]
    assert_consistent(central.url, [first, second], central.warehouse)
    first.close()
    second.close()


def test_new_station_bootstraps_from_an_empty_database(central: Central, tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    engine = create_station_engine(str(path))
    upgrade(engine)
    schema.metadata.create_all(engine)
    engine.dispose()
    fresh = Station(path, "NEW-STATION", central.warehouse)
    report = fresh.sync(central.warehouse_url, page_size=50)
    assert report.pulled.master > 200  # warehouse, zones, locations, products, operators...
    assert fresh.stock() == central_stock(central.url, central.warehouse)
    with fresh.sessions() as session:
        from wms.core.persistence.repositories import OperatorRepository, ProductRepository

        assert ProductRepository(session).by_gtin(each_gtin(11)) is not None
        assert OperatorRepository(session).get("2001").role.value == "supervisor"
    fresh.close()


def test_separate_processes_with_the_real_sync_command(central: Central, tmp_path: Path) -> None:
    rng = random.Random(99)
    stations = _stations(central, tmp_path, 2)
    for station in stations:
        station.random_work(rng, 30)
        station.engine.dispose()
    order = [0, 1, 1, 0]
    for index in order:
        station = stations[index]
        result = run_wms(
            "sync",
            "--once",
            "--batch-size",
            "7",
            db=station.path,
            env={
                "WMS_STATION": station.station,
                "WMS_WAREHOUSE": central.warehouse,
                "WMS_CENTRAL_URL": central.warehouse_url,
                "WMS_CONFIG": "",
            },
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("sync ok: pushed ")
    status = run_wms(
        "sync",
        "--status",
        db=stations[0].path,
        env={"WMS_STATION": stations[0].station, "WMS_WAREHOUSE": central.warehouse},
    )
    assert "waiting to be sent: 0" in status.stdout, status.stdout + status.stderr
    assert "last successful sync: " in status.stdout
    assert_consistent(central.url, stations, central.warehouse)


def test_a_page_that_fails_to_apply_leaves_the_station_at_the_last_whole_page(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pull reads the next page while it applies one: a page that fails here discards the
    page read ahead, and the next pull starts from the last page applied."""
    from wms.core.sync import pull as pulling
    from wms.core.sync.central_migrate import connect
    from wms.core.sync.protocol import negotiate

    worker, late = _stations(central, tmp_path, 2)
    worker.random_work(random.Random(8), 60)
    worker.sync(central.warehouse_url)
    applying = pulling.apply_page
    pages: list[int] = []

    def the_third_page_fails(*args, **kwargs):  # type: ignore[no-untyped-def]
        pages.append(args[3])
        if len(pages) == 3:
            raise OSError("disk unplugged")
        return applying(*args, **kwargs)

    monkeypatch.setattr(pulling, "apply_page", the_third_page_fails)
    before = pulling.high_water_mark(late.sessions, late.station, central.warehouse)
    with connect(central.warehouse_url) as conn, pytest.raises(OSError, match="unplugged"):
        pulling.pull(
            late.sessions, conn, negotiate(conn), central.warehouse, late.station, page_size=10
        )
    assert pulling.high_water_mark(late.sessions, late.station, central.warehouse) == pages[2]
    assert pages[:3] == [before, before + 10, before + 20]
    monkeypatch.setattr(pulling, "apply_page", applying)
    late.sync(central.warehouse_url, page_size=10)
    assert_consistent(central.url, [worker, late], central.warehouse)
