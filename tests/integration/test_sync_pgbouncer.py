# ruff: noqa: F811 - pytest fixtures are imported from pg_fixtures and used as arguments
"""Stations sync through a PgBouncer in transaction pooling mode (real PostgreSQL, real PgBouncer).

Under transaction pooling a client's consecutive transactions may run on different server
connections, and one server connection serves several clients in turn: nothing a sync does may
rely on session state (prepared statements, ``SET`` outside a transaction, temporary tables).
The bouncer here runs in front of the test server with one server connection per role and
database (``default_pool_size = 1``) and no prepared-statement support, so two stations of one
role share a single server connection transaction by transaction.
"""

from __future__ import annotations

import os
import pwd
import random
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.integration.pg_fixtures import (
    PG_SERVER,
    Central,
    Station,
    assert_consistent,
    central,  # noqa: F401 - fixture
    central_factory,  # noqa: F401 - fixture
    central_ids,
    central_stock,
)
from wms.core.sync import security
from wms.core.sync.central_migrate import connect
from wms.core.sync.outbox import read_rows
from wms.core.sync.protocol import negotiate, push_batch

pytestmark = pytest.mark.postgres

PGBOUNCER = shutil.which("pgbouncer") or (
    "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Bouncer:
    """A PgBouncer on a free port in front of the test server, transaction pooling, trust
    authentication for the roles it is told about (its config in a folder of its own)."""

    def __init__(self, roles: list[str]) -> None:
        assert PGBOUNCER is not None
        server = urlsplit(PG_SERVER)
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="wms-pgbouncer-"))
        self.folder.chmod(0o755)
        users = "".join(f'"{role}" ""\n' for role in roles)
        (self.folder / "users.txt").write_text(users)
        (self.folder / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"* = host={server.hostname or '127.0.0.1'} port={server.port or 5432}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {self.folder / 'users.txt'}\n"
            "pool_mode = transaction\ndefault_pool_size = 1\nmax_client_conn = 100\n"
            f"logfile = {self.folder / 'pgbouncer.log'}\n"
        )
        command = [PGBOUNCER, str(self.folder / "pgbouncer.ini")]
        if os.getuid() == 0:  # PgBouncer refuses to run as root
            user = "postgres" if _has_user("postgres") else "nobody"
            shutil.chown(self.folder, user)  # its log file
            command = ["runuser", "-u", user, "--", *command]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self._wait_listening()

    def _wait_listening(self) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"pgbouncer exited: {self.process.stderr.read()}")  # type: ignore[union-attr]
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"pgbouncer did not listen on {self.port} within 15 s")

    def url(self, login_url: str) -> str:
        """The login URL (role, password, database) through the bouncer."""
        parts = urlsplit(login_url)
        credentials = parts.netloc.rsplit("@", 1)[0]
        return urlunsplit(parts._replace(netloc=f"{credentials}@127.0.0.1:{self.port}"))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@dataclass
class Pooled:
    """A warehouse behind the bouncer: its two stations' own URLs and the warehouse role's,
    all through the bouncer."""

    bouncer: Bouncer
    station_urls: dict[str, str]
    warehouse_url: str


@pytest.fixture
def pooled(central: Central) -> Iterator[Pooled]:
    if PGBOUNCER is None:
        pytest.skip("pgbouncer is not installed (apt-get install pgbouncer)")
    stations = {
        code: security.add_station(central.url, code, central.warehouse)
        for code in (f"{central.warehouse}-S1", f"{central.warehouse}-S2")
    }
    warehouse_role = urlsplit(central.warehouse_url).username or ""
    bouncer = Bouncer([warehouse_role, *(c.role for c in stations.values())])
    try:
        yield Pooled(
            bouncer,
            {code: bouncer.url(c.url) for code, c in stations.items()},
            bouncer.url(central.warehouse_url),
        )
    finally:
        bouncer.stop()


def _sync_together(stations: list[Station], urls: list[str]) -> None:
    """Every station syncs at the same time, each in a thread of its own."""
    failures: list[BaseException] = []

    def sync(station: Station, url: str) -> None:
        try:
            report = station.sync(url, batch_size=7, page_size=11)
            assert not report.pushed.refused
        except BaseException as error:  # reported by the test thread
            failures.append(error)

    threads = [
        threading.Thread(target=sync, args=pair) for pair in zip(stations, urls, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def test_stations_with_their_own_logins_converge_through_transaction_pooling(
    central: Central, pooled: Pooled, tmp_path: Path
) -> None:
    rng = random.Random(41)
    codes = sorted(pooled.station_urls)
    stations = [central.station(tmp_path / f"{code}.db", code) for code in codes]
    for _round in range(3):
        for station in stations:
            station.random_work(rng, rng.randint(5, 30))
        _sync_together(stations, [pooled.station_urls[code] for code in codes])
    for station in stations:  # the last round's pushes reach the other station
        station.sync(pooled.station_urls[station.station])
    assert_consistent(central.url, stations, central.warehouse)


def test_two_stations_sharing_one_server_connection_converge(
    central: Central, pooled: Pooled, tmp_path: Path
) -> None:
    # both sync with the warehouse role: one pool, one server connection, their transactions
    # take turns on it
    with (
        connect(pooled.warehouse_url, autocommit=True) as one,
        connect(pooled.warehouse_url, autocommit=True) as other,
    ):
        backends = {
            conn.execute("SELECT pg_backend_pid()").fetchone() for conn in (one, other, one)
        }
        assert len(backends) == 1
    rng = random.Random(42)
    stations = [central.station(tmp_path / f"w{i}.db", f"{central.warehouse}-S{i}") for i in (1, 2)]
    for _round in range(3):
        for station in stations:
            station.random_work(rng, rng.randint(5, 30))
        _sync_together(stations, [pooled.warehouse_url] * 2)
    for station in stations:
        station.sync(pooled.warehouse_url)
    assert_consistent(central.url, stations, central.warehouse)


def test_a_batch_pushed_twice_through_the_bouncer_is_taken_once(
    central: Central, pooled: Pooled, tmp_path: Path
) -> None:
    code = f"{central.warehouse}-S1"
    station = central.station(tmp_path / "dup.db", code)
    station.random_work(random.Random(43), 12)
    rows = read_rows(station.sessions, central.warehouse, code, 0, 100)
    with connect(pooled.station_urls[code]) as conn:
        protocol = negotiate(conn)
        first = push_batch(conn, protocol, central.warehouse, code, rows)
        stock = central_stock(central.url, central.warehouse)
        again = push_batch(conn, protocol, central.warehouse, code, rows)
    assert (first.inserted, first.duplicates) == (len(rows), 0)
    assert (again.inserted, again.duplicates) == (0, len(rows))
    assert again.acked == first.acked == {code: len(rows)}
    assert central_stock(central.url, central.warehouse) == stock
    ids = central_ids(central.url, central.warehouse, code)
    assert len(ids) == len(set(ids)) == len(rows)
