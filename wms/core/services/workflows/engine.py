"""The scan workflow engine: inputs, feedback, the workflow base class and its registry.

A workflow is a headless state machine. The station session (:mod:`.session`) hands it one input
at a time; the workflow either *refuses* it by raising a :class:`~wms.core.domain.errors.WmsError`
(the session restores the workflow's state as it was, so a refusal changes nothing) or *accepts*
it and returns an :class:`Outcome`. Anything an accepted input changes in the database is
committed inside the workflow's handler, before the session builds the :class:`Feedback`.

Adding a workflow::

    @register
    class Relabel(Workflow):
        name = "relabel"
        title = "Relabel"

        def reset(self) -> None:
            self.step = "unit"

        @property
        def prompt(self) -> str:
            return "Scan the handling unit"

        def scan(self, scan: Scan) -> Outcome: ...

and import its module from :mod:`wms.core.services.workflows` so the registry sees it.
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import InvalidValue, NotFound, RuleViolation
from wms.core.domain.model import (
    Location,
    LocationType,
    Movement,
    MovementDraft,
    Operator,
    Product,
    ProductGtin,
    Role,
)
from wms.core.persistence.repositories import location_from_row
from wms.core.persistence.tables import LocationRow, ProductRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor, post
from wms.core.services.outbound.printing import PrintRouting
from wms.core.services.workflows.settings import WorkflowSettings

# --- inputs -------------------------------------------------------------------------------


class InputKind(StrEnum):
    SCAN = "scan"
    KEY = "key"
    WEIGHT = "weight"


@dataclass(frozen=True)
class Input:
    """One input at a bench: a barcode read, a typed entry or a scale reading.

    A scale reading carries whether the scale reported it stable; workflows decide what an
    unstable reading may do (packing refuses to close a parcel on one).
    """

    kind: InputKind
    text: str = ""
    weight_kg: Decimal | None = None
    stable: bool = True

    @classmethod
    def scan(cls, raw: str) -> Input:
        return cls(InputKind.SCAN, raw)

    @classmethod
    def key(cls, text: str) -> Input:
        return cls(InputKind.KEY, text)

    @classmethod
    def weight(cls, kg: Decimal | float | str, *, stable: bool = True) -> Input:
        return cls(InputKind.WEIGHT, str(kg), Decimal(str(kg)), stable)

    def describe(self) -> str:
        if self.kind is InputKind.SCAN:
            return self.text
        if self.kind is InputKind.KEY:
            return f"@key {self.text}"
        return f"@weight {self.weight_kg}" + ("" if self.stable else " unstable")


# --- feedback -----------------------------------------------------------------------------


class Level(StrEnum):
    OK = "ok"
    ERROR = "error"
    ATTENTION = "attention"


@dataclass(frozen=True)
class Feedback:
    """What a screen (or ``wms replay``) shows after one input.

    ``ok`` is False only for a refusal (then ``error`` holds a stable code); ``level`` chooses the
    colour and sound (``attention`` for an accepted input the operator must notice: quarantine,
    an override, a double read ignored). ``prompt`` is always the next thing to do.
    ``destination`` is the location the workflow directs to (putaway); ``summary`` the table
    shown when a task is finished (``CMD:DONE``); ``context`` the task at hand.
    """

    ok: bool
    message: str
    prompt: str
    level: Level = Level.OK
    error: str = ""
    movement_ids: tuple[str, ...] = ()
    context: Mapping[str, Any] = field(default_factory=dict)
    destination: str = ""
    summary: tuple[Mapping[str, Any], ...] = ()
    mode: str = ""
    operator: str = ""

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "ok": self.ok,
            "level": self.level.value,
            "message": self.message,
            "prompt": self.prompt,
            "mode": self.mode,
            "operator": self.operator,
        }
        if self.error:
            data["error"] = self.error
        if self.movement_ids:
            data["movement_ids"] = list(self.movement_ids)
        if self.destination:
            data["destination"] = self.destination
        if self.context:
            data["context"] = _plain(dict(self.context))
        if self.summary:
            data["summary"] = [_plain(dict(row)) for row in self.summary]
        return data


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, StrEnum):
        return value.value
    return value


@dataclass
class Outcome:
    """An accepted input, as a workflow reports it (the session turns it into Feedback)."""

    message: str
    level: Level = Level.OK
    movements: list[Movement] = field(default_factory=list)
    destination: str = ""
    summary: list[dict[str, Any]] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)


# --- what a workflow can use --------------------------------------------------------------


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
            rows = uow.session.execute(select(ProductRow.sku, ProductRow.weight_kg))
            self._weights = {row.sku: Decimal(row.weight_kg or 0) for row in rows}
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
            rows = uow.session.scalars(
                select(LocationRow).where(
                    LocationRow.warehouse == self.warehouse, LocationRow.active.is_(True)
                )
            )
            self._locations = {row.code: location_from_row(row) for row in rows}
        return self._locations

    def location(self, uow: UnitOfWork, code: str) -> Location | None:
        return self.locations(uow).get(code.strip().upper())

    def require_location(self, uow: UnitOfWork, code: str) -> Location:
        found = self.location(uow, code)
        if found is None:
            raise NotFound("location", code, f"not a location of warehouse {self.warehouse}")
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
        clock: Callable[[], datetime],
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

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    @property
    def badge(self) -> str:
        if self.operator is None:
            raise RuleViolation("log in first: scan your badge", "not_logged_in")
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
                f"warehouse {self.warehouse} has no dock or receiving location: "
                "expected at least one to receive at",
                "no_dock",
            )
        return docks[0]


# --- workflows ----------------------------------------------------------------------------


class Workflow(ABC):
    """Base of every scan workflow. Subclasses keep all their state in plain attributes
    (snapshotted before each input and restored on a refusal) and implement the handlers
    they accept; an input a step does not expect is refused with a clear message."""

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    role: ClassVar[Role] = Role.OPERATOR

    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.reset()

    # state ---------------------------------------------------------------------------------

    @abstractmethod
    def reset(self) -> None:
        """Back to the first step, with no task in hand."""

    def snapshot(self) -> dict[str, Any]:
        return {k: _copy(v) for k, v in vars(self).items() if k != "rt"}

    def restore(self, saved: dict[str, Any]) -> None:
        """Put back a :meth:`snapshot` (already a private copy: each is restored at most once)."""
        for key in [k for k in vars(self) if k != "rt"]:
            delattr(self, key)
        vars(self).update(saved)

    @property
    @abstractmethod
    def prompt(self) -> str:
        """What the operator should do next, for the current step."""

    def context(self) -> dict[str, Any]:
        return {}

    def counts_repeated_scans(self, scan: Scan) -> bool:
        """True when scanning this barcode again at this step means more units (so a repeat
        within the double-read window is not ignored)."""
        return False

    # handlers ------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        raise self.unexpected(f"the {scan.kind.value} scan {scan.value!r}")

    def key(self, text: str) -> Outcome:
        raise self.unexpected(f"the typed entry {text!r}")

    def weight(self, kg: Decimal, *, stable: bool = True) -> Outcome:
        """A scale reading; ``stable`` is False while the scale is still settling."""
        raise self.unexpected(f"a scale reading of {kg} kg")

    def command(self, name: str) -> Outcome:
        raise self.unexpected(f"CMD:{name}")

    def back(self) -> Outcome:
        raise RuleViolation(
            f"already at the first step of {self.title.lower()}: {self.prompt}", "cannot_go_back"
        )

    def cancel(self) -> Outcome:
        self.reset()
        return Outcome(f"{self.title} cancelled; nothing more is recorded for it")

    def leave(self) -> str:
        """Called when the station leaves this workflow (mode change, logout); returns what
        was abandoned, or an empty string."""
        had_task = self.has_task()
        self.cancel()
        return f"{self.title.lower()} task cancelled" if had_task else ""

    def has_task(self) -> bool:
        return False

    # helpers -------------------------------------------------------------------------------

    def unexpected(self, found: str) -> RuleViolation:
        return RuleViolation(f"expected: {self.prompt}; found {found}", "unexpected_input")


#: Types whose values a snapshot need not copy (exact types: a subclass may be mutable).
_IMMUTABLE = frozenset({str, int, float, bool, type(None), Decimal, date, datetime})


def _copy(value: Any) -> Any:
    """A deep copy that shares immutable values (the common case) instead of copying them."""
    kind = type(value)
    if kind in _IMMUTABLE or isinstance(value, Enum):
        return value
    if kind is list:
        return [_copy(v) for v in value]
    if kind is dict:
        return {k: _copy(v) for k, v in value.items()}
    if kind is tuple and all(type(v) in _IMMUTABLE for v in value):
        return value
    return copy.deepcopy(value)


WORKFLOWS: dict[str, type[Workflow]] = {}


def register(cls: type[Workflow]) -> type[Workflow]:
    """Class decorator: make a workflow available as a station mode (``CMD:MODE:<name>``)."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    WORKFLOWS[cls.name] = cls
    return cls


