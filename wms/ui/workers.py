"""Background work with results back on the GUI thread (the Picard / Anki pattern).

* :class:`Tasks` runs independent jobs (queries, exports, device probes, print-queue actions) on
  a :class:`QThreadPool`; ``on_done(result)`` / ``on_error(exception)`` run on the GUI thread.
  ``Tasks(synchronous=True)`` runs them inline: a fake pool for tests that want no threads.
* :class:`SerialExecutor` runs jobs one after another on one dedicated thread, in submission
  order: a station's scan session (scans must be handled in the order they were read, and the
  session object is not shared between threads).

The window never waits for either: a slow database or printer delays only the job's own result.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger("wms.ui.workers")

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Gate:
    """Open while the bridge may be posted to. A plain Python object (not a QObject), so it
    outlives the bridge's C++ half and can still answer a thread that posts late."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = True

    def close(self, *_args: object) -> None:
        with self.lock:  # waits for a post in progress on another thread
            self.open = False


class ThreadBridge(QObject):
    """Hands Python objects from any thread to ``handler`` on the GUI thread.

    Objects travel through a thread-safe queue; only an argument-less signal crosses threads
    (a queued signal carrying Python objects is where PySide has had reference-count bugs).

    A worker may outlive the bridge (a sync cycle still running when the window closes): the
    bridge closes its gate when it is closed or destroyed — under a lock, so a post is either
    finished before the C++ object goes or never starts — and later posts are dropped instead
    of raising "Signal source has been deleted" on the worker thread.
    """

    _wake = Signal()

    def __init__(self, handler: Callable[[Any], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.handler = handler
        self._items: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._gate = _Gate()
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self.destroyed.connect(self._gate.close)

    def post(self, item: Any) -> None:
        """Callable from any thread; does nothing once the bridge is closed or destroyed."""
        with self._gate.lock:
            if not self._gate.open:
                return
            self._items.put(item)
            try:
                self._wake.emit()
            except RuntimeError:  # "Signal source has been deleted": the C++ half went
                # before ``destroyed`` reached the gate (its parent deleted from C++); nobody
                # listens any more, so the item is dropped like any later post
                self._gate.open = False

    def close(self) -> None:
        """Drop whatever is posted from now on (the owner stops listening)."""
        self._gate.close()

    @Slot()
    def _drain(self) -> None:
        while self._gate.open:
            try:
                item = self._items.get_nowait()
            except queue.Empty:
                return
            try:
                self.handler(item)
            except Exception:
                log.exception("handling a result on the GUI thread failed")


class _Job(QRunnable):
    def __init__(self, number: int, fn: Callable[[], Any], bridge: ThreadBridge) -> None:
        super().__init__()
        self.number = number
        self.fn = fn
        self.bridge = bridge
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as error:
            self.bridge.post((self.number, False, error))
        else:
            self.bridge.post((self.number, True, result))


class Tasks(QObject):
    """Run ``fn`` in the background; call ``on_done``/``on_error`` on the GUI thread."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        pool: QThreadPool | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.synchronous = synchronous
        self._bridge = ThreadBridge(lambda item: self._finished(*item), self)
        self._numbers = itertools.count(1)
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}

    @property
    def running(self) -> int:
        return len(self._callbacks)

    def run(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        if self.synchronous:
            try:
                result = fn()
            except BaseException as error:
                self._deliver_error(on_error, error)
            else:
                if on_done is not None:
                    on_done(result)
            return
        number = next(self._numbers)
        self._callbacks[number] = (on_done, on_error)
        self.pool.start(_Job(number, fn, self._bridge))

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for every started job (tests, shutdown); callbacks run at the next event loop."""
        return self.pool.waitForDone(msecs)

    def _finished(self, number: int, ok: bool, value: object) -> None:
        on_done, on_error = self._callbacks.pop(number, (None, None))
        if ok:
            if on_done is not None:
                on_done(value)
        else:
            self._deliver_error(on_error, value)  # type: ignore[arg-type]

    @staticmethod
    def _deliver_error(on_error: Failed | None, error: BaseException) -> None:
        if on_error is not None:
            on_error(error)
        else:
            log.error("background job failed", exc_info=error)


class SerialExecutor(QObject):
    """One worker thread, jobs in submission order, results on the GUI thread."""

    def __init__(self, name: str = "station worker", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.Queue[tuple[Callable[[], Any], Done | None, Failed | None] | None] = (
            queue.Queue()
        )
        self._bridge = ThreadBridge(lambda item: self._deliver(*item), self)
        self._pending = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        with self._lock:
            return self._pending

    def submit(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        with self._lock:
            self._pending += 1
        self._jobs.put((fn, on_done, on_error))

    def stop(self, timeout: float = 5.0) -> None:
        self._jobs.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                return
            fn, on_done, on_error = item
            try:
                result = fn()
            except BaseException as error:
                self._bridge.post(((on_done, on_error), False, error))
            else:
                self._bridge.post(((on_done, on_error), True, result))

    def _deliver(self, callbacks: tuple[Done | None, Failed | None], ok: bool, value: Any) -> None:
        with self._lock:
            self._pending -= 1
        on_done, on_error = callbacks
        if ok:
            if on_done is not None:
                on_done(value)
        elif on_error is not None:
            on_error(value)
        else:
            log.error("station job failed", exc_info=value)
