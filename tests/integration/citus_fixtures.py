"""A throwaway Citus cluster for the test session, and central factories over both engines.

``citus_cluster`` (session): builds and installs Citus with ``build.sh`` (nothing when it is
installed), starts a coordinator and two workers with ``cluster.sh`` on free ports from 57630
up, data in a fresh folder under ``/tmp`` (the OS user ``wmscitus`` runs them when the tests run
as root, so the folder must not be private), and destroys it at the end. The scripts are found
in ``$WMS_CITUS_SCRIPTS`` or in ``shared/citus`` beside the checkout (or one level up). Without
them, or without Citus (or with ``WMS_TEST_CITUS=0``), every Citus test is skipped and the
summary says why.

A test module opts into both engines by importing ``central_factory`` (and ``engine``) from
here instead of from ``pg_fixtures``: each of its tests runs once on plain PostgreSQL and once
on Citus, in a central database of its own per module and engine.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from tests.integration import pg_fixtures
from tests.integration.pg_fixtures import CentralFactory
from wms.core.sync import central_migrate, citus, security

ROOT = Path(__file__).resolve().parents[2]
FIRST_PORT = 57630
WORKERS = 2

#: why the Citus half did not run (read by the terminal summary in tests/conftest.py)
SKIPPED: list[str] = []


def scripts_dir() -> Path | None:
    candidates = [os.environ.get("WMS_CITUS_SCRIPTS", "")]
    candidates += [str(parent / "shared" / "citus") for parent in ROOT.parents[:2]]
    for candidate in candidates:
        if candidate and (Path(candidate) / "cluster.sh").is_file():
            return Path(candidate)
    return None


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_ports(count: int, start: int = FIRST_PORT) -> int:
    """The first port P from ``start`` up (steps of 10) with P .. P+count-1 all free."""
    for base in range(start, start + 400, 10):
        if all(_port_free(base + i) for i in range(count)):
            return base
    raise RuntimeError(f"no {count} free ports from {start} on 127.0.0.1")


@dataclass
class CitusCluster:
    """A running cluster: a coordinator on ``port`` and workers on the next ports."""

    scripts: Path
    directory: Path
    port: int
    workers: int
    extra: list[int] = field(default_factory=list)  # workers started later (ports)

    @property
    def server(self) -> str:
        """The coordinator's administrator URL without a database (as ``PG_SERVER``)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}"

    @property
    def admin_url(self) -> str:
        return f"{self.server}/postgres"

    def worker_port(self, number: int) -> int:
        return self.port + number

    def run(self, *args: str) -> str:
        env = {**os.environ, "CITUS_DIR": str(self.directory)}
        done = subprocess.run(
            ["bash", str(self.scripts / "cluster.sh"), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        if done.returncode != 0:
            raise RuntimeError(f"cluster.sh {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout.strip()

    def pg_ctl(self, node: str, action: str) -> None:
        """``pg_ctl start|stop`` of one instance (``coordinator``, ``worker1`` ...), as the OS
        user that runs the cluster (as cluster.sh does)."""
        pgver = sorted(os.listdir("/usr/lib/postgresql"), key=int)[-1]
        command = [
            f"/usr/lib/postgresql/{pgver}/bin/pg_ctl",
            "-D",
            str(self.directory / node),
            "-l",
            str(self.directory / f"{node}.log"),
            "-w",
            *(["-m", "fast"] if action == "stop" else []),
            action,
        ]
        if os.getuid() == 0:
            command = ["runuser", "-u", "wmscitus", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start_extra_worker(self) -> int:
        """One more instance, set up as cluster.sh sets up a worker (not registered anywhere):
        the next port after the workers; recorded in the cluster's ports file, so ``destroy``
        stops it too. Returns its port."""
        number = self.workers + 1 + len(self.extra)
        name, port = f"worker{number}", self.port + number
        pgver = sorted(os.listdir("/usr/lib/postgresql"), key=int)[-1]
        initdb = [
            f"/usr/lib/postgresql/{pgver}/bin/initdb",
            *("-D", str(self.directory / name), "-U", "postgres", "--auth=trust", "-E", "UTF8"),
        ]
        if os.getuid() == 0:
            initdb = ["runuser", "-u", "wmscitus", "--", *initdb]
        subprocess.run(initdb, check=True, capture_output=True, timeout=120)
        settings = (
            "shared_preload_libraries = 'citus'\nlisten_addresses = '127.0.0.1'\n"
            f"port = {port}\nunix_socket_directories = '{self.directory}'\n"
            "max_connections = 200\nwal_level = logical\nmax_prepared_transactions = 100\n"
        )
        with (self.directory / name / "postgresql.conf").open("a") as conf:
            conf.write(settings)
        self.pg_ctl(name, "start")
        with (self.directory / "ports").open("a") as ports:
            ports.write(f"{name}:{port}\n")
        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS citus")
        self.extra.append(port)
        return port


def _citus_installed(scripts: Path) -> str | None:
    """None if Citus is installed (built now if need be and allowed), else why not."""
    build = scripts / "build.sh"
    if subprocess.run(["bash", str(build), "--check"], capture_output=True).returncode == 0:
        return None
    if os.getuid() != 0:
        return f"Citus is not installed (run {build} as root to build it)"
    done = subprocess.run(["bash", str(build)], capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        return f"Citus could not be built: {done.stderr.strip().splitlines()[-1:]}"
    return None


_CLUSTER: list[CitusCluster] = []


def shared_cluster(config: pytest.Config) -> CitusCluster:
    """The session's cluster, started on first use and destroyed when the session ends;
    skips the calling test (and says why at the end) when Citus is not available."""
    if _CLUSTER:
        return _CLUSTER[0]
    if SKIPPED:
        pytest.skip(SKIPPED[0])
    scripts = scripts_dir()
    if os.environ.get("WMS_TEST_CITUS", "1") == "0":
        reason: str | None = "turned off by WMS_TEST_CITUS=0"
    elif scripts is None:
        reason = (
            "Citus scripts not found (expected shared/citus/cluster.sh beside the checkout or "
            "$WMS_CITUS_SCRIPTS)"
        )
    else:
        reason = _citus_installed(scripts)
    if reason is not None or scripts is None:
        SKIPPED.append(reason or "no Citus scripts")
        pytest.skip(SKIPPED[0])
    directory = Path("/tmp") / f"wms-citus-test-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    cluster = CitusCluster(scripts, directory, free_ports(WORKERS + 2), WORKERS)

    def destroy() -> None:
        try:
            cluster.run("destroy")
        finally:
            shutil.rmtree(directory, ignore_errors=True)

    config.add_cleanup(destroy)
    cluster.run("start", "--workers", str(WORKERS), "--port", str(cluster.port))
    _CLUSTER.append(cluster)
    return cluster


@pytest.fixture(scope="session")
def citus_cluster(request: pytest.FixtureRequest) -> CitusCluster:
    return shared_cluster(request.config)


class CitusCentralFactory(CentralFactory):
    """Central databases on the cluster: made and dropped on every node."""

    def __init__(self, workdir: Path, demo_template: Path, cluster: CitusCluster) -> None:
        super().__init__(workdir, demo_template, server=cluster.server)
        self.cluster = cluster

    def database(self, *, revision: str = "head", shard_count: int | None = None) -> str:
        """A new central database on every node; ``shard_count`` shards per distributed table
        instead of Citus's default (32)."""
        if shard_count is None:
            return super().database(revision=revision)
        name = f"wms_test_{uuid.uuid4().hex[:10]}"
        url = f"{self.server}/{name}"
        central_migrate.ensure_database(url)
        self.names.append(name)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"ALTER DATABASE {name} SET citus.shard_count = {int(shard_count)}")
        central_migrate.upgrade(url, revision)
        security.install(url)
        return url

    def drop_all(self) -> None:
        for name in self.names:
            citus.drop_cluster_database(self.cluster.admin_url, name)
        with psycopg.connect(self.cluster.admin_url, autocommit=True) as conn:
            for name in self.names:
                roles = conn.execute(
                    "SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                    (name.replace("_", r"\_") + r"\_%",),
                ).fetchall()
                for (role,) in roles:
                    conn.execute(f'DROP ROLE IF EXISTS "{role}"')


ENGINES = ("postgres", "citus")


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The central engine of this run of the module's tests: plain PostgreSQL or Citus."""
    return str(request.param)


@pytest.fixture(scope="module", name="central_factory")
def engine_central_factory(
    engine: str,
    postgres_central_factory: CentralFactory,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> Iterator[CentralFactory]:
    """A central factory on the engine of ``engine`` (on Citus, one central database per
    module). A module using it imports ``engine`` and ``postgres_central_factory`` too."""
    if engine == "postgres":
        yield postgres_central_factory
        return
    cluster = shared_cluster(request.config)
    factory = CitusCentralFactory(
        tmp_path_factory.mktemp("citus-central"), postgres_central_factory.demo_template, cluster
    )
    yield factory
    factory.drop_all()


postgres_central_factory = pg_fixtures.central_factory
