"""The hub's time zone: the calendar days its reports count in.

The core stores and compares moments in UTC; a report by day (the owner's billing report)
counts the days of the hub's own clock, named by its IANA name (``Africa/Casablanca``,
``Asia/Shanghai``), daylight saving included. The zone database is Python's ``zoneinfo``
(the system's, else the ``tzdata`` package, a dependency).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wms.core.domain.errors import InvalidValue
from wms.core.domain.text import msg

DEFAULT_ZONE = "UTC"
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*")


def time_zone(name: str) -> tzinfo:
    """The zone named ``name`` (``UTC`` or an IANA name); refused with a sentence otherwise."""
    text = name.strip()
    if text.upper() == DEFAULT_ZONE:
        return UTC
    if _NAME.fullmatch(text):
        try:
            return ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    raise InvalidValue(
        msg("time zone"),
        name,
        msg("UTC or a time zone name such as Africa/Casablanca"),
        msg("no such time zone"),
    )


def zone_name(zone: tzinfo) -> str:
    """How a zone is written back: its IANA name, ``UTC`` for UTC."""
    return DEFAULT_ZONE if zone is UTC else str(zone)


def day_start(day: date, zone: tzinfo) -> datetime:
    """The first moment of ``day`` on the zone's clock, in UTC (a day of 23 or 25 hours when
    the clocks change)."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def day_of(moment: datetime, zone: tzinfo) -> date:
    """The zone's calendar day of a moment (a moment without a zone is UTC, as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date()
