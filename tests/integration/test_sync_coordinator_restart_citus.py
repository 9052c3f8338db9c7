# ruff: noqa: F401, F811 - pytest fixtures are imported and used as arguments
"""The Citus coordinator restarted while a station pushes: the station's sync loop notices,
says in one sentence that central's coordinator cannot be reached, keeps retrying while it is
down, and once it is back the ledger converges: nothing lost, nothing doubled, the feed
gapless, every station equal to central. On a private cluster (tests/integration/
citus_private.py): the session's shared cluster must not lose its coordinator under the other
modules' feet."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.citus_fixtures import CitusCentralFactory, CitusCluster
from tests.integration.citus_private import private_cluster, private_factory, skip_without_citus
from tests.integration.pg_fixtures import (
    assert_consistent,
    assert_feed_gapless,
    central_factory,
    central_ids,
)
from wms.core.sync.runner import run_forever, status

pytestmark = pytest.mark.postgres

# a hang guard only: far above the seconds a restart and the retries take
GUARD_SECONDS = 120


@pytest.fixture(scope="module")
def private_citus() -> Iterator[CitusCluster]:
    """A coordinator and one worker of this module's own (the coordinator is what restarts;
    one worker is enough to hold the shards it routes to, and is faster to set up)."""
    skip_without_citus()
    with private_cluster(workers=1, spare=0) as cluster:
        yield cluster


def _wait_for(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + GUARD_SECONDS
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_the_coordinator_restarted_during_a_push(
    private_factory: CitusCentralFactory, private_citus: CitusCluster, tmp_path: Path
) -> None:
    central = private_factory.create()
    other = central.station(tmp_path / "other.db", "OTHER")
    other.random_work(random.Random(5), 40)
    other.sync(central.warehouse_url)
    station = central.station(tmp_path / "s.db", "PUSHER")
    total = station.random_work(random.Random(41), 800, per_commit=100)
    lines: list[str] = []
    stop = threading.Event()

    def cycle():  # type: ignore[no-untyped-def]
        return station.sync(central.warehouse_url, batch_size=8)

    loop = threading.Thread(
        target=run_forever,
        args=(cycle,),
        kwargs={
            "interval": 0.2,
            "max_backoff": 0.5,
            "out": lines.append,
            "should_stop": stop.is_set,
        },
        daemon=True,
    )
    loop.start()
    try:
        _wait_for(
            lambda: central_ids(central.url, central.warehouse, "PUSHER"), "the push never began"
        )
        private_citus.pg_ctl("coordinator", "stop")
        # the push was cut, and every retry while the coordinator is down fails with a sentence
        _wait_for(
            lambda: any("cannot reach central" in line for line in lines), "no retry was reported"
        )
        private_citus.pg_ctl("coordinator", "start")
        _wait_for(lambda: "sync ok" in (lines[-1] if lines else ""), "the sync never recovered")
    finally:
        stop.set()
        loop.join(GUARD_SECONDS)
    assert not loop.is_alive()
    failed = [line for line in lines if "FAILED" in line]
    print("\n" + "\n".join(failed[:3]))
    # the cut push says central is restarting (as do the retries while it shuts down or
    # starts up; a push cut between two statements may only see its connection lost), the
    # retries while it is down that it cannot be reached; each in one line, with the delay
    said = ("is restarting or shutting down", "cannot reach central", "connection to central")
    assert any("is sent again once it is back" in line for line in failed), failed
    for line in failed:
        assert any(words in line for words in said), line
        assert "\n" not in line and "retrying in" in line, line
    report = station.sync(central.warehouse_url)
    assert report.waiting == 0
    assert status(station.sessions, central.warehouse, "PUSHER").last_error == ""
    assert len(central_ids(central.url, central.warehouse, "PUSHER")) == total
    other.sync(central.warehouse_url)
    assert_feed_gapless(central.url, central.warehouse)
    assert_consistent(central.url, [station, other], central.warehouse)
    station.close()
    other.close()
