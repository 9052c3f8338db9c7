"""What a scan means: the value objects returned by :func:`wms.core.barcodes.interpret`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class ScanKind(StrEnum):
    COMMAND = "command"
    PRODUCT = "product"
    HANDLING_UNIT = "handling_unit"
    LOCATION = "location"
    DOCUMENT = "document"
    TOTE = "tote"
    BADGE = "badge"
    TEXT = "text"


@dataclass(frozen=True)
class ScanSettings:
    """How a station reads its scanners.

    ``gs_substitutes`` are strings read as the GS1 group separator (``\\x1d``): a printable
    character programmed into a keyboard-wedge scanner (``"|"``), or ``"<GS>"`` and the
    4-character escape ``"\\x1d"`` used in replay script files.
    """

    gs_substitutes: tuple[str, ...] = ()
    max_length: int = 512


@dataclass(frozen=True)
class Scan:
    """One accepted scan.

    ``raw`` is exactly what was received; ``data`` is the payload with the AIM prefix removed and
    group separators normalised to ``\\x1d``; ``value`` is the primary identifier (GTIN-14 for a
    product, SSCC for a handling unit, the code of a location, the command name...).
    """

    raw: str
    kind: ScanKind
    data: str
    value: str
    symbology: str | None = None
    symbology_name: str | None = None
    argument: str | None = None
    document_type: str | None = None
    gtin: str | None = None
    content_gtin: str | None = None
    sscc: str | None = None
    lot: str | None = None
    expiry: date | None = None
    best_before: date | None = None
    production_date: date | None = None
    serial: str | None = None
    count: int | None = None
    net_weight_kg: Decimal | None = None
    ship_to_postcode: str | None = None
    elements: tuple[tuple[str, str], ...] = ()
    is_gs1: bool = False

    def element(self, ai: str) -> str | None:
        """The value of the first element with application identifier ``ai``, or None."""
        for key, value in self.elements:
            if key == ai:
                return value
        return None
