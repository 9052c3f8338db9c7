"""Serial / USB-CDC barcode scanners: a reader thread that survives unplug and replug.

:class:`SerialScanner` owns one thread. It opens the port (any URL accepted by
:func:`wms.devices.transports.open_serial`), reads bytes, hands them to a
:class:`~wms.devices.framing.ScanFramer` and delivers the events to a callback and/or a
:class:`queue.Queue`:

* :class:`~wms.devices.framing.FramedScan`, :class:`~wms.devices.framing.IncompleteScan`,
  :class:`~wms.devices.framing.BadFrame` from the framer;
* :class:`ScannerConnected` when the port is (re)opened;
* :class:`ScannerDisconnected` when it cannot be opened or goes away (read error, device node
  removed). The thread then retries opening with a doubling back-off (0.2 s up to 2 s by default)
  and carries on where it was, without restarting anything.

The callback runs on the reader thread: the Qt layer adapts it to a signal; plain code can pass
``events=queue.Queue()`` and poll it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import serial

from wms.core.domain.errors import DeviceError
from wms.devices.framing import FrameEvent, ScanFramer, Terminator
from wms.devices.transports import SerialSettings, device_path, open_serial

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScannerConnected:
    url: str
    at: float

    @property
    def message(self) -> str:
        return f"scanner {self.url} connected"


@dataclass(frozen=True)
class ScannerDisconnected:
    url: str
    at: float
    reason: str

    @property
    def message(self) -> str:
        return f"scanner {self.url} disconnected: {self.reason}; reconnecting automatically"


ScannerEvent = FrameEvent | ScannerConnected | ScannerDisconnected
EventCallback = Callable[[ScannerEvent], None]


class SerialScanner:
    """A scanner on a serial-like port, read by a background thread.

    ``start()`` returns at once; the thread keeps trying to open the port until ``stop()``.
    """

    def __init__(
        self,
        url: str,
        *,
        settings: SerialSettings | None = None,
        terminator: Terminator | str = Terminator.CR,
        inter_byte_timeout: float = 0.2,
        on_event: EventCallback | None = None,
        events: queue.Queue[ScannerEvent] | None = None,
        retry_initial: float = 0.2,
        retry_max: float = 2.0,
        poll_interval: float = 0.05,
        encoding: str = "utf-8",
    ) -> None:
        self.url = url
        self.settings = settings or SerialSettings()
        self.terminator = Terminator.parse(terminator)
        self.inter_byte_timeout = inter_byte_timeout
        self.on_event = on_event
        self.events = events
        self.retry_initial = retry_initial
        self.retry_max = retry_max
        self.poll_interval = poll_interval
        self.encoding = encoding
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._port: serial.SerialBase | None = None
        self._connected = threading.Event()
        self._lock = threading.Lock()

    # -- life cycle ------------------------------------------------------------------------

    def start(self) -> SerialScanner:
        if self._thread is not None and self._thread.is_alive():
            return self
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"scanner {self.url}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        with self._lock:
            port = self._port
        if port is not None and hasattr(port, "cancel_read"):
            with contextlib.suppress(Exception):
                port.cancel_read()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> SerialScanner:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- thread ----------------------------------------------------------------------------

    def _emit(self, event: ScannerEvent) -> None:
        if self.events is not None:
            self.events.put(event)
        if self.on_event is not None:
            try:
                self.on_event(event)
            except Exception:
                log.exception("scanner %s: event callback failed for %r", self.url, event)

    def _run(self) -> None:
        delay = self.retry_initial
        reported_down = False
        framer = ScanFramer(
            self.terminator,
            inter_byte_timeout=self.inter_byte_timeout,
            encoding=self.encoding,
        )
        while not self._stop.is_set():
            try:
                port = open_serial(self.url, self.settings, timeout=self.poll_interval)
            except DeviceError as error:
                if not reported_down:
                    self._emit(ScannerDisconnected(self.url, time.monotonic(), str(error)))
                    reported_down = True
                self._stop.wait(delay)
                delay = min(delay * 2, self.retry_max)
                continue
            delay = self.retry_initial
            reported_down = False
            with self._lock:
                self._port = port
            self._connected.set()
            self._emit(ScannerConnected(self.url, time.monotonic()))
            try:
                reason = self._pump(port, framer)
            finally:
                self._connected.clear()
                with self._lock:
                    self._port = None
                with contextlib.suppress(Exception):
                    port.close()
            if reason is None:
                break
            self._emit(ScannerDisconnected(self.url, time.monotonic(), reason))
            reported_down = True
            self._stop.wait(delay)

    def _pump(self, port: serial.SerialBase, framer: ScanFramer) -> str | None:
        """Read until stopped (``None``) or the port fails (the reason, in words)."""
        path = device_path(self.url)
        last_check = time.monotonic()
        while not self._stop.is_set():
            try:
                waiting = port.in_waiting
                data = port.read(max(1, min(waiting, 4096)))
            except (serial.SerialException, OSError, TypeError, AttributeError) as error:
                # TypeError/AttributeError: pyserial's posix read after a concurrent close
                now = time.monotonic()
                for event in framer.flush(now, "the scanner went away in the middle of a scan"):
                    self._emit(event)
                if self._stop.is_set():
                    return None
                return f"read failed ({error})"
            now = time.monotonic()
            for event in framer.feed(data, now) if data else framer.tick(now):
                self._emit(event)
            if path is not None and now - last_check >= 0.5:
                last_check = now
                if not os.path.exists(path):
                    for event in framer.flush(now, "the scanner went away in the middle of a scan"):
                        self._emit(event)
                    return f"{path} is gone (unplugged?)"
        for event in framer.flush(
            time.monotonic(), "the scanner was stopped in the middle of a scan"
        ):
            self._emit(event)
        return None
