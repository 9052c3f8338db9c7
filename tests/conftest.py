"""Shared fixtures: station databases on temporary SQLite files, the demo site, `wms`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
