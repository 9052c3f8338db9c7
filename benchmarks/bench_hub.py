"""Parcel hub: the pre-alert import and the deconsolidation sort, each next to a bare baseline.

1. Pre-alert import of ``--parcels`` parcels (2 or 3 item lines each, 2.5 on average) from CSV
   through ``import_prealert_bytes`` (all checks, one transaction), ``--rounds`` times, each
   right after a bare ``executemany`` of the same parcel and item rows into the same tables
   (the station's DDL: keys and indexes); median and worst of each, then a re-send.
2. Deconsolidation with ``--prealerted`` parcels in the database (loaded with bare inserts,
   untimed): ``--sorts`` parcels scanned out of their bags and confirmed at their destination
   through ``StationSession``, each sort committed (WAL, synchronous=FULL) before the feedback,
   interleaved with bare single-row commits on the same disk (one after each sort). Their
   last-mile destination closes a bag every ``LAST_MILE_BAG`` parcels (its capacity), in the
   sort that fills it, as a carrier's bag does: an open bag counted at each sort stays the
   size of a real one.

Run: ``python benchmarks/bench_hub.py [--parcels 100000] [--rounds 3] [--prealerted 1000000]
[--sorts 2000] [--skip-import] [--skip-sort]``
"""

from __future__ import annotations

import argparse
import csv
import io
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from physical import BareCommit, last_commit_page_numbers, pages_by_tree

import wms.core.persistence.schema  # noqa: F401
from wms.core.domain.parcel_ids import make_mawb, make_s10
from wms.core.persistence.base import table_of
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.hub_tables import HubBagRow, HubMawbRow, HubParcelRow
from wms.core.persistence.migrate import upgrade
from wms.core.services.demo import build_demo
from wms.core.services.hub.prealert import PREALERT, import_prealert_bytes
from wms.core.services.workflows import Input, StationSession

MAWB = make_mawb("176", 1234567)
PER_BAG = 100
LAST_MILE_BAG = 60  # parcels a last-mile bag takes before it closes (its label queued)
PAGE_SAMPLES = 20  # sorts whose commit is read back from the WAL for the pages it wrote


def prealert_csv(parcels: int) -> tuple[str, int]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PREALERT.columns)
    lines = 0
    for n in range(parcels):
        tracking = make_s10("LP", n, "CN")
        for item in range(2 + n % 2):
            lines += 1
            writer.writerow(
                [
                    MAWB,
                    "CA1041",
                    "HGH",
                    "LGG",
                    "2026-12-01T22:10:00+08:00",
                    f"BAG{n // PER_BAG:06d}",
                    "",
                    tracking,
                    "0.450",
                    "Camille Martin",
                    "12 rue de la Roquette",
                    "75011",
                    "Paris",
                    "FR",
                    "",
                    "",
                    "18.90",
                    "EUR",
                    "IM2500000001",
                    "STANDARD",
                    "COLISSIMO",
                    "",
                    f"phone case {item}",
                    "392690",
                    "1",
                    "9.45",
                    "CN",
                ]
            )
    return out.getvalue(), lines


PARCEL_COLUMNS = (
    "warehouse", "tracking", "mawb", "bag", "weight_kg", "consignee_name", "consignee_address",
    "consignee_postcode", "consignee_city", "consignee_country", "consignee_phone",
    "consignee_email", "declared_value", "currency", "tax_id", "service", "carrier",
    "pickup_point", "promise_at", "state", "location", "customs", "customs_reason",
)  # fmt: skip
ITEM_COLUMNS = (
    "warehouse", "tracking", "line", "description", "hs_code", "quantity", "unit_value",
    "origin_country",
)  # fmt: skip


