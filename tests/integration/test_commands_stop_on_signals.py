"""Commands that run until interrupted stop on SIGINT and SIGTERM even when started as a
background job, whose shell ignores SIGINT (simulated here with ``preexec_fn``)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import STATION, WAREHOUSE

# fixtures shared by the workflow tests
demo_template = support.demo_template
site = support.site

WMS = [sys.executable, "-m", "wms"]
STOP_SIGNALS = [signal.SIGINT, signal.SIGTERM]


def ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def start_in_background(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "WMS_STATION": STATION, "WMS_WAREHOUSE": WAREHOUSE}
    env.pop("WMS_CONFIG", None)
    return subprocess.Popen(
        [*WMS, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=ignore_sigint,
    )


def stop_with(proc: subprocess.Popen[str], signum: int) -> str:
    """Send ``signum`` and return what the command printed after its first line."""
    try:
        proc.send_signal(signum)
        out, _err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("signum", STOP_SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_the_printer_simulator_stops_when_started_in_the_background(tmp_path, signum):
    proc = start_in_background(
        "devices", "simulate", "printer", "--port", str(free_port()), "--spool", str(tmp_path)
    )
    assert proc.stdout is not None
    assert "printer simulator on" in proc.stdout.readline()

    stop_with(proc, signum)

    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("signum", STOP_SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_the_scale_simulator_stops_and_removes_its_pty_when_started_in_the_background(
    tmp_path: Path, signum
):
    link = tmp_path / "ttySIMSCALE"
    proc = start_in_background("devices", "simulate", "scale", str(link))
    assert proc.stdout is not None
    assert "scale simulator at" in proc.stdout.readline()
    assert link.exists()

    stop_with(proc, signum)

    assert proc.returncode == 0, proc.stderr
    assert not link.exists()


@pytest.mark.parametrize("signum", STOP_SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_the_sync_loop_stops_when_started_in_the_background(site, signum):
    site.engine.dispose()
    unreachable = f"postgresql://wms@127.0.0.1:{free_port()}/central"
    proc = start_in_background(
        "--db", str(site.path), "sync", "--url", unreachable, "--interval", "0.2"
    )
    assert proc.stdout is not None
    assert "syncing station" in proc.stdout.readline()

    out = stop_with(proc, signum)

    assert proc.returncode == 0, proc.stderr
    assert out.rstrip().endswith("sync stopped")
