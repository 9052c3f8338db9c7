"""Sync benchmarks against the local PostgreSQL; prints figures (no pass/fail).

    .venv/bin/python benchmarks/bench_sync.py [--server postgresql://root@127.0.0.1:5432]
        [--movements 100000] [--batch-sizes 5000,10000,20000] [--offline 50000] [--soak N]

1. push throughput: a station with N unsent movements pushes them (one ``wms_push`` call per
   batch: central parses the JSON batch, checks it, INSERT ... SELECT into the ledger, stock and
   conflict upkeep, acknowledgement), right after a raw ``COPY`` of the same rows into the same
   central table on the same server, and the ratio; ``--runs`` times per batch size
   (``--batch-sizes``), each into fresh warehouse partitions, with where the push's time went and
   the median ratio;
2. a station offline for a day (50,000 movements) syncing: push its day, pull everyone else's;
3. pull throughput: a new station copy pulls the whole feed, then the bare reference: one
   SELECT of the same rows and one sqlite3 ``executemany`` into the same ledger table;
4. ``--soak N``: N seeded runs of "connection cut in the middle of a push" (as in the tests),
   each followed by a check that nothing was lost or doubled.

A throwaway database ``wms_bench_<random>`` (and its roles) is created and dropped.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.pg_fixtures import (  # noqa: E402
    CentralFactory,
    Station,
    assert_feed_gapless,
    central_ids,
    central_ledger_sums,
    central_stock,
    checkpoint,
)
from wms.core.domain.ids import new_id  # noqa: E402
from wms.core.persistence import schema  # noqa: E402
from wms.core.persistence.engine import create_station_engine, session_factory  # noqa: E402
from wms.core.persistence.migrate import upgrade as upgrade_station  # noqa: E402
from wms.core.services.demo import build_demo  # noqa: E402
from wms.core.sync.central_migrate import connect, libpq_url  # noqa: E402
from wms.core.sync.central_schema import MOVEMENT_COLUMNS, STATION_COLUMNS  # noqa: E402
from wms.core.sync.outbox import read_rows  # noqa: E402
from wms.core.sync.protocol import negotiate  # noqa: E402
from wms.core.sync.push import DEFAULT_BATCH, push  # noqa: E402

SKUS = ("CER-TAJ-28", "CER-BWL-15", "TXT-BLK-01", "TXT-CAF-01", "LTH-BAG-01", "LTH-BAB-42")
LOCATIONS = tuple(f"{a}-{r:02d}-01-1" for a in "ABCD" for r in range(1, 7))


def fill_ledger(path: Path, station: str, warehouse: str, count: int, seed: int) -> None:
    """``count`` unsent movements written straight into the station ledger (fast set-up)."""
    rng = random.Random(seed)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    rows = []
    for seq in range(1, count + 1, 2):  # receive at a dock, then put away: realistic flow
        sku, target, quantity = rng.choice(SKUS), rng.choice(LOCATIONS), rng.randint(1, 24)
        dock = f"DOCK-0{rng.randint(1, 4)}"
        for offset, kind, source, to in ((0, "receive", "", dock), (1, "putaway", dock, target)):
            movement = {
                "id": new_id(), "warehouse_id": warehouse, "station_id": station,
                "station_seq": seq + offset, "operator": "1001", "kind": kind, "sku": sku,
                "quantity": quantity, "from_location": source, "to_location": to, "lot": "",
                "expiry": None, "from_handling_unit": "", "to_handling_unit": "",
                "from_status": "available", "to_status": "available", "reference": "",
                "transfer_id": "", "created_at": stamp,
                "raw_scan": f"]E0{rng.randint(10**12, 10**13)}", "owner": "HUB",
            }  # fmt: skip
            rows.append(tuple(movement[c] for c in MOVEMENT_COLUMNS))
    names = ", ".join(STATION_COLUMNS[c] for c in MOVEMENT_COLUMNS)
    marks = ", ".join("?" for _ in MOVEMENT_COLUMNS)
    connection = sqlite3.connect(path)
    with connection:
        connection.executemany(f"INSERT INTO movements ({names}) VALUES ({marks})", rows)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def copy_baseline(url: str, station: Station, source: str, warehouse: str, count: int) -> float:
    """Seconds for a raw COPY of the station's rows (of warehouse ``source``) into central's
    movements table, as warehouse ``warehouse``."""
    rows = read_rows(station.sessions, source, station.station, 0, count)
    columns = (*MOVEMENT_COLUMNS, "feed_seq")
    with psycopg.connect(libpq_url(url)) as conn:
        conn.execute("SET TimeZone = 'UTC'")  # the station's timestamps are UTC without a zone
        conn.commit()
        started = time.perf_counter()
        with (
            conn.cursor() as cursor,
            cursor.copy(f"COPY movements ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for seq, row in enumerate(rows, start=1):
                values = list(row)
                values[MOVEMENT_COLUMNS.index("warehouse_id")] = warehouse
                copy.write_row([*values, seq])
        conn.commit()
        return time.perf_counter() - started


def bare_pull(url: str, warehouse: str, template: Path, target: Path) -> float:
    """Seconds for the physical floor of a pull, timed right after it: read the warehouse's
    feed movements in one SELECT and insert them with one ``executemany`` into the ledger of a
    copy of the station database the pull started from (same table and indexes), one commit."""
    shutil.copyfile(template, target)
    names = ", ".join(STATION_COLUMNS[c] for c in MOVEMENT_COLUMNS)
    marks = ", ".join("?" for _ in MOVEMENT_COLUMNS)
    selected = ", ".join(
        f"{c}::text" if c in ("id", "created_at", "expiry") else c for c in MOVEMENT_COLUMNS
    )
    station = sqlite3.connect(target, isolation_level=None)
    station.execute("PRAGMA synchronous = FULL")
    started = time.perf_counter()
    with psycopg.connect(libpq_url(url)) as conn:
        rows = conn.execute(
            f"SELECT {selected} FROM movements WHERE warehouse_id = %s ORDER BY feed_seq",
            (warehouse,),
        ).fetchall()
    station.execute("BEGIN IMMEDIATE")
    station.executemany(f"INSERT OR IGNORE INTO movements ({names}) VALUES ({marks})", rows)
    station.execute("COMMIT")
    seconds = time.perf_counter() - started
    station.close()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgresql://root@127.0.0.1:5432")
    parser.add_argument("--movements", type=int, default=100_000)
    parser.add_argument(
        "--batch-sizes",
        default=f"{DEFAULT_BATCH}",
        help=f"comma-separated push batch sizes to measure (default {DEFAULT_BATCH})",
    )
    parser.add_argument("--runs", type=int, default=3, help="interleaved COPY / push runs")
    parser.add_argument("--offline", type=int, default=50_000)
    parser.add_argument("--soak", type=int, default=0, help="seeded connection-cut runs")
    args = parser.parse_args()

    import tests.integration.pg_fixtures as fixtures

    fixtures.PG_SERVER = args.server
    workdir = Path(tempfile.mkdtemp(prefix="wms-bench-"))
    demo = workdir / "demo.db"
    engine = create_station_engine(str(demo))
    upgrade_station(engine)
    schema.metadata.create_all(engine)
    build_demo(session_factory(engine))
    engine.dispose()
    factory = CentralFactory(workdir, demo)
    try:
        central = factory.create()
        url = central.url
        print(f"central database {central.name}, warehouse {central.warehouse}")

        # 1. push vs COPY, interleaved run by run
        from wms.core.sync import security

        sizes = [int(size) for size in args.batch_sizes.split(",")]
        ratios: list[float] = []
        for run in range(args.runs):
            for size in sizes:
                # the reference and the push, back to back, each into a fresh warehouse
                # partition, so both see the same server and disk state; the first push goes
                # into the demo warehouse, whose stations pull it in 2. and 3.
                name = f"BENCH-P{size}-{run}"
                pusher = central.station(workdir / f"pusher{size}-{run}.db", name)
                if not ratios:
                    warehouse, warehouse_url = central.warehouse, central.warehouse_url
                else:
                    warehouse = f"PUSH{size}R{run}"
                    warehouse_url = security.add_warehouse(url, warehouse).url
                fill_ledger(pusher.path, name, warehouse, args.movements, 1 + run)
                baseline_wh = f"COPY{size}R{run}"
                security.add_warehouse(url, baseline_wh)
                copy_seconds = copy_baseline(url, pusher, warehouse, baseline_wh, args.movements)
                copy_rate = args.movements / copy_seconds
                with connect(warehouse_url, application_name="bench") as conn:
                    protocol = negotiate(conn)
                    started = time.perf_counter()
                    result = push(pusher.sessions, conn, protocol, warehouse, name, batch_size=size)
                    push_seconds = time.perf_counter() - started
                assert result.inserted == args.movements, result
                assert central_stock(url, warehouse) == central_ledger_sums(url, warehouse)
                push_rate = args.movements / push_seconds
                ratios.append(push_rate / copy_rate)
                print(
                    f"run {run + 1}: raw COPY {copy_rate:>9,.0f}/s ({copy_seconds:.2f} s, "
                    f"superuser, no row-level security), push in batches of {size:,} "
                    f"{push_rate:>9,.0f}/s "
                    f"({push_seconds:.2f} s, warehouse role) = {push_rate / copy_rate:.0%} of COPY"
                )
                spent = sorted(result.timings.items(), key=lambda item: -item[1])
                print("    " + ", ".join(f"{phase} {sec:.2f} s" for phase, sec in spent))
                pusher.close()
                (workdir / f"pusher{size}-{run}.db").unlink()
        print(
            f"push / COPY over {len(ratios)} interleaved runs: median "
            f"{statistics.median(ratios):.0%}, range {min(ratios):.0%}-{max(ratios):.0%}"
        )

        # 2. a station offline for a day
        offline = central.station(workdir / "offline.db", "BENCH-O")
        fill_ledger(offline.path, "BENCH-O", central.warehouse, args.offline, 2)
        started = time.perf_counter()
        report = offline.sync(central.warehouse_url)
        day_seconds = time.perf_counter() - started
        print(
            f"offline day ({args.offline:,} own movements, pulls {report.pulled.movements:,} "
            f"others'): converged in {day_seconds:.1f} s"
        )

        # 3. pull throughput: a station copy from before all this pulls the whole feed
        checkpoint(central.template)
        shutil.copyfile(central.template, workdir / "puller.db")
        puller = Station(workdir / "puller.db", "BENCH-Q", central.warehouse)
        started = time.perf_counter()
        pulled = puller.sync(central.warehouse_url).pulled
        pull_seconds = time.perf_counter() - started
        print(
            f"pull                    : {pulled.movements / pull_seconds:>10,.0f} movements/s "
            f"({pulled.movements:,} in {pull_seconds:.1f} s, {pulled.pages} pages)"
        )
        assert puller.stock() == central_stock(url, central.warehouse)
        bare_seconds = bare_pull(url, central.warehouse, central.template, workdir / "bare.db")
        bare_rate = pulled.movements / bare_seconds
        print(
            f"bare reference          : {bare_rate:>10,.0f} movements/s (one SELECT of the same "
            f"rows, one sqlite3 executemany into the same ledger table) -> pull "
            f"{pulled.movements / pull_seconds / bare_rate:.0%} of it"
        )

        # 4. soak
        if args.soak:
            from tests.integration.test_sync_faults import CutProxy
            from wms.core.domain.errors import SyncError

            cuts = 0
            for seed in range(args.soak):
                rng = random.Random(seed)
                station = central.station(workdir / f"soak{seed}.db", f"SOAK-{seed:04d}")
                station.random_work(rng, rng.randint(40, 200), per_commit=25)
                for _ in range(rng.randint(1, 3)):
                    proxy = CutProxy(rng.randint(500, 60_000))
                    try:
                        station.sync(proxy.url(central.warehouse_url), batch_size=7)
                    except SyncError:
                        cuts += 1
                    finally:
                        proxy.close()
                station.sync(central.warehouse_url)
                ids = central_ids(url, central.warehouse, station.station)
                assert len(ids) == len(set(ids)) and set(ids) == station.ids(own=True)
                station.close()
                (workdir / f"soak{seed}.db").unlink()
            assert central_stock(url, central.warehouse) == central_ledger_sums(
                url, central.warehouse
            )
            assert_feed_gapless(url, central.warehouse)
            print(f"soak: {args.soak} runs, {cuts} pushes cut mid-way, nothing lost or doubled")
    finally:
        factory.drop_all()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
