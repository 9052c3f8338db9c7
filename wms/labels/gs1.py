"""GS1 numbers and element strings as printed on labels (SSCC, GTIN, AIs 00/01/02/10/17/30/37/420).

A barcode's content is a sequence of :class:`Element` (application identifier + value). Renderers
turn it into their own encoding: ZPL ``^BC`` invocation codes, ``^BX`` escape sequences, or the
``\\xf1`` FNC1 character that reportlab's Code 128 understands. The rules shared by all of them
live here: which AIs have a fixed length (no FNC1 separator needed after them), the GS1 character
set 82 that variable fields must use, and the human-readable text under a barcode.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from wms.core.domain.check_digits import is_ascii_digits
from wms.core.domain.errors import InvalidValue
from wms.core.domain.model import normalise_gtin
from wms.core.domain.sscc import make_sscc as build_sscc
from wms.core.domain.sscc import require_sscc

#: Application identifiers this module knows, with the fixed length of their value (None: variable).
FIXED_LENGTH: dict[str, int | None] = {
    "00": 18,
    "01": 14,
    "02": 14,
    "10": None,
    "17": 6,
    "30": None,
    "37": None,
    "420": None,
}
MAX_LENGTH = {"10": 20, "30": 8, "37": 8, "420": 20}

#: GS1 AI encodable character set 82 (ISO 646 subset) for alphanumeric AI values.
_CSET82 = re.compile(r"[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*")


@dataclass(frozen=True)
class Element:
    """One GS1 element: application identifier and value, e.g. ``Element("00", "3611...")``."""

    ai: str
    value: str

    def __post_init__(self) -> None:
        if self.ai not in FIXED_LENGTH:
            raise InvalidValue(
                "GS1 application identifier", self.ai, "one of " + ", ".join(FIXED_LENGTH), "other"
            )
        fixed = FIXED_LENGTH[self.ai]
        if fixed is not None:
            if len(self.value) != fixed or not is_ascii_digits(self.value):
                raise InvalidValue(
                    f"GS1 AI ({self.ai}) value", self.value, f"{fixed} digits", _found(self.value)
                )
            return
        limit = MAX_LENGTH[self.ai]
        if not 1 <= len(self.value) <= limit:
            raise InvalidValue(
                f"GS1 AI ({self.ai}) value",
                self.value,
                f"1 to {limit} characters",
                f"{len(self.value)} characters",
            )
        if self.ai in ("30", "37") and not is_ascii_digits(self.value):
            raise InvalidValue(f"GS1 AI ({self.ai}) value", self.value, "digits", "other")
        if not _CSET82.fullmatch(self.value):
            raise InvalidValue(
                f"GS1 AI ({self.ai}) value",
                self.value,
                "letters, digits and !\"%&'()*+,-./:;<=>?_ only (GS1 character set 82)",
                "other characters",
            )

    @property
    def fixed_length(self) -> bool:
        return FIXED_LENGTH[self.ai] is not None


def _found(value: str) -> str:
    if not is_ascii_digits(value):
        return "characters other than digits"
    return f"{len(value)} digits"


def is_cset82(text: str) -> bool:
    return bool(_CSET82.fullmatch(text))


FNC1 = object()
"""Marker for an FNC1 in a token sequence (see :func:`tokens`)."""


def tokens(elements: Sequence[Element]) -> list[object]:
    """FNC1 (as start code), then each AI + value, with FNC1 after variable-length values
    that are not last: the exact data a GS1-128 or GS1 DataMatrix symbol carries."""
    if not elements:
        raise InvalidValue("GS1 element string", "", "at least one element", "none")
    out: list[object] = [FNC1]
    for index, element in enumerate(elements):
        out.extend(element.ai + element.value)
        if not element.fixed_length and index < len(elements) - 1:
            out.append(FNC1)
    return out


def element_string(elements: Sequence[Element], separator: str = "\x1d") -> str:
    """The transmitted data (without the leading FNC1), separators as ``separator``."""
    return "".join(separator if t is FNC1 else str(t) for t in tokens(elements)[1:])


def human_readable(elements: Sequence[Element]) -> str:
    """``(01)03612345678901(10)ABC`` style text printed under a barcode."""
    return "".join(f"({e.ai}){e.value}" for e in elements)


# --- numbers -------------------------------------------------------------------------------


def format_sscc(sscc: str, company_prefix_length: int = 7) -> str:
    """``(00) 3 6111234 000000001 2``: extension, company prefix, serial reference, check digit."""
    p = min(max(company_prefix_length, 6), 12)
    return f"(00) {sscc[0]} {sscc[1 : 1 + p]} {sscc[1 + p : 17]} {sscc[17]}"


def yymmdd(day: date) -> str:
    return day.strftime("%y%m%d")


__all__ = [
    "FNC1",
    "Element",
    "build_sscc",
    "element_string",
    "format_sscc",
    "human_readable",
    "is_cset82",
    "normalise_gtin",
    "require_sscc",
    "tokens",
    "yymmdd",
]
