"""Device layer figures: scanner framing on a real pty, print queue vs raw socket sends.

Run:  .venv/bin/python benchmarks/bench_devices.py [--scans N] [--jobs N]

Prints a small table. Needs socat for the scanner part (skipped with a note otherwise).
"""

from __future__ import annotations

import argparse
import queue
import shutil
import socket
import sqlite3
import statistics
import tempfile
import threading
import time
from pathlib import Path

from physical import percentile

import wms.core.persistence.print_jobs  # noqa: F401 - registers the table
from wms.core.persistence.base import Base
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.print_jobs import JobState, PrintJobStore
from wms.devices.framing import FramedScan
from wms.devices.print_queue import PrintQueue
from wms.devices.printers import TcpPrinter
from wms.devices.scanner import ScannerConnected, SerialScanner
from wms.devices.simulators.printer import ZplPrinterSimulator
from wms.devices.simulators.ptys import SocatPair
from wms.devices.simulators.scanner import ScannerSimulator

GS1 = "]C1010950600013435210LOT{:06d}\x1d17270131"


def bench_scanner(count: int, folder: Path) -> list[tuple[str, str]]:
    if shutil.which("socat") is None:
        return [("scanner on pty", "skipped: socat not installed")]
    rows = []
    with SocatPair(folder / "ttyDEV", folder / "ttySIM") as pair:
        arrivals: queue.Queue = queue.Queue()

        def on_event(event):
            if isinstance(event, FramedScan):
                arrivals.put((time.perf_counter(), event.text))
            elif isinstance(event, ScannerConnected):
                arrivals.put((time.perf_counter(), None))

        with SerialScanner(str(pair.device_link), on_event=on_event) as scanner:
            arrivals.get(timeout=5)
            assert scanner.connected
            with ScannerSimulator(str(pair.peer_link)) as device:
                # latency: one scan at a time, write -> callback
                latencies = []
                for i in range(min(count, 1000)):
                    sent = time.perf_counter()
                    device.scan(GS1.format(i))
                    received, text = arrivals.get(timeout=5)
                    assert text == GS1.format(i)
                    latencies.append((received - sent) * 1000)
                # throughput: a burst of scans written back to back
                started = time.perf_counter()
                for i in range(count):
                    device.scan(GS1.format(i))
                last = started
                for i in range(count):
                    last, text = arrivals.get(timeout=10)
                    assert text == GS1.format(i)
                elapsed = last - started
    rows.append(("scanner pty: framed scans/s (burst)", f"{count / elapsed:,.0f}"))
    rows.append(("scanner pty: latency median (ms)", f"{statistics.median(latencies):.3f}"))
    rows.append(("scanner pty: latency p99 (ms)", f"{percentile(latencies, 0.99):.3f}"))
    return rows


