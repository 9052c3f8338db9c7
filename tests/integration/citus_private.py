"""A private Citus cluster for one test module: the tests that restart nodes, add workers and
move shards must not disturb the session's shared cluster (citus_fixtures.py) nor be slowed by
the dozens of central databases the other modules leave on it.

It is started by the same ``cluster.sh`` as the shared one, with a ``CITUS_DIR`` of its own under
``/tmp`` and free ports above the shared cluster's, then each node gets the settings the
background rebalancer needs (:data:`SETTINGS`, restart-only ones included) and is restarted.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from tests.integration import citus_fixtures
from tests.integration.citus_fixtures import CitusCentralFactory, CitusCluster, scripts_dir
from tests.integration.citus_fixtures import free_ports as _free_ports
from tests.integration.pg_fixtures import (
    WAREHOUSE,
    Central,
    CentralFactory,
    Station,
    checkpoint,
    rename_warehouse,
)
from wms.core.domain.errors import SyncError
from wms.core.services.demo import OPENING_STATION
from wms.core.sync import security
from wms.core.sync.master import publish

# well above the shared cluster's ports (57630 up)
PRIVATE_FIRST_PORT = 57800

#: what ``citus_rebalance_start`` needs on each node, beyond what cluster.sh writes: the
#: background job's monitor and its task executors are background workers of their own, next to
#: one maintenance daemon per Citus database and the logical replication workers of a move
SETTINGS = {
    "max_worker_processes": "32",
    "max_logical_replication_workers": "8",
    "max_replication_slots": "16",
    "max_wal_senders": "16",
    "citus.max_background_task_executors": "4",
}


def _pg_bin(tool: str) -> str:
    version = sorted(os.listdir("/usr/lib/postgresql"), key=int)[-1]
    return f"/usr/lib/postgresql/{version}/bin/{tool}"


def pg_ctl_restart(cluster: CitusCluster, node: str) -> None:
    """``pg_ctl restart -m fast`` of one node's data directory, as the OS user running the
    cluster (as cluster.sh runs it); returns when the node accepts connections again."""
    command = [
        _pg_bin("pg_ctl"),
        *("-D", str(cluster.directory / node)),
        *("-l", str(cluster.directory / f"{node}.log")),
        *("-m", "fast", "-w", "restart"),
    ]
    if os.getuid() == 0:
        command = ["runuser", "-u", "wmscitus", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def node_names(cluster: CitusCluster) -> list[str]:
    """``coordinator``, ``worker1`` ... as in the cluster's ports file."""
    lines = (cluster.directory / "ports").read_text().split()
    return [line.split(":")[0] for line in lines if line]


def configure(cluster: CitusCluster, node: str, settings: dict[str, str] = SETTINGS) -> None:
    with (cluster.directory / node / "postgresql.conf").open("a") as conf:
        for name, value in settings.items():
            conf.write(f"{name} = {value}\n")


@contextmanager
def private_cluster(workers: int = 2, spare: int = 1) -> Iterator[CitusCluster]:
    """A started cluster of ``workers`` workers with room (free ports) for ``spare`` more,
    destroyed afterwards."""
    scripts = scripts_dir()
    assert scripts is not None
    directory = Path("/tmp") / f"wms-citus-private-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    port = _free_ports(workers + 1 + spare, start=PRIVATE_FIRST_PORT)
    cluster = CitusCluster(scripts, directory, port, workers)
    try:
        cluster.run("start", "--workers", str(workers), "--port", str(port))
        for node in node_names(cluster):
            configure(cluster, node)
            pg_ctl_restart(cluster, node)
        yield cluster
    finally:
        try:
            cluster.run("destroy")
        finally:
            shutil.rmtree(directory, ignore_errors=True)


def skip_without_citus() -> None:
    if citus_fixtures.SKIPPED:
        pytest.skip(citus_fixtures.SKIPPED[0])
    scripts = scripts_dir()
    if os.environ.get("WMS_TEST_CITUS", "1") == "0":
        reason: str | None = "turned off by WMS_TEST_CITUS=0"
    elif scripts is None:
        reason = "Citus scripts not found (expected shared/citus/cluster.sh or $WMS_CITUS_SCRIPTS)"
    else:
        reason = citus_fixtures._citus_installed(scripts)
    if reason is not None:
        citus_fixtures.SKIPPED.append(reason)
        pytest.skip(reason)


def start_spare_worker(cluster: CitusCluster) -> tuple[str, int]:
    """One more worker started (not registered), with :data:`SETTINGS`; its name and port."""
    port = cluster.start_extra_worker()
    name = f"worker{port - cluster.port}"
    configure(cluster, name)
    pg_ctl_restart(cluster, name)
    return name, port


@pytest.fixture(scope="module")
def private_citus(request: pytest.FixtureRequest) -> Iterator[CitusCluster]:
    """A private cluster for the module; the test is skipped (and the summary says why) as the
    shared cluster's tests are when Citus is not available."""
    skip_without_citus()
    with private_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="module")
