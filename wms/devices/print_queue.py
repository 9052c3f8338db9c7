"""The durable print queue: every label goes through the local database.

``PrintQueue.enqueue()`` commits the job first and only then wakes the worker, which delivers due
jobs oldest first. A failed attempt (printer off, out of paper, unplugged) leaves the job
``pending`` with ``attempts``, ``last_error`` and an exponential back-off ``next_attempt_at``;
the printer's other jobs wait behind it so labels still come out in order. When the printer is
back, the backlog prints, each job once (jobs are claimed with a conditional UPDATE).

Delivery, per round: one statement claims up to ``batch_size`` due jobs, oldest first
(:meth:`PrintJobStore.claim_due`); each is sent and marked done or failed in a commit of its own
that does not wait for the disk (the enqueue does; the store's module says why that keeps every
guarantee). If a printer fails, the rest of its claimed jobs are given back (no attempt counted)
and its other due jobs wait for its retry. A Zebra's ``~HS`` status is asked before a job unless
the printer answered "ready" less than ``status_max_age`` seconds ago; any failure forgets that
answer, so the next job asks again. Each job is still one connection: that is where a raw-TCP
printer (and the simulator) sees a job end, and a connection dropped in the middle of a burst
would leave unknown which of its labels came out.

Use either the worker thread (``start()``/``stop()``; woken at once by an enqueue, otherwise at
the next retry or every ``poll_interval``) or call ``run_due_jobs(now)`` yourself.
``reprint(job_id)`` makes a new job with the *same payload* (the same SSCC, never a new one).

Jobs of content type ``spec`` hold what to print (:mod:`wms.core.domain.print_specs`), written
by packing and sorting in their own transaction: the queue renders them to ZPL or PDF here, just
before sending (:func:`wms.labels.specs.render_spec`; the core never renders). A spec that
cannot be rendered (unreadable, unknown kind or version, content a label refuses) fails its job
at once with the reason as ``last_error``; retrying would not change it, and the printer's other
jobs go on.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from wms.core.domain.clock import Clock, utc_now
from wms.core.domain.errors import PrinterError, WmsError
from wms.core.domain.print_specs import SPEC_CONTENT_TYPE, PrintSpecError
from wms.core.persistence.print_jobs import JobState, PrintJobRecord, PrintJobStore
from wms.devices.printers import open_printer, parse_printer_url, speaks_zpl_status
from wms.devices.transports import SerialSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """Back-off between attempts: ``initial`` doubling up to ``maximum`` seconds."""

    initial: float = 2.0
    maximum: float = 60.0
    max_attempts: int | None = None  # None: keep trying until cancelled or rerouted

    def delay(self, attempts: int) -> float:
        return min(self.initial * 2.0 ** max(attempts - 1, 0), self.maximum)


PrinterResolver = Callable[[str], str]
PrinterFactory = Callable[[str, str], object]
SpecRenderer = Callable[[bytes, str | None], tuple[str, bytes]]
"""Renders a print-spec payload for a printer with the given stored font (or None): returns the
printer's content type (``zpl``/``pdf``) and bytes."""
PrinterFont = Callable[[str], str | None]


def render_with_labels(payload: bytes, font: str | None = None) -> tuple[str, bytes]:
    """The default :data:`SpecRenderer`: :mod:`wms.labels` (imported on the first spec job, so
    a station starts without loading the PDF renderer)."""
    from wms.labels.specs import render_spec

    rendered = render_spec(payload, font)
    return rendered.content_type, rendered.data


def _identity(printer: str) -> str:
    parse_printer_url(printer)
    return printer


