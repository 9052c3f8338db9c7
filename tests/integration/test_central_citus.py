# ruff: noqa: F401, F811 - pytest fixtures are imported and used as arguments
"""Central on a real Citus cluster: distributed by warehouse, one warehouse's push on one
worker without two-phase commit, and the workers' shards as closed as the coordinator."""

from __future__ import annotations

import random
import threading
import time
import uuid

import psycopg
import pytest

from tests.conftest import run_wms
from tests.integration.citus_fixtures import (
    CitusCentralFactory,
    CitusCluster,
    citus_cluster,
)
from tests.integration.pg_fixtures import (
    Central,
    admin,
    assert_consistent,
    central_factory,  # the plain PostgreSQL one (its demo template)
)
from tests.integration.pg_fixtures import CentralFactory as PostgresFactory
from wms.core.domain.errors import SyncError
from wms.core.domain.model import MovementDraft, MovementKind
from wms.core.sync import citus, security
from wms.core.sync.central_migrate import libpq_url

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def cluster_factory(
    citus_cluster: CitusCluster, central_factory: PostgresFactory, tmp_path_factory
):  # type: ignore[no-untyped-def]
    factory = CitusCentralFactory(
        tmp_path_factory.mktemp("citus"), central_factory.demo_template, citus_cluster
    )
    yield factory
    factory.drop_all()


@pytest.fixture(scope="module")
def two_warehouses(cluster_factory: CitusCentralFactory) -> tuple[Central, Central]:
    """Two warehouses whose shards live on different workers."""
    first = cluster_factory.create()
    while True:
        other = cluster_factory.create(url=first.url)
        if _worker_of(first.url, other.warehouse) != _worker_of(first.url, first.warehouse):
            return first, other


