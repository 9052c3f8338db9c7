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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, delete, select, tuple_
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.clock import Clock, utc_now
from wms.core.domain.errors import ImportRefused, InvalidValue, Problem, StorageError
from wms.core.domain.hub import ParcelState, as_utc
from wms.core.domain.hub_rules import HubSettings
from wms.core.domain.parcel_ids import require_mawb, require_tracking
from wms.core.domain.text import msg
from wms.core.persistence.base import table_of
from wms.core.persistence.hub_tables import (
    HubBagRow,
    HubMawbRow,
    HubParcelItemRow,
    HubParcelRow,
)
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.hub.customs import pending_decisions
from wms.core.services.hub.event_state import apply_waiting
from wms.core.services.hub.prealert_json import JsonRow, read_json
from wms.core.services.imports_base import (
    ImportResult,
    Progress,
    bulk_insert,
    plural,
    resolve_warehouse,
)
from wms.core.services.imports_csv import Cells, CsvFormat, ProgressCallback, chunks, read_csv

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
#: the columns of a row that are not its item line's
_HEAD_COLUMNS = tuple(
    column
    for column in PREALERT.columns
    if column not in ("item_description", "hs_code", "quantity", "unit_value", "origin_country")
)
#: parcel field -> the column it is read from
_PARCEL_COLUMNS = {name: name for name in _PARCEL_FIELDS} | {"weight_kg": "parcel_weight_kg"}


class _RowCells(Cells):
    """Cells whose problems name the line and key each cell came from (JSON pre-alerts)."""

    __slots__ = ("lines", "names")

    def __init__(
        self, line: int, values: dict[str, str], problems: list[Problem], row: JsonRow | None
    ) -> None:
        super().__init__(line, values, problems)
        self.lines = row.lines if row is not None else {}
        self.names = row.names if row is not None else {}

    def bad(self, column: str, message: str) -> None:
        self.ok = False
        line = self.lines.get(column, self.line)
        self.problems.append(Problem(line, self.names.get(column, column), message))

    def where(self, column: str) -> tuple[int, str]:
        return self.lines.get(column, self.line), self.names.get(column, column)


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


@dataclass
class _Item:
    line: int
    description: str
    hs_code: str
    quantity: int
    unit_value: Decimal
    origin_country: str


@dataclass
class _Parcel:
    tracking: str
    line: int
    mawb: str = ""
    bag: str = ""
    weight_kg: Decimal = Decimal(0)
    consignee_name: str = ""
    consignee_address: str = ""
    consignee_postcode: str = ""
    consignee_city: str = ""
    consignee_country: str = ""
    consignee_phone: str = ""
    consignee_email: str = ""
    declared_value: Decimal = Decimal(0)
    currency: str = ""
    tax_id: str = ""
    service: str = ""
    carrier: str = ""
    pickup_point: str = ""
    items: list[_Item] = field(default_factory=list)


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


def _time(cells: _RowCells, column: str) -> datetime | None:
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


def _hs_code(cells: _RowCells, column: str) -> str:
    value = cells.raw(column).replace(".", "").replace(" ", "")
    if not value:
        cells.bad(column, "expected an HS code of 6 to 10 digits, found nothing")
        return ""
    if not (value.isascii() and value.isdigit() and 6 <= len(value) <= 10):
        cells.bad(column, f"expected an HS code of 6 to 10 digits, found '{cells.raw(column)}'")
        return ""
    return value


def _airport(cells: _RowCells, column: str) -> str:
    value = cells.raw(column).upper()
    if value and not (len(value) == 3 and value.isascii() and value.isalpha()):
        cells.bad(column, f"expected a 3-letter IATA airport code, found '{cells.raw(column)}'")
        return ""
    return value


