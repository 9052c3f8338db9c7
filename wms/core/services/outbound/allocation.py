"""Allocation: reserve stock for order lines, FEFO for expiry-tracked products, FIFO otherwise.

Representation (decided here, relied on by picking, ``wms stock`` and the tests):

* an :class:`~wms.core.persistence.outbound_tables.AllocationRow` per order line × stock key
  (location, lot, handling unit) with the reserved quantity, and
* a ``status`` movement ``available → reserved`` at that same stock key (reference = the order
  number), so the stock projection holds the reserved units in a ``reserved`` row: ``wms stock``
  shows them and no other order can allocate them (allocation only ever takes ``available``).

Freeing a reservation (cancel, short pick) is the reverse ``reserved → available`` movement; a
pick takes the units from the ``reserved`` row.

Which stock may be allocated: ``available`` stock at storage and pick-face locations only (never
quarantine, docks, staging...). For an expiry-tracked product, a lot that has expired, or that
expires before ``today + order.min_shelf_life_days``, is never allocated.

Order of preference (the removal strategy):

* FEFO (product tracks expiry): earliest expiry first; lots without a known expiry last;
* FIFO (otherwise): oldest receipt first. The receipt time is derived from the ledger: for a lot,
  the first movement that brought that lot into the warehouse; for stock without a lot, the
  arrival time of the oldest unit still at that location / handling unit (walking the arrivals at
  that key newest-first until they add up to what is on hand);
* ties: the location's walking sequence, then its code (so the picker walks less).

Partial allocation is explicit: an order whose lines cannot all be reserved in full becomes
``backordered`` and *keeps* what was reserved (first come, first served); allocating it again
later tops it up. ``deallocate_order`` gives everything back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from wms.core.domain.errors import RuleViolation
from wms.core.domain.model import LocationType, MovementDraft, StockPlace, StockStatus
from wms.core.domain.owners import HUB_OWNER
from wms.core.domain.text import msg
from wms.core.persistence.outbound_repositories import LineItem
from wms.core.persistence.outbound_tables import AllocationRow
from wms.core.persistence.tables import OrderLineRow, OrderRow, ProductRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor, post, post_all
from wms.core.services.outbound import queries
from wms.core.services.outbound.common import order_lines, require_order

ALLOCATABLE_TYPES = (LocationType.STORAGE.value, LocationType.PICK_FACE.value)
#: Allocation states that still hold stock for the order line.
HOLDING_STATES = ("reserved", "picked")
ALLOCATABLE_ORDER_STATUSES = ("open", "backordered", "allocated")
#: an order line: the row, or its number, product and quantity as a wave reads them
OrderLine = LineItem | OrderLineRow
_FAR_FUTURE = date.max
_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Candidate:
    """Available stock at one key that an order line may take, with what ranks it."""

    location: str
    lot: str
    handling_unit: str
    available: int
    expiry: date | None
    received_at: datetime | None
    walk_sequence: int
    zone: str = ""
    #: the stock owner of the units (an order takes only its own owner's stock)
    owner: str = HUB_OWNER

    def fefo_key(self) -> tuple[date, datetime, int, str, str, str]:
        return (self.expiry or _FAR_FUTURE, *self.fifo_key())

    def fifo_key(self) -> tuple[datetime, int, str, str, str]:
        received = (self.received_at or _EPOCH).replace(tzinfo=None)
        return (received, self.walk_sequence, self.location, self.lot, self.handling_unit)


@dataclass(slots=True)
class NewAllocation:
    """An allocation a wave made and has not written yet: the wave inserts its reservations
    together once every order is allocated (``AllocationCache.new``), an ``AllocationRow``
    each, ``reserved`` with nothing picked."""

    warehouse: str
    order: str
    line: int
    sku: str
    location: str
    lot: str
    handling_unit: str
    quantity: int
    strategy: str
    created_at: datetime


@dataclass
class LineResult:
    order: str
    line: int
    sku: str
    ordered: int
    held: int
    strategy: str
    new: Sequence[AllocationRow | NewAllocation] = field(default_factory=list)

    @property
    def short(self) -> int:
        return max(self.ordered - self.held, 0)


@dataclass
class OrderResult:
    order: str
    status: str
    lines: list[LineResult]

    @property
    def complete(self) -> bool:
        return all(line.short == 0 for line in self.lines)

    def shortages(self) -> str:
        return ", ".join(
            f"line {ln.line} {ln.sku} short {ln.short} of {ln.ordered}"
            for ln in self.lines
            if ln.short
        )


class AllocationCache:
    """Per-transaction memo: product rows, ledger-derived receipt times and the available
    stock of each SKU (read once, then kept up to date by :func:`reserve`). Valid only inside
    the one unit of work that made it, where nothing else changes stock.

    A wave (``defer_posting``) also prefetches its orders' lines and what they hold
    (:meth:`prefetch`) and collects the reservation movements in ``pending``, to post them
    together (:meth:`post_pending`) once every order is allocated: the availability it tracks
    already counts them, so no allocation reads stock they would have changed. It collects the
    allocations too (``new``, in the order they were made) and leaves the orders' rows alone:
    the wave writes the allocations and the orders' statuses together, with a few statements
    instead of an object per row (``OrderResult.status`` says what each order became);
    ``holding`` names the orders that held units before the wave."""

    def __init__(self, *, defer_posting: bool = False) -> None:
        self.products: dict[str, ProductRow] = {}
        self.receipts: dict[str, _Receipts] = {}
        self.stock: dict[str, list[Candidate]] = {}
        self.available: dict[tuple[str, str, str, str], int] = {}
        self.defer_posting = defer_posting
        self.pending: list[MovementDraft] = []
        self.lines: dict[str, list[LineItem]] = {}
        self.held: dict[str, dict[int, int]] = {}
        self.orders: dict[str, OrderRow] = {}
        self.new: list[NewAllocation] = []
        self.holding: set[str] = set()

    def prefetch(self, uow: UnitOfWork, warehouse: str, orders: Sequence[OrderRow]) -> None:
        """The rows of ``orders`` (of ``warehouse``), their lines and what each line holds,
        in a few statements."""
        numbers = [order.number for order in orders]
        self.orders.update(zip(numbers, orders, strict=True))
        self.lines.update(uow.orders.line_items_of(numbers))
        self.held.update(uow.allocations.held_by_order_line(warehouse, numbers, HOLDING_STATES))

    def post_pending(self, uow: UnitOfWork, actor: Actor) -> int:
        """Post the collected reservation movements, in the order they were made."""
        drafts, self.pending = self.pending, []
        return post_all(uow, actor, drafts)


@dataclass
class _Receipts:
    lot_first: dict[str, datetime]
    arrivals: dict[tuple[str, str], list[tuple[datetime, int]]]  # newest first


def _product(uow: UnitOfWork, cache: AllocationCache, sku: str) -> ProductRow:
    row = cache.products.get(sku)
    if row is None:
        row = queries.product_row(uow, sku)
        if row is None:
            raise RuleViolation(msg("order line SKU '{sku}' is not in the product master", sku=sku))
        cache.products[sku] = row
    return row


def _receipts(uow: UnitOfWork, warehouse: str, sku: str, cache: AllocationCache) -> _Receipts:
    found = cache.receipts.get(sku)
    if found is not None:
        return found
    rows = queries.arrivals(uow, warehouse, sku)
    lot_first: dict[str, datetime] = {}
    arrivals: dict[tuple[str, str], list[tuple[datetime, int]]] = defaultdict(list)
    for row in rows:
        at = row.created_at.replace(tzinfo=None)
        if row.lot:
            lot_first[row.lot] = at  # rows are newest first: the last one seen is the first
        if row.quantity > 0:
            arrivals[(row.to_location, row.to_handling_unit)].append((at, row.quantity))
    found = _Receipts(lot_first, dict(arrivals))
    cache.receipts[sku] = found
    return found


def _oldest_unit_arrival(
    arrivals: list[tuple[datetime, int]] | None, on_hand: int
) -> datetime | None:
    if not arrivals:
        return None
    total = 0
    for at, quantity in arrivals:
        total += quantity
        if total >= on_hand:
            return at
    return arrivals[-1][0]


def candidates(
    uow: UnitOfWork,
    warehouse: str,
    sku: str,
    *,
    today: date,
    min_shelf_life_days: int = 0,
    exclude_locations: Iterable[str] = (),
    cache: AllocationCache | None = None,
    owner: str | None = None,
) -> tuple[list[Candidate], str]:
    """Available stock of ``sku`` that may be allocated, best first, and the strategy used;
    with ``owner``, only that owner's stock (an order never takes another merchant's units)."""
    eligible, strategy = _eligible(
        uow, warehouse, sku, today, min_shelf_life_days, exclude_locations, cache, owner
    )
    return [replace(c, available=available) for c, available in eligible], strategy


def _eligible(
    uow: UnitOfWork,
    warehouse: str,
    sku: str,
    today: date,
    min_shelf_life_days: int,
    exclude_locations: Iterable[str],
    cache: AllocationCache | None,
    owner: str | None,
) -> tuple[Iterator[tuple[Candidate, int]], str]:
    """:func:`candidates` as it goes: each eligible key with what is available there now, best
    first (an allocation stops reading once its line is served; no copy of each key)."""
    cache = cache or AllocationCache()
    product = _product(uow, cache, sku)
    fefo = bool(product.tracks_expiry)
    if sku not in cache.stock:
        cache.stock[sku] = _all_candidates(uow, warehouse, sku, today, cache, fefo)
        for c in cache.stock[sku]:
            cache.available[(sku, c.location, c.lot, c.handling_unit)] = c.available
    excluded = set(exclude_locations)
    minimum_expiry = today + timedelta(days=max(min_shelf_life_days, 0))
    stock, available_at = cache.stock[sku], cache.available

    def eligible() -> Iterator[tuple[Candidate, int]]:
        for c in stock:
            available = available_at[(sku, c.location, c.lot, c.handling_unit)]
            if available <= 0 or c.location in excluded:
                continue
            if owner is not None and c.owner != owner:
                continue
            if c.expiry is not None and c.expiry < minimum_expiry:
                continue
            yield c, available

    return eligible(), "FEFO" if fefo else "FIFO"


def _all_candidates(
    uow: UnitOfWork, warehouse: str, sku: str, today: date, cache: AllocationCache, fefo: bool
) -> list[Candidate]:
    """Every unexpired available key of ``sku`` at an allocatable location, best first."""
    rows = queries.allocatable_stock(uow, warehouse, sku, ALLOCATABLE_TYPES)
    receipts = _receipts(uow, warehouse, sku, cache)
    on_hand = queries.unlotted_on_hand(uow, warehouse, sku)
    found: list[Candidate] = []
    for row in rows:
        if row.expiry is not None and row.expiry < today:
            continue
        if row.lot:
            received = receipts.lot_first.get(row.lot)
        else:
            key = (row.location, row.handling_unit)
            received = _oldest_unit_arrival(receipts.arrivals.get(key), on_hand.get(key, 0))
        found.append(
            Candidate(
                row.location,
                row.lot,
                row.handling_unit,
                int(row.quantity),
                row.expiry,
                received,
                row.walk_sequence,
                row.zone,
                row.owner,
            )
        )
    found.sort(key=Candidate.fefo_key if fefo else Candidate.fifo_key)
    return found


def held_by_line(uow: UnitOfWork, warehouse: str, order: str) -> dict[int, int]:
    """Units each line of ``order`` holds (reserved or already picked)."""
    return uow.allocations.held_by_line(warehouse, order, HOLDING_STATES)


def reserve(
    uow: UnitOfWork,
    actor: Actor,
    order: OrderRow,
    line: OrderLine,
    candidate: Candidate,
    quantity: int,
    strategy: str,
    wave: str = "",
    cache: AllocationCache | None = None,
) -> AllocationRow:
    """Reserve ``quantity`` at ``candidate`` for ``line``: the status movement and the row."""
    draft = _reservation(line.sku, candidate, quantity, order.number, cache)
    if cache is not None and cache.defer_posting:
        cache.pending.append(draft)
    else:
        post(uow, actor, draft)
    row = AllocationRow(
        warehouse=order.warehouse,
        order=order.number,
        line=line.line,
        sku=line.sku,
        location=candidate.location,
        lot=candidate.lot,
        handling_unit=candidate.handling_unit,
        quantity=quantity,
        picked=0,
        state="reserved",
        strategy=strategy,
        wave=wave,
        created_at=actor.clock(),
    )
    uow.allocations.add(row)
    return row


def _reservation(
    sku: str,
    candidate: Candidate,
    quantity: int,
    reference: str,
    cache: AllocationCache | None,
) -> MovementDraft:
    """The ``available → reserved`` movement of ``quantity`` at ``candidate`` (and what the
    cache has left there)."""
    if cache is not None:
        key = (sku, candidate.location, candidate.lot, candidate.handling_unit)
        if key in cache.available:
            cache.available[key] -= quantity
    return MovementDraft.status_change(
        sku,
        quantity,
        StockPlace(candidate.location, candidate.handling_unit, StockStatus.AVAILABLE),
        StockStatus.RESERVED,
        lot=candidate.lot,
        expiry=candidate.expiry,
        reference=reference,
    )


def _allocate_in_wave(
    uow: UnitOfWork,
    actor: Actor,
    order: OrderRow,
    line: OrderLine,
    *,
    need: int,
    today: date,
    cache: AllocationCache,
) -> tuple[list[NewAllocation], str]:
    """:func:`allocate_line` in a wave: the same stock taken in the same order, its movements
    and allocations collected in ``cache`` for the wave to write together."""
    eligible, strategy = _eligible(
        uow, order.warehouse, line.sku, today, order.min_shelf_life_days or 0, (), cache,
        order.owner,
    )  # fmt: skip
    new: list[NewAllocation] = []
    for candidate, take in _takes(eligible, need):
        cache.pending.append(_reservation(line.sku, candidate, take, order.number, cache))
        new.append(
            NewAllocation(
                order.warehouse, order.number, line.line, line.sku, candidate.location,
                candidate.lot, candidate.handling_unit, take, strategy, actor.clock(),
            )
        )  # fmt: skip
    cache.new.extend(new)
    return new, strategy


def allocate_line(
    uow: UnitOfWork,
    actor: Actor,
    order: OrderRow,
    line: OrderLine,
    *,
    need: int,
    today: date,
    exclude_locations: Iterable[str] = (),
    cache: AllocationCache | None = None,
    wave: str = "",
) -> tuple[list[AllocationRow], str]:
    """Reserve up to ``need`` units for ``line``; returns the new allocations and strategy."""
    cache = cache or AllocationCache()
    eligible, strategy = _eligible(
        uow, order.warehouse, line.sku, today, order.min_shelf_life_days or 0,
        exclude_locations, cache, order.owner,
    )  # fmt: skip
    new = [
        reserve(uow, actor, order, line, candidate, take, strategy, wave, cache)
        for candidate, take in _takes(eligible, need)
    ]
    return new, strategy


def _takes(eligible: Iterable[tuple[Candidate, int]], need: int) -> Iterator[tuple[Candidate, int]]:
    """The candidates in their order with what each gives, until ``need`` is met."""
    for candidate, available in eligible:
        if need <= 0:
            return
        take = min(need, available)
        yield candidate, take
        need -= take


def allocate_order(
    uow: UnitOfWork,
    actor: Actor,
    number: str,
    *,
    today: date,
    cache: AllocationCache | None = None,
) -> OrderResult:
    """Reserve stock for every line of an order (topping up earlier partial reservations).

    The order becomes ``allocated`` when every line is held in full, else ``backordered``
    (keeping what it holds). Orders already released or further on are refused. In a wave
    (``cache.defer_posting``) the wave writes the order's new status and its allocations.
    """
    cache = cache or AllocationCache()
    order = cache.orders.pop(number, None) or require_order(uow, actor.warehouse, number)
    if order.status not in ALLOCATABLE_ORDER_STATUSES:
        raise RuleViolation(
            msg(
                "order {number} is {status}: expected open, "
                "backordered or allocated to allocate it",
                number=order.number,
                status=order.status,
            ),
            "order_not_allocatable",
        )
    if order.number in cache.held:
        held, lines = cache.held.pop(order.number), cache.lines.pop(order.number)
    else:
        held, lines = held_by_line(uow, actor.warehouse, order.number), None
    if held:
        cache.holding.add(order.number)
    results: list[LineResult] = []
    each: Sequence[OrderLine] = order_lines(uow, order.number) if lines is None else lines
    for line in each:
        have = held.get(line.line, 0)
        result = LineResult(order.number, line.line, line.sku, line.quantity, have, "")
        need = line.quantity - have
        if need > 0:
            if cache.defer_posting:
                result.new, result.strategy = _allocate_in_wave(
                    uow, actor, order, line, need=need, today=today, cache=cache
                )
            else:
                result.new, result.strategy = allocate_line(
                    uow, actor, order, line, need=need, today=today, cache=cache
                )
            result.held += sum(row.quantity for row in result.new)
        else:
            result.strategy = "FEFO" if _product(uow, cache, line.sku).tracks_expiry else "FIFO"
        results.append(result)
    status = "allocated" if all(r.short == 0 for r in results) else "backordered"
    if cache.defer_posting:  # a wave writes its rows once, when it has allocated them all
        return OrderResult(order.number, status, results)
    order.status = status
    uow.allocations.flush()
    return OrderResult(order.number, order.status, results)


def free(
    uow: UnitOfWork, actor: Actor, allocation: AllocationRow, quantity: int, *, state: str = ""
) -> None:
    """Give ``quantity`` reserved units of ``allocation`` back to available stock."""
    remaining = allocation.quantity - allocation.picked
    if quantity <= 0 or quantity > remaining:
        raise RuleViolation(
            msg(
                "cannot free {quantity} units of allocation "
                "{id}: expected 1 to {remaining} (reserved "
                "and not picked)",
                quantity=quantity,
                id=allocation.id,
                remaining=remaining,
            )
        )
    post(
        uow,
        actor,
        MovementDraft.status_change(
            allocation.sku,
            quantity,
            StockPlace(allocation.location, allocation.handling_unit, StockStatus.RESERVED),
            StockStatus.AVAILABLE,
            lot=allocation.lot,
            reference=allocation.order,
        ),
    )
    allocation.quantity -= quantity
    if allocation.quantity == 0:
        allocation.state = state or "freed"
    elif allocation.picked == allocation.quantity:
        allocation.state = "picked"
    uow.allocations.flush()


def deallocate_order(uow: UnitOfWork, actor: Actor, number: str) -> int:
    """Free every reservation of an order not yet picked; the order goes back to ``open``.
    Returns the units freed."""
    order = require_order(uow, actor.warehouse, number)
    if order.status not in ALLOCATABLE_ORDER_STATUSES:
        raise RuleViolation(
            msg(
                "order {number} is {status}: only open, backordered "
                "or allocated orders can be deallocated",
                number=order.number,
                status=order.status,
            ),
            "order_not_allocatable",
        )
    freed = 0
    for allocation in uow.allocations.reserved(actor.warehouse, [order.number]):
        remaining = allocation.quantity - allocation.picked
        if remaining > 0:
            free(uow, actor, allocation, remaining)
            freed += remaining
    order.status = "open"
    uow.allocations.flush()
    return freed


def allocations_of(uow: UnitOfWork, warehouse: str, order: str) -> list[AllocationRow]:
    return uow.allocations.of_order(warehouse, order)