def private_factory(
    private_citus: CitusCluster,
    central_factory: CentralFactory,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[CitusCentralFactory]:
    """Central databases on the module's private cluster (``central_factory`` is the plain
    PostgreSQL one, for its demo template)."""
    factory = CitusCentralFactory(
        tmp_path_factory.mktemp("citus-private"), central_factory.demo_template, private_citus
    )
    yield factory
    factory.drop_all()


def admin_conn(url: str) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True)


def shard_of(url: str, warehouse: str) -> int:
    """The ledger shard holding ``warehouse`` (its shard group's first shard)."""
    with admin_conn(url) as conn:
        row = conn.execute(
            "SELECT get_shard_id_for_distribution_column('movements', %s::text)", (warehouse,)
        ).fetchone()
    assert row is not None
    return int(row[0])


def create_warehouse(factory: CitusCentralFactory, url: str, code: str) -> Central:
    """Warehouse ``code`` in central ``url`` as ``factory.create`` makes one (the demo site
    renamed, its master data published, opening stock pushed), under a code of our choosing."""
    creds = security.add_warehouse(url, code, f"Test warehouse {code}")
    template = factory.workdir / f"{code}-setup.db"
    checkpoint(factory.demo_template)
    shutil.copyfile(factory.demo_template, template)
    if code != WAREHOUSE:
        rename_warehouse(template, code)
    station = Station(template, OPENING_STATION, code)
    publish(url, station.sessions, code)
    station.sync(creds.url)
    station.close()
    checkpoint(template)
    return Central(url.rsplit("/", 1)[1], url, creds.url, template, code)


def one_warehouse_per_shard(factory: CitusCentralFactory, url: str, shards: int) -> list[Central]:
    """A warehouse on every shard group of central ``url`` (``shards`` of them): whichever
    shards move, warehouses move with them."""
    codes: dict[int, str] = {}
    number = 0
    while len(codes) < shards:
        number += 1
        codes.setdefault(shard_of(url, f"W{number:03d}"), f"W{number:03d}")
    return [create_warehouse(factory, url, code) for _shard, code in sorted(codes.items())]


@dataclass
class Load:
    """Stations that keep working and syncing in threads (one per station) until stopped.

    Every sync is timed; after each one the station must hold every movement central's feed
    numbered up to where the station's feed now stands (no gap), and its feed position never
    goes back. A sync that fails (a shard moving, a node restarting) is recorded and retried by
    the next round, as a station does."""

    stations: list[Station]
    urls: list[str]  # each station's warehouse login URL
    admin_url: str
    batch_size: int = 5
    syncs: list[tuple[float, float]] = field(default_factory=list)  # (ended at, seconds)
    failures: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    rounds: list[int] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        self.rounds = [0] * len(self.stations)
        for index in range(len(self.stations)):
            thread = threading.Thread(target=self._work, args=(index,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _work(self, index: int) -> None:
        rng = random.Random(index)
        station, url = self.stations[index], self.urls[index]
        feed = 0
        while not self._stop.is_set():
            station.random_work(rng, 4, per_commit=2)
            began = time.perf_counter()
            try:
                report = station.sync(url, batch_size=self.batch_size)
            except SyncError as error:
                self.failures.append(str(error))
            else:
                ended = time.perf_counter()
                self.syncs.append((ended, ended - began))
                if report.pulled.feed_seq < feed:
                    self.gaps.append(
                        f"{station.station}: feed back from {feed} to {report.pulled.feed_seq}"
                    )
                feed = report.pulled.feed_seq
                missing = set(fed_up_to(self.admin_url, station.warehouse, feed)) - station.ids()
                if missing:
                    self.gaps.append(f"{station.station}: {len(missing)} missing up to {feed}")
            self.rounds[index] += 1

    def wait_rounds(self, more: int = 1, timeout: float = 120.0) -> None:
        """Until every station has done ``more`` sync rounds from now."""
        target = [n + more for n in self.rounds]
        deadline = time.monotonic() + timeout
        while any(n < t for n, t in zip(self.rounds, target, strict=True)):
            assert time.monotonic() < deadline, "the stations stopped syncing"
            assert all(t.is_alive() for t in self._threads)
            time.sleep(0.05)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=120)

    def latencies(self, start: float, end: float) -> list[float]:
        return sorted(s for at, s in self.syncs if start <= at - s and at <= end)


def fed_up_to(url: str, warehouse: str, feed_seq: int) -> list[str]:
    """Ids of central's movements of ``warehouse`` numbered 1 .. ``feed_seq`` in its feed."""
    with admin_conn(url) as conn:
        rows = conn.execute(
            "SELECT id::text FROM movements WHERE warehouse_id = %s AND feed_seq <= %s",
            (warehouse, feed_seq),
        ).fetchall()
    return [row[0] for row in rows]


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
