"""``wms devices ...`` through the real ``wms`` command, against ptys and loopback sockets."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from wms.core.persistence.base import Base
from wms.core.persistence.engine import create_station_engine
from wms.devices.simulators.printer import ZplPrinterSimulator
from wms.devices.simulators.ptys import PtyLink
from wms.devices.simulators.scale import MtSicsScaleSimulator
from wms.devices.simulators.scanner import ScannerSimulator

from .devices_fixtures import devices_printer, devices_socat_pair, needs_socat, wait_until

__all__ = ["devices_printer", "devices_socat_pair"]

WMS = str(Path(sys.executable).with_name("wms"))
GS1 = "]C1010950600013435210ABC\x1d17270131"


def wms(*args: str, timeout: float = 30, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WMS_CONFIG": "", "PYTHONUNBUFFERED": "1"}
    env.pop("WMS_CONFIG")
    return subprocess.run(
        [WMS, *args], capture_output=True, text=True, timeout=timeout, env=env, **kwargs
    )


def start_listen(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("WMS_CONFIG", None)
    return subprocess.Popen(
        [WMS, "devices", "listen", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@needs_socat
def test_listen_json_prints_interpreted_scans(devices_socat_pair):
    pair = devices_socat_pair
    proc = start_listen(
        str(pair.device_link),
        "--json",
        "--count",
        "3",
        "--timeout",
        "20",
        "--inter-byte-timeout",
        "0.2",
    )
    try:
        first = json.loads(proc.stdout.readline())
        assert first["event"] == "connected"
        with ScannerSimulator(str(pair.peer_link)) as scanner:
            scanner.scan(GS1)
            scanner.scan("]C1010950600013435X")  # bad GTIN: refused, not a crash
            scanner.write(b"CUT-OFF")  # never terminated
            out, err = proc.communicate(timeout=25)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    good, refused, cut = records
    assert good["ok"] and good["raw"] == GS1 and good["aim"] == "]C1"
    assert good["shown"] == "]C1010950600013435210ABC<GS>17270131"
    assert good["gtin"] == "09506000134352" and good["lot"] == "ABC"
    assert ["10", "ABC"] in good["elements"]
    assert refused["ok"] is False and refused["error"]
    assert cut["event"] == "incomplete" and "CUT-OFF" in cut["error"]


@needs_socat
def test_listen_text_shows_gs_and_elements(devices_socat_pair):
    pair = devices_socat_pair
    proc = start_listen(str(pair.device_link), "--count", "1", "--timeout", "20")
    try:
        assert proc.stdout.readline().startswith("listening to")
        assert "connected" in proc.stdout.readline()
        with ScannerSimulator(str(pair.peer_link)) as scanner:
            scanner.scan(GS1)
            out, err = proc.communicate(timeout=25)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "raw ']C1010950600013435210ABC<GS>17270131'" in out
    assert "(01) 09506000134352" in out and "(10) ABC" in out


def test_listen_times_out_when_nothing_comes(tmp_path):
    result = wms("devices", "listen", str(tmp_path / "absent"), "--count", "1", "--timeout", "0.5")
    assert result.returncode == 1
    assert "no such device" in result.stdout
    assert "0 of 1 scans" in result.stderr


def test_print_sends_the_file_byte_for_byte(devices_printer, tmp_path):
    label = tmp_path / "label.zpl"
    label.write_bytes(b"^XA^FDhello\x1d^FS^XZ\r\n")
    result = wms("devices", "print", devices_printer.url, str(label))
    assert result.returncode == 0, result.stderr
    assert devices_printer.wait_for_jobs(1, 5) == [label.read_bytes()]


def test_status_reports_faults_and_silence():
    with ZplPrinterSimulator(fault="paper_out") as printer:
        result = wms("devices", "status", printer.url)
    assert result.returncode == 1
    assert result.stdout.strip() == (
        f"Printer {printer.url} is out of paper: load labels and press FEED"
    )
    with ZplPrinterSimulator(fault="silent") as printer:
        result = wms("devices", "status", printer.url, "--timeout", "0.3")
    assert result.returncode == 2
    assert "did not answer a status request within 0.3 s" in result.stderr
    assert "Traceback" not in result.stderr


def test_weigh_and_refusal(tmp_path):
    link = PtyLink(tmp_path / "ttySCALE")
    with link, MtSicsScaleSimulator(link, weight="3.250") as simulator:
        result = wms("devices", "weigh", str(link.link), "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["weight"] == "3.250"
        simulator.set(mode="overload")
        result = wms("devices", "weigh", str(link.link), "--timeout", "0.5")
    assert result.returncode == 2
    assert "overloaded" in result.stderr and "'S +'" in result.stderr


def test_list_shows_configured_devices_with_health(devices_printer, tmp_path):
    with ZplPrinterSimulator(fault="head_open") as broken:
        config = tmp_path / "wms.toml"
        config.write_text(
            f"""
