"""A station database made before stock owners upgrades in place: the owners table appears with
the hub's own row, and every product, movement, stock row, ASN and order that existed belongs
to ``HUB``. The ledger keeps posting, and what it posts carries the product's owner."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from wms.core.domain.model import MovementDraft, MovementKind
from wms.core.domain.owners import HUB_OWNER
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.migrate import alembic_config, current_revision, head_revision, upgrade
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.demo import OPENING_STOCK, build_demo
from wms.core.services.ledger import Actor, post

ACTOR = Actor("CMN1", "CMN1-S01", "1001")
OWNED = ("products", "movements", "stock", "asns", "orders")


def _to_revision(engine, revision: str, *, down: bool = False) -> None:  # type: ignore[no-untyped-def]
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _count(engine, sql: str) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar() or 0)


def test_a_database_with_stock_and_movements_before_owners_upgrades_and_all_of_it_is_the_hubs(
    tmp_path,
):
    # a site at revision 0008 that has received, put away and ordered (the demo)
    engine = create_station_engine(str(tmp_path / "station.db"))
    upgrade(engine)
    build_demo(session_factory(engine))
    _to_revision(engine, "0008", down=True)
    assert current_revision(engine) == "0008"
    with engine.connect() as connection:
        columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(movements)")}
    assert "owner" not in columns
    before = {table: _count(engine, f"SELECT count(*) FROM {table}") for table in OWNED}
    units = _count(engine, "SELECT sum(quantity) FROM stock")
    assert before["movements"] > 0 and before["stock"] > 0 and units > 0

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    assert _count(engine, "SELECT count(*) FROM owners WHERE code = 'HUB'") == 1
    with engine.connect() as connection:
        hub = connection.execute(text("SELECT name, active FROM owners WHERE code = 'HUB'")).one()
    assert hub.name == "Hub own stock" and hub.active
    for table in OWNED:
        assert _count(engine, f"SELECT count(*) FROM {table}") == before[table]
        assert _count(engine, f"SELECT count(*) FROM {table} WHERE owner = 'HUB'") == before[table]
    assert _count(engine, "SELECT sum(quantity) FROM stock") == units

    # the ledger keeps working on the upgraded database, and the stock totals with it
    sessions = session_factory(engine)
    with UnitOfWork(sessions) as uow:
        sku, location = uow.session.execute(
            text("SELECT sku, location FROM stock WHERE lot = '' AND handling_unit = '' LIMIT 1")
        ).one()
        post(
            uow,
            ACTOR,
            MovementDraft(MovementKind.ADJUST, sku, 1, to_location=location, reference="COUNT"),
        )
        uow.commit()
    assert _count(engine, "SELECT sum(quantity) FROM stock") == units + 1
    assert _count(engine, "SELECT count(*) FROM movements WHERE owner <> 'HUB'") == 0
    assert _count(engine, "SELECT sum(units) FROM stock_locations") == units + 1
    engine.dispose()


def test_a_movement_and_its_stock_row_carry_the_owner_the_product_had_when_posted(demo_db):
    _engine, sessions, _path = demo_db
    with UnitOfWork(sessions) as uow:
        uow.session.execute(
            text(
                "INSERT INTO owners (code, name, country) "
                "VALUES ('SAFRAN', 'Coopérative Souktana du safran', 'MA')"
            )
        )
        sku = uow.session.execute(
            text(
                "SELECT sku FROM products WHERE tracks_lot = 0 AND owner = 'HUB' AND sku NOT IN "
                "(SELECT sku FROM stock) ORDER BY sku LIMIT 1"
            )
        ).scalar_one()
        uow.session.execute(
            text("UPDATE products SET owner = 'SAFRAN' WHERE sku = :sku"), {"sku": sku}
        )
        location = uow.session.execute(
            text("SELECT code FROM locations WHERE type = 'storage' ORDER BY code LIMIT 1")
        ).scalar_one()
        post(uow, ACTOR, MovementDraft(MovementKind.ADJUST, sku, 4, to_location=location))
        uow.commit()
    with UnitOfWork(sessions, read_only=True) as uow:
        run = uow.session.execute
        assert run(
            text("SELECT owner FROM movements WHERE sku = :s"), {"s": sku}
        ).scalars().all() == ["SAFRAN"]
        assert run(text("SELECT owner, quantity FROM stock WHERE sku = :s"), {"s": sku}).all() == [
            ("SAFRAN", 4)
        ]
        # the rest of the demo keeps its owners: the hub's stock and the demo merchants'
        assert (
            run(
                text(
                    "SELECT count(*) FROM stock JOIN products ON products.sku = stock.sku "
                    "WHERE stock.sku <> :s AND stock.owner <> products.owner"
                ),
                {"s": sku},
            ).scalar()
            == 0
        )
        assert run(
            text("SELECT count(*) FROM stock WHERE owner = :hub"), {"hub": HUB_OWNER}
        ).scalar() == len(OPENING_STOCK)
