"""What to print, stored with the print job: the print-spec format.

Direction: **the core stores what to print; devices and labels render it.** Packing and sorting
decide inside their transaction what goes on a label or a document and write it to the print
job as a *print spec* (content type ``spec``); the ZPL or PDF is made only when the print queue
delivers the job (:mod:`wms.devices.print_queue` calls :mod:`wms.labels.specs`). So ``wms.core``
never imports ``wms.labels`` (checked by import-linter), nothing is rendered in a transaction
that may still roll back, and a reprint renders the same spec again (the same SSCC).

The format, one UTF-8 JSON object::

    {"format": "wms-print-spec", "kind": "shipping-label", "version": 1, "data": {...}}

=================== ======= ====== ==========================================================
kind                version output data
=================== ======= ====== ==========================================================
``shipping-label``  1       ZPL    :class:`ShippingLabelSpec` (GS1 logistic label of a parcel)
``bag-label``       1       ZPL    :class:`BagLabelSpec` (a closed sort bag)
``pallet-label``    1       ZPL    :class:`PalletLabelSpec` (a handling unit made at a dock)
``parcel-documents`` 1      PDF    :class:`ParcelDocumentsSpec` (packing list, CN22 / CN23)
=================== ======= ====== ==========================================================

``data`` holds the dataclass's fields by name: texts as strings, counts as integers, weights and
amounts as decimal strings (``"0.53"``), dates as ISO dates (``"2026-03-02"``), addresses as
objects (``name``, ``lines``, ``postcode``, ``city``, ``country``), lists as arrays, an absent
customs declaration as ``null``. :func:`read_spec` refuses, with :class:`PrintSpecError`, a
payload that is not such an object, an unknown kind, a version it does not know, and data with
fields missing, unknown or of the wrong type; a job holding one fails with that message.

The builders fit texts to the room on the label (:data:`ROOM`), so a spec the core writes is one
the renderer accepts; :func:`ship_to_postcode` is the rule a parcel's address must meet to be
labelled at all (GS1 AI 420), checked before the parcel is closed.
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, ClassVar, Union, get_args, get_origin, get_type_hints

from wms.core.domain.errors import InvalidValue
from wms.core.domain.text import msg

SPEC_FORMAT = "wms-print-spec"
SPEC_CONTENT_TYPE = "spec"

#: Characters a text may take on a label or form, by field (longer texts are cut to fit).
ROOM: dict[str, int] = {
    "name": 60,
    "address_line": 60,
    "city": 40,
    "carrier": 30,
    "service": 30,
    "reference": 30,
    "packing_description": 80,
    "customs_description": 60,
    "signed_by": 60,
    "place": 40,
    "destination_code": 12,
    "destination_name": 40,
}

#: GS1 AI encodable character set 82, which the AI 420 ship-to postcode must use.
_CSET82 = re.compile(r"[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*")


class SpecKind(StrEnum):
    SHIPPING_LABEL = "shipping-label"
    BAG_LABEL = "bag-label"
    PALLET_LABEL = "pallet-label"
    PARCEL_DOCUMENTS = "parcel-documents"


class PrintSpecError(InvalidValue):
    """A stored print spec cannot be read (not a spec, unknown kind or version, bad data)."""

    code = "print_spec"


def fit(text: object, field: str) -> str:
    """``text`` stripped and cut to the room :data:`ROOM` gives ``field``."""
    return str(text or "").strip()[: ROOM[field]].strip()


def ship_to_postcode(postcode: str) -> str:
    """The AI 420 value of a ship-to postcode: spaces and dashes removed, upper case, GS1
    character set 82, at most 20 characters; refused when there is none."""
    compact = postcode.replace(" ", "").replace("-", "").upper()
    if not compact:
        raise InvalidValue(msg("ship-to postcode"), postcode, msg("a postal code"), msg("nothing"))
    if not _CSET82.fullmatch(compact) or len(compact) > 20:
        raise InvalidValue(
            msg("ship-to postcode"),
            postcode,
            msg("letters and digits (at most 20)"),
            msg("other characters"),
        )
    return compact


# --- the specs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostalAddress:
    """A party on a label or form; ``country`` an ISO 3166 alpha-2 code."""

    name: str
    lines: tuple[str, ...] = ()
    postcode: str = ""
    city: str = ""
    country: str = ""


@dataclass(frozen=True)
class ShippingLabelSpec:
    """The GS1 logistic label of a parcel: SSCC (AI 00), ship-to postcode (AI 420), parties,
    carrier, order and weight."""

    KIND: ClassVar[SpecKind] = SpecKind.SHIPPING_LABEL
    VERSION: ClassVar[int] = 1

    sscc: str
    ship_from: PostalAddress
    ship_to: PostalAddress
    carrier: str
    service: str
    order: str
    weight_kg: Decimal
    parcel_number: int = 1
    parcel_count: int = 1
    company_prefix_length: int = 7


@dataclass(frozen=True)
class BagLabelSpec:
    """A closed sort bag: destination, carrier, parcel count, weight, the bag's SSCC."""

    KIND: ClassVar[SpecKind] = SpecKind.BAG_LABEL
    VERSION: ClassVar[int] = 1

    sscc: str
    destination_code: str
    destination_name: str
    carrier: str
    parcel_count: int
    weight_kg: Decimal | None
    company_prefix_length: int = 7


