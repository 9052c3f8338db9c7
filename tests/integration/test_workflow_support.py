"""Fixtures and helpers of the workflow tests (no tests here).

The demo site is built once per test session into a template SQLite file (Alembic schema plus
``create_all`` for tables newer than the last migration), then copied for each test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import wms.core.persistence.schema  # noqa: F401  (registers every table)
from wms.core.persistence.base import Base
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.migrate import upgrade
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.demo import build_demo, case_gtin, each_gtin
from wms.core.services.workflows import Feedback, Input, StationSession

STATION = "CMN1-T01"
WAREHOUSE = "CMN1"
SCRIPTS = Path(__file__).resolve().parents[2] / "resources" / "scripts"
WMS = [sys.executable, "-m", "wms"]

GTIN = {
    "tea": each_gtin(91),
    "tea_case": case_gtin(91),
    "bottle": each_gtin(92),
    "bottle_case": case_gtin(92),
    "teapot": each_gtin(93),
    "teapot_case": case_gtin(93),
    "argan": each_gtin(11),
    "argan250": each_gtin(12),
    "saffron": each_gtin(21),
    "dates": each_gtin(31),
    "tajine": each_gtin(51),
    "bowl": each_gtin(52),
}


def gs1(gtin: str, *, lot: str = "", expiry: str = "", count: int | None = None) -> str:
    """A GS1-128 scan as a replay line: ``]C1`` + AI 01 (+ 10, 17, 30) with ``<GS>``."""
    text = f"]C101{gtin.zfill(14)}"
    if expiry:
        text += f"17{expiry}"
    if lot:
        text += f"10{lot}"
    if count is not None:
        text += ("<GS>" if lot else "") + f"30{count}"
    return text


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@dataclass
class Site:
    path: Path
    engine: object
    sessions: object
    clock: FakeClock

    def session(self, station: str = STATION, **kwargs: object) -> StationSession:
        return StationSession(
            self.sessions,  # type: ignore[arg-type]
            warehouse=kwargs.pop("warehouse", WAREHOUSE),  # type: ignore[arg-type]
            station=station,
            clock=self.clock,
            **kwargs,  # type: ignore[arg-type]
        )

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)  # type: ignore[arg-type]

    def invariants(self) -> None:
        with self.uow() as uow:
            assert uow.ledger.stock_by_key() == uow.ledger.ledger_sums()


def _build_template(path: Path) -> None:
    engine = create_station_engine(str(path))
    upgrade(engine)
    Base.metadata.create_all(engine)
    build_demo(session_factory(engine))
    engine.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("workflow-template") / "demo.db"
    _build_template(path)
    return path


def copy_site(template: Path, target: Path) -> Site:
    shutil.copyfile(template, target)
    engine = create_station_engine(str(target))
    return Site(target, engine, session_factory(engine), FakeClock())


@pytest.fixture
def site(demo_template: Path, tmp_path: Path):
    made = copy_site(demo_template, tmp_path / "station.db")
    yield made
    made.engine.dispose()  # type: ignore[attr-defined]


def feed(session: StationSession, *inputs: str) -> list[Feedback]:
    """Feed inputs: ``@key X`` is a typed entry, anything else a scan."""
    out = []
    for item in inputs:
        if item.startswith("@key "):
            out.append(session.handle(Input.key(item[5:])))
        else:
            out.append(session.handle(Input.scan(item)))
    return out


def paced(session: StationSession, *inputs: str, seconds: float = 1.0) -> list[Feedback]:
    """Like :func:`feed`, with ``seconds`` passing on the session's clock before each input: an
    operator presenting one item after another, never a scanner reading one barcode twice."""
    out = []
    for item in inputs:
        session.rt.clock.advance(seconds=seconds)  # type: ignore[attr-defined]
        out.extend(feed(session, item))
    return out


def logged_in(site: Site, badge: str = "1003", pin: str = "1357", mode: str = "") -> StationSession:
    session = site.session()
    assert session.login(badge, pin).ok
    if mode:
        assert session.set_mode(mode).ok
    return session


def run_replay(db: Path, script: str | Path, *extra: str, stdin: str | None = None):
    """``wms --db DB replay --json SCRIPT``; returns (exit code, list of JSON records)."""
    env = {**os.environ, "WMS_STATION": STATION, "WMS_WAREHOUSE": WAREHOUSE}
    env.pop("WMS_CONFIG", None)
    done = subprocess.run(
        [*WMS, "--db", str(db), "replay", "--json", *extra, str(script)],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )
    records = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return done.returncode, records, done.stderr


def run_cli(db: Path, *args: str):
    env = {**os.environ, "WMS_STATION": STATION, "WMS_WAREHOUSE": WAREHOUSE}
    env.pop("WMS_CONFIG", None)
    return subprocess.run(
        [*WMS, "--db", str(db), *args], capture_output=True, text=True, env=env, timeout=120
    )
