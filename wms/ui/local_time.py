"""Clock times as the station's wall clock shows them.

The core speaks UTC (one clock, :mod:`wms.core.domain.clock`) and some of its sentences name a
time of day in it — "badge 1001 is locked until 14:05:09 UTC". An operator reads the clock on
the wall: :func:`local_clock_times` rewrites such times into the station's time zone before a
sentence is shown.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, tzinfo

_UTC_TIME = re.compile(r"\b([01]\d|2[0-3]):([0-5]\d):([0-5]\d) UTC\b")


def local_clock_times(
    text: str, *, zone: tzinfo | None = None, today: datetime | None = None
) -> str:
    """``text`` with every ``HH:MM:SS UTC`` written as the local ``HH:MM:SS`` (the day is
    taken as today's, in UTC: the core names times of day only for the next few minutes)."""

    def local(match: re.Match[str]) -> str:
        day = (today or datetime.now(UTC)).astimezone(UTC).date()
        hour, minute, second = (int(part) for part in match.groups())
        moment = datetime.combine(day, time(hour, minute, second), UTC)
        return moment.astimezone(zone).strftime("%H:%M:%S")

    return _UTC_TIME.sub(local, text)
