"""The stock totals the supervisor screens read (per location, per product) always equal the
stock projection summed, whoever changes stock: a scan's movement, a stock rebuild."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from wms.core.domain.model import MovementDraft, MovementKind, StockStatus
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.migrate import upgrade
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services import queries
from wms.core.services.demo import build_demo
from wms.core.services.ledger import Actor, post
from wms.core.services.queries.paging import Filters

ACTOR = Actor("CMN1", "CMN1-T01", "1001")

_BY_LOCATION = (
    "SELECT warehouse, location, sum(quantity), count(*) FROM stock "
    "GROUP BY warehouse, location ORDER BY 1, 2"
)
_BY_PRODUCT = (
    "SELECT warehouse, sku, sum(quantity), count(*), count(DISTINCT location) FROM stock "
    "GROUP BY warehouse, sku ORDER BY 1, 2"
)


def totals(sessions) -> tuple[list, list, list, list]:  # type: ignore[no-untyped-def]
    with UnitOfWork(sessions, read_only=True) as uow:
        run = uow.session.execute
        locations = [
            tuple(r)
            for r in run(
                text(
                    "SELECT warehouse, location, units, lines FROM stock_locations "
                    "WHERE lines > 0 ORDER BY 1, 2"
                )
            )
        ]
        products = [
            tuple(r)
            for r in run(
                text(
                    "SELECT warehouse, sku, units, lines, locations FROM stock_products "
                    "ORDER BY 1, 2"
                )
            )
        ]
        return (
            locations,
            [tuple(r) for r in run(text(_BY_LOCATION))],
            products,
            [tuple(r) for r in run(text(_BY_PRODUCT))],
        )


def site(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = create_station_engine(str(tmp_path / "station.db"))
    upgrade(engine)
    sessions = session_factory(engine)
    build_demo(sessions)
    return engine, sessions


def move(sessions, sku: str, quantity: int, frm: str, to: str, lot: str = "") -> None:  # type: ignore[no-untyped-def]
    with UnitOfWork(sessions) as uow:
        post(
            uow,
            ACTOR,
            MovementDraft(
                MovementKind.MOVE, sku, quantity, from_location=frm, to_location=to, lot=lot
            ),
        )
        uow.commit()


def test_the_totals_per_location_and_per_product_follow_every_stock_change(tmp_path):
    engine, sessions = site(tmp_path)
    locations, by_location, products, by_product = totals(sessions)
    assert locations == by_location and products == by_product  # filled from the demo's stock
    with UnitOfWork(sessions) as uow:
        post(
            uow,
            ACTOR,
            MovementDraft(
                MovementKind.RECEIVE, "SAF-1G", 12, to_location="QUAR-01", lot="T1",
                to_status=StockStatus.QUARANTINED,
            ),
        )  # fmt: skip
        post(uow, ACTOR, MovementDraft(MovementKind.RECEIVE, "SAF-1G", 5, to_location="QUAR-02"))
        uow.commit()
    move(sessions, "SAF-1G", 5, "QUAR-02", "QUAR-01")  # a row removed, a product location less
    move(sessions, "SAF-1G", 2, "QUAR-01", "QUAR-03")  # a quantity change and a new row
    locations, by_location, products, by_product = totals(sessions)
    assert locations == by_location
    assert products == by_product
    with UnitOfWork(sessions) as uow:
        uow.ledger.recompute_stock()
        uow.commit()
    assert totals(sessions)[0] == totals(sessions)[1]
    assert totals(sessions)[2] == totals(sessions)[3]
    engine.dispose()


def test_stock_by_product_reads_the_totals_and_sums_rows_under_a_filter(tmp_path):
    engine, sessions = site(tmp_path)
    source = queries.stock_source("product")
    with UnitOfWork(sessions, read_only=True) as uow:
        whole = source.page(uow.session, Filters(warehouse="CMN1"), limit=1000).rows
        one_location = source.page(
            uow.session, Filters(warehouse="CMN1", location="QUAR-01"), limit=1000
        ).rows
        by_quantity = source.page(
            uow.session, Filters(warehouse="CMN1"), sort="quantity", descending=True, limit=1000
        ).rows
        expected = [
            tuple(r)
            for r in uow.session.execute(
                text(
                    "SELECT s.sku, p.name, count(DISTINCT s.location), sum(s.quantity) "
                    "FROM stock s LEFT JOIN products p ON p.sku = s.sku WHERE s.warehouse = 'CMN1' "
                    "GROUP BY s.sku ORDER BY s.sku"
                )
            )
        ]
    assert whole == expected
    assert sorted(by_quantity, key=lambda r: r[0]) == expected
    assert [r[3] for r in by_quantity] == sorted((r[3] for r in expected), reverse=True)
    assert all(r[2] == 1 for r in one_location)
    engine.dispose()


def test_the_occupancy_map_shows_each_location_with_its_units_and_lines(tmp_path):
    engine, sessions = site(tmp_path)
    move(sessions, "SAF-1G", 1, "A-02-01-1", "QUAR-01", lot="SAF2610")
    with UnitOfWork(sessions, read_only=True) as uow:
        cells = {c.code: (c.units, c.lines) for c in queries.occupancy(uow.session, "CMN1")}
        expected = {
            r[0]: (r[1], r[2])
            for r in uow.session.execute(
                text(
                    "SELECT location, sum(quantity), count(*) FROM stock "
                    "WHERE warehouse = 'CMN1' GROUP BY location"
                )
            )
        }
    assert {code: cells[code] for code in expected if code in cells} == {
        code: value for code, value in expected.items() if code in cells
    }
    assert all(cells[code] == (0, 0) for code in cells if code not in expected)
    engine.dispose()


def test_a_station_on_postgresql_keeps_the_same_totals(tmp_path):
    import uuid

    import psycopg
    import pytest

    from tests.integration.pg_fixtures import PG_SERVER, _server_reachable

    if not _server_reachable():
        pytest.skip("no PostgreSQL server")
    name = f"wms_totals_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    engine = create_station_engine(f"{PG_SERVER}/{name}")
    try:
        upgrade(engine)
        sessions = session_factory(engine)
        build_demo(sessions)
        move(sessions, "SAF-1G", 1, "A-02-01-1", "QUAR-01", lot="SAF2610")
        move(sessions, "SAF-1G", 1, "QUAR-01", "QUAR-02", lot="SAF2610")
        locations, by_location, products, by_product = totals(sessions)
        assert locations == by_location
        assert products == by_product
        # the stock screen's groups (0012) are kept by the same kind of trigger function
        from tests.integration.test_stock_groups import _GROUPS, _SUMMED

        with engine.connect() as connection:
            groups = [tuple(r) for r in connection.execute(text(_GROUPS))]
            summed = [tuple(r) for r in connection.execute(text(_SUMMED))]
        assert groups and groups == summed
        # a rebuild (its triggers disabled for it) leaves every summary exact and the triggers on
        with UnitOfWork(sessions) as uow:
            uow.ledger.recompute_stock()
            uow.commit()
        move(sessions, "SAF-1G", 1, "QUAR-02", "QUAR-01", lot="SAF2610")
        locations, by_location, products, by_product = totals(sessions)
        assert (locations, products) == (by_location, by_product)
        with engine.connect() as connection:
            groups = [tuple(r) for r in connection.execute(text(_GROUPS))]
            summed = [tuple(r) for r in connection.execute(text(_SUMMED))]
        assert groups == summed
    finally:
        engine.dispose()
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
