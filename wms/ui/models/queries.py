"""Read models of the supervisor screens: plain SQLAlchemy, no Qt (usable from a worker thread).

Each :class:`Source` describes one table a supervisor can scroll: its columns, the statement for
the current filters, and how to page it. Pages are fetched with **keyset paging**
(``WHERE (sort, id) > (:last_sort, :last_id) ORDER BY sort, id LIMIT n``) wherever the sort key
is never NULL, so page 200 costs what page 1 costs even with a million movements; grouped views
(stock by product, by location...) page with LIMIT/OFFSET over their (much shorter) result.

Nothing here decides anything about the warehouse: these are views of the ledger and of the
documents, queried read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from wms.core.persistence.tables import (
    AsnLineRow,
    AsnRow,
    LocationRow,
    LotRow,
    MovementRow,
    OrderLineRow,
    OrderRow,
    ProductRow,
    StockRow,
)


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # English; the Qt model translates it
    expression: Any
    kind: str = "text"  # text, int, date, datetime, percent
    sortable: bool = True
    nullable: bool = False


@dataclass(frozen=True)
class Filters:
    warehouse: str | None = None
    search: str = ""
    status: str = ""
    kind: str = ""
    sku: str = ""
    location: str = ""
    days: int = 60


@dataclass
class Page:
    rows: list[tuple[Any, ...]]
    cursor: tuple[Any, ...] | None
    offset: int
    done: bool
    total: int | None = None
    elapsed_ms: float = 0.0


@dataclass
class Source:
    """A pageable, sortable, filterable table of the database."""

    name: str
    columns: list[Column]
    build: Callable[[Filters], Select[Any]]
    tiebreak: Any = None  # a unique, non-null column: enables keyset paging
    default_sort: str = ""
    default_descending: bool = False
    count: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def keyset(self, sort: str) -> bool:
        return self.tiebreak is not None and not self.column(sort).nullable

    def statement(self, filters: Filters, sort: str, descending: bool) -> Select[Any]:
        statement = self.build(filters)
        column = self.column(sort or self.default_sort)
        expressions = [column.expression]
        if self.tiebreak is not None and column.expression is not self.tiebreak:
            expressions.append(self.tiebreak)
        order = [e.desc() if descending else e.asc() for e in expressions]
        return statement.order_by(*order)

    def page(
        self,
        session: Session,
        filters: Filters,
        *,
        sort: str = "",
        descending: bool = False,
        cursor: tuple[Any, ...] | None = None,
        offset: int = 0,
        limit: int = 500,
        with_total: bool = False,
    ) -> Page:
        sort = sort or self.default_sort
        statement = self.statement(filters, sort, descending)
        column = self.column(sort)
        keyset = self.keyset(sort)
        if keyset and cursor is not None:
            if column.expression is self.tiebreak:
                bound = (
                    column.expression < cursor[0] if descending else column.expression > cursor[0]
                )
            else:
                pair = tuple_(column.expression, self.tiebreak)
                values = tuple_(literal(cursor[0]), literal(cursor[1]))
                bound = pair < values if descending else pair > values
            statement = statement.where(bound)
        elif not keyset:
            statement = statement.offset(offset)
        started = datetime.now()
        raw = session.execute(statement.limit(limit + 1)).all()
        elapsed = (datetime.now() - started).total_seconds() * 1000
        done = len(raw) <= limit
        raw = raw[:limit]
        width = len(self.columns)
        rows = [tuple(r[:width]) for r in raw]
        next_cursor = None
        if keyset and raw:
            last = raw[-1]
            index = [c.key for c in self.columns].index(column.key)
            tie = last[width] if len(last) > width else last[index]
            next_cursor = (last[index], tie)
        total = self.total(session, filters) if with_total and self.count else None
        return Page(rows, next_cursor, offset + len(rows), done, total, elapsed)

    def total(self, session: Session, filters: Filters) -> int:
        inner = self.build(filters).order_by(None).subquery()
        return session.scalar(select(func.count()).select_from(inner)) or 0

    def iter_all(
        self, session: Session, filters: Filters, sort: str = "", descending: bool = False
    ) -> Iterator[tuple[Any, ...]]:
        """Every row, in screen order, streamed (CSV export)."""
        statement = self.statement(filters, sort or self.default_sort, descending)
        width = len(self.columns)
        result = session.execute(statement.execution_options(yield_per=2000))
        for row in result:
            yield tuple(row[:width])


def _prefix(value: str) -> str:
    escaped = value.strip().upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _search(text: str, *columns: Any) -> ColumnElement[bool] | None:
    words = [w for w in text.split() if w]
    if not words:
        return None
    clauses = []
    for word in words:
        pattern = _prefix(word)
        clauses.append(or_(*(func.upper(c).like(pattern, escape="\\") for c in columns)))
    return and_(*clauses)


# -- stock ------------------------------------------------------------------------------------

STOCK_VIEWS = ("rows", "product", "location", "lot", "handling_unit")

_LOT_JOIN = and_(LotRow.sku == StockRow.sku, LotRow.code == StockRow.lot)


def _stock_where(statement: Select[Any], filters: Filters) -> Select[Any]:
    if filters.warehouse:
        statement = statement.where(StockRow.warehouse == filters.warehouse)
    if filters.status:
        statement = statement.where(StockRow.status == filters.status)
    if filters.sku:
        statement = statement.where(StockRow.sku == filters.sku)
    if filters.location:
        statement = statement.where(StockRow.location == filters.location)
    found = _search(
        filters.search, StockRow.sku, StockRow.location, StockRow.lot, StockRow.handling_unit
    )
    return statement if found is None else statement.where(found)


def stock_source(view: str = "rows") -> Source:
    """Stock on hand, one row per stock line or summed by product, location, lot or unit."""
    if view == "rows":
        columns = [
            Column("location", "Location", StockRow.location),
            Column("sku", "SKU", StockRow.sku),
            Column("name", "Product", ProductRow.name, nullable=True),
            Column("lot", "Lot", StockRow.lot),
            Column("expiry", "Expiry", LotRow.expiry, "date", nullable=True),
            Column("handling_unit", "Handling unit", StockRow.handling_unit),
            Column("status", "Status", StockRow.status),
            Column("quantity", "Quantity", StockRow.quantity, "int"),
        ]

        def build(filters: Filters) -> Select[Any]:
            statement = (
                select(*(c.expression for c in columns), StockRow.id)
                .select_from(StockRow)
                .outerjoin(ProductRow, ProductRow.sku == StockRow.sku)
                .outerjoin(LotRow, _LOT_JOIN)
            )
            return _stock_where(statement, filters)

        return Source("stock", columns, build, tiebreak=StockRow.id, default_sort="location")

    quantity = func.sum(StockRow.quantity)
    if view == "product":
        keys = [
            Column("sku", "SKU", StockRow.sku),
            Column("name", "Product", func.max(ProductRow.name), nullable=True),
        ]
        group = [StockRow.sku]
        counted = Column(
            "locations", "Locations", func.count(func.distinct(StockRow.location)), "int"
        )
    elif view == "location":
        keys = [Column("location", "Location", StockRow.location)]
        group = [StockRow.location]
        counted = Column("products", "Products", func.count(func.distinct(StockRow.sku)), "int")
    elif view == "lot":
        keys = [
            Column("sku", "SKU", StockRow.sku),
            Column("lot", "Lot", StockRow.lot),
            Column("expiry", "Expiry", func.max(LotRow.expiry), "date", nullable=True),
        ]
        group = [StockRow.sku, StockRow.lot]
        counted = Column(
            "locations", "Locations", func.count(func.distinct(StockRow.location)), "int"
        )
    elif view == "handling_unit":
        keys = [
            Column("handling_unit", "Handling unit", StockRow.handling_unit),
            Column("location", "Location", func.max(StockRow.location)),
        ]
        group = [StockRow.handling_unit]
        counted = Column("products", "Products", func.count(func.distinct(StockRow.sku)), "int")
    else:
        raise ValueError(f"stock view {view!r}: expected one of {', '.join(STOCK_VIEWS)}")
    columns = [*keys, counted, Column("quantity", "Quantity", quantity, "int")]

    def build_grouped(filters: Filters) -> Select[Any]:
        statement = (
            select(*(c.expression for c in columns))
            .select_from(StockRow)
            .outerjoin(ProductRow, ProductRow.sku == StockRow.sku)
            .outerjoin(LotRow, _LOT_JOIN)
        )
        if view == "handling_unit":
            statement = statement.where(StockRow.handling_unit != "")
        return _stock_where(statement, filters).group_by(*group)

    return Source(f"stock-{view}", columns, build_grouped, default_sort=keys[0].key)


# -- ledger -----------------------------------------------------------------------------------


def movements_source() -> Source:
    """The ledger, newest first; keyset-paged on the time-ordered movement id (UUIDv7)."""
    m = MovementRow
    columns = [
        Column("created_at", "Time", m.created_at, "datetime", sortable=False),
        Column("kind", "Kind", m.kind, sortable=False),
        Column("sku", "SKU", m.sku, sortable=False),
        Column("quantity", "Quantity", m.quantity, "int", sortable=False),
        Column("from_location", "From", m.from_location, sortable=False),
        Column("to_location", "To", m.to_location, sortable=False),
        Column("lot", "Lot", m.lot, sortable=False),
        Column("handling_unit", "Handling unit", m.to_handling_unit, sortable=False),
        Column("reference", "Reference", m.reference, sortable=False),
        Column("operator", "Operator", m.operator, sortable=False),
        Column("station", "Station", m.station, sortable=False),
        Column("id", "Movement", m.id, sortable=True),
    ]

    def build(filters: Filters) -> Select[Any]:
        statement = select(*(c.expression for c in columns))
        if filters.warehouse:
            if filters.sku or filters.location:
                statement = statement.where(m.warehouse == filters.warehouse)
            else:
                # the whole ledger: walk the primary key (time order) and filter as it goes;
                # a bare "warehouse = ?" would tempt SQLite into a (warehouse, sku) index scan
                # and a sort of every movement before the first page
                statement = statement.where(func.coalesce(m.warehouse, "") == filters.warehouse)
        if filters.sku:
            statement = statement.where(m.sku == filters.sku)
        if filters.location:
            # each side of the OR names the warehouse too, so each can use its own
            # (warehouse, from_location) / (warehouse, to_location) index
            here = [m.warehouse == filters.warehouse] if filters.warehouse else []
            statement = statement.where(
                or_(
                    and_(*here, m.from_location == filters.location),
                    and_(*here, m.to_location == filters.location),
                )
            )
        if filters.kind:
            statement = statement.where(m.kind == filters.kind)
        return statement

    return Source(
        "movements",
        columns,
        build,
        tiebreak=m.id,
        default_sort="id",
        default_descending=True,
        count=False,
    )


# -- expiring lots ----------------------------------------------------------------------------


def expiring_source(today: Callable[[], date] = date.today) -> Source:
    quantity = func.sum(StockRow.quantity)
    columns = [
        Column("expiry", "Expiry", LotRow.expiry, "date"),
        Column("sku", "SKU", StockRow.sku),
        Column("name", "Product", func.max(ProductRow.name), nullable=True),
        Column("lot", "Lot", StockRow.lot),
        Column("locations", "Locations", func.count(func.distinct(StockRow.location)), "int"),
        Column("quantity", "Quantity", quantity, "int"),
    ]

    def build(filters: Filters) -> Select[Any]:
        limit_day = today() + timedelta(days=filters.days)
        statement = (
            select(*(c.expression for c in columns))
            .select_from(StockRow)
            .join(LotRow, _LOT_JOIN)
            .outerjoin(ProductRow, ProductRow.sku == StockRow.sku)
            .where(LotRow.expiry.is_not(None), LotRow.expiry <= limit_day)
        )
        return _stock_where(statement, filters).group_by(LotRow.expiry, StockRow.sku, StockRow.lot)

    return Source("expiring", columns, build, default_sort="expiry", extra={"today": today})


# -- documents --------------------------------------------------------------------------------


def asn_source() -> Source:
    expected = (
        select(func.coalesce(func.sum(AsnLineRow.quantity), 0))
        .where(AsnLineRow.asn == AsnRow.number)
        .scalar_subquery()
    )
    received = (
        select(func.coalesce(func.sum(MovementRow.quantity), 0))
        .where(MovementRow.reference == AsnRow.number, MovementRow.kind == "receive")
        .scalar_subquery()
    )
    lines = select(func.count()).where(AsnLineRow.asn == AsnRow.number).scalar_subquery()
    columns = [
        Column("number", "ASN", AsnRow.number),
        Column("supplier", "Supplier", AsnRow.supplier),
        Column("origin", "Origin", AsnRow.origin_country),
        Column("expected_date", "Expected", AsnRow.expected_date, "date", nullable=True),
        Column("lines", "Lines", lines, "int"),
        Column("expected", "Units expected", expected, "int"),
        Column("received", "Units received", received, "int"),
        Column("status", "Status", AsnRow.status),
    ]

    def build(filters: Filters) -> Select[Any]:
        statement = select(*(c.expression for c in columns))
        if filters.warehouse:
            statement = statement.where(AsnRow.warehouse == filters.warehouse)
        if filters.status:
            statement = statement.where(AsnRow.status == filters.status)
        else:
            statement = statement.where(AsnRow.status.not_in(("closed", "cancelled")))
        found = _search(filters.search, AsnRow.number, AsnRow.supplier)
        return statement if found is None else statement.where(found)

    return Source("asns", columns, build, default_sort="number")


def order_source() -> Source:
    units = (
        select(func.coalesce(func.sum(OrderLineRow.quantity), 0))
        .where(OrderLineRow.order == OrderRow.number)
        .scalar_subquery()
    )
    picked = (
        select(func.coalesce(func.sum(MovementRow.quantity), 0))
        .where(MovementRow.reference == OrderRow.number, MovementRow.kind == "pick")
        .scalar_subquery()
    )
    lines = select(func.count()).where(OrderLineRow.order == OrderRow.number).scalar_subquery()
    columns = [
        Column("number", "Order", OrderRow.number),
        Column("customer", "Customer", OrderRow.customer),
        Column("country", "Country", OrderRow.ship_to_country),
        Column("carrier", "Carrier", OrderRow.carrier),
        Column("lines", "Lines", lines, "int"),
        Column("units", "Units", units, "int"),
        Column("picked", "Units picked", picked, "int"),
        Column("status", "Status", OrderRow.status),
    ]

    def build(filters: Filters) -> Select[Any]:
        statement = select(*(c.expression for c in columns))
        if filters.warehouse:
            statement = statement.where(OrderRow.warehouse == filters.warehouse)
        if filters.status:
            statement = statement.where(OrderRow.status == filters.status)
        else:
            statement = statement.where(OrderRow.status.not_in(("shipped", "cancelled", "closed")))
        found = _search(filters.search, OrderRow.number, OrderRow.customer, OrderRow.carrier)
        return statement if found is None else statement.where(found)

    return Source("orders", columns, build, default_sort="number")


def sort_destination_source() -> Source:
    units = (
        select(func.coalesce(func.sum(StockRow.quantity), 0))
        .where(StockRow.warehouse == LocationRow.warehouse, StockRow.location == LocationRow.code)
        .scalar_subquery()
    )
    handling_units = (
        select(func.count(func.distinct(StockRow.handling_unit)))
        .where(
            StockRow.warehouse == LocationRow.warehouse,
            StockRow.location == LocationRow.code,
            StockRow.handling_unit != "",
        )
        .scalar_subquery()
    )
    fill = case(
        (
            func.coalesce(LocationRow.capacity_units, 0) > 0,
            units * 100.0 / LocationRow.capacity_units,
        ),
        else_=None,
    )
    columns = [
        Column("code", "Destination", LocationRow.code),
        Column("zone", "Zone", LocationRow.zone),
        Column("units", "Units", units, "int"),
        Column("handling_units", "Handling units", handling_units, "int"),
        Column("capacity", "Capacity", LocationRow.capacity_units, "int", nullable=True),
        Column("fill", "Filled", fill, "percent", nullable=True),
    ]

    def build(filters: Filters) -> Select[Any]:
        statement = select(*(c.expression for c in columns)).where(
            LocationRow.type == "sort_destination", LocationRow.active.is_(True)
        )
        if filters.warehouse:
            statement = statement.where(LocationRow.warehouse == filters.warehouse)
        found = _search(filters.search, LocationRow.code, LocationRow.zone)
        return statement if found is None else statement.where(found)

    return Source("sort-destinations", columns, build, default_sort="fill", default_descending=True)


# -- occupancy --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    code: str
    zone: str
    aisle: str
    rack: int
    level: int
    bin: int
    type: str
    capacity: int | None
    units: int
    lines: int

    @property
    def fill(self) -> float | None:
        if not self.capacity:
            return None if self.units == 0 else 1.0
        return self.units / self.capacity


def occupancy(session: Session, warehouse: str | None) -> list[Cell]:
    """Every active location with its units on hand (one query, grouped in SQL)."""
    stock = (
        select(
            StockRow.location.label("location"),
            func.sum(StockRow.quantity).label("units"),
            func.count().label("lines"),
        )
        .group_by(StockRow.location)
        .where(StockRow.warehouse == warehouse if warehouse else literal(True))
        .subquery()
    )
    statement = (
        select(
            LocationRow.code,
            LocationRow.zone,
            LocationRow.aisle,
            LocationRow.rack,
            LocationRow.level,
            LocationRow.bin,
            LocationRow.type,
            LocationRow.capacity_units,
            func.coalesce(stock.c.units, 0),
            func.coalesce(stock.c.lines, 0),
        )
        .outerjoin(stock, stock.c.location == LocationRow.code)
        .where(LocationRow.active.is_(True))
        .order_by(LocationRow.aisle, LocationRow.rack, LocationRow.level, LocationRow.bin)
    )
    if warehouse:
        statement = statement.where(LocationRow.warehouse == warehouse)
    return [Cell(*row) for row in session.execute(statement)]


# -- throughput -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Throughput:
    hours: list[datetime]
    series: dict[str, list[int]]  # station or operator -> count per hour


def _hour_bucket(session: Session, column: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.date_trunc("hour", column), "YYYY-MM-DD HH24")
    return func.substr(func.strftime("%Y-%m-%d %H", column), 1, 13)


def throughput(
    session: Session,
    warehouse: str | None,
    *,
    by: str = "station",
    hours: int = 24,
    now: datetime | None = None,
    top: int = 6,
) -> Throughput:
    """Movements per hour over the last ``hours`` hours, per station or per operator."""
    end = (now or datetime.now(UTC)).astimezone(UTC)
    end = end.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    start = end - timedelta(hours=hours)
    who = MovementRow.station if by == "station" else MovementRow.operator
    bucket = _hour_bucket(session, MovementRow.created_at)
    postgres = session.get_bind().dialect.name == "postgresql"
    # SQLite keeps the UTC wall time as text: compare with a naive UTC time
    since = start if postgres else start.replace(tzinfo=None)
    statement = (
        select(bucket.label("hour"), who.label("who"), func.count())
        .where(MovementRow.created_at >= since)
        .group_by("hour", "who")
    )
    if warehouse:
        statement = statement.where(MovementRow.warehouse == warehouse)
    slots = [start + timedelta(hours=i) for i in range(hours)]
    index = {slot.strftime("%Y-%m-%d %H"): i for i, slot in enumerate(slots)}
    series: dict[str, list[int]] = {}
    for hour, name, count in session.execute(statement):
        position = index.get(str(hour))
        if position is None:
            continue
        series.setdefault(str(name), [0] * hours)[position] += int(count)
    ranked = sorted(series, key=lambda name: -sum(series[name]))
    kept = {name: series[name] for name in ranked[:top]}
    rest = ranked[top:]
    if rest:
        kept["others"] = [sum(series[n][i] for n in rest) for i in range(hours)]
    return Throughput(slots, kept)


def distinct_values(session: Session, column: Any, limit: int = 200) -> Sequence[str]:
    return [
        v for v in session.scalars(select(column).distinct().order_by(column).limit(limit)) if v
    ]
