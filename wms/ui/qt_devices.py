"""Qt adapters of the device layer: thread callbacks become signals on the GUI thread.

The device layer (:mod:`wms.devices`) knows nothing of Qt: a serial scanner has a reader thread
with a callback, the print queue a worker thread with ``on_change``, a scale a blocking
``weigh()``. Each adapter here owns one of them and re-emits what happens as a Qt signal through
a *queued* connection, so slots always run on the GUI thread and a slow device never blocks it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from wms.core.domain.errors import WmsError
from wms.devices.config import DeviceConfig, DeviceSettings
from wms.devices.framing import BadFrame, FramedScan, IncompleteScan
from wms.devices.scanner import ScannerConnected, ScannerDisconnected, SerialScanner
from wms.ui.workers import Tasks, ThreadBridge

log = logging.getLogger("wms.ui.devices")


class QtSerialScanner(QObject):
    """A :class:`~wms.devices.scanner.SerialScanner` whose events arrive as signals.

    ``scanned(text)`` for each complete scan (GS kept), ``problem(message)`` for a cut-off or
    unreadable frame, ``connection(ok, message)`` when the port comes or goes.
    """

    scanned = Signal(str)
    problem = Signal(str)
    connection = Signal(bool, str)

    def __init__(
        self,
        url: str,
        *,
        device: DeviceConfig | None = None,
        factory: Callable[..., Any] = SerialScanner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.url = url
        self.name = device.name if device is not None else url
        self.connected = False
        self.status = "starting"
        self._bridge = ThreadBridge(self._dispatch, self)
        options: dict[str, Any] = {"on_event": self._from_thread}
        if device is not None:
            options["settings"] = device.serial_settings()
            options["terminator"] = device.terminator
            if "inter_byte_timeout" in device.options:
                options["inter_byte_timeout"] = float(device.options["inter_byte_timeout"])
        self.scanner = factory(url, **options)

    def start(self) -> QtSerialScanner:
        self.scanner.start()
        return self

    def stop(self) -> None:
        self.scanner.stop()

    def _from_thread(self, event: object) -> None:
        # runs on the scanner's reader thread: only hand over
        self._bridge.post(event)

    def deliver(self, event: object) -> None:
        """What the reader thread would call (tests, simulators)."""
        self._from_thread(event)

    def _dispatch(self, event: object) -> None:
        if isinstance(event, FramedScan):
            self.scanned.emit(event.text)
        elif isinstance(event, IncompleteScan | BadFrame):
            self.problem.emit(event.message)
        elif isinstance(event, ScannerConnected):
            self.connected = True
            self.status = event.message
            self.connection.emit(True, event.message)
        elif isinstance(event, ScannerDisconnected):
            self.connected = False
            self.status = event.message
            self.connection.emit(False, event.message)


class QtScale(QObject):
    """Reads a scale on its own thread every ``interval`` seconds.

    ``weight(kg: Decimal, stable: bool, text: str)`` on each reading; ``failed(message)`` when the
    scale does not answer (the thread keeps trying).
    """

    weight = Signal(object, bool, str)
    failed = Signal(str)

    def __init__(
        self,
        opener: Callable[[], Any],
        *,
        interval: float = 0.5,
        name: str = "scale",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.opener = opener
        self.interval = interval
        self.name = name
        self.last_kg: Decimal | None = None
        self.last_stable = False
        self.ok = False
        self.status = "starting"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._bridge = ThreadBridge(self._dispatch, self)

    @classmethod
    def for_device(cls, device: DeviceConfig, parent: QObject | None = None) -> QtScale:
        from wms.devices.scales import open_scale

        def opener():  # type: ignore[no-untyped-def]
            return open_scale(
                device.url,
                device.protocol,
                settings=device.serial_settings(),
                timeout=float(device.options.get("timeout", 1.0)),
            )

        return cls(opener, name=device.name, parent=parent)

    def start(self) -> QtScale:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(3.0)
            self._thread = None

    def _run(self) -> None:
        scale = None
        while not self._stop.is_set():
            try:
                if scale is None:
                    scale = self.opener()
                reading = (
                    scale.weigh_immediate(accept_dynamic=True)
                    if hasattr(scale, "weigh_immediate")
                    else scale.weigh()
                )
                self._bridge.post(reading)
            except WmsError as error:
                self._bridge.post(error)
                if scale is not None and hasattr(scale, "close"):
                    try:
                        scale.close()
                    except Exception:
                        log.debug("closing scale failed", exc_info=True)
                scale = None
            except Exception as error:
                log.exception("scale %s: unexpected failure", self.name)
                self._bridge.post(error)
                scale = None
            self._stop.wait(self.interval)
        if scale is not None and hasattr(scale, "close"):
            try:
                scale.close()
            except Exception:
                log.debug("closing scale failed", exc_info=True)

    def _dispatch(self, reading: object) -> None:
        if isinstance(reading, BaseException):
            self.ok = False
            self.status = str(reading)
            self.failed.emit(str(reading))
            return
        try:
            kg = reading.kg  # type: ignore[attr-defined]
        except WmsError as error:
            self.ok = False
            self.status = str(error)
            self.failed.emit(str(error))
            return
        self.ok = True
        self.last_kg = kg
        self.last_stable = bool(reading.stable)  # type: ignore[attr-defined]
        self.status = f"{kg:.3f} kg" + ("" if self.last_stable else " (unstable)")
        self.weight.emit(kg, self.last_stable, str(reading))


class QtPrintQueue(QObject):
    """The durable print queue: its worker thread's changes arrive as ``changed(record)``."""

    changed = Signal(object)
    failed = Signal(str)

    def __init__(self, queue: Any, tasks: Tasks, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.tasks = tasks
        # called on the queue's worker thread: handed over to the GUI thread
        self._bridge = ThreadBridge(self.changed.emit, self)
        queue.on_change = self._bridge.post

    def start(self) -> QtPrintQueue:
        self.queue.start()
        return self

    def stop(self) -> None:
        self.queue.stop(timeout=3.0)

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        self.tasks.run(fn, done, lambda error: self.failed.emit(_sentence(error)))

    def enqueue(self, printer: str, payload: bytes, **options: Any) -> None:
        self._run(lambda: self.queue.enqueue(printer, payload, **options))

    def reprint(self, job_id: str, printer: str | None = None) -> None:
        self._run(lambda: self.queue.reprint(job_id, printer))

    def reroute(self, job_id: str, printer: str) -> None:
        self._run(lambda: self.queue.reroute(job_id, printer))

    def cancel(self, job_id: str) -> None:
        self._run(lambda: self.queue.cancel(job_id))

    def retry_now(self, printer: str | None = None) -> None:
        self._run(lambda: self.queue.retry_now(printer))

    def jobs(self, done: Callable[[Any], None], **filters: Any) -> None:
        self._run(lambda: self.queue.jobs(**filters), done)


class DeviceHealthMonitor(QObject):
    """Probes configured printers and scales in the background every ``interval`` seconds.

    Scanners in use report their own state (:class:`QtSerialScanner`); probing would fight the
    reader thread for the port. ``health(name, ok, message)`` per device per round.
    """

    health = Signal(str, bool, str)

    def __init__(
        self,
        devices: DeviceSettings,
        tasks: Tasks,
        *,
        interval: float = 60.0,
        probe: Callable[[DeviceConfig], Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.devices = devices
        self.tasks = tasks
        self.results: dict[str, tuple[bool, str]] = {}
        self._probe = probe
        self._busy: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval * 1000))
        self._timer.timeout.connect(self.check_all)

    def start(self) -> None:
        self._timer.start()
        QTimer.singleShot(1500, self.check_all)

    def stop(self) -> None:
        self._timer.stop()

    def check_all(self) -> None:
        for device in self.devices.devices.values():
            if device.role != "scanner":
                self.check(device)

    def check(self, device: DeviceConfig) -> None:
        if device.name in self._busy:
            return
        self._busy.add(device.name)
        probe: Callable[[DeviceConfig], Any]
        if self._probe is not None:
            probe = self._probe
        else:
            from wms.devices.health import probe

        def done(result: Any) -> None:
            self._busy.discard(device.name)
            self.results[device.name] = (bool(result.ok), str(result.message))
            self.health.emit(device.name, bool(result.ok), str(result.message))

        def failed(error: BaseException) -> None:
            self._busy.discard(device.name)
            self.results[device.name] = (False, _sentence(error))
            self.health.emit(device.name, False, _sentence(error))

        self.tasks.run(lambda: probe(device), done, failed)


def _sentence(error: BaseException) -> str:
    if isinstance(error, WmsError):
        return str(error)
    log.error("device action failed", exc_info=error)
    return f"unexpected {type(error).__name__}; see the station log"
