"""Stock helpers the move and transfer workflows share: which stock may leave a location, the
lot a scan means there, taking portions of stock, checking they are still on hand."""

from __future__ import annotations

from wms.core.domain.errors import RuleViolation
from wms.core.domain.model import Location, LocationType, StockKey, StockStatus
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.workflows.queries import StockEntry, stock_entries


def statuses_at(location: Location) -> tuple[StockStatus, ...]:
    """Stock a move may take from ``location``: in quarantine, stock a supervisor released
    (available, leaving first) and quarantined stock; elsewhere, available stock."""
    if location.type is LocationType.QUARANTINE:
        return (StockStatus.AVAILABLE, StockStatus.QUARANTINED)
    return (StockStatus.AVAILABLE,)


def lot_at(entries: list[StockEntry], location: str, sku: str, scanned_lot: str | None) -> str:
    """The lot a scan means among ``entries`` (the stock of ``sku`` at ``location``): the
    scanned one, else the only one there."""
    if scanned_lot:
        return scanned_lot
    lots = sorted({e.lot for e in entries if e.sku == sku and e.quantity})
    if len(lots) > 1:
        raise RuleViolation(
            msg(
                "{sku} has lots {lots} at {location}: scan the barcode that carries the lot",
                sku=sku,
                lots=", ".join(lots),
                location=location,
            ),
            "lot_needed",
        )
    return lots[0] if lots else ""


def resolve_lot(
    uow: UnitOfWork, warehouse: str, location: str, sku: str, scanned_lot: str | None
) -> str:
    """The lot a scan means at ``location``: the scanned one, else the only one there."""
    if scanned_lot:
        return scanned_lot
    return lot_at(stock_entries(uow, warehouse, location=location, sku=sku), location, sku, None)


def portions_of(
    entries: list[StockEntry],
    location: str,
    sku: str,
    lot: str,
    quantity: int,
    statuses: tuple[StockStatus, ...],
) -> list[StockEntry]:
    """Portions of ``entries`` (stock at ``location``) making ``quantity`` of (sku, lot): by
    the order of ``statuses``, loose stock first, then units; refused if there is not enough."""
    usable = [
        e
        for e in entries
        if (e.location, e.sku, e.lot) == (location, sku, lot)
        and e.status in statuses
        and e.quantity > 0
    ]
    # in the order of ``statuses`` (released stock leaves quarantine first), loose stock first
    usable.sort(key=lambda e: (statuses.index(e.status), e.handling_unit != "", e.handling_unit))
    available = sum(e.quantity for e in usable)
    if available < quantity:
        lot_text = msg(" lot {lot}", lot=lot) if lot else ""
        raise RuleViolation(
            msg(
                "only {available} x {sku}{lot_text} at {location}, not {quantity}",
                available=available,
                sku=sku,
                lot_text=lot_text,
                location=location,
                quantity=quantity,
            ),
            "not_enough_stock",
        )
    portions: list[StockEntry] = []
    left = quantity
    for entry in usable:
        if left == 0:
            break
        part = min(left, entry.quantity)
        portions.append(
            StockEntry(entry.location, sku, lot, entry.handling_unit, entry.status, part)
        )
        left -= part
    return portions


def take(
    uow: UnitOfWork,
    warehouse: str,
    location: str,
    sku: str,
    lot: str,
    quantity: int,
    statuses: tuple[StockStatus, ...],
) -> list[StockEntry]:
    """Portions of stock making ``quantity`` at ``location``: loose stock first, then units."""
    entries = stock_entries(uow, warehouse, location=location, sku=sku, lot=lot)
    return portions_of(entries, location, sku, lot, quantity, statuses)


def verify(
    uow: UnitOfWork, warehouse: str, entries: tuple[StockEntry, ...] | list[StockEntry]
) -> None:
    """Refuse if any portion is no longer on hand (another bench moved it meanwhile)."""
    for entry in entries:
        key = StockKey(
            warehouse, entry.location, entry.sku, entry.lot, entry.handling_unit, entry.status
        )
        if uow.ledger.on_hand(key) < entry.quantity:
            raise RuleViolation(
                msg(
                    "{sku} at {location} changed since it was scanned: scan it again",
                    sku=entry.sku,
                    location=entry.location,
                ),
                "stock_changed",
            )


def describe_portions(entries: tuple[StockEntry, ...] | list[StockEntry], unit: str) -> str:
    """How messages name what moves: the pallet, or units of the first product."""
    if unit:
        return msg("pallet {unit}", unit=unit)
    units = sum(e.quantity for e in entries)
    first = entries[0]
    lot = msg(" lot {lot}", lot=first.lot) if first.lot else ""
    return msg("{units} x {sku}{lot}", units=units, sku=first.sku, lot=lot)
