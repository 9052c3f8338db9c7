# ruff: noqa: F811 - pytest fixtures are imported from pg_fixtures and used as arguments
"""Faults during sync: connections cut mid-push, backends terminated, PostgreSQL restarted, the
sync process killed, batches pushed twice. After recovery nothing is lost and nothing is doubled.

The restart test restarts a PostgreSQL server of its own (initdb in a temporary folder, another
port on 127.0.0.1), never the server the other tests share.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.own_postgres import OwnPostgres
from tests.integration.pg_fixtures import (
    Central,
    CentralFactory,
    Station,
    admin,
    assert_feed_gapless,
    central_factory,  # noqa: F401 - fixture
    central_ids,
    central_ledger_sums,
    central_stock,
    through_proxy,
)
from wms.core.domain.errors import SyncError
from wms.core.sync.central_migrate import connect
from wms.core.sync.outbox import read_batch
from wms.core.sync.protocol import negotiate, push_batch

pytestmark = pytest.mark.postgres

PROXY_RUNS = 40
TERMINATE_RUNS = 10
KILL_RUNS = 2


class CutProxy:
    """A TCP proxy on 127.0.0.1 to the server of the URL it is given (:meth:`url`) that drops
    the connection after ``limit`` bytes (both directions counted), as a network failure
    would."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.upstream = ("127.0.0.1", 5432)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.cut = threading.Event()
        self._lock = threading.Lock()
        self._seen = 0
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, url: str) -> str:
        """``url`` through this proxy (which from now on forwards to ``url``'s server)."""
        self.upstream, proxied = through_proxy(url, self.port)
        return proxied

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self._sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                with self._lock:
                    allowed = self.limit - self._seen
                    self._seen += len(data)
                if allowed <= 0:
                    break
                target.sendall(data[:allowed])
                if allowed < len(data):
                    break
        except OSError:
            pass
        self.cut.set()
        self.close_connections()

    def close_connections(self) -> None:
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.server.close()
        self.close_connections()


@pytest.fixture(scope="module")
def shared(central_factory: CentralFactory) -> Central:
    return central_factory.create()


def _check_station(central: Central, station: Station) -> None:
    """The station's own movements are at central exactly once, with the same ids; central
    stock equals its ledger; the station (after its last pull) shows central's stock."""
    own = station.ids(own=True)
    at_central = central_ids(central.url, central.warehouse, station.station)
    assert len(at_central) == len(set(at_central))
    assert set(at_central) == own
    stock = central_stock(central.url, central.warehouse)
    assert stock == central_ledger_sums(central.url, central.warehouse)
    assert station.stock() == stock
    assert_feed_gapless(central.url, central.warehouse)


@pytest.mark.parametrize("seed", range(PROXY_RUNS))
def test_connection_cut_in_the_middle_of_a_push(shared: Central, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    station = shared.station(tmp_path / "s.db", f"CUT-{seed:03d}")
    station.random_work(rng, rng.randint(40, 160), per_commit=20)
    failures = 0
    for _attempt in range(rng.randint(1, 3)):
        proxy = CutProxy(rng.randint(500, 40_000))
        try:
            station.sync(proxy.url(shared.warehouse_url), batch_size=rng.choice([5, 13, 40]))
        except SyncError as error:
            failures += 1
            assert "central" in str(error)
        finally:
            proxy.close()
    station.sync(shared.warehouse_url)  # the network is back
    _check_station(shared, station)
    station.close()


def _terminator(central: Central, application: str, polls: int, done: threading.Event) -> None:
    with admin(central.url) as conn:
        seen = 0
        while not done.is_set():
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND state <> 'idle'",
                (application,),
            ).fetchall()
            if rows:
                seen += 1
                if seen >= polls:
                    for (pid,) in rows:
                        conn.execute("SELECT pg_terminate_backend(%s::int)", (pid,))
                    return
            time.sleep(0.001)