class PrintQueue:
    """Enqueue, deliver, retry, reprint, reroute and cancel print jobs."""

    def __init__(
        self,
        store: PrintJobStore,
        *,
        resolve: PrinterResolver | None = None,
        render: SpecRenderer = render_with_labels,
        printer_font: PrinterFont | None = None,
        serial_settings: Callable[[str], SerialSettings | None] | None = None,
        retry: RetryPolicy | None = None,
        check_status: bool = True,
        on_change: Callable[[PrintJobRecord], None] | None = None,
        clock: Clock = utc_now,
        poll_interval: float = 1.0,
        connect_timeout: float = 3.0,
        status_timeout: float = 2.0,
        io_timeout: float = 10.0,
        status_max_age: float = 1.0,
        batch_size: int = 20,
    ) -> None:
        self.store = store
        self.resolve = resolve or _identity
        self.render = render
        self.printer_font = printer_font
        self.serial_settings = serial_settings
        self.retry = retry or RetryPolicy()
        self.check_status = check_status
        self.on_change = on_change
        self.clock = clock
        self.poll_interval = poll_interval
        self.connect_timeout = connect_timeout
        self.status_timeout = status_timeout
        self.io_timeout = io_timeout
        self.status_max_age = status_max_age
        self.batch_size = batch_size
        self._status_seen: dict[str, float] = {}  # printer -> when ~HS last said ready
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._run_lock = threading.Lock()

    # -- commands --------------------------------------------------------------------------

    def enqueue(
        self,
        printer: str,
        payload: bytes,
        *,
        content_type: str = "zpl",
        description: str = "",
        reference: str | None = None,
    ) -> PrintJobRecord:
        """Store a job durably (printer = a URL or a configured printer name) and wake the
        worker. The printer name is checked now, so a typo is refused at once."""
        self.resolve(printer)
        job = self.store.add(
            printer=printer,
            payload=payload,
            content_type=content_type,
            description=description,
            reference=reference,
            now=self.clock(),
        )
        self._changed(job)
        self._wake.set()
        return job

    def reprint(self, job_id: str, printer: str | None = None) -> PrintJobRecord:
        """A new job with the same payload and reference (same SSCC), optionally elsewhere."""
        old = self.store.get(job_id)
        target = printer or old.printer
        self.resolve(target)
        job = self.store.add(
            printer=target,
            payload=old.payload,
            content_type=old.content_type,
            description=old.description,
            reference=old.reference,
            reprint_of=old.id,
            now=self.clock(),
        )
        self._changed(job)
        self._wake.set()
        return job

    def reroute(self, job_id: str, printer: str) -> PrintJobRecord:
        """Send a pending or failed job to another printer instead."""
        self.resolve(printer)
        job = self.store.reroute(job_id, printer, now=self.clock())
        self._changed(job)
        self._wake.set()
        return job

    def cancel(self, job_id: str) -> PrintJobRecord:
        job = self.store.cancel(job_id)
        self._changed(job)
        return job

    def retry_now(self, printer: str | None = None) -> int:
        """Try pending and failed jobs at once (the operator fixed the printer)."""
        count = self.store.retry_now(printer, now=self.clock())
        self._wake.set()
        return count

    def jobs(
        self,
        *,
        states: Iterable[JobState | str] | None = None,
        printer: str | None = None,
        reference: str | None = None,
        limit: int = 200,
    ) -> list[PrintJobRecord]:
        return self.store.jobs(states=states, printer=printer, reference=reference, limit=limit)

    def get(self, job_id: str) -> PrintJobRecord:
        return self.store.get(job_id)

    # -- delivery --------------------------------------------------------------------------

    def run_due_jobs(self, now: datetime | None = None) -> list[PrintJobRecord]:
        """Attempt every due job once, oldest first; return the jobs as they ended up."""
        with self._run_lock:
            return self._run_due_jobs(now or self.clock())

    def _run_due_jobs(self, now: datetime) -> list[PrintJobRecord]:
        results: list[PrintJobRecord] = []
        down: dict[str, tuple[str, datetime]] = {}
        while True:
            batch = self.store.claim_due(now, limit=self.batch_size, skip_printers=list(down))
            for index, job in enumerate(batch):
                if self._stop.is_set() and self._thread is not None:
                    self.store.release([j.id for j in batch[index:] if j.printer not in down])
                    return results
                if job.printer in down:
                    continue  # given back when its printer failed, below
                try:
                    record = self._attempt(job, now, down)
                except BaseException:
                    # the database failed us (the job itself stays 'printing' for
                    # recover_interrupted): the jobs not tried yet go back in line
                    with contextlib.suppress(Exception):
                        rest = [j.id for j in batch[index + 1 :] if j.printer not in down]
                        self.store.release(rest)
                    raise
                if job.printer in down:
                    # the printer is down: the rest of its claimed jobs and its other due jobs
                    # wait for its retry, without counting an attempt
                    error, next_at = down[job.printer]
                    waiting = f"waiting: {error}"
                    self.store.release(
                        [j.id for j in batch[index + 1 :] if j.printer == job.printer],
                        error=waiting,
                        until=next_at,
                    )
                    self.store.postpone_printer(job.printer, waiting, next_at, now=now)
                results.append(record)
                self._changed(record)
            if len(batch) < self.batch_size:
                return results

    def _attempt(
        self, job: PrintJobRecord, now: datetime, down: dict[str, tuple[str, datetime]]
    ) -> PrintJobRecord:
        """Send one claimed job and record how it went; a printer that failed goes in ``down``."""
        try:
            self._deliver(job)
        except PrintSpecError as error:
            message = f"cannot be printed: {error}"
            if self.store.mark_attempt_failed(job.id, message, next_attempt_at=None):
                return replace(job, state=JobState.FAILED, last_error=message)
        except Exception as error:
            if not isinstance(error, WmsError):
                log.exception("print job %s: unexpected failure", job.id)
            self._status_seen.pop(job.printer, None)  # ask it again before the next job
            message = str(error) if isinstance(error, WmsError) else f"{error!r}"
            retry_at: datetime | None = None  # None: gave up
            if self.retry.max_attempts is None or job.attempts < self.retry.max_attempts:
                delay = timedelta(seconds=self.retry.delay(job.attempts))
                retry_at = max(now, self.clock()) + delay
            down[job.printer] = (message, retry_at or now)
            if self.store.mark_attempt_failed(job.id, message, next_attempt_at=retry_at):
                state = JobState.PENDING if retry_at is not None else JobState.FAILED
                return replace(job, state=state, last_error=message, next_attempt_at=retry_at)
        else:
            printed_at = self.clock()
            if self.store.mark_done(job.id, printed_at):
                return replace(
                    job,
                    state=JobState.DONE,
                    printed_at=printed_at,
                    last_error=None,
                    next_attempt_at=None,
                )
        return self.store.get(job.id)  # changed meanwhile (recovered by another process)

    def _deliver(self, job: PrintJobRecord) -> None:
        content_type, payload = job.content_type, job.payload
        if content_type == SPEC_CONTENT_TYPE:
            font = self.printer_font(job.printer) if self.printer_font else None
            content_type, payload = self.render(payload, font)
        url = self.resolve(job.printer)
        settings = self.serial_settings(job.printer) if self.serial_settings else None
        printer = open_printer(
            url,
            settings=settings,
            content_type=content_type,
            connect_timeout=self.connect_timeout,
            status_timeout=self.status_timeout,
            io_timeout=self.io_timeout,
        )
        if self.check_status and content_type == "zpl" and speaks_zpl_status(url):
            seen = self._status_seen.get(job.printer)
            if seen is None or time.monotonic() - seen > self.status_max_age:
                status = printer.status()
                if status is not None:
                    status.raise_for_fault(url)
                self._status_seen[job.printer] = time.monotonic()
        name = (job.reference or job.id[:8]).replace("/", "_")
        printer.send(payload, name=name)

    def _changed(self, job: PrintJobRecord) -> None:
        if self.on_change is None:
            return
        try:
            self.on_change(job)
        except Exception:
            log.exception("print queue: on_change callback failed")

    # -- worker thread ---------------------------------------------------------------------

    def start(self, *, recover: bool = True) -> PrintQueue:
        """Start the worker. ``recover`` puts jobs left 'printing' by a crash back in line
        (do it in one process per station database: the station app)."""
        if self._thread is not None and self._thread.is_alive():
            return self
        if recover:
            self.store.recover_interrupted(now=self.clock())
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="print queue", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        self._wake.set()

    def __enter__(self) -> PrintQueue:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.run_due_jobs()
                next_at = self.store.next_due_at(self.clock())
            except Exception:
                log.exception("print queue: delivery round failed")
                next_at = None
            if next_at is None:
                timeout = self.poll_interval
            else:
                wait = (next_at - self.clock()).total_seconds()
                timeout = min(max(wait, 0.0), self.poll_interval)
            if timeout > 0:
                self._wake.wait(timeout)


def print_now(
    url: str,
    payload: bytes,
    *,
    content_type: str = "zpl",
    check_status: bool = False,
    settings: SerialSettings | None = None,
) -> None:
    """Send ``payload`` straight to a printer (no queue): for tests pages and the CLI."""
    printer = open_printer(url, settings=settings, content_type=content_type)
    if check_status and speaks_zpl_status(url):
        status = printer.status()
        if status is not None:
            status.raise_for_fault(url)
    printer.send(payload)


__all__ = [
    "JobState",
    "PrintJobRecord",
    "PrintQueue",
    "PrinterError",
    "RetryPolicy",
    "print_now",
]
