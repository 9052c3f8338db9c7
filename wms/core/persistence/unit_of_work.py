"""Unit of work: one database transaction that rolls back unless ``commit()`` is called."""

from __future__ import annotations

from functools import cached_property
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import StorageError
from wms.core.persistence.engine import READ_ONLY, session_factory
from wms.core.persistence.hub_repository import HubRepository
from wms.core.persistence.ledger_repository import LedgerRepository
from wms.core.persistence.outbound_repositories import (
    AllocationRepository,
    CartonRepository,
    OrderRepository,
    PackCheckRepository,
    ParcelRepository,
    PickingRepository,
    PrintJobRepository,
    ShipmentRepository,
    SortationRepository,
)
from wms.core.persistence.repositories import (
    HandlingUnitRepository,
    LocationRepository,
    LotRepository,
    OperatorRepository,
    ProductRepository,
    WarehouseRepository,
)
from wms.core.persistence.workflow_repositories import (
    AdjustmentRepository,
    CountRepository,
    DocumentRepository,
    TransferRepository,
)


class UnitOfWork:
    """``with UnitOfWork(sessions) as uow: ...; uow.commit()``.

    Leaving the block without ``commit()`` (or through an exception) rolls everything back, so
    a refused scan never leaves half-done state behind.

    A ``read_only`` unit of work begins a deferred transaction on SQLite (no write lock: it
    does not wait for another station's commit, nor make one wait) and refuses ``commit()``.
    """

    session: Session

    def __init__(
        self, sessions: sessionmaker[Session] | Engine, *, read_only: bool = False
    ) -> None:
        self._sessions = session_factory(sessions) if isinstance(sessions, Engine) else sessions
        self.read_only = read_only

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        if self.read_only:  # the transaction begins now, deferred
            self.session.connection(execution_options={READ_ONLY: True})
        for name in _REPOSITORIES:  # built on first use (a scan touches one or two)
            self.__dict__.pop(name, None)
        return self

    @cached_property
    def warehouses(self) -> WarehouseRepository:
        return WarehouseRepository(self.session)

    @cached_property
    def locations(self) -> LocationRepository:
        return LocationRepository(self.session)

    @cached_property
    def products(self) -> ProductRepository:
        return ProductRepository(self.session)

    @cached_property
    def lots(self) -> LotRepository:
        return LotRepository(self.session)

    @cached_property
    def handling_units(self) -> HandlingUnitRepository:
        return HandlingUnitRepository(self.session)

    @cached_property
    def operators(self) -> OperatorRepository:
        return OperatorRepository(self.session)

    @cached_property
    def ledger(self) -> LedgerRepository:
        return LedgerRepository(self.session)

    @cached_property
    def documents(self) -> DocumentRepository:
        return DocumentRepository(self.session)

    @cached_property
    def counts(self) -> CountRepository:
        return CountRepository(self.session)

    @cached_property
    def adjustments(self) -> AdjustmentRepository:
        return AdjustmentRepository(self.session)

    @cached_property
    def transfers(self) -> TransferRepository:
        return TransferRepository(self.session)

    @cached_property
    def orders(self) -> OrderRepository:
        return OrderRepository(self.session)

    @cached_property
    def allocations(self) -> AllocationRepository:
        return AllocationRepository(self.session)

    @cached_property
    def picking(self) -> PickingRepository:
        return PickingRepository(self.session)

    @cached_property
    def sortation(self) -> SortationRepository:
        return SortationRepository(self.session)

    @cached_property
    def parcels(self) -> ParcelRepository:
        return ParcelRepository(self.session)

    @cached_property
    def pack_checks(self) -> PackCheckRepository:
        return PackCheckRepository(self.session)

    @cached_property
    def shipments(self) -> ShipmentRepository:
        return ShipmentRepository(self.session)

    @cached_property
    def cartons(self) -> CartonRepository:
        return CartonRepository(self.session)

    @cached_property
    def print_jobs(self) -> PrintJobRepository:
        return PrintJobRepository(self.session)

    @cached_property
    def hub(self) -> HubRepository:
        return HubRepository(self.session)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
        if isinstance(exc, DBAPIError):
            raise StorageError(f"database error, nothing was saved: {exc.orig}") from exc

    def commit(self) -> None:
        if self.read_only:
            raise StorageError("a read-only unit of work was asked to commit: nothing was saved")
        try:
            self.session.commit()
        except DBAPIError as error:
            self.session.rollback()
            raise StorageError(f"database error, nothing was saved: {error.orig}") from error

    def rollback(self) -> None:
        self.session.rollback()


_REPOSITORIES = (
    "warehouses",
    "locations",
    "products",
    "lots",
    "handling_units",
    "operators",
    "ledger",
    "documents",
    "counts",
    "adjustments",
    "transfers",
    "orders",
    "allocations",
    "picking",
    "sortation",
    "parcels",
    "pack_checks",
    "shipments",
    "cartons",
    "print_jobs",
    "hub",
)
