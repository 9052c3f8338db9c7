"""Label data: frozen dataclasses, validated and normalised on construction.

Every label knows its barcodes (:meth:`barcodes`) as :class:`Barcode` values, so the ZPL, PDF and
PNG renderers draw the same content and the tests can compare what a reader decodes with what
the label meant to carry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

from wms.core.domain.check_digits import is_ascii_digits, location_check_digits
from wms.core.domain.errors import InvalidValue
from wms.core.domain.print_specs import ship_to_postcode
from wms.labels.gs1 import (
    Element,
    format_sscc,
    human_readable,
    normalise_gtin,
    require_sscc,
    yymmdd,
)

ROLES = ("operator", "supervisor", "admin")
_WAREHOUSE = re.compile(r"[A-Z0-9][A-Z0-9_-]{1,11}")
_COUNTRY = re.compile(r"[A-Z]{2}")


def _text(what: str, value: object, *, max_length: int, required: bool = True) -> str:
    """Printable text, stripped; control characters refused."""
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise InvalidValue(what, value, "some text", "nothing")
    if len(text) > max_length:
        raise InvalidValue(
            what, value, f"at most {max_length} characters", f"{len(text)} characters"
        )
    if any(not ch.isprintable() for ch in text):
        raise InvalidValue(what, value, "printable text", "control characters")
    return text


def _code128_text(what: str, value: object, *, max_length: int = 40) -> str:
    """Text carried by a plain Code 128 symbol: printable ASCII."""
    text = _text(what, value, max_length=max_length)
    if any(not 32 <= ord(ch) < 127 for ch in text):
        raise InvalidValue(what, value, "printable ASCII (Code 128)", "other characters")
    return text


def _positive_int(what: str, value: object, *, minimum: int = 1, maximum: int = 99_999_999) -> int:
    if isinstance(value, bool):
        raise InvalidValue(what, value, "a whole number", "a yes/no value")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not is_ascii_digits(text):
            raise InvalidValue(what, value, "a whole number", "other text")
        number = int(text)
    if not minimum <= number <= maximum:
        raise InvalidValue(what, value, f"{minimum} to {maximum}", str(number))
    return number


def _weight(what: str, value: object) -> Decimal:
    try:
        weight = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InvalidValue(what, value, "a weight in kg such as 12.5", "other text") from None
    if not weight.is_finite() or weight <= 0 or weight > 99_999:
        raise InvalidValue(what, value, "more than 0 and at most 99999 kg", str(weight))
    return weight.quantize(Decimal("0.001")).normalize()


def validated_decimal(value: object) -> Decimal:
    """A weight or amount field after ``__post_init__`` normalised it to a Decimal."""
    assert isinstance(value, Decimal), f"expected a normalised Decimal, found {value!r}"
    return value


def format_weight(weight: Decimal) -> str:
    text = f"{weight:f}"
    return f"{text} kg"


@dataclass(frozen=True)
class Barcode:
    """What a symbol on a label carries.

    ``kind`` is ``"code128"`` (plain text), ``"gs1-128"`` or ``"gs1-datamatrix"`` (GS1 elements).
    """

    kind: Literal["code128", "gs1-128", "gs1-datamatrix"]
    text: str = ""
    elements: tuple[Element, ...] = ()

    @property
    def human_readable(self) -> str:
        return self.text if self.kind == "code128" else human_readable(self.elements)


@dataclass(frozen=True)
class Address:
    """A party on a label or document. ``country`` is an ISO 3166 alpha-2 code (``FR``, ``MA``)."""

    name: str
    lines: tuple[str, ...] = ()
    postcode: str = ""
    city: str = ""
    country: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _text("address name", self.name, max_length=60))
        lines = (self.lines,) if isinstance(self.lines, str) else tuple(self.lines)
        lines = tuple(
            _text("address line", line, max_length=60) for line in lines if str(line).strip()
        )
        if len(lines) > 3:
            raise InvalidValue("address", self.name, "at most 3 address lines", f"{len(lines)}")
        object.__setattr__(self, "lines", lines)
        object.__setattr__(
            self, "postcode", _text("postcode", self.postcode, max_length=20, required=False)
        )
        object.__setattr__(self, "city", _text("city", self.city, max_length=40, required=False))
        country = str(self.country or "").strip().upper()
        if not _COUNTRY.fullmatch(country):
            raise InvalidValue(
                "country code", self.country, "2 letters (ISO 3166, e.g. FR, MA)", repr(country)
            )
        object.__setattr__(self, "country", country)

    @property
    def postcode_city(self) -> str:
        return " ".join(part for part in (self.postcode, self.city) if part)


def _require_ship_to(address: Address) -> Address:
    if not address.postcode:
        raise InvalidValue("ship-to postcode", "", "a postal code", "nothing")
    if not address.city:
        raise InvalidValue("ship-to city", "", "a city", "nothing")
    return address


def postcode_element(postcode: str) -> Element:
    """AI 420 (ship-to postal code): spaces removed, upper case, GS1 character set 82 (the rule
    is the core's :func:`~wms.core.domain.print_specs.ship_to_postcode`)."""
    return Element("420", ship_to_postcode(postcode))


# --- labels ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocationLabel:
    """A location: code in large type, check digits, Code 128 ``LOC:<code>``."""

    warehouse: str
    code: str
    check_digits: str | None = None
    zone: str = ""
    location_type: str = ""

    def __post_init__(self) -> None:
        warehouse = str(self.warehouse or "").strip().upper()
        if not _WAREHOUSE.fullmatch(warehouse):
            raise InvalidValue(
                "warehouse code", self.warehouse, "2 to 12 letters or digits (e.g. CMN1)", "other"
            )
        object.__setattr__(self, "warehouse", warehouse)
        code = _code128_text("location code", self.code, max_length=30)
        if " " in code:
            raise InvalidValue("location code", self.code, "no spaces (e.g. A-01-02-3)", "a space")
        object.__setattr__(self, "code", code)
        if self.check_digits is None or str(self.check_digits).strip() == "":
            object.__setattr__(self, "check_digits", location_check_digits(warehouse, code))
        else:
            digits = str(self.check_digits).strip()
            if len(digits) != 2 or not is_ascii_digits(digits):
                raise InvalidValue("location check digits", self.check_digits, "2 digits", digits)
            object.__setattr__(self, "check_digits", digits)
        object.__setattr__(self, "zone", _text("zone", self.zone, max_length=30, required=False))
        object.__setattr__(
            self,
            "location_type",
            _text("location type", self.location_type, max_length=30, required=False),
        )

    @property
    def barcode_text(self) -> str:
        return f"LOC:{self.code}"

    def barcodes(self) -> tuple[Barcode, ...]:
        return (Barcode("code128", self.barcode_text),)


@dataclass(frozen=True)
class ProductLabel:
    """A product (or case): GS1-128 or GS1 DataMatrix with (01) GTIN, (17) expiry, (10) lot,
    (30) quantity when given."""

    gtin: str
    sku: str
    name: str
    lot: str | None = None
    expiry: date | None = None
    quantity: int | None = None
    symbology: Literal["gs1-128", "gs1-datamatrix"] = "gs1-128"

    def __post_init__(self) -> None:
        object.__setattr__(self, "gtin", normalise_gtin(self.gtin))
        object.__setattr__(self, "sku", _text("SKU", self.sku, max_length=40))
        object.__setattr__(self, "name", _text("product name", self.name, max_length=60))
        if self.lot is not None:
            lot = str(self.lot).strip()
            if lot:
                Element("10", lot)  # validates length and character set
            object.__setattr__(self, "lot", lot or None)
        if self.expiry is not None and not isinstance(self.expiry, date):
            raise InvalidValue("expiry date", self.expiry, "a date", type(self.expiry).__name__)
        if self.quantity is not None:
            object.__setattr__(self, "quantity", _positive_int("quantity", self.quantity))
        if self.symbology not in ("gs1-128", "gs1-datamatrix"):
            raise InvalidValue(
                "product barcode", self.symbology, "gs1-128 or gs1-datamatrix", self.symbology
            )

    @property
    def elements(self) -> tuple[Element, ...]:
        elements = [Element("01", self.gtin)]
        if self.expiry is not None:
            elements.append(Element("17", yymmdd(self.expiry)))
        if self.lot:
            elements.append(Element("10", self.lot))
        if self.quantity is not None:
            elements.append(Element("30", str(self.quantity)))
        return tuple(elements)

    def barcodes(self) -> tuple[Barcode, ...]:
        return (Barcode(self.symbology, elements=self.elements),)


@dataclass(frozen=True)
class SsccLabel:
    """The GS1 logistic label (4×6 in): ship-from, ship-to, carrier with (420) postcode barcode,
    order and parcel information, the SSCC as GS1-128."""

    sscc: str
    ship_from: Address | None
    ship_to: Address
    carrier: str
    service: str = ""
    order_reference: str = ""
    weight_kg: Decimal | float | str | None = None
    parcel_number: int = 1
    parcel_count: int = 1
    content_gtin: str | None = None
    content_count: int | None = None
    company_prefix_length: int = 7

    def __post_init__(self) -> None:
        object.__setattr__(self, "sscc", require_sscc(self.sscc))
        for name in ("ship_from", "ship_to"):
            if name == "ship_from" and self.ship_from is None:
                continue
            if not isinstance(getattr(self, name), Address):
                raise InvalidValue(
                    name.replace("_", "-"), getattr(self, name), "an Address", "other"
                )
        _require_ship_to(self.ship_to)
        postcode_element(self.ship_to.postcode)
        object.__setattr__(self, "carrier", _text("carrier", self.carrier, max_length=30))
        object.__setattr__(
            self, "service", _text("service", self.service, max_length=30, required=False)
        )
        object.__setattr__(
            self,
            "order_reference",
            _text("order reference", self.order_reference, max_length=30, required=False),
        )
        if self.weight_kg is not None and str(self.weight_kg).strip() != "":
            object.__setattr__(self, "weight_kg", _weight("weight", self.weight_kg))
        else:
            object.__setattr__(self, "weight_kg", None)
        count = _positive_int("parcel count", self.parcel_count, maximum=9999)
        number = _positive_int("parcel number", self.parcel_number, maximum=9999)
        if number > count:
            raise InvalidValue(
                "parcel number", number, f"1 to the parcel count {count}", str(number)
            )
        object.__setattr__(self, "parcel_count", count)
        object.__setattr__(self, "parcel_number", number)
        if self.content_gtin is not None:
            object.__setattr__(self, "content_gtin", normalise_gtin(self.content_gtin))
        if self.content_count is not None:
            object.__setattr__(self, "content_count", _positive_int("count", self.content_count))
        if not 6 <= int(self.company_prefix_length) <= 12:
            raise InvalidValue(
                "company prefix length", self.company_prefix_length, "6 to 12", "other"
            )

    @property
    def sscc_text(self) -> str:
        return format_sscc(self.sscc, self.company_prefix_length)

    @property
    def sscc_elements(self) -> tuple[Element, ...]:
        return (Element("00", self.sscc),)

    @property
    def postcode_elements(self) -> tuple[Element, ...]:
        return (postcode_element(self.ship_to.postcode),)

    @property
    def content_elements(self) -> tuple[Element, ...]:
        if self.content_gtin is None:
            return ()
        elements = [Element("02", self.content_gtin)]
        if self.content_count is not None:
            elements.append(Element("37", str(self.content_count)))
        return tuple(elements)

    @property
    def weight_text(self) -> str:
        if self.weight_kg is None:
            return ""
        return format_weight(validated_decimal(self.weight_kg))

    def barcodes(self) -> tuple[Barcode, ...]:
        codes = [Barcode("gs1-128", elements=self.postcode_elements)]
        if self.content_elements:
            codes.append(Barcode("gs1-128", elements=self.content_elements))
        codes.append(Barcode("gs1-128", elements=self.sscc_elements))
        return tuple(codes)


@dataclass(frozen=True)
class BagLabel:
    """A closed sort bag / cage: destination in huge type, the bag's SSCC as GS1-128."""

    sscc: str
    destination_code: str
    destination_name: str
    carrier: str = ""
    parcel_count: int = 0
    weight_kg: Decimal | float | str | None = None
    company_prefix_length: int = 7

    def __post_init__(self) -> None:
        object.__setattr__(self, "sscc", require_sscc(self.sscc))
        object.__setattr__(
            self,
            "destination_code",
            _text("destination code", self.destination_code, max_length=12).upper(),
        )
        object.__setattr__(
            self,
            "destination_name",
            _text("destination name", self.destination_name, max_length=40),
        )
        object.__setattr__(
            self, "carrier", _text("carrier", self.carrier, max_length=30, required=False)
        )
        object.__setattr__(
            self, "parcel_count", _positive_int("parcel count", self.parcel_count, minimum=0)
        )
        if self.weight_kg is not None and str(self.weight_kg).strip() != "":
            object.__setattr__(self, "weight_kg", _weight("weight", self.weight_kg))
        else:
            object.__setattr__(self, "weight_kg", None)

    @property
    def sscc_text(self) -> str:
        return format_sscc(self.sscc, self.company_prefix_length)

    @property
    def sscc_elements(self) -> tuple[Element, ...]:
        return (Element("00", self.sscc),)

    @property
    def weight_text(self) -> str:
        if self.weight_kg is None:
            return ""
        return format_weight(validated_decimal(self.weight_kg))

    def barcodes(self) -> tuple[Barcode, ...]:
        return (Barcode("gs1-128", elements=self.sscc_elements),)


@dataclass(frozen=True)
class PalletLabel:
    """A handling unit made at a dock (``CMD:NEWHU``): its SSCC as GS1-128, the receipt and the
    dock it was received at, so putaway has a label to scan."""

    sscc: str
    reference: str
    dock: str
    warehouse: str = ""
    company_prefix_length: int = 7

    def __post_init__(self) -> None:
        object.__setattr__(self, "sscc", require_sscc(self.sscc))
        object.__setattr__(self, "reference", _text("receipt", self.reference, max_length=40))
        object.__setattr__(self, "dock", _text("dock", self.dock, max_length=40).upper())
        object.__setattr__(
            self, "warehouse", _text("warehouse", self.warehouse, max_length=40, required=False)
        )

    @property
    def sscc_text(self) -> str:
        return format_sscc(self.sscc, self.company_prefix_length)

    @property
    def sscc_elements(self) -> tuple[Element, ...]:
        return (Element("00", self.sscc),)

    def barcodes(self) -> tuple[Barcode, ...]:
        return (Barcode("gs1-128", elements=self.sscc_elements),)


@dataclass(frozen=True)
class BadgeLabel:
    """An operator badge: Code 128 ``BADGE:<id>``, name and role."""

    badge_id: str
    name: str
    role: str = "operator"

    def __post_init__(self) -> None:
        badge = _code128_text("badge id", self.badge_id, max_length=24)
        if " " in badge or ":" in badge:
            raise InvalidValue("badge id", self.badge_id, "no spaces or colons", "one")
        object.__setattr__(self, "badge_id", badge)
        object.__setattr__(self, "name", _text("operator name", self.name, max_length=40))
        role = str(self.role or "").strip().lower()
        if role not in ROLES:
            raise InvalidValue("role", self.role, " / ".join(ROLES), repr(role))
        object.__setattr__(self, "role", role)

    @property
    def barcode_text(self) -> str:
        return f"BADGE:{self.badge_id}"

    def barcodes(self) -> tuple[Barcode, ...]:
        return (Barcode("code128", self.barcode_text),)


@dataclass(frozen=True)
class CommandEntry:
    barcode_text: str
    caption: str

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "barcode_text", _code128_text("command barcode", self.barcode_text)
        )
        object.__setattr__(self, "caption", _text("caption", self.caption, max_length=100))


@dataclass(frozen=True)
class CommandSheet:
    """A sheet of command barcodes for a bench: one Code 128 per entry with its caption."""

    title: str
    entries: tuple[CommandEntry, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", _text("sheet title", self.title, max_length=40))
        entries = tuple(
            entry if isinstance(entry, CommandEntry) else CommandEntry(*entry)
            for entry in self.entries
        )
        if not entries:
            raise InvalidValue("command sheet", self.title, "at least one command", "none")
        object.__setattr__(self, "entries", entries)

    @classmethod
    def of(cls, title: str, entries: Iterable[tuple[str, str]]) -> CommandSheet:
        return cls(title, tuple(CommandEntry(text, caption) for text, caption in entries))

    def barcodes(self) -> tuple[Barcode, ...]:
        return tuple(Barcode("code128", entry.barcode_text) for entry in self.entries)


Label = LocationLabel | ProductLabel | SsccLabel | BagLabel | BadgeLabel | CommandSheet
