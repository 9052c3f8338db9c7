"""Network simulation: W warehouses x S stations, each station pushing its movements every 30 s
and pulling its feed, against plain PostgreSQL and a Citus cluster; prints figures (no
pass/fail).

    .venv/bin/python benchmarks/bench_network.py [--engine postgres|citus|both]
        [--warehouses 100] [--stations 5] [--interval 30] [--duration 600]
        [--compression 10] [--movements-per-push 10] [--connections 16] [--warm-seconds 20]

The defaults offer what 1,000 warehouses x 5 stations offer in real time (167 pushes/s) with a
tenth of the stations ten times faster; ``--warehouses 1000 --compression 1`` is the network
itself (its set-up, 6,000 login roles, takes several minutes, on Citus more).

Stations are simulated (no station database): each keeps its next ``station_seq`` and its feed
high-water mark in memory. Everything it says to central is real, over real psycopg
connections, with the station's own code (:mod:`wms.core.sync`): a sync cycle connects with the
station's own login role (made by :func:`wms.core.sync.security.register_station`, the function
behind ``wms central add-station``), negotiates the protocol, pushes its batch with
:func:`~wms.core.sync.protocol.push_batch` (the batch encoding of :mod:`wms.core.sync.batch`,
one ``wms_push`` call), records itself (``wms_station_seen``), and pulls like
:func:`wms.core.sync.pull.pull` (``wms_transfer_flush``, the feed pages of
:func:`~wms.core.sync.pull.read_page`, ``wms_station_pulled``) - then disconnects, as
``wms sync`` does every cycle. What is left out: the station's SQLite side (reading the outbox,
applying pages) and the cycle's identity, healing and SSCC-range calls.

Time compression ``C``: the simulated clock runs ``C`` times faster than the wall clock, so a
station's 30 s interval is ``30 / C`` real seconds. A network of W x S stations at ``C`` offers
``W * S * C / 30`` pushes per real second: 200 x 5 at C = 5 offers what 1,000 x 5 offers in real
time (167/s). ``--connections`` bounds the concurrency: that many worker threads, each holding
at most one connection at a time (the stations wait their turn, late cycles are counted).

Alongside the network, interleaved in the same seconds, a reference thread times the physical
floor on connections it holds: a warm ``wms_push`` of a batch of the same size (a station role
on a held connection), a raw ``COPY`` of the same rows into a copy of the ledger table (on Citus
distributed and colocated like the ledger), a bare one-row commit, and a bare connect +
``SELECT 1`` as a station role.

Server CPU: each cycle reads its own backend's CPU time (``/proc/<pid>/stat``) before it
disconnects; on Citus each node's whole CPU (its postmaster's reaped children plus live ones) is
read before and after, the cluster being the benchmark's own. Client CPU is this process's.

Each engine gets a throwaway central database (PostgreSQL: ``wms_netsim_<random>`` on
``--server``, dropped with its roles at the end; Citus: a cluster started with the project's
cluster script in ``/tmp/wms-netsim-citus-*`` and destroyed at the end).
"""

from __future__ import annotations

import argparse
import heapq
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.citus_fixtures import free_ports, scripts_dir  # noqa: E402
from wms.core.domain.ids import new_id  # noqa: E402
from wms.core.sync import central_migrate, security  # noqa: E402
from wms.core.sync.central_api import station_pulled, station_seen  # noqa: E402
from wms.core.sync.central_migrate import connect, libpq_url  # noqa: E402
from wms.core.sync.central_schema import MOVEMENT_COLUMNS  # noqa: E402
from wms.core.sync.limits import retry_on_lock_timeout  # noqa: E402
from wms.core.sync.protocol import Protocol, negotiate, push_batch  # noqa: E402
from wms.core.sync.pull import DEFAULT_PAGE, LEDGER_COLUMNS, flush_transfers, read_page  # noqa: E402

