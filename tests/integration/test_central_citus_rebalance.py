# ruff: noqa: F401, F811 - pytest fixtures are imported and used as arguments
"""Growing a Citus central while it works: a worker added and the shards rebalanced by the
background rebalancer (``wms central rebalance --wait``: citus_rebalance_start, then
citus_rebalance_wait) while a station of every warehouse keeps pushing and pulling. Nothing is
lost or doubled, no station sees a gap in its feed, and shards really are on the new worker.
On a private cluster (tests/integration/citus_private.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import run_wms
from tests.integration.citus_fixtures import CitusCentralFactory, CitusCluster
from tests.integration.citus_private import (
    Load,
    admin_conn,
    one_warehouse_per_shard,
    percentile,
    private_citus,
    private_factory,
    start_spare_worker,
)
from tests.integration.pg_fixtures import assert_consistent, central_factory

pytestmark = pytest.mark.postgres

#: shards per distributed table: a warehouse on each, so every move carries a working warehouse
SHARDS = 4


def ledger_placements(url: str) -> dict[int, int]:
    """Ledger shard -> port of the worker holding it."""
    with admin_conn(url) as conn:
        rows = conn.execute(
            "SELECT shardid, nodeport FROM pg_dist_shard_placement JOIN pg_dist_shard "
            "USING (shardid) WHERE logicalrelid = 'movements'::regclass"
        ).fetchall()
    return {int(shard): int(port) for shard, port in rows}


def test_a_worker_added_and_shards_rebalanced_while_every_warehouse_syncs(
    private_factory: CitusCentralFactory, private_citus: CitusCluster, tmp_path: Path
) -> None:
    url = private_factory.database(shard_count=SHARDS)
    warehouses = one_warehouse_per_shard(private_factory, url, SHARDS)
    stations = [w.station(tmp_path / f"{w.warehouse}.db", f"{w.warehouse}-S01") for w in warehouses]
    load = Load(stations, [w.warehouse_url for w in warehouses], url)
    before = ledger_placements(url)
    load.start()
    try:
        load.wait_rounds(2)
        _name, port = start_spare_worker(private_citus)
        added = run_wms(
            "central", "add-node", "127.0.0.1", str(port), "--no-rebalance", "--url", url
        )
        assert added.returncode == 0, added.stderr
        started = time.perf_counter()
        done = run_wms("central", "rebalance", "--wait", "--url", url)
        ended = time.perf_counter()
        assert done.returncode == 0, done.stderr
        assert "finished" in done.stdout and f"127.0.0.1:{port} " in done.stdout, done.stdout
        load.wait_rounds(2)  # every station syncs again with its shards where they are now
    finally:
        load.stop()
    after = ledger_placements(url)
    moved = {shard for shard in before if after[shard] != before[shard]}
    assert moved and {after[shard] for shard in moved} == {port}
    with admin_conn(url) as conn:
        on_new = conn.execute(
            "SELECT count(*) FROM citus_shards WHERE nodeport = %s", (port,)
        ).fetchone()
    assert on_new is not None and on_new[0] >= len(moved)
    assert load.gaps == []
    for _round in range(2):  # everybody pushes, then everybody has pulled everything
        for station, warehouse in zip(stations, warehouses, strict=True):
            station.sync(warehouse.warehouse_url)
    for station, warehouse in zip(stations, warehouses, strict=True):
        assert_consistent(url, [station], warehouse.warehouse)
        station.close()
    during = load.latencies(started, ended)
    calm = load.latencies(0.0, started)
    print(
        f"\nrebalance of {len(moved)} of {SHARDS} shard groups with {len(warehouses)} "
        f"warehouses: {ended - started:.1f} s, {len(during)} syncs during it "
        f"({len(load.failures)} cut and retried); sync p99 {percentile(during, 0.99):.3f} s "
        f"during vs {percentile(calm, 0.99):.3f} s before"
    )
