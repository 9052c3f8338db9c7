"""The durable print queue: table ``print_jobs`` and its store.

A job is written here *before* anything is sent to a printer, so a printer that is off, out of
paper or unplugged loses nothing: the job stays ``pending`` with its attempts and last error, and
is delivered when the printer is back. States::

    pending -> printing -> done
       ^  |        |
       |  v        v
    (retry)     pending (failed attempt, next_attempt_at set) / failed (gave up)
    pending -> cancelled

A job moves to ``printing`` with a conditional UPDATE (``claim``, ``claim_due``), so two workers
(the station app and a CLI) never send the same job twice.

Durability. ``add`` (and every operator command: cancel, reroute, retry, reprint) commits with
the station's ``synchronous=FULL``: when ``enqueue`` returns, the job survives a power cut. The
delivery worker's own state changes (``claim_due``/``claim``, ``mark_done``,
``mark_attempt_failed``, ``release``, ``postpone``) commit on a connection set to
``synchronous=NORMAL`` for that one transaction (``SET LOCAL synchronous_commit = off`` on
PostgreSQL), and set back to FULL before the connection returns to the pool. In WAL mode that
loses nothing when the application crashes or is killed (the commit is in the WAL file, which
the operating system holds); only a power cut or a kernel crash may roll back the worker's last
commits, and only a *suffix* of them: the WAL is appended in commit order and the next FULL
commit (any enqueue or scan) or checkpoint syncs every frame before it, so the disk always holds
a prefix of the history, never a ``done`` without its ``claim`` nor a lost enqueue. What a power
cut can undo:

* a claim (with or without its ``done``): the job is ``pending`` again and is sent again;
* a ``done`` after a durable claim: the job is ``printing``, and ``recover_interrupted`` (run
  when the station app starts its worker) puts it back to ``pending`` with "interrupted while
  printing; sent again" - exactly what a crash between the send and ``mark_done`` has always
  done;
* a failed attempt: the job is ``printing`` or ``pending`` again and is tried again.

Each is the at-least-once outcome the queue already had to accept (a label may come out twice -
the same payload, the same SSCC - never not at all), so relaxing the worker's commits changes
no guarantee; it takes an fsync off each state change of each label.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import (
    Connection,
    CursorResult,
    DateTime,
    Engine,
    Index,
    Integer,
    LargeBinary,
    Row,
    String,
    Table,
    Text,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from wms.core.domain.clock import utc_now
from wms.core.domain.errors import NotFound, RuleViolation, StorageError
from wms.core.domain.text import msg
from wms.core.persistence.base import Base


class JobState(StrEnum):
    PENDING = "pending"
    PRINTING = "printing"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


#: What a payload is: printer-ready ZPL, PDF or raw bytes, or a print spec
#: (:mod:`wms.core.domain.print_specs`) the print queue renders when it delivers the job.
CONTENT_TYPES = ("zpl", "pdf", "raw", "spec")


def _changed(result: object) -> int:
    """Rows an UPDATE changed (the driver's count; an UPDATE's result is a cursor result)."""
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class PrintJob(Base):
    __tablename__ = "print_jobs"
    __table_args__ = (Index("ix_print_jobs_state_next_attempt_at", "state", "next_attempt_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    printer: Mapped[str] = mapped_column(String(500))
    content_type: Mapped[str] = mapped_column(String(10))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    description: Mapped[str] = mapped_column(String(200), default="")
    reference: Mapped[str | None] = mapped_column(String(100), index=True)
    state: Mapped[str] = mapped_column(String(12), default=JobState.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    printed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reprint_of: Mapped[str | None] = mapped_column(String(36))


@dataclass(frozen=True)
class PrintJobRecord:
    """A snapshot of one job (safe to hand to other threads and screens)."""

    id: str
    created_at: datetime
    printer: str
    content_type: str
    payload: bytes
    description: str
    reference: str | None
    state: JobState
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    printed_at: datetime | None
    reprint_of: str | None

    @classmethod
    def of(cls, row: PrintJob | Row[Any]) -> PrintJobRecord:
        """From an ORM row or a Core row of ``print_jobs`` (the same column names)."""
        return cls(
            id=row.id,
            created_at=_aware(row.created_at) or utc_now(),
            printer=row.printer,
            content_type=row.content_type,
            payload=bytes(row.payload),
            description=row.description or "",
            reference=row.reference,
            state=JobState(row.state),
            attempts=row.attempts or 0,
            last_error=row.last_error,
            next_attempt_at=_aware(row.next_attempt_at),
            printed_at=_aware(row.printed_at),
            reprint_of=row.reprint_of,
        )


def job_values(
    *,
    printer: str,
    payload: bytes,
    content_type: str = "zpl",
    description: str = "",
    reference: str | None = None,
    reprint_of: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The columns of a new pending job, validated."""
    if content_type not in CONTENT_TYPES:
        raise RuleViolation(
            msg(
                "print job content type '{content_type}': expected one of {content_types}",
                content_type=content_type,
                content_types=", ".join(CONTENT_TYPES),
            )
        )
    if not payload:
        raise RuleViolation(msg("print job refused: the payload is empty"))
    now = now or utc_now()
    return {
        "id": str(uuid.uuid4()),
        "created_at": now,
        "printer": printer,
        "content_type": content_type,
        "payload": payload,
        "description": description[:200],
        "reference": reference,
        "state": JobState.PENDING.value,
        "attempts": 0,
        "last_error": None,
        "next_attempt_at": now,
        "printed_at": None,
        "reprint_of": reprint_of,
    }


