"""The one wall clock of the system: aware UTC time, passed around as a ``Clock``.

Code that stamps or compares times takes a clock from its caller (the runtime's, a test's fixed
one) instead of reading the system time itself; :func:`utc_now` is the default clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)
