"""Read queries the workflows need (stock at a location, in a handling unit, occupancy for
putaway, an ASN and what it has received, what a count has counted). Plain Core SELECTs that
return frozen values, no ORM objects.

The data-access rule of the workflows: they read through this module (and the other query
modules, e.g. :mod:`.transfer_queries`, or repository reads), write through the repositories of
the unit of work and :func:`wms.core.services.ledger.post`, never touch ``uow.session``
themselves, and run no query twice for one input (``benchmarks/bench_scan_statements.py``
counts them)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, bindparam, func, select

from wms.core.domain.model import MovementKind, Product, StockPlace, StockStatus
from wms.core.domain.text import Text
from wms.core.persistence.raw_sqlite import PreparedRead
from wms.core.persistence.tables import AsnLineRow, AsnRow, MovementRow, StockRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.persistence.workflow_tables import CountLineRow, CountTaskRow
from wms.core.services import owners


@dataclass(frozen=True)
class StockEntry:
    """One stock projection row (a quantity at one key)."""

    location: str
    sku: str
    lot: str
    handling_unit: str
    status: StockStatus
    quantity: int

    @property
    def place(self) -> StockPlace:
        return StockPlace(self.location, self.handling_unit, self.status)


def stock_entries(
    uow: UnitOfWork,
    warehouse: str,
    *,
    location: str | None = None,
    sku: str | None = None,
    lot: str | None = None,
    handling_unit: str | None = None,
    locations: Iterable[str] | None = None,
    owner: str | None = None,
) -> list[StockEntry]:
    wanted = list(locations) if locations is not None else None
    read = _stock_entries_read(
        owner is not None,
        location is not None,
        None if wanted is None else len(wanted),
        sku is not None,
        lot is not None,
        handling_unit is not None,
    )
    parameters: dict[str, object] = {
        "warehouse": warehouse,
        "owner": owner,
        "location": location,
        "sku": sku,
        "lot": lot,
        "handling_unit": handling_unit,
    }
    if wanted is not None:
        parameters.update((f"location_{n}", code) for n, code in enumerate(wanted))
    return [
        StockEntry(location, sku, lot, handling_unit, StockStatus(status), quantity)
        for location, sku, lot, handling_unit, status, quantity in read.rows(
            uow.session, parameters
        )
    ]


@functools.cache
def _stock_entries_read(
    owner: bool, location: bool, locations: int | None, sku: bool, lot: bool, handling_unit: bool
) -> PreparedRead:
    """The statement of :func:`stock_entries` for the filters given (``locations``: how many
    codes its ``IN`` takes, as SQLAlchemy would expand the list)."""
    s = StockRow.__table__.c
    statement = select(s.location, s.sku, s.lot, s.handling_unit, s.status, s.quantity).where(
        s.warehouse == bindparam("warehouse")
    )
    if owner:
        statement = statement.where(s.owner == bindparam("owner"))
    if location:
        statement = statement.where(s.location == bindparam("location"))
    if locations is not None:
        statement = statement.where(_any_of(s.location, locations))
    if sku:
        statement = statement.where(s.sku == bindparam("sku"))
    if lot:
        statement = statement.where(s.lot == bindparam("lot"))
    if handling_unit:
        statement = statement.where(s.handling_unit == bindparam("handling_unit"))
    statement = statement.order_by(s.location, s.sku, s.lot, s.handling_unit, s.status)
    return PreparedRead(statement)


def _any_of(column: ColumnElement[str], count: int) -> ColumnElement[bool]:
    """``column IN (?, …)`` over ``count`` parameters ``location_0``…: the statement SQLAlchemy
    sends for a list of ``count`` values (none: its own empty IN, which it runs itself)."""
    if count == 0:
        return column.in_([])
    return column.in_([bindparam(f"location_{n}") for n in range(count)])


@dataclass
class Occupancy:
    units: int = 0
    kg: Decimal = Decimal("0")
    contents: set[tuple[str, str]] | None = None  # (sku, lot)


def occupancy(
    uow: UnitOfWork, warehouse: str, locations: Sequence[str], weight_of: dict[str, Decimal]
) -> dict[str, Occupancy]:
    """Units, weight and (sku, lot) contents of ``locations`` (those holding stock only).

    Reads the stock projection through its unique index (warehouse, location, ...), so it
    costs the same whatever the size of the stock table; putaway asks for its candidates a
    few dozen at a time, nearest first."""
    parameters: dict[str, object] = {"warehouse": warehouse}
    parameters.update((f"location_{n}", code) for n, code in enumerate(locations))
    result: dict[str, Occupancy] = {}
    zero = Decimal("0")
    for location, sku, lot, summed in _occupancy_read(len(locations)).rows(uow.session, parameters):
        quantity = int(summed or 0)
        if quantity <= 0:
            continue
        entry = result.setdefault(location, Occupancy(contents=set()))
        entry.units += quantity
        entry.kg += weight_of.get(sku, zero) * quantity
        assert entry.contents is not None
        entry.contents.add((sku, lot))
    return result


@functools.cache
def _occupancy_read(count: int) -> PreparedRead:
    s = StockRow.__table__.c
    return PreparedRead(
        select(s.location, s.sku, s.lot, func.sum(s.quantity).label("quantity"))
        .where(s.warehouse == bindparam("warehouse"), _any_of(s.location, count))
        .group_by(s.location, s.sku, s.lot)
    )


def _locations_holding_statement() -> Select[tuple[str]]:
    s = StockRow.__table__.c
    return (
        select(s.location)
        .where(s.sku == bindparam("sku"), s.warehouse == bindparam("warehouse"),
               s.lot == bindparam("lot"))
        .group_by(s.location)
        .having(func.sum(s.quantity) > 0)
    )  # fmt: skip


_LOCATIONS_HOLDING = PreparedRead(_locations_holding_statement())


def locations_holding(uow: UnitOfWork, warehouse: str, sku: str, lot: str) -> set[str]:
    """Locations where ``sku`` / ``lot`` is on hand (through the stock projection's sku index:
    as many rows as locations holding the product, whatever the number of movements)."""
    rows = _LOCATIONS_HOLDING.rows(uow.session, {"sku": sku, "warehouse": warehouse, "lot": lot})
    return {row[0] for row in rows}


def _location_load_statement() -> Select[tuple[str, int]]:
    s = StockRow.__table__.c
    return (
        select(s.sku, func.sum(s.quantity).label("quantity"))
        .where(s.warehouse == bindparam("warehouse"), s.location == bindparam("location"))
        .group_by(s.sku)
    )


_LOCATION_LOAD = PreparedRead(_location_load_statement())


def location_load(
    uow: UnitOfWork, warehouse: str, location: str, weight_of: dict[str, Decimal]
) -> Occupancy:
    load = Occupancy(contents=set())
    rows = _LOCATION_LOAD.rows(uow.session, {"warehouse": warehouse, "location": location})
    for sku, summed in rows:
        quantity = int(summed or 0)
        if quantity > 0:
            load.units += quantity
            load.kg += weight_of.get(sku, Decimal("0")) * quantity
    return load


def received_by_sku(uow: UnitOfWork, warehouse: str, reference: str) -> dict[str, int]:
    """Units received so far against a document (RECEIVE movements with that reference)."""
    m = MovementRow.__table__.c
    statement = (
        select(m.sku, func.sum(m.quantity).label("quantity"))
        .where(
            m.reference == reference,
            m.warehouse == warehouse,
            m.kind == MovementKind.RECEIVE.value,
        )
        .group_by(m.sku)
    )
    return {row.sku: int(row.quantity or 0) for row in uow.session.execute(statement)}


def weights(products: Iterable[Product]) -> dict[str, Decimal]:
    return {p.sku: p.weight_kg for p in products}


def received_of(uow: UnitOfWork, warehouse: str, reference: str, sku: str) -> int:
    """Units of ``sku`` received so far against a document."""
    m = MovementRow.__table__.c
    statement = select(func.sum(m.quantity)).where(
        m.reference == reference,
        m.warehouse == warehouse,
        m.kind == MovementKind.RECEIVE.value,
        m.sku == sku,
    )
    return int(uow.session.execute(statement).scalar() or 0)


@dataclass(frozen=True)
class AsnLine:
    line: int
    sku: str
    quantity: int
    lot: str
    expiry: date | None


@dataclass(frozen=True)
class Asn:
    number: str
    warehouse: str
    supplier: str
    status: str
    lines: tuple[AsnLine, ...]
    owner: str = "HUB"


def asn(uow: UnitOfWork, number: str) -> Asn | None:
    """The ASN called ``number`` with its lines (by line number), or None."""
    a = AsnRow.__table__.c
    header = uow.session.execute(
        select(a.number, a.warehouse, a.supplier, a.status, a.owner).where(a.number == number)
    ).first()
    if header is None:
        return None
    n = AsnLineRow.__table__.c
    lines = uow.session.execute(
        select(n.line, n.sku, n.quantity, n.lot, n.expiry).where(n.asn == number).order_by(n.line)
    )
    return Asn(
        header.number,
        header.warehouse,
        header.supplier,
        header.status,
        tuple(AsnLine(r.line, r.sku, r.quantity, r.lot, r.expiry) for r in lines),
        header.owner,
    )


def counted_by_item(uow: UnitOfWork, task: int) -> dict[tuple[str, str], int]:
    """Units a count task has counted so far, per (sku, lot)."""
    c = CountLineRow.__table__.c
    rows = uow.session.execute(select(c.sku, c.lot, c.quantity).where(c.task == task))
    return {(row.sku, row.lot): row.quantity for row in rows}


def count_task_status(uow: UnitOfWork, task: int) -> str | None:
    """``open``, ``counted``… of a count task, or None if there is no such task."""
    t = CountTaskRow.__table__.c
    status = uow.session.execute(select(t.status).where(t.id == task)).scalar()
    return None if status is None else str(status)


def movements_per_location(
    uow: UnitOfWork, warehouse: str, since: datetime | None = None
) -> dict[str, int]:
    """Number of movements touching each location (optionally since a time)."""
    m = MovementRow.__table__.c
    counts: dict[str, int] = {}
    for column in (m.from_location, m.to_location):
        statement = (
            select(column, func.count())
            .where(m.warehouse == warehouse, column != "")
            .group_by(column)
        )
        if since is not None:
            statement = statement.where(m.created_at >= since)
        for code, count in uow.session.execute(statement):
            counts[code] = counts.get(code, 0) + int(count)
    return counts


def require_same_owner(
    uow: UnitOfWork, sku: str, product_owner: str, document: Text, document_owner: str
) -> None:
    """Refuse a scanned product of another owner than the document's (both owners named)."""
    owners.require_same_owner(uow.session, sku, product_owner, document, document_owner)


def order_owner(uow: UnitOfWork, number: str) -> str:
    """The stock owner of order ``number``."""
    return owners.order_owner(uow.session, number)
