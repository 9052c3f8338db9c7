"""Shipping documents printed with a parcel: the packing list and the CN22 / CN23 customs
declaration (UPU forms for postal items crossing a customs border).

Frozen dataclasses validated on construction; :mod:`wms.labels.pdf` draws them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

from wms.core.domain.check_digits import is_ascii_digits
from wms.core.domain.errors import InvalidValue
from wms.labels.gs1 import require_sscc
from wms.labels.model import Address, _positive_int, _text, _weight, validated_decimal

#: UPU categories of item, as keys and as printed on the forms.
CATEGORIES: dict[str, str] = {
    "gift": "Gift",
    "commercial_sample": "Commercial sample",
    "documents": "Documents",
    "returned_goods": "Returned goods",
    "sale_of_goods": "Sale of goods",
    "other": "Other",
}
#: A CN22 has room for this many item lines; more need a CN23.
CN22_MAX_LINES = 4
_CURRENCY = re.compile(r"[A-Z]{3}")


def _money(what: str, value: object) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InvalidValue(what, value, "an amount such as 12.50", "other text") from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("9999999"):
        raise InvalidValue(what, value, "0 to 9999999", str(amount))
    return amount.quantize(Decimal("0.01"))


def _country(what: str, value: object) -> str:
    country = str(value or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise InvalidValue(what, value, "2 letters (ISO 3166, e.g. CN, MA, FR)", repr(country))
    return country


def normalise_hs_code(value: object, what: str = "HS tariff number") -> str:
    """An HS tariff number: 6 to 10 digits (dots and spaces removed), refused when missing."""
    text = "" if value is None else str(value).strip()
    digits = text.replace(".", "").replace(" ", "")
    if not digits:
        raise InvalidValue(what, text, "6 to 10 digits (e.g. 6109.10)", "nothing")
    if not is_ascii_digits(digits) or not 6 <= len(digits) <= 10:
        found = (
            "characters other than digits"
            if not is_ascii_digits(digits)
            else f"{len(digits)} digits"
        )
        raise InvalidValue(what, text, "6 to 10 digits (e.g. 6109.10)", found)
    return digits


def format_hs_code(digits: str) -> str:
    """``610910`` → ``6109.10``, ``6109100010`` → ``6109.10.00.10``."""
    parts = [digits[:4]] + [digits[i : i + 2] for i in range(4, len(digits), 2)]
    return ".".join(parts)


# --- packing list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PackingLine:
    sku: str
    description: str
    quantity: int
    lot: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "sku", _text("SKU", self.sku, max_length=40))
        object.__setattr__(
            self, "description", _text("description", self.description, max_length=80)
        )
        object.__setattr__(self, "quantity", _positive_int("quantity", self.quantity))
        lot = _text("lot", self.lot, max_length=20, required=False) or None
        object.__setattr__(self, "lot", lot)


@dataclass(frozen=True)
class PackingList:
    """What is in a parcel: order, ship-to and one line per SKU / lot."""

    order_reference: str
    ship_to: Address
    lines: tuple[PackingLine, ...]
    ship_from: Address | None = None
    sscc: str | None = None
    carrier: str = ""
    packed_on: date | None = None
    parcel_number: int = 1
    parcel_count: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "order_reference", _text("order reference", self.order_reference, max_length=30)
        )
        lines = tuple(
            line if isinstance(line, PackingLine) else PackingLine(*line) for line in self.lines
        )
        if not lines:
            raise InvalidValue("packing list", self.order_reference, "at least one line", "none")
        object.__setattr__(self, "lines", lines)
        if self.sscc is not None:
            object.__setattr__(self, "sscc", require_sscc(self.sscc))
        object.__setattr__(
            self, "carrier", _text("carrier", self.carrier, max_length=30, required=False)
        )
        count = _positive_int("parcel count", self.parcel_count, maximum=9999)
        number = _positive_int("parcel number", self.parcel_number, maximum=9999)
        if number > count:
            raise InvalidValue("parcel number", number, f"1 to {count}", str(number))
        object.__setattr__(self, "parcel_count", count)
        object.__setattr__(self, "parcel_number", number)

    @property
    def total_quantity(self) -> int:
        return sum(line.quantity for line in self.lines)


# --- customs declaration ---------------------------------------------------------------------


@dataclass(frozen=True)
class CustomsLine:
    """One item line: description, quantity, net weight, value, HS code, country of origin."""

    description: str
    quantity: int
    net_weight_kg: Decimal | float | str
    value: Decimal | float | str
    hs_code: str
    origin_country: str
    currency: str = "EUR"

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "description", _text("item description", self.description, max_length=60)
        )
        object.__setattr__(self, "quantity", _positive_int("item quantity", self.quantity))
        object.__setattr__(self, "net_weight_kg", _weight("net weight", self.net_weight_kg))
        object.__setattr__(self, "value", _money("item value", self.value))
        object.__setattr__(
            self,
            "hs_code",
            normalise_hs_code(self.hs_code, f"HS tariff number of {self.description!r}"),
        )
        if self.origin_country is None or not str(self.origin_country).strip():
            raise InvalidValue(
                f"country of origin of {self.description!r}",
                "",
                "2 letters (ISO 3166, e.g. CN, MA, FR)",
                "nothing",
            )
        object.__setattr__(
            self, "origin_country", _country("country of origin", self.origin_country)
        )
        currency = str(self.currency or "").strip().upper()
        if not _CURRENCY.fullmatch(currency):
            raise InvalidValue(
                "currency", self.currency, "3 letters (ISO 4217, e.g. EUR)", currency
            )
        object.__setattr__(self, "currency", currency)


@dataclass(frozen=True)
class CustomsDeclaration:
    """CN22 (small form, up to 4 lines, low-value items) or CN23 (larger form)."""

    form: Literal["CN22", "CN23"]
    sender: Address
    recipient: Address
    category: str
    lines: tuple[CustomsLine, ...]
    explanation: str = ""
    gross_weight_kg: Decimal | float | str | None = None
    postal_charges: Decimal | float | str | None = None
    invoice_number: str = ""
    licence_number: str = ""
    certificate_number: str = ""
    sender_reference: str = ""
    comments: str = ""
    signed_by: str = ""
    place: str = ""
    signed_on: date | None = None
    sscc: str | None = None

    def __post_init__(self) -> None:
        form = str(self.form).strip().upper()
        if form not in ("CN22", "CN23"):
            raise InvalidValue("customs form", self.form, "CN22 or CN23", repr(form))
        object.__setattr__(self, "form", form)
        category = str(self.category).strip().lower().replace(" ", "_").replace("-", "_")
        if category not in CATEGORIES:
            raise InvalidValue("category of item", self.category, " / ".join(CATEGORIES), category)
        object.__setattr__(self, "category", category)
        lines = tuple(self.lines)
        if not lines:
            raise InvalidValue("customs declaration", form, "at least one item line", "none")
        if not all(isinstance(line, CustomsLine) for line in lines):
            raise InvalidValue("customs declaration", form, "CustomsLine items", "other objects")
        if form == "CN22" and len(lines) > CN22_MAX_LINES:
            raise InvalidValue(
                "CN22",
                f"{len(lines)} lines",
                f"at most {CN22_MAX_LINES} item lines (use a CN23)",
                f"{len(lines)} lines",
            )
        currencies = sorted({line.currency for line in lines})
        if len(currencies) > 1:
            raise InvalidValue(
                "customs declaration", form, "one currency for all lines", ", ".join(currencies)
            )
        object.__setattr__(self, "lines", lines)
        explanation = _text("explanation", self.explanation, max_length=80, required=False)
        if category == "other" and not explanation:
            raise InvalidValue(
                "explanation", "", "a description of the items when the category is other", "none"
            )
        object.__setattr__(self, "explanation", explanation)
        if self.gross_weight_kg is not None and str(self.gross_weight_kg).strip():
            gross = _weight("gross weight", self.gross_weight_kg)
            if gross < self.total_net_weight_kg:
                raise InvalidValue(
                    "gross weight",
                    self.gross_weight_kg,
                    f"at least the total net weight {self.total_net_weight_kg} kg",
                    f"{gross} kg",
                )
            object.__setattr__(self, "gross_weight_kg", gross)
        else:
            object.__setattr__(self, "gross_weight_kg", None)
        if self.postal_charges is not None and str(self.postal_charges).strip():
            object.__setattr__(
                self, "postal_charges", _money("postal charges", self.postal_charges)
            )
        else:
            object.__setattr__(self, "postal_charges", None)
        for name, limit in (
            ("invoice_number", 30),
            ("licence_number", 30),
            ("certificate_number", 30),
            ("sender_reference", 30),
            ("comments", 200),
            ("signed_by", 60),
            ("place", 40),
        ):
            value = _text(
                name.replace("_", " "), getattr(self, name), max_length=limit, required=False
            )
            object.__setattr__(self, name, value)
        if self.sscc is not None:
            object.__setattr__(self, "sscc", require_sscc(self.sscc))

    @property
    def currency(self) -> str:
        return self.lines[0].currency

    @property
    def total_value(self) -> Decimal:
        return sum((validated_decimal(line.value) for line in self.lines), Decimal("0.00"))

    @property
    def total_net_weight_kg(self) -> Decimal:
        return sum((validated_decimal(line.net_weight_kg) for line in self.lines), Decimal("0"))

    @property
    def total_quantity(self) -> int:
        return sum(line.quantity for line in self.lines)


# --- owner activity report -------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityFigure:
    """One billed figure of an activity report: caption, value, what it counts (an amount's
    unit is its currency)."""

    caption: str
    value: int | Decimal
    unit: str


@dataclass(frozen=True)
class ActivityDay:
    """One day of an activity report."""

    day: date
    units_on_hand: int
    positions: int
    received_units: int
    picked_units: int
    parcels_shipped: int


@dataclass(frozen=True)
class ActivityReport:
    """A merchant's activity at the hub over a period (what the hub bills by): the owner's
    header (name, address, tax id, contact), the period, the figures and one line per day."""

    owner_code: str
    owner_name: str
    hub: str
    start: date
    end: date
    figures: tuple[ActivityFigure, ...]
    days: tuple[ActivityDay, ...] = ()
    owner_lines: tuple[str, ...] = ()
    tax_id: str = ""
    issued_on: date | None = None
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "owner_code", _text("owner", self.owner_code, max_length=40))
        object.__setattr__(self, "owner_name", _text("owner name", self.owner_name, max_length=200))
        if self.end < self.start:
            raise InvalidValue(
                "report period",
                f"{self.start.isoformat()} .. {self.end.isoformat()}",
                "a last day on or after the first",
                "a last day before the first",
            )
        object.__setattr__(self, "figures", tuple(self.figures))
        object.__setattr__(self, "days", tuple(self.days))
        object.__setattr__(self, "owner_lines", tuple(line for line in self.owner_lines if line))
        object.__setattr__(self, "notes", tuple(self.notes))


Document = PackingList | CustomsDeclaration | ActivityReport
