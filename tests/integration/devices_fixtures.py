"""Fixtures and helpers for the device tests: socat pty pairs, ptys, the printer simulator,
a temporary station database with the print queue table. Import the fixtures you use."""

from __future__ import annotations

import queue
import shutil
import time
from collections.abc import Callable, Iterator

import pytest

import wms.core.persistence.print_jobs  # noqa: F401 - registers the print_jobs table
from wms.core.persistence.base import Base
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.print_jobs import PrintJobStore
from wms.devices.simulators.printer import ZplPrinterSimulator
from wms.devices.simulators.ptys import SocatPair

needs_socat = pytest.mark.skipif(shutil.which("socat") is None, reason="socat is not installed")


def wait_until(predicate: Callable[[], object], timeout: float = 5.0, step: float = 0.01) -> bool:
    """Poll ``predicate`` until true or ``timeout``; returns its last truth value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


def next_event(events: queue.Queue, kind: type | tuple[type, ...], timeout: float = 5.0):
    """The next event of ``kind`` (others are skipped); fails the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            pytest.fail(f"no {kind} event within {timeout} s")
        try:
            event = events.get(timeout=left)
        except queue.Empty:
            pytest.fail(f"no {kind} event within {timeout} s")
        if isinstance(event, kind):
            return event


@pytest.fixture
def devices_socat_pair(tmp_path) -> Iterator[SocatPair]:
    """A running socat pty pair: ``device_link`` for the app, ``peer_link`` for the device."""
    if shutil.which("socat") is None:
        pytest.skip("socat is not installed")
    pair = SocatPair(tmp_path / "ttyDEV", tmp_path / "ttySIM").start()
    try:
        yield pair
    finally:
        pair.stop()


@pytest.fixture
def devices_printer() -> Iterator[ZplPrinterSimulator]:
    simulator = ZplPrinterSimulator().start()
    try:
        yield simulator
    finally:
        simulator.stop()


@pytest.fixture
def devices_job_store(tmp_path) -> Iterator[PrintJobStore]:
    engine = create_station_engine(str(tmp_path / "station.db"))
    Base.metadata.create_all(engine, tables=[Base.metadata.tables["print_jobs"]])
    try:
        yield PrintJobStore(session_factory(engine))
    finally:
        engine.dispose()
