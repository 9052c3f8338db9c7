"""Closed customer returns through central (central revision c0012).

A second synced record kind beside the ledger and the parcel events, and the smallest: a
return is final once closed (it is never changed again), so the outbox is simply this station's
closed returns central has not acknowledged (``returns.pushed_at`` empty). The push sends them
in batches through ``wms_push_returns`` (one central transaction each): central inserts the
returns it does not hold with their lines, counts one it holds with the same content as a
duplicate (a batch re-sent after a cut) and refuses one it holds with other content; the
station stamps ``pushed_at`` on the inserted and duplicate ones after central's commit. The
movements the lines posted travel with the ledger, as every movement does.

Central numbers the returns it inserts in the warehouse's returns feed (``feed_seq``, gapless,
in commit order). Every station pulls the feed after its push, page by page, each page read in
one REPEATABLE READ snapshot (counter first, then every return up to it: a missing number is an
error, never skipped) and applied in one station transaction: the returns it does not hold
(the other stations'), with their lines, so ``wms returns`` shows the warehouse's returns at
every bench. Its own come back too and are recognised by number.

A station pushes its own returns only. A central older than c0012 has no returns API: the
sync leaves them waiting.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

import psycopg
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import SyncError
from wms.core.domain.returns import ReturnStatus
from wms.core.persistence.returns_tables import ReturnLineRow, ReturnRow, ReturnsFeedRow

PUSH_FUNCTION = "wms_push_returns(text, text, jsonb)"
REVISION = "c0012"
DEFAULT_BATCH = 200
DEFAULT_PAGE = 500


@dataclass
class ReturnsPushResult:
    batches: int = 0
    sent: int = 0
    inserted: int = 0
    duplicates: int = 0
    refused: list[str] = field(default_factory=list)


@dataclass
class ReturnsPullResult:
    pages: int = 0
    returns: int = 0  # returns read from the feed
    added: int = 0  # of them, new here (the other stations')
    feed_seq: int = 0


def has_returns_api(conn: psycopg.Connection) -> bool:
    """Does central take returns (revision c0012)?"""
    with conn.transaction():
        row = conn.execute("SELECT to_regprocedure(%s) IS NOT NULL", (PUSH_FUNCTION,)).fetchone()
    return bool(row and row[0])


def _stamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def unpushed(
    session: Session, warehouse: str, station: str, limit: int = DEFAULT_BATCH
) -> list[dict[str, Any]]:
    """Up to ``limit`` closed returns of ``station`` central has not acknowledged, as the JSON
    objects ``wms_push_returns`` reads."""
    rows = list(
        session.scalars(
            select(ReturnRow)
            .where(
                ReturnRow.warehouse == warehouse,
                ReturnRow.station == station,
                ReturnRow.status == ReturnStatus.CLOSED.value,
                ReturnRow.pushed_at.is_(None),
            )
            .order_by(ReturnRow.number)
            .limit(limit)
        )
    )
    lines: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if rows:
        for line in session.scalars(
            select(ReturnLineRow)
            .where(ReturnLineRow.number.in_([r.number for r in rows]))
            .order_by(ReturnLineRow.number, ReturnLineRow.line)
        ):
            lines[line.number].append(
                {
                    "line": line.line,
                    "sku": line.sku,
                    "lot": line.lot,
                    "quantity": line.quantity,
                    "grade": line.grade,
                    "reason": line.reason,
                    "unit_value": str(line.unit_value),
                    "currency": line.currency,
                    "location": line.location,
                    "movement_id": line.movement_id,
                }
            )
    return [
        {
            "number": r.number,
            "warehouse_id": r.warehouse,
            "order_number": r.order,
            "parcel": r.parcel,
            "owner": r.owner,
            "status": r.status,
            "operator": r.operator,
            "station_id": r.station,
            "opened_at": _stamp(r.opened_at),
            "closed_at": _stamp(r.closed_at),
            "lines": lines.get(r.number, []),
        }
        for r in rows
    ]


def push_return_batch(
    conn: psycopg.Connection, warehouse: str, pusher: str, batch: list[dict[str, Any]]
) -> dict[str, Any]:
    """One batch of returns in one central transaction; central's answer."""
    with conn.transaction():
        row = conn.execute(
            "SELECT wms_push_returns(%s, %s, %s::jsonb)",
            (warehouse, pusher, json.dumps(batch, default=str)),
        ).fetchone()
    if row is None or not isinstance(row[0], dict):
        raise SyncError(f"return push to {warehouse}: central gave no answer")
    return cast(dict[str, Any], row[0])