@dataclass(frozen=True)
class PalletLabelSpec:
    """A handling unit made at a dock (``CMD:NEWHU``): its SSCC, the receipt and the dock."""

    KIND: ClassVar[SpecKind] = SpecKind.PALLET_LABEL
    VERSION: ClassVar[int] = 1

    sscc: str
    reference: str
    dock: str
    warehouse: str = ""
    company_prefix_length: int = 7


@dataclass(frozen=True)
class PackedLine:
    sku: str
    description: str
    quantity: int
    lot: str = ""


@dataclass(frozen=True)
class PackingListSpec:
    order: str
    sscc: str
    carrier: str
    packed_on: date
    ship_from: PostalAddress
    ship_to: PostalAddress
    lines: tuple[PackedLine, ...]


@dataclass(frozen=True)
class DeclaredLine:
    description: str
    quantity: int
    net_weight_kg: Decimal
    value: Decimal
    currency: str
    hs_code: str
    origin_country: str


@dataclass(frozen=True)
class CustomsSpec:
    """A CN22 or CN23 (``form``), UPU category of item, the item lines and the signature."""

    form: str
    category: str
    sender: PostalAddress
    recipient: PostalAddress
    lines: tuple[DeclaredLine, ...]
    gross_weight_kg: Decimal
    invoice_number: str
    sender_reference: str
    signed_by: str
    place: str
    signed_on: date
    sscc: str


@dataclass(frozen=True)
class ParcelDocumentsSpec:
    """The papers of a parcel, one PDF: the packing list, then the customs form if any."""

    KIND: ClassVar[SpecKind] = SpecKind.PARCEL_DOCUMENTS
    VERSION: ClassVar[int] = 1

    title: str
    packing_list: PackingListSpec
    customs: CustomsSpec | None = None


PrintSpec = ShippingLabelSpec | BagLabelSpec | PalletLabelSpec | ParcelDocumentsSpec
SPEC_TYPES: dict[SpecKind, type[PrintSpec]] = {
    SpecKind.SHIPPING_LABEL: ShippingLabelSpec,
    SpecKind.BAG_LABEL: BagLabelSpec,
    SpecKind.PALLET_LABEL: PalletLabelSpec,
    SpecKind.PARCEL_DOCUMENTS: ParcelDocumentsSpec,
}


