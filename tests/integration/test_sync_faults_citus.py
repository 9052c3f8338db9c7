# ruff: noqa: F401, F811 - pytest fixtures are imported and used as arguments
"""The fault runs of test_sync_faults on the Citus cluster: a connection to the coordinator
cut in the middle of a push, the same batch pushed twice, and the worker that holds the
warehouse restarted while a station pushes."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest

from tests.integration.citus_fixtures import (
    CitusCentralFactory,
    CitusCluster,
    citus_cluster,
)
from tests.integration.pg_fixtures import Central, admin, central_factory, central_ids
from tests.integration.pg_fixtures import CentralFactory as PostgresFactory
from tests.integration.test_sync_faults import CutProxy, _check_station
from wms.core.domain.errors import SyncError
from wms.core.sync.central_migrate import connect
from wms.core.sync.outbox import read_batch
from wms.core.sync.protocol import negotiate, push_batch

pytestmark = pytest.mark.postgres

CUT_RUNS = 6


@pytest.fixture(scope="module")
def shared(citus_cluster: CitusCluster, central_factory: PostgresFactory, tmp_path_factory):  # type: ignore[no-untyped-def]
    factory = CitusCentralFactory(
        tmp_path_factory.mktemp("citus-faults"), central_factory.demo_template, citus_cluster
    )
    yield factory.create()
    factory.drop_all()


@pytest.mark.parametrize("seed", range(CUT_RUNS))
def test_connection_cut_in_the_middle_of_a_push_to_the_coordinator(
    shared: Central, citus_cluster: CitusCluster, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    station = shared.station(tmp_path / "s.db", f"CUT-{seed:03d}")
    station.random_work(rng, rng.randint(40, 160), per_commit=20)
    for _attempt in range(rng.randint(1, 3)):
        proxy = CutProxy(rng.randint(500, 40_000))
        try:
            station.sync(proxy.url(shared.warehouse_url), batch_size=rng.choice([5, 13, 40]))
        except SyncError as error:
            assert "central" in str(error)
        finally:
            proxy.close()
    station.sync(shared.warehouse_url)  # the network is back
    _check_station(shared, station)
    station.close()


def test_the_same_batch_pushed_twice_changes_nothing(shared: Central, tmp_path: Path) -> None:
    station = shared.station(tmp_path / "s.db", "TWICE")
    station.random_work(random.Random(7), 30)
    with station.sessions() as session:
        rows = read_batch(session, shared.warehouse, "TWICE", 0, 1000)
    with connect(shared.warehouse_url) as conn:
        protocol = negotiate(conn)
        first = push_batch(conn, protocol, shared.warehouse, "TWICE", rows)
        conn.commit()
        second = push_batch(conn, protocol, shared.warehouse, "TWICE", rows + rows[:5])
        conn.commit()
    assert (first.inserted, first.duplicates) == (30, 0)
    assert (second.inserted, second.duplicates, second.refused) == (0, 30, [])
    assert first.acked == second.acked == {"TWICE": 30}
    report = station.sync(shared.warehouse_url)
    assert (report.pushed.inserted, report.pushed.duplicates) == (0, 30)
    _check_station(shared, station)


def _worker_of(central: Central, cluster: CitusCluster) -> str:
    with admin(central.url) as conn:
        row = conn.execute(
            "SELECT nodeport FROM citus_shards WHERE table_name = 'movements'::regclass "
            "AND shardid = get_shard_id_for_distribution_column('movements', %s::text)",
            (central.warehouse,),
        ).fetchone()
    assert row is not None
    return f"worker{int(row[0]) - cluster.port}"


def test_the_warehouses_worker_restarted_during_a_push(
    shared: Central, citus_cluster: CitusCluster, tmp_path: Path
) -> None:
    name = "RESTART"
    station = shared.station(tmp_path / "s.db", name)
    total = station.random_work(random.Random(31), 1500, per_commit=100)
    outcome: list[BaseException | None] = []

    def sync() -> None:
        try:
            station.sync(shared.warehouse_url, batch_size=8)
        except BaseException as error:
            outcome.append(error)
        else:
            outcome.append(None)

    pusher = threading.Thread(target=sync, daemon=True)
    pusher.start()
    deadline = time.monotonic() + 60
    while not central_ids(shared.url, shared.warehouse, name):  # the push is under way
        assert pusher.is_alive() and time.monotonic() < deadline, outcome
        time.sleep(0.01)
    worker = _worker_of(shared, citus_cluster)
    citus_cluster.pg_ctl(worker, "stop")
    citus_cluster.pg_ctl(worker, "start")
    pusher.join(timeout=120)
    assert not pusher.is_alive(), "the sync did not notice the restart within 2 minutes"
    [error] = outcome
    # the push was cut (or, on a fast machine, had finished): nothing is left half-done
    if error is not None:
        assert isinstance(error, SyncError), error
        print(f"\nthe sync during the worker's restart: {error}")
        assert "\n" not in str(error)
        assert "cluster cannot be reached" in str(error) or "cluster failed" in str(error)
    report = station.sync(shared.warehouse_url)  # the worker is back
    assert report.waiting == 0
    assert len(central_ids(shared.url, shared.warehouse, name)) == total
    _check_station(shared, station)
    station.close()