# --- small shared helpers -----------------------------------------------------------------


class UnknownProduct(NotFound):
    """A product barcode whose GTIN is not in the product master."""

    code = "unknown_product"

    def __init__(self, gtin: str) -> None:
        super().__init__(
            "product GTIN",
            gtin,
            "it is not in the product master: set the item aside and call a supervisor",
        )


def resolve_product(
    runtime: Runtime, uow: UnitOfWork, scan: Scan
) -> tuple[Product, ProductGtin, int]:
    """The product a scan names, its packaging level and the units the scan stands for
    (case quantity times the AI 30/37 count, if any). Unknown GTINs are refused."""
    gtin = scan.gtin or scan.content_gtin
    if gtin is None:
        raise RuleViolation(
            f"expected a product barcode, found a {scan.kind.value} scan {scan.value!r}",
            "not_a_product",
        )
    found = runtime.master.product_by_gtin(uow, gtin)
    if found is None:
        raise UnknownProduct(gtin)
    product, level = found
    return product, level, (scan.count or 1) * level.quantity


def location_code(scan: Scan) -> str | None:
    """The location a scan names: a ``LOC:`` label or a code scanned/typed as plain text."""
    if scan.kind is ScanKind.LOCATION:
        return scan.value
    if scan.kind is ScanKind.TEXT:
        return scan.value.strip().upper()
    return None