SKUS = ("CER-TAJ-28", "CER-BWL-15", "TXT-BLK-01", "TXT-CAF-01", "LTH-BAG-01", "LTH-BAB-42")
LOCATIONS = tuple(f"{a}-{r:02d}-01-1" for a in "ABCD" for r in range(1, 7))
TICK = os.sysconf("SC_CLK_TCK")
_ROW_STATION = LEDGER_COLUMNS.index("station")
_ROW_SEQ = LEDGER_COLUMNS.index("station_seq")
_ID = MOVEMENT_COLUMNS.index("id")
DAY = 86_400
REFERENCE_PAUSE = 0.2  # s between two rounds of the physical reference


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def proc_cpu(pid: int, *, children: bool = False) -> float:
    """CPU seconds of a process (with ``children``: plus its reaped children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / TICK


def node_cpu(postmaster: int) -> float:
    """A PostgreSQL instance's CPU seconds: the postmaster, its exited backends, live ones."""
    total = proc_cpu(postmaster, children=True)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:
            total += (int(fields[11]) + int(fields[12])) / TICK
    return total


def movement(warehouse: str, station: str, seq: int, rng: random.Random) -> tuple[object, ...]:
    """A receipt at a dock (odd seq) or its putaway (even seq): stock never goes negative."""
    sku, quantity = SKUS[seq // 2 % len(SKUS)], 1 + seq // 2 % 24
    dock = f"DOCK-0{1 + seq // 2 % 4}"
    receive = seq % 2 == 1
    values: dict[str, object] = {
        "id": new_id(), "warehouse_id": warehouse, "station_id": station,
        "station_seq": seq, "operator": "1001", "kind": "receive" if receive else "putaway",
        "sku": sku, "quantity": quantity, "from_location": "" if receive else dock,
        "to_location": dock if receive else rng.choice(LOCATIONS), "lot": "", "expiry": None,
        "from_handling_unit": "", "to_handling_unit": "", "from_status": "available",
        "to_status": "available", "reference": "", "transfer_id": "",
        "created_at": datetime.now(UTC).isoformat(),
        "raw_scan": f"]E0{rng.randint(10**12, 10**13)}", "owner": "HUB",
    }  # fmt: skip
    return tuple(values[c] for c in MOVEMENT_COLUMNS)


@dataclass
class SimStation:
    warehouse: str
    station: str
    url: str
    seq: int = 0
    feed_seq: int = 0


@dataclass
class Figures:
    """What the run measured (real seconds unless said otherwise)."""

    cycles: int = 0
    pushes: int = 0
    movements: int = 0
    errors: list[str] = field(default_factory=list)
    connect: list[float] = field(default_factory=list)
    push: list[float] = field(default_factory=list)
    pull: list[float] = field(default_factory=list)
    flush: list[float] = field(default_factory=list)  # wms_transfer_flush, part of the pull
    cycle: list[float] = field(default_factory=list)
    late: list[float] = field(default_factory=list)
    lag: list[float] = field(default_factory=list)
    backend_cpu: list[float] = field(default_factory=list)
    ref_push: list[float] = field(default_factory=list)
    ref_push_cpu: list[float] = field(default_factory=list)
    ref_copy: list[float] = field(default_factory=list)
    ref_commit: list[float] = field(default_factory=list)
    ref_connect: list[float] = field(default_factory=list)
    peak_connections: int = 0
    missed: int = 0  # cycles due before the end that never started (the network fell behind)
    warm_cycles: int = 0
    warm_push: list[float] = field(default_factory=list)
    warm_cycle: list[float] = field(default_factory=list)
    warm_wall: float = 0.0
    warm_backend_cpu: float = 0.0
    warm_node_cpu: dict[str, float] = field(default_factory=dict)
    logins: int = 0
    wall: float = 0.0
    client_cpu: float = 0.0
    node_cpu: dict[str, float] = field(default_factory=dict)
    ledger_rows: int = 0
    ledger_bytes: int = 0
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)
    setup_seconds: float = 0.0


