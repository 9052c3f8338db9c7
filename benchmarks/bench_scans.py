"""Scan to durable commit to feedback, against a bare single-row SQLite commit.

Builds the demo site in a temporary SQLite file (WAL, synchronous=FULL, through
create_station_engine), then times ``StationSession.handle`` for

* receiving scans (blind receipt, one product scan = one RECEIVE movement committed),
* putaway scans: the product scan that directs a location (a read) and the check-digit entry
  that confirms it (one PUTAWAY movement committed),

and the same number of bare commits (``BEGIN IMMEDIATE; INSERT one row; COMMIT``) on the same
file with the same pragmas. Prints median and p99 of each and the p99 ratio (target <= 2x).

    .venv/bin/python benchmarks/bench_scans.py [--scans 2000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import itertools
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import wms.core.persistence.schema  # noqa: F401
from wms.config import StationConfig
from wms.core.domain.check_digits import location_check_digits
from wms.core.persistence.base import Base
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.migrate import upgrade
from wms.core.services.demo import build_demo, each_gtin
from wms.core.services.workflows import Input, StationSession
from wms.station import StationDatabase, build_station

PRODUCTS = (each_gtin(92), each_gtin(93), each_gtin(52), each_gtin(51))  # untracked products


def operator_pace() -> Callable[[], datetime]:
    """A session clock on which a second passes at each reading: an operator presenting one
    item after another, so a repeated scan counts (within 0.3 s it would be a double read)."""
    readings = itertools.count(1)
    start = datetime.now(UTC)
    return lambda: start + timedelta(seconds=next(readings))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(session: StationSession, item: Input) -> float:
    start = time.perf_counter_ns()
    feedback = session.handle(item)
    elapsed = (time.perf_counter_ns() - start) / 1e6
    if not feedback.ok:
        raise SystemExit(f"benchmark input {item} refused: {feedback.message}")
    return elapsed


def bare_commits(path: Path, count: int) -> list[float]:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("CREATE TABLE IF NOT EXISTS bench_bare (id INTEGER PRIMARY KEY, v TEXT)")
    times = []
    for n in range(count):
        start = time.perf_counter_ns()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO bench_bare (v) VALUES (?)", (f"scan {n}",))
        connection.execute("COMMIT")
        times.append((time.perf_counter_ns() - start) / 1e6)
    connection.close()
    return times


def report(name: str, times: list[float], bare_p99: float | None = None) -> None:
    median, p99 = statistics.median(times), percentile(times, 0.99)
    ratio = f"  p99 ratio to bare {p99 / bare_p99:4.2f}x" if bare_p99 else ""
    print(f"{name:<28} n={len(times):>5}  median {median:7.3f} ms  p99 {p99:7.3f} ms{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=2000)
    parser.add_argument("--dir", help="directory for the database file (default: a temp dir)")
    args = parser.parse_args()
    directory = Path(args.dir or tempfile.mkdtemp(prefix="wms-bench-"))
    path = directory / "bench.db"
    path.unlink(missing_ok=True)
    engine = create_station_engine(str(path))
    upgrade(engine)
    Base.metadata.create_all(engine)
    sessions = session_factory(engine)
    build_demo(sessions)

    benches = {
        name: build_station(StationDatabase(StationConfig(station=name, warehouse="CMN1"),
                                            engine, sessions))
        for name in ("BENCH-R", "BENCH-P")
    }  # fmt: skip
    receiving = benches["BENCH-R"].new_session(clock=operator_pace())
    receiving.login("1001", "1234")
    receiving.set_mode("receiving")
    receiving.handle(Input.scan("CMD:BLIND"))
    putaway = benches["BENCH-P"].new_session(clock=operator_pace())
    putaway.login("1002", "2468")
    putaway.set_mode("putaway")

    receive_times, direct_times, confirm_times = [], [], []
    for n in range(args.scans):
        product = PRODUCTS[n % len(PRODUCTS)]
        receive_times.append(timed(receiving, Input.scan(product)))
        direct_times.append(timed(putaway, Input.scan(product)))
        destination = putaway.workflow.state.destination  # type: ignore[union-attr]
        check = location_check_digits("CMN1", destination)
        confirm_times.append(timed(putaway, Input.key(check)))
    for bench in benches.values():
        bench.close()

    bare = bare_commits(path, args.scans)
    bare_p99 = percentile(bare, 0.99)
    print(f"database: {path} (WAL, synchronous=FULL)")
    report("bare single-row commit", bare)
    report("receiving scan (commit)", receive_times, bare_p99)
    report("putaway direct (read)", direct_times, bare_p99)
    report("putaway confirm (commit)", confirm_times, bare_p99)
    commits = receive_times + confirm_times
    report("all committing scans", commits, bare_p99)


if __name__ == "__main__":
    main()