[devices.label_printer]
role = "printer"
url = "{devices_printer.url}"

[devices.broken_printer]
role = "printer"
url = "{broken.url}"

[devices.spool]
role = "printer"
url = "file://{tmp_path}/"

[devices.scanner]
role = "scanner"
url = "{tmp_path}/ttyNONE"
"""
        )
        result = wms("--config", str(config), "devices", "list", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    health = {d["name"]: d for d in document["devices"]}
    assert health["label_printer"]["ok"] is True
    assert health["broken_printer"]["ok"] is False
    assert "print head open" in health["broken_printer"]["message"]
    assert health["spool"]["ok"] is True
    assert health["scanner"]["ok"] is False and "no such device" in health["scanner"]["message"]
    assert isinstance(document["ports"], list)


def test_bad_config_is_one_clear_refusal(tmp_path):
    config = tmp_path / "wms.toml"
    config.write_text('[devices.label_printer]\nrole = "printer"\nurl = "htp://x"\n')
    result = wms("--config", str(config), "devices", "list")
    assert result.returncode == 2
    assert (
        "devices.label_printer.url: expected a printer URL (tcp://, serial://, file://, "
        "cups://), found 'htp://x'" in result.stderr
    )


def test_print_through_the_queue_survives_a_printer_that_is_off(tmp_path):
    database = tmp_path / "station.db"
    engine = create_station_engine(str(database))
    Base.metadata.create_all(engine, tables=[Base.metadata.tables["print_jobs"]])
    engine.dispose()
    label = tmp_path / "sscc.zpl"
    label.write_bytes(b"^XA^FD00376123450000000019^FS^XZ")
    printer = ZplPrinterSimulator().start()
    url = printer.url
    printer.stop()
    result = wms("--db", str(database), "devices", "print", "--queue", url, str(label))
    assert result.returncode == 0, result.stderr
    assert "is pending (attempt 1)" in result.stdout and "refused the connection" in result.stdout
    printer.start()
    try:
        result = wms("--db", str(database), "devices", "queue", "retry")
        assert "1 printed" in result.stdout, result.stdout + result.stderr
        assert printer.wait_for_jobs(1, 5) == [label.read_bytes()]
        listing = json.loads(
            wms("--db", str(database), "devices", "queue", "list", "--json").stdout
        )
        assert [row["state"] for row in listing] == ["done"]
    finally:
        printer.stop()


def test_simulate_printer_runs_until_interrupted(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    spool = tmp_path / "spool"
    proc = subprocess.Popen(
        [WMS, "devices", "simulate", "printer", "--port", str(port), "--spool", str(spool)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "printer simulator on" in proc.stdout.readline()
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"^XAjob^XZ")
        assert wait_until(lambda: spool.exists() and any(spool.iterdir()), timeout=5)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0
    assert [f.read_bytes() for f in spool.iterdir()] == [b"^XAjob^XZ"]


@pytest.mark.parametrize("protocol", ["mt-sics", "toledo"])
def test_simulate_scale_answers_on_its_pty(tmp_path, protocol):
    link = tmp_path / "ttySIMSCALE"
    proc = subprocess.Popen(
        [
            WMS,
            "devices",
            "simulate",
            "scale",
            str(link),
            "--protocol",
            protocol,
            "--weight",
            "4.200",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "scale simulator at" in proc.stdout.readline()
        result = wms("devices", "weigh", str(link), "--protocol", protocol)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "4.200 kg"
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert not link.exists()
