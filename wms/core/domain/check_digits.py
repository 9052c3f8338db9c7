"""Check digits: GS1 modulo-10 (GTIN, SSCC, GLN) and 2-digit location check digits."""

from __future__ import annotations

import zlib

from wms.core.domain.errors import InvalidValue
from wms.core.domain.text import msg


def is_ascii_digits(text: str) -> bool:
    """Only 0-9 (``str.isdigit`` also accepts full-width and other Unicode digits)."""
    return bool(text) and text.isascii() and text.isdigit()


def gs1_check_digit(payload: str) -> int:
    """The GS1 modulo-10 check digit for ``payload`` (all digits except the check digit)."""
    if not is_ascii_digits(payload):
        raise InvalidValue(msg("GS1 number"), payload, msg("digits only"), msg("other characters"))
    data = payload.encode("ascii")
    tripled = data[-1::-2]  # the rightmost digit and every second one to its left weigh 3
    single = data[-2::-2]
    total = 3 * (sum(tripled) - 48 * len(tripled)) + sum(single) - 48 * len(single)
    return (10 - total % 10) % 10


def with_gs1_check_digit(payload: str) -> str:
    return payload + str(gs1_check_digit(payload))


def has_valid_gs1_check_digit(number: str) -> bool:
    if len(number) < 2 or not is_ascii_digits(number):
        return False
    return gs1_check_digit(number[:-1]) == int(number[-1])


def location_check_digits(warehouse: str, code: str) -> str:
    """Two check digits printed on a location label, keyed or spoken to confirm a location.

    They are derived from the warehouse and location code (CRC-32 modulo 100), so they are stable
    across re-imports and every station computes the same value without a lookup.
    """
    return f"{zlib.crc32(f'{warehouse}/{code}'.encode()) % 100:02d}"
