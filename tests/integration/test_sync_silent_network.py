# ruff: noqa: F811 - pytest fixtures are imported from pg_fixtures and used as arguments
"""A station whose network goes silent in the middle of a push - the connection stays open but
nothing passes any more - must not stall the other stations of its warehouse: central ends the
silent session (idle-in-transaction timeout of the station roles) and frees the warehouse's
feed lock, the other benches sync, and the silent one recovers when its network returns.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.integration.citus_fixtures import (
    engine,  # noqa: F401 - fixture
    engine_central_factory,  # noqa: F401 - fixture central_factory (both engines)
    postgres_central_factory,  # noqa: F401 - fixture
)
from tests.integration.pg_fixtures import (
    Central,
    CentralFactory,
    admin,
    assert_consistent,
    central,  # noqa: F401 - fixture
    through_proxy,
)
from wms.core.domain.errors import SyncError
from wms.core.sync.central_migrate import with_query
from wms.core.sync.limits import ROLE_SETTINGS
from wms.core.sync.runner import SyncReport

pytestmark = pytest.mark.postgres

# a hang guard only (the figures are printed, never asserted): far above the few seconds the
# other bench needs, far below the ten minutes a silent pusher used to hold the lock
GUARD_SECONDS = 120


class SilentProxy:
    """A TCP proxy on 127.0.0.1 to PostgreSQL that, once central has run a client's push (which
    holds the warehouse's feed lock until its transaction ends), stops forwarding in both
    directions without closing anything, from the push's COMMIT on (what a silently lost
    network looks like from either end) until :meth:`resume`."""

    def __init__(self) -> None:
        self.upstream = ("127.0.0.1", 5432)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.flowing = threading.Event()
        self.flowing.set()
        self.armed = True
        self.pushed = False
        self.silent = threading.Event()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, url: str) -> str:
        """``url`` through this proxy, unencrypted (the proxy reads the statements); from now
        on the proxy forwards to ``url``'s server (plain PostgreSQL or a Citus coordinator)."""
        self.upstream, proxied = through_proxy(url, self.port)
        return with_query(proxied, sslmode="disable")

    def resume(self) -> None:
        self.armed = False
        self.flowing.set()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.upstream)
            self._sockets += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, from_client: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if from_client and self.armed and self.pushed and b"COMMIT" in data:
                    # the push ran and holds the warehouse's feed lock; its COMMIT never
                    # arrives, and from here nothing passes either way
                    self.flowing.clear()
                    self.silent.set()
                self.flowing.wait()
                target.sendall(data)
                if from_client and b"SELECT wms_push(" in data:
                    self.pushed = True
        except OSError:
            pass
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.resume()
        self.server.close()
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.close()


def _in_thread(call):  # type: ignore[no-untyped-def]
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as error:  # handed to the test
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def test_station_and_warehouse_roles_carry_session_limits(central: Central) -> None:
    with admin(central.url) as conn:
        rows = conn.execute(
            "SELECT r.role_name, s.setconfig FROM central_roles r "
            "JOIN pg_roles p ON p.rolname = r.role_name "
            "LEFT JOIN pg_db_role_setting s ON s.setrole = p.oid AND s.setdatabase = 0"
        ).fetchall()
    assert rows
    for role, settings in rows:
        assert settings is not None, role
        for name, value in ROLE_SETTINGS.items():
            assert f"{name}={value}" in settings, (role, name)


def test_a_silent_pusher_does_not_stall_the_other_benches(
    central_factory: CentralFactory, tmp_path: Path
) -> None:
    central = central_factory.create()
    silent = central.station(tmp_path / "silent.db", "SILENT")
    other = central.station(tmp_path / "other.db", "OTHER")
    silent.random_work(random.Random(3), 60)
    other.random_work(random.Random(4), 60)
    proxy = SilentProxy()
    try:
        pusher, pushed = _in_thread(lambda: silent.sync(proxy.url(central.warehouse_url)))
        assert proxy.silent.wait(GUARD_SECONDS), "the push never took the feed lock"
        started = time.monotonic()
        syncer, synced = _in_thread(lambda: other.sync(central.warehouse_url))
        syncer.join(GUARD_SECONDS)
        took = time.monotonic() - started
        assert not syncer.is_alive(), "the other bench hung behind the silent one"
        [report] = synced
        assert isinstance(report, SyncReport), report
        assert report.pushed.inserted == 60 and report.waiting == 0
        print(f"\nother bench synced in {took:.1f} s while SILENT's network was silent")
        # the network comes back: the silent bench's sync ends (its session is gone) ...
        proxy.resume()
        pusher.join(GUARD_SECONDS)
        assert not pusher.is_alive(), "the silent bench did not notice its session had ended"
        [first] = pushed
        assert isinstance(first, (SyncError, SyncReport)), first
        # ... and its next sync sends everything
        again = silent.sync(proxy.url(central.warehouse_url))
        assert again.waiting == 0
        other.sync(central.warehouse_url)
        assert_consistent(central.url, [silent, other], central.warehouse)
    finally:
        proxy.close()
        silent.close()
        other.close()
