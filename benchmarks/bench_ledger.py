"""Ledger benchmark: one movement's durable commit vs a bare SQLite commit; the supervisor
screens' pages as the ledger grows.

    python benchmarks/bench_ledger.py [--commits 2000] [--sizes 10000,100000,1000000]

Prints median and p99 of (a) posting one movement with its stock-projection update and
committing it, each followed by (b) a bare single-row INSERT + COMMIT on a SQLite file in the
same directory with the same pragmas (WAL, synchronous=FULL): the physical limit of the disk,
timed interleaved so both see the same disk; then bare commits that write a row into 1 to 30
tables, what a commit costs by the pages it writes. Then grows the ledger to each size (a year of
movements, a sixth of them through one busy location, over many lots and pallets) and times the
first page and a deep page (the 20th, through the keyset cursor) of every screen: stock (rows
and by product), the ledger (whole, of a product, of the busy location, of a quiet location, of
a lot, of a pallet), expiring lots, occupancy and throughput (target: < 100 ms each at 1M).
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

from physical import BareCommit, percentile

from wms.core.domain.model import MovementDraft, MovementKind
from wms.core.domain.owners import HUB_OWNER
from wms.core.persistence.engine import (
    checkpointer_of,
    create_station_engine,
    session_factory,
)
from wms.core.persistence.migrate import upgrade
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services import queries
from wms.core.services.demo import (
    build_demo,
    demo_locations,
    demo_merchant_products,
    demo_products,
)
from wms.core.services.ledger import Actor, post
from wms.core.services.queries.paging import Filters


def ms(value: float) -> str:
    return f"{value * 1000:8.3f} ms"


def movement_commits(sessions, count: int, bare: sqlite3.Connection | None = None):
    """Movement commits, each followed by a bare commit on ``bare`` (when given)."""
    actor = Actor("CMN1", "BENCH-S01", "1001")
    samples, references = [], []
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
        if bare is not None:
            start = time.perf_counter()
            bare.execute("BEGIN IMMEDIATE")
            bare.execute("INSERT INTO t VALUES (?, ?)", (str(uuid.uuid4()), "x" * 200))
            bare.execute("COMMIT")
            references.append(time.perf_counter() - start)
    return samples, references


def bare_connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE IF NOT EXISTS t (id TEXT PRIMARY KEY, payload TEXT)")
    return connection


BUSY = "A-01-01-1"
#: a merchant whose products are a share of the movements (the owner filter of the screens)
MERCHANT = "ARGAN"

_MOVEMENT_COLUMNS = (
    "id, warehouse, station, station_seq, operator, kind, sku, quantity, from_location, "
    "to_location, lot, expiry, from_handling_unit, to_handling_unit, from_status, to_status, "
    "reference, transfer_id, created_at, raw_scan, owner"
)
_INSERT_MOVEMENT = f"INSERT INTO movements ({_MOVEMENT_COLUMNS}) VALUES ({','.join('?' * 21)})"


def load_movements(path: Path, count: int, first_seq: int) -> float:
    """``count`` more movements straight into the ledger: a year up to now, a sixth of them
    into or out of one busy location, a lot per 50 movements, a pallet per 20; the hub's
    products and the demo merchants' (each movement carrying its product's owner)."""
    rng = random.Random(first_seq)
    merchants = demo_merchant_products()
    owners = {p.sku: owner for owner, owned in merchants.items() for p in owned}
    products = [*demo_products(), *(p for owned in merchants.values() for p in owned)]
    storage = [loc.code for loc in demo_locations() if loc.type.value in ("storage", "pick_face")]
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous=OFF")
    start = time.perf_counter()
    connection.execute("BEGIN")
    now = datetime.now(UTC)
    batch, lots = [], []
    for seq in range(first_seq, first_seq + count):
        frm, to = rng.sample(storage, 2)
        if seq % 6 == 0:
            frm, to = (BUSY, to) if seq % 12 == 0 else (frm, BUSY)
        kind = "receive" if seq % 5 == 0 else "move"
        product = products[seq % len(products)]
        lot, expiry = "", None
        if product.tracks_lot:
            lot = f"B{seq // 50:06d}"
            expiry = (now + timedelta(days=(seq // 50) % 900)).date()
            if seq % 50 == 0 or seq == first_seq:
                lots.append((product.sku, lot, expiry.isoformat()))
        unit = f"00{376123450000000000 + seq // 20:018d}"
        at = now - timedelta(seconds=(first_seq + count - seq) * 31_536_000 / max(count, 1))
        batch.append(
            (
                str(uuid.uuid4()), "CMN1", "LOAD-S01", seq, "1001", kind, product.sku,
                rng.randint(1, 5), "" if kind == "receive" else frm, to, lot,
                expiry.isoformat() if expiry else None, "" if kind == "receive" else unit, unit,
                "available", "available", "", "", at.strftime("%Y-%m-%d %H:%M:%S.%f"), "",
                owners.get(product.sku, HUB_OWNER),
            )
        )  # fmt: skip
        if len(batch) == 50_000:
            connection.executemany(_INSERT_MOVEMENT, batch)
            batch.clear()
    if batch:
        connection.executemany(_INSERT_MOVEMENT, batch)
    connection.executemany("INSERT OR IGNORE INTO lots (sku, code, expiry) VALUES (?, ?, ?)", lots)
    connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - start


def screen_cases(folder_sessions, sample_lot: str, sample_unit: str):
    """(name, source, filters) of every supervisor screen page measured."""
    today = datetime.now(UTC).date
    wh = "CMN1"
    return [
        ("stock rows", queries.stock_source(), Filters(warehouse=wh)),
        ("stock by product", queries.stock_source("product"), Filters(warehouse=wh)),
        ("stock by product of an owner", queries.stock_source("product"),
         Filters(warehouse=wh, owner=MERCHANT)),
        ("stock by product, searched", queries.stock_source("product"),
         Filters(warehouse=wh, search="SAF")),
        ("stock by product, status", queries.stock_source("product"),
         Filters(warehouse=wh, status="available")),
        ("stock by product of a location", queries.stock_source("product"),
         Filters(warehouse=wh, location=BUSY)),
        ("stock of an owner", queries.stock_source(), Filters(warehouse=wh, owner=MERCHANT)),
        ("stock by location", queries.stock_source("location"), Filters(warehouse=wh)),
        ("stock by location of an owner", queries.stock_source("location"),
         Filters(warehouse=wh, owner=MERCHANT)),
        ("stock by lot", queries.stock_source("lot"), Filters(warehouse=wh)),
        ("stock by handling unit", queries.stock_source("handling_unit"), Filters(warehouse=wh)),
        ("stock of a location", queries.stock_source(), Filters(warehouse=wh, location=BUSY)),
        ("ledger, whole", queries.movements_source(), Filters(warehouse=wh)),
        ("ledger of a product", queries.movements_source(), Filters(warehouse=wh, sku="SAF-1G")),
        ("ledger of the busy location", queries.movements_source(),
         Filters(warehouse=wh, location=BUSY)),
        ("ledger of a quiet location", queries.movements_source(),
         Filters(warehouse=wh, location="QUAR-01")),
        ("ledger of a lot", queries.movements_source(), Filters(warehouse=wh, lot=sample_lot)),
        ("ledger of a pallet", queries.movements_source(),
         Filters(warehouse=wh, handling_unit=sample_unit)),
        ("expiring lots (60 days)", queries.expiring_source(today), Filters(warehouse=wh)),
    ]  # fmt: skip


def page_times(sessions, source, filters: Filters, deep: int = 20) -> tuple[float, float | None]:
    """Seconds for the first page and for page ``deep`` (reached through the cursor; None when
    there are fewer pages), 100 rows."""
    with UnitOfWork(sessions, read_only=True) as uow:
        descending = source.default_descending
        start = time.perf_counter()
        page = source.page(uow.session, filters, descending=descending, limit=100)
        first = time.perf_counter() - start
        for _ in range(deep - 2):
            if page.done:
                break
            page = source.page(uow.session, filters, descending=descending, limit=100,
                               cursor=page.cursor, offset=page.offset)  # fmt: skip
        if page.done:
            return first, None
        start = time.perf_counter()
        source.page(uow.session, filters, descending=descending, limit=100,
                    cursor=page.cursor, offset=page.offset)  # fmt: skip
        return first, time.perf_counter() - start


def commits_dirtying(folder: Path, tables: int, commits: int) -> list[float]:
    """Bare commits (WAL, synchronous=FULL) of one row into each of ``tables`` tables: what a
    commit costs by the pages it writes, with no Python work around it (seconds each)."""
    bare = BareCommit(folder / f"pages-{tables}.db", tables=tables)
    times = [bare.commit() / 1000 for _ in range(commits)]
    bare.close()
    return times


def best_of(function, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    return min(function() for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        folder = Path(tmp)
        db = folder / "station.db"
        engine = create_station_engine(str(db))
        upgrade(engine)
        sessions = session_factory(engine)
        build_demo(sessions)

        bare = bare_connection(folder / "bare.db")
        movement_commits(sessions, 50, bare)  # warm-up
        moves, references = movement_commits(sessions, args.commits, bare)
        bare.close()
        print(f"Durable commit, {args.commits} commits each, interleaved "
              f"(WAL, synchronous=FULL), {folder}")  # fmt: skip
        print(f"{'':34}{'median':>12}{'p99':>12}")
        print(f"{'bare single-row SQLite commit':34}{ms(statistics.median(references))}"
              f"{ms(percentile(references, 0.99))}")  # fmt: skip
        print(f"{'movement + stock projection':34}{ms(statistics.median(moves))}"
              f"{ms(percentile(moves, 0.99))}")  # fmt: skip
        median_ratio = statistics.median(moves) / statistics.median(references)
        p99_ratio = percentile(moves, 0.99) / percentile(references, 0.99)
        print(f"{'ratio (movement / bare)':34}{median_ratio:11.2f}x{p99_ratio:11.2f}x")
        print("Bare commits by the tables (pages) each one writes a row into, "
              f"{args.commits // 2} commits each")  # fmt: skip
        for tables in (1, 5, 10, 15, 20, 30):
            times = commits_dirtying(folder, tables, args.commits // 2)
            print(f"{f'{tables} tables a commit':34}{ms(statistics.median(times))}"
                  f"{ms(percentile(times, 0.99))}")  # fmt: skip

        loaded = 0
        for size in (int(n) for n in args.sizes.split(",")):
            engine.dispose()
            load_seconds = load_movements(db, size - loaded, loaded + 1)
            loaded = size
            start = time.perf_counter()
            with UnitOfWork(sessions) as uow:
                rows = uow.ledger.recompute_stock()
                uow.commit()
            recompute = time.perf_counter() - start
            # the statistics are refreshed as the station app refreshes them: by its
            # checkpointer's maintenance, which its pooled connections then follow
            checkpointer = checkpointer_of(engine)
            assert checkpointer is not None
            refreshes = checkpointer.statistics
            checkpointer.checkpoint()
            refreshed = checkpointer.statistics != refreshes
            connection = sqlite3.connect(db, isolation_level=None)
            sample_lot, sample_unit = connection.execute(
                "SELECT lot, to_handling_unit FROM movements WHERE lot != '' "
                "ORDER BY rowid DESC LIMIT 1 OFFSET 100"
            ).fetchone() or ("", "")
            connection.close()
            with UnitOfWork(sessions) as uow:
                total = uow.ledger.count()
            print(f"\nScreens with {total:,} movements ({rows:,} stock rows; bulk load "
                  f"{load_seconds:.1f} s, stock rebuilt in {recompute:.2f} s, statistics "
                  f"{'refreshed' if refreshed else 'current'})")  # fmt: skip
            print(f"  {'page of 100 rows':34}{'first':>12}{'20th':>12}")
            for name, source, filters in screen_cases(sessions, sample_lot, sample_unit):
                times = [page_times(sessions, source, filters) for _ in range(5)]
                first = min(t[0] for t in times)
                deeps = [t[1] for t in times if t[1] is not None]
                deep = ms(min(deeps)) if deeps else f"{'(fewer pages)':>12}"
                print(f"  {name:34}{ms(first)}{deep}")

            def occupancy_map() -> float:
                start = time.perf_counter()
                with UnitOfWork(sessions, read_only=True) as uow:
                    queries.occupancy(uow.session, "CMN1")
                return time.perf_counter() - start

            def hourly() -> float:
                start = time.perf_counter()
                with UnitOfWork(sessions, read_only=True) as uow:
                    queries.throughput(uow.session, "CMN1", now=datetime.now(UTC))
                return time.perf_counter() - start

            print(f"  {'occupancy map (whole screen)':34}{ms(best_of(occupancy_map))}")
            print(f"  {'throughput, 24 h (whole screen)':34}{ms(best_of(hourly))}")
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