def _worker_of(url: str, warehouse: str) -> int:
    with admin(url) as conn:
        row = conn.execute(
            "SELECT nodeport FROM citus_shards WHERE table_name = 'movements'::regclass "
            "AND shardid = get_shard_id_for_distribution_column('movements', %s::text)",
            (warehouse,),
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_central_init_on_a_coordinator_distributes_the_schema(
    cluster_factory: CitusCentralFactory,
) -> None:
    name = f"wms_test_{uuid.uuid4().hex[:10]}"
    cluster_factory.names.append(name)
    url = f"{cluster_factory.server}/{name}"
    done = run_wms("central", "init", "--distributed", "--url", url)
    assert done.returncode == 0, done.stderr
    assert "engine: Citus, distributed by warehouse over 2 worker(s)" in done.stdout
    with admin(url) as conn:
        kinds = dict(
            conn.execute(
                "SELECT logicalrelid::text, partmethod FROM pg_dist_partition "
                "WHERE logicalrelid::text NOT LIKE 'movements\\_%'"
            ).fetchall()
        )
        colocations = conn.execute(
            "SELECT count(DISTINCT colocationid) FROM pg_dist_partition WHERE partmethod = 'h'"
        ).fetchone()[0]
        delegated = {
            name
            for (name,) in conn.execute(
                "SELECT p.proname FROM pg_dist_object d JOIN pg_proc p ON p.oid = d.objid "
                "WHERE d.classid = 'pg_proc'::regclass AND d.distribution_argument_index = 0"
            )
        }
    assert {t: kinds[t] for t in citus.REFERENCE_TABLES} == dict.fromkeys(
        citus.REFERENCE_TABLES, "n"
    )
    assert {t: kinds[t] for t in citus.DISTRIBUTED_TABLES} == dict.fromkeys(
        citus.DISTRIBUTED_TABLES, "h"
    )
    assert colocations == 1  # every warehouse table colocated with the ledger
    assert delegated == set(citus.DELEGATED_FUNCTIONS)


def test_plain_postgresql_refuses_distributed(central_factory: PostgresFactory) -> None:
    url = f"{central_factory.server}/wms_test_{uuid.uuid4().hex[:10]}"
    done = run_wms("central", "init", "--distributed", "--url", url)
    assert done.returncode == 2 and "expects a Citus coordinator" in done.stderr


def _prepared(url: str) -> set[tuple[int, str]]:
    """The two-phase commits the coordinator recorded (and has not cleaned up yet)."""
    with admin(url) as conn:
        return set(conn.execute("SELECT groupid, gid FROM pg_dist_transaction").fetchall())


def test_the_functions_of_one_warehouse_run_on_its_worker_without_two_phase_commit(
    two_warehouses: tuple[Central, Central],
) -> None:
    mine, _other = two_warehouses
    worker = _worker_of(mine.url, mine.warehouse)
    before = _prepared(mine.url)
    with psycopg.connect(libpq_url(mine.warehouse_url), autocommit=True) as conn:
        calls = [
            ("SELECT wms_push(%s, %s, 0, '[]'::jsonb)", (mine.warehouse, "CMN1-F01")),
            ("SELECT * FROM wms_sync_status(%s, %s)", (mine.warehouse, "CMN1-F01")),
            ("SELECT wms_station_pulled(%s, %s, 0)", (mine.warehouse, "CMN1-F01")),
        ]
        for call, args in calls:
            plan = "\n".join(r for (r,) in conn.execute("EXPLAIN " + call, args))
            # delegated: one task, on the worker that holds the warehouse
            assert "Task Count: 1" in plan and f"port={worker} " in plan, plan
            conn.execute(call, args)
    assert _prepared(mine.url) <= before


def test_a_push_of_one_warehouse_commits_on_one_worker_without_two_phase_commit(
    two_warehouses: tuple[Central, Central], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    mine, _other = two_warehouses
    station = mine.station(tmp_path / "s1.db", "CMN1-S01")
    station.post(
        MovementDraft(kind=MovementKind.RECEIVE, sku="SAF-1G", quantity=3, to_location="DOCK-01")
    )
    before = _prepared(mine.url)
    report = station.sync(mine.warehouse_url)
    station.close()
    assert report.pushed.inserted == 1
    assert _prepared(mine.url) <= before


def test_a_station_role_on_a_worker_sees_nothing_of_another_warehouse(
    two_warehouses: tuple[Central, Central], citus_cluster: CitusCluster
) -> None:
    mine, other = two_warehouses
    creds = security.add_station(mine.url, "CMN1-W01", mine.warehouse)
    database = mine.url.rsplit("/", 1)[1]
    for number in range(1, citus_cluster.workers + 1):
        worker = creds.url.replace(
            f":{citus_cluster.port}/", f":{citus_cluster.worker_port(number)}/"
        )
        assert database in worker
        with psycopg.connect(libpq_url(worker), autocommit=True) as conn:
            # through the distributed tables (metadata is on every worker) ...
            seen = {w for (w,) in conn.execute("SELECT DISTINCT warehouse_id FROM movements")}
            assert seen == {mine.warehouse}
            # ... and on the shards themselves
            shards = [
                name
                for (name,) in conn.execute(
                    "SELECT relname FROM pg_class WHERE relname ~ '^(movements|stock)_[0-9]+$'"
                )
            ]
            for shard in shards:
                try:
                    rows = conn.execute(f"SELECT DISTINCT warehouse_id FROM {shard}").fetchall()
                except psycopg.errors.InsufficientPrivilege:
                    continue
                assert {w for (w,) in rows} <= {mine.warehouse}, shard
            assert other.warehouse not in {
                w for (w,) in conn.execute("SELECT warehouse_id FROM stock")
            }


def test_a_worker_added_and_shards_moved_while_stations_sync(
    cluster_factory: CitusCentralFactory, citus_cluster: CitusCluster, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    # 4 shards per table: a rebalance moves a few of them, not dozens
    central = cluster_factory.create(url=cluster_factory.database(shard_count=4))
    stations = [central.station(tmp_path / f"g{i}.db", f"CMN1-G{i:02d}") for i in range(2)]
    stop = threading.Event()
    cut: list[SyncError] = []
    cycles = [0, 0]

    def work(index: int) -> None:
        rng = random.Random(index)
        while not stop.is_set():
            stations[index].random_work(rng, 6, per_commit=3)
            try:
                stations[index].sync(central.warehouse_url, batch_size=5)
            except SyncError as error:  # a shard move may cut a sync; the next one resumes
                cut.append(error)
            cycles[index] += 1

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(2)]
    for thread in threads:
        thread.start()
    try:
        port = citus_cluster.start_extra_worker()
        done = run_wms("central", "add-node", "127.0.0.1", str(port), "--url", central.url)
        assert done.returncode == 0, done.stderr
        assert f"worker 127.0.0.1:{port} added" in done.stdout
        assert int(done.stdout.rsplit("holds ", 1)[1].split()[0]) > 0
        # the warehouse's own shards move too, under the stations' feet
        if _worker_of(central.url, central.warehouse) != port:
            with admin(central.url) as conn:
                conn.execute(
                    "SELECT citus_move_shard_placement(s.shardid, s.nodename, s.nodeport, "
                    "'127.0.0.1', %s) FROM citus_shards s "
                    "WHERE s.table_name = 'movements'::regclass "
                    "AND s.shardid = get_shard_id_for_distribution_column('movements', %s::text)",
                    (port, central.warehouse),
                )
        assert _worker_of(central.url, central.warehouse) == port
        before = list(cycles)
        deadline = time.monotonic() + 120
        while any(c <= b for c, b in zip(cycles, before, strict=True)):  # syncs after the move
            assert time.monotonic() < deadline and all(t.is_alive() for t in threads)
            time.sleep(0.1)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    for _round in range(2):  # everybody pushes, then everybody has pulled everything
        for station in stations:
            station.sync(central.warehouse_url)
    assert_consistent(central.url, stations, central.warehouse)
    for station in stations:
        station.close()
