"""The SSCC serial range reserved to one station, so two benches never issue the same SSCC.

An SSCC is extension digit + GS1 company prefix + serial reference + check digit. Each
station of a warehouse gets a number from central (once, on its first sync); the leading digits
of the serial reference are that number and the rest count that station's handling units:

    3 6111234 007 000042 c     station 7's 42nd SSCC (7-digit prefix: 3 + 6 digits)

Number 0 is the block of a database that has no reserved number yet (its own counter, as
before this existed), so SSCCs already printed keep their meaning.
"""

from __future__ import annotations

from wms.core.domain.errors import InvalidValue
from wms.core.domain.sscc import SSCC_LENGTH
from wms.core.domain.text import msg


def serial_width(company_prefix: str) -> int:
    """Digits of the serial reference after ``company_prefix``."""
    return SSCC_LENGTH - 2 - len(company_prefix)


def station_digits(company_prefix: str) -> int:
    """Leading digits of the serial reference that hold the station's number."""
    width = serial_width(company_prefix)
    return 3 if width >= 9 else 2 if width >= 6 else 1


def largest_station_number(company_prefix: str) -> int:
    return int(10 ** station_digits(company_prefix)) - 1


def counter_span(company_prefix: str) -> int:
    """How many SSCCs one station can issue (counters 1 .. span - 1)."""
    return int(10 ** (serial_width(company_prefix) - station_digits(company_prefix)))


def serial_for(company_prefix: str, station_number: int, counter: int) -> int:
    """The serial reference of ``station_number``'s ``counter``-th SSCC."""
    if not 1 <= station_number <= largest_station_number(company_prefix):
        raise InvalidValue(
            msg("station number for SSCCs"),
            station_number,
            msg(
                "1 to {company_prefix} for a {count}-digit company prefix",
                company_prefix=largest_station_number(company_prefix),
                count=len(company_prefix),
            ),
            str(station_number),
        )
    span = counter_span(company_prefix)
    if not 1 <= counter < span:
        raise InvalidValue(
            msg("SSCC counter of the station"),
            counter,
            msg("1 to {value}", value=span - 1),
            msg("a number out of range (the station's SSCC range is used up)"),
        )
    return station_number * span + counter


def split_serial(company_prefix: str, serial: int) -> tuple[int, int]:
    """(station number, counter) of a serial reference."""
    return divmod(serial, counter_span(company_prefix))


def serial_of_sscc(company_prefix: str, sscc: str) -> int | None:
    """The serial reference of an SSCC of ``company_prefix`` (None: another prefix)."""
    if len(sscc) != SSCC_LENGTH or not sscc.isdigit():
        return None
    if sscc[1 : 1 + len(company_prefix)] != company_prefix:
        return None
    return int(sscc[1 + len(company_prefix) : -1])
