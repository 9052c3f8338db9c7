"""CSV imports: owners, products, locations, ASNs, orders and sort plans.

A file is imported whole or not at all. Every row is checked first (in Python, without the
database), then the file is cross-checked against the database (unknown SKUs, GTINs of other
products, unknown locations, document numbers that already exist); every problem found is
reported at once as ``line N, column C: what was wrong`` in :class:`ImportRefused`. Only a
file without problems is written, with bulk ``executemany`` inserts in one transaction.

Use::

    result = import_file(sessions, "products", "products.csv", warehouse="CMN1")
    print(result.summary())   # imported 3 products (3 new, 0 updated)

The formats are described in ``the README's 'CSV formats' section``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import ConfigError, ImportRefused, InvalidValue, Problem, StorageError
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.imports_base import (
    ImportResult,
    Progress,
    bulk_cache,
    paused_gc,
    resolve_warehouse,
)
from wms.core.services.imports_csv import CsvFormat, CsvTable, ProgressCallback, read_csv
from wms.core.services.imports_documents import (
    ASN,
    ORDERS,
    SORTPLAN,
    AsnImport,
    OrderImport,
    SortPlanImport,
)
from wms.core.services.imports_locations import LOCATIONS, LocationImport
from wms.core.services.imports_owners import OWNERS, OwnerImport
from wms.core.services.imports_products import PRODUCTS, ProductImport

__all__ = [
    "FORMATS",
    "KINDS",
    "ImportResult",
    "ProgressCallback",
    "import_bytes",
    "import_file",
]


class _Import(Protocol):
    def validate(self, progress: Progress) -> list[Problem]: ...

    def check(self, session: Session) -> list[Problem]: ...

    def write(self, session: Session, progress: Progress) -> ImportResult: ...


_WAREHOUSE_IMPORTS: dict[str, Callable[[CsvTable, str], _Import]] = {
    "locations": LocationImport,
    "asn": AsnImport,
    "orders": OrderImport,
    "sortplan": SortPlanImport,
}

FORMATS: dict[str, CsvFormat] = {
    "owners": OWNERS,
    "products": PRODUCTS,
    "locations": LOCATIONS,
    "asn": ASN,
    "orders": ORDERS,
    "sortplan": SORTPLAN,
}
"""The columns of each import kind (``FORMATS[kind].columns``, ``.required``)."""

KINDS = tuple(FORMATS)


def import_file(
    sessions: sessionmaker[Session] | Engine,
    kind: str,
    path: str | Path,
    *,
    warehouse: str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import the CSV file at ``path`` as ``kind`` (one of :data:`KINDS`), all or nothing.

    ``warehouse`` defaults to the database's only warehouse (products need one only for
    ``fixed_location``). ``progress(done, total)`` is called now and then. Raises
    :class:`ImportRefused` listing every problem; nothing is written then.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise InvalidValue("CSV file", str(path), "an existing file", "no such file") from error
    except OSError as error:
        raise StorageError(f"cannot read '{path}': {error.strerror or error}") from error
    return import_bytes(
        sessions, kind, data, source=str(path), warehouse=warehouse, progress=progress
    )


def import_bytes(
    sessions: sessionmaker[Session] | Engine,
    kind: str,
    data: bytes | str,
    *,
    source: str = "<csv>",
    warehouse: str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import CSV ``data`` (bytes as read from a file, or text) as ``kind``; see
    :func:`import_file`. ``source`` names the data in messages."""
    if kind not in FORMATS:
        raise InvalidValue("import kind", kind, f"one of {', '.join(KINDS)}", "another word")
    with paused_gc():
        # the rows, records and caches are freed on leaving _import, before the collector is on
        # again: its first pass then walks what is still alive, not every object of the import
        result, tracker = _import(sessions, kind, data, source, warehouse, progress)
    tracker.finish()
    return result


def _import(
    sessions: sessionmaker[Session] | Engine,
    kind: str,
    data: bytes | str,
    source: str,
    warehouse: str | None,
    progress: ProgressCallback | None,
) -> tuple[ImportResult, Progress]:
    table = read_csv(data, source, FORMATS[kind])
    tracker = Progress(progress, len(table.rows))
    with UnitOfWork(sessions) as uow:
        importer = _importer(uow.session, kind, table, warehouse)
        problems = importer.validate(tracker)
        problems.extend(importer.check(uow.session))
        found = table.finish(problems)
        if found:
            raise ImportRefused(source, found)
        with bulk_cache(uow.session):
            result = importer.write(uow.session, tracker)
            uow.commit()
    return result, tracker


def _importer(session: Session, kind: str, table: CsvTable, warehouse: str | None) -> _Import:
    if kind in _WAREHOUSE_IMPORTS:
        return _WAREHOUSE_IMPORTS[kind](table, resolve_warehouse(session, warehouse))
    if kind == "owners":
        return OwnerImport(table)
    if warehouse:
        return ProductImport(table, resolve_warehouse(session, warehouse))
    try:
        return ProductImport(table, resolve_warehouse(session, None))
    except ConfigError:  # products need a warehouse only for fixed_location
        return ProductImport(table, None)
