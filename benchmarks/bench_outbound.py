"""Outbound benchmarks: sort decisions, sort commits, wave release, pick path lengths.

    .venv/bin/python benchmarks/bench_outbound.py [--dir DIR] [--parcels 100000] [--lines 10000]
                                                  [--only-wave]

1. Sort decisions per second against a 500-rule plan on 100,000 parcels: the compiled index,
   next to scanning every rule in priority order (on a sample).
2. The parcel sort step per parcel (parcel read, decision, ``sort_parcel``: its movement, new
   place, destination counters, a bag closed at capacity) and its durable commit (SQLite file,
   WAL, synchronous=FULL), each followed by a bare single-row SQLite commit on the same disk;
   statements per sort, median and p99.
3. Wave release of 10,000 order lines (allocation + pick lists + sequencing), batch mode.
4. Pick path length of that wave, sequenced along the walk vs in order-line order.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from physical import BareCommit, last_commit_page_numbers, pages_by_tree
from sqlalchemy.orm import Session, sessionmaker

import wms.core.persistence.schema  # noqa: F401  (registers every table)
from wms.core.domain.model import MovementDraft, MovementKind, Product, StockStatus
from wms.core.persistence.base import Base
from wms.core.persistence.engine import create_station_engine, session_factory, traced_statements
from wms.core.persistence.migrate import upgrade
from wms.core.persistence.outbound_tables import ParcelRow
from wms.core.persistence.tables import HandlingUnitRow, LocationRow, OrderLineRow, OrderRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.demo import build_demo
from wms.core.services.ledger import Actor, post
from wms.core.services.outbound.printing import PrintRouting
from wms.core.services.outbound.sort_plan import SortItem, SortPlanIndex, SortRule, load_plan
from wms.core.services.outbound.sortation import decide, require_parcel, sort_parcel
from wms.core.services.outbound.waves import release_wave

ACTOR = Actor("CMN1", "CMN1-BENCH", "2001")
TODAY = date(2026, 11, 25)
COUNTRIES = ["FR", "BE", "ES", "DE", "IT", "NL", "GB", "US", "CA", "PT"]
CARRIERS = ["COLISSIMO", "DHL", "UPS", "BPOST", "CORREOS", "ROYALMAIL"]
ROUTES = ["EXPRESS", "ECO", "INTL"]
PAGE_SAMPLES = 20  # sorts whose commit is read back from the WAL for the pages it wrote


def make_plan(rng: random.Random) -> SortPlanIndex:
    """500 rules: postcode prefixes by country, carrier/route rules, order exceptions, a
    catch-all."""
    rules: list[SortRule] = []
    rule_id = 0

    def add(priority: int, destination: str, **criteria: str) -> None:
        nonlocal rule_id
        rule_id += 1
        rules.append(SortRule(rule_id, priority, destination, **criteria))

    for department in range(1, 96):  # France by department
        add(100, f"FR-{department:02d}", country="FR", postcode_prefix=f"{department:02d}")
    for region in range(10, 100):  # Germany by 2-digit zone
        add(100, f"DE-{region}", country="DE", postcode_prefix=f"{region}")
    for prefix in range(100, 200):  # Italy by 3-digit prefix
        add(110, f"IT-{prefix}", country="IT", postcode_prefix=f"{prefix - 100:02d}{prefix % 10}")
    for country in COUNTRIES:
        add(500, f"SORT-{country}", country=country)
        for carrier in CARRIERS:
            add(300, f"{country}-{carrier}", country=country, carrier=carrier)
    for route in ROUTES:
        for carrier in CARRIERS:
            add(200, f"{carrier}-{route}", carrier=carrier, route=route)
    while len(rules) < 499:
        add(1, f"HOLD-{len(rules)}", order_number=f"ORD-{rng.randrange(1_000_000):07d}")
    add(999, "SORT-XX")
    return SortPlanIndex("BENCH", rules)


def parcels(rng: random.Random, count: int, index: SortPlanIndex) -> list[SortItem]:
    holds = [r.order_number for r in index.rules if r.order_number]
    items = []
    for n in range(count):
        country = rng.choice(COUNTRIES)
        order = rng.choice(holds) if n % 500 == 0 else f"ORD-{rng.randrange(1_000_000):07d}"
        items.append(
            SortItem(
                country=country,
                postcode=f"{rng.randrange(100000):05d}",
                carrier=rng.choice(CARRIERS),
                route=rng.choice(ROUTES),
                order_number=order,
            )
        )
    return items


def bench_decisions(count: int) -> None:
    rng = random.Random(7)
    index = make_plan(rng)
    items = parcels(rng, count, index)
    started = time.perf_counter()
    for item in items:
        index.decide(item)
    elapsed = time.perf_counter() - started
    sample = items[:5000]
    started = time.perf_counter()
    for item in sample:
        index.decide_linear(item)
    linear = time.perf_counter() - started
    mismatches = sum(index.decide(i) != index.decide_linear(i) for i in sample)
    print(f"sort plan: {len(index)} rules, {count:,} parcels")
    each = elapsed * 1e6 / count
    print(f"  compiled index : {count / elapsed:12,.0f} decisions/s  ({each:.1f} µs each)")
    print(
        f"  linear scan    : {len(sample) / linear:12,.0f} decisions/s  (reference, "
        f"{len(sample):,} parcels; {mismatches} disagreements)"
    )


def demo_site(folder: Path, name: str):
    path = folder / name
    if path.exists():
        path.unlink()
    engine = create_station_engine(str(path))
    upgrade(engine)
    Base.metadata.create_all(engine)
    sessions = session_factory(engine)
    build_demo(sessions)
    return engine, sessions


def packed_parcels(sessions: sessionmaker[Session], count: int, rng: random.Random) -> list[str]:
    """``count`` packed parcels at PACK-01, one reserved unit each, to the demo's countries."""
    countries = ["FR", "BE", "ES", "US", "CA", "JP"]
    ssccs = []
    now = ACTOR.clock()
    with UnitOfWork(sessions) as uow:
        for n in range(count):
            sscc = uow.warehouses.allocate_sscc("CMN1")
            ssccs.append(sscc)
            uow.parcels.add(
                HandlingUnitRow(
                    sscc=sscc, warehouse="CMN1", kind="parcel", location="PACK-01",
                    state="closed", reference=f"BENCH-{n:06d}", created_at=now,
                )
            )  # fmt: skip
            uow.parcels.add(
                ParcelRow(
                    sscc=sscc, warehouse="CMN1", order=f"BENCH-{n:06d}", units=1,
                    weight_kg=Decimal("0.5"), expected_weight_kg=Decimal("0.5"),
                    ship_to_country=rng.choice(countries), ship_to_postcode="75011",
                    carrier="COLISSIMO", location="PACK-01", state="packed", packed_at=now,
                )
            )  # fmt: skip
            uow.parcels.flush()
            post(
                uow,
                ACTOR,
                MovementDraft(
                    kind=MovementKind.ADJUST,
                    sku="CER-BWL-15",
                    quantity=1,
                    to_location="PACK-01",
                    to_handling_unit=sscc,
                    to_status=StockStatus.RESERVED,
                    reference="BENCH",
                ),
            )
        uow.commit()
    return ssccs


