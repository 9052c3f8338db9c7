"""Identifiers of the parcel hub: UPU S10 item numbers, MAWB numbers and carrier tracking
numbers described by a pattern (prefix, length, check rule).

Each ``require_*`` returns the canonical form (upper case, no spaces) or raises
:class:`~wms.core.domain.errors.InvalidValue` saying the value, what was expected and what was
found; a wrong check digit names the digit that was expected.

- **UPU S10** (``RR123456785CN``): two service letters, an 8-digit serial, the check digit, and
  the ISO 3166-1 country of the posting operator. Check digit: weights 8 6 4 2 3 5 9 7 on the
  serial, ``11 - sum mod 11``, where 10 gives 0 and 11 gives 5.
- **MAWB** (``176-12345675``): a 3-digit airline prefix and 8 digits, the last one being the
  7-digit serial modulo 7. Read with or without the dash or spaces; written ``PPP-NNNNNNNN``.
- **Carrier tracking patterns**: a carrier's numbers start with ``prefix`` and are ``length``
  characters long; the part after the prefix is checked by ``check``: ``none``, ``mod10`` (GS1
  modulo 10 on the digits, the last being the check digit), ``mod7`` (the last digit is the
  number before it modulo 7) or ``s10`` (the whole number is an S10 item number).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from operator import mul

from wms.core.domain.check_digits import gs1_check_digit, is_ascii_digits
from wms.core.domain.countries import COUNTRIES
from wms.core.domain.errors import InvalidValue
from wms.core.domain.text import msg

S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_S10 = re.compile(r"[A-Z]{2}[0-9]{9}[A-Z]{2}")
_PATTERN_CHARS = re.compile(r"[A-Z0-9]*")


def _compact(value: object) -> str:
    return str(value).strip().replace(" ", "").upper()


def s10_check_digit(serial: str) -> int:
    """The S10 check digit of an 8-digit serial number."""
    if len(serial) != 8 or not is_ascii_digits(serial):
        raise InvalidValue(
            msg("S10 serial number"),
            serial,
            msg("8 digits"),
            msg("{count} characters", count=len(serial)),
        )
    check = 11 - sum(map(mul, map(int, serial), S10_WEIGHTS)) % 11
    return 0 if check == 10 else 5 if check == 11 else check


def make_s10(service: str, serial: int, country: str) -> str:
    """An S10 number from its service letters, serial (0 to 99,999,999) and country."""
    digits = f"{serial:08d}"
    return f"{service}{digits}{s10_check_digit(digits)}{country}"


def require_s10(value: object) -> str:
    """A valid UPU S10 item number, canonical (upper case, no spaces)."""
    text = _compact(value)
    if len(text) != 13:
        raise InvalidValue(
            msg("S10 item number"),
            value,
            msg("13 characters: 2 letters, 8 digits, a check digit, a 2-letter country"),
            msg("{count} characters", count=len(text)),
        )
    if not _S10.fullmatch(text):
        raise InvalidValue(
            msg("S10 item number"),
            value,
            msg("2 letters, 9 digits and 2 letters (like RR123456785CN)"),
            _s10_shape_problem(text),
        )
    expected = s10_check_digit(text[2:10])
    if int(text[10]) != expected:
        raise InvalidValue(
            msg("S10 item number"),
            value,
            msg("check digit {expected}", expected=expected),
            text[10],
        )
    if text[11:] not in COUNTRIES:
        raise InvalidValue(
            msg("S10 item number"),
            value,
            msg("an ISO 3166 country code at the end"),
            msg("'{text}'", text=text[11:]),
        )
    return text


def looks_like_s10(value: object) -> bool:
    """The shape of an S10 number (letters, digits, letters), whatever its check digit."""
    return _S10.fullmatch(_compact(value)) is not None


def _s10_shape_problem(text: str) -> str:
    for position, char in enumerate(text, start=1):
        wants_letter = position <= 2 or position >= 12
        if wants_letter and not ("A" <= char <= "Z"):
            return f"'{char}' at position {position} where a letter belongs"
        if not wants_letter and not ("0" <= char <= "9"):
            return f"'{char}' at position {position} where a digit belongs"
    return "another shape"  # pragma: no cover - the regex and this loop agree


def mawb_check_digit(serial: str) -> int:
    """The MAWB check digit: the 7-digit serial modulo 7."""
    if len(serial) != 7 or not is_ascii_digits(serial):
        raise InvalidValue(
            msg("MAWB serial"),
            serial,
            msg("7 digits"),
            msg("{count} characters", count=len(serial)),
        )
    return int(serial) % 7


def make_mawb(prefix: str, serial: int) -> str:
    digits = f"{serial:07d}"
    return f"{prefix}-{digits}{mawb_check_digit(digits)}"


def require_mawb(value: object) -> str:
    """A valid MAWB number as ``PPP-NNNNNNNN`` (read with or without the dash or spaces)."""
    text = _compact(value).replace("-", "")
    if not is_ascii_digits(text) or len(text) != 11:
        found = (
            msg("{count} digits", count=len(text))
            if is_ascii_digits(text)
            else msg("characters other than digits")
        )
        raise InvalidValue(
            msg("MAWB number"),
            value,
            msg("a 3-digit airline prefix and 8 digits (like 176-12345675)"),
            found,
        )
    expected = mawb_check_digit(text[3:10])
    if int(text[10]) != expected:
        raise InvalidValue(
            msg("MAWB number"),
            value,
            msg("check digit {expected} (serial {text} mod 7)", expected=expected, text=text[3:10]),
            text[10],
        )
    return f"{text[:3]}-{text[3:]}"


class CheckRule(StrEnum):
    NONE = "none"
    MOD10 = "mod10"
    MOD7 = "mod7"
    S10 = "s10"


@dataclass(frozen=True)
class TrackingPattern:
    """How one carrier's tracking numbers look: ``prefix`` + the rest, ``length`` in all."""

    carrier: str
    length: int
    prefix: str = ""
    check: CheckRule = CheckRule.NONE

    def __post_init__(self) -> None:
        if not _PATTERN_CHARS.fullmatch(self.prefix):
            raise InvalidValue(
                msg("tracking prefix of {carrier}", carrier=self.carrier),
                self.prefix,
                msg("letters and digits"),
                msg("others"),
            )
        if not len(self.prefix) < self.length <= 40:
            raise InvalidValue(
                msg("tracking length of {carrier}", carrier=self.carrier),
                self.length,
                msg("more than the prefix ({count}) and at most 40", count=len(self.prefix)),
                str(self.length),
            )
        if self.check is CheckRule.S10 and self.length != 13:
            raise InvalidValue(
                msg("tracking length of {carrier}", carrier=self.carrier),
                self.length,
                msg("13 for S10 numbers"),
                msg("another"),
            )

    def matches(self, text: str) -> bool:
        """The number has this carrier's prefix and length (its check is not looked at)."""
        return len(text) == self.length and text.startswith(self.prefix)

    def describe(self) -> str:
        start = f"starting {self.prefix}, " if self.prefix else ""
        return f"{self.carrier} ({start}{self.length} characters, check {self.check.value})"

    def validate(self, value: object) -> str:
        text = _compact(value)
        what = msg("{carrier} tracking number", carrier=self.carrier)
        if not self.matches(text):
            raise InvalidValue(
                what, value, self.describe(), msg("{count} characters", count=len(text))
            )
        if self.check is CheckRule.S10:
            return require_s10(text)
        body = text[len(self.prefix) :]
        if self.check is CheckRule.NONE:
            return text
        if not is_ascii_digits(body):
            raise InvalidValue(
                what,
                value,
                msg("digits after '{prefix}'", prefix=self.prefix),
                msg("other characters"),
            )
        if self.check is CheckRule.MOD10:
            expected = gs1_check_digit(body[:-1])
        else:
            expected = int(body[:-1]) % 7
        if int(body[-1]) != expected:
            raise InvalidValue(
                what,
                value,
                msg("check digit {expected} ({check})", expected=expected, check=self.check.value),
                body[-1],
            )
        return text


def require_tracking(value: object, patterns: Iterable[TrackingPattern] = ()) -> str:
    """A parcel's tracking number: a carrier pattern's number when one has its prefix and
    length (the most specific prefix first), else an S10 item number."""
    text = _compact(value)
    patterns = tuple(patterns)
    if not text:
        raise InvalidValue(msg("tracking number"), value, msg("a tracking number"), msg("nothing"))
    if patterns:
        candidates = sorted(
            (p for p in patterns if p.matches(text)), key=lambda p: len(p.prefix), reverse=True
        )
        if candidates:
            return candidates[0].validate(text)
    if looks_like_s10(text) or not patterns:
        return require_s10(text)
    known = "; ".join(p.describe() for p in patterns)
    raise InvalidValue(
        msg("tracking number"),
        value,
        msg("an S10 item number or a number of {known}", known=known),
        msg("neither"),
    )
