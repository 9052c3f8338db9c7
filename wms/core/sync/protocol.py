"""The push/acknowledge exchange with central: protocol versions, one batch, the answer.

Per batch, on one central connection, in one transaction:

1. ``COPY`` the batch into a temporary table (one round trip for the rows), each row with its
   ordinal in the batch (sorted by station, station_seq).
2. Lock the warehouse's feed counter row (``FOR UPDATE``): it serialises pushers of one
   warehouse, so feed numbers are handed out in commit order and the feed has no gaps a reader
   could ever see.
3. Fast path - a batch of new movements (the usual case: no id and no station_seq of the batch
   at central yet, checked with one index probe per origin station): a plain ``INSERT INTO
   movements ... SELECT`` from the temporary table with feed numbers ``base + ordinal``, in a
   savepoint. Any row central already holds after all (skipped by ``ON CONFLICT DO NOTHING``,
   or a unique violation) rolls the savepoint back and the batch takes the general path.
4. General path - rows whose movement id (or station + station_seq) central already holds
   *with other content* are refused and recorded as a conflict, never merged; the others go in
   with feed numbers ``base + row_number()``. A retried or duplicated batch inserts nothing and
   changes nothing.
5. The counter moves to ``base + inserted``. Stock on hand is updated from the inserted rows and
   conflicts are recorded (:mod:`wms.core.sync.conflicts`).
6. Central acknowledges, per origin station, the highest *contiguous* ``station_seq`` it holds.
7. After the commit, a batch with transfers hands them to central in a transaction of its own
   (``wms_capture_transfers``, revision c0009).

The station records the acknowledgement after central's commit; if the connection dies in
between, the next push sends the batch again and it is recognised as already there. Timestamps
without a zone are UTC (the batch transaction runs with ``TimeZone = UTC``).
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import psycopg

from wms.core.domain.errors import SyncError
from wms.core.sync import central_sql
from wms.core.sync.batch import MovementTuple, PreparedBatch, prepare_batch
from wms.core.sync.central_api import acknowledge, advance_feed, capture_transfers, lock_feed
from wms.core.sync.central_schema import MOVEMENT_COLUMNS, MOVEMENT_COLUMNS_V1
from wms.core.sync.conflicts import (
    ConflictKind,
    DetectionContext,
    detect_conflicts,
    record_conflict,
    resolve_by_reference,
)

# Protocol versions this code can speak when pushing; central accepts [min, max] from central_info.
PROTOCOL_VERSIONS = (1, 2)
PROTOCOL_VERSION = max(PROTOCOL_VERSIONS)


@dataclass(frozen=True)
class Protocol:
    version: int

    @property
    def columns(self) -> tuple[str, ...]:
        """The movement columns this version carries (both ways: push and feed)."""
        return MOVEMENT_COLUMNS if self.version >= 2 else MOVEMENT_COLUMNS_V1


def negotiate(conn: psycopg.Connection, speaks: int = PROTOCOL_VERSION) -> Protocol:
    """The highest protocol both sides speak: central accepts ``[min_protocol_version,
    protocol_version]`` (N-1 and N), this station speaks up to ``speaks``."""
    row = conn.execute(
        "SELECT protocol_version, min_protocol_version FROM central_info WHERE id = 1"
    ).fetchone()
    conn.commit()
    if row is None:
        raise SyncError("central database is not initialised: run 'wms central init' there")
    newest, oldest = int(row[0]), int(row[1])
    chosen = min(speaks, newest)
    if chosen < oldest or chosen not in PROTOCOL_VERSIONS:
        side = "this station" if speaks < oldest else "central"
        raise SyncError(
            f"sync protocol: central accepts versions {oldest}..{newest}, this station speaks "
            f"up to {speaks} (supports {', '.join(map(str, PROTOCOL_VERSIONS))}); "
            f"upgrade {side}"
        )
    return Protocol(chosen)


@dataclass(frozen=True)
class Refusal:
    """A movement central would not take: its id (or station_seq) is there with other content."""

    movement_id: str
    station: str
    station_seq: int
    reason: str


@dataclass
class PushResult:
    """Central's answer to one batch (or, added up, to a whole push)."""

    batches: int = 0
    sent: int = 0
    inserted: int = 0
    duplicates: int = 0
    refused: list[Refusal] = field(default_factory=list)
    conflicts: int = 0
    acked: dict[str, int] = field(default_factory=dict)
    skipped: int = 0  # movements of other origins a station role may not push
    # seconds spent per phase (read = waiting for the station reader; the others at central)
    timings: dict[str, float] = field(default_factory=dict)

    def add(self, other: PushResult) -> None:
        self.batches += other.batches
        self.sent += other.sent
        self.inserted += other.inserted
        self.duplicates += other.duplicates
        self.refused.extend(other.refused)
        self.conflicts += other.conflicts
        self.skipped += other.skipped
        self.acked.update(other.acked)
        for phase, seconds in other.timings.items():
            self.timings[phase] = self.timings.get(phase, 0.0) + seconds


class PhaseClock:
    """Adds the time since the previous call to ``timings[phase]``."""

    def __init__(self, timings: dict[str, float], started: float | None = None) -> None:
        self.timings = timings
        self.last = time.perf_counter() if started is None else started

    def __call__(self, phase: str) -> None:
        now = time.perf_counter()
        self.timings[phase] = self.timings.get(phase, 0.0) + now - self.last
        self.last = now


_temp_tables: weakref.WeakKeyDictionary[psycopg.Connection, bool] = weakref.WeakKeyDictionary()