def new_job(
    *,
    printer: str,
    payload: bytes,
    content_type: str = "zpl",
    description: str = "",
    reference: str | None = None,
    reprint_of: str | None = None,
    now: datetime | None = None,
) -> PrintJob:
    """A pending job row, validated; the caller adds it to its own transaction."""
    return PrintJob(
        **job_values(
            printer=printer,
            payload=payload,
            content_type=content_type,
            description=description,
            reference=reference,
            reprint_of=reprint_of,
            now=now,
        )
    )


# -- the statements of the delivery worker, built once (each job runs them) ------------------

_JOBS = cast(Table, PrintJob.__table__)
_PENDING, _PRINTING = JobState.PENDING.value, JobState.PRINTING.value
_NOW = bindparam("now", type_=DateTime(timezone=True))


def _not_blocked(job: Any) -> Any:
    """``job`` is not held behind an older job of its printer that is being printed or waits
    for its own retry (labels come out in the order they were asked for)."""
    older = _JOBS.alias("older")
    return ~(
        select(older.c.id)
        .where(older.c.printer == job.c.printer)
        .where(older.c.created_at < job.c.created_at)
        .where(
            or_(
                older.c.state == _PRINTING,
                and_(older.c.state == _PENDING, older.c.next_attempt_at > _NOW),
            )
        )
        .exists()
    )


def _due_query(job: Any) -> Any:
    return (
        select(job.c.id)
        .where(job.c.state == _PENDING)
        .where(job.c.next_attempt_at <= _NOW)
        .where(_not_blocked(job))
        .order_by(job.c.created_at, job.c.id)
    )


_CANDIDATE = _JOBS.alias("candidate")
_DUE = select(_JOBS).where(_JOBS.c.id.in_(_due_query(_CANDIDATE).limit(bindparam("limit"))))
_CLAIM_DUE = (
    update(_JOBS)
    .where(
        _JOBS.c.id.in_(
            _due_query(_CANDIDATE)
            .where(_CANDIDATE.c.printer.not_in(bindparam("skip", expanding=True)))
            .limit(bindparam("limit"))
        )
    )
    .where(_JOBS.c.state == _PENDING)
    .values(state=_PRINTING, attempts=_JOBS.c.attempts + 1)
    .returning(*_JOBS.c)
)
_NEXT_DUE_AT = select(func.min(_CANDIDATE.c.next_attempt_at)).where(
    _CANDIDATE.c.state == _PENDING, _not_blocked(_CANDIDATE)
)
_CLAIM = (
    update(_JOBS)
    .where(_JOBS.c.id == bindparam("job_id"), _JOBS.c.state == _PENDING)
    .values(state=_PRINTING, attempts=_JOBS.c.attempts + 1)
)
_DONE = (
    update(_JOBS)
    .where(_JOBS.c.id == bindparam("job_id"), _JOBS.c.state == _PRINTING)
    .values(
        state=JobState.DONE.value,
        printed_at=bindparam("at", type_=DateTime(timezone=True)),
        last_error=None,
        next_attempt_at=None,
    )
)
_FAILED = (
    update(_JOBS)
    .where(_JOBS.c.id == bindparam("job_id"), _JOBS.c.state == _PRINTING)
    .values(
        state=bindparam("to_state"),
        last_error=bindparam("error"),
        next_attempt_at=bindparam("at", type_=DateTime(timezone=True)),
    )
)
_INSERT = insert(_JOBS)


def _by_age(rows: Iterable[Row[Any]]) -> list[PrintJobRecord]:
    records = [PrintJobRecord.of(row) for row in rows]
    records.sort(key=lambda job: (job.created_at, job.id))
    return records


