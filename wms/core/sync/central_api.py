"""The writes a sync makes to central's feed counter and sync state, through central's
validating functions where central has them (revision c0006: station roles hold no UPDATE on
``feed_counters`` and no INSERT/UPDATE on ``sync_state``), as plain statements on an older
central. Which one a connection speaks is asked once per connection.
"""

from __future__ import annotations

import weakref
from datetime import datetime

import psycopg

from wms.core.sync import central_sql

_has_functions: weakref.WeakKeyDictionary[psycopg.Connection, bool] = weakref.WeakKeyDictionary()


def has_functions(conn: psycopg.Connection) -> bool:
    known = _has_functions.get(conn)
    if known is None:
        row = conn.execute(
            "SELECT to_regprocedure('wms_acknowledge(text, text, bigint, bigint)') IS NOT NULL"
        ).fetchone()
        known = bool(row and row[0])
        _has_functions[conn] = known
    return known


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
