"""Throughput: movements per hour, per station or per operator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wms.core.persistence.tables import MovementRow


class ThroughputBy(StrEnum):
    """Whose movements the throughput chart stacks."""

    STATION = "station"
    OPERATOR = "operator"


@dataclass(frozen=True)
class Throughput:
    hours: list[datetime]
    series: dict[str, list[int]]  # station or operator -> count per hour


def _hour_bucket(session: Session, column: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.date_trunc("hour", column), "YYYY-MM-DD HH24")
    return func.substr(func.strftime("%Y-%m-%d %H", column), 1, 13)


def throughput(
    session: Session,
    warehouse: str | None,
    *,
    now: datetime,
    by: ThroughputBy = ThroughputBy.STATION,
    hours: int = 24,
    top: int = 6,
) -> Throughput:
    """Movements per hour over the ``hours`` hours up to ``now``, per station or per operator;
    beyond the ``top`` busiest, the rest are summed as ``others``."""
    end = now.astimezone(UTC)
    end = end.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    start = end - timedelta(hours=hours)
    who = MovementRow.station if by is ThroughputBy.STATION else MovementRow.operator
    bucket = _hour_bucket(session, MovementRow.created_at)
    postgres = session.get_bind().dialect.name == "postgresql"
    # SQLite keeps the UTC wall time as text: compare with a naive UTC time
    since = start if postgres else start.replace(tzinfo=None)
    statement = (
        select(bucket.label("hour"), who.label("who"), func.count())
        .where(MovementRow.created_at >= since)
        .group_by("hour", "who")
    )
    if warehouse:
        # through the time index: a bare "warehouse = ?" would tempt the planner into reading
        # every movement of the warehouse (one warehouse per station: all of them)
        statement = statement.where(func.coalesce(MovementRow.warehouse, "") == warehouse)
    slots = [start + timedelta(hours=i) for i in range(hours)]
    index = {slot.strftime("%Y-%m-%d %H"): i for i, slot in enumerate(slots)}
    series: dict[str, list[int]] = {}
    for hour, name, count in session.execute(statement):
        position = index.get(str(hour))
        if position is None:
            continue
        series.setdefault(str(name), [0] * hours)[position] += int(count)
    ranked = sorted(series, key=lambda name: -sum(series[name]))
    kept = {name: series[name] for name in ranked[:top]}
    rest = ranked[top:]
    if rest:
        kept["others"] = [sum(series[n][i] for n in rest) for i in range(hours)]
    return Throughput(slots, kept)
