"""Scan to durable commit to feedback, beside a bare SQLite commit timed interleaved with it, as
the ledger grows.

Builds the demo site in a temporary SQLite file (WAL, synchronous=FULL, through
create_station_engine) plus 1,000 storage locations in a far aisle, and one copy of it per ledger
size (default 0, 10k, 100k and 1M movements: bulk-loaded onto those locations over many lots, the
stock projection rebuilt from them, so the stock table grows with the ledger; each file closed,
its WAL checkpointed, before anything is timed). Then it times, on each size's file in turn, one
round after the other (so every size is measured in the same minutes and after the same history
of rounds: a putaway proposal at 1M faces the same warehouse as at 0, not one filled by the
rounds of the smaller sizes measured before it), ``StationSession.handle`` for

* receiving scans (blind receipt, one product scan = one RECEIVE movement committed),
* putaway scans: the product scan that directs a location (a proposal: a read) and the
  check-digit entry that confirms it (one PUTAWAY movement committed),
* a move's to-location scan (one MOVE movement committed),

each followed by a bare commit (``BEGIN IMMEDIATE; INSERT one row; COMMIT``, default pragmas)
on a file of its own in the same directory, so the reference shares the disk's state of the
moment (interleaved, not a separate phase). Prints statements per step (traced by the sqlite3
driver, the ledger's raw statements included), the pages each committing step writes (its
frames in the WAL file) beside a bare commit of as many pages (one row into each of that many
tables, also interleaved), median and p99 of each step and its ratios to the bare commits
(target: committing steps <= 2x at median and p99; proposals flat as the ledger grows), and
the CPU time each step spends before its commit (``time.process_time`` from the input to the
engine's ``commit`` event; for a read, to its feedback): the figure to compare two trees by on
a shared machine, where the disk's and the other processes' noise swamps wall time. A quick
look at the proposal at 0 and 1M: ``--sizes 0,1000000 --scans 300``.

    .venv/bin/python benchmarks/bench_scans.py [--scans 1000] [--sizes 0,10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from physical import BareCommit, last_commit_page_numbers, last_commit_pages, pages_by_tree
from sqlalchemy import event

import wms.core.persistence.schema  # noqa: F401
from wms.config import StationConfig
from wms.core.domain.check_digits import location_check_digits
from wms.core.persistence.base import Base
from wms.core.persistence.engine import create_station_engine, session_factory, traced_statements
from wms.core.persistence.migrate import upgrade
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.demo import build_demo, demo_products, each_gtin
from wms.core.services.workflows import Input, StationSession
from wms.station import StationDatabase, build_station

PRODUCTS = (each_gtin(92), each_gtin(93), each_gtin(52), each_gtin(51))  # untracked products
TAJINE = each_gtin(51)
FAR_LOCATIONS = 1_000


def operator_pace() -> Callable[[], datetime]:
    """A session clock on which a second passes at each reading: an operator presenting one
    item after another, so a repeated scan counts (within 0.3 s it would be a double read)."""
    readings = itertools.count(1)
    start = datetime.now(UTC)
    return lambda: start + timedelta(seconds=next(readings))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class CpuBeforeCommit:
    """The process's CPU time from the start of an input to SQLAlchemy's commit of it (the
    engine's ``commit`` event, sent just before the driver's COMMIT), or to its feedback when it
    commits nothing: what the scan's own Python and statements cost, whatever the disk does and
    much less sensitive than wall time to the other processes of a shared machine."""

    def __init__(self) -> None:
        self.start = 0.0
        self.at: float | None = None
        self.last = 0.0  # ms, of the last timed input

    def __call__(self, _connection: object) -> None:
        if self.at is None:
            self.at = time.process_time()


CPU = CpuBeforeCommit()


def timed(session: StationSession, item: Input) -> float:
    CPU.at = None
    CPU.start = time.process_time()
    start = time.perf_counter_ns()
    feedback = session.handle(item)
    elapsed = (time.perf_counter_ns() - start) / 1e6
    CPU.last = ((CPU.at if CPU.at is not None else time.process_time()) - CPU.start) * 1e3
    if not feedback.ok:
        raise SystemExit(f"benchmark input {item.describe()} refused: {feedback.message}")
    return elapsed


def add_far_locations(path: Path) -> list[str]:
    """1,000 storage locations beyond the demo's walk, in the zone of the demo's storage."""
    connection = sqlite3.connect(path, isolation_level=None)
    zone, walk = connection.execute(
        "SELECT zone, MAX(walk_sequence) FROM locations WHERE type = 'storage'"
    ).fetchone()
    codes = [f"Z-{n // 100:02d}-{n % 100:02d}-1" for n in range(FAR_LOCATIONS)]
    connection.executemany(
        "INSERT INTO locations (warehouse, code, type, zone, aisle, rack, level, bin, "
        "capacity_units, capacity_kg, walk_sequence, active) "
        "VALUES ('CMN1', ?, 'storage', ?, 'Z', ?, 1, 1, NULL, NULL, ?, 1)",
        [(code, zone, n, walk + 10_000 + n) for n, code in enumerate(codes)],
    )
    connection.close()
    return codes


_MOVEMENT_COLUMNS = (
    "id, warehouse, station, station_seq, operator, kind, sku, quantity, from_location, "
    "to_location, lot, expiry, from_handling_unit, to_handling_unit, from_status, to_status, "
    "reference, transfer_id, created_at, raw_scan, owner"
)
_INSERT_MOVEMENT = f"INSERT INTO movements ({_MOVEMENT_COLUMNS}) VALUES ({','.join('?' * 21)})"


def load_movements(path: Path, locations: list[str], count: int, first_seq: int) -> float:
    """``count`` RECEIVE and MOVE movements onto ``locations``, over a lot per 20 movements (so
    the stock projection grows with the ledger); returns seconds."""
    rng = random.Random(first_seq)
    skus = [p.sku for p in demo_products()]
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous = OFF")
    start = time.perf_counter()
    connection.execute("BEGIN")
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    batch = []
    for seq in range(first_seq, first_seq + count):
        to = rng.choice(locations)
        lot = f"BULK{seq // 20:07d}"
        batch.append(
            (str(uuid.uuid4()), "CMN1", "LOAD-S01", seq, "1001", "receive", rng.choice(skus),
             rng.randint(1, 5), "", to, lot, None, "", "", "available", "available", "", "",
             now, "", "HUB")
        )  # fmt: skip
        if len(batch) == 50_000:
            connection.executemany(_INSERT_MOVEMENT, batch)
            batch.clear()
    if batch:
        connection.executemany(_INSERT_MOVEMENT, batch)
    connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - start


def report(
    name: str,
    times: list[float],
    bare: list[float],
    statements: float | None,
    cpu: list[float],
    same_pages: tuple[float, list[float]] | None = None,
) -> None:
    """One step's line; ``same_pages``: the pages it writes a commit and the bare commits of as
    many pages, timed interleaved with it."""
    median, p99 = statistics.median(times), percentile(times, 0.99)
    ratio_median = median / statistics.median(bare)
    ratio_p99 = p99 / percentile(bare, 0.99)
    shown = f"{statements:5.1f}" if statements is not None else "    -"
    line = (
        f"  {name:<26} stmts {shown}  median {median:7.3f} ms  p99 {p99:7.3f} ms"
        f"  x bare: median {ratio_median:4.2f}  p99 {ratio_p99:4.2f}"
        f"  cpu before commit: median {statistics.median(cpu):6.3f} ms"
        f"  p99 {percentile(cpu, 0.99):6.3f} ms"
    )
    if same_pages is not None:
        pages, reference = same_pages
        line += (
            f"  pages {pages:4.1f}, x bare of as many pages: median "
            f"{median / statistics.median(reference):4.2f}  p99 "
            f"{p99 / percentile(reference, 0.99):4.2f}"
        )
    print(line)


class Steps:
    def __init__(self, path: Path, engine, sessions) -> None:  # type: ignore[no-untyped-def]
        def station(name: str) -> StationSession:
            config = StationConfig(station=name, warehouse="CMN1")
            return build_station(StationDatabase(config, engine, sessions)).new_session(
                clock=operator_pace()
            )

        self.receiving = station("BENCH-R")
        self.receiving.login("1001", "1234")
        self.receiving.set_mode("receiving")
        self.receiving.handle(Input.scan("CMD:BLIND"))
        self.putaway = station("BENCH-P")
        self.putaway.login("1002", "2468")
        self.putaway.set_mode("putaway")
        self.move = station("BENCH-M")
        self.move.login("1003", "1357")
        self.move.set_mode("move")
        self.n = 0

    def one_round(
        self, record: Callable[[str, float], None], before: Callable[[], None] = lambda: None
    ) -> None:
        """A receipt, its putaway (direct + confirm) and a move; ``before`` runs before each
        measured input, ``record`` after it (the caller follows it with a bare commit)."""
        self.n += 1
        product = PRODUCTS[self.n % len(PRODUCTS)]
        before()
        record("receiving scan (commit)", timed(self.receiving, Input.scan(product)))
        before()
        record("putaway direct (read)", timed(self.putaway, Input.scan(product)))
        destination = self.putaway.workflow.state.destination  # type: ignore[union-attr]
        check = location_check_digits("CMN1", destination)
        before()
        record("putaway confirm (commit)", timed(self.putaway, Input.key(check)))
        origin, target = ("C-01-01-1", "C-01-02-1") if self.n % 2 else ("C-01-02-1", "C-01-01-1")
        self.move.handle(Input.key(origin))
        self.move.handle(Input.scan(TAJINE))
        before()
        record("move to location (commit)", timed(self.move, Input.scan(f"LOC:{target}")))


def prepare_databases(directory: Path, sizes: list[int]) -> list[Path]:
    """One database file per ledger size, each the demo site plus the far locations plus that
    many bulk movements (the stock projection rebuilt from them and ``PRAGMA optimize`` after
    each load), closed, so its WAL is checkpointed before anything is timed. The smaller file is
    copied and topped up for the next size: the same movements as one file grown in steps."""
    base = directory / "bench-0.db"
    engine = create_station_engine(str(base))
    upgrade(engine)
    Base.metadata.create_all(engine)
    build_demo(session_factory(engine))
    engine.dispose()
    far = add_far_locations(base)
    paths: list[Path] = []
    loaded, previous = 0, base
    for size in sizes:
        path = directory / f"bench-{size}.db"
        if path != previous:
            shutil.copyfile(previous, path)
        if size > loaded:
            seconds = load_movements(path, far, size - loaded, 1 + loaded)
            loaded = size
            engine = create_station_engine(str(path))
            sessions = session_factory(engine)
            with UnitOfWork(sessions) as uow:
                rows = uow.ledger.recompute_stock()
                uow.commit()
            with UnitOfWork(sessions) as uow:
                uow.session.connection().exec_driver_sql("PRAGMA optimize")
                uow.commit()
            engine.dispose()  # the last connection checkpoints the rebuild's WAL
            print(
                f"loaded {path.name}: {size:,} movements in {seconds:.1f} s ({rows:,} stock rows)"
            )
        paths.append(path)
        previous = path
    return paths


class Size:
    """One ledger size: its database, its stations and what was measured on it."""

    def __init__(self, size: int, path: Path) -> None:
        self.size = size
        self.path = path
        self.engine = create_station_engine(str(path))
        event.listen(self.engine, "commit", CPU)  # the moment each scan is about to commit
        self.steps = Steps(path, self.engine, session_factory(self.engine))
        self.statements: dict[str, list[int]] = {}
        self.times: dict[str, list[float]] = {}
        self.cpus: dict[str, list[float]] = {}
        self.bares: list[float] = []
        self.pages: dict[str, list[int]] = {}  # written by each committing step, counted
        self.as_many: BareCommit | None = None  # bare commits of as many pages
        self.same_pages: dict[str, list[float]] = {}
        self.trees: dict[str, dict[str, int]] = {}  # a committing step's pages by b-tree

    def count_statements(self, rounds: int) -> None:
        """The statements of each step, and the pages each committing step writes; then the
        bare reference of as many pages."""
        last: dict[str, list[int]] = {}  # each step's pages in its last counted commit
        with traced_statements(self.engine) as sent:

            def count(name: str, _ms: float) -> None:
                self.statements.setdefault(name, []).append(len(sent))
                if "(commit)" in name:
                    numbers = last_commit_page_numbers(self.path)
                    self.pages.setdefault(name, []).append(len(numbers))
                    last[name] = numbers

            for _ in range(rounds):
                self.steps.one_round(count, before=sent.clear)
        # once per step (dbstat reads every page of the file), from the last round's commit
        self.trees = {name: pages_by_tree(self.path, n) for name, n in last.items()}
        written = round(statistics.median(n for counts in self.pages.values() for n in counts))
        self.as_many = BareCommit(self.path.with_name(f"bare-{written}-pages.db"), tables=written)

    def measured_round(self, bare: BareCommit) -> None:
        def record(name: str, elapsed: float) -> None:
            self.times.setdefault(name, []).append(elapsed)
            self.cpus.setdefault(name, []).append(CPU.last)
            self.bares.append(bare.commit())
            if "(commit)" in name and self.as_many is not None:
                self.same_pages.setdefault(name, []).append(self.as_many.commit())

        self.steps.one_round(record)

    def report(self) -> None:
        print(f"\n{self.size:,} bulk movements")
        bares = self.bares
        median, p99 = statistics.median(bares), percentile(bares, 0.99)
        print(
            f"  {'bare single-row commit':<26} stmts   1.0  median {median:7.3f} ms"
            f"  p99 {p99:7.3f} ms  (n={len(bares)}, interleaved)"
        )
        references = [t for samples in self.same_pages.values() for t in samples]
        if self.as_many is not None and references:
            written = len(self.as_many.tables)
            print(
                f"  {f'bare commit of {written} pages':<26} stmts {written:5.1f}  median "
                f"{statistics.median(references):7.3f} ms  p99 "
                f"{percentile(references, 0.99):7.3f} ms  (one row into each of {written} "
                f"tables: {last_commit_pages(self.as_many.path)} pages a commit, interleaved "
                "with the committing steps)"
            )
        for name, samples in self.times.items():
            counted = self.statements.get(name)
            average = sum(counted) / len(counted) if counted else None
            written_by = (
                (statistics.mean(self.pages[name]), self.same_pages[name])
                if name in self.same_pages
                else None
            )
            report(name, samples, bares, average, self.cpus[name], written_by)
            if name in self.trees:
                trees = ", ".join(f"{tree} {n}" for tree, n in self.trees[name].items())
                print(f"      pages by b-tree: {trees}")
        commits = [t for name, s in self.times.items() if "commit" in name for t in s]
        commit_cpus = [t for name, s in self.cpus.items() if "commit" in name for t in s]
        all_pages = [n for counts in self.pages.values() for n in counts]
        report(
            "all committing steps",
            commits,
            bares,
            None,
            commit_cpus,
            (statistics.mean(all_pages), references) if references else None,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=1000, help="rounds measured per size")
    parser.add_argument("--sizes", default="0,10000,100000,1000000", help="ledger sizes")
    parser.add_argument("--dir", help="directory for the database files (default: a temp dir)")
    args = parser.parse_args()
    sizes = sorted({int(size) for size in args.sizes.split(",")})
    directory = Path(args.dir or tempfile.mkdtemp(prefix="wms-bench-"))
    for stale in directory.glob("bench*.db*"):
        stale.unlink()
    paths = prepare_databases(directory, sizes)
    bare = BareCommit(directory / "bare.db")
    print(f"databases: {directory}/bench-SIZE.db (WAL, synchronous=FULL); bare reference: bare.db")
    measured = [Size(size, path) for size, path in zip(sizes, paths, strict=True)]
    for each in measured:
        for _ in range(20):  # warm the caches
            each.steps.one_round(lambda _name, _ms: None)
        each.count_statements(20)
    for _ in range(args.scans):  # the sizes in turn: the same minutes, the same history
        for each in measured:
            each.measured_round(bare)
    for each in measured:
        each.report()
        each.engine.dispose()


if __name__ == "__main__":
    main()