@pytest.mark.parametrize("seed", range(TERMINATE_RUNS))
def test_server_side_connection_killed_during_sync(
    shared: Central, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(1000 + seed)
    name = f"TERM-{seed:03d}"
    station = shared.station(tmp_path / "s.db", name)
    station.random_work(rng, rng.randint(100, 300), per_commit=50)
    done = threading.Event()
    killer = threading.Thread(
        target=_terminator, args=(shared, f"wms-sync {name}", rng.randint(1, 40), done)
    )
    killer.start()
    try:
        station.sync(shared.warehouse_url, batch_size=rng.choice([4, 9]))
    except SyncError as error:
        assert "lost" in str(error) or "terminat" in str(error)
    finally:
        done.set()
        killer.join()
    station.sync(shared.warehouse_url)
    _check_station(shared, station)
    station.close()


@pytest.mark.parametrize("seed", range(KILL_RUNS))
def test_sync_process_killed_mid_batch(shared: Central, tmp_path: Path, seed: int) -> None:
    rng = random.Random(2000 + seed)
    name = f"KILL-{seed:03d}"
    station = shared.station(tmp_path / "s.db", name)
    station.random_work(rng, 400, per_commit=100)
    station.engine.dispose()
    env = {
        **os.environ,
        "WMS_STATION": name,
        "WMS_WAREHOUSE": shared.warehouse,
        "WMS_CENTRAL_URL": shared.warehouse_url,
        "WMS_CONFIG": "",
    }
    command = [sys.executable, "-m", "wms", "--db", str(station.path), "sync", "--once", "-v"]
    process = subprocess.Popen(
        [*command, "--batch-size", "10"], env=env, stderr=subprocess.PIPE, text=True
    )
    target = rng.randint(2, 12)
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("push batch") and int(line.split()[2].rstrip(":")) >= target:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    partial = central_ids(shared.url, shared.warehouse, name)
    assert 0 < len(partial) < 400
    result = subprocess.run([*command], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    _check_station(shared, station)


@pytest.fixture(scope="module")
def own_server(
    central_factory: CentralFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[OwnPostgres, Central]]:
    """A PostgreSQL server of this module's own, with a central database and the demo
    warehouse: restarting it disturbs nobody else."""
    server = OwnPostgres()
    server.start()
    try:
        factory = CentralFactory(
            tmp_path_factory.mktemp("own-central"), central_factory.demo_template, server.url
        )
        yield server, factory.create()
    finally:
        server.stop()


def test_postgresql_restarted_during_sync(
    own_server: tuple[OwnPostgres, Central], tmp_path: Path
) -> None:
    server, central = own_server
    name = "RESTART"
    station = central.station(tmp_path / "s.db", name)
    total = station.random_work(random.Random(31), 2000, per_commit=100)
    before = len(central_ids(central.url, central.warehouse, name))
    assert before == 0
    outcome: list[BaseException | None] = []

    def sync() -> None:
        try:
            station.sync(central.warehouse_url, batch_size=8)  # ~250 transactions
        except BaseException as error:
            outcome.append(error)
        else:
            outcome.append(None)

    pusher = threading.Thread(target=sync, daemon=True)
    pusher.start()
    deadline = time.monotonic() + 60
    while not central_ids(central.url, central.warehouse, name):  # the push is under way
        assert pusher.is_alive() and time.monotonic() < deadline, outcome
        time.sleep(0.01)
    server.restart()
    pusher.join(timeout=120)
    assert not pusher.is_alive(), "the sync did not notice the restart within 2 minutes"
    [error] = outcome
    # the server went away under the push (the sync reports it; nothing is left half-done)
    assert isinstance(error, SyncError), error
    assert "central" in str(error)
    partial = central_ids(central.url, central.warehouse, name)
    assert 0 < len(partial) < total
    report = station.sync(central.warehouse_url)  # the server is back
    assert report.pushed.inserted == total - len(partial)
    assert report.waiting == 0
    _check_station(central, station)
    station.close()


def test_the_same_batch_pushed_twice_changes_nothing(shared: Central, tmp_path: Path) -> None:
    station = shared.station(tmp_path / "s.db", "TWICE")
    station.random_work(random.Random(7), 30)
    with station.sessions() as session:
        rows = read_batch(session, shared.warehouse, "TWICE", 0, 1000)
    with connect(shared.warehouse_url) as conn:
        protocol = negotiate(conn)
        first = push_batch(conn, protocol, shared.warehouse, "TWICE", rows)
        counter = conn.execute(
            "SELECT last_seq FROM feed_counters WHERE warehouse_id = %s", (shared.warehouse,)
        ).fetchone()
        conn.commit()
        second = push_batch(conn, protocol, shared.warehouse, "TWICE", rows + rows[:5])
        again = conn.execute(
            "SELECT last_seq FROM feed_counters WHERE warehouse_id = %s", (shared.warehouse,)
        ).fetchone()
        conn.commit()
    assert (first.inserted, first.duplicates) == (30, 0)
    assert (second.inserted, second.duplicates, second.refused) == (0, 30, [])
    assert first.acked == second.acked == {"TWICE": 30}
    assert counter == again
    # the station never recorded the acknowledgement: its next sync sends all 30 again
    report = station.sync(shared.warehouse_url)
    assert (report.pushed.inserted, report.pushed.duplicates) == (0, 30)
    _check_station(shared, station)


def test_offline_station_keeps_working_and_reports_it(shared: Central, tmp_path: Path) -> None:
    station = shared.station(tmp_path / "s.db", "OFFLINE")
    station.random_work(random.Random(17), 12)
    dead = shared.warehouse_url.replace("127.0.0.1:5432", "127.0.0.1:9")
    with pytest.raises(SyncError, match="cannot reach central"):
        station.sync(dead)
    station.random_work(random.Random(18), 8)  # still working offline
    from wms.core.sync.runner import status

    state = status(station.sessions, shared.warehouse, "OFFLINE")
    assert state.waiting == 20 and "cannot reach central" in state.last_error
    report = station.sync(shared.warehouse_url)
    assert report.pushed.inserted == 20 and report.waiting == 0
    assert status(station.sessions, shared.warehouse, "OFFLINE").last_error == ""
    _check_station(shared, station)


def test_long_running_sync_backs_off_and_recovers(shared: Central, tmp_path: Path) -> None:
    from wms.core.sync.runner import run_forever

    station = shared.station(tmp_path / "s.db", "LOOP")
    station.random_work(random.Random(27), 5)
    urls = iter([shared.warehouse_url.replace(":5432", ":9")] * 3 + [shared.warehouse_url])
    lines: list[str] = []
    waits: list[float] = []
    failed = run_forever(
        lambda: station.sync(next(urls)),
        interval=2,
        max_backoff=10,
        out=lines.append,
        wait=waits.append,
        max_cycles=4,
    )
    assert failed == 3
    assert [("FAILED" in line) for line in lines] == [True, True, True, False]
    assert "retrying in 4 s" in lines[0] and "(2 in a row)" in lines[1]
    assert "sync ok: pushed 5" in lines[-1]
    assert waits == [4, 8, 10]  # doubled per failure, capped at max_backoff
    _check_station(shared, station)


def test_batch_holding_a_known_id_under_a_new_seq_falls_back_and_is_refused(
    shared: Central, tmp_path: Path
) -> None:
    """The fast path (plain INSERT) meets a movement id central already holds under another
    station_seq: the savepoint rolls back, the general path refuses that row and inserts the
    others, the feed stays gapless and the acknowledgement stops before the refused row."""
    station = shared.station(tmp_path / "s.db", "FALLBACK")
    station.random_work(random.Random(41), 10)
    with station.sessions() as session:
        rows = read_batch(session, shared.warehouse, "FALLBACK", 0, 100)
    tampered = [dict(row) for row in rows[5:]]
    tampered[0]["id"] = rows[0]["id"]  # seq 6 claims to be movement 1
    with connect(shared.warehouse_url) as conn:
        protocol = negotiate(conn)
        first = push_batch(conn, protocol, shared.warehouse, "FALLBACK", rows[:5])
        second = push_batch(conn, protocol, shared.warehouse, "FALLBACK", tampered)
    assert (first.inserted, first.acked) == (5, {"FALLBACK": 5})
    assert second.inserted == 4 and second.duplicates == 0
    assert [(r.station_seq, r.movement_id) for r in second.refused] == [(6, str(rows[0]["id"]))]
    assert second.acked == {"FALLBACK": 5}
    assert len(central_ids(shared.url, shared.warehouse, "FALLBACK")) == 9
    assert central_stock(shared.url, shared.warehouse) == central_ledger_sums(
        shared.url, shared.warehouse
    )
    assert_feed_gapless(shared.url, shared.warehouse)
