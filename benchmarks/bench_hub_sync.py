"""Parcel event sync of a hub against the local PostgreSQL; prints figures (no pass/fail).

    .venv/bin/python benchmarks/bench_hub_sync.py [--server postgresql://root@127.0.0.1:5432]
        [--stations 5] [--events 20000] [--batch 5000]

A day of a hub: ``--stations`` stations each scanned ``--events`` parcel events (half sorts,
half handovers, of its own share of the pre-alerted parcels), unsent.

1. push: each station in turn pushes its day through ``wms_push_parcel_events`` (one call per
   batch: parse, checks, idempotence, feed numbers under the parcel feed lock, double-scan
   conflict check, acknowledgement). Before each batch, the physical reference: a raw ``COPY``
   of the same rows into a plain table of the same columns and keys on the same server
   (interleaved, batch by batch). Events/s, median and p99 per batch, ratio.
2. pull: each station then pulls the whole parcel feed (the others' events and its own coming
   back), page by page: each page applied in one station transaction (events, feed numbers,
   the parcels replayed onto ``hub_parcels``). Before each page, the reference: the same
   page's raw SELECT plus a sqlite3 ``executemany`` of its rows into a plain table of the
   station database.

A throwaway database ``wms_test_<random>`` (and its roles) is created and dropped.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from physical import percentile
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.pg_fixtures import CentralFactory, Station, checkpoint  # noqa: E402
from wms.core.domain.ids import new_id  # noqa: E402
from wms.core.domain.parcel_ids import make_s10  # noqa: E402
from wms.core.persistence import schema  # noqa: E402
from wms.core.persistence.engine import create_station_engine, session_factory  # noqa: E402
from wms.core.persistence.migrate import upgrade as upgrade_station  # noqa: E402
from wms.core.services.demo import build_demo  # noqa: E402
from wms.core.sync.central_migrate import libpq_url  # noqa: E402
from wms.core.sync.central_schema import EVENT_COLUMNS  # noqa: E402
from wms.core.sync.hub_events import (  # noqa: E402
    STATION_EVENT_COLUMNS,
    apply_event_page,
    push_event_batch,
    read_event_page,
    read_events,
)

REFERENCE = """
CREATE TABLE IF NOT EXISTS bench_copy_events (
    warehouse_id text NOT NULL, event_id uuid NOT NULL, station_id text NOT NULL,
    station_seq bigint NOT NULL, operator text NOT NULL, tracking text NOT NULL,
    kind text NOT NULL, at timestamptz NOT NULL, bag text NOT NULL, location text NOT NULL,
    reason text NOT NULL, raw_scan text NOT NULL,
    PRIMARY KEY (warehouse_id, event_id)
)
"""


def seed_parcels(path: Path, warehouse: str, count: int) -> list[str]:
    """``count`` pre-alerted parcels written straight into the station database."""
    trackings = [make_s10("LP", 10_000_000 + n, "CN") for n in range(count)]
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    promise = (datetime.now(UTC) + timedelta(hours=72)).strftime("%Y-%m-%d %H:%M:%S.%f")
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO hub_mawbs (warehouse, mawb, flight, origin_airport, destination_airport,"
            " departure_at, source, imported_at, arrival_station, arrival_operator) VALUES "
            "(?, '17612345675', 'CA1041', 'HGH', 'LGG', ?, 'bench', ?, '', '')",
            (warehouse, now, now),
        )
        connection.executemany(
            "INSERT INTO hub_parcels (warehouse, tracking, mawb, bag, weight_kg, consignee_name,"
            " consignee_address, consignee_postcode, consignee_city, consignee_country,"
            " consignee_phone, consignee_email, declared_value, currency, tax_id, service,"
            " carrier, pickup_point, promise_at, state, location, customs, customs_reason)"
            " VALUES (?, ?, '17612345675', ?, 0.45, 'Camille Martin', '12 rue de la Roquette',"
            " '75011', 'Paris', 'FR', '', '', 18.90, 'EUR', '', 'STANDARD', 'COLISSIMO', '',"
            " ?, 'expected', '', 'none', '')",
            [(warehouse, t, f"BAG{n // 200:04d}", promise) for n, t in enumerate(trackings)],
        )
    connection.close()
    return trackings


def seed_events(station: Station, trackings: list[str]) -> None:
    """The station's day: each of its parcels sorted, then handed over (unsent)."""
    base = datetime.now(UTC)
    rows = []
    seq = 0
    for index, tracking in enumerate(trackings):
        at = base + timedelta(milliseconds=index)
        for kind, location, reason in (
            ("sorted", "SORT-CA", ""),
            ("handed_over", "SORT-CA", "COLISSIMO"),
        ):
            seq += 1
            rows.append(
                {
                    "id": new_id(), "warehouse": station.warehouse, "station": station.station,
                    "station_seq": seq, "operator": "1003", "tracking": tracking, "kind": kind,
                    "at": at.strftime("%Y-%m-%d %H:%M:%S.%f"), "bag": "BAG0001",
                    "location": location, "reason": reason, "raw_scan": tracking,
                }
            )  # fmt: skip
    names = ", ".join(STATION_EVENT_COLUMNS)
    marks = ", ".join(f":{c}" for c in STATION_EVENT_COLUMNS)
    connection = sqlite3.connect(station.path)
    with connection:
        connection.executemany(f"INSERT INTO hub_parcel_events ({names}) VALUES ({marks})", rows)
        connection.execute(
            "INSERT INTO hub_event_sync (station, warehouse, last_seq, acked_seq, feed_seq) "
            "VALUES (?, ?, ?, 0, 0)",
            (station.station, station.warehouse, seq),
        )
    connection.close()


