"""The push/acknowledge exchange with central: protocol versions, one batch, the answer.

Per batch, one call of central's ``wms_push(warehouse, pusher, feed_seen, batch)`` (revision
c0008), one central transaction. Station and warehouse roles hold no write privilege on any
central table: the function checks the caller and every row, and under the warehouse's feed
counter lock

1. inserts the movements central does not hold yet, feed numbers ``base + 1 ..`` in
   (station, station_seq) order - gapless and in commit order, because the lock serialises the
   warehouse's pushers;
2. refuses, as ``movement_refused`` conflicts, movements whose id (or station + station_seq)
   central holds *with other content*; never merges them. A retried or duplicated batch
   inserts nothing and changes nothing;
3. keeps stock on hand and records the conflicts it finds (:mod:`wms.core.sync.conflicts`);
4. acknowledges, per origin station, the highest *contiguous* ``station_seq`` it holds.

``wms_push`` touches only the pushed warehouse's rows (on Citus one shard: the call is
delegated to that warehouse's worker and commits there without two-phase commit). A transfer
has a second side in another warehouse - the destination's expected lines, the source's
receipts - so when central answers that the batch inserted transfer movements (``transfers``,
revision c0009) the station calls ``wms_capture_transfers(warehouse)`` right after the push's
commit, in a transaction of its own; a push cut between the two is captured by the warehouse's
next pull (``wms_transfer_flush``).

The station records the acknowledgement after central's commit; if the connection dies in
between, the next push sends the batch again and it is recognised as already there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import psycopg

from wms.core.domain.errors import SyncError
from wms.core.sync.batch import MovementTuple, PreparedBatch, prepare_batch
from wms.core.sync.central_api import capture_transfers, push_movements, require_api
from wms.core.sync.central_schema import (
    MOVEMENT_COLUMNS,
    MOVEMENT_COLUMNS_V1,
    MOVEMENT_COLUMNS_V2,
)

# Protocol versions this code can speak when pushing; central accepts [min, max] from central_info.
PROTOCOL_VERSIONS = (1, 2, 3)
PROTOCOL_VERSION = max(PROTOCOL_VERSIONS)


@dataclass(frozen=True)
class Protocol:
    version: int

    @property
    def columns(self) -> tuple[str, ...]:
        """The movement columns this version carries (both ways: push and feed): 3 the owner
        (central c0011), 2 the raw scan (c0002)."""
        if self.version >= 3:
            return MOVEMENT_COLUMNS
        return MOVEMENT_COLUMNS_V2 if self.version == 2 else MOVEMENT_COLUMNS_V1


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
    is called just before central is asked, when other work overlaps best."""
    started = time.perf_counter()
    prepared = rows if isinstance(rows, PreparedBatch) else prepare_batch(rows, protocol.columns)
    result = PushResult(batches=1, sent=len(prepared.rows))
    if not prepared.rows:
        return result
    require_api(conn)
    result.timings["prepare"] = time.perf_counter() - started
    if inserting is not None:
        inserting()
    asked = time.perf_counter()
    answer = push_movements(conn, warehouse, pusher, feed_seq_seen, prepared.payload)
    result.timings["central (wms_push and commit)"] = time.perf_counter() - asked
    result.inserted = int(answer["inserted"])
    result.duplicates = int(answer["duplicates"])
    result.conflicts = int(answer["conflicts"])
    result.refused = [
        Refusal(r["movement_id"], r["station"], int(r["station_seq"]), r["reason"])
        for r in answer["refused"]
    ]
    result.acked = {station: int(seq) for station, seq in answer["acked"].items()}
    if answer.get("transfers"):
        # the other warehouses' side, after the push's commit (central revision c0009)
        captured = time.perf_counter()
        capture_transfers(conn, warehouse)
        result.timings["transfers"] = time.perf_counter() - captured
    return result
