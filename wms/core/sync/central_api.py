"""The narrow API a station reaches central through (central revision c0008).

Station and warehouse roles hold SELECT (under forced row-level security) on the tables they
read and no INSERT, UPDATE, DELETE, TRUNCATE or LOCK on any table: everything a sync writes at
central goes through these ``SECURITY DEFINER`` functions, which check the caller and the
values:

- ``wms_push(warehouse, pusher, feed_seen, batch)``: one batch of movements (the ledger, the
  feed, stock, conflicts and the acknowledgement, :mod:`wms.core.sync.protocol`), all rows of
  the one warehouse (on Citus: one shard, delegated to its worker);
- ``wms_capture_transfers(warehouse)`` (revision c0009): right after a push with transfer
  movements commits, in a transaction of its own, the other side of each transfer (the
  destination's expected lines, the source's receipts) - rows of *other* warehouses;
- ``wms_sync_status(warehouse, station)``: feed top, the station's acknowledgement, its highest
  ``station_seq`` at central, open conflicts;
- ``wms_station_seen`` / ``wms_station_pulled``: what a sync cycle records about the station;
- ``wms_resolve_conflict``: a supervisor's or admin's badge closes a conflict;
- ``wms_transfer_flush`` and ``wms_station_number`` (:mod:`wms.core.sync.pull`,
  :mod:`wms.core.sync.sscc_reservation`).

A central older than c0008 is refused with one sentence: upgrade it with ``wms central init``.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID

import psycopg

from wms.core.domain.errors import SyncError

PUSH_FUNCTION = "wms_push(text, text, bigint, jsonb)"
REVISION = "c0008"
_checked: weakref.WeakKeyDictionary[psycopg.Connection, bool] = weakref.WeakKeyDictionary()


def require_api(conn: psycopg.Connection) -> None:
    """Raise :class:`SyncError` (one sentence) unless central has the push API (asked once
    per connection)."""
    if _checked.get(conn):
        return
    with conn.transaction():
        row = conn.execute("SELECT to_regprocedure(%s) IS NOT NULL", (PUSH_FUNCTION,)).fetchone()
    if not (row and row[0]):
        raise SyncError(
            f"central's schema is older than this station's (no {PUSH_FUNCTION}, revision "
            f"{REVISION}): run 'wms central init' against central to upgrade it, then sync again"
        )
    _checked[conn] = True


def push_movements(
    conn: psycopg.Connection, warehouse: str, pusher: str, feed_seen: int, payload: str
) -> dict[str, Any]:
    """One batch (``payload``: JSON array of movements in ``MOVEMENT_COLUMNS`` order) in one
    central transaction; central's answer (inserted, duplicates, refused, conflicts, acked)."""
    with conn.transaction():
        row = conn.execute(
            "SELECT wms_push(%s, %s, %s, %s::jsonb)", (warehouse, pusher, feed_seen, payload)
        ).fetchone()
    if row is None or not isinstance(row[0], dict):
        raise SyncError(f"push to {warehouse}: central gave no answer to wms_push")
    return cast(dict[str, Any], row[0])


@dataclass(frozen=True)
class CentralStatus:
    """What central holds for one station of a warehouse."""

    feed_seq: int  # the warehouse's feed top
    acked_seq: int  # the station's acknowledgement
    station_top: int  # the station's highest station_seq at central
    open_conflicts: int  # the warehouse's


def sync_status(conn: psycopg.Connection, warehouse: str, station: str) -> CentralStatus:
    require_api(conn)
    with conn.transaction():
        row = conn.execute("SELECT * FROM wms_sync_status(%s, %s)", (warehouse, station)).fetchone()
    if row is None:
        return CentralStatus(0, 0, 0, 0)
    return CentralStatus(*(int(value or 0) for value in row))


def station_seen(
    conn: psycopg.Connection,
    warehouse: str,
    station: str,
    protocol: int,
    station_clock: datetime,
    skew: int,
) -> None:
    """Record the protocol a station spoke and its clock (once per sync cycle)."""
    conn.execute(
        "SELECT wms_station_seen(%s, %s, %s, %s, %s)",
        (warehouse, station, protocol, station_clock, skew),
    )


def station_pulled(conn: psycopg.Connection, warehouse: str, station: str, feed_seq: int) -> None:
    """Record how far the station has read the feed."""
    conn.execute("SELECT wms_station_pulled(%s, %s, %s)", (warehouse, station, feed_seq))


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
    row = conn.execute(
        "SELECT wms_resolve_conflict(%s, %s, %s, %s, %s)",
        (warehouse, conflict_id, operator, note, movement_id),
    ).fetchone()
    return bool(row and row[0])


def capture_transfers(conn: psycopg.Connection, warehouse: str) -> int:
    """Hand central the transfers among the warehouse's movements it has not looked at yet
    (expected lines for the destination, receipts for the source), in a transaction of its own
    after the push's commit (revision c0009; a push cut before this is captured by the
    warehouse's next pull, ``wms_transfer_flush``). Returns how many were captured."""
    with conn.transaction():
        row = conn.execute("SELECT wms_capture_transfers(%s)", (warehouse,)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
