"""Parcel events of a hub's stations through central (central revision c0010).

Like movements: a station's parcel events (``hub_parcel_events``) carry its own gapless
``station_seq``; those above central's acknowledgement (``hub_event_sync.acked_seq``) are its
outbox. The push sends them batch after batch through ``wms_push_parcel_events`` (one central
transaction each: idempotent by event id, refusing an id held with other content, feed numbers
``base + 1 ..`` under the warehouse's parcel feed lock, a ``parcel_scanned_twice`` conflict for
a parcel another station moved after this station's feed position) and records the
acknowledgement after central's commit; a batch cut in between is sent again and recognised.

The pull reads the warehouse's parcel feed page by page, each page in one REPEATABLE READ
snapshot (counter first, then every event up to it: a missing number is an error, never
skipped) and applies it in one station transaction: the events it does not hold, their feed
numbers (own events too), and the parcels they are about replayed in feed order
(:mod:`wms.core.services.hub.event_state`); events of parcels without a pre-alert here wait for
it (``hub_events_waiting``). The parcel feed is the warehouse's second feed, beside the
movements': parcel scans never queue behind stock pushes.

A station pushes its own events only (those of other station ids in a copied database came
from central or are that station's to push). A central older than c0010 has no parcel feed:
the sync says so once and leaves the events waiting.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

import psycopg
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import SyncError
from wms.core.persistence.base import table_of
from wms.core.persistence.hub_tables import (
    HubEventFeedRow,
    HubEventSyncRow,
    HubEventWaitingRow,
    HubParcelEventRow,
    HubParcelRow,
)
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.hub.event_state import apply_waiting, replay
from wms.core.sync.central_schema import EVENT_COLUMNS
from wms.core.sync.limits import retry_on_lock_timeout

PUSH_FUNCTION = "wms_push_parcel_events(text, text, bigint, jsonb)"
REVISION = "c0010"
DEFAULT_BATCH = 5000
DEFAULT_PAGE = 5000
_CHUNK = 500

# station column of each travelling column (central's names differ for three)
_STATION_NAMES = {"warehouse_id": "warehouse", "station_id": "station", "event_id": "id"}
STATION_EVENT_COLUMNS = tuple(_STATION_NAMES.get(c, c) for c in EVENT_COLUMNS)


@dataclass
class EventPushResult:
    batches: int = 0
    sent: int = 0
    inserted: int = 0
    duplicates: int = 0
    conflicts: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)
    acked: int = 0
    seconds: list[float] = field(default_factory=list)  # per batch, central's call


@dataclass
class EventPullResult:
    pages: int = 0
    events: int = 0
    known: int = 0
    waiting: int = 0  # events of parcels not pre-alerted here (kept)
    replayed: int = 0  # parcels whose state changed
    feed_seq: int = 0


def has_event_api(conn: psycopg.Connection) -> bool:
    """Does central have the parcel event feed (revision c0010)?"""
    with conn.transaction():
        row = conn.execute("SELECT to_regprocedure(%s) IS NOT NULL", (PUSH_FUNCTION,)).fetchone()
    return bool(row and row[0])


def event_state(session: Session, station: str, warehouse: str) -> HubEventSyncRow:
    """This station's parcel event sync row (created on first use)."""
    row = session.get(HubEventSyncRow, station)
    if row is None:
        top = session.scalar(
            select(func.max(HubParcelEventRow.station_seq)).where(
                HubParcelEventRow.station == station
            )
        )
        applied = session.scalar(
            select(func.max(HubEventSyncRow.feed_seq)).where(HubEventSyncRow.warehouse == warehouse)
        )
        row = HubEventSyncRow(
            station=station,
            warehouse=warehouse,
            last_seq=top or 0,
            acked_seq=0,
            feed_seq=applied or 0,
        )
        session.add(row)
        session.flush()
    return row


def waiting_events(session: Session, warehouse: str, station: str) -> int:
    """This station's parcel events central has not acknowledged."""
    state = session.get(HubEventSyncRow, station)
    acked = state.acked_seq if state else 0
    return int(
        session.scalar(
            select(func.count())
            .select_from(HubParcelEventRow)
            .where(
                HubParcelEventRow.warehouse == warehouse,
                HubParcelEventRow.station == station,
                HubParcelEventRow.station_seq > acked,
            )
        )
        or 0
    )


