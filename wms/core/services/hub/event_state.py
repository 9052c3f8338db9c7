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

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wms.core.domain.hub import CustomsStatus, ParcelEventKind, ParcelState, as_utc
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
    the caller commits). Returns how many parcels changed."""
    wanted = sorted(set(trackings))
    changed = 0
    for chunk in _chunks(wanted):
        parcels = {
            row.tracking: row
            for row in session.scalars(
                select(HubParcelRow).where(
                    HubParcelRow.warehouse == warehouse, HubParcelRow.tracking.in_(chunk)
                )
            )
        }
        if not parcels:
            continue
        event = HubParcelEventRow
        rows = session.execute(
            select(event.tracking, event.kind, event.at, event.location, event.reason)
            .outerjoin(HubEventFeedRow, HubEventFeedRow.event_id == event.id)
            .where(event.warehouse == warehouse, event.tracking.in_(list(parcels)))
            .order_by(
                event.tracking,
                HubEventFeedRow.feed_seq.is_(None),
                HubEventFeedRow.feed_seq,
                event.at,
                event.station_seq,
            )
        ).all()
        by_parcel: dict[str, list[tuple[str, datetime, str, str]]] = {}
        for tracking, kind, at, location, reason in rows:
            by_parcel.setdefault(tracking, []).append((kind, at, location, reason))
        for tracking, events in by_parcel.items():
            if _fold(parcels[tracking], events):
                changed += 1
    session.flush()
    return changed


def _fold(parcel: HubParcelRow, events: Sequence[tuple[str, datetime, str, str]]) -> bool:
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
    before = (parcel.state, parcel.location, parcel.customs, parcel.customs_reason)
    parcel.state, parcel.location = state, location
    if first is not None and (parcel.first_scan_at is None or as_utc(parcel.first_scan_at) > first):
        parcel.first_scan_at = first
    if last is not None:
        parcel.last_event_at = last
    if customs is not None:
        status, why = customs
        released = status == CustomsStatus.RELEASED and parcel.customs != CustomsStatus.SEIZED
        first_word = status in _CUSTOMS and parcel.customs == CustomsStatus.NONE
        if released or first_word:
            parcel.customs, parcel.customs_reason = status, why
    return before != (parcel.state, parcel.location, parcel.customs, parcel.customs_reason)


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