# --- writing and reading --------------------------------------------------------------------


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_spec(spec: PrintSpec) -> bytes:
    """The job payload of ``spec``: the JSON envelope with kind, version and data."""
    envelope = {
        "format": SPEC_FORMAT,
        "kind": spec.KIND.value,
        "version": spec.VERSION,
        "data": _plain(spec),
    }
    return json.dumps(envelope, ensure_ascii=False, sort_keys=True).encode("utf-8")


def read_spec(payload: bytes) -> PrintSpec:
    """The spec a job payload holds; :class:`PrintSpecError` when it cannot be read."""
    try:
        envelope = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PrintSpecError(
            msg("print spec"),
            payload[:40],
            msg("a {spec_format} JSON object", spec_format=SPEC_FORMAT),
            msg("other bytes"),
        ) from None
    if not isinstance(envelope, dict) or envelope.get("format") != SPEC_FORMAT:
        found = envelope.get("format") if isinstance(envelope, dict) else type(envelope).__name__
        raise PrintSpecError(
            msg("print spec"),
            payload[:40],
            msg("format {spec_format!r}", spec_format=SPEC_FORMAT),
            repr(found),
        )
    kind = envelope.get("kind")
    if kind not in SPEC_TYPES:
        raise PrintSpecError(
            msg("print spec kind"), kind, " / ".join(k.value for k in SpecKind), repr(kind)
        )
    spec_type = SPEC_TYPES[SpecKind(kind)]
    version = envelope.get("version")
    if version != spec_type.VERSION:
        raise PrintSpecError(
            msg("print spec {kind} version", kind=kind),
            version,
            msg("version {version}", version=spec_type.VERSION),
            repr(version),
        )
    spec = _build(spec_type, envelope.get("data"), str(kind))
    assert isinstance(
        spec, ShippingLabelSpec | BagLabelSpec | PalletLabelSpec | ParcelDocumentsSpec
    )
    return spec


def _build(cls: type[Any], data: object, where: str) -> Any:
    if not isinstance(data, dict):
        raise PrintSpecError(where, data, msg("an object of fields"), type(data).__name__)
    hints = get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise PrintSpecError(where, ", ".join(unknown), msg("known fields"), msg("unknown fields"))
    values: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in data:
            if field.default is dataclasses.MISSING:
                raise PrintSpecError(
                    msg("{where}.{name}", where=where, name=name),
                    "",
                    msg("a value"),
                    msg("nothing"),
                )
            continue
        values[name] = _value(hints[name], data[name], f"{where}.{name}")
    return cls(**values)


def _value(hint: object, raw: object, where: str) -> Any:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [arg for arg in get_args(hint) if arg is not type(None)]
        if raw is None:
            return None
        return _value(options[0], raw, where)
    if origin is tuple:
        item_type = get_args(hint)[0]
        if not isinstance(raw, list):
            raise PrintSpecError(where, raw, msg("a list"), type(raw).__name__)
        return tuple(_value(item_type, item, f"{where}[{i}]") for i, item in enumerate(raw))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _build(hint, raw, where)
    if hint is Decimal:
        try:
            number = Decimal(str(raw)) if isinstance(raw, str) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise PrintSpecError(where, raw, msg("a decimal number as text"), repr(raw))
        return number
    if hint is date:
        try:
            return date.fromisoformat(raw) if isinstance(raw, str) else _wrong(where, raw, hint)
        except ValueError:
            raise PrintSpecError(where, raw, msg("an ISO date (YYYY-MM-DD)"), repr(raw)) from None
    if hint is int and isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if hint is str and isinstance(raw, str):
        return raw
    return _wrong(where, raw, hint)


_EXPECTED: dict[object, str] = {int: "a whole number", str: "text"}


def _wrong(where: str, raw: object, hint: object) -> Any:
    expected = _EXPECTED.get(hint, getattr(hint, "__name__", str(hint)))
    raise PrintSpecError(where, raw, expected, type(raw).__name__)