def push_returns(
    sessions: sessionmaker[Session],
    conn: psycopg.Connection,
    warehouse: str,
    station: str,
    *,
    batch_size: int = DEFAULT_BATCH,
    clock: Any = None,
) -> ReturnsPushResult:
    """Push every closed return of ``station`` central has not acknowledged."""
    result = ReturnsPushResult()
    now = clock or (lambda: datetime.now(UTC))
    skip: set[str] = set()
    while True:
        with sessions() as session:
            batch = [
                r
                for r in unpushed(session, warehouse, station, batch_size + len(skip))
                if r["number"] not in skip
            ][:batch_size]
        if not batch:
            break
        answer = push_return_batch(conn, warehouse, station, batch)
        refused = [str(number) for number in answer.get("refused", [])]
        result.batches += 1
        result.sent += len(batch)
        result.inserted += int(answer["inserted"])
        result.duplicates += int(answer["duplicates"])
        result.refused.extend(refused)
        skip.update(refused)
        acknowledged = [r["number"] for r in batch if r["number"] not in skip]
        if acknowledged:
            with sessions() as session, session.begin():
                session.execute(
                    update(ReturnRow)
                    .where(ReturnRow.number.in_(acknowledged))
                    .values(pushed_at=now())
                )
        if not acknowledged:
            break
    return result


_RETURN_FIELDS = (
    "number, warehouse_id, order_number, parcel, owner, status, operator, station_id, "
    "opened_at, closed_at, feed_seq"
)
_LINE_FIELDS = (
    "number, line, sku, lot, quantity, grade, reason, unit_value, currency, location, movement_id"
)


def read_returns_page(
    conn: psycopg.Connection, warehouse: str, after: int, page_size: int
) -> tuple[int, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Returns feed entries ``(after, upto]`` and their lines, read in one snapshot:
    (upto, returns, lines)."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        counter = conn.execute(
            "SELECT last_seq FROM returns_feed_counters WHERE warehouse_id = %s", (warehouse,)
        ).fetchone()
        last = int(counter[0]) if counter else 0
        if last < after:
            raise SyncError(
                f"this station has read {warehouse}'s returns feed up to {after} but central's "
                f"ends at {last}: expected the same central database it synced with before"
            )
        upto = min(last, after + page_size)
        if upto == after:
            return after, [], []
        returns = conn.execute(
            f"SELECT {_RETURN_FIELDS} FROM returns WHERE warehouse_id = %s "
            "AND feed_seq > %s AND feed_seq <= %s ORDER BY feed_seq",
            (warehouse, after, upto),
        ).fetchall()
        lines = conn.execute(
            f"SELECT {_LINE_FIELDS} FROM return_lines WHERE warehouse_id = %s "
            "AND number = ANY (%s) ORDER BY number, line",
            (warehouse, [r[0] for r in returns]),
        ).fetchall()
    if len(returns) != upto - after:
        raise SyncError(
            f"returns feed of {warehouse} from {after + 1} to {upto}: expected {upto - after} "
            f"returns, found {len(returns)}; nothing applied"
        )
    return upto, returns, lines


def apply_returns_page(
    sessions: sessionmaker[Session],
    warehouse: str,
    station: str,
    upto: int,
    returns: list[tuple[Any, ...]],
    lines: list[tuple[Any, ...]],
) -> int:
    """Add the returns of a page this station does not hold, with their lines, and move its
    feed position to ``upto``, in one transaction; how many were added."""
    with sessions() as session, session.begin():
        held = set(
            session.scalars(
                select(ReturnRow.number).where(ReturnRow.number.in_([r[0] for r in returns]))
            )
        )
        new = [r for r in returns if r[0] not in held]
        closed_at = {r[0]: r[9] for r in new}
        for number, _w, order, parcel, owner, status, operator, origin, opened, closed, _f in new:
            session.add(
                ReturnRow(
                    number=number, warehouse=warehouse, order=order, parcel=parcel,
                    scanned="", owner=owner, status=status, operator=operator, station=origin,
                    opened_at=opened, closed_at=closed, pushed_at=closed,
                )
            )  # fmt: skip
        session.flush()
        for number, line, sku, lot, quantity, grade, reason, value, currency, where, mid in lines:
            if number in closed_at:
                session.add(
                    ReturnLineRow(
                        number=number, line=line, sku=sku, lot=lot, quantity=quantity,
                        grade=grade, reason=reason, unit_value=value, currency=currency,
                        location=where, movement_id=mid, at=closed_at[number],
                    )
                )  # fmt: skip
        position = session.get(ReturnsFeedRow, station)
        if position is None:
            session.add(ReturnsFeedRow(station=station, warehouse=warehouse, feed_seq=upto))
        else:
            position.feed_seq = max(position.feed_seq, upto)
    return len(new)


def pull_returns(
    sessions: sessionmaker[Session],
    conn: psycopg.Connection,
    warehouse: str,
    station: str,
    *,
    page_size: int = DEFAULT_PAGE,
) -> ReturnsPullResult:
    """Pull the warehouse's returns feed from this station's position to its end."""
    result = ReturnsPullResult()
    with sessions() as session:
        position = session.get(ReturnsFeedRow, station)
        after = position.feed_seq if position is not None else 0
    while True:
        upto, returns, lines = read_returns_page(conn, warehouse, after, page_size)
        if upto == after:
            break
        result.added += apply_returns_page(sessions, warehouse, station, upto, returns, lines)
        result.pages += 1
        result.returns += len(returns)
        after = upto
    result.feed_seq = after
    return result
