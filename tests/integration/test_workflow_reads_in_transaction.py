"""The workflows' reads run in the unit of work's own transaction: a scan that posts a movement
and then reads stock, before its commit, reads what it has just posted (and a rollback takes it
back). On SQLite those reads go straight to the session's sqlite3 connection, not a second
one."""

from __future__ import annotations

from decimal import Decimal

from tests.integration import test_workflow_support as support
from wms.core.domain.model import MovementDraft, StockKey, StockPlace, StockStatus
from wms.core.services.ledger import Actor, post
from wms.core.services.workflows.queries import (
    location_load,
    locations_holding,
    occupancy,
    stock_entries,
)

demo_template = support.demo_template
site = support.site

WAREHOUSE = support.WAREHOUSE
ACTOR = Actor(WAREHOUSE, support.STATION, "1003")
SKU, LOT = "ARG-OIL-100", "ARG2609"  # the demo holds 120 at A-01-01-1, 24 at P-01-01-1
STORED = {"A-01-01-1", "P-01-01-1"}
DOCK = StockPlace("DOCK-01", "", StockStatus.AVAILABLE)
SHELF = StockPlace("A-01-01-2", "", StockStatus.AVAILABLE)


def key(place: StockPlace) -> StockKey:
    return StockKey(WAREHOUSE, place.location, SKU, LOT, place.handling_unit, place.status)


def on_dock(uow) -> list[tuple[str, int]]:
    return [(e.location, e.quantity) for e in stock_entries(uow, WAREHOUSE, location="DOCK-01")]


def test_a_putaway_right_after_a_receipt_in_the_same_transaction_sees_the_received_stock(site):
    with site.uow() as uow:
        post(uow, ACTOR, MovementDraft.receipt(SKU, 10, DOCK, lot=LOT))
        # nothing committed: every read below sees the receipt through the same transaction
        assert uow.ledger.on_hand(key(DOCK)) == 10
        assert on_dock(uow) == [("DOCK-01", 10)]
        assert locations_holding(uow, WAREHOUSE, SKU, LOT) == {*STORED, "DOCK-01"}
        assert location_load(uow, WAREHOUSE, "DOCK-01", {SKU: Decimal("0.5")}).units == 10
        used = occupancy(uow, WAREHOUSE, ["DOCK-01", "A-01-01-1", "A-01-01-2"], {})
        assert {code: entry.units for code, entry in used.items()} == {
            "DOCK-01": 10,
            "A-01-01-1": 120,
        }
        assert used["DOCK-01"].contents == {(SKU, LOT)}

        post(uow, ACTOR, MovementDraft.putaway(SKU, 10, DOCK, SHELF, lot=LOT))
        assert uow.ledger.on_hand(key(DOCK)) == 0
        assert uow.ledger.on_hand(key(SHELF)) == 10
        assert locations_holding(uow, WAREHOUSE, SKU, LOT) == {*STORED, "A-01-01-2"}
        assert location_load(uow, WAREHOUSE, "DOCK-01", {}).units == 0
        shelves = stock_entries(uow, WAREHOUSE, locations=["A-01-01-1", "A-01-01-2"], sku=SKU)
        assert [(e.location, e.quantity) for e in shelves] == [
            ("A-01-01-1", 120),
            ("A-01-01-2", 10),
        ]
        # left without a commit: rolled back
    with site.uow() as uow:
        assert uow.ledger.on_hand(key(DOCK)) == 0
        assert uow.ledger.on_hand(key(SHELF)) == 0
        assert on_dock(uow) == []
        assert locations_holding(uow, WAREHOUSE, SKU, LOT) == STORED


def test_stock_reads_of_no_locations_find_nothing(site):
    with site.uow() as uow:
        assert stock_entries(uow, WAREHOUSE, locations=[]) == []
        assert occupancy(uow, WAREHOUSE, [], {}) == {}
