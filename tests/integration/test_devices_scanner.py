"""Serial scanners end to end on real ptys (socat), loop:// and a TCP socket."""

from __future__ import annotations

import queue
import socket
import threading
import time

from wms.devices.framing import FramedScan, IncompleteScan
from wms.devices.scanner import ScannerConnected, ScannerDisconnected, SerialScanner
from wms.devices.simulators.scanner import ScannerSimulator

from .devices_fixtures import devices_socat_pair, needs_socat, next_event

__all__ = ["devices_socat_pair"]

GS1 = "]C1010950600013435210ABC\x1d17270131"


@needs_socat
def test_scans_through_a_pty_in_pieces(devices_socat_pair):
    events: queue.Queue = queue.Queue()
    scanner = SerialScanner(str(devices_socat_pair.device_link), terminator="crlf", events=events)
    with scanner, ScannerSimulator(str(devices_socat_pair.peer_link), "crlf") as device:
        next_event(events, ScannerConnected)
        device.scan(GS1, chunk=3)
        device.scan("4006381333931")
        first = next_event(events, FramedScan)
        second = next_event(events, FramedScan)
    assert first.text == GS1 and first.symbology == "]C1"
    assert second.text == "4006381333931"


@needs_socat
def test_unterminated_scan_is_reported_and_next_scan_is_clean(devices_socat_pair):
    events: queue.Queue = queue.Queue()
    scanner = SerialScanner(
        str(devices_socat_pair.device_link), inter_byte_timeout=0.15, events=events
    )
    with scanner, ScannerSimulator(str(devices_socat_pair.peer_link)) as device:
        next_event(events, ScannerConnected)
        device.write(b"4006381")
        incomplete = next_event(events, IncompleteScan)
        device.scan("SCAN-2")
        scan = next_event(events, FramedScan)
    assert incomplete.data == b"4006381"
    assert scan.text == "SCAN-2"


@needs_socat
def test_unplug_is_reported_and_replug_resumes_without_losing_scans(devices_socat_pair):
    pair = devices_socat_pair
    received: queue.Queue = queue.Queue()
    seen: list[object] = []

    def callback(event):
        seen.append(event)
        received.put(event)

    scanner = SerialScanner(
        str(pair.device_link), on_event=callback, retry_initial=0.05, retry_max=0.4
    )
    with scanner:
        next_event(received, ScannerConnected)
        device = ScannerSimulator(str(pair.peer_link))
        device.scan("BEFORE")
        assert next_event(received, FramedScan).text == "BEFORE"
        device.close()

        unplugged_at = time.monotonic()
        pair.stop()  # SIGKILL: the cable is pulled
        down = next_event(received, ScannerDisconnected, timeout=3.0)
        assert down.at - unplugged_at < 3.0
        assert not scanner.connected

        time.sleep(0.3)  # unplugged for a while: retries fail quietly
        pair.start()  # plugged back: same link names
        next_event(received, ScannerConnected, timeout=5.0)
        with ScannerSimulator(str(pair.peer_link)) as device:
            sent = [f"AFTER-{i:03d}" for i in range(50)]
            for text in sent:
                device.scan(text)
            got = [next_event(received, FramedScan).text for _ in sent]
        assert got == sent
        assert scanner.running
    kinds = [type(e).__name__ for e in seen]
    assert kinds.count("ScannerDisconnected") == 1  # reported once, not once per retry


def test_missing_port_is_reported_then_retried(tmp_path):
    events: queue.Queue = queue.Queue()
    with SerialScanner(str(tmp_path / "nope"), events=events, retry_initial=0.05):
        down = next_event(events, ScannerDisconnected)
    assert "no such device" in down.reason


def test_scanner_on_a_tcp_socket_and_reconnect():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    server.settimeout(5)
    events: queue.Queue = queue.Queue()
    connections: queue.Queue = queue.Queue()

    def accept_two():
        for _ in range(2):
            try:
                connections.put(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept_two, daemon=True).start()
    scanner = SerialScanner(f"socket://127.0.0.1:{port}", events=events, retry_initial=0.05)
    try:
        with scanner:
            first = connections.get(timeout=5)
            first.sendall(b"]E04006381333931\r")
            assert next_event(events, FramedScan).symbology == "]E0"
            first.close()  # the network scanner drops the link
            next_event(events, ScannerDisconnected, timeout=3)
            second = connections.get(timeout=5)
            next_event(events, ScannerConnected)
            second.sendall(b"AGAIN\r")
            assert next_event(events, FramedScan).text == "AGAIN"
            second.close()
    finally:
        server.close()