def bench_sort_commits(folder: Path, count: int) -> None:
    """The sort step as a station runs it: the parcel read, the plan's decision, ``sort_parcel``
    (its sort movement, the parcel's new place, the destination's counters; a bag closed with
    its label queued when it reaches the destination's capacity) and the durable commit."""
    engine, sessions = demo_site(folder, "bench-sort.db")
    rng = random.Random(11)
    with UnitOfWork(sessions) as uow:
        index = load_plan(uow, "CMN1", None)
        warehouse = uow.warehouses.require("CMN1")
    ssccs = packed_parcels(sessions, count, rng)
    printing = PrintRouting(label_printer=f"file://{folder}/spool/")
    bare = BareCommit(folder / "bench-bare.db")
    database = folder / "bench-sort.db"
    times, references, statements = [], [], []
    pages: list[int] = []  # written by each of the first sorts that close no bag
    trees: dict[str, int] = {}
    as_many: BareCommit | None = None  # bare commits of as many pages, once those are known
    same_pages: list[float] = []
    bags = 0
    with traced_statements(engine) as sent:
        for sscc in ssccs:
            before = len(sent)
            started = time.perf_counter()
            with UnitOfWork(sessions) as uow:
                parcel = require_parcel(uow, "CMN1", sscc)
                destination = decide(index, parcel).destination
                result = sort_parcel(
                    uow, ACTOR, warehouse, parcel, destination, destination, printing=printing
                )
                uow.commit()
            times.append(time.perf_counter() - started)
            if result.closed_bag is None:
                statements.append(len(sent) - before)
                if len(pages) < PAGE_SAMPLES:
                    numbers = last_commit_page_numbers(database)
                    pages.append(len(numbers))
                    if len(pages) == PAGE_SAMPLES:  # once: dbstat reads every page of the file
                        trees = pages_by_tree(database, numbers)
                elif as_many is None:
                    tables = round(statistics.median(pages))
                    as_many = BareCommit(folder / "bench-bare-pages.db", tables=tables)
            bags += result.closed_bag is not None
            # the bare references, interleaved: the same disk state
            references.append(bare.commit() / 1000)
            if as_many is not None:
                same_pages.append(as_many.commit() / 1000)
    engine.dispose()
    bare.close()
    print(f"decision + durable commit of a parcel sort ({count:,} parcels, {bags} bags closed "
          f"at capacity, {folder}), each followed by a bare commit; "
          f"{statistics.median(statements):.0f} statements per sort:")  # fmt: skip
    rates, p50s, p99s = {}, {}, {}
    for label, values in (("sort + commit", times), ("bare SQLite commit", references)):
        values = sorted(values)
        p50s[label] = p50 = statistics.median(values) * 1000
        p99s[label] = p99 = values[int(len(values) * 0.99) - 1] * 1000
        rates[label] = rate = len(values) / sum(values)
        print(f"  {label:20s}: {rate:8,.0f}/s   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms")
    share = rates["sort + commit"] / rates["bare SQLite commit"]
    print(f"  ratio to bare: median {p50s['sort + commit'] / p50s['bare SQLite commit']:.2f}x, "
          f"p99 {p99s['sort + commit'] / p99s['bare SQLite commit']:.2f}x")  # fmt: skip
    print(f"  durable sorts per second: {share:.0%} of bare commits (target >= 90 %)")
    if as_many is not None and same_pages:
        as_many.close()
        rate = len(same_pages) / sum(same_pages)
        print(f"  pages a sort's commit writes: {statistics.mean(pages):.1f} (WAL frames, first "
              f"{len(pages)} sorts); bare commit of {len(as_many.tables)} pages: {rate:,.0f}/s, "
              f"p50 {statistics.median(same_pages) * 1000:.2f} ms -> durable sorts "
              f"{rates['sort + commit'] / rate:.0%} of its commits/s")  # fmt: skip
        print("  pages by b-tree: " + ", ".join(f"{tree} {n}" for tree, n in trees.items()))