class Network:
    """The simulated stations of one central database and the scheduler that runs them."""

    def __init__(self, args: argparse.Namespace, admin_url: str, distributed: bool) -> None:
        self.args = args
        self.admin_url = admin_url
        self.distributed = distributed
        self.stations: list[SimStation] = []
        self.figures = Figures()
        self.lock = threading.Lock()
        self.pushed_at: dict[str, dict[tuple[str, int], float]] = {}
        self.open_now = 0

    # set-up ---------------------------------------------------------------------------------
    def register(self) -> None:
        """Every warehouse and station with its own login role, through the functions behind
        ``wms central add-warehouse`` / ``add-station``, committed 50 registrations at a time;
        plus the reference warehouse REF0 and its station, and the reference tables."""
        started = time.perf_counter()
        codes = [f"W{w:04d}" for w in range(self.args.warehouses)]
        with connect(self.admin_url) as conn:
            for done, code in enumerate([*codes, "REF0"], start=1):
                security.register_warehouse(conn, self.admin_url, code)
                count = 1 if code == "REF0" else self.args.stations
                for s in range(1, count + 1):
                    creds = security.register_station(conn, self.admin_url, f"{code}-S{s}", code)
                    if code != "REF0":
                        self.stations.append(SimStation(code, f"{code}-S{s}", creds.url))
                    else:
                        self.ref_url = creds.url
                if done % 50 == 0:
                    conn.commit()
                    print(f"  registered {done} warehouses", flush=True)
            conn.commit()
            conn.execute(
                "CREATE TABLE netsim_copy (LIKE movements INCLUDING DEFAULTS INCLUDING INDEXES)"
            )
            conn.execute("CREATE TABLE netsim_commit (id bigserial PRIMARY KEY, at timestamptz)")
            if self.distributed:
                conn.execute(
                    "SELECT create_distributed_table('netsim_copy', 'warehouse_id', "
                    "colocate_with => 'movements')"
                )
            conn.commit()
        self.pushed_at = {code: {} for code in codes}
        self.figures.setup_seconds = time.perf_counter() - started

    # one station's sync cycle ----------------------------------------------------------------
    def cycle(self, station: SimStation, rng: random.Random) -> None:
        """One sync cycle on a fresh login, as ``wms sync`` makes one every interval."""
        figures = self.figures
        started = time.perf_counter()
        conn = connect(station.url, application_name="wms-netsim")
        with self.lock:
            self.open_now += 1
            figures.logins += 1
            figures.peak_connections = max(figures.peak_connections, self.open_now)
        try:
            protocol = negotiate(conn)
            connected = time.perf_counter()
            inserted, committed, pulled_from, done = self.sync_on(conn, protocol, station, rng)
            cpu = proc_cpu(conn.info.backend_pid)
        finally:
            conn.close()
            with self.lock:
                self.open_now -= 1
        with self.lock:
            figures.cycles += 1
            figures.pushes += 1
            figures.movements += inserted
            figures.connect.append(connected - started)
            figures.push.append(committed - connected)
            figures.pull.append(done - pulled_from)
            figures.cycle.append(done - started)
            figures.backend_cpu.append(cpu)

    def sync_on(
        self, conn: psycopg.Connection, protocol: Protocol, station: SimStation, rng: random.Random
    ) -> tuple[int, float, float, float]:
        """Push the station's next batch, record it, pull: (inserted, and the moments the push
        committed, the pull started and ended)."""
        count = self.args.movements_per_push
        rows = [
            movement(station.warehouse, station.station, station.seq + i, rng)
            for i in range(1, count + 1)
        ]
        result = retry_on_lock_timeout(
            lambda: push_batch(
                conn, protocol, station.warehouse, station.station, rows,
                feed_seq_seen=station.feed_seq,
            ),
            f"push of {station.station}",
        )  # fmt: skip
        committed = time.perf_counter()
        if result.acked.get(station.station) != station.seq + count:
            raise RuntimeError(f"{station.station}: acknowledged {result.acked}")
        station.seq += count
        with self.lock:
            self.pushed_at[station.warehouse][(station.station, station.seq)] = committed
        with conn.transaction():
            station_seen(
                conn, station.warehouse, station.station, protocol.version, datetime.now(UTC), 0
            )
        pulled_from = time.perf_counter()
        self.pull(conn, protocol, station)
        return result.inserted, committed, pulled_from, time.perf_counter()

    def saturate(self, postmasters: dict[str, int]) -> None:
        """Held connections, no login per cycle: each of ``--connections`` threads holds one
        station's connection (stations of different warehouses) and syncs it back to back for
        ``--warm-seconds``: the machine's ceiling when connections are kept warm, and the
        server's CPU per cycle without a login."""
        figures = self.figures
        chosen = [self.stations[i * self.args.stations] for i in range(self.args.connections)]
        conns = [connect(s.url, application_name="wms-netsim-warm") for s in chosen]
        protocols = [negotiate(c) for c in conns]
        for station, conn, protocol in zip(chosen, conns, protocols, strict=True):
            self.sync_on(conn, protocol, station, random.Random(1))  # the backend warmed up
        before_backend = sum(proc_cpu(c.info.backend_pid) for c in conns)
        before_nodes = {name: node_cpu(pid) for name, pid in postmasters.items()}
        end = time.perf_counter() + self.args.warm_seconds

        def worker(number: int) -> None:
            rng = random.Random(100 + number)
            while time.perf_counter() < end:
                asked = time.perf_counter()
                try:
                    _, committed, _, done = self.sync_on(
                        conns[number], protocols[number], chosen[number], rng
                    )
                except Exception as error:
                    with self.lock:
                        figures.errors.append(f"warm: {type(error).__name__}: {error}"[:300])
                    return
                with self.lock:
                    figures.warm_cycles += 1
                    figures.warm_push.append(committed - asked)
                    figures.warm_cycle.append(done - asked)

        started = time.perf_counter()
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(len(conns))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        figures.warm_wall = time.perf_counter() - started
        figures.warm_backend_cpu = sum(proc_cpu(c.info.backend_pid) for c in conns) - before_backend
        figures.warm_node_cpu = {
            name: node_cpu(pid) - before_nodes[name] for name, pid in postmasters.items()
        }
        for conn in conns:
            conn.close()

    def pull(self, conn: psycopg.Connection, protocol: Protocol, station: SimStation) -> None:
        """As :func:`wms.core.sync.pull.pull` does, without applying the pages locally."""
        flushing = time.perf_counter()
        retry_on_lock_timeout(lambda: flush_transfers(conn, station.warehouse), "flush")
        flushed = time.perf_counter() - flushing
        with self.lock:
            self.figures.flush.append(flushed)
        tops: dict[str, int] = {}
        while True:
            upto, rows, _master = read_page(
                conn, protocol, station.warehouse, station.feed_seq, DEFAULT_PAGE
            )
            if upto == station.feed_seq:
                break
            if upto - station.feed_seq != len(rows) + len(_master):
                raise RuntimeError(f"{station.station}: page with a gap")
            station.feed_seq = upto
            for row in rows:
                origin = row[_ROW_STATION]
                if origin != station.station:
                    tops[origin] = max(tops.get(origin, 0), int(row[_ROW_SEQ]))
        with conn.transaction():
            station_pulled(conn, station.warehouse, station.station, station.feed_seq)
        now = time.perf_counter()
        with self.lock:
            waiting = self.pushed_at[station.warehouse]
            for key in [k for k in waiting if k[0] in tops and k[1] <= tops[k[0]]]:
                self.figures.lag.append(now - waiting.pop(key))

    # the physical reference, interleaved ------------------------------------------------------
    def reference(self, stop: threading.Event) -> None:
        rng = random.Random(7)
        figures = self.figures
        count = self.args.movements_per_push
        ref = SimStation("REF0", "REF0-S1", self.ref_url)
        warm = connect(ref.url, application_name="wms-netsim-ref")
        admin = connect(self.admin_url, application_name="wms-netsim-ref")
        protocol = negotiate(warm)
        admin.execute("SET TimeZone = 'UTC'")
        admin.commit()
        columns = ", ".join(MOVEMENT_COLUMNS)
        pid = warm.info.backend_pid
        copied_seq = 0
        try:
            while not stop.wait(REFERENCE_PAUSE):
                rows = [movement("REF0", "REF0-S1", ref.seq + i, rng) for i in range(1, count + 1)]
                cpu = proc_cpu(pid)
                t0 = time.perf_counter()
                push_batch(warm, protocol, "REF0", "REF0-S1", rows)
                t1 = time.perf_counter()
                ref.seq += count
                figures.ref_push_cpu.append(proc_cpu(pid) - cpu)
                copied = [(*r[:_ID], new_id(), *r[_ID + 1 :]) for r in rows]
                t2 = time.perf_counter()
                with (
                    admin.cursor() as cursor,
                    cursor.copy(f"COPY netsim_copy ({columns}, feed_seq) FROM STDIN") as copy,
                ):
                    for row in copied:
                        copied_seq += 1
                        copy.write_row((*row, copied_seq))
                admin.commit()
                t3 = time.perf_counter()
                admin.execute("INSERT INTO netsim_commit (at) VALUES (now())")
                admin.commit()
                t4 = time.perf_counter()
                bare = connect(self.stations[0].url, application_name="wms-netsim-ref")
                bare.execute("SELECT 1").fetchone()
                bare.close()
                t5 = time.perf_counter()
                figures.ref_push.append(t1 - t0)
                figures.ref_copy.append(t3 - t2)
                figures.ref_commit.append(t4 - t3)
                figures.ref_connect.append(t5 - t4)
        finally:
            warm.close()
            admin.close()

    # the scheduler ----------------------------------------------------------------------------
    def run(self, postmasters: dict[str, int]) -> None:
        args = self.args
        interval = args.interval / args.compression  # real seconds between a station's pushes
        length = args.duration / args.compression
        rng = random.Random(13)
        start = time.perf_counter() + 1.0
        due: list[tuple[float, int]] = [
            (start + rng.random() * interval, index) for index in range(len(self.stations))
        ]
        heapq.heapify(due)
        end = start + length
        condition = threading.Condition()
        stop = threading.Event()

        def worker(number: int) -> None:
            local = random.Random(number)
            while True:
                with condition:
                    # no cycle starts after the end, however far behind the network is
                    if not due or due[0][0] >= end or time.perf_counter() >= end:
                        return
                    when, index = heapq.heappop(due)
                wait = when - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                late = max(0.0, time.perf_counter() - when)
                try:
                    self.cycle(self.stations[index], local)
                except Exception as error:  # a failed cycle is counted, the station goes on
                    with self.lock:
                        self.figures.errors.append(f"{type(error).__name__}: {error}"[:300])
                with self.lock:
                    self.figures.late.append(late)
                with condition:
                    heapq.heappush(due, (when + interval, index))

        before_nodes = {name: node_cpu(pid) for name, pid in postmasters.items()}
        before_client = time.process_time()
        before_rows, before_bytes = self.ledger_size()
        reference = threading.Thread(target=self.reference, args=(stop,), daemon=True)
        threads = [
            threading.Thread(target=worker, args=(n,), daemon=True) for n in range(args.connections)
        ]
        wall = time.perf_counter()
        reference.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stop.set()
        reference.join()
        self.figures.wall = time.perf_counter() - max(wall, start)
        self.figures.missed = sum(1 for when, _ in due if when < end)
        self.figures.client_cpu = time.process_time() - before_client
        self.figures.node_cpu = {
            name: node_cpu(pid) - before_nodes[name] for name, pid in postmasters.items()
        }
        after_rows, after_bytes = self.ledger_size()
        self.figures.ledger_rows = after_rows - before_rows
        self.figures.ledger_bytes = after_bytes - before_bytes
        self.figures.load = os.getloadavg()

    def ledger_size(self) -> tuple[int, int]:
        """Rows and bytes (tables, indexes, TOAST) of the ledger, without the reference's."""
        with connect(self.admin_url) as conn:
            rows = conn.execute(
                "SELECT count(*) FROM movements WHERE warehouse_id <> 'REF0'"
            ).fetchone()
            size_of = "citus_total_relation_size" if self.distributed else "pg_total_relation_size"
            # the ledger is partitioned (by warehouse on PostgreSQL, one default partition on
            # Citus): the parent holds no rows of its own
            size = conn.execute(
                sql.SQL(
                    "SELECT coalesce(sum({}(relid)), 0) FROM pg_partition_tree('movements') "
                    "WHERE isleaf AND relid::text <> 'movements_ref0'"
                ).format(sql.Identifier(size_of))
            ).fetchone()
        assert rows is not None and size is not None
        return int(rows[0]), int(size[0])


