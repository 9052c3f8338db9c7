"""One sync cycle (push, then pull) and the long-running loop with backoff.

Push runs before pull: every movement this station made was made knowing the feed up to its
high-water mark, which lets central tell a count from movements it never saw. A cycle that
fails (network, central restarted, refused role) records the error locally and is retried;
nothing half-done stays behind because every batch and every page is one transaction on each
side.

Clocks are never used for ordering. Each cycle compares central's ``now()`` with the station's
clock and warns when they differ by more than :data:`CLOCK_WARNING_SECONDS`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import psycopg
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import SyncError
from wms.core.domain.text import msg
from wms.core.persistence.sync_tables import SyncStateRow
from wms.core.sync.central_api import require_api, station_seen, sync_status
from wms.core.sync.central_migrate import connect, redact
from wms.core.sync.hub_events import (
    EventPullResult,
    EventPushResult,
    has_event_api,
    pull_events,
    push_events,
)
from wms.core.sync.identity import check, identify
from wms.core.sync.outbox import waiting
from wms.core.sync.protocol import PROTOCOL_VERSION, PushResult, negotiate
from wms.core.sync.pull import DEFAULT_PAGE, PullResult, pull, sync_state
from wms.core.sync.push import DEFAULT_BATCH, push
from wms.core.sync.restore import heal, heal_events
from wms.core.sync.returns_sync import (
    ReturnsPullResult,
    ReturnsPushResult,
    has_returns_api,
    pull_returns,
    push_returns,
)
from wms.core.sync.sscc_reservation import reserve_sscc_range

CLOCK_WARNING_SECONDS = 120

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class SyncReport:
    pushed: PushResult
    pulled: PullResult
    waiting: int
    protocol: int
    clock_skew_seconds: float
    warnings: list[str] = field(default_factory=list)
    open_conflicts: int = 0
    # parcel events of the hub (central revision c0010, wms.core.sync.hub_events)
    events_pushed: EventPushResult = field(default_factory=EventPushResult)
    events_pulled: EventPullResult = field(default_factory=EventPullResult)
    # closed customer returns (central revision c0012, wms.core.sync.returns_sync)
    returns_pushed: ReturnsPushResult = field(default_factory=ReturnsPushResult)
    returns_pulled: ReturnsPullResult = field(default_factory=ReturnsPullResult)

    def line(self) -> str:
        parts = [
            f"pushed {self.pushed.inserted}",
            f"already there {self.pushed.duplicates}",
        ]
        if self.pushed.refused:
            parts.append(f"REFUSED {len(self.pushed.refused)}")
        parts += [
            f"pulled {self.pulled.movements} movements + {self.pulled.master} master records",
            f"feed at {self.pulled.feed_seq}",
            f"waiting {self.waiting}",
            f"open conflicts {self.open_conflicts}",
        ]
        if self.events_pushed.sent or self.events_pulled.pages:
            parts.insert(
                -2,
                f"parcel events pushed {self.events_pushed.inserted}, pulled "
                f"{self.events_pulled.events} (parcel feed at {self.events_pulled.feed_seq})",
            )
        if self.returns_pushed.sent or self.returns_pulled.added:
            parts.insert(
                -2,
                f"returns pushed {self.returns_pushed.inserted}, pulled "
                f"{self.returns_pulled.added}",
            )
        text = ", ".join(parts)
        for warning in self.warnings:
            text += f"; WARNING {warning}"
        return text


def _record(sessions: sessionmaker[Session], station: str, warehouse: str, **values: Any) -> None:
    with sessions() as session, session.begin():
        state = sync_state(session, station, warehouse)
        for name, value in values.items():
            setattr(state, name, value)


def sync_once(
    sessions: sessionmaker[Session],
    url: str,
    *,
    warehouse: str,
    station: str,
    batch_size: int = DEFAULT_BATCH,
    page_size: int = DEFAULT_PAGE,
    protocol: int = PROTOCOL_VERSION,
    clock: Clock = system_clock,
    progress: Callable[[str], None] | None = None,
) -> SyncReport:
    """Push everything unsent, then pull the feed to the end. Raises :class:`SyncError`."""
    say = progress or (lambda _text: None)
    started = clock()
    _record(sessions, station, warehouse, last_attempt_at=started)
    conn = None
    try:
        conn = connect(url, application_name=f"wms-sync {station}"[:63])
        now_row = conn.execute("SELECT now()").fetchone()
        if now_row is None:
            raise SyncError(f"central {redact(url)} did not tell its time (SELECT now())")
        central_now: datetime = now_row[0]
        conn.commit()
        skew = (clock() - central_now).total_seconds()
        warnings = []
        if abs(skew) > CLOCK_WARNING_SECONDS:
            ahead = "ahead of" if skew > 0 else "behind"
            warnings.append(
                f"station clock is {abs(skew):.0f} s {ahead} central's; fix the station's time "
                "(movements are ordered by sequence numbers, not clocks, but times shown on "
                "screens and labels will be off)"
            )
        chosen = negotiate(conn, protocol)
        require_api(conn)
        identity = identify(conn)
        check(identity, url, warehouse, station)
        with sessions() as session, session.begin():
            feed_seen = sync_state(session, station, warehouse).feed_seq
        healings = [heal(conn, sessions, warehouse, station)]

        def push_all(connection: psycopg.Connection) -> PushResult:
            return push(
                sessions,
                connection,
                chosen,
                warehouse,
                station,
                batch_size=batch_size,
                feed_seq_seen=feed_seen,
                only_own=identity.is_station_role,
                progress=lambda r: say(
                    f"push batch {r.batches}: {r.inserted} new, {r.duplicates} already there"
                ),
            )

        pushed = push_all(conn)
        own_refused = [r.station_seq for r in pushed.refused if r.station == station]
        if own_refused:
            # numbers central holds under other ids: this database went back in time
            healings.append(heal(conn, sessions, warehouse, station, refused_from=min(own_refused)))
            if healings[-1] is not None:
                again = push_all(conn)
                pushed.refused = []
                pushed.add(again)
        warnings += [h.line() for h in healings if h is not None]
        events_api = has_event_api(conn)
        events_pushed = EventPushResult()
        if events_api:
            event_healings = [heal_events(conn, sessions, warehouse, station)]
            events_pushed = push_events(sessions, conn, warehouse, station)
            own_events_refused = [
                int(r["station_seq"]) for r in events_pushed.refused if r["station"] == station
            ]
            if own_events_refused:
                event_healings.append(
                    heal_events(
                        conn, sessions, warehouse, station, refused_from=min(own_events_refused)
                    )
                )
                if event_healings[-1] is not None:
                    events_again = push_events(sessions, conn, warehouse, station)
                    events_again.inserted += events_pushed.inserted
                    events_again.duplicates += events_pushed.duplicates
                    events_pushed = events_again
            warnings += [h.line() for h in event_healings if h is not None]
            if events_pushed.refused:
                warnings.append(
                    f"{len(events_pushed.refused)} parcel events refused by central (their "
                    "numbers are held there with other content): see 'wms sync conflicts'"
                )
        returns_pushed = ReturnsPushResult()
        returns_api = has_returns_api(conn)
        if returns_api:
            returns_pushed = push_returns(sessions, conn, warehouse, station, clock=clock)
            if returns_pushed.refused:
                warnings.append(
                    f"returns {', '.join(returns_pushed.refused)} refused by central (held "
                    "there with other content)"
                )
        with conn.transaction():
            station_seen(conn, warehouse, station, chosen.version, clock(), round(skew))
        pulled = pull(
            sessions,
            conn,
            chosen,
            warehouse,
            station,
            page_size=page_size,
            progress=lambda r: say(f"pull page {r.pages}: feed at {r.feed_seq}"),
        )
        events_pulled = EventPullResult()
        if events_api:
            events_pulled = pull_events(sessions, conn, warehouse, station)
        returns_pulled = ReturnsPullResult()
        if returns_api:
            returns_pulled = pull_returns(sessions, conn, warehouse, station)
        reserve_sscc_range(conn, sessions, warehouse, station)
        open_conflicts = sync_status(conn, warehouse, station).open_conflicts
        if pushed.skipped:
            warnings.append(
                f"{pushed.skipped} movements of other stations held here were not sent (a "
                "station role pushes only its own); sync once with the warehouse role's URL"
            )
    except psycopg.Error as error:
        message = _describe(error, url)
        _record(sessions, station, warehouse, last_error=message)
        raise SyncError(message) from error
    except SyncError as error:
        _record(sessions, station, warehouse, last_error=str(error))
        raise
    finally:
        if conn is not None:
            conn.close()
    with sessions() as session:
        left = sum(waiting(session, warehouse).values())
    _record(
        sessions,
        station,
        warehouse,
        last_sync_at=clock(),
        last_error="",
        protocol_version=chosen.version,
        clock_skew_seconds=round(skew),
        refused=len(pushed.refused),
    )
    return SyncReport(
        pushed,
        pulled,
        left,
        chosen.version,
        skew,
        warnings,
        open_conflicts,
        events_pushed,
        events_pulled,
        returns_pushed,
        returns_pulled,
    )


#: what a session gets when its server is stopped, crashes or is not yet accepting logins
_RESTARTING = (
    psycopg.errors.AdminShutdown,
    psycopg.errors.CrashShutdown,
    psycopg.errors.CannotConnectNow,
)
#: how a Citus coordinator names a worker it cannot reach, or one whose query failed
_REMOTE_NODE = (
    re.compile(r"connection to the remote node \S*@(\S+:\d+) failed"),
    re.compile(r"while executing command on (\S+:\d+)"),
)

#: what a server says to a connection while it stops or starts
_SHUTTING_DOWN = re.compile(r"the database system is (shutting down|starting up|in recovery mode)")

#: how a Citus coordinator words a shard's worker that failed its part of a transaction
_SHARD_FAILED = re.compile(r"for shard \d+ on at least one active node")


def _server_of(url: str) -> str:
    """``host:port`` of the server ``url`` names (the port 5432 when it names none)."""
    try:
        parts = urlsplit(url)
        return f"{parts.hostname or ''}:{parts.port or 5432}"
    except ValueError:  # not a URL with a port number: no server to compare with
        return ""


def _remote_node(error: psycopg.Error) -> str | None:
    """The worker ``host:port`` a Citus coordinator blames for ``error``, if it blames one."""
    for pattern, text in zip(_REMOTE_NODE, (str(error), error.diag.context or ""), strict=True):
        found = pattern.search(text)
        if found:
            return found.group(1)
    return None


def _describe(error: psycopg.Error, url: str) -> str:
    first = (str(error).strip().splitlines() or [type(error).__name__])[0]
    if isinstance(error, psycopg.errors.UndefinedTable):
        return (
            f"central {redact(url)} is not a central database ({first}); expected the "
            "database 'wms central init' created"
        )
    if isinstance(error, psycopg.errors.InsufficientPrivilege):
        return f"central {redact(url)} refused: {first}"
    node = _remote_node(error)
    if node is not None and node == _server_of(url) and _SHUTTING_DOWN.search(first):
        node = None  # the coordinator reaching itself while it shuts down: it is restarting
        restarting = True
    else:
        restarting = isinstance(error, _RESTARTING)
    if node is not None and isinstance(error, psycopg.OperationalError):
        # Citus: the coordinator answers, one of its workers does not
        return msg(
            "node {node} of central {url}'s cluster cannot be reached ({reason}); what "
            "central did not confirm is sent again once the node is back",
            node=node,
            url=redact(url),
            reason=first,
        )
    if _SHARD_FAILED.search(first):
        return msg(
            "a worker node of central {url}'s cluster failed during the sync ({reason}); what "
            "central did not confirm is sent again once the node is back",
            url=redact(url),
            reason=first,
        )
    if restarting:
        return msg(
            "central {url} is restarting or shutting down ({reason}); what it did not confirm "
            "is sent again once it is back",
            url=redact(url),
            reason=first,
        )
    if isinstance(error, psycopg.OperationalError):
        return msg("connection to central {url} lost: {reason}", url=redact(url), reason=first)
    return f"central {redact(url)}: {first}"


@dataclass
class Status:
    station: str
    warehouse: str
    waiting: int
    waiting_by_origin: dict[str, int]
    feed_seq: int
    last_sync_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str
    protocol_version: int
    clock_skew_seconds: int
    refused: int

    def as_row(self) -> dict[str, Any]:
        return {
            "station": self.station,
            "warehouse": self.warehouse,
            "waiting": self.waiting,
            "feed_seq": self.feed_seq,
            "last_sync_at": self.last_sync_at,
            "last_attempt_at": self.last_attempt_at,
            "last_error": self.last_error,
            "protocol_version": self.protocol_version,
            "clock_skew_seconds": self.clock_skew_seconds,
            "refused": self.refused,
        }


def status(sessions: sessionmaker[Session], warehouse: str, station: str) -> Status:
    with sessions() as session:
        state = session.get(SyncStateRow, station)
        by_origin = waiting(session, warehouse)
    return Status(
        station=station,
        warehouse=warehouse,
        waiting=sum(by_origin.values()),
        waiting_by_origin=by_origin,
        feed_seq=state.feed_seq if state else 0,
        last_sync_at=_aware(state.last_sync_at) if state else None,
        last_attempt_at=_aware(state.last_attempt_at) if state else None,
        last_error=state.last_error if state else "",
        protocol_version=state.protocol_version if state else 0,
        clock_skew_seconds=state.clock_skew_seconds if state else 0,
        refused=state.refused if state else 0,
    )


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def run_forever(
    cycle: Callable[[], SyncReport],
    *,
    interval: float,
    max_backoff: float,
    out: Callable[[str], None],
    should_stop: Callable[[], bool] = lambda: False,
    wait: Callable[[float], None] | None = None,
    max_cycles: int | None = None,
) -> int:
    """Run ``cycle`` every ``interval`` seconds; after a failure wait ``interval`` doubled per
    consecutive failure, up to ``max_backoff``. Returns the number of failed cycles."""
    failures = 0
    failed_total = 0
    cycles = 0
    while not should_stop():
        stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
        try:
            report = cycle()
        except SyncError as error:
            failures += 1
            failed_total += 1
            delay = min(max_backoff, interval * (2 ** min(failures, 16)))
            out(f"{stamp} sync FAILED ({failures} in a row): {error}; retrying in {delay:g} s")
        else:
            failures = 0
            delay = interval
            out(f"{stamp} sync ok: {report.line()}")
        cycles += 1
        if max_cycles is not None and cycles >= max_cycles:
            break
        (wait or _waiter(should_stop))(delay)
    return failed_total


def _waiter(should_stop: Callable[[], bool]) -> Callable[[float], None]:
    """Sleep ``delay`` seconds in short steps, returning early when asked to stop."""

    def wait(delay: float) -> None:
        end = time.monotonic() + delay
        while not should_stop():
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(0.5, left))

    return wait
