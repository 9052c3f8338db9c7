"""Serial Shipping Container Codes (GS1 AI 00) allocated from the site's company prefix."""

from __future__ import annotations

from wms.core.domain.check_digits import (
    gs1_check_digit,
    has_valid_gs1_check_digit,
    is_ascii_digits,
    with_gs1_check_digit,
)
from wms.core.domain.errors import InvalidValue

SSCC_LENGTH = 18


def make_sscc(company_prefix: str, serial: int, extension_digit: int = 3) -> str:
    """Extension digit + company prefix + serial reference + check digit (18 digits)."""
    if not is_ascii_digits(company_prefix) or not 6 <= len(company_prefix) <= 12:
        raise InvalidValue(
            "GS1 company prefix", company_prefix, "6 to 12 digits", f"{len(company_prefix)} chars"
        )
    if not 0 <= extension_digit <= 9:
        raise InvalidValue("SSCC extension digit", extension_digit, "0 to 9", str(extension_digit))
    serial_width = SSCC_LENGTH - 2 - len(company_prefix)
    if serial < 0 or serial >= 10**serial_width:
        raise InvalidValue(
            "SSCC serial reference",
            serial,
            f"0 to {10**serial_width - 1} for a {len(company_prefix)}-digit company prefix",
            "a number out of range (the prefix's SSCC range is used up)",
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
        found = f"{len(text)} digits" if is_ascii_digits(text) else "characters other than digits"
        raise InvalidValue("SSCC", value, "18 digits", found)
    if not has_valid_gs1_check_digit(text):
        raise InvalidValue(
            "SSCC", value, f"check digit {gs1_check_digit(text[:-1])}", f"check digit {text[-1]}"
        )
    return text
