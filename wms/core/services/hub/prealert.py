"""The pre-alert import: MAWBs, their big bags, the parcels in them and their item lines.

``wms import prealert FILE.csv|FILE.json``. A CSV pre-alert has one row per item line, the
MAWB's, bag's and parcel's fields repeated on each row (a blank repeated cell means "same as
above", a different one is refused); a JSON pre-alert nests them (:mod:`.prealert_json`). Both
are read into the same rows and checked the same way, and a file is refused whole, every
problem as ``line N, column C: what was wrong``.

Re-sent pre-alerts: a parcel that no station has scanned yet is replaced by the new data (its
customs decision, if one came already, is kept); a parcel that was scanned must come again
exactly as it was, and any difference is refused. A bag already pre-alerted under another MAWB
is refused too.

Like the other bulk imports it writes with Core ``executemany`` statements in one transaction
(the data-access rule's exception for bulk loaders).

Why one module of ~760 lines: reading the rows, checking them against each other and the
database, and writing them share one row model (:class:`_Mawb`, :class:`_Bag`,
:class:`_Parcel`, :class:`_Item`) and the re-sent pre-alert rules (which parcels are replaced,
which must stay as they are); split apart, each half would need the other's internals. The JSON
reader, which only turns a document into rows, lives in :mod:`.prealert_json`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.clock import Clock, utc_now
from wms.core.domain.errors import ImportRefused, InvalidValue, Problem, StorageError
from wms.core.domain.hub import CustomsStatus, ParcelState, as_utc
from wms.core.domain.hub_rules import HubSettings
from wms.core.domain.parcel_ids import TrackingPattern, require_mawb, require_tracking
from wms.core.domain.text import msg
from wms.core.persistence.base import table_of
from wms.core.persistence.hub_tables import (
    HubBagRow,
    HubCustomsDecisionRow,
    HubMawbRow,
    HubParcelItemRow,
    HubParcelRow,
)
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.hub.customs import pending_decisions
from wms.core.services.hub.event_state import apply_waiting
from wms.core.services.hub.prealert_json import JsonRow, read_json
from wms.core.services.imports_base import (
    LOOKUP_BATCH,
    Converter,
    ImportResult,
    Progress,
    bulk_cache,
    bulk_insert,
    execute_many,
    insert_tuples,
    plural,
    resolve_warehouse,
)
from wms.core.services.imports_csv import (
    Cells,
    CsvFormat,
    ProgressCallback,
    chunks,
    read_csv_tuples,
)

PREALERT = CsvFormat(
    "prealert",
    columns=(
        "mawb",
        "flight",
        "origin_airport",
        "destination_airport",
        "departure_at",
        "bag",
        "bag_weight_kg",
        "tracking",
        "parcel_weight_kg",
        "consignee_name",
        "consignee_address",
        "consignee_postcode",
        "consignee_city",
        "consignee_country",
        "consignee_phone",
        "consignee_email",
        "declared_value",
        "currency",
        "tax_id",
        "service",
        "carrier",
        "pickup_point",
        "item_description",
        "hs_code",
        "quantity",
        "unit_value",
        "origin_country",
    ),
    required=(
        "mawb",
        "departure_at",
        "bag",
        "tracking",
        "parcel_weight_kg",
        "consignee_name",
        "consignee_address",
        "consignee_postcode",
        "consignee_city",
        "consignee_country",
        "declared_value",
        "currency",
        "item_description",
        "hs_code",
        "quantity",
        "unit_value",
    ),
)

_MAWB_FIELDS = ("flight", "origin_airport", "destination_airport", "departure_at")
_PARCEL_FIELDS = (
    "mawb",
    "bag",
    "weight_kg",
    "consignee_name",
    "consignee_address",
    "consignee_postcode",
    "consignee_city",
    "consignee_country",
    "consignee_phone",
    "consignee_email",
    "declared_value",
    "currency",
    "tax_id",
    "service",
    "carrier",
    "pickup_point",
)
#: parcel field -> the column it is read from
_PARCEL_COLUMNS = {name: name for name in _PARCEL_FIELDS} | {"weight_kg": "parcel_weight_kg"}
_SERVICE = _PARCEL_FIELDS.index("service")
#: column -> its position in a row (a row is a tuple of cells in ``PREALERT.columns`` order)
_AT = {column: position for position, column in enumerate(PREALERT.columns)}
#: the cells before this position are the MAWB's, bag's and parcel's; the rest the item line's
_HEAD = _AT["item_description"]
assert PREALERT.columns[_HEAD:] == (
    "item_description",
    "hs_code",
    "quantity",
    "unit_value",
    "origin_country",
)
_TRACKING = _AT["tracking"]
_MEMO_LIMIT = 200_000  # distinct values remembered per group of columns

#: a row as read: its line, its cells (``PREALERT.columns`` order, a CSV row's not stripped),
#: where a JSON row's cells were
Row = tuple[int, tuple[str, ...], "JsonRow | None"]
#: a cell check: the cell's text -> its value and the problem with it (``None`` when fine)
Check = Callable[[str], tuple[Any, "str | None"]]


def _where(line: int, json_row: JsonRow | None, column: str) -> tuple[int, str]:
    """The line and column (or JSON key) a problem with ``column`` of a row is reported at."""
    if json_row is None:
        return line, column
    return json_row.lines.get(column, line), json_row.names.get(column, column)


def _through(read: Callable[[Cells, str], Any], column: str) -> Check:
    """A check of one cell through a :class:`Cells` reader: the same value and message as the
    other imports give."""

    def check(raw: str) -> tuple[Any, str | None]:
        problems: list[Problem] = []
        value = read(Cells(0, {column: raw} if raw else {}, problems), column)
        return value, problems[0].message if problems else None

    return check


def _text(column: str, max_length: int = 200) -> Check:
    """A required text cell, checked without a :class:`Cells` when it is plainly fine (the
    consignee's name and address, an item's description: different on every row)."""
    slow = _through(lambda c, name: c.text(name, required=True, max_length=max_length), column)

    def check(raw: str) -> tuple[Any, str | None]:
        if raw and len(raw) <= max_length and raw.isprintable():
            return raw, None
        return slow(raw)

    return check


def _optional_key(column: str, max_length: int = 40) -> Check:
    slow = _through(lambda c, name: c.key(name, required=False, max_length=max_length), column)

    def check(raw: str) -> tuple[Any, str | None]:
        if not raw or (len(raw) <= max_length and raw.isprintable()):
            return raw, None
        return slow(raw)

    return check


def _required(read: Callable[[Cells, str], Any], missing: str) -> Callable[[Cells, str], Any]:
    """``read``, and ``missing`` as the problem of a blank cell."""

    def required(cells: Cells, column: str) -> Any:
        if not cells.raw(column):
            cells.bad(column, missing)
        return read(cells, column)

    return required


def _tracking_check(patterns: tuple[TrackingPattern, ...]) -> Check:
    def check(raw: str) -> tuple[Any, str | None]:
        if not raw:
            return "", "expected a tracking number, found nothing"
        try:
            return require_tracking(raw, patterns), None
        except InvalidValue as refused:
            return "", str(refused)

    return check


def _mawb_check(raw: str) -> tuple[Any, str | None]:
    if not raw:
        return "", "expected a MAWB number, found nothing"
    try:
        return require_mawb(raw), None
    except InvalidValue as refused:
        return "", str(refused)


class _Group:
    """The checks of a few columns of a row, run together on the cells as read (each check
    strips its cell), memoised on those cells when they repeat from row to row (a MAWB's and
    a bag's cells, a handful of services and values)."""

    __slots__ = ("cache", "checks", "columns", "limit", "take")

    def __init__(self, checks: Sequence[tuple[str, Check]], *, memo: bool = True) -> None:
        self.columns = tuple(column for column, _check in checks)
        self.checks = tuple(check for _column, check in checks)
        positions = [_AT[column] for column in self.columns]
        self.take: Callable[[tuple[str, ...]], tuple[str, ...]] = (
            itemgetter(*positions) if len(positions) > 1 else lambda row: (row[positions[0]],)
        )
        self.cache: dict[tuple[str, ...], tuple[tuple[Any, ...], tuple[tuple[str, str], ...]]]
        self.cache = {}
        self.limit = _MEMO_LIMIT if memo else 0

    def __call__(self, row: tuple[str, ...]) -> tuple[tuple[Any, ...], tuple[tuple[str, str], ...]]:
        cells = self.take(row)
        return self.cache.get(cells) or self.miss(cells)

    def miss(self, cells: tuple[str, ...]) -> tuple[tuple[Any, ...], tuple[tuple[str, str], ...]]:
        """The values of ``cells`` and their problems, remembered (``__call__``, inlined in the
        hot loop, looks in ``cache`` first)."""
        values = []
        errors = []
        for column, check, raw in zip(self.columns, self.checks, cells, strict=True):
            value, error = check(raw.strip())
            values.append(value)
            if error is not None:
                errors.append((column, error))
        found = (tuple(values), tuple(errors))
        if len(self.cache) < self.limit:
            self.cache[cells] = found
        return found


@dataclass
class _Mawb:
    mawb: str
    line: int
    flight: str = ""
    origin_airport: str = ""
    destination_airport: str = ""
    departure_at: datetime | None = None


@dataclass
class _Bag:
    bag: str
    mawb: str
    line: int
    weight_kg: Decimal | None = None


#: an item line: description, HS code, quantity, unit value, origin country
_Item = tuple[str, str, int, Decimal, str]


class _Parcel:
    """A parcel as read: its fields in ``_PARCEL_FIELDS`` order and its item lines."""

    __slots__ = ("fields", "items", "line", "tracking")

    def __init__(self, tracking: str, line: int, fields: tuple[Any, ...]) -> None:
        self.tracking = tracking
        self.line = line
        self.fields = fields
        self.items: list[_Item] = []

    def field(self, name: str) -> Any:
        return self.fields[_PARCEL_FIELDS.index(name)]


@dataclass(frozen=True)
class PrealertResult:
    """What a pre-alert import did."""

    source: str
    mawbs: int
    bags: int
    parcels: int
    items: int
    new: int
    updated: int
    unchanged: int
    early_decisions: int = 0

    def summary(self) -> str:
        early = (
            f"; {plural(self.early_decisions, 'customs decision', 'customs decisions')} "
            "received before the pre-alert applied"
            if self.early_decisions
            else ""
        )
        return (
            f"imported {plural(self.mawbs, 'MAWB', 'MAWBs')}, {plural(self.bags, 'bag', 'bags')}, "
            f"{plural(self.parcels, 'parcel', 'parcels')} ({self.new} new, {self.updated} "
            f"updated, {self.unchanged} already scanned and unchanged), "
            f"{plural(self.items, 'item line', 'item lines')}{early}"
        )

    def as_import_result(self) -> ImportResult:
        return ImportResult(
            "prealert", self.source, self.items, self.new, self.updated, self.parcels
        )


def _time(cells: Cells, column: str) -> datetime | None:
    value = cells.raw(column)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        cells.bad(column, f"expected a time like 2026-12-01T22:10:00+08:00, found '{value}'")
        return None
    if moment.tzinfo is None:
        cells.bad(column, f"expected a time with its UTC offset (+08:00 or Z), found '{value}'")
        return None
    return as_utc(moment)


def _hs_code(cells: Cells, column: str) -> str:
    value = cells.raw(column).replace(".", "").replace(" ", "")
    if not value:
        cells.bad(column, "expected an HS code of 6 to 10 digits, found nothing")
        return ""
    if not (value.isascii() and value.isdigit() and 6 <= len(value) <= 10):
        cells.bad(column, f"expected an HS code of 6 to 10 digits, found '{cells.raw(column)}'")
        return ""
    return value


def _airport(cells: Cells, column: str) -> str:
    value = cells.raw(column).upper()
    if value and not (len(value) == 3 and value.isascii() and value.isalpha()):
        cells.bad(column, f"expected a 3-letter IATA airport code, found '{cells.raw(column)}'")
        return ""
    return value


def _upper_key(required: bool = False, max_length: int = 40) -> Callable[[Cells, str], str]:
    return lambda c, name: c.key(name, required=required, max_length=max_length).upper()


def _groups(
    settings: HubSettings,
) -> tuple[_Group, _Group, _Group, _Group, _Group, _Group, _Group]:
    """The checks of a row's cells: the MAWB and bag, the parcel's own cells (different on
    every parcel), its weight, its consignee's place, its trade cells, the item line's."""
    mawb = _Group(
        [
            ("mawb", _mawb_check),
            ("flight", _through(_upper_key(max_length=20), "flight")),
            ("origin_airport", _through(_airport, "origin_airport")),
            ("destination_airport", _through(_airport, "destination_airport")),
            ("departure_at", _through(_time, "departure_at")),
            ("bag", _through(lambda c, name: c.key(name), "bag")),
            (
                "bag_weight_kg",
                _through(lambda c, name: c.decimal(name, places=3, positive=True), "bag_weight_kg"),
            ),
        ]
    )
    own = _Group(
        [
            ("consignee_name", _text("consignee_name")),
            ("consignee_address", _text("consignee_address", max_length=300)),
            ("consignee_phone", _optional_key("consignee_phone")),
            ("consignee_email", _optional_key("consignee_email", max_length=200)),
        ],
        memo=False,
    )
    weight = _Group(
        [
            (
                "parcel_weight_kg",
                _through(
                    _required(
                        lambda c, name: c.decimal(name, places=3, positive=True) or Decimal(0),
                        "expected a weight in kg, found nothing",
                    ),
                    "parcel_weight_kg",
                ),
            )
        ]
    )
    place = _Group(
        [
            ("consignee_postcode", _through(_upper_key(True, 20), "consignee_postcode")),
            (
                "consignee_city",
                _through(lambda c, name: c.text(name, required=True, max_length=100), "city"),
            ),
            (
                "consignee_country",
                _through(lambda c, name: c.country(name, required=True), "consignee_country"),
            ),
        ]
    )
    trade = _Group(
        [
            (
                "declared_value",
                _through(
                    _required(
                        lambda c, name: c.decimal(name, places=2) or Decimal(0),
                        "expected the declared value, found nothing",
                    ),
                    "declared_value",
                ),
            ),
            ("currency", _through(lambda c, name: c.currency(name), "currency")),
            ("tax_id", _through(_upper_key(), "tax_id")),
            ("service", _through(lambda c, n: c.key(n, required=False).upper() or "STANDARD", "s")),
            ("carrier", _through(_upper_key(), "carrier")),
            ("pickup_point", _through(_upper_key(), "pickup_point")),
        ]
    )
    description = _Group([("item_description", _text("item_description"))], memo=False)
    item = _Group(
        [
            ("hs_code", _through(_hs_code, "hs_code")),
            (
                "quantity",
                _through(
                    lambda c, name: c.integer(name, required=True, minimum=1, maximum=100_000) or 0,
                    "quantity",
                ),
            ),
            (
                "unit_value",
                _through(
                    _required(
                        lambda c, name: c.decimal(name, places=2) or Decimal(0),
                        "expected the unit value, found nothing",
                    ),
                    "unit_value",
                ),
            ),
            ("origin_country", _through(lambda c, name: c.country(name) or "CN", "origin")),
        ]
    )
    return mawb, own, weight, place, trade, description, item


def _plain(text: str, max_length: int) -> bool:
    """Fine as text or as an identifier, without looking closer (see _text, _optional_key)."""
    return len(text) <= max_length and text.isprintable()


class PrealertImport:
    """Validate rows (no database), check them against the database, then write them."""

    def __init__(
        self,
        rows: Sequence[Row],
        warehouse: str,
        settings: HubSettings,
        source: str,
        now: datetime,
    ) -> None:
        self.rows = rows
        self.warehouse = warehouse
        self.settings = settings
        self.source = source
        self.now = now
        self.mawbs: dict[str, _Mawb] = {}
        self.bags: dict[str, _Bag] = {}
        self.parcels: dict[str, _Parcel] = {}
        self.new = self.updated = self.unchanged = 0
        self._replace: list[str] = []
        self._keep_customs: dict[str, tuple[str, str]] = {}
        self._skip: set[str] = set()
        self._agreed: tuple[Any, ...] | None = None
        self.early_decisions = 0

    # -- rows ----------------------------------------------------------------------------------

    def validate(self, progress: Progress) -> list[Problem]:
        problems: list[Problem] = []
        groups = _groups(self.settings)
        mawb_cells, own_cells, weight_cells, place_cells, trade_cells = groups[:5]
        description_cells, item_cells = groups[5:]
        parcels = self.parcels
        last_head: tuple[str, ...] | None = None
        parcel: _Parcel | None = None
        done = 0
        # each group's cache looked up here, its checks run on a miss (see _Group.__call__)
        take_mawb, mawbs, mawb_miss = mawb_cells.take, mawb_cells.cache, mawb_cells.miss
        take_weight, weights, weight_miss = weight_cells.take, weight_cells.cache, weight_cells.miss
        take_place, places, place_miss = place_cells.take, place_cells.cache, place_cells.miss
        take_trade, trades, trade_miss = trade_cells.take, trade_cells.cache, trade_cells.miss
        take_item, items, item_miss = item_cells.take, item_cells.cache, item_cells.miss
        check_tracking = _tracking_check(self.settings.tracking)
        take_own = own_cells.take
        for line, row, json_row in self.rows:
            # the rows of one parcel repeat its MAWB, bag and parcel cells: read them once
            head = row[:_HEAD]
            repeated = head == last_head
            if not repeated:
                last_head = head
                cells = take_mawb(row)
                mawb, mawb_errors = mawbs.get(cells) or mawb_miss(cells)
                name, address, phone, email = own = tuple(map(str.strip, take_own(row)))
                if not (
                    name
                    and address
                    and _plain(name, 200)
                    and _plain(address, 300)
                    and (not phone or _plain(phone, 40))
                    and (not email or _plain(email, 200))
                ):
                    own, own_errors = own_cells(row)
                else:
                    own_errors = ()
                tracking, error = check_tracking(row[_TRACKING].strip())
                if error is not None:
                    own_errors = (("tracking", error), *own_errors)
                cells = take_weight(row)
                (weight,), weight_errors = weights.get(cells) or weight_miss(cells)
                cells = take_place(row)
                place, place_errors = places.get(cells) or place_miss(cells)
                cells = take_trade(row)
                trade, trade_errors = trades.get(cells) or trade_miss(cells)
                if mawb_errors or own_errors or weight_errors or place_errors or trade_errors:
                    errors = mawb_errors + own_errors + weight_errors + place_errors + trade_errors
                    for column, message in errors:
                        problems.append(Problem(*_where(line, json_row, column), message))
                    parcel = None
                else:
                    name, address, phone, email = own
                    fields = (mawb[0], mawb[5], weight, name, address, *place, phone, email, *trade)
                    parcel = _Parcel(tracking, line, fields)
            description = row[_HEAD].strip()
            if not (description and len(description) <= 200 and description.isprintable()):
                (description,), description_errors = description_cells(row)
            else:
                description_errors = ()
            cells = take_item(row)
            item, item_errors = items.get(cells) or item_miss(cells)
            if description_errors or item_errors:
                for column, message in description_errors + item_errors:
                    problems.append(Problem(*_where(line, json_row, column), message))
            elif parcel is not None:
                known = parcels.get(parcel.tracking)
                if not repeated or known is None:  # (a first row refused: gathered on the next)
                    self._gather(line, json_row, row, problems, mawb, parcel)
                    known = parcels[parcel.tracking]
                known.items.append((description, *item))
            done += 1
            if done == 2_000:
                progress.advance(done)
                done = 0
        progress.advance(done)
        for found in self.mawbs.values():
            if found.departure_at is None:
                problems.append(
                    Problem(
                        found.line,
                        "departure_at",
                        f"MAWB {found.mawb}: expected its departure time",
                    )
                )
        return problems

    def _gather(
        self,
        line: int,
        json_row: JsonRow | None,
        row: tuple[str, ...],
        problems: list[Problem],
        head: tuple[Any, ...],
        parcel: _Parcel,
    ) -> None:
        """Record a parcel's MAWB, bag and the parcel itself, refusing what disagrees with an
        earlier row."""
        if head is not self._agreed:  # the same (memoised) cells as the parcel before: agreed
            before = len(problems)
            self._agree_head(line, json_row, problems, head)
            self._agreed = head if len(problems) == before else None
        known = self.parcels.get(parcel.tracking)
        if known is None:
            self.parcels[parcel.tracking] = parcel
            return
        # a parcel's rows apart from each other: each non-blank cell must say the same
        for name, new, old in zip(_PARCEL_FIELDS, parcel.fields, known.fields, strict=True):
            column = _PARCEL_COLUMNS[name]
            if row[_AT[column]].strip() and new != old:
                problems.append(
                    Problem(
                        *_where(line, json_row, column),
                        f"expected the same {column} as on line {known.line} for parcel "
                        f"{parcel.tracking} ('{old}'), found '{new}'",
                    )
                )

    def _agree_head(
        self, line: int, json_row: JsonRow | None, problems: list[Problem], head: tuple[Any, ...]
    ) -> None:
        number, flight, origin, destination, departure, bag, weight = head
        mawb = self.mawbs.setdefault(number, _Mawb(number, line))
        for name, value in zip(_MAWB_FIELDS, (flight, origin, destination, departure), strict=True):
            if value is None or value == "":
                continue
            current = getattr(mawb, name)
            if current is None or current == "":
                setattr(mawb, name, value)
            elif current != value:
                problems.append(
                    Problem(
                        *_where(line, json_row, name),
                        f"expected the same {name} as on line {mawb.line} for MAWB {mawb.mawb} "
                        f"('{current}'), found '{value}'",
                    )
                )
        known_bag = self.bags.get(bag)
        if known_bag is None:
            self.bags[bag] = _Bag(bag, number, line, weight)
            return
        if known_bag.mawb != number:
            problems.append(
                Problem(
                    *_where(line, json_row, "bag"),
                    f"bag {bag} is in MAWB {known_bag.mawb} on line {known_bag.line}, "
                    f"found it again under {number}",
                )
            )
        if weight is not None and known_bag.weight_kg is None:
            known_bag.weight_kg = weight
        elif weight is not None and weight != known_bag.weight_kg:
            problems.append(
                Problem(
                    *_where(line, json_row, "bag_weight_kg"),
                    f"expected the same weight as on line {known_bag.line} for bag {bag} "
                    f"({known_bag.weight_kg}), found {weight}",
                )
            )

    # -- against the database ------------------------------------------------------------------

    def check(self, session: Session) -> list[Problem]:
        problems: list[Problem] = []
        bag_table = table_of(HubBagRow)
        for batch in chunks(sorted(self.bags), LOOKUP_BATCH):
            for bag, mawb in session.execute(
                select(bag_table.c.bag, bag_table.c.mawb).where(
                    bag_table.c.warehouse == self.warehouse, bag_table.c.bag.in_(batch)
                )
            ):
                mine = self.bags[bag]
                if mawb != mine.mawb:
                    problems.append(
                        Problem(
                            mine.line,
                            "bag",
                            f"bag {bag} was pre-alerted under MAWB {mawb}; expected a bag of "
                            f"{mine.mawb} only",
                        )
                    )
        scanned: list[str] = []
        for tracking, state, customs, reason in self._stored(session):
            if state == ParcelState.EXPECTED:
                self._replace.append(tracking)
                self._keep_customs[tracking] = (customs, reason)
            else:
                scanned.append(tracking)
        if not scanned:
            return problems
        parcel_table = table_of(HubParcelRow)
        item_table = table_of(HubParcelItemRow)
        rows: list[Any] = []
        items: dict[str, list[Any]] = {}
        for batch in chunks(scanned, LOOKUP_BATCH):
            rows.extend(
                session.execute(
                    select(parcel_table).where(
                        parcel_table.c.warehouse == self.warehouse,
                        parcel_table.c.tracking.in_(batch),
                    )
                )
            )
            for item in session.execute(
                select(item_table)
                .where(item_table.c.warehouse == self.warehouse, item_table.c.tracking.in_(batch))
                .order_by(item_table.c.line)
            ):
                items.setdefault(item.tracking, []).append(item)
        for row in rows:
            problems.extend(self._compare_scanned(row, items.get(row.tracking, [])))
        return problems

    def _stored(self, session: Session) -> Iterable[tuple[str, str, str, str]]:
        """``(tracking, state, customs, customs_reason)`` of this file's parcels already in the
        database: read whole when the file's parcels are many next to the warehouse's (the
        first import into a hub, a re-sent pre-alert), else looked up by key."""
        table = table_of(HubParcelRow)
        columns = (table.c.tracking, table.c.state, table.c.customs, table.c.customs_reason)
        mine = table.c.warehouse == self.warehouse
        wanted = self.parcels
        total = session.scalar(select(func.count()).select_from(table).where(mine)) or 0
        if not total:
            return
        if total <= 4 * len(wanted):
            for row in session.execute(select(*columns).where(mine)):
                if row[0] in wanted:
                    yield tuple(row)
            return
        for batch in chunks(list(wanted), LOOKUP_BATCH):
            for row in session.execute(select(*columns).where(mine, table.c.tracking.in_(batch))):
                yield tuple(row)

    def _compare_scanned(self, row: Any, items: list[Any]) -> Iterable[Problem]:
        mine = self.parcels[row.tracking]
        self._skip.add(row.tracking)
        found = False
        for name, new in zip(_PARCEL_FIELDS, mine.fields, strict=True):
            stored = getattr(row, name)
            same = Decimal(stored) == Decimal(new) if isinstance(stored, Decimal) else stored == new
            if not same:
                found = True
                yield Problem(
                    mine.line,
                    _PARCEL_COLUMNS[name],
                    f"parcel {row.tracking} was already scanned ({row.state} at "
                    f"{row.location or 'the hub'}): expected its {_PARCEL_COLUMNS[name]} to stay "
                    f"'{stored}', found '{new}'",
                )
        old_items = [
            (i.description, i.hs_code, i.quantity, Decimal(i.unit_value), i.origin_country)
            for i in items
        ]
        if old_items != mine.items:
            found = True
            yield Problem(
                mine.line,
                "item_description",
                f"parcel {row.tracking} was already scanned ({row.state}): expected its "
                f"{len(old_items)} item lines unchanged, found other lines",
            )
        if not found:
            self.unchanged += 1

    # -- writing -------------------------------------------------------------------------------

    def write(self, session: Session, progress: Progress) -> PrealertResult:
        """Write with the driver's executemany of prepared tuples, in the caller's transaction
        (the bulk loaders' exception to the data-access rule)."""
        self._write_mawbs(session)
        self._write_bags(session)
        keys = [(self.warehouse, tracking) for tracking in self._replace]
        execute_many(
            session, "DELETE FROM hub_parcel_items WHERE warehouse = ? AND tracking = ?", keys
        )
        execute_many(session, "DELETE FROM hub_parcels WHERE warehouse = ? AND tracking = ?", keys)
        fresh = [t for t in self.parcels if t not in self._skip]
        early = self._early_decisions(session, fresh)
        self.early_decisions = len(early)
        parcel_table = table_of(HubParcelRow)
        item_table = table_of(HubParcelItemRow)
        weight = Converter(session, parcel_table.c.weight_kg)
        value = Converter(session, parcel_table.c.declared_value)
        promise_at = Converter(session, parcel_table.c.promise_at)
        unit_value = Converter(session, item_table.c.unit_value)
        promises: dict[tuple[str, str], Any] = {}
        departures = {m.mawb: m.departure_at for m in self.mawbs.values()}
        keep = self._keep_customs
        none = (CustomsStatus.NONE.value, "")
        warehouse = self.warehouse
        expected = ParcelState.EXPECTED.value
        parcel_rows: list[tuple[Any, ...]] = []
        item_rows: list[tuple[Any, ...]] = []
        for tracking in fresh:
            parcel = self.parcels[tracking]
            fields = parcel.fields
            service = fields[_SERVICE]
            promise = promises.get((fields[0], service))
            if promise is None:
                departure = departures[fields[0]]
                assert departure is not None
                promise = promise_at(departure + self.settings.promise(service))
                promises[fields[0], service] = promise
            customs, reason = early.get(tracking) or keep.get(tracking, none)
            parcel_rows.append(
                (
                    warehouse,
                    tracking,
                    *fields[:2],
                    weight(fields[2]),
                    *fields[3:10],
                    value(fields[10]),
                    *fields[11:],
                    promise,
                    expected,
                    "",
                    customs,
                    reason,
                )
            )
            for number, (description, hs_code, quantity, price, origin) in enumerate(
                parcel.items, start=1
            ):
                item_rows.append(
                    (
                        warehouse,
                        tracking,
                        number,
                        description,
                        hs_code,
                        quantity,
                        unit_value(price),
                        origin,
                    )
                )
        insert_tuples(
            session,
            parcel_table,
            (
                "warehouse",
                "tracking",
                *_PARCEL_FIELDS,
                "promise_at",
                "state",
                "location",
                "customs",
                "customs_reason",
            ),
            parcel_rows,
            progress,
        )
        insert_tuples(
            session,
            item_table,
            (
                "warehouse",
                "tracking",
                "line",
                "description",
                "hs_code",
                "quantity",
                "unit_value",
                "origin_country",
            ),
            item_rows,
        )
        self.updated = len(self._replace)
        return PrealertResult(
            self.source,
            len(self.mawbs),
            len(self.bags),
            len(self.parcels),
            sum(len(p.items) for p in self.parcels.values()),
            new=len(parcel_rows) - self.updated,
            updated=self.updated,
            unchanged=self.unchanged,
            early_decisions=self.early_decisions,
        )

    def _early_decisions(
        self, session: Session, trackings: list[str]
    ) -> dict[str, tuple[str, str]]:
        """Customs decisions received before these parcels were pre-alerted (looked up only
        when the warehouse has any such decision)."""
        table = table_of(HubCustomsDecisionRow)
        waiting = session.scalar(
            select(table.c.id)
            .where(table.c.warehouse == self.warehouse, table.c.known.is_(False))
            .limit(1)
        )
        if waiting is None:
            return {}
        return pending_decisions(session, self.warehouse, trackings)

    def _write_mawbs(self, session: Session) -> None:
        for mawb in self.mawbs.values():
            row = session.get(HubMawbRow, (self.warehouse, mawb.mawb))
            assert mawb.departure_at is not None
            if row is None:
                row = HubMawbRow(
                    warehouse=self.warehouse,
                    mawb=mawb.mawb,
                    departure_at=mawb.departure_at,
                    imported_at=self.now,
                )
                session.add(row)
            row.flight = mawb.flight
            row.origin_airport = mawb.origin_airport
            row.destination_airport = mawb.destination_airport
            row.departure_at = mawb.departure_at
            row.source = self.source[-200:]
            row.imported_at = self.now
        session.flush()

    def _write_bags(self, session: Session) -> None:
        table = table_of(HubBagRow)
        existing: dict[str, HubBagRow] = {}
        for batch in chunks(sorted(self.bags), LOOKUP_BATCH):
            for row in session.scalars(
                select(HubBagRow).where(
                    HubBagRow.warehouse == self.warehouse, HubBagRow.bag.in_(batch)
                )
            ):
                existing[row.bag] = row
        new_rows: list[dict[str, object]] = []
        for bag in self.bags.values():
            known = existing.get(bag.bag)
            if known is not None:
                known.declared_weight_kg = bag.weight_kg
                known.expected = True
                continue
            new_rows.append(
                {
                    "warehouse": self.warehouse,
                    "bag": bag.bag,
                    "mawb": bag.mawb,
                    "declared_weight_kg": bag.weight_kg,
                    "expected": True,
                    "arrived_at": None,
                    "arrival_weight_kg": None,
                    "arrival_station": "",
                    "arrival_operator": "",
                    "closed_at": None,
                }
            )
        session.flush()
        bulk_insert(session, table, new_rows, _Silent())


class _Silent(Progress):
    def __init__(self) -> None:
        super().__init__(None, 0)


def _csv_rows(data: bytes | str, source: str) -> list[Row]:
    table = read_csv_tuples(data, source, PREALERT)
    if table.problems:
        raise ImportRefused(source, table.finish([]))
    return [(line, cells, None) for line, cells in table.rows]  # type: ignore[misc]


def _json_rows(data: bytes | str, source: str) -> list[Row]:
    columns = PREALERT.columns
    return [
        (row.line, tuple(row.values.get(column, "") for column in columns), row)
        for row in read_json(data, source)
    ]


def import_prealert_bytes(
    sessions: sessionmaker[Session] | Engine,
    data: bytes | str,
    *,
    source: str = "<prealert>",
    json_format: bool = False,
    warehouse: str | None = None,
    settings: HubSettings | None = None,
    clock: Clock = utc_now,
    progress: ProgressCallback | None = None,
) -> PrealertResult:
    """Import a pre-alert (CSV, or JSON when ``json_format``), all or nothing."""
    rows = _json_rows(data, source) if json_format else _csv_rows(data, source)
    tracker = Progress(progress, len(rows))
    with UnitOfWork(sessions) as uow:
        importer = PrealertImport(
            rows,
            resolve_warehouse(uow.session, warehouse),
            settings or HubSettings(),
            source,
            clock(),
        )
        problems = importer.validate(tracker)
        if not problems:
            problems = importer.check(uow.session)
        if problems:
            unique = sorted(dict.fromkeys(problems), key=lambda p: p.line)
            raise ImportRefused(source, unique)
        with bulk_cache(uow.session):
            result = importer.write(uow.session, tracker)
            # events other stations scanned before this pre-alert reached this one (event_state)
            apply_waiting(uow.session, importer.warehouse)
            uow.commit()
    tracker.finish()
    return result


def import_prealert(
    sessions: sessionmaker[Session] | Engine,
    path: str | Path,
    *,
    warehouse: str | None = None,
    settings: HubSettings | None = None,
    clock: Clock = utc_now,
    progress: ProgressCallback | None = None,
) -> PrealertResult:
    """Import the pre-alert file at ``path``: ``.json`` is read as JSON, anything else as CSV."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise InvalidValue(
            msg("pre-alert file"), str(path), msg("an existing file"), msg("no such file")
        ) from error
    except OSError as error:
        raise StorageError(f"cannot read '{path}': {error.strerror or error}") from error
    return import_prealert_bytes(
        sessions,
        data,
        source=str(path),
        json_format=path.suffix.lower() == ".json",
        warehouse=warehouse,
        settings=settings,
        clock=clock,
        progress=progress,
    )


__all__ = [
    "PREALERT",
    "PrealertImport",
    "PrealertResult",
    "import_prealert",
    "import_prealert_bytes",
]