def _stamp(value: object) -> str:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.isoformat()
    return f"{value}+00:00" if isinstance(value, str) and "+" not in value else str(value)


def read_events(
    sessions: sessionmaker[Session], warehouse: str, station: str, after: int, limit: int
) -> list[list[object]]:
    """Up to ``limit`` of the station's events after ``station_seq`` ``after``, as lists in
    ``EVENT_COLUMNS`` order."""
    table = HubParcelEventRow.__table__
    columns = [table.c[name] for name in STATION_EVENT_COLUMNS]
    at = EVENT_COLUMNS.index("at")
    with sessions() as session:
        rows = session.execute(
            select(*columns)
            .where(
                table.c.warehouse == warehouse,
                table.c.station == station,
                table.c.station_seq > after,
            )
            .order_by(table.c.station_seq)
            .limit(limit)
        ).all()
    batch = []
    for row in rows:
        values = list(row)
        values[at] = _stamp(values[at])
        batch.append(values)
    return batch


def push_event_batch(
    conn: psycopg.Connection, warehouse: str, pusher: str, feed_seen: int, rows: Sequence[object]
) -> dict[str, Any]:
    """One batch of events in one central transaction; central's answer."""
    payload = json.dumps(rows, default=str)
    with conn.transaction():
        row = conn.execute(
            "SELECT wms_push_parcel_events(%s, %s, %s, %s::jsonb)",
            (warehouse, pusher, feed_seen, payload),
        ).fetchone()
    if row is None or not isinstance(row[0], dict):
        raise SyncError(f"parcel event push to {warehouse}: central gave no answer")
    return cast(dict[str, Any], row[0])


def _record_ack(sessions: sessionmaker[Session], station: str, warehouse: str, seq: int) -> None:
    with sessions() as session, session.begin():
        state = event_state(session, station, warehouse)
        if seq > state.acked_seq:
            state.acked_seq = seq


def push_events(
    sessions: sessionmaker[Session],
    conn: psycopg.Connection,
    warehouse: str,
    station: str,
    *,
    batch_size: int = DEFAULT_BATCH,
    feed_seq_seen: int | None = None,
) -> EventPushResult:
    """Push every parcel event of ``station`` central has not acknowledged, in batches."""
    result = EventPushResult()
    with sessions() as session, session.begin():
        state = event_state(session, station, warehouse)
        after, seen = state.acked_seq, state.feed_seq
    if feed_seq_seen is not None:
        seen = feed_seq_seen
    while True:
        rows = read_events(sessions, warehouse, station, after, batch_size)
        if not rows:
            break
        started = time.perf_counter()
        answer = retry_on_lock_timeout(
            lambda batch=rows: push_event_batch(conn, warehouse, station, seen, batch),  # type: ignore[misc]
            f"push of {station}'s parcel events to {warehouse}",
        )
        result.seconds.append(time.perf_counter() - started)
        result.batches += 1
        result.sent += len(rows)
        result.inserted += int(answer["inserted"])
        result.duplicates += int(answer["duplicates"])
        result.conflicts += int(answer["conflicts"])
        result.refused.extend(answer["refused"])
        acked = int(answer["acked"].get(station, after))
        _record_ack(sessions, station, warehouse, acked)
        result.acked = acked
        top = int(cast(int, rows[-1][EVENT_COLUMNS.index("station_seq")]))
        if acked < top:
            # central holds a gap or refused a number: what is above it waits (reported)
            break
        after = acked
    return result


_FEED_COLUMNS = (
    "event_id::text, warehouse_id, station_id, station_seq, operator, tracking, kind, "
    "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), bag, location, reason, "
    "raw_scan, feed_seq"
)


