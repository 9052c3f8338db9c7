"""SQL statements per accepted scan, per workflow step, how many repeat a query, and each
step's time beside a bare commit.

Builds the demo site in a temporary SQLite file, then feeds station sessions the scans of a
receipt against the demo ASN (onto a new pallet), a blind loose receipt, a directed putaway
(product scan, then the check digits), a move (from location, product, to location), a cycle
count (product scans at a location with an open count task), the picking of a wave of the
demo's five export orders and ``--orders`` more (each list opened with ``NEXT``: location,
items, tote) and their packing at one bench (the order, each item verified, the weight that
closes the parcel). The sqlite3 driver's trace
(``traced_statements``) counts the statements each input sends to the database, the ledger's
raw ones included; a read sent twice with the same parameters in one input is a *repeat* (the
data-access rule says there should be none; a write may repeat by design: a parcel of two
stock rows posts two movements, each taking the station's next sequence number). BEGIN and
COMMIT are not counted.

Prints, per step: inputs measured, statements per input (mean, min, max), repeats per input,
whether the step writes, and its time from the input to the answer (a committing step's
durable commit included), median and p99, with the ratio to a bare single-row SQLite commit
(WAL, ``synchronous=FULL``, on the same disk) timed right after each input. The sessions are
built by the station factory (``wms.station``), as the app's and replay's are:

    .venv/bin/python benchmarks/bench_scan_statements.py [--scans 20] [--orders 40] [--verbose]

Before the data-access rule (measured with an earlier version of this script on the tree of
2026-12-01): an accepted receiving scan against an ASN ran 6 statements (the same received
quantities aggregate three times), its CMD:DONE 3, a count scan 2, a move's product scan 2.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from physical import BareCommit, percentile
from sqlalchemy import select

import wms.core.persistence.schema  # noqa: F401
from wms.config import StationConfig
from wms.core.domain.check_digits import location_check_digits
from wms.core.persistence.base import Base
from wms.core.persistence.engine import (
    create_station_engine,
    session_factory,
    traced_statements,
)
from wms.core.persistence.migrate import upgrade
from wms.core.persistence.tables import ProductGtinRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.demo import ASN_NUMBER, build_demo, each_gtin
from wms.core.services.imports import import_bytes
from wms.core.services.ledger import Actor
from wms.core.services.outbound.cartons import cartons, require_carton
from wms.core.services.outbound.packing import expected_weight
from wms.core.services.outbound.waves import release_wave
from wms.core.services.workflows import Input, StationSession
from wms.core.services.workflows.adjustments import create_count_tasks
from wms.core.services.workflows.packing import PackingState
from wms.core.services.workflows.picking import PickingState
from wms.core.services.workflows.putaway import PutawayState
from wms.station import StationDatabase, build_station

BOTTLE, TEAPOT, TAJINE, BLANKET = each_gtin(92), each_gtin(93), each_gtin(51), each_gtin(61)
DEMO_ORDERS = [f"ORD-100{n}" for n in range(1, 6)]  # the demo's export orders
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@dataclass
class Statements:
    """Statements sent while ``recording`` is on (one input at a time), as the sqlite3 driver
    ran them (``traced_statements``: the ledger's raw statements count like the ORM's); SQLite's
    trace inlines the parameters, so a repeat is the same expanded text twice."""

    traced: list[str]
    recording: bool = False

    @property
    def sent(self) -> list[tuple[str, str]]:
        return [(text, "") for text in self.traced]


@dataclass
class Step:
    name: str
    counts: list[int] = field(default_factory=list)
    repeats: list[int] = field(default_factory=list)
    writes: list[int] = field(default_factory=list)
    texts: Counter[str] = field(default_factory=Counter)
    ms: list[float] = field(default_factory=list)  # input -> answer
    bare_ms: list[float] = field(default_factory=list)  # the bare commit right after it

    def row(self) -> str:
        n = len(self.counts)
        mean, repeats = sum(self.counts) / n, sum(self.repeats) / n
        kind = "writes" if any(self.writes) else "reads "
        median, p99 = statistics.median(self.ms), percentile(self.ms, 0.99)
        bare, bare_p99 = statistics.median(self.bare_ms), percentile(self.bare_ms, 0.99)
        return (
            f"{self.name:<40} n={n:>3}  statements {mean:5.1f} "
            f"(min {min(self.counts)}, max {max(self.counts)})  repeats {repeats:4.1f}  "
            f"{kind}  median {median:6.3f} ms  p99 {p99:6.3f} ms  "
            f"x bare {median / bare:4.1f} / {p99 / bare_p99:4.1f}"
        )


class Bench:
    def __init__(self, statements: Statements, verbose: bool, bare: BareCommit) -> None:
        self.statements = statements
        self.verbose = verbose
        self.bare = bare  # a bare commit is timed right after each measured input
        self.steps: dict[str, Step] = {}

    @contextmanager
    def recording(self) -> Iterator[None]:
        self.statements.traced.clear()
        self.statements.recording = True
        try:
            yield
        finally:
            self.statements.recording = False

    def feed(self, session: StationSession, item: Input, step: str | None = None) -> None:
        """Send one input (it must be accepted); count its statements under ``step``."""
        with self.recording():
            started = time.perf_counter_ns()
            feedback = session.handle(item)
            elapsed = (time.perf_counter_ns() - started) / 1e6
        if not feedback.ok:
            raise SystemExit(f"{step or 'setup'}: {item.describe()} refused: {feedback.message}")
        if step is None:
            return
        sent = list(self.statements.sent)
        record = self.steps.setdefault(step, Step(step))
        record.counts.append(len(sent))
        reads = [entry for entry in sent if entry[0].lstrip().upper().startswith("SELECT")]
        record.repeats.append(len(reads) - len(set(reads)))
        record.writes.append(sum(text.lstrip().upper().startswith(WRITES) for text, _ in sent))
        record.ms.append(elapsed)
        record.bare_ms.append(self.bare.commit())
        record.texts.update(" ".join(text.split())[:110] for text, _ in sent)
        self.statements.traced.clear()

    def report(self) -> None:
        for record in self.steps.values():
            print(record.row())
            if self.verbose:
                for text, count in record.texts.most_common():
                    print(f"    {count / len(record.counts):4.1f} x {text}")


def operator_pace() -> Callable[[], datetime]:
    """A session clock on which a second passes at each reading: an operator presenting one
    item after another, so a repeated scan counts (within 0.3 s it would be a double read)."""
    readings = itertools.count(1)
    start = datetime.now(UTC)
    return lambda: start + timedelta(seconds=next(readings))


def logged_in(
    database: StationDatabase, station: str, mode: str, badge: str, pin: str
) -> StationSession:
    bench = StationDatabase(
        StationConfig(station=station, warehouse="CMN1"), database.engine, database.sessions
    )
    session = build_station(bench).new_session(clock=operator_pace())
    for feedback in (session.login(badge, pin), session.set_mode(mode)):
        if not feedback.ok:
            raise SystemExit(f"{station}: {feedback.message}")
    return session


def destination_of(session: StationSession) -> str:
    assert session.workflow is not None
    state = session.workflow.state
    assert isinstance(state, PutawayState)
    return state.destination


def bench_orders_csv(orders: list[str]) -> str:
    """``orders`` of an argan oil and a saffron each (stock the demo holds)."""
    head = "order,ship_to_name,ship_to_postcode,ship_to_city,ship_to_country,line,sku,quantity"
    rows = [
        f"{order},Bench customer {n},75011,Paris,FR,{line},{sku},1"
        for n, order in enumerate(orders)
        for line, sku in ((1, "ARG-OIL-100"), (2, "SAF-1G"))
    ]
    return "\n".join([head, *rows]) + "\n"


def pick_and_pack(database: StationDatabase, bench: Bench, extra_orders: int) -> None:
    """A wave of the demo's export orders and ``extra_orders`` more picked list by list
    (``NEXT``), then each order packed at one bench: opened, its items verified, weighed (its
    expected weight) and closed."""
    extra = [f"BENCH-{n:03d}" for n in range(extra_orders)]
    if extra:
        import_bytes(database.sessions, "orders", bench_orders_csv(extra), warehouse="CMN1")
    orders = DEMO_ORDERS + extra
    with UnitOfWork(database.sessions, read_only=True) as uow:
        gtins = {
            sku: gtin
            for sku, gtin in uow.session.execute(
                select(ProductGtinRow.sku, ProductGtinRow.gtin).where(
                    ProductGtinRow.level == "each"
                )
            )
        }
    with UnitOfWork(database.sessions) as uow:
        release_wave(
            uow,
            Actor("CMN1", "BENCH-W", "2001"),
            today=datetime.now(UTC).date(),
            orders=orders,
        )
        uow.commit()
    picker = logged_in(database, "BENCH-K", "picking", "1003", "1357")
    for tote in range(1, len(orders) + 1):
        bench.feed(picker, Input.key("NEXT"), "picking: open the next list (NEXT)")
        while True:
            state = picker.workflow.state if picker.workflow else None
            assert isinstance(state, PickingState)
            if state.task is None:
                break
            stop = state.stop
            bench.feed(picker, Input.scan(f"LOC:{stop.location}"), "picking: location")
            for _ in range(stop.remaining):
                bench.feed(picker, Input.scan(gtins[stop.sku]), "picking: item (counted)")
            bench.feed(picker, Input.scan(f"TOTE:T{tote}"), "picking: tote (posts the pick)")
    packer = logged_in(database, "BENCH-PK", "packing", "1003", "1357")
    for order in orders:
        bench.feed(packer, Input.scan(f"ORD:{order}"), "packing: order (opens its parcel)")
        state = packer.workflow.state if packer.workflow else None
        assert isinstance(state, PackingState)
        for item, quantity in state.expected.items():
            for _ in range(quantity):
                bench.feed(packer, Input.scan(gtins[item.sku]), "packing: item verified")
        state = packer.workflow.state if packer.workflow else None
        assert isinstance(state, PackingState)
        with UnitOfWork(database.sessions, read_only=True) as uow:  # what the scale would read
            carton = require_carton(cartons(uow, "CMN1"), state.carton)
            kg = expected_weight(uow, state.quantities(), carton)
        bench.feed(packer, Input.weight(str(kg)), "packing: weighed (closes the parcel)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=20, help="inputs measured per step")
    parser.add_argument(
        "--orders", type=int, default=40, help="orders picked and packed besides the demo's five"
    )
    parser.add_argument("--verbose", action="store_true", help="list the statements of each step")
    parser.add_argument("--dir", help="directory for the database file (default: a temp dir)")
    args = parser.parse_args()
    directory = Path(args.dir or tempfile.mkdtemp(prefix="wms-bench-"))
    path = directory / "statements.db"
    path.unlink(missing_ok=True)
    engine = create_station_engine(str(path))
    upgrade(engine)
    Base.metadata.create_all(engine)
    sessions = session_factory(engine)
    database = StationDatabase(StationConfig(warehouse="CMN1"), engine, sessions)
    build_demo(sessions)
    with UnitOfWork(sessions) as uow:
        create_count_tasks(
            uow, "CMN1", ["C-02-01-1"], created_by="2001", at=datetime.now(UTC), reason="bench"
        )
        uow.commit()
    tracing = traced_statements(engine)
    statements = Statements(tracing.__enter__())
    bench = Bench(statements, args.verbose, BareCommit(directory / "bare.db"))
    scans = args.scans

    receiving = logged_in(database, "BENCH-R", "receiving", "1001", "1234")
    bench.feed(receiving, Input.scan(f"ASN:{ASN_NUMBER}"), "receiving ASN: open the ASN")
    bench.feed(receiving, Input.scan("CMD:NEWHU"))
    bench.feed(receiving, Input.scan(BOTTLE))  # warm the master-data cache
    for _ in range(scans):
        bench.feed(receiving, Input.scan(BOTTLE), "receiving ASN: product onto the pallet")
    bench.feed(receiving, Input.scan("CMD:DONE"), "receiving ASN: CMD:DONE")

    putaway = logged_in(database, "BENCH-P", "putaway", "1002", "2468")
    bench.feed(receiving, Input.scan("CMD:BLIND"))
    for _ in range(scans):  # one loose teapot received, then put away
        bench.feed(receiving, Input.scan(TEAPOT), "receiving blind: loose product")
        bench.feed(putaway, Input.scan(TEAPOT), "putaway: product (directs a location)")
        check = location_check_digits("CMN1", destination_of(putaway))
        bench.feed(putaway, Input.key(check), "putaway: check digits (confirms)")

    move = logged_in(database, "BENCH-M", "move", "1003", "1357")
    for n in range(scans):
        origin, target = ("C-01-01-1", "C-01-02-1") if n % 2 == 0 else ("C-01-02-1", "C-01-01-1")
        bench.feed(move, Input.key(origin), "move: from location (keyed)")
        bench.feed(move, Input.scan(TAJINE), "move: product")
        bench.feed(move, Input.scan(f"LOC:{target}"), "move: to location (posts)")

    count = logged_in(database, "BENCH-C", "count", "1001", "1234")
    bench.feed(count, Input.scan("LOC:C-02-01-1"), "count: location")
    bench.feed(count, Input.scan(BLANKET))
    for _ in range(scans):
        bench.feed(count, Input.scan(BLANKET), "count: product")

    pick_and_pack(database, bench, args.orders)

    print(
        f"statements per accepted input ({scans} inputs per step, warm caches; the outbound "
        f"steps as many as {5 + args.orders} orders hold), and each input's time to its answer "
        "(the statement trace on) beside a bare single-row commit timed right after it "
        "(x bare: median / p99)"
    )
    bench.report()
    tracing.__exit__(None, None, None)
    bench.bare.close()
    engine.dispose()


if __name__ == "__main__":
    main()
