"""The stock screen's product and location views under an owner, status, location or product
filter read ``stock_groups`` (station migration 0012) and show exactly what summing the
matching stock rows shows, whatever changed the stock: receipts into lots, handling units and
statuses, moves that empty a row, a row whose owner another writer changed, a stock rebuild."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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
PRODUCTS = ("CER-TAJ-28", "CER-BWL-15", "TXT-BLK-01", "FEZ-PLT-30", "FEZ-VASE-25")
LOCATIONS = ("D-05-01-1", "D-05-01-2", "D-06-01-1", "QUAR-01", "QUAR-02")
UNITS = ("", "003761234500000017", "003761234500000024")
STATUSES = tuple(StockStatus)
OWNERS = ("", "HUB", "FEZPOT", "ARGAN")

_STOCK = "SELECT sku, location, lot, handling_unit, status, owner, quantity FROM stock"
_GROUPS = (
    "SELECT warehouse, sku, location, status, owner, units, lines FROM stock_groups ORDER BY "
    "1, 2, 3, 4, 5"
)
_SUMMED = (
    "SELECT warehouse, sku, location, status, owner, sum(quantity), count(*) FROM stock "
    "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
)


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path: Path = tmp_path_factory.mktemp("groups") / "station.db"
    engine = create_station_engine(str(path))
    upgrade(engine)
    factory = session_factory(engine)
    build_demo(factory)
    yield factory
    engine.dispose()


change = st.tuples(
    st.sampled_from(PRODUCTS),
    st.integers(1, 9),
    st.sampled_from(LOCATIONS),
    st.sampled_from(("", "L1", "D5", "CER9")),  # lots that a location's or SKU's word starts
    st.sampled_from(UNITS),
    st.sampled_from(STATUSES),
    st.one_of(st.none(), st.sampled_from(LOCATIONS)),  # then moved there ...
    st.booleans(),  # ... all of it (its stock row removed) or half
    st.sampled_from(OWNERS[1:]),  # the owner another writer gives one stock row
)
# words that start SKUs, locations, lots, units, several of them, or nothing
SEARCHES = ("", "CER", "fez", "D", "d-05", "L1", "l1 cer", "0037", UNITS[1], "QUAR L1", "XYZ")
screen_filter = st.builds(
    lambda owner, status, sku, location: Filters(
        warehouse="CMN1", owner=owner, status=status, sku=sku, location=location
    ),
    st.sampled_from(OWNERS),
    st.sampled_from(("", *STATUSES)),
    st.sampled_from(("", *PRODUCTS)),
    st.sampled_from(("", *LOCATIONS)),
)


def apply(sessions, step) -> None:  # type: ignore[no-untyped-def]
    sku, quantity, location, lot, unit, status, moved_to, all_of_it, owner = step
    with UnitOfWork(sessions) as uow:
        post(
            uow,
            ACTOR,
            MovementDraft(
                MovementKind.RECEIVE, sku, quantity, to_location=location, lot=lot,
                to_handling_unit=unit, to_status=status,
            ),
        )  # fmt: skip
        if moved_to is not None and moved_to != location:
            moved = quantity if all_of_it else max(1, quantity // 2)
            post(
                uow,
                ACTOR,
                MovementDraft(
                    MovementKind.MOVE, sku, moved, from_location=location, to_location=moved_to,
                    lot=lot, from_handling_unit=unit, to_handling_unit=unit, from_status=status,
                    to_status=status,
                ),
            )  # fmt: skip
        uow.session.execute(
            text("UPDATE stock SET owner = :owner WHERE id = (SELECT max(id) FROM stock)"),
            {"owner": owner},
        )
        uow.commit()


def summed(rows: list[tuple], filters: Filters) -> tuple[list, list]:
    """What the screens showed before the groups: the matching stock rows summed (by product:
    SKU, locations, units; by location: location, products, units)."""

    def shown(row: tuple) -> bool:
        sku, location, lot, unit, status, owner, _ = row
        codes = [code.upper() for code in (sku, location, lot, unit)]
        return (
            filters.owner in ("", owner)
            and filters.status in ("", status)
            and filters.sku in ("", sku)
            and filters.location in ("", location)
            and all(any(c.startswith(w.upper()) for c in codes) for w in filters.search.split())
        )

    products: dict[str, tuple[set, int]] = {}
    locations: dict[str, tuple[set, int]] = {}
    for row in filter(shown, rows):
        sku, location, quantity = row[0], row[1], row[6]
        places, units = products.get(sku, (set(), 0))
        products[sku] = (places | {location}, units + quantity)
        skus, units = locations.get(location, (set(), 0))
        locations[location] = (skus | {sku}, units + quantity)
    return (
        [(sku, len(places), units) for sku, (places, units) in sorted(products.items())],
        [(loc, len(skus), units) for loc, (skus, units) in sorted(locations.items())],
    )


def screens(sessions, filters: Filters) -> tuple[list, list, list, list]:  # type: ignore[no-untyped-def]
    with UnitOfWork(sessions, read_only=True) as uow:
        products = queries.stock_source("product").page(uow.session, filters, limit=1000).rows
        locations = queries.stock_source("location").page(uow.session, filters, limit=1000).rows
        rows = [tuple(r) for r in uow.session.execute(text(_STOCK))]
    products_summed, locations_summed = summed(rows, filters)
    # the product's name is the products table's, not a sum
    return [(r[0], r[2], r[3]) for r in products], products_summed, locations, locations_summed


def groups(sessions) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    with UnitOfWork(sessions, read_only=True) as uow:
        run = uow.session.execute
        return [tuple(r) for r in run(text(_GROUPS))], [tuple(r) for r in run(text(_SUMMED))]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(change, min_size=1, max_size=4), filters=st.lists(screen_filter, max_size=4))
def test_the_product_and_location_views_under_a_filter_equal_the_stock_rows_summed(
    sessions, steps, filters
):
    for step in steps:
        apply(sessions, step)
    kept, summed = groups(sessions)
    assert kept == summed
    for narrowed in [Filters(warehouse="CMN1"), *filters]:
        for search in SEARCHES:
            searched = replace(narrowed, search=search)
            products, products_summed, locations, locations_summed = screens(sessions, searched)
            assert products == products_summed, searched
            assert locations == locations_summed, searched


def test_a_stock_rebuild_keeps_the_groups(sessions):
    apply(sessions, ("CER-TAJ-28", 4, "D-05-01-1", "", UNITS[1], StockStatus.RESERVED, None,
                     False, "FEZPOT"))  # fmt: skip
    with UnitOfWork(sessions) as uow:
        uow.ledger.recompute_stock()
        uow.commit()
    kept, summed = groups(sessions)
    assert kept == summed
    owner = Filters(warehouse="CMN1", owner="FEZPOT", status=StockStatus.AVAILABLE)
    products, products_summed, locations, locations_summed = screens(sessions, owner)
    assert products and products == products_summed
    assert locations == locations_summed
    # the rebuild summed the groups with the triggers off: they are back for the next scan
    apply(sessions, ("CER-BWL-15", 2, "D-06-01-1", "L1", "", StockStatus.AVAILABLE,
                     "QUAR-01", True, "HUB"))  # fmt: skip
    kept, summed = groups(sessions)
    assert kept == summed


def test_a_rebuild_that_fails_leaves_the_triggers_and_the_stock_as_they_were(sessions):
    before = groups(sessions)
    with pytest.raises(RuntimeError), UnitOfWork(sessions) as uow:
        uow.ledger.recompute_stock()
        raise RuntimeError("the station lost power")  # rolled back: never committed
    assert groups(sessions) == before
    apply(sessions, ("FEZ-PLT-30", 3, "D-05-01-2", "", "", StockStatus.AVAILABLE, None,
                     False, "HUB"))  # fmt: skip
    kept, summed = groups(sessions)
    assert kept == summed and kept != before


@pytest.mark.parametrize("view", ["lot", "handling_unit"])
def test_the_lot_and_unit_views_page_through_their_groups_once_each_in_order(sessions, view):
    for n, unit in enumerate(UNITS[1:]):
        apply(sessions, (PRODUCTS[n], 3, LOCATIONS[n], "L1", unit, StockStatus.AVAILABLE,
                         LOCATIONS[n + 1], False, "HUB"))  # fmt: skip
    source = queries.stock_source(view)
    filters = Filters(warehouse="CMN1")
    with UnitOfWork(sessions, read_only=True) as uow:
        whole = source.page(uow.session, filters, limit=1000).rows
        paged: list[tuple] = []
        page = source.page(uow.session, filters, limit=1)
        paged += page.rows
        while not page.done:
            assert page.cursor is not None  # keyset: the next page starts after this one's key
            page = source.page(uow.session, filters, limit=1, cursor=page.cursor)
            paged += page.rows
        by_quantity = source.page(uow.session, filters, sort="quantity", limit=1000).rows
    keys = [row[:2] if view == "lot" else row[:1] for row in whole]
    assert len(whole) > 1 and keys == sorted(keys) and len(set(keys)) == len(keys)
    assert paged == whole
    assert sorted(by_quantity) == sorted(whole)
