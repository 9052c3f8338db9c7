"""Ledger benchmark: one movement's durable commit vs a bare SQLite commit; stock queries at 1M.

    python benchmarks/bench_ledger.py [--commits 2000] [--movements 1000000]

Prints median and p99 of (a) posting one movement with its stock-projection update and
committing it, next to (b) a bare single-row INSERT + COMMIT on a SQLite file in the same
directory with the same pragmas (WAL, synchronous=FULL): the physical limit of the disk.
Then loads N movements and times `wms stock` queries against them.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from wms.core.domain.model import MovementDraft, MovementKind
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.migrate import upgrade
from wms.core.persistence.repositories import StockFilter
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.demo import build_demo, demo_locations, demo_products
from wms.core.services.ledger import Actor, post


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(value: float) -> str:
    return f"{value * 1000:8.3f} ms"


def bare_commits(path: Path, count: int) -> list[float]:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE IF NOT EXISTS t (id TEXT PRIMARY KEY, payload TEXT)")
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t VALUES (?, ?)", (str(uuid.uuid4()), "x" * 200))
        connection.execute("COMMIT")
        samples.append(time.perf_counter() - start)
    connection.close()
    return samples


def movement_commits(sessions, count: int) -> list[float]:
    actor = Actor("CMN1", "BENCH-S01", "1001")
    samples = []
    for n in range(count):
        draft = MovementDraft(
            MovementKind.MOVE,
            "SAF-1G",
            1,
            from_location="A-02-01-1" if n % 2 == 0 else "P-01-01-2",
            to_location="P-01-01-2" if n % 2 == 0 else "A-02-01-1",
            lot="SAF2610",
            raw_scan="LOC:P-01-01-2",
        )
        start = time.perf_counter()
        with UnitOfWork(sessions) as uow:
            post(uow, actor, draft)
            uow.commit()
        samples.append(time.perf_counter() - start)
    return samples


def load_movements(path: Path, count: int) -> float:
    """Bulk-load ``count`` realistic movements straight into the ledger, then rebuild stock."""
    rng = random.Random(7)
    skus = [p.sku for p in demo_products()]
    storage = [loc.code for loc in demo_locations() if loc.type.value in ("storage", "pick_face")]
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous=OFF")
    start = time.perf_counter()
    connection.execute("BEGIN")
    now = datetime.now(UTC).isoformat(sep=" ")
    batch = []
    for seq in range(1, count + 1):
        frm, to = rng.sample(storage, 2)
        kind = "receive" if seq % 5 == 0 else "move"
        batch.append(
            (
                str(uuid.uuid4()), "CMN1", "LOAD-S01", seq, "1001", kind, rng.choice(skus),
                rng.randint(1, 5), "" if kind == "receive" else frm, to, "", None, "", "",
                "available", "available", "", "", now, "",
            )
        )  # fmt: skip
        if len(batch) == 50_000:
            connection.executemany(f"INSERT INTO movements VALUES ({','.join('?' * 20)})", batch)
            batch.clear()
    if batch:
        connection.executemany(f"INSERT INTO movements VALUES ({','.join('?' * 20)})", batch)
    connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - start


def timed(function, repeat: int = 20) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--movements", type=int, default=1_000_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        folder = Path(tmp)
        db = folder / "station.db"
        engine = create_station_engine(str(db))
        upgrade(engine)
        sessions = session_factory(engine)
        build_demo(sessions)

        movement_commits(sessions, 50)  # warm-up
        bare_commits(folder / "bare.db", 50)
        moves = movement_commits(sessions, args.commits)
        bare = bare_commits(folder / "bare.db", args.commits)
        print(f"Durable commit, {args.commits} commits each (WAL, synchronous=FULL), {folder}")
        print(f"{'':34}{'median':>12}{'p99':>12}")
        print(f"{'bare single-row SQLite commit':34}{ms(statistics.median(bare))}"
              f"{ms(percentile(bare, 0.99))}")  # fmt: skip
        print(f"{'movement + stock projection':34}{ms(statistics.median(moves))}"
              f"{ms(percentile(moves, 0.99))}")  # fmt: skip
        median_ratio = statistics.median(moves) / statistics.median(bare)
        p99_ratio = percentile(moves, 0.99) / percentile(bare, 0.99)
        print(f"{'ratio (movement / bare)':34}{median_ratio:11.2f}x{p99_ratio:11.2f}x")

        engine.dispose()
        load_seconds = load_movements(db, args.movements)
        engine = create_station_engine(str(db))
        sessions = session_factory(engine)
        start = time.perf_counter()
        with UnitOfWork(sessions) as uow:
            rows = uow.ledger.recompute_stock()
            uow.commit()
        recompute = time.perf_counter() - start
        with UnitOfWork(sessions) as uow:
            total = uow.ledger.count()
        print(f"\nStock queries with {total:,} movements ({rows:,} stock rows)")
        print(f"  bulk load {args.movements:,} movements: {load_seconds:.1f} s; "
              f"recompute stock from ledger: {recompute:.2f} s")  # fmt: skip

        def query(where: StockFilter, limit: int | None = None):
            def run():
                with UnitOfWork(sessions) as uow:
                    return uow.ledger.stock(where, limit=limit)

            return run

        cases = [
            ("stock --sku SAF-1G", query(StockFilter(warehouse="CMN1", sku="SAF-1G"))),
            ("stock --location A-01-01-1",
             query(StockFilter(warehouse="CMN1", location="A-01-01-1"))),
            ("first page of 100 rows", query(StockFilter(warehouse="CMN1"), limit=100)),
            ("all stock rows", query(StockFilter(warehouse="CMN1"))),
        ]  # fmt: skip
        print(f"  {'query':32}{'median':>12}{'p99':>12}")
        for name, function in cases:
            samples = timed(function)
            print(f"  {name:32}{ms(statistics.median(samples))}{ms(percentile(samples, 0.99))}")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "wms", "--db", str(db), "stock", "--sku", "SAF-1G",
             "--format", "json"],
            check=True, capture_output=True,
        )  # fmt: skip
        print(f"  {'wms stock --sku (whole process)':32}{ms(time.perf_counter() - start)}")
        engine.dispose()


if __name__ == "__main__":
    main()
