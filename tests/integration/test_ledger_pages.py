"""The ledger screen pages newest first with keyset paging: a location's (or a handling unit's)
pages, read one side at a time through its own index and merged, are exactly the movements the
plain either-side filter finds, in the same order, none twice, none lost, whatever the page
size."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from sqlalchemy import select

from tests.integration import test_workflow_support as support
from wms.core.domain.model import MovementDraft, MovementKind, StockStatus
from wms.core.persistence.tables import MovementRow
from wms.core.services import queries
from wms.core.services.ledger import Actor, post
from wms.core.services.queries.paging import Filters

demo_template = support.demo_template
site = support.site

PLACES = ("C-01-01-1", "C-01-02-1", "C-02-01-1")
UNITS = ("", "", "003761234500000017", "003761234500000024")


def shuffle_tajines(site, count: int) -> None:
    """Moves between three locations (sometimes from a place to itself), into and out of two
    handling units, in random order, with the clock advancing a second each."""
    rng = random.Random(count)
    actor = replace(Actor("CMN1", "CMN1-T05", "1001"), clock=site.clock)
    with site.uow() as uow:
        post(uow, actor, MovementDraft(MovementKind.RECEIVE, "CER-TAJ-28", 500,
                                       to_location=PLACES[0], raw_scan="seed"))  # fmt: skip
        for n in range(count):
            site.clock.advance(seconds=1)
            origin, target = rng.choice(PLACES), rng.choice(PLACES)
            from_unit, to_unit = rng.choice(UNITS), rng.choice(UNITS)
            post(uow, actor, MovementDraft(
                MovementKind.MOVE, "CER-TAJ-28", 1 + n % 3,
                from_location=origin, to_location=target,
                from_handling_unit=from_unit, to_handling_unit=to_unit,
                from_status=StockStatus.AVAILABLE, to_status=StockStatus.AVAILABLE,
                raw_scan=f"move {n}",
            ))  # fmt: skip
        uow.commit()


def all_pages(site, filters: Filters, size: int) -> list[tuple]:
    source = queries.movements_source()
    rows: list[tuple] = []
    cursor = None
    with site.uow() as uow:
        while True:
            page = source.page(uow.session, filters, descending=True, cursor=cursor, limit=size)
            rows.extend(page.rows)
            if page.done:
                return rows
            cursor = page.cursor


def either_side(site, filters: Filters) -> list[tuple]:
    """What the plain statement (an OR of both sides) returns, newest first."""
    source = queries.movements_source()
    with site.uow() as uow:
        statement = source.statement(filters, "id", True)
        return [tuple(row) for row in uow.session.execute(statement)]


@pytest.mark.parametrize("size", [1, 7, 50, 1000])
@pytest.mark.parametrize(
    "filters",
    [
        Filters(warehouse="CMN1", location="C-01-02-1"),
        Filters(warehouse="CMN1", handling_unit="003761234500000017"),
        Filters(warehouse="CMN1", location="C-01-01-1", handling_unit="003761234500000024"),
        Filters(warehouse="CMN1", sku="CER-TAJ-28"),
    ],
    ids=["location", "handling unit", "location and unit", "product"],
)
def test_keyset_pages_of_a_ledger_are_the_either_side_rows_in_order(site, filters, size):
    shuffle_tajines(site, 120)
    expected = either_side(site, filters)
    assert len(expected) > 10  # the filter does find movements on both sides
    paged = all_pages(site, filters, size)
    assert paged == expected
    ids = [row[-1] for row in paged]
    assert len(ids) == len(set(ids))


def test_a_movement_from_a_place_to_itself_is_listed_once(site):
    shuffle_tajines(site, 60)
    filters = Filters(warehouse="CMN1", location="C-02-01-1")
    paged = all_pages(site, filters, 5)
    with site.uow() as uow:
        both = set(
            uow.session.scalars(
                select(MovementRow.id).where(
                    MovementRow.from_location == "C-02-01-1",
                    MovementRow.to_location == "C-02-01-1",
                )
            )
        )
    assert both, "the data has movements from C-02-01-1 to itself"
    listed = [row[-1] for row in paged if row[-1] in both]
    assert sorted(listed) == sorted(both)