def wms_central_init(url: str, distributed: bool) -> None:
    command = [sys.executable, "-m", "wms", "central", "init", "--url", url]
    if distributed:
        command.append("--distributed")
    done = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    if done.returncode != 0:
        raise SystemExit(f"wms central init failed: {done.stderr.strip()}")
    for line in done.stdout.splitlines():
        if line.startswith("engine:"):
            print(f"  {line}")


def run_postgres(args: argparse.Namespace) -> Figures:
    name = f"wms_netsim_{uuid.uuid4().hex[:8]}"
    url = f"{args.server}/{name}"
    print(f"\n== plain PostgreSQL: {central_migrate.redact(url)}", flush=True)
    try:
        wms_central_init(url, False)
        network = Network(args, url, distributed=False)
        network.register()
        print(f"  set-up {network.figures.setup_seconds:.0f} s; running", flush=True)
        network.run({})
        network.saturate({})
        return network.figures
    finally:
        with psycopg.connect(libpq_url(f"{args.server}/postgres"), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            drop_roles(conn, name)


def drop_roles(conn: psycopg.Connection, name: str) -> None:
    pattern = name.replace("_", r"\_") + r"\_%"
    for (role,) in conn.execute(
        "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (pattern,)
    ).fetchall():
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def run_citus(args: argparse.Namespace) -> Figures:
    scripts = scripts_dir()
    if scripts is None:
        raise SystemExit("Citus scripts not found (set WMS_CITUS_SCRIPTS)")
    directory = Path("/tmp") / f"wms-netsim-citus-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    port = free_ports(args.citus_workers + 2, 58630)
    env = {**os.environ, "CITUS_DIR": str(directory)}
    cluster = ["bash", str(scripts / "cluster.sh")]
    print(f"\n== Citus: coordinator + {args.citus_workers} workers from port {port}", flush=True)
    try:
        subprocess.run(
            [*cluster, "start", "--workers", str(args.citus_workers), "--port", str(port)],
            check=True, capture_output=True, env=env, timeout=600,
        )  # fmt: skip
        url = f"postgresql://postgres@127.0.0.1:{port}/wms_netsim"
        wms_central_init(url, True)
        network = Network(args, url, distributed=True)
        network.register()
        print(f"  set-up {network.figures.setup_seconds:.0f} s; running", flush=True)
        nodes = ["coordinator", *(f"worker{n}" for n in range(1, args.citus_workers + 1))]
        postmasters = {
            node: int((directory / node / "postmaster.pid").read_text().split()[0])
            for node in nodes
        }
        network.run(postmasters)
        network.saturate(postmasters)
        return network.figures
    finally:
        subprocess.run([*cluster, "destroy"], capture_output=True, env=env, timeout=300)
        shutil.rmtree(directory, ignore_errors=True)


def ms(value: float) -> str:
    return f"{value * 1000:.1f}"


def spread(values: list[float]) -> str:
    """p50 / p95 / p99 in milliseconds."""
    p50, p95, p99 = (ms(percentile(values, q)) for q in (0.5, 0.95, 0.99))
    return f"p50 {p50:>6}  p95 {p95:>6}  p99 {p99:>6} ms"


def ratio(values: list[float], reference: list[float], q: float) -> float:
    base = percentile(reference, q)
    return percentile(values, q) / base if base else float("nan")


@dataclass
class Costs:
    """Server CPU seconds per cycle, by node (on PostgreSQL one node, ``server``)."""

    fresh: dict[str, float]  # a cycle on a fresh login (the network run)
    warm: dict[str, float]  # a cycle on a held connection (the saturation run)
    warm_rate: float  # cycles/s the machine sustained on held connections
    rate: float  # pushes/s sustained in the network run


def report(engine: str, f: Figures, args: argparse.Namespace) -> Costs:
    stations = args.warehouses * args.stations
    offered = stations * args.compression / args.interval
    rate = f.pushes / f.wall if f.wall else 0.0
    c = args.compression
    print(
        f"\n-- {engine}: {stations} stations ({args.warehouses} x {args.stations}), "
        f"{args.movements_per_push} movements a push every {args.interval:g} s simulated, "
        f"compression {c:g}: offered {offered:.0f} pushes/s real"
    )
    print(
        f"  network run: {f.wall:.0f} s real ({f.wall * c:.0f} s simulated), {f.pushes} pushes "
        f"({f.movements} movements), {len(f.errors)} failed, {f.missed} due but not started; "
        f"set-up {f.setup_seconds:.0f} s; "
        f"load average {f.load[0]:.1f}"
    )
    for error in f.errors[:3]:
        print(f"    failed: {error}")
    print(
        f"  pushes/s sustained: {rate:.1f} ({rate / offered:.0%} of offered); cycle start "
        f"late: p50 {ms(percentile(f.late, 0.5))} ms, p95 {ms(percentile(f.late, 0.95))} ms"
    )
    print(f"  connect + negotiate          {spread(f.connect)}")
    print(f"  push (wms_push + commit)     {spread(f.push)}")
    print(f"  pull (flush, pages, pulled)  {spread(f.pull)}")
    print(f"    of which wms_transfer_flush {spread(f.flush)}")
    print(f"  whole cycle                  {spread(f.cycle)}")
    print(
        f"  feed lag (push commit -> a sibling station has pulled it): p50 "
        f"{percentile(f.lag, 0.5) * c:.1f} s, p95 {percentile(f.lag, 0.95) * c:.1f} s simulated "
        f"({percentile(f.lag, 0.95):.2f} s real; {len(f.lag)} pushes seen)"
    )
    print(
        f"  connections: pool of {args.connections}, peak {f.peak_connections} open at once; "
        f"{f.logins} logins (one per cycle, as wms sync does)"
    )
    print("  physical reference, interleaved in the same seconds (held connections):")
    print(f"    warm wms_push, same batch  {spread(f.ref_push)}")
    print(f"    COPY of the same rows      {spread(f.ref_copy)}")
    print(f"    bare one-row commit        {spread(f.ref_commit)}")
    print(f"    bare connect + SELECT 1    {spread(f.ref_connect)}  ({len(f.ref_copy)} rounds)")
    print(
        f"    push / COPY: {ratio(f.push, f.ref_copy, 0.5):.1f}x p50, "
        f"{ratio(f.push, f.ref_copy, 0.99):.1f}x p99; warm push / COPY "
        f"{ratio(f.ref_push, f.ref_copy, 0.5):.1f}x p50; connect / bare connect "
        f"{ratio(f.connect, f.ref_connect, 0.5):.1f}x p50"
    )
    bytes_row = f.ledger_bytes / f.ledger_rows if f.ledger_rows else 0.0
    rows_day = stations * DAY / args.interval * args.movements_per_push
    print(
        f"  ledger: +{f.ledger_rows} rows, +{f.ledger_bytes / 2**20:.1f} MiB "
        f"(pg_total_relation_size: {bytes_row:.0f} B a row with its indexes); a simulated day "
        f"of this network: {rows_day / 1e6:.2f} M rows, {rows_day * bytes_row / 2**30:.2f} GiB"
    )
    fresh = {n: cpu / f.pushes for n, cpu in f.node_cpu.items()} if f.pushes else {}
    if not fresh and f.backend_cpu:
        fresh = {"server": statistics.mean(f.backend_cpu)}
    warm_rate = f.warm_cycles / f.warm_wall if f.warm_wall else 0.0
    warm = {n: cpu / f.warm_cycles for n, cpu in f.warm_node_cpu.items()} if f.warm_cycles else {}
    if not warm and f.warm_cycles:
        warm = {"server": f.warm_backend_cpu / f.warm_cycles}
    print(
        f"  held connections, back to back ({args.connections} stations, {f.warm_wall:.0f} s): "
        f"{warm_rate:.0f} cycles/s; push {spread(f.warm_push)}"
    )
    print("  server CPU per cycle (ms):   fresh login   held connection")
    for node in fresh:
        print(f"    {node:24} {ms(fresh[node]):>10}   {ms(warm.get(node, 0.0)):>10}")
    if f.node_cpu:
        print(
            f"    (coordinator backend alone, fresh login: {ms(statistics.mean(f.backend_cpu))} ms)"
        )
    client = f.client_cpu / f.pushes if f.pushes else 0.0
    server = sum(f.node_cpu.values()) if f.node_cpu else sum(f.backend_cpu)
    print(
        f"  cores busy in the network run: server {server / f.wall:.2f}, this client "
        f"{f.client_cpu / f.wall:.2f} ({ms(client)} ms a cycle, the reference thread included), "
        f"of {os.cpu_count()}; load average {f.load[0]:.1f} / {f.load[1]:.1f} (other work too)"
    )
    return Costs(fresh, warm, warm_rate, rate)


def capacity(results: dict[str, Costs]) -> None:
    need = 1000 * 5 / 30
    cores, busy = 8, 0.7
    print(
        f"\n== production arithmetic: 1,000 warehouses x 5 stations / 30 s = {need:.0f} "
        f"pushes/s needed; nodes of {cores} cores kept {busy:.0%} busy"
    )
    for engine, costs in results.items():
        for label, per in (("fresh login a cycle", costs.fresh), ("held connections", costs.warm)):
            if not per:
                continue
            if engine == "postgres":
                one = per["server"]
                carry = cores * busy / one
                print(
                    f"  PostgreSQL, {label}: {cores} x {busy} / {one:.4f} s = {carry:.0f} "
                    f"pushes/s on one server ({carry / need:.1f}x the need)"
                )
                continue
            coordinator = per.get("coordinator", 0.0)
            workers = sum(v for k, v in per.items() if k.startswith("worker"))
            line = (
                f"  Citus, {label}: coordinator {cores} x {busy} / {coordinator:.4f} s = "
                f"{cores * busy / coordinator:.0f} pushes/s; workers together {workers:.4f} s "
                "a push, so N workers carry"
            )
            print(line)
            for n in (2, 4, 8, 16, 32):
                carry = n * cores * busy / workers
                print(f"    N = {n:>2}: {carry:>6.0f} pushes/s ({carry / need:.1f}x the need)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("postgres", "citus", "both"), default="both")
    parser.add_argument("--server", default="postgresql://root@127.0.0.1:5432")
    parser.add_argument("--warehouses", type=int, default=100)
    parser.add_argument("--stations", type=int, default=5, help="stations per warehouse")
    parser.add_argument("--interval", type=float, default=30.0, help="simulated s between pushes")
    parser.add_argument("--duration", type=float, default=600.0, help="simulated seconds")
    parser.add_argument("--compression", type=float, default=10.0,
                        help="simulated seconds per real second")  # fmt: skip
    parser.add_argument("--movements-per-push", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16, help="pool size (threads)")
    parser.add_argument("--citus-workers", type=int, default=2)
    parser.add_argument("--warm-seconds", type=float, default=20.0,
                        help="real seconds of back-to-back cycles on held connections")  # fmt: skip
    args = parser.parse_args()
    print(f"network simulation, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    results: dict[str, Costs] = {}
    runs = ("postgres", "citus") if args.engine == "both" else (args.engine,)
    for engine in runs:
        figures = run_postgres(args) if engine == "postgres" else run_citus(args)
        results[engine] = report(engine, figures, args)
    capacity(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
