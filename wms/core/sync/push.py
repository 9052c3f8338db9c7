"""The push: every unsent movement of a station database to central, batch after batch.

The station's outbox (:mod:`wms.core.sync.outbox`) is read by a worker thread that fetches and
prepares (:mod:`wms.core.sync.batch`) the next batch while central works on the current one;
each batch is one central transaction (:func:`wms.core.sync.protocol.push_batch`). Batches of an
origin start small and double up to the batch size, so central is not kept waiting for a big
first read. A batch that met central's lock timeout (another pusher of the warehouse went
silent holding the feed lock, :mod:`wms.core.sync.limits`) is tried again. Central's
acknowledgements are recorded locally by the same worker, in order, after
central's commit.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import psycopg
from sqlalchemy.orm import Session, sessionmaker

from wms.core.sync.batch import PreparedBatch, prepare_batch
from wms.core.sync.limits import retry_on_lock_timeout
from wms.core.sync.outbox import acked, origins, read_rows, record_ack, waiting
from wms.core.sync.protocol import Protocol, PushResult, push_batch

DEFAULT_BATCH = 5000
RAMP_START = 1000  # rows in an origin's first batch (doubling up to the batch size)

Fetch = Callable[[str, int, int], PreparedBatch | None]


class _ReadAhead:
    """Submits the read of the next batch once: when called (just before central's insert)
    or, at the latest, when its future is asked for."""

    def __init__(
        self, worker: ThreadPoolExecutor, fetch: Fetch, origin: str, after: int, size: int
    ) -> None:
        self.worker, self.fetch = worker, fetch
        self.origin, self.after, self.size = origin, after, size
        self._future: Future[PreparedBatch | None] | None = None

    def __call__(self) -> None:
        if self._future is None:
            self._future = self.worker.submit(self.fetch, self.origin, self.after, self.size)

    def future(self) -> Future[PreparedBatch | None]:
        self()
        assert self._future is not None
        return self._future


def push(
    sessions: sessionmaker[Session],
    conn: psycopg.Connection,
    protocol: Protocol,
    warehouse: str,
    station: str,
    *,
    batch_size: int = DEFAULT_BATCH,
    feed_seq_seen: int = 0,
    only_own: bool = False,
    progress: Callable[[PushResult], None] | None = None,
) -> PushResult:
    """Push every unsent movement of ``warehouse`` held by this station database, in batches
    of up to ``batch_size``; with ``only_own`` (a station role) only the station's own."""
    total = PushResult()
    with sessions() as session:
        done = acked(session)
        pending = {
            origin: top
            for origin, top in origins(session, warehouse).items()
            if top > done.get(origin, 0)
        }
    # movements this database holds for other origins (the demo's opening balance, a copied
    # database) came before the station's own work, which was made on top of them: they go
    # first, so central never sees the work without the stock it took from
    order = sorted(pending, key=lambda origin: (origin == station, origin))
    if only_own:
        with sessions() as session:
            foreign = waiting(session, warehouse)
        total.skipped = sum(n for origin, n in foreign.items() if origin != station)
        order = [origin for origin in order if origin == station]

    def fetch(origin: str, after: int, size: int) -> PreparedBatch | None:
        rows = read_rows(sessions, warehouse, origin, after, size)
        return prepare_batch(rows, protocol.columns) if rows else None

    def remember(acks: dict[str, int]) -> None:
        for acked_origin, seq in acks.items():
            record_ack(sessions, acked_origin, seq)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="wms-push-station") as worker:
        recorded: list[Future[None]] = []
        for origin in order:
            size = min(batch_size, RAMP_START)
            upcoming = worker.submit(fetch, origin, done.get(origin, 0), size)
            while True:
                started = time.perf_counter()
                prepared = upcoming.result()
                waited = time.perf_counter() - started
                if prepared is None:
                    break
                size = min(batch_size, size * 2)
                ahead = _ReadAhead(worker, fetch, origin, prepared.by_station[origin][-1], size)
                result = retry_on_lock_timeout(
                    functools.partial(
                        push_batch,
                        conn,
                        protocol,
                        warehouse,
                        station,
                        prepared,
                        feed_seq_seen=feed_seq_seen,
                        inserting=ahead,
                    ),
                    f"push of {origin}'s movements to {warehouse}",
                )
                upcoming = ahead.future()
                recorded.append(worker.submit(remember, result.acked))
                result.timings["read (waiting for the station)"] = waited
                total.add(result)
                if progress:
                    progress(total)
        for future in recorded:
            future.result()  # a local write that failed is an error of this push
    return total
