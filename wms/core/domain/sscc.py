"""Serial Shipping Container Codes (GS1 AI 00) allocated from the site's company prefix."""

from __future__ import annotations

from wms.core.domain.check_digits import (
    gs1_check_digit,
    has_valid_gs1_check_digit,
    is_ascii_digits,
    with_gs1_check_digit,
)
from wms.core.domain.errors import InvalidValue
from wms.core.domain.text import msg

SSCC_LENGTH = 18


def make_sscc(company_prefix: str, serial: int, extension_digit: int = 3) -> str:
    """Extension digit + company prefix + serial reference + check digit (18 digits)."""
    if not is_ascii_digits(company_prefix) or not 6 <= len(company_prefix) <= 12:
        raise InvalidValue(
            msg("GS1 company prefix"),
            company_prefix,
            msg("6 to 12 digits"),
            msg("{count} chars", count=len(company_prefix)),
        )
    if not 0 <= extension_digit <= 9:
        raise InvalidValue(
            msg("SSCC extension digit"), extension_digit, msg("0 to 9"), str(extension_digit)
        )
    serial_width = SSCC_LENGTH - 2 - len(company_prefix)
    if serial < 0 or serial >= 10**serial_width:
        raise InvalidValue(
            msg("SSCC serial reference"),
            serial,
            msg(
                "0 to {value} for a {count}-digit company prefix",
                value=10**serial_width - 1,
                count=len(company_prefix),
            ),
            msg("a number out of range (the prefix's SSCC range is used up)"),
        )
    return with_gs1_check_digit(f"{extension_digit}{company_prefix}{serial:0{serial_width}d}")


def require_sscc(value: str) -> str:
    """An 18-digit SSCC with a valid check digit (a leading ``00`` / ``(00)`` AI is dropped)."""
    text = str(value).strip().replace(" ", "")
    if text.startswith("(00)"):
        text = text[4:]
    if len(text) == 20 and text.startswith("00"):
        text = text[2:]
    if len(text) != SSCC_LENGTH or not is_ascii_digits(text):
        found = (
            msg("{count} digits", count=len(text))
            if is_ascii_digits(text)
            else msg("characters other than digits")
        )
        raise InvalidValue("SSCC", value, msg("18 digits"), found)
    if not has_valid_gs1_check_digit(text):
        raise InvalidValue(
            "SSCC",
            value,
            msg("check digit {text}", text=gs1_check_digit(text[:-1])),
            msg("check digit {text}", text=text[-1]),
        )
    return text