def copy_rows(conn: psycopg.Connection, rows: list[list[object]]) -> float:
    started = time.perf_counter()
    statement = f"COPY bench_copy_events ({', '.join(EVENT_COLUMNS)}) FROM STDIN"
    with conn.transaction(), conn.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgresql://root@127.0.0.1:5432")
    parser.add_argument("--stations", type=int, default=5)
    parser.add_argument("--events", type=int, default=20_000, help="events per station")
    parser.add_argument("--batch", type=int, default=5000, help="push batch and pull page")
    args = parser.parse_args()

    import tests.integration.pg_fixtures as fixtures

    fixtures.PG_SERVER = args.server
    workdir = Path(tempfile.mkdtemp(prefix="wms-bench-hub-sync-"))
    demo = workdir / "demo.db"
    engine = create_station_engine(str(demo))
    upgrade_station(engine)
    schema.metadata.create_all(engine)
    build_demo(session_factory(engine))
    engine.dispose()
    factory = CentralFactory(workdir, demo, args.server)
    try:
        central = factory.create()
        parcels = args.stations * args.events // 2
        print(
            f"central {central.name}: {args.stations} stations x {args.events:,} parcel events "
            f"({parcels:,} pre-alerted parcels, each sorted and handed over), batch {args.batch}"
        )
        checkpoint(central.template)
        trackings = seed_parcels(central.template, central.warehouse, parcels)
        share = args.events // 2
        stations = []
        for n in range(args.stations):
            station = central.station(workdir / f"s{n}.db", f"{central.warehouse}-H{n + 1:02d}")
            seed_events(station, trackings[n * share : (n + 1) * share])
            stations.append(station)

        # 1. push, each batch after a raw COPY of the same rows
        push_times: list[float] = []
        copy_times: list[float] = []
        with (
            psycopg.connect(libpq_url(central.warehouse_url)) as conn,
            psycopg.connect(libpq_url(central.url)) as reference,
        ):
            reference.execute(REFERENCE)
            reference.commit()
            for station in stations:
                after = 0
                while rows := read_events(
                    station.sessions, station.warehouse, station.station, after, args.batch
                ):
                    copy_times.append(copy_rows(reference, rows))
                    started = time.perf_counter()
                    answer = push_event_batch(conn, station.warehouse, station.station, 0, rows)
                    push_times.append(time.perf_counter() - started)
                    assert answer["inserted"] == len(rows), answer
                    after = int(answer["acked"][station.station])
        total = args.stations * args.events
        push_rate, copy_rate = total / sum(push_times), total / sum(copy_times)
        print(
            f"push: {push_rate:>9,.0f} events/s, per batch of {args.batch}: median "
            f"{statistics.median(push_times) * 1000:.0f} ms, "
            f"p99 {percentile(push_times, 0.99) * 1000:.0f} ms"
        )
        print(
            f"raw COPY of the same rows: {copy_rate:>9,.0f} events/s, per batch median "
            f"{statistics.median(copy_times) * 1000:.0f} ms, "
            f"p99 {percentile(copy_times, 0.99) * 1000:.0f} ms"
        )
        print(f"push / COPY: {push_rate / copy_rate:.0%} (interleaved batch by batch)")

        # 2. pull, each page after its raw SELECT + sqlite3 executemany
        pull_times: list[float] = []
        bare_times: list[float] = []
        with psycopg.connect(libpq_url(central.warehouse_url)) as conn:
            for station in stations:
                scratch = sqlite3.connect(station.path)
                scratch.execute(
                    "CREATE TABLE bench_pulled (id TEXT PRIMARY KEY, warehouse, station, "
                    "station_seq, operator, tracking, kind, at, bag, location, reason, raw_scan, "
                    "feed_seq)"
                )
                after = 0
                while True:
                    started = time.perf_counter()
                    upto, rows = read_event_page(conn, station.warehouse, after, args.batch)
                    if upto == after:
                        break
                    with scratch:
                        scratch.executemany(
                            f"INSERT INTO bench_pulled VALUES ({', '.join('?' * 13)})", rows
                        )
                    bare_times.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    upto, rows = read_event_page(conn, station.warehouse, after, args.batch)
                    apply_event_page(
                        station.sessions, station.station, station.warehouse, after, upto, rows
                    )
                    pull_times.append(time.perf_counter() - started)
                    after = upto
                scratch.close()
        pulled = args.stations * total
        pull_rate, bare_rate = pulled / sum(pull_times), pulled / sum(bare_times)
        print(
            f"pull (every station the whole feed, {pulled:,} events): {pull_rate:>9,.0f} "
            f"events/s, per page median {statistics.median(pull_times) * 1000:.0f} ms, "
            f"p99 {percentile(pull_times, 0.99) * 1000:.0f} ms"
        )
        print(
            f"raw SELECT + sqlite3 executemany of the same pages: {bare_rate:>9,.0f} events/s, "
            f"per page median {statistics.median(bare_times) * 1000:.0f} ms, "
            f"p99 {percentile(bare_times, 0.99) * 1000:.0f} ms"
        )
        print(f"pull / bare: {pull_rate / bare_rate:.0%} (interleaved page by page)")
        with stations[-1].sessions() as session:
            states = dict(
                session.execute(
                    text("SELECT state, count(*) FROM hub_parcels GROUP BY state")
                ).all()
            )
        print(
            f"parcels at the last station after its pull: {json.dumps(states)} (its own "
            f"{share:,} parcels were seeded as events only, and the demo's pre-alert stays "
            "expected: the other stations' sorts and handovers are what the pull replayed)"
        )
        for station in stations:
            station.close()
    finally:
        factory.drop_all()


if __name__ == "__main__":
    main()
