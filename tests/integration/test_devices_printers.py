"""Printers on real loopback sockets, ptys and files; ~HS status and timeouts."""

from __future__ import annotations

import shutil
import socket
import threading
import time

import pytest

from wms.core.domain.errors import PrinterError
from wms.devices.print_queue import print_now
from wms.devices.printers import (
    CupsPrinter,
    FilePrinter,
    SerialPrinter,
    TcpPrinter,
    host_status_reply,
)
from wms.devices.simulators.printer import ZplPrinterSimulator
from wms.devices.simulators.ptys import PtyLink

from .devices_fixtures import devices_printer

__all__ = ["devices_printer"]

LABEL = b"^XA^FO50,50^BCN,100,Y,N,N^FD>;>800001234560000000018^FS^XZ" + bytes(range(256))


def test_job_is_delivered_byte_for_byte(devices_printer):
    TcpPrinter(devices_printer.url).send(LABEL)
    big = LABEL * 2000  # ~600 kB: several TCP segments
    TcpPrinter(devices_printer.url).send(big)
    assert devices_printer.wait_for_jobs(2, 5) == [LABEL, big]


def test_ready_printer_status(devices_printer):
    status = TcpPrinter(devices_printer.url).status()
    assert status.ready


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("paper_out", "is out of paper: load labels and press FEED"),
        ("head_open", "has its print head open: close the print head"),
        ("ribbon_out", "is out of ribbon: load a new ribbon"),
        ("paused", "is paused: press PAUSE on the printer to resume"),
    ],
)
def test_faults_become_operator_messages(fault, words):
    with ZplPrinterSimulator(fault=fault) as printer:
        status = TcpPrinter(printer.url).status()
        assert status.message(printer.url) == f"Printer {printer.url} {words}"
        with pytest.raises(PrinterError) as caught:
            print_now(printer.url, LABEL, check_status=True)
        assert str(caught.value) == f"Printer {printer.url} {words}"
        assert printer.jobs == []  # nothing sent to a printer that cannot print


def test_printer_that_never_answers_is_a_timeout_fault():
    with ZplPrinterSimulator(fault="silent") as printer:
        started = time.monotonic()
        with pytest.raises(PrinterError, match=r"did not answer a status request within 0\.3 s"):
            TcpPrinter(printer.url, status_timeout=0.3).status()
        assert time.monotonic() - started < 5  # bounded, whatever the machine


def test_printer_that_accepts_but_never_reads_does_not_hang_a_send():
    server = socket.create_server(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()[0]), daemon=True)
    thread.start()
    try:
        printer = TcpPrinter(f"tcp://127.0.0.1:{port}", io_timeout=0.3)
        with pytest.raises(PrinterError, match="stopped taking data"):
            printer.send(b"X" * 50_000_000)  # more than the socket buffers hold
    finally:
        for sock in accepted:
            sock.close()
        server.close()


def test_switched_off_printer_is_refused_in_plain_words():
    with ZplPrinterSimulator() as printer:
        url = printer.url
    with pytest.raises(PrinterError, match="refused the connection: check it is switched on"):
        TcpPrinter(url).send(LABEL)


def test_serial_printer_on_a_pty(tmp_path):
    received = bytearray()
    with PtyLink(tmp_path / "ttyPRN") as link:
        stop = threading.Event()

        def device():
            while not stop.is_set():
                data = link.read(0.05)
                received.extend(data)
                if b"~HS" in data:
                    link.write(host_status_reply(paper_out=True))

        thread = threading.Thread(target=device, daemon=True)
        thread.start()
        printer = SerialPrinter(f"serial://{tmp_path / 'ttyPRN'}")
        printer.send(LABEL)
        status = printer.status()
        stop.set()
        thread.join(2)
    assert bytes(received).startswith(LABEL)
    assert status.paper_out


def test_serial_printer_that_never_answers(tmp_path):
    with (
        PtyLink(tmp_path / "ttyPRN"),
        pytest.raises(PrinterError, match="did not answer a status request"),
    ):
        SerialPrinter(str(tmp_path / "ttyPRN"), status_timeout=0.2).status()


def test_file_printer_appends_and_spool_folder_gets_one_file_per_job(tmp_path):
    target = tmp_path / "labels.zpl"
    printer = FilePrinter(f"file://{target}")
    printer.send(b"^XA1^XZ")
    printer.send(b"^XA2^XZ")
    assert target.read_bytes() == b"^XA1^XZ^XA2^XZ"

    spool = tmp_path / "spool"
    spool.mkdir()
    folder = FilePrinter(f"file://{spool}", extension="zpl")
    folder.send(b"^XAone^XZ", name="000123")
    folder.send(b"^XAtwo^XZ", name="000124")
    files = sorted(spool.iterdir())
    assert [f.read_bytes() for f in files] == [b"^XAone^XZ", b"^XAtwo^XZ"]
    assert all(f.suffix == ".zpl" for f in files)


def test_file_printer_in_a_missing_read_only_place(tmp_path):
    with pytest.raises(PrinterError, match="cannot write"):
        FilePrinter(f"file://{tmp_path}/missing/dir/x.zpl").send(b"x")


@pytest.mark.skipif(shutil.which("lp") is None, reason="CUPS 'lp' command not installed")
def test_cups_unknown_queue_is_refused():
    with pytest.raises(PrinterError, match="CUPS"):
        CupsPrinter("cups://wms-test-queue-that-does-not-exist").send(b"%PDF-1.4\n")


def test_cups_without_lp_says_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(PrinterError, match="apt install cups-client"):
        CupsPrinter("cups://Office").send(b"%PDF-1.4\n")


def _one_connection_printer(close_after_reading: bool) -> tuple[socket.socket, threading.Event]:
    """A raw-TCP printer for one job: reads it to the end, then closes (or keeps it open)."""
    server = socket.create_server(("127.0.0.1", 0))
    took_the_job = threading.Event()

    def serve() -> None:
        client, _ = server.accept()
        with client:
            while client.recv(65536):
                pass
            took_the_job.set()
            if not close_after_reading:
                time.sleep(2)

    threading.Thread(target=serve, daemon=True).start()
    return server, took_the_job


def test_a_send_returns_once_the_printer_has_taken_the_whole_job():
    server, took_the_job = _one_connection_printer(close_after_reading=True)
    with server:
        TcpPrinter(f"tcp://127.0.0.1:{server.getsockname()[1]}").send(LABEL * 1000)
        assert took_the_job.is_set()  # the next job's connect would not queue behind it


def test_a_printer_that_keeps_the_connection_open_after_a_job_does_not_hold_the_send():
    server, took_the_job = _one_connection_printer(close_after_reading=False)
    with server:
        url = f"tcp://127.0.0.1:{server.getsockname()[1]}"
        TcpPrinter(url, close_wait=0.2).send(LABEL)  # returns, no error: the job was sent
        assert took_the_job.wait(5)
