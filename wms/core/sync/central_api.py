"""The writes a sync makes to central's feed counter, sync state and conflicts, through
central's validating functions where central has them (revisions c0006 and c0007: station roles
hold no UPDATE on ``feed_counters`` and no INSERT/UPDATE on ``sync_state`` or ``conflicts``), as
plain statements on an older central. Which one a connection speaks is asked once per
connection.
"""

from __future__ import annotations

import weakref
from datetime import datetime
from typing import Any
from uuid import UUID

import psycopg
from psycopg.types.json import Jsonb

from wms.core.sync import central_sql

_SYNC_STATE_FUNCTION = "wms_acknowledge(text, text, bigint, bigint)"  # revision c0006
_CONFLICT_FUNCTION = "wms_record_conflict(text, text, text, text, bigint, jsonb)"  # c0007
_CAPTURE_FUNCTION = "wms_capture_transfers(text)"  # c0009
_known: weakref.WeakKeyDictionary[psycopg.Connection, dict[str, bool]] = weakref.WeakKeyDictionary()


def _has(conn: psycopg.Connection, function: str) -> bool:
    known = _known.setdefault(conn, {})
    if function not in known:
        row = conn.execute("SELECT to_regprocedure(%s) IS NOT NULL", (function,)).fetchone()
        known[function] = bool(row and row[0])
    return known[function]


def has_functions(conn: psycopg.Connection) -> bool:
    """Does central write the feed counter and sync state through functions (c0006)?"""
    return _has(conn, _SYNC_STATE_FUNCTION)


def lock_feed(conn: psycopg.Connection, warehouse: str) -> int | None:
    """Lock the warehouse's feed counter for this transaction; its ``last_seq`` (None: central
    shows this role no such warehouse)."""
    if has_functions(conn):
        row = conn.execute("SELECT wms_feed_lock(%s)", (warehouse,)).fetchone()
    else:
        row = conn.execute(central_sql.LOCK_FEED_COUNTER, (warehouse,)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def advance_feed(conn: psycopg.Connection, warehouse: str, upto: int) -> None:
    if has_functions(conn):
        conn.execute("SELECT wms_feed_advance(%s, %s)", (warehouse, upto))
    else:
        conn.execute(central_sql.MOVE_FEED_COUNTER, (upto, warehouse))


def acknowledge(
    conn: psycopg.Connection, warehouse: str, station: str, top: int, held_from: int | None
) -> int:
    """Central's highest contiguous station_seq of ``station`` up to ``top``, recorded in its
    sync state. ``held_from``: central is known to hold ``held_from .. top`` (just inserted)."""
    if has_functions(conn):
        row = conn.execute(
            "SELECT wms_acknowledge(%s, %s, %s, %s)", (warehouse, station, top, held_from)
        ).fetchone()
        return int(row[0]) if row else 0
    conn.execute(central_sql.ENSURE_SYNC_STATE, (warehouse, station))
    row = conn.execute(central_sql.ACKED_SEQ, (warehouse, station)).fetchone()
    before = int(row[0]) if row else 0
    if held_from is not None and held_from <= before + 1:
        acked_seq = max(before, top)
    else:
        after = conn.execute(
            central_sql.CONTIGUOUS_SEQ, {"w": warehouse, "s": station, "acked": before, "top": top}
        ).fetchone()
        acked_seq = int(after[0]) if after else before
    conn.execute(central_sql.SET_ACKED_SEQ, (acked_seq, warehouse, station))
    return acked_seq


def station_seen(
    conn: psycopg.Connection,
    warehouse: str,
    station: str,
    protocol: int,
    station_clock: datetime,
    skew: int,
) -> None:
    """Record the protocol a station spoke and its clock (once per sync cycle)."""
    if has_functions(conn):
        conn.execute(
            "SELECT wms_station_seen(%s, %s, %s, %s, %s)",
            (warehouse, station, protocol, station_clock, skew),
        )
        return
    conn.execute(central_sql.ENSURE_SYNC_STATE, (warehouse, station))
    conn.execute(central_sql.SET_STATION_CLOCK, (protocol, station_clock, skew, warehouse, station))


def station_pulled(conn: psycopg.Connection, warehouse: str, station: str, feed_seq: int) -> None:
    """Record how far the station has read the feed."""
    if has_functions(conn):
        conn.execute("SELECT wms_station_pulled(%s, %s, %s)", (warehouse, station, feed_seq))
        return
    conn.execute(central_sql.NOTE_PULLED, (warehouse, station, feed_seq))


def record_conflict(
    conn: psycopg.Connection,
    warehouse: str,
    by: str,
    kind: str,
    subject: str,
    quantity: int | None,
    detail: Any,
) -> bool:
    """Record a conflict a push detected (or update the open one of the same kind and
    subject); True if it is new. ``detail`` is JSON-ready."""
    if _has(conn, _CONFLICT_FUNCTION):
        row = conn.execute(
            "SELECT wms_record_conflict(%s, %s, %s, %s, %s, %s)",
            (warehouse, by, kind, subject, quantity, Jsonb(detail)),
        ).fetchone()
    else:
        row = conn.execute(
            central_sql.RECORD_CONFLICT,
            {
                "w": warehouse,
                "kind": kind,
                "subject": subject,
                "quantity": quantity,
                "detail": Jsonb(detail),
                "by": by,
            },
        ).fetchone()
    return bool(row and row[0])


def resolve_by_reference(
    conn: psycopg.Connection, warehouse: str, new_rows: str, params: dict[str, object]
) -> None:
    """Conflicts named ``CONFLICT-<id>`` by the movements a push just inserted (those above
    feed number ``params["base"]``; ``new_rows`` reads them on an older central)."""
    if _has(conn, _CONFLICT_FUNCTION):
        conn.execute("SELECT wms_resolve_by_reference(%s, %s)", (warehouse, params["base"]))
    else:
        conn.execute(central_sql.RESOLVE_BY_REFERENCE.format(new=new_rows), params)


def resolve_conflict(
    conn: psycopg.Connection,
    warehouse: str,
    conflict_id: int,
    operator: str,
    note: str,
    movement_id: str | UUID | None,
) -> bool:
    """Mark an open conflict resolved by ``operator`` (a supervisor or admin); True if it
    was open."""
    if _has(conn, _CONFLICT_FUNCTION):
        row = conn.execute(
            "SELECT wms_resolve_conflict(%s, %s, %s, %s, %s)",
            (warehouse, conflict_id, operator, note, movement_id),
        ).fetchone()
        return bool(row and row[0])
    cursor = conn.execute(
        central_sql.RESOLVE_CONFLICT, (operator, note, movement_id, warehouse, conflict_id)
    )
    return cursor.rowcount == 1


def capture_transfers(conn: psycopg.Connection, warehouse: str) -> int:
    """Hand central the transfers among the warehouse's movements it has not looked at yet
    (expected lines for the destination, receipts for the source), in a transaction of its own
    (revision c0009; on an older central a trigger of the ledger does it). Returns how many."""
    with conn.transaction():
        if not _has(conn, _CAPTURE_FUNCTION):
            return 0
        row = conn.execute("SELECT wms_capture_transfers(%s)", (warehouse,)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