def bench_printing(count: int, folder: Path) -> list[tuple[str, str]]:
    payloads = [
        (
            f"^XA^CI28^FO40,40^A0N,40,40^FDParcel {i}^FS^FO40,100^BCN,120,Y,N,N"
            f"^FD>;>800{376123450000000000 + i:018d}^FS^XZ"
        ).encode()
        * 8
        for i in range(count)
    ]
    rows = []
    with ZplPrinterSimulator() as printer:
        host, port = printer.host, printer.port

        def raw_send(payload: bytes) -> None:
            with socket.create_connection((host, port), timeout=5) as sock:
                sock.sendall(payload)
                sock.shutdown(socket.SHUT_WR)

        # The reference and the queue are timed job by job, interleaved, each job delivered
        # (the simulator holds it) before the next: the simulator serves one connection at a
        # time with a 16-connection backlog, so 300 raw connects in a burst overflow the backlog
        # and wait for SYN retransmits - the reference would measure the kernel's back-off.
        engine = create_station_engine(str(folder / "queue-False.db"))
        Base.metadata.create_all(engine, tables=[Base.metadata.tables["print_jobs"]])
        jobs = PrintQueue(PrintJobStore(session_factory(engine)), check_status=False)
        # the floor of any durable queue: the enqueue's own commit, a bare sqlite3 INSERT in WAL
        # mode with synchronous=FULL (one fsync), on the same disk, timed in the same minutes
        bare = sqlite3.connect(folder / "bare.db", isolation_level=None)
        bare.execute("PRAGMA journal_mode = WAL")
        bare.execute("PRAGMA synchronous = FULL")
        bare.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, payload BLOB)")
        spent = {"raw": 0.0, "direct": 0.0, "commit": 0.0, "queue": 0.0}
        for i, payload in enumerate(payloads):
            delivered = len(printer.jobs)
            for kind in ("raw", "direct", "commit", "queue"):
                started = time.perf_counter()
                if kind == "commit":
                    bare.execute("BEGIN IMMEDIATE")
                    bare.execute("INSERT INTO jobs (payload) VALUES (?)", (payload,))
                    bare.execute("COMMIT")
                    spent[kind] += time.perf_counter() - started
                    continue
                if kind == "raw":
                    raw_send(payload)
                elif kind == "direct":
                    TcpPrinter(printer.url).send(payload)
                else:
                    jobs.enqueue(printer.url, payload, reference=f"{i:018d}")
                    jobs.run_due_jobs()
                delivered += 1
                while len(printer.wait_for_jobs(delivered, 0.05)) < delivered:
                    if kind == "queue":
                        jobs.run_due_jobs()  # not sent yet (a retry after a hiccup)
                spent[kind] += time.perf_counter() - started
        engine.dispose()
        bare.close()
        raw, direct = count / spent["raw"], count / spent["direct"]
        floor = count / (spent["raw"] + spent["commit"])
        results = {False: count / spent["queue"]}

        engine = create_station_engine(str(folder / "queue-True.db"))
        Base.metadata.create_all(engine, tables=[Base.metadata.tables["print_jobs"]])
        jobs = PrintQueue(PrintJobStore(session_factory(engine)), check_status=True)
        before = len(printer.jobs)
        started = time.perf_counter()
        for i, payload in enumerate(payloads):
            jobs.enqueue(printer.url, payload, reference=f"{i:018d}")
        enqueued = time.perf_counter()
        while len(jobs.store.jobs(states=[JobState.DONE], limit=count + 1)) < count:
            jobs.run_due_jobs()
        printer.wait_for_jobs(before + count, 30)
        finished = time.perf_counter()
        results[True] = count / (finished - started)
        burst = count / (finished - enqueued)  # the backlog's delivery alone
        engine.dispose()
    rows.append(("printing: raw socket sends, each delivered (jobs/s)", f"{raw:,.0f}"))
    rows.append(("printing: TcpPrinter.send, no queue (jobs/s)", f"{direct:,.0f}"))
    rows.append(("printing: durable queue (jobs/s)", f"{results[False]:,.0f}"))
    rows.append(("printing: queue / raw ratio", f"{results[False] / raw:.2f}"))
    commit_ms, raw_ms = 1000 * spent["commit"] / count, 1000 * spent["raw"] / count
    rows.append(
        ("printing: bare FULL commit vs raw send (ms per job)", f"{commit_ms:.2f} vs {raw_ms:.2f}")
    )
    rows.append(("printing: bare FULL commit + raw send (jobs/s, floor)", f"{floor:,.0f}"))
    rows.append(
        ("printing: queue / (bare commit + raw send) ratio", f"{results[False] / floor:.2f}")
    )
    rows.append(("printing: queue + ~HS check per round (jobs/s)", f"{results[True]:,.0f}"))
    rows.append(("printing: of which the backlog's delivery alone (jobs/s)", f"{burst:,.0f}"))
    rows.append(("payload bytes per job", f"{len(payloads[0])}"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scans", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = bench_scanner(args.scans, folder) + bench_printing(args.jobs, folder)
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 12}")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"(threads alive at exit: {threading.active_count()})")


if __name__ == "__main__":
    main()
