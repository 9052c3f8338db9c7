"""WAL checkpoints off the scan's commit: a thread and a connection of their own.

By default SQLite checkpoints inside the commit that takes the WAL past 1,000 pages: that commit
copies every page back into the database file and fsyncs it, so one scan in a few hundred waits
several times a bare commit (the p99 of the scan benchmarks). The station's connections run with
``wal_autocheckpoint = 0`` instead, and :class:`WalCheckpointer` runs ``PRAGMA
wal_checkpoint(PASSIVE)`` on its own connection shortly after commits happened: PASSIVE never
waits for a reader or a writer, so it never holds up a scan either.

Crash safety is unchanged: a commit is durable when its WAL frames are fsynced
(``synchronous=FULL``), whoever checkpoints later; a checkpoint killed half-way is redone from
the WAL at the next open (``tests/integration/test_replay_crash.py`` kills processes in the
middle of scans and of checkpoints). The last connection to close checkpoints what is left, as
SQLite always does. The thread starts on the first commit and ends after ``idle_rounds``
intervals without one, or when the engine is disposed, so an engine that stops writing holds no
thread; between checkpoints it holds no connection either.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CheckpointResult:
    """What one ``wal_checkpoint(PASSIVE)`` reported."""

    busy: bool
    wal_frames: int  # frames in the WAL
    checkpointed: int  # of which now in the database file


class WalCheckpointer:
    """Checkpoints one SQLite database file from a background thread; see the module."""

    def __init__(
        self,
        path: Path,
        *,
        interval_s: float = 0.5,
        idle_rounds: int = 10,
        busy_ms: int = 10_000,
        maintenance: Callable[[sqlite3.Connection], object] | None = None,
    ) -> None:
        """``maintenance`` runs on the thread's connection after each checkpoint (the engine
        refreshes the planner's statistics there as the ledger grows) and returns whether it
        changed the planner's statistics; :attr:`statistics` counts the times it did."""
        self.path = path
        self.maintenance = maintenance
        self.statistics = 0  # times the maintenance refreshed the statistics (other
        # connections of the file keep the ones they loaded until told: see the engine)
        self.interval_s = interval_s
        self.idle_rounds = idle_rounds
        self.busy_ms = busy_ms
        self.runs = 0  # checkpoints run by the thread (read by tests and benchmarks)
        self._committed = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stopping = False

    def notice_commit(self) -> None:
        """Called after each commit of the station's engine: wakes (or starts) the thread."""
        self._committed.set()
        thread = self._thread
        if thread is None or not thread.is_alive():
            with self._lock:
                if self._stopping:
                    return
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(
                        target=self._run, name=f"wal-checkpoint {self.path.name}", daemon=True
                    )
                    self._thread.start()

    def checkpoint(self) -> CheckpointResult:
        """One passive checkpoint now (then the maintenance), on a connection of its own."""
        connection = self._connect()
        try:
            result = self._checkpoint(connection)
            if self.maintenance is not None and self.maintenance(connection):
                self.statistics += 1
            return result
        finally:
            connection.close()

    def stop(self) -> None:
        """Stop the thread (after its current checkpoint); later commits start none."""
        self._end_thread(for_good=True)

    def pause(self) -> None:
        """End the thread now (the engine was disposed); the next commit starts a new one.

        Its connection is closed when this returns, so if it was the last one open its close
        checkpointed the whole WAL and removed it: a copy of the file taken now is complete."""
        self._end_thread(for_good=False)

    def _end_thread(self, *, for_good: bool) -> None:
        with self._lock:
            self._stopping = True
            thread = self._thread
            self._committed.set()
            if thread is not None and thread is not threading.current_thread():
                thread.join()
            self._committed.clear()
            self._stopping = for_good

    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        connection.execute(f"PRAGMA busy_timeout = {self.busy_ms}")
        connection.execute("PRAGMA synchronous = FULL")
        return connection

    @staticmethod
    def _checkpoint(connection: sqlite3.Connection) -> CheckpointResult:
        busy, frames, done = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return CheckpointResult(bool(busy), int(frames), int(done))

    def _run(self) -> None:
        idle = 0
        while not self._stopping and idle < self.idle_rounds:
            if not self._committed.wait(self.interval_s):
                idle += 1
                continue
            self._committed.clear()
            idle = 0
            # let a burst of commits finish before copying pages behind it
            time.sleep(self.interval_s)
            if self._stopping:
                break
            try:  # a connection per round: between rounds the thread holds none open
                self.checkpoint()
                self.runs += 1
            except sqlite3.Error:  # the file went away or is locked: try after the next commit
                continue