class PrealertImport:
    """Validate rows (no database), check them against the database, then write them."""

    def __init__(
        self,
        rows: Sequence[tuple[int, dict[str, str], JsonRow | None]],
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
        self.early_decisions = 0

    # -- rows ----------------------------------------------------------------------------------

    def validate(self, progress: Progress) -> list[Problem]:
        problems: list[Problem] = []
        last_key: tuple[str, ...] = ()
        last: tuple[_Mawb, str, _Parcel, bool] | None = None
        for line, values, json_row in self.rows:
            cells = _RowCells(line, values, problems, json_row)
            # the rows of one parcel repeat its MAWB, bag and parcel cells: read them once
            key = tuple(values.get(column, "") for column in _HEAD_COLUMNS)
            if last is not None and key == last_key:
                header, bag, parcel, head_ok = last
                repeated = True
            else:
                header, bag, parcel = self._head(cells)
                head_ok, repeated = cells.ok, False
                last_key, last = key, (header, bag, parcel, head_ok)
            item = _Item(
                line,
                cells.text("item_description", required=True),
                _hs_code(cells, "hs_code"),
                cells.integer("quantity", required=True, minimum=1, maximum=100_000) or 0,
                cells.decimal("unit_value", places=2) or Decimal(0),
                cells.country("origin_country") or "CN",
            )
            if not cells.raw("unit_value"):
                cells.bad("unit_value", "expected the unit value, found nothing")
            if cells.ok and head_ok:
                if repeated:
                    self.parcels[parcel.tracking].items.append(item)
                else:
                    self._gather(cells, header, bag, parcel, item)
            progress.advance()
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

    def _head(self, cells: _RowCells) -> tuple[_Mawb, str, _Parcel]:
        """The MAWB, bag and parcel cells of a row."""
        mawb = self._mawb_of(cells)
        bag = cells.key("bag")
        tracking = ""
        if cells.raw("tracking"):
            try:
                tracking = require_tracking(cells.raw("tracking"), self.settings.tracking)
            except InvalidValue as refused:
                cells.bad("tracking", str(refused))
        else:
            cells.bad("tracking", "expected a tracking number, found nothing")
        header = _Mawb(
            mawb,
            cells.line,
            flight=cells.key("flight", required=False, max_length=20).upper(),
            origin_airport=_airport(cells, "origin_airport"),
            destination_airport=_airport(cells, "destination_airport"),
            departure_at=_time(cells, "departure_at"),
        )
        parcel = _Parcel(
            tracking,
            cells.line,
            mawb=mawb,
            bag=bag,
            weight_kg=cells.decimal("parcel_weight_kg", places=3, positive=True) or Decimal(0),
            consignee_name=cells.text("consignee_name", required=True),
            consignee_address=cells.text("consignee_address", required=True, max_length=300),
            consignee_postcode=cells.key("consignee_postcode", max_length=20).upper(),
            consignee_city=cells.text("consignee_city", required=True, max_length=100),
            consignee_country=cells.country("consignee_country", required=True),
            consignee_phone=cells.key("consignee_phone", required=False),
            consignee_email=cells.key("consignee_email", required=False, max_length=200),
            declared_value=cells.decimal("declared_value", places=2) or Decimal(0),
            currency=cells.currency("currency"),
            tax_id=cells.key("tax_id", required=False).upper(),
            service=cells.key("service", required=False).upper() or "STANDARD",
            carrier=cells.key("carrier", required=False).upper(),
            pickup_point=cells.key("pickup_point", required=False).upper(),
        )
        if not cells.raw("parcel_weight_kg"):
            cells.bad("parcel_weight_kg", "expected a weight in kg, found nothing")
        if not cells.raw("declared_value"):
            cells.bad("declared_value", "expected the declared value, found nothing")
        return header, bag, parcel

    def _mawb_of(self, cells: _RowCells) -> str:
        if not cells.raw("mawb"):
            cells.bad("mawb", "expected a MAWB number, found nothing")
            return ""
        try:
            return require_mawb(cells.raw("mawb"))
        except InvalidValue as refused:
            cells.bad("mawb", str(refused))
            return ""

    def _gather(
        self, cells: _RowCells, header: _Mawb, bag: str, parcel: _Parcel, item: _Item
    ) -> None:
        mawb = self.mawbs.setdefault(header.mawb, _Mawb(header.mawb, cells.line))
        for name in _MAWB_FIELDS:
            self._agree(cells, name, mawb, getattr(header, name), f"MAWB {mawb.mawb}", mawb.line)
        weight = cells.decimal("bag_weight_kg", places=3, positive=True)
        known_bag = self.bags.get(bag)
        if known_bag is None:
            self.bags[bag] = _Bag(bag, header.mawb, cells.line, weight)
        else:
            if known_bag.mawb != header.mawb:
                cells.bad(
                    "bag",
                    f"bag {bag} is in MAWB {known_bag.mawb} on line {known_bag.line}, "
                    f"found it again under {header.mawb}",
                )
            if weight is not None and known_bag.weight_kg is None:
                known_bag.weight_kg = weight
            elif weight is not None and weight != known_bag.weight_kg:
                cells.bad(
                    "bag_weight_kg",
                    f"expected the same weight as on line {known_bag.line} for bag {bag} "
                    f"({known_bag.weight_kg}), found {weight}",
                )
        known = self.parcels.get(parcel.tracking)
        if known is None:
            parcel.items.append(item)
            self.parcels[parcel.tracking] = parcel
            return
        for name in _PARCEL_FIELDS:
            column = _PARCEL_COLUMNS[name]
            if not cells.raw(column):
                continue  # blank: same as above
            if getattr(parcel, name) != getattr(known, name):
                line, key = cells.where(column)
                cells.problems.append(
                    Problem(
                        line,
                        key,
                        f"expected the same {column} as on line {known.line} for parcel "
                        f"{parcel.tracking} ('{getattr(known, name)}'), "
                        f"found '{getattr(parcel, name)}'",
                    )
                )
        known.items.append(item)

    def _agree(
        self, cells: _RowCells, name: str, target: Any, value: Any, what: str, first: int
    ) -> None:
        if value is None or value == "":
            return
        current = getattr(target, name)
        if current is None or current == "":
            setattr(target, name, value)
        elif current != value:
            cells.bad(
                name,
                f"expected the same {name} as on line {first} for {what} ('{current}'), "
                f"found '{value}'",
            )

    # -- against the database ------------------------------------------------------------------

    def check(self, session: Session) -> list[Problem]:
        problems: list[Problem] = []
        bag_table = table_of(HubBagRow)
        for batch in chunks(sorted(self.bags), 500):
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
        parcel_table = table_of(HubParcelRow)
        item_table = table_of(HubParcelItemRow)
        scanned: list[Any] = []
        for batch in chunks(sorted(self.parcels), 500):
            for row in session.execute(
                select(parcel_table).where(
                    parcel_table.c.warehouse == self.warehouse,
                    parcel_table.c.tracking.in_(batch),
                )
            ):
                if row.state == ParcelState.EXPECTED:
                    self._replace.append(row.tracking)
                    self._keep_customs[row.tracking] = (row.customs, row.customs_reason)
                else:
                    scanned.append(row)
        items: dict[str, list[Any]] = {}
        for batch in chunks([row.tracking for row in scanned], 500):
            for item in session.execute(
                select(item_table)
                .where(item_table.c.warehouse == self.warehouse, item_table.c.tracking.in_(batch))
                .order_by(item_table.c.line)
            ):
                items.setdefault(item.tracking, []).append(item)
        for row in scanned:
            problems.extend(self._compare_scanned(row, items.get(row.tracking, [])))
        return problems

    def _compare_scanned(self, row: Any, items: list[Any]) -> Iterable[Problem]:
        mine = self.parcels[row.tracking]
        self._skip.add(row.tracking)
        found = False
        for name in _PARCEL_FIELDS:
            stored, new = getattr(row, name), getattr(mine, name)
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
        new_items = [
            (i.description, i.hs_code, i.quantity, i.unit_value, i.origin_country)
            for i in mine.items
        ]
        if old_items != new_items:
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
        self._write_mawbs(session)
        self._write_bags(session)
        parcel_table = table_of(HubParcelRow)
        item_table = table_of(HubParcelItemRow)
        for batch in chunks(self._replace, 500):
            keys = [(self.warehouse, tracking) for tracking in batch]
            session.execute(
                delete(item_table).where(
                    tuple_(item_table.c.warehouse, item_table.c.tracking).in_(keys)
                )
            )
            session.execute(
                delete(parcel_table).where(
                    and_(
                        parcel_table.c.warehouse == self.warehouse,
                        parcel_table.c.tracking.in_(batch),
                    )
                )
            )
        parcel_rows: list[dict[str, object]] = []
        item_rows: list[dict[str, object]] = []
        early = pending_decisions(
            session, self.warehouse, [t for t in self.parcels if t not in self._skip]
        )
        self.early_decisions = len(early)
        departures = {m.mawb: m.departure_at for m in self.mawbs.values()}
        for parcel in self.parcels.values():
            if parcel.tracking in self._skip:
                continue
            departure = departures[parcel.mawb]
            assert departure is not None
            customs, reason = early.get(parcel.tracking) or self._keep_customs.get(
                parcel.tracking, ("none", "")
            )
            row: dict[str, object] = {name: getattr(parcel, name) for name in _PARCEL_FIELDS}
            row.update(
                warehouse=self.warehouse,
                tracking=parcel.tracking,
                promise_at=departure + self.settings.promise(parcel.service),
                state=ParcelState.EXPECTED.value,
                location="",
                customs=customs,
                customs_reason=reason,
                first_scan_at=None,
                last_event_at=None,
            )
            parcel_rows.append(row)
            for number, item in enumerate(parcel.items, start=1):
                item_rows.append(
                    {
                        "warehouse": self.warehouse,
                        "tracking": parcel.tracking,
                        "line": number,
                        "description": item.description,
                        "hs_code": item.hs_code,
                        "quantity": item.quantity,
                        "unit_value": item.unit_value,
                        "origin_country": item.origin_country,
                    }
                )
        bulk_insert(session, parcel_table, parcel_rows, progress)
        bulk_insert(session, item_table, item_rows, _Silent())
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
        for batch in chunks(sorted(self.bags), 500):
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


def _csv_rows(data: bytes | str, source: str) -> list[tuple[int, dict[str, str], JsonRow | None]]:
    table = read_csv(data, source, PREALERT)
    if table.problems:
        raise ImportRefused(source, table.finish([]))
    return [(line, values, None) for line, values in table.rows]


def _json_rows(data: bytes | str, source: str) -> list[tuple[int, dict[str, str], JsonRow | None]]:
    return [(row.line, row.values, row) for row in read_json(data, source)]


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