def bare_import(schema_db: Path, path: Path, parcels: int) -> float:
    """Seconds for a bare ``sqlite3`` executemany of the rows the import writes (every column
    it writes, the values as it stores them) into ``hub_parcels`` and ``hub_parcel_items``
    made with the station's own DDL (primary keys and the three parcel indexes), WAL and
    synchronous=FULL, one transaction: the physical reference."""
    if path.exists():
        path.unlink()
    source = sqlite3.connect(schema_db)
    ddl = [
        sql
        for (sql,) in source.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name IN ('hub_parcels', 'hub_parcel_items') "
            "AND sql IS NOT NULL ORDER BY type DESC"
        )
    ]
    source.close()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    for sql in ddl:  # tables first ('table' > 'index'), then their indexes
        connection.execute(sql)
    parcel_rows = []
    item_rows = []
    for n in range(parcels):
        tracking = make_s10("LP", n, "CN")
        parcel_rows.append(
            (
                "CMN1", tracking, MAWB, f"BAG{n // PER_BAG:06d}", 0.45, "Camille Martin",
                "12 rue de la Roquette", "75011", "Paris", "FR", "", "", 18.9, "EUR",
                "IM2500000001", "STANDARD", "COLISSIMO", "", "2026-12-04 14:10:00.000000",
                "expected", "", "none", "",
            )
        )  # fmt: skip
        for item in range(2 + n % 2):
            item_rows.append(
                ("CMN1", tracking, item + 1, f"phone case {item}", "392690", 1, 9.45, "CN")
            )
    start = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        f"INSERT INTO hub_parcels ({', '.join(PARCEL_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(PARCEL_COLUMNS))})",
        parcel_rows,
    )
    connection.executemany(
        f"INSERT INTO hub_parcel_items ({', '.join(ITEM_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(ITEM_COLUMNS))})",
        item_rows,
    )
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def bench_import(folder: Path, parcels: int, rounds: int) -> None:
    """``rounds`` rounds, each a bare executemany then the import of the same pre-alert into a
    fresh demo station (so both write into empty tables); a last round re-sends it."""
    text, lines = prealert_csv(parcels)
    imports: list[float] = []
    bares: list[float] = []
    resend = 0.0
    for round_ in range(rounds):
        path = folder / f"import-{round_}.db"
        engine = create_station_engine(str(path))
        upgrade(engine)
        sessions = session_factory(engine)
        build_demo(sessions)
        bares.append(bare_import(path, folder / "bare-import.db", parcels))
        start = time.perf_counter()
        result = import_prealert_bytes(sessions, text, warehouse="CMN1")
        imports.append(time.perf_counter() - start)
        if round_ == rounds - 1:
            start = time.perf_counter()
            again = import_prealert_bytes(sessions, text, warehouse="CMN1")
            resend = time.perf_counter() - start
            assert again.updated == parcels, again.summary()
        engine.dispose()
        print(
            f"  round {round_ + 1}: import {imports[-1]:.2f} s, bare {bares[-1]:.2f} s "
            f"({imports[-1] / bares[-1]:.1f}x)"
        )
    median, bare = statistics.median(imports), statistics.median(bares)
    print(
        f"pre-alert import: {result.parcels:,} parcels, {lines:,} item lines, {rounds} rounds: "
        f"median {median:.2f} s ({result.parcels / median:,.0f} parcels/s), worst "
        f"{max(imports):.2f} s; bare executemany of the same rows into the same tables, "
        f"interleaved: median {bare:.2f} s, worst {max(bares):.2f} s ({median / bare:.1f}x "
        f"median); re-sent (every parcel updated) {resend:.2f} s"
    )


