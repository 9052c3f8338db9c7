"""A ZPL label printer on a TCP port: records every job, answers ``~HS``, can be switched off.

Each connection is one job: the bytes received until the client closes, minus any ``~HS``
status requests (which a Zebra answers at once and does not print). ``fault`` chooses what
``~HS`` reports: ``None`` (ready), ``"paper_out"``, ``"head_open"``, ``"ribbon_out"``,
``"paused"``, or ``"silent"`` (accepts connections and data, never answers anything).
Connections are served one at a time, in order, like a real printer. ``stop()`` is the power
switch: the port closes and open connections drop; ``start()`` brings the printer back on the
same port.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path

from wms.devices.printers import HOST_STATUS, host_status_reply

FAULTS = (None, "paper_out", "head_open", "ribbon_out", "paused", "silent")


class ZplPrinterSimulator:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        spool: str | Path | None = None,
        fault: str | None = None,
    ) -> None:
        if fault not in FAULTS:
            raise ValueError(f"fault must be one of {FAULTS}, found {fault!r}")
        self.host = host
        self.port = port
        self.spool = Path(spool) if spool else None
        self.fault = fault
        self.jobs: list[bytes] = []
        self._lock = threading.Condition()
        self._server: socket.socket | None = None
        self._clients: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._on = threading.Event()

    @property
    def url(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        """Switched on and listening (the station stops its demo printer when it closes)."""
        return self._on.is_set()

    def start(self) -> ZplPrinterSimulator:
        """Switch on (listen on ``port``; a first start with port 0 picks a free port)."""
        if self._on.is_set():
            return self
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((self.host, self.port))
        server.listen(16)
        server.settimeout(0.1)
        self.port = server.getsockname()[1]
        self._server = server
        self._on.set()
        thread = threading.Thread(target=self._accept, args=(server,), daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Switch off: stop listening and drop every connection (unfinished jobs are lost)."""
        self._on.clear()
        server, self._server = self._server, None
        if server is not None:
            server.close()
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            with contextlib.suppress(OSError):
                client.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                client.close()
        for thread in self._threads:
            thread.join(2)
        self._threads = [t for t in self._threads if t.is_alive()]

    def __enter__(self) -> ZplPrinterSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait_for_jobs(self, count: int, timeout: float) -> list[bytes]:
        """Wait until at least ``count`` jobs arrived (or ``timeout``); return all jobs."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.jobs) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
            return list(self.jobs)

    def _accept(self, server: socket.socket) -> None:
        while self._on.is_set():
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(0.1)
            with self._lock:
                self._clients.add(client)
            # Like a real printer: one connection at a time, the others wait in the backlog,
            # so jobs are recorded in the order they were sent.
            self._serve(client)

    def _serve(self, client: socket.socket) -> None:
        data = bytearray()
        scanned = 0
        closed_by_peer = False
        try:
            while self._on.is_set():
                try:
                    chunk = client.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not chunk:
                    closed_by_peer = True
                    break
                data += chunk
                while True:
                    index = data.find(HOST_STATUS, scanned)
                    if index < 0:
                        scanned = max(scanned, len(data) - len(HOST_STATUS) + 1)
                        break
                    del data[index : index + len(HOST_STATUS)]
                    scanned = index
                    self._answer_status(client)
        finally:
            with self._lock:
                self._clients.discard(client)
            with contextlib.suppress(OSError):
                client.close()
        if closed_by_peer and data.strip():
            self._record(bytes(data))

    def _answer_status(self, client: socket.socket) -> None:
        if self.fault == "silent":
            return
        reply = host_status_reply(
            paper_out=self.fault == "paper_out",
            head_open=self.fault == "head_open",
            ribbon_out=self.fault == "ribbon_out",
            paused=self.fault == "paused",
        )
        with contextlib.suppress(OSError):
            client.sendall(reply)

    def _record(self, job: bytes) -> None:
        with self._lock:
            self.jobs.append(job)
            number = len(self.jobs)
            self._lock.notify_all()
        if self.spool is not None:
            self.spool.mkdir(parents=True, exist_ok=True)
            (self.spool / f"job-{number:05d}.zpl").write_bytes(job)