def read_event_page(
    conn: psycopg.Connection, warehouse: str, after: int, page_size: int
) -> tuple[int, list[tuple[Any, ...]]]:
    """Parcel feed entries ``(after, upto]`` read in one snapshot: (upto, rows)."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        counter = conn.execute(
            "SELECT last_seq FROM parcel_feed_counters WHERE warehouse_id = %s", (warehouse,)
        ).fetchone()
        last = int(counter[0]) if counter else 0
        if last < after:
            raise SyncError(
                f"this station has read {warehouse}'s parcel feed up to {after} but central's "
                f"ends at {last}: expected the same central database it synced with before"
            )
        upto = min(last, after + page_size)
        if upto == after:
            return after, []
        rows = conn.execute(
            f"SELECT {_FEED_COLUMNS} FROM parcel_events WHERE warehouse_id = %s "
            "AND feed_seq > %s AND feed_seq <= %s ORDER BY feed_seq",
            (warehouse, after, upto),
        ).fetchall()
    if len(rows) != upto - after:
        raise SyncError(
            f"parcel feed of {warehouse} from {after + 1} to {upto}: expected {upto - after} "
            f"events, found {len(rows)}; nothing applied"
        )
    return upto, rows


def _held(session: Session, column: Any, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        found.update(session.scalars(select(column).where(column.in_(chunk))))
    return found


def apply_event_page(
    sessions: sessionmaker[Session],
    station: str,
    warehouse: str,
    after: int,
    upto: int,
    rows: Sequence[tuple[Any, ...]],
) -> tuple[int, int, int, int]:
    """One page in one station transaction; returns (events new here, already held, waiting
    for their pre-alert, parcels whose state changed)."""
    with UnitOfWork(sessions) as uow:
        session = uow.session
        state = event_state(session, station, warehouse)
        if state.feed_seq != after:
            raise SyncError(
                f"parcel feed high-water mark moved from {after} to {state.feed_seq} meanwhile "
                "(another sync running?); page not applied"
            )
        ids = [row[0] for row in rows]
        known = _held(session, HubParcelEventRow.id, ids)
        new = [row for row in rows if row[0] not in known]
        if new:
            session.connection().execute(
                insert(table_of(HubParcelEventRow)),
                [
                    {
                        "id": r[0],
                        "warehouse": r[1],
                        "station": r[2],
                        "station_seq": r[3],
                        "operator": r[4],
                        "tracking": r[5],
                        "kind": r[6],
                        "at": datetime.fromisoformat(r[7]).replace(tzinfo=UTC),
                        "bag": r[8],
                        "location": r[9],
                        "reason": r[10],
                        "raw_scan": r[11],
                    }
                    for r in new
                ],
            )
        placed = _held(session, HubEventFeedRow.event_id, ids)
        numbered = [
            {"event_id": r[0], "warehouse": r[1], "feed_seq": r[12]}
            for r in rows
            if r[0] not in placed
        ]
        if numbered:
            session.connection().execute(insert(table_of(HubEventFeedRow)), numbered)
        own = [int(r[3]) for r in rows if r[2] == station]
        if own:  # own events coming back (a database restored from a backup): never reuse
            state.last_seq = max(state.last_seq, max(own))
            state.acked_seq = max(state.acked_seq, max(own))
        trackings = sorted({r[5] for r in new})
        present: set[str] = set()
        for start in range(0, len(trackings), _CHUNK):
            chunk = trackings[start : start + _CHUNK]
            present.update(
                session.scalars(
                    select(HubParcelRow.tracking).where(
                        HubParcelRow.warehouse == warehouse, HubParcelRow.tracking.in_(chunk)
                    )
                )
            )
        absent = [r for r in new if r[5] not in present]
        if absent:
            session.connection().execute(
                insert(table_of(HubEventWaitingRow)),
                [{"event_id": r[0], "warehouse": r[1], "tracking": r[5]} for r in absent],
            )
        changed = replay(session, warehouse, present) if present else 0
        state.feed_seq = upto
        uow.commit()
    return len(new), len(rows) - len(new), len(absent), changed


def pull_events(
    sessions: sessionmaker[Session],
    conn: psycopg.Connection,
    warehouse: str,
    station: str,
    *,
    page_size: int = DEFAULT_PAGE,
) -> EventPullResult:
    """Apply the warehouse's parcel feed until this station has caught up with central, then
    the events that waited for a pre-alert that has arrived since."""
    with sessions() as session, session.begin():
        result = EventPullResult(feed_seq=event_state(session, station, warehouse).feed_seq)
    while True:
        after = result.feed_seq
        upto, rows = read_event_page(conn, warehouse, after, page_size)
        if upto == after:
            break
        new, known, waiting, changed = apply_event_page(
            sessions, station, warehouse, after, upto, rows
        )
        result.pages += 1
        result.events += new
        result.known += known
        result.waiting += waiting
        result.replayed += changed
        result.feed_seq = upto
    with UnitOfWork(sessions) as uow:
        if apply_waiting(uow.session, warehouse):
            uow.commit()
    return result
