"""Unit of work: one database transaction that rolls back unless ``commit()`` is called."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import StorageError
from wms.core.persistence.engine import session_factory
from wms.core.persistence.repositories import (
    HandlingUnitRepository,
    LedgerRepository,
    LocationRepository,
    LotRepository,
    OperatorRepository,
    ProductRepository,
    WarehouseRepository,
)


class UnitOfWork:
    """``with UnitOfWork(sessions) as uow: ...; uow.commit()``.

    Leaving the block without ``commit()`` (or through an exception) rolls everything back, so
    a refused scan never leaves half-done state behind.
    """

    session: Session

    def __init__(self, sessions: sessionmaker[Session] | Engine) -> None:
        self._sessions = session_factory(sessions) if isinstance(sessions, Engine) else sessions

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self.warehouses = WarehouseRepository(self.session)
        self.locations = LocationRepository(self.session)
        self.products = ProductRepository(self.session)
        self.lots = LotRepository(self.session)
        self.handling_units = HandlingUnitRepository(self.session)
        self.operators = OperatorRepository(self.session)
        self.ledger = LedgerRepository(self.session)
        return self

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
        try:
            self.session.commit()
        except DBAPIError as error:
            self.session.rollback()
            raise StorageError(f"database error, nothing was saved: {error.orig}") from error

    def rollback(self) -> None:
        self.session.rollback()
