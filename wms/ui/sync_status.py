"""Sync with central in the status bar, and the sync loop in the background.

:class:`SyncMonitor` reads :func:`wms.core.sync.runner.status` (what ``wms sync --status``
prints) on a worker thread every ``interval`` seconds and turns it into one short line:

* ``sync: 3 waiting, last synced 14:02`` (green when nothing waits, amber otherwise)
* ``sync: offline since 14:02 · 57 waiting`` (red: the last attempt failed; the error is the
  tooltip)
* ``sync: not configured`` (grey: no ``[central] url`` / ``$WMS_CENTRAL_URL``)

When a central URL is configured, :class:`SyncLoop` runs the same cycle as ``wms sync`` on its
own thread (``[central] background = false`` in ``wms.toml`` leaves it to a separate
``wms sync`` service). It never runs on the GUI thread nor on the scan session's thread; its
writes to the station database are short page-sized transactions, so a scan's commit waits at
most for one page. Nothing here imports psycopg until a worker thread needs it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from wms.ui.style import ATTENTION, ERROR, OK
from wms.ui.workers import Tasks, ThreadBridge

if TYPE_CHECKING:
    from wms.station import Station

log = logging.getLogger("wms.ui.sync")

GREY = "#546e7a"
#: feed entries per pull transaction in the app: short write transactions beside the scans
APP_PAGE_SIZE = 500
APP_BATCH_SIZE = 1000


@dataclass(frozen=True)
class SyncLine:
    text: str
    colour: str
    tooltip: str = ""


def clock_text(moment: datetime | None, now: datetime | None = None) -> str:
    """``14:02`` today, ``25/11 14:02`` on another day (local time)."""
    if moment is None:
        return ""
    local = moment.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    if local.date() == today:
        return local.strftime("%H:%M")
    return local.strftime("%d/%m %H:%M")


def sync_line(state: Any, *, configured: bool, now: datetime | None = None) -> SyncLine:
    """The status-bar line for a :class:`wms.core.sync.runner.Status` (or None: no state)."""
    if not configured:
        tip = QCoreApplication.translate(
            "SyncMonitor", "No central database: set [central] url in wms.toml or $WMS_CENTRAL_URL."
        )
        if state is not None and state.waiting:
            tip += " " + QCoreApplication.translate(
                "SyncMonitor", "{n} movements are kept on this station."
            ).format(n=state.waiting)
        return SyncLine(
            QCoreApplication.translate("SyncMonitor", "sync: not configured"), GREY, tip
        )
    if state is None:
        return SyncLine(QCoreApplication.translate("SyncMonitor", "sync: …"), GREY)
    waiting = int(state.waiting)
    last_ok = state.last_sync_at
    attempt = state.last_attempt_at
    failing = bool(state.last_error) and (last_ok is None or (attempt and attempt > last_ok))
    if failing:
        since = clock_text(last_ok, now)
        text = (
            QCoreApplication.translate(
                "SyncMonitor", "sync: offline since {time} · {n} waiting"
            ).format(time=since, n=waiting)
            if since
            else QCoreApplication.translate(
                "SyncMonitor", "sync: offline, never synced · {n} waiting"
            ).format(n=waiting)
        )
        return SyncLine(text, ERROR, str(state.last_error))
    if last_ok is None:
        text = QCoreApplication.translate(
            "SyncMonitor", "sync: {n} waiting, not synced yet"
        ).format(n=waiting)
        return SyncLine(text, ATTENTION if waiting else GREY)
    text = QCoreApplication.translate(
        "SyncMonitor", "sync: {n} waiting, last synced {time}"
    ).format(n=waiting, time=clock_text(last_ok, now))
    return SyncLine(text, ATTENTION if waiting else OK)


class SyncMonitor(QObject):
    """``changed(SyncLine)`` after each background read of the sync state."""

    changed = Signal(object)

    def __init__(
        self,
        services: Station,
        tasks: Tasks,
        *,
        interval: float = 15.0,
        reader: Callable[[], Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.configured = bool(services.config.central_url)
        self.line = sync_line(None, configured=self.configured)
        self.state: Any = None
        self.reads = 0
        self._reader = reader
        self._busy = False
        self._again = False  # asked for while a read was running: read once more after it
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval * 1000))
        self._timer.timeout.connect(self.refresh)
        self.loop: SyncLoop | None = None

    def start(self, *, run_loop: bool | None = None) -> None:
        self._timer.start()
        self.refresh()
        if run_loop is None:
            run_loop = self.configured and self.services.config.central.background
        if run_loop and self.configured and self.loop is None:
            self.loop = SyncLoop(self.services, on_cycle=self.refresh, parent=self)
            self.loop.start()

    def stop(self) -> None:
        self._timer.stop()
        if self.loop is not None:
            self.loop.stop()
            self.loop = None

    def refresh(self) -> None:
        """Read the sync state in the background. Asked for while a read runs (a sync cycle
        ended meanwhile), it reads once more after that one, so what the cycle wrote shows."""
        if self._busy:
            self._again = True
            return
        self._busy = True
        self._again = False
        self.tasks.run(self._reader or self._read, self._show, self._failed)

    def _read_again_if_asked(self) -> None:
        if self._again:
            self.refresh()

    def _read(self) -> Any:
        from wms.core.sync.runner import status

        services = self.services
        return status(services.read_sessions, services.warehouse, services.station)

    def _show(self, state: Any) -> None:
        self._busy = False
        self.reads += 1
        self.state = state
        self.line = sync_line(state, configured=self.configured)
        self.changed.emit(self.line)
        self._read_again_if_asked()

    def retranslate(self) -> None:
        """The same state in the language just chosen."""
        if self.state is not None or not self.reads:
            self.line = sync_line(self.state, configured=self.configured)
            self.changed.emit(self.line)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.reads += 1
        log.warning("reading the sync state failed: %s", error)
        self.line = SyncLine(
            QCoreApplication.translate("SyncMonitor", "sync: state unknown"), GREY, str(error)
        )
        self.changed.emit(self.line)
        self._read_again_if_asked()


class SyncLoop(QObject):
    """``wms sync``'s loop on a daemon thread; ``on_cycle()`` on the GUI thread after each cycle."""

    def __init__(
        self,
        services: Station,
        *,
        on_cycle: Callable[[], None] | None = None,
        interval: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        central = services.config.central
        self.interval = float(interval or central.interval_seconds)
        self.max_backoff = central.max_backoff_seconds
        self.lines: list[str] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._bridge = ThreadBridge(lambda _item: on_cycle() if on_cycle else None, self)

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="sync loop", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        """Stop the loop; a cycle still running after ``timeout`` finishes on its own, and its
        report is dropped (the bridge is closed), so nothing calls back after stop()."""
        self._stop.set()
        self._bridge.close()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        from wms.core.sync.runner import run_forever, sync_once

        services = self.services
        url = services.config.central_url

        def cycle():  # type: ignore[no-untyped-def]
            return sync_once(
                services.sessions,
                url,
                warehouse=services.warehouse,
                station=services.station,
                batch_size=APP_BATCH_SIZE,
                page_size=APP_PAGE_SIZE,
            )

        def out(line: str) -> None:
            self.lines.append(line)
            del self.lines[:-50]
            log.info("%s", line)
            self._bridge.post(line)

        try:
            run_forever(
                cycle,
                interval=self.interval,
                max_backoff=self.max_backoff,
                out=out,
                should_stop=self._stop.is_set,
            )
        except Exception:
            log.exception("the sync loop stopped")