def _ensure_temp_table(conn: psycopg.Connection) -> None:
    """The connection's temporary table for incoming rows, created once per connection."""
    if _temp_tables.get(conn):
        return
    conn.execute(central_sql.CREATE_TEMP_TABLE)
    conn.commit()
    _temp_tables[conn] = True


def push_batch(
    conn: psycopg.Connection,
    protocol: Protocol,
    warehouse: str,
    pusher: str,
    rows: Sequence[Mapping[str, object] | MovementTuple] | PreparedBatch,
    *,
    feed_seq_seen: int = 0,
    inserting: Callable[[], None] | None = None,
) -> PushResult:
    """One batch in one central transaction; see the module docstring. ``rows`` are
    dictionaries (:func:`wms.core.sync.outbox.read_batch`), tuples in ``MOVEMENT_COLUMNS``
    order (:func:`wms.core.sync.outbox.read_rows`) or a :class:`PreparedBatch`. ``inserting``
    is called just before the ledger insert (central's longest statement), when other work
    overlaps best."""
    started = time.perf_counter()
    prepared = (
        rows
        if isinstance(rows, PreparedBatch)
        else prepare_batch(rows, protocol.columns, warehouse)
    )
    batch, by_station = prepared.rows, prepared.by_station
    result = PushResult(batches=1, sent=len(batch))
    if not batch:
        return result
    clock = PhaseClock(result.timings, started)
    clock("prepare")
    _ensure_temp_table(conn)
    params: dict[str, object] = {"w": warehouse, "hwm": feed_seq_seen}
    fast = prepared.fast
    with conn.transaction():
        conn.execute(central_sql.UTC_FOR_THIS_TRANSACTION)
        copy_sql = central_sql.copy_into_temp(protocol.columns)
        with conn.cursor() as cursor, cursor.copy(copy_sql) as copy:
            if prepared.copy_text is not None:
                copy.write(prepared.copy_text)
            else:
                for values in prepared.copy_rows(protocol.columns):
                    copy.write_row(values)
        clock("copy")
        counter = lock_feed(conn, warehouse)
        if counter is None:
            raise SyncError(
                f"warehouse {warehouse} is not registered at central (or this station's role "
                "may not write it): expected 'wms central add-warehouse' to have been run"
            )
        base = counter
        params["base"] = base
        clock("lock")
        if fast:
            stations = sorted(by_station)
            there = conn.execute(
                central_sql.ANY_THERE,
                {
                    "w": warehouse,
                    "stations": stations,
                    "lows": [by_station[s][0] for s in stations],
                    "highs": [by_station[s][-1] for s in stations],
                },
            ).fetchone()
            fast = not (there and there[0])
        refused: list[Refusal] = []
        if inserting is not None:
            inserting()
        inserted = 0
        if fast:
            try:
                with conn.transaction():
                    inserted = conn.execute(
                        central_sql.fast_insert(protocol.columns), params
                    ).rowcount
                    if inserted != len(batch):
                        raise _AlreadyThere  # rolls the savepoint back
            except (psycopg.errors.UniqueViolation, _AlreadyThere):
                fast = False  # central holds one of them after all: the general path decides
            clock("insert")
        if not fast:
            refused = [
                Refusal(mid, station, int(seq), reason)
                for mid, station, seq, reason in conn.execute(
                    central_sql.REFUSED, params
                ).fetchall()
            ]
            inserted = conn.execute(central_sql.general_insert(protocol.columns), params).rowcount
            top = conn.execute(central_sql.INSERTED_TOP, params).fetchone()
            if inserted and (top is None or top[0] != base + inserted or top[1] != inserted):
                raise SyncError(
                    f"feed numbering for {warehouse}: expected {inserted} new rows ending at "
                    f"{base + inserted}, found {top}; batch rolled back"
                )
            clock("insert (general path)")
        if inserted:
            advance_feed(conn, warehouse, base + inserted)
            context = DetectionContext(warehouse, pusher, base, feed_seq_seen, fast)
            result.conflicts += detect_conflicts(conn, context, prepared, clock)
            if prepared.resolves:
                resolve_by_reference(conn, context)
        for refusal in refused:
            result.conflicts += record_conflict(
                conn,
                warehouse,
                ConflictKind.MOVEMENT_REFUSED,
                refusal.movement_id,
                None,
                {
                    "movement_id": refusal.movement_id,
                    "station": refusal.station,
                    "station_seq": refusal.station_seq,
                    "reason": refusal.reason,
                },
                pusher,
            )
        result.inserted = inserted
        result.refused = refused
        result.duplicates = prepared.distinct_ids - inserted - len(refused)
        for station, seqs in by_station.items():
            # fast path: every row went in, so the batch's own contiguous run is at central
            run_from = _contiguous_from(seqs) if fast else None
            result.acked[station] = acknowledge(conn, warehouse, station, seqs[-1], run_from)
        clock("acknowledge")
    clock("commit")
    if prepared.transfers and inserted:
        # after the commit, in a transaction of its own (see central revision c0009); if the
        # connection dies first, the warehouse's next pull does it
        capture_transfers(conn, warehouse)
        clock("transfers")
    return result


class _AlreadyThere(Exception):
    """The fast insert skipped a row central already holds."""


def _contiguous_from(seqs: list[int]) -> int:
    """The lowest ``s`` such that ``s .. max(seqs)`` are all in ``seqs`` (sorted, distinct)."""
    low = seqs[-1]
    for seq in reversed(seqs[:-1]):
        if seq != low - 1:
            break
        low = seq
    return low