def product_gtin(scan: Scan) -> str | None:
    if scan.kind is ScanKind.PRODUCT:
        return scan.gtin or scan.value
    if scan.kind is ScanKind.HANDLING_UNIT and scan.content_gtin:
        return None  # an SSCC label: the workflow decides whether to read its content
    return None


def parse_quantity(text: str, maximum: int, *, signed: bool = False) -> int:
    value = text.strip().replace(" ", "")
    body = value[1:] if signed and value[:1] in "+-" else value
    if not body.isdigit():
        expected = "a whole number such as +3 or -2" if signed else "a whole number of units"
        raise InvalidValue("quantity", text, expected, "other characters")
    quantity = int(value)
    if quantity == 0 or abs(quantity) > maximum:
        raise InvalidValue("quantity", text, f"1 to {maximum} units", str(quantity))
    return quantity


def parse_date(text: str, today: date) -> date:
    """A date keyed as ``YYYY-MM-DD`` or GS1 ``YYMMDD`` (day 00 = last day of the month;
    ``today``, the caller's clock, decides the century of ``YY``)."""
    import calendar

    from wms.core.barcodes.gs1 import date_problem, gs1_year

    value = text.strip()
    try:
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            return date.fromisoformat(value)
        if len(value) == 6 and value.isdigit():
            problem = date_problem(value, today)
            if problem:
                raise InvalidValue("date", text, "YYYY-MM-DD or YYMMDD", problem)
            year, month, day = gs1_year(int(value[:2]), today), int(value[2:4]), int(value[4:6])
            if day == 0:
                day = calendar.monthrange(year, month)[1]
            return date(year, month, day)
    except ValueError as error:
        raise InvalidValue("date", text, "YYYY-MM-DD or YYMMDD", str(error)) from error
    raise InvalidValue("date", text, "YYYY-MM-DD or YYMMDD", f"{len(value)} characters")


def check_lot_code(text: str) -> str:
    value = text.strip()
    if not 1 <= len(value) <= 20 or not all(c.isascii() and c.isprintable() for c in value):
        raise InvalidValue(
            "lot", text, "1 to 20 printable characters (GS1 AI 10)", f"{len(value)} characters"
        )
    return value