class PrintJobStore:
    """All reads and writes of ``print_jobs``; each method is one short transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        bind = sessions.kw.get("bind")
        if not isinstance(bind, Engine):
            raise StorageError("the print job store needs sessions bound to an engine")
        self.engine: Engine = bind

    @contextmanager
    def _worker_transaction(self) -> Iterator[Connection]:
        """A transaction of the delivery worker, committed without waiting for the disk (see
        the module: a power cut may undo it, a crash of the application cannot)."""
        with self.engine.connect() as connection:
            driver: sqlite3.Connection | None = None
            if connection.dialect.name == "sqlite":
                # a safety level can only change outside a transaction: before BEGIN, and back
                # to FULL before the connection goes back to the pool (an operator's commit on
                # it must wait for the disk again)
                driver = cast(sqlite3.Connection, connection.connection.driver_connection)
                driver.execute("PRAGMA synchronous = NORMAL")
            try:
                with connection.begin():
                    if connection.dialect.name == "postgresql":
                        connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
                    yield connection
            finally:
                if driver is not None:
                    try:
                        driver.execute("PRAGMA synchronous = FULL")
                    except sqlite3.Error:
                        connection.invalidate()  # never handed out again at the lower level
                        raise

    def add(
        self,
        *,
        printer: str,
        payload: bytes,
        content_type: str = "zpl",
        description: str = "",
        reference: str | None = None,
        reprint_of: str | None = None,
        now: datetime | None = None,
    ) -> PrintJobRecord:
        """Store a new pending job, durably (``synchronous=FULL``) before returning."""
        values = job_values(
            printer=printer,
            payload=payload,
            content_type=content_type,
            description=description,
            reference=reference,
            reprint_of=reprint_of,
            now=now,
        )
        with self.engine.begin() as connection:
            connection.execute(_INSERT, values)
        return PrintJobRecord(
            id=values["id"],
            created_at=values["created_at"],
            printer=printer,
            content_type=content_type,
            payload=payload,
            description=values["description"],
            reference=reference,
            state=JobState.PENDING,
            attempts=0,
            last_error=None,
            next_attempt_at=values["next_attempt_at"],
            printed_at=None,
            reprint_of=reprint_of,
        )

    def get(self, job_id: str) -> PrintJobRecord:
        with self.sessions() as session:
            row = session.get(PrintJob, job_id)
            if row is None:
                raise NotFound(msg("print job"), job_id, msg("see 'wms devices queue list'"))
            return PrintJobRecord.of(row)

    def jobs(
        self,
        *,
        states: Iterable[JobState | str] | None = None,
        printer: str | None = None,
        reference: str | None = None,
        limit: int = 200,
    ) -> list[PrintJobRecord]:
        query = select(PrintJob).order_by(PrintJob.created_at.desc(), PrintJob.id).limit(limit)
        if states is not None:
            query = query.where(PrintJob.state.in_([str(s) for s in states]))
        if printer is not None:
            query = query.where(PrintJob.printer == printer)
        if reference is not None:
            query = query.where(PrintJob.reference == reference)
        with self.sessions() as session:
            return [PrintJobRecord.of(row) for row in session.scalars(query)]

    def due(self, now: datetime, limit: int = 100) -> list[PrintJobRecord]:
        """Pending jobs whose next attempt is due, oldest first.

        A job waits while an older job for the same printer is being printed or is waiting
        for its own retry, so labels come out in the order they were asked for.
        """
        with self.engine.connect() as connection:
            return _by_age(connection.execute(_DUE, {"now": now, "limit": limit}))

    def claim_due(
        self, now: datetime, *, limit: int = 20, skip_printers: Sequence[str] = ()
    ) -> list[PrintJobRecord]:
        """Claim up to ``limit`` due jobs (:meth:`due`) in one statement, oldest first, leaving
        out the printers in ``skip_printers``: they are ``printing`` for this worker alone.
        Send them in the order returned; give back the ones not sent with :meth:`release`."""
        with self._worker_transaction() as connection:
            rows = connection.execute(
                _CLAIM_DUE, {"now": now, "limit": limit, "skip": list(skip_printers)}
            )
            return _by_age(rows)

    def next_due_at(self, now: datetime | None = None) -> datetime | None:
        """When the next pending job that is not held behind an older one falls due (None:
        nothing to wait for but new jobs, or a job another worker is printing)."""
        with self.engine.connect() as connection:
            return _aware(connection.execute(_NEXT_DUE_AT, {"now": now or utc_now()}).scalar())

    def claim(self, job_id: str) -> bool:
        """Move a pending job to ``printing``; False if someone else took it or it changed."""
        with self._worker_transaction() as connection:
            return _changed(connection.execute(_CLAIM, {"job_id": job_id})) == 1

    def mark_done(self, job_id: str, now: datetime | None = None) -> bool:
        """A job this worker printed is done (False: it was no longer ``printing``)."""
        with self._worker_transaction() as connection:
            changed = connection.execute(_DONE, {"job_id": job_id, "at": now or utc_now()})
            return _changed(changed) == 1

    def mark_attempt_failed(
        self, job_id: str, error: str, *, next_attempt_at: datetime | None
    ) -> bool:
        """Record a failed attempt: back to pending at ``next_attempt_at``, or failed if None."""
        state = JobState.PENDING if next_attempt_at is not None else JobState.FAILED
        with self._worker_transaction() as connection:
            changed = connection.execute(
                _FAILED,
                {
                    "job_id": job_id,
                    "to_state": state.value,
                    "error": error,
                    "at": next_attempt_at,
                },
            )
            return _changed(changed) == 1

    def release(
        self, job_ids: Sequence[str], *, error: str | None = None, until: datetime | None = None
    ) -> None:
        """Give back claimed jobs that were not sent: pending again, the claim's attempt not
        counted; with ``error`` and ``until`` they wait (their printer is down) until then."""
        if not job_ids:
            return
        values: dict[str, Any] = {"state": _PENDING, "attempts": _JOBS.c.attempts - 1}
        if error is not None:
            values["last_error"] = error
        if until is not None:
            values["next_attempt_at"] = until
        with self._worker_transaction() as connection:
            connection.execute(
                update(_JOBS)
                .where(_JOBS.c.id.in_(list(job_ids)), _JOBS.c.state == _PRINTING)
                .values(values)
            )

    def postpone(self, job_ids: Sequence[str], error: str, next_attempt_at: datetime) -> None:
        """Hold pending jobs (their printer is known to be down) without counting an attempt."""
        if not job_ids:
            return
        with self._worker_transaction() as connection:
            connection.execute(
                update(_JOBS)
                .where(_JOBS.c.id.in_(list(job_ids)), _JOBS.c.state == _PENDING)
                .values(last_error=error, next_attempt_at=next_attempt_at)
            )

    def postpone_printer(
        self, printer: str, error: str, next_attempt_at: datetime, *, now: datetime
    ) -> None:
        """Hold the pending jobs of ``printer`` that are due at ``now`` (it is down) until
        ``next_attempt_at``, without counting an attempt."""
        with self._worker_transaction() as connection:
            connection.execute(
                update(_JOBS)
                .where(
                    _JOBS.c.printer == printer,
                    _JOBS.c.state == _PENDING,
                    _JOBS.c.next_attempt_at <= now,
                )
                .values(last_error=error, next_attempt_at=next_attempt_at)
            )

    def retry_now(self, printer: str | None = None, now: datetime | None = None) -> int:
        """Make pending (and failed) jobs due at once, e.g. when a printer is back."""
        query = update(PrintJob).where(
            PrintJob.state.in_([JobState.PENDING.value, JobState.FAILED.value])
        )
        if printer is not None:
            query = query.where(PrintJob.printer == printer)
        with self.sessions.begin() as session:
            return _changed(
                session.execute(
                    query.values(state=JobState.PENDING.value, next_attempt_at=now or utc_now())
                )
            )

    def cancel(self, job_id: str) -> PrintJobRecord:
        with self.sessions.begin() as session:
            row = session.get(PrintJob, job_id)
            if row is None:
                raise NotFound(msg("print job"), job_id, msg("see 'wms devices queue list'"))
            if row.state not in (JobState.PENDING.value, JobState.FAILED.value):
                raise RuleViolation(
                    msg(
                        "print job {job_id} cannot be cancelled: "
                        "it is {state} (only pending or failed jobs "
                        "can be)",
                        job_id=job_id,
                        state=row.state,
                    )
                )
            row.state = JobState.CANCELLED.value
            row.next_attempt_at = None
            session.flush()
            return PrintJobRecord.of(row)

    def reroute(self, job_id: str, printer: str, now: datetime | None = None) -> PrintJobRecord:
        with self.sessions.begin() as session:
            row = session.get(PrintJob, job_id)
            if row is None:
                raise NotFound(msg("print job"), job_id, msg("see 'wms devices queue list'"))
            if row.state not in (JobState.PENDING.value, JobState.FAILED.value):
                raise RuleViolation(
                    msg(
                        "print job {job_id} cannot be sent to another "
                        "printer: it is {state} (reprint it instead)",
                        job_id=job_id,
                        state=row.state,
                    )
                )
            row.printer = printer
            row.state = JobState.PENDING.value
            row.next_attempt_at = now or utc_now()
            session.flush()
            return PrintJobRecord.of(row)

    def recover_interrupted(self, now: datetime | None = None) -> int:
        """Jobs left ``printing`` by a crash go back to pending (they may print twice)."""
        with self.sessions.begin() as session:
            return _changed(
                session.execute(
                    update(PrintJob)
                    .where(PrintJob.state == JobState.PRINTING.value)
                    .values(
                        state=JobState.PENDING.value,
                        next_attempt_at=now or utc_now(),
                        last_error="interrupted while printing (station stopped); sent again",
                    )
                )
            )