def load_prealerted(sessions: object, count: int) -> None:
    """``count`` parcels of one MAWB, 100 to a bag, loaded with bare executemany (untimed)."""
    departure = datetime(2026, 12, 1, 14, 10, tzinfo=UTC)
    with sessions() as session:  # type: ignore[operator]
        session.add(
            HubMawbRow(warehouse="CMN1", mawb=MAWB, departure_at=departure, imported_at=departure)
        )
        session.execute(
            table_of(HubBagRow).insert(),
            [
                {"warehouse": "CMN1", "bag": f"BAG{b:06d}", "mawb": MAWB, "expected": True}
                for b in range((count + PER_BAG - 1) // PER_BAG)
            ],
        )
        batch = []
        for n in range(count):
            batch.append(
                {
                    "warehouse": "CMN1",
                    "tracking": make_s10("LP", n, "CN"),
                    "mawb": MAWB,
                    "bag": f"BAG{n // PER_BAG:06d}",
                    "weight_kg": Decimal("0.450"),
                    "consignee_name": "Camille Martin",
                    "consignee_address": "12 rue de la Roquette",
                    "consignee_postcode": "75011",
                    "consignee_city": "Paris",
                    "consignee_country": "FR",
                    "declared_value": Decimal("18.90"),
                    "currency": "EUR",
                    "service": "STANDARD",
                    "carrier": "COLISSIMO",
                    "promise_at": departure + timedelta(hours=72),
                }
            )
            if len(batch) == 20_000:
                session.execute(table_of(HubParcelRow).insert(), batch)
                batch = []
        if batch:
            session.execute(table_of(HubParcelRow).insert(), batch)
        session.commit()  # the demo's LASTMILE plan sends them to LM-COLISSIMO


def bench_sort(folder: Path, prealerted: int, sorts: int) -> None:
    engine = create_station_engine(str(folder / "sort.db"))
    upgrade(engine)
    sessions = session_factory(engine)
    build_demo(sessions)
    start = time.perf_counter()
    load_prealerted(sessions, prealerted)
    print(f"loaded {prealerted:,} pre-alerted parcels in {time.perf_counter() - start:.1f} s")
    with engine.begin() as connection:  # a carrier's bag holds LAST_MILE_BAG parcels
        connection.exec_driver_sql(
            f"UPDATE locations SET capacity_units = {LAST_MILE_BAG} WHERE code = 'LM-COLISSIMO'"
        )
    session = StationSession(sessions, warehouse="CMN1", station="CMN1-B01")
    assert session.login("1003", "1357").ok
    assert session.set_mode("deconsolidation").ok
    bare = BareCommit(folder / "bare-commit.db")
    database = folder / "sort.db"
    sort_times: list[float] = []
    bare_times: list[float] = []
    pages: list[int] = []  # written by each of the first sorts
    trees: dict[str, int] = {}
    as_many: BareCommit | None = None  # bare commits of as many pages, once those are known
    same_pages: list[float] = []
    first = prealerted // 2 // PER_BAG * PER_BAG  # bags from the middle of the table
    for n in range(first, first + sorts):
        if n % PER_BAG == 0 or n == first:
            if n != first:
                assert session.handle(Input.scan("CMD:DONE")).ok
            feedback = session.handle(Input.scan(f"BAG{n // PER_BAG:06d}"))
            assert feedback.ok, feedback.message
        t0 = time.perf_counter_ns()
        shown = session.handle(Input.scan(make_s10("LP", n, "CN")))
        done = session.handle(Input.scan("LOC:LM-COLISSIMO"))
        sort_times.append((time.perf_counter_ns() - t0) / 1e6)
        if not (shown.ok and done.ok and shown.destination == "LM-COLISSIMO"):
            raise SystemExit(f"sort refused: {shown.message} / {done.message}")
        if len(pages) < PAGE_SAMPLES:
            numbers = last_commit_page_numbers(database)
            pages.append(len(numbers))
            if len(pages) == PAGE_SAMPLES:  # once: dbstat reads every page of the file
                trees = pages_by_tree(database, numbers)
        elif as_many is None:
            as_many = BareCommit(folder / "bare-pages.db", tables=round(statistics.median(pages)))
        bare_times.append(bare.commit())
        if as_many is not None:
            same_pages.append(as_many.commit())
    bare.close()
    with engine.connect() as connection:
        closed = connection.exec_driver_sql(
            "SELECT count(DISTINCT last_mile_bag) FROM hub_parcels WHERE last_mile_bag <> ''"
        ).scalar()
    engine.dispose()
    sorted_median = statistics.median(sort_times)
    bare_median = statistics.median(bare_times)
    sorted_p99 = sorted(sort_times)[int(len(sort_times) * 0.99) - 1]
    bare_p99 = sorted(bare_times)[int(len(bare_times) * 0.99) - 1]
    sorts_per_s = len(sort_times) / (sum(sort_times) / 1000)
    bare_per_s = len(bare_times) / (sum(bare_times) / 1000)
    print(
        f"deconsolidation at {prealerted:,} pre-alerted parcels: {len(sort_times)} sorts, "
        f"median {sorted_median:.2f} ms, p99 {sorted_p99:.2f} ms per parcel (scan + confirming "
        f"scan, committed) = {1000 / sorted_median:,.0f} parcels/s; total "
        f"{sum(sort_times) / 1000:.1f} s = {sorts_per_s:,.0f} parcels/s; {closed} last-mile "
        f"bags closed at their capacity ({LAST_MILE_BAG} parcels), each with its label queued"
    )
    print(
        f"bare single-row commit, same disk, interleaved: median {bare_median:.2f} ms, "
        f"p99 {bare_p99:.2f} ms = {1000 / bare_median:,.0f} commits/s; total {bare_per_s:,.0f}/s"
    )
    print(
        f"ratio to bare: median {sorted_median / bare_median:.2f}x, p99 "
        f"{sorted_p99 / bare_p99:.2f}x; sorts per second {sorts_per_s / bare_per_s:.0%} of bare "
        "commits (target >= 90 %)"
    )
    if as_many is not None and same_pages:
        as_many.close()
        written = statistics.mean(pages)
        reference = statistics.median(same_pages)
        print(
            f"pages a sort's commit writes: {written:.1f} (WAL frames, first {len(pages)} sorts);"
            f" bare commit of {len(as_many.tables)} pages, interleaved: median {reference:.2f} "
            f"ms -> sort {sorted_median / reference:.2f}x it, sorts per second "
            f"{sorts_per_s / (len(same_pages) / (sum(same_pages) / 1000)):.0%} of its commits/s"
        )
        print("pages by b-tree: " + ", ".join(f"{tree} {n}" for tree, n in trees.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--prealerted", type=int, default=1_000_000)
    parser.add_argument("--sorts", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=3, help="import rounds (median, worst)")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-sort", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as folder:
        if not args.skip_import:
            bench_import(Path(folder), args.parcels, args.rounds)
        if not args.skip_sort:
            bench_sort(Path(folder), args.prealerted, args.sorts)


if __name__ == "__main__":
    main()
