"""The durable print queue: table ``print_jobs`` and its store.

A job is written here *before* anything is sent to a printer, so a printer that is off, out of
paper or unplugged loses nothing: the job stays ``pending`` with its attempts and last error, and
is delivered when the printer is back. States::

    pending -> printing -> done
       ^  |        |
       |  v        v
    (retry)     pending (failed attempt, next_attempt_at set) / failed (gave up)
    pending -> cancelled

A job moves to ``printing`` with a conditional UPDATE (``claim``), so two workers (the station
app and a CLI) never send the same job twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import (
    CursorResult,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    and_,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column, sessionmaker

from wms.core.domain.clock import utc_now
from wms.core.domain.errors import NotFound, RuleViolation
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
    def of(cls, row: PrintJob) -> PrintJobRecord:
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
    return PrintJob(
        id=str(uuid.uuid4()),
        created_at=now,
        printer=printer,
        content_type=content_type,
        payload=payload,
        description=description[:200],
        reference=reference,
        state=JobState.PENDING.value,
        attempts=0,
        last_error=None,
        next_attempt_at=now,
        printed_at=None,
        reprint_of=reprint_of,
    )


class PrintJobStore:
    """All reads and writes of ``print_jobs``; each method is one short transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

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
        row = new_job(
            printer=printer,
            payload=payload,
            content_type=content_type,
            description=description,
            reference=reference,
            reprint_of=reprint_of,
            now=now,
        )
        with self.sessions.begin() as session:
            session.add(row)
            session.flush()
            return PrintJobRecord.of(row)

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
        older = aliased(PrintJob)
        blocked = (
            select(older.id)
            .where(older.printer == PrintJob.printer)
            .where(older.created_at < PrintJob.created_at)
            .where(
                or_(
                    older.state == JobState.PRINTING.value,
                    and_(older.state == JobState.PENDING.value, older.next_attempt_at > now),
                )
            )
            .exists()
        )
        query = (
            select(PrintJob)
            .where(PrintJob.state == JobState.PENDING.value)
            .where(PrintJob.next_attempt_at <= now)
            .where(~blocked)
            .order_by(PrintJob.created_at, PrintJob.id)
            .limit(limit)
        )
        with self.sessions() as session:
            return [PrintJobRecord.of(row) for row in session.scalars(query)]

    def next_due_at(self) -> datetime | None:
        query = (
            select(PrintJob.next_attempt_at)
            .where(PrintJob.state == JobState.PENDING.value)
            .order_by(PrintJob.next_attempt_at)
            .limit(1)
        )
        with self.sessions() as session:
            return _aware(session.scalar(query))

    def claim(self, job_id: str) -> bool:
        """Move a pending job to ``printing``; False if someone else took it or it changed."""
        with self.sessions.begin() as session:
            result = _changed(
                session.execute(
                    update(PrintJob)
                    .where(PrintJob.id == job_id, PrintJob.state == JobState.PENDING.value)
                    .values(state=JobState.PRINTING.value, attempts=PrintJob.attempts + 1)
                )
            )
            return result == 1

    def mark_done(self, job_id: str, now: datetime | None = None) -> None:
        with self.sessions.begin() as session:
            session.execute(
                update(PrintJob)
                .where(PrintJob.id == job_id, PrintJob.state == JobState.PRINTING.value)
                .values(
                    state=JobState.DONE.value,
                    printed_at=now or utc_now(),
                    last_error=None,
                    next_attempt_at=None,
                )
            )

    def mark_attempt_failed(
        self, job_id: str, error: str, *, next_attempt_at: datetime | None
    ) -> None:
        """Record a failed attempt: back to pending at ``next_attempt_at``, or failed if None."""
        state = JobState.PENDING if next_attempt_at is not None else JobState.FAILED
        with self.sessions.begin() as session:
            session.execute(
                update(PrintJob)
                .where(PrintJob.id == job_id, PrintJob.state == JobState.PRINTING.value)
                .values(state=state.value, last_error=error, next_attempt_at=next_attempt_at)
            )

    def postpone(self, job_ids: Sequence[str], error: str, next_attempt_at: datetime) -> None:
        """Hold pending jobs (their printer is known to be down) without counting an attempt."""
        if not job_ids:
            return
        with self.sessions.begin() as session:
            session.execute(
                update(PrintJob)
                .where(PrintJob.id.in_(list(job_ids)), PrintJob.state == JobState.PENDING.value)
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
