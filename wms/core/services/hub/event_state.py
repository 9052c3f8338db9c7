"""A parcel's state replayed from its events: how every station of a hub comes to agree.

A station applies its own scans to ``hub_parcels`` as it makes them. Events pulled from the
other stations of the hub (:mod:`wms.core.sync.hub_events`) are applied by replaying *all* the
parcel's events in one order every station shares: central's parcel feed order
(``hub_event_feed``) first, then this station's events central has not numbered yet, in the
order they were made. After a full sync every station holds every event with its feed number,
so every station has replayed the same list and shows the parcel in the same place - also when
two stations scanned it offline (a ``parcel_scanned_twice`` conflict at central says so).

The fold (the same rule as the workflows'): ``sorted``, ``held`` and ``exception`` put the
parcel in that state at the event's location (the first of them is its first scan);
``handed_over`` gives it to the carrier named by the event; ``arrived``, ``released`` and
``wrong_destination`` leave it where it is. Customs: a ``held`` event (reason ``held:<why>``
or ``seized:<why>``) tells a station that has no decision for the parcel that customs holds
it; a later ``released`` event that customs released it. Kinds this code does not know leave
the parcel where it is.

A pulled event for a parcel this station has no pre-alert for is kept (``hub_parcel_events``)
and listed in ``hub_events_waiting``; when the pre-alert arrives (pre-alert import, or the next
pull) the parcel's events are replayed and the waiting rows removed. Nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from wms.core.domain.hub import CustomsStatus, ParcelEventKind, ParcelState, as_utc
from wms.core.persistence.base import table_of
from wms.core.persistence.hub_tables import (
    HubEventFeedRow,
    HubEventWaitingRow,
    HubParcelEventRow,
    HubParcelRow,
)

_CHUNK = 500
_PLACING = {
    ParcelEventKind.SORTED.value: ParcelState.SORTED,
    ParcelEventKind.HELD.value: ParcelState.HELD,
    ParcelEventKind.EXCEPTION.value: ParcelState.EXCEPTION,
}
_CUSTOMS = {CustomsStatus.HELD.value, CustomsStatus.SEIZED.value}


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def replay(session: Session, warehouse: str, trackings: Iterable[str]) -> int:
    """Replay the events of these parcels onto their ``hub_parcels`` rows (the pre-alerted ones;
    the caller commits). Returns how many parcels changed. Plain rows and one executemany per
    chunk: a pull replays thousands of parcels a page."""
    wanted = sorted(set(trackings))
    parcel_table = table_of(HubParcelRow)
    event = table_of(HubParcelEventRow)
    feed = table_of(HubEventFeedRow)
    session.flush()
    connection = session.connection()
    changes: list[dict[str, object]] = []
    for chunk in _chunks(wanted):
        parcels = {
            row.tracking: _Parcel(*row)
            for row in connection.execute(
                select(
                    parcel_table.c.tracking,
                    parcel_table.c.state,
                    parcel_table.c.location,
                    parcel_table.c.customs,
                    parcel_table.c.customs_reason,
                    parcel_table.c.first_scan_at,
                    parcel_table.c.last_event_at,
                ).where(parcel_table.c.warehouse == warehouse, parcel_table.c.tracking.in_(chunk))
            )
        }
        if not parcels:
            continue
        rows = connection.execute(
            select(event.c.tracking, event.c.kind, event.c.at, event.c.location, event.c.reason)
            .outerjoin(feed, feed.c.event_id == event.c.id)
            .where(event.c.warehouse == warehouse, event.c.tracking.in_(list(parcels)))
            .order_by(
                event.c.tracking,
                feed.c.feed_seq.is_(None),
                feed.c.feed_seq,
                event.c.at,
                event.c.station_seq,
            )
        ).all()
        by_parcel: dict[str, list[tuple[str, datetime, str, str]]] = {}
        for tracking, kind, at, location, reason in rows:
            by_parcel.setdefault(tracking, []).append((kind, at, location, reason))
        for tracking, events in by_parcel.items():
            parcel = parcels[tracking]
            before = parcel.values()
            _fold(parcel, events)
            if parcel.values() != before:
                changes.append({"w": warehouse, "t": tracking, **parcel.values()})
    if changes:
        connection.execute(
            update(parcel_table)
            .where(
                parcel_table.c.warehouse == bindparam("w"),
                parcel_table.c.tracking == bindparam("t"),
            )
            .values({name: bindparam(name) for name in _Parcel.COLUMNS}),
            changes,
        )
        session.expire_all()  # (rows the session holds are older than the update)
    return len(changes)


class _Parcel:
    """The replayed columns of one parcel."""

    COLUMNS = ("state", "location", "customs", "customs_reason", "first_scan_at", "last_event_at")

    def __init__(
        self,
        tracking: str,
        state: str,
        location: str,
        customs: str,
        customs_reason: str,
        first_scan_at: datetime | None,
        last_event_at: datetime | None,
    ) -> None:
        self.tracking = tracking
        self.state, self.location = state, location
        self.customs, self.customs_reason = customs, customs_reason
        self.first_scan_at, self.last_event_at = first_scan_at, last_event_at

    def values(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.COLUMNS}


def _fold(parcel: _Parcel, events: Sequence[tuple[str, datetime, str, str]]) -> None:
    state, location = ParcelState.EXPECTED.value, ""
    first: datetime | None = None
    last: datetime | None = None
    customs: tuple[str, str] | None = None
    for kind, at, where, reason in events:
        at = as_utc(at)
        placed = _PLACING.get(kind)
        if placed is not None:
            state, location = placed.value, where
            first = first or at
            last = at
            if kind == ParcelEventKind.HELD.value and ":" in reason:
                status, _, why = reason.partition(":")
                if status in _CUSTOMS:
                    customs = (status, "" if why == status else why)
        elif kind == ParcelEventKind.HANDED_OVER.value:
            state, location = ParcelState.HANDED_OVER.value, reason or where
            last = at
        elif kind == ParcelEventKind.RELEASED.value:
            customs = (CustomsStatus.RELEASED.value, "")
            last = at
    parcel.state, parcel.location = state, location
    if first is not None and (parcel.first_scan_at is None or as_utc(parcel.first_scan_at) > first):
        parcel.first_scan_at = first
    if last is not None and (parcel.last_event_at is None or as_utc(parcel.last_event_at) != last):
        parcel.last_event_at = last
    if customs is not None:
        status, why = customs
        released = status == CustomsStatus.RELEASED and parcel.customs != CustomsStatus.SEIZED
        first_word = status in _CUSTOMS and parcel.customs == CustomsStatus.NONE
        if released or first_word:
            parcel.customs, parcel.customs_reason = status, why


def apply_waiting(session: Session, warehouse: str) -> int:
    """Replay the parcels whose pulled events waited for their pre-alert, now that it is here
    (the caller commits). Returns how many parcels were replayed."""
    waiting = sorted(
        set(
            session.scalars(
                select(HubEventWaitingRow.tracking)
                .join(
                    HubParcelRow,
                    (HubParcelRow.warehouse == HubEventWaitingRow.warehouse)
                    & (HubParcelRow.tracking == HubEventWaitingRow.tracking),
                )
                .where(HubEventWaitingRow.warehouse == warehouse)
            )
        )
    )
    if not waiting:
        return 0
    replay(session, warehouse, waiting)
    for chunk in _chunks(waiting):
        session.execute(
            delete(HubEventWaitingRow).where(
                HubEventWaitingRow.warehouse == warehouse, HubEventWaitingRow.tracking.in_(chunk)
            )
        )
    session.flush()
    return len(waiting)
