"""The station as a workflow sees it: the database, who and where, the clock, the settings and
a per-session cache of master data."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.clock import Clock
from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.model import (
    Location,
    LocationType,
    Movement,
    MovementDraft,
    Operator,
    Product,
    ProductGtin,
)
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor, post
from wms.core.services.outbound.printing import PrintRouting
from wms.core.services.workflows.settings import WorkflowSettings


class MasterData:
    """Per-session cache of products (by GTIN and SKU) and of the warehouse's locations.

    Master data changes rarely (imports, sync); the session clears the cache at each login and
    mode change, so a station picks up changes without a lookup on every scan.
    """

    def __init__(self, warehouse: str) -> None:
        self.warehouse = warehouse
        self._by_gtin: dict[str, tuple[Product, ProductGtin]] = {}
        self._by_sku: dict[str, Product] = {}
        self._locations: dict[str, Location] | None = None
        self._weights: dict[str, Decimal] | None = None

    def clear(self) -> None:
        self._by_gtin.clear()
        self._by_sku.clear()
        self._locations = None
        self._weights = None

    def weights(self, uow: UnitOfWork) -> dict[str, Decimal]:
        """Unit weight (kg) of every product, for capacity checks."""
        if self._weights is None:
            self._weights = uow.products.unit_weights()
        return self._weights

    def product_by_gtin(self, uow: UnitOfWork, gtin: str) -> tuple[Product, ProductGtin] | None:
        key = gtin.zfill(14)
        found = self._by_gtin.get(key)
        if found is None:
            found = uow.products.by_gtin(key)
            if found is not None:
                self._by_gtin[key] = found
                self._by_sku[found[0].sku] = found[0]
        return found

    def product(self, uow: UnitOfWork, sku: str) -> Product:
        found = self._by_sku.get(sku)
        if found is None:
            found = uow.products.require(sku)
            self._by_sku[sku] = found
        return found

    def locations(self, uow: UnitOfWork) -> dict[str, Location]:
        if self._locations is None:
            self._locations = uow.locations.active(self.warehouse)
        return self._locations

    def location(self, uow: UnitOfWork, code: str) -> Location | None:
        return self.locations(uow).get(code.strip().upper())

    def require_location(self, uow: UnitOfWork, code: str) -> Location:
        found = self.location(uow, code)
        if found is None:
            raise NotFound(
                msg("location"),
                code,
                msg("not a location of warehouse {warehouse}", warehouse=self.warehouse),
            )
        return found

    def of_type(self, uow: UnitOfWork, *types: LocationType) -> list[Location]:
        found = [loc for loc in self.locations(uow).values() if loc.type in types]
        return sorted(found, key=lambda loc: (loc.walk_sequence, loc.code))


class Runtime:
    """The station as a workflow sees it: database, who and where, the clock, the rules."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        warehouse: str,
        station: str,
        clock: Clock,
        settings: WorkflowSettings,
        printing: PrintRouting,
    ) -> None:
        self.sessions = sessions
        self.printing = printing
        self.warehouse = warehouse
        self.station = station
        self.clock = clock
        self.settings = settings
        self.operator: Operator | None = None
        self.master = MasterData(warehouse)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    def reader(self) -> UnitOfWork:
        """A unit of work for an input that only reads (a proposal, NEXT, an item check): it
        takes no write lock and cannot commit."""
        return UnitOfWork(self.sessions, read_only=True)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    @property
    def badge(self) -> str:
        if self.operator is None:
            raise RuleViolation(msg("log in first: scan your badge"), "not_logged_in")
        return self.operator.badge

    def actor(self, warehouse: str | None = None) -> Actor:
        return Actor(warehouse or self.warehouse, self.station, self.badge, self.clock)

    def post(self, uow: UnitOfWork, draft: MovementDraft, warehouse: str | None = None) -> Movement:
        return post(uow, self.actor(warehouse), draft)

    def post_all(self, uow: UnitOfWork, drafts: Iterable[MovementDraft]) -> list[Movement]:
        return [self.post(uow, draft) for draft in drafts]

    def default_dock(self, uow: UnitOfWork) -> Location:
        if self.settings.dock:
            dock = self.master.require_location(uow, self.settings.dock)
            return dock
        docks = self.master.of_type(uow, LocationType.DOCK, LocationType.RECEIVING)
        if not docks:
            raise RuleViolation(
                msg(
                    "warehouse {warehouse} has no dock or receiving "
                    "location: expected at least one to receive "
                    "at",
                    warehouse=self.warehouse,
                ),
                "no_dock",
            )
        return docks[0]
