"""Closed customer returns through central (central revision c0012).

A second synced record kind beside the ledger and the parcel events, and the smallest: a
return is final once closed (it is never changed again), so the outbox is simply this station's
closed returns central has not acknowledged (``returns.pushed_at`` empty). The push sends them
in batches through ``wms_push_returns`` (one central transaction each): central inserts the
returns it does not hold with their lines, counts one it holds with the same content as a
duplicate (a batch re-sent after a cut) and refuses one it holds with other content; the
station stamps ``pushed_at`` on the inserted and duplicate ones after central's commit. The
movements the lines posted travel with the ledger, as every movement does.

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
from wms.core.persistence.returns_tables import ReturnLineRow, ReturnRow

PUSH_FUNCTION = "wms_push_returns(text, text, jsonb)"
REVISION = "c0012"
DEFAULT_BATCH = 200


@dataclass
class ReturnsPushResult:
    batches: int = 0
    sent: int = 0
    inserted: int = 0
    duplicates: int = 0
    refused: list[str] = field(default_factory=list)


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
