"""Shared fixtures: station databases on temporary SQLite files, the demo site, `wms`."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: The tests' own user directories: nothing a test runs (the default print spool, the default
#: station database, Qt's settings) may write into the real user's home.
USER_DIRS = Path(tempfile.mkdtemp(prefix="wms-tests-user-"))
atexit.register(shutil.rmtree, USER_DIRS, ignore_errors=True)
for _variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_variable] = str(USER_DIRS / _variable.lower())

WMS = [sys.executable, "-m", "wms"]


@pytest.fixture
def station_db(tmp_path: Path):
    """An empty station database at the newest schema: (engine, sessionmaker, path)."""
    from wms.core.persistence.engine import create_station_engine, session_factory
    from wms.core.persistence.migrate import upgrade

    path = tmp_path / "station.db"
    engine = create_station_engine(str(path))
    upgrade(engine)
    yield engine, session_factory(engine), path
    engine.dispose()


@pytest.fixture
def demo_db(station_db):
    """The demo site CMN1 built in a fresh station database: (engine, sessionmaker, path)."""
    from wms.core.services.demo import build_demo

    _engine, sessions, _path = station_db
    build_demo(sessions)
    return station_db


def run_wms(*args: str, db: Path | None = None, input: str | None = None, env: dict | None = None):
    """Run the real `wms` command in a subprocess; returns the CompletedProcess."""
    command = [*WMS]
    if db is not None:
        command += ["--db", str(db)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, input=input, env=full_env, timeout=120
    )


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """Say plainly when the Citus half of the central tests did not run, and why."""
    from tests.integration import citus_fixtures

    for reason in citus_fixtures.SKIPPED[:1]:
        terminalreporter.write_line(f"Citus tests SKIPPED: {reason}", yellow=True, bold=True)
