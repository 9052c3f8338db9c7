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
``mark_attempt_failed``, ``release``, ``postpone``) commit on the worker's own SQLite
connection, taken out of the engine's pool and kept at ``synchronous=NORMAL`` (no other commit
ever uses it; on PostgreSQL ``SET LOCAL synchronous_commit = off`` in those transactions only).
In WAL mode that
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

A crash (any kind) while a worker holds a burst claimed with ``claim_due`` leaves the jobs it had
not sent yet ``printing`` too: ``recover_interrupted`` puts them back in line the same way (their
first send, though the message says "sent again", and the claim counted as an attempt).

Each is the at-least-once outcome the queue already had to accept (a label may come out twice -
the same payload, the same SSCC - never not at all), so relaxing the worker's commits changes
no guarantee; it takes an fsync off each state change of each label.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import (
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
    event,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from wms.core.domain.clock import utc_now
from wms.core.domain.errors import NotFound, RuleViolation, StorageError
from wms.core.domain.text import msg
from wms.core.persistence.base import Base
from wms.core.persistence.engine import checkpointer_of


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
    def of(cls, row: PrintJob | Row[Any] | SimpleNamespace) -> PrintJobRecord:
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


# -- the statements of the delivery worker ---------------------------------------------------
# Sent as text (named parameters, valid on SQLite and PostgreSQL): on SQLite straight to the
# worker's own sqlite3 connection. SQLAlchemy's execution path costs more than these statements
# and a commit without fsync (see :mod:`wms.core.persistence.raw_sqlite`); each label runs them.

_COLUMNS = tuple(column.name for column in cast(Table, PrintJob.__table__).columns)
_TIMES = frozenset({"created_at", "next_attempt_at", "printed_at"})
_RETURNING = ", ".join(_COLUMNS)
_INSERT = f"INSERT INTO print_jobs ({_RETURNING}) VALUES ({', '.join(':' + c for c in _COLUMNS)})"
# a job is due unless an older job of its printer is being printed or waits for its own retry
# (labels come out in the order they were asked for)
_NOT_BLOCKED = (
    "NOT EXISTS (SELECT 1 FROM print_jobs AS older WHERE older.printer = job.printer "
    "AND older.created_at < job.created_at AND (older.state = 'printing' "
    "OR (older.state = 'pending' AND older.next_attempt_at > :now)))"
)
_DUE_IDS = (
    "SELECT job.id FROM print_jobs AS job WHERE job.state = 'pending' "
    "AND job.next_attempt_at <= :now AND {skip}" + _NOT_BLOCKED + " "
    "ORDER BY job.created_at, job.id LIMIT :limit"
)
_CLAIM_DUE = (
    "UPDATE print_jobs SET state = 'printing', attempts = attempts + 1 "
    f"WHERE state = 'pending' AND id IN ({_DUE_IDS}) RETURNING {_RETURNING}"
)
_NEXT_DUE_AT = (
    "SELECT min(job.next_attempt_at) FROM print_jobs AS job WHERE job.state = 'pending' AND "
    + _NOT_BLOCKED
)
_CLAIM = (
    "UPDATE print_jobs SET state = 'printing', attempts = attempts + 1 "
    "WHERE id = :job_id AND state = 'pending'"
)
_DONE = (
    "UPDATE print_jobs SET state = 'done', printed_at = :at, last_error = NULL, "
    "next_attempt_at = NULL WHERE id = :job_id AND state = 'printing'"
)
_FAILED = (
    "UPDATE print_jobs SET state = :to_state, last_error = :error, next_attempt_at = :at "
    "WHERE id = :job_id AND state = 'printing'"
)
_RELEASE = (
    "UPDATE print_jobs SET state = 'pending', attempts = attempts - 1, "
    "last_error = coalesce(:error, last_error), next_attempt_at = coalesce(:at, next_attempt_at) "
    "WHERE state = 'printing' AND id IN ({ids})"
)
_POSTPONE = (
    "UPDATE print_jobs SET last_error = :error, next_attempt_at = :at "
    "WHERE state = 'pending' AND id IN ({ids})"
)
_POSTPONE_PRINTER = (
    "UPDATE print_jobs SET last_error = :error, next_attempt_at = :at "
    "WHERE state = 'pending' AND printer = :printer AND next_attempt_at <= :now"
)


def _in_list(name: str, values: Sequence[str], params: dict[str, Any]) -> str:
    """``:name0, :name1, ...`` for an IN list, the values added to ``params``."""
    for index, value in enumerate(values):
        params[f"{name}{index}"] = value
    return ", ".join(f":{name}{index}" for index in range(len(values)))


def _sqlite_time_processors() -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """How the ORM writes and reads a ``DateTime(timezone=True)`` on SQLite (text), so the raw
    statements and the ORM read and write the same values."""
    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect()
    impl = DateTime(timezone=True).dialect_impl(dialect)
    write, read = impl.bind_processor(dialect), impl.result_processor(dialect, None)
    assert write is not None and read is not None
    return write, read


_SQLITE_WRITE_TIME, _SQLITE_READ_TIME = _sqlite_time_processors()


class _WorkerConnection:
    """The delivery worker's statements on one database: on SQLite a connection of its own,
    taken out of the engine's pool (so it has the station's settings) and kept at
    ``synchronous=NORMAL`` (see the module); on PostgreSQL a pooled connection per transaction
    with ``SET LOCAL synchronous_commit = off``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        database = engine.url.database or ":memory:"
        # an in-memory database is one connection's own: the worker shares the pool's there
        self.own_connection = self.sqlite and database != ":memory:" and "memory" not in database
        self._lock = threading.Lock()
        self._driver: sqlite3.Connection | None = None
        if self.own_connection:
            event.listen(engine, "engine_disposed", self._on_dispose)

    def _on_dispose(self, _engine: Engine) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            driver, self._driver = self._driver, None
        if driver is not None:
            driver.close()

    def _sqlite_driver(self) -> sqlite3.Connection:
        if self._driver is None:
            pooled = self.engine.raw_connection()
            driver = cast(sqlite3.Connection, pooled.driver_connection)
            pooled.detach()  # never handed to anyone else, closed with the engine
            driver.execute("PRAGMA synchronous = NORMAL")
            self._driver = driver
        return self._driver

    def _write(self, params: dict[str, Any]) -> dict[str, Any]:
        if not self.sqlite:
            return params
        return {
            key: _SQLITE_WRITE_TIME(value) if isinstance(value, datetime) else value
            for key, value in params.items()
        }

    def records(self, rows: Iterable[Sequence[Any]]) -> list[PrintJobRecord]:
        """Rows of ``_COLUMNS`` as records, oldest first."""
        records = []
        for row in rows:
            values = dict(zip(_COLUMNS, row, strict=True))
            if self.sqlite:
                for name in _TIMES:
                    values[name] = _SQLITE_READ_TIME(values[name])
            records.append(PrintJobRecord.of(SimpleNamespace(**values)))
        records.sort(key=lambda job: (job.created_at, job.id))
        return records

    def run(self, sql: str, params: dict[str, Any], *, write: bool = True) -> _Result:
        """One statement in a transaction of its own (``write``: committed without waiting for
        the disk); the rows it returned and the rows it changed."""
        bound = self._write(params)
        if self.sqlite and not self.own_connection:
            with self.engine.begin() as connection:  # no disk to wait for in memory
                driver = cast(sqlite3.Connection, connection.connection.driver_connection)
                try:
                    cursor = driver.execute(sql, bound)
                    return _Result(cursor.fetchall(), cursor.rowcount)
                except sqlite3.Error as error:
                    raise DBAPIError.instance(sql, bound, error, sqlite3.Error) from error
        if self.sqlite:
            with self._lock:
                driver = self._sqlite_driver()
                try:
                    if not write:
                        return _Result(driver.execute(sql, bound).fetchall(), 0)
                    driver.execute("BEGIN IMMEDIATE")
                    try:
                        cursor = driver.execute(sql, bound)
                        result = _Result(cursor.fetchall(), cursor.rowcount)
                        driver.execute("COMMIT")
                    except BaseException:
                        if driver.in_transaction:
                            driver.execute("ROLLBACK")
                        raise
                except sqlite3.Error as error:
                    raise DBAPIError.instance(sql, bound, error, sqlite3.Error) from error
            checkpointer = checkpointer_of(self.engine)
            if checkpointer is not None:
                checkpointer.notice_commit()
            return result
        with self.engine.connect() as connection, connection.begin():
            if write:
                connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
            cursor_result = connection.execute(text(sql), bound)
            rows = [tuple(row) for row in cursor_result] if cursor_result.returns_rows else []
            return _Result(rows, _changed(cursor_result))


@dataclass(frozen=True)
class _Result:
    rows: list[Any]
    changed: int


class PrintJobStore:
    """All reads and writes of ``print_jobs``; each method is one short transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        bind = sessions.kw.get("bind")
        if not isinstance(bind, Engine):
            raise StorageError("the print job store needs sessions bound to an engine")
        self.engine: Engine = bind
        self._worker = _WorkerConnection(bind)

    def close(self) -> None:
        """Close the delivery worker's connection (the engine's disposal closes it too)."""
        self._worker.close()

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
        with self.engine.begin() as connection:  # the station's synchronous=FULL: durable
            if connection.dialect.name == "sqlite":
                driver = cast(sqlite3.Connection, connection.connection.driver_connection)
                try:
                    driver.execute(_INSERT, self._worker._write(values))
                except sqlite3.Error as error:
                    raise DBAPIError.instance(_INSERT, values, error, sqlite3.Error) from error
            else:
                connection.execute(text(_INSERT), values)
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
        sql = _DUE_IDS.format(skip="")
        query = f"SELECT {_RETURNING} FROM print_jobs WHERE id IN ({sql})"
        params = {"now": now, "limit": limit}
        return self._worker.records(self._worker.run(query, params, write=False).rows)

    def claim_due(
        self, now: datetime, *, limit: int = 20, skip_printers: Sequence[str] = ()
    ) -> list[PrintJobRecord]:
        """Claim up to ``limit`` due jobs (:meth:`due`) in one statement, oldest first, leaving
        out the printers in ``skip_printers``: they are ``printing`` for this worker alone.
        Send them in the order returned; give back the ones not sent with :meth:`release`."""
        params: dict[str, Any] = {"now": now, "limit": limit}
        skip = ""
        if skip_printers:
            skip = f"job.printer NOT IN ({_in_list('skip', skip_printers, params)}) AND "
        result = self._worker.run(_CLAIM_DUE.format(skip=skip), params)
        return self._worker.records(result.rows)

    def next_due_at(self, now: datetime | None = None) -> datetime | None:
        """When the next pending job that is not held behind an older one falls due (None:
        nothing to wait for but new jobs, or a job another worker is printing)."""
        params = {"now": now or utc_now()}
        [(value,)] = self._worker.run(_NEXT_DUE_AT, params, write=False).rows
        if value is not None and self._worker.sqlite:
            value = _SQLITE_READ_TIME(value)
        return _aware(value)

    def claim(self, job_id: str) -> bool:
        """Move a pending job to ``printing``; False if someone else took it or it changed."""
        return self._worker.run(_CLAIM, {"job_id": job_id}).changed == 1

    def mark_done(self, job_id: str, now: datetime | None = None) -> bool:
        """A job this worker printed is done (False: it was no longer ``printing``)."""
        return self._worker.run(_DONE, {"job_id": job_id, "at": now or utc_now()}).changed == 1

    def mark_attempt_failed(
        self, job_id: str, error: str, *, next_attempt_at: datetime | None
    ) -> bool:
        """Record a failed attempt: back to pending at ``next_attempt_at``, or failed if None."""
        state = JobState.PENDING if next_attempt_at is not None else JobState.FAILED
        params = {"job_id": job_id, "to_state": state.value, "error": error, "at": next_attempt_at}
        return self._worker.run(_FAILED, params).changed == 1

    def release(
        self, job_ids: Sequence[str], *, error: str | None = None, until: datetime | None = None
    ) -> None:
        """Give back claimed jobs that were not sent: pending again, the claim's attempt not
        counted; with ``error`` and ``until`` they wait (their printer is down) until then."""
        if not job_ids:
            return
        params: dict[str, Any] = {"error": error, "at": until}
        self._worker.run(_RELEASE.format(ids=_in_list("id", job_ids, params)), params)

    def postpone(self, job_ids: Sequence[str], error: str, next_attempt_at: datetime) -> None:
        """Hold pending jobs (their printer is known to be down) without counting an attempt."""
        if not job_ids:
            return
        params: dict[str, Any] = {"error": error, "at": next_attempt_at}
        self._worker.run(_POSTPONE.format(ids=_in_list("id", job_ids, params)), params)

    def postpone_printer(
        self, printer: str, error: str, next_attempt_at: datetime, *, now: datetime
    ) -> None:
        """Hold the pending jobs of ``printer`` that are due at ``now`` (it is down) until
        ``next_attempt_at``, without counting an attempt."""
        params = {"printer": printer, "error": error, "at": next_attempt_at, "now": now}
        self._worker.run(_POSTPONE_PRINTER, params)

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