def bench_wave(folder: Path, lines: int) -> None:
    engine, sessions = demo_site(folder, "bench-wave.db")
    rng = random.Random(5)
    skus = [f"BENCH-{n:03d}" for n in range(100)]
    with UnitOfWork(sessions) as uow:
        storage = [
            c
            for (c,) in uow.session.query(LocationRow.code).filter(
                LocationRow.type.in_(("storage", "pick_face"))
            )
        ]
        uow.products.add_all(
            Product(
                sku=sku,
                name=sku,
                tracks_lot=n % 2 == 0,
                tracks_expiry=n % 2 == 0,
                weight_kg=Decimal("0.5"),
            )
            for n, sku in enumerate(skus)
        )
        for n, sku in enumerate(skus):
            for k in range(4):
                lot, expiry = "", None
                if n % 2 == 0:
                    lot, expiry = f"L{k}", date(2027 + k % 2, 1 + k, 28)
                    uow.lots.ensure(sku, lot, expiry)
                post(
                    uow,
                    ACTOR,
                    MovementDraft(
                        kind=MovementKind.ADJUST,
                        sku=sku,
                        quantity=1000,
                        to_location=rng.choice(storage),
                        lot=lot,
                        expiry=expiry,
                        reference="BENCH",
                    ),
                )
        orders = lines // 4
        for o in range(orders):
            number = f"B-{o:05d}"
            uow.session.add(
                OrderRow(
                    number=number,
                    warehouse="CMN1",
                    ship_to_name="x",
                    ship_to_postcode="75011",
                    ship_to_city="Paris",
                    ship_to_country="FR",
                    carrier="COLISSIMO",
                    status="open",
                )
            )
            uow.session.flush()
            for line, sku in enumerate(rng.sample(skus, 4), start=1):
                uow.session.add(
                    OrderLineRow(order=number, line=line, sku=sku, quantity=rng.randint(1, 3))
                )
        uow.session.query(OrderRow).filter(OrderRow.number.like("ORD-%")).update(
            {OrderRow.status: "cancelled"}, synchronize_session=False
        )
        uow.commit()
    started, cpu = time.perf_counter(), time.process_time()
    with UnitOfWork(sessions) as uow:
        result = release_wave(uow, ACTOR, today=TODAY, mode="batch", batch_size=8)
        uow.commit()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    stops = sum(p.tasks for p in result.pick_lists)
    print(
        f"wave release: {lines:,} order lines ({len(result.released):,} orders, "
        f"{len(result.pick_lists):,} batch pick lists, {stops:,} stops) in {elapsed:.2f} s "
        f"({lines / elapsed:,.0f} lines/s, allocation + pick lists + sequencing, one commit; "
        f"{cpu:.2f} s of CPU: what a loaded machine stretches)"
    )
    saved = result.unsequenced_m - result.sequenced_m
    print(
        f"pick path: {result.unsequenced_m:,.0f} m in order-line order, "
        f"{result.sequenced_m:,.0f} m sequenced ({saved / result.unsequenced_m:.0%} shorter; "
        f"{result.unsequenced_m / len(result.pick_lists):,.0f} → "
        f"{result.sequenced_m / len(result.pick_lists):,.0f} m per list)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", help="folder for the SQLite files (default: a temp folder)")
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--commits", type=int, default=2_000)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--skip-decisions", action="store_true")
    parser.add_argument("--skip-wave", action="store_true")
    parser.add_argument("--only-wave", action="store_true", help="run only the wave release")
    args = parser.parse_args()
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="wms-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"python {os.sys.version.split()[0]}, files in {folder}")
    if args.only_wave:
        bench_wave(folder, args.lines)
        return
    if not args.skip_decisions:
        bench_decisions(args.parcels)
    bench_sort_commits(folder, args.commits)
    if not args.skip_wave:
        bench_wave(folder, args.lines)


if __name__ == "__main__":
    main()
