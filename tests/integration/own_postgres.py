"""A PostgreSQL server of the test's own (initdb in a temporary folder, 127.0.0.1 on a free
port) for tests that restart or stop a server: the shared server other tests use is never
restarted. Run as the ``postgres`` system user when the tests run as root (PostgreSQL refuses
root); skipped where no PostgreSQL binaries are installed."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _binary(name: str) -> str | None:
    for folder in _BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class OwnPostgres:
    """initdb + pg_ctl start/restart/stop of a throwaway cluster; ``url`` has no database."""

    def __init__(self) -> None:
        initdb, self.pg_ctl = _binary("initdb"), _binary("pg_ctl")
        if initdb is None or self.pg_ctl is None:
            pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
        # its own temporary folder: pytest's are private to root, and the server may not be
        folder = Path(tempfile.mkdtemp(prefix="wms-own-pg-"))
        self.folder = folder
        self.data = folder / "data"
        self.port = _free_port()
        self.user: list[str] = []
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("tests run as root and there is no 'postgres' user for initdb")
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            self.user = ["runuser", "-u", "postgres", "--"]
        self._run(initdb, "-D", str(self.data), "-A", "trust", "-U", "root", "--no-sync")
        self.url = f"postgresql://root@127.0.0.1:{self.port}"

    def _run(self, *command: str) -> None:
        done = subprocess.run(
            [*self.user, *command], capture_output=True, text=True, timeout=180, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stdout}{done.stderr}")

    def _ctl(self, action: str, *extra: str) -> None:
        assert self.pg_ctl is not None
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        self._run(
            self.pg_ctl,
            action,
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-o",
            options,
            "-w",
            "-t",
            "120",
            *extra,
        )

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        try:
            self._ctl("stop", "-m", "fast")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
