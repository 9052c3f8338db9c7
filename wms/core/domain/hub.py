"""The parcel hub's vocabulary: where a parcel from abroad stands, its customs status and the
events recorded about it (append-only, like movements)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum


class ParcelState(StrEnum):
    """Where a pre-alerted parcel stands in the hub."""

    EXPECTED = "expected"  # pre-alerted, never scanned
    SORTED = "sorted"  # at its last-mile destination
    HELD = "held"  # in the customs hold cage
    EXCEPTION = "exception"  # in the exceptions area (wrong bag, damaged, no sort rule)
    HANDED_OVER = "handed_over"  # given to the last-mile carrier


class CustomsStatus(StrEnum):
    NONE = "none"  # no decision received (the parcel sorts on: pre-cleared unless held)
    RELEASED = "released"
    HELD = "held"
    SEIZED = "seized"


class HoldReason(StrEnum):
    INSPECTION = "inspection"
    DOCUMENTS = "documents"
    DUTY_UNPAID = "duty_unpaid"


class ExceptionReason(StrEnum):
    NOT_PREALERTED = "not_prealerted"
    WRONG_BAG = "wrong_bag"
    ALREADY_SORTED = "already_sorted"
    DAMAGED = "damaged"
    NO_SORT_RULE = "no_sort_rule"


class ParcelEventKind(StrEnum):
    """What happened to a parcel; one row each, never updated or deleted."""

    ARRIVED = "arrived"
    SORTED = "sorted"
    HELD = "held"
    EXCEPTION = "exception"
    RELEASED = "released"
    HANDED_OVER = "handed_over"
    WRONG_DESTINATION = "wrong_destination"  # a refused confirmation scan, counted


def as_utc(moment: datetime) -> datetime:
    """An aware UTC time (SQLite gives stored times back without their zone)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
