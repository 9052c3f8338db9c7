"""A supervisor's decisions on count differences: approve (post the difference to the ledger)
or reject a pending adjustment, in one transaction, checked and committed here; and planning
cycle counts (count tasks for chosen locations, or by activity / ABC class).

The station app's adjustments tab and ``wms adjustments approve|reject`` call these; the
``adjust`` workflow decides at the bench through the same rules
(:func:`wms.core.services.workflows.adjustments.approve` / ``reject``). The supervisor is either
the operator logged in at the station or a badge and PIN, checked (and logged) as a login is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.model import Operator
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.changes import Changes
from wms.core.services.workflows import WorkflowSettings
from wms.core.services.workflows.adjustments import (
    approve,
    create_count_tasks,
    describe_adjustment,
    generate_count_tasks,
    reject,
    require_adjustment,
)
from wms.core.services.workflows.operators import authenticate_supervisor, require_supervisor


@dataclass(frozen=True)
class SupervisorBadge:
    """A supervisor identified by badge and PIN (``wms adjustments --badge B --pin P``)."""

    badge: str
    pin: str = field(repr=False)


class Decision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class AdjustmentDecided:
    """What a decision did: the adjustment as it was described before, who decided, the
    movements posted (approval only) and what changed."""

    adjustment_id: int
    decision: Decision
    decided_by: str
    description: str
    movement_ids: tuple[str, ...]
    changes: Changes


@dataclass(frozen=True)
class PlannedCount:
    """A count task opened for a location."""

    task_id: int
    location: str


@dataclass(frozen=True)
class CountsPlanned:
    """The count tasks opened (locations that had an open task already are left out)."""

    tasks: tuple[PlannedCount, ...]
    changes: Changes


#: an approval posts COUNT movements; a rejection only closes the adjustment
_APPROVED = Changes(stock=True, ledger=True, adjustments=True)
_REJECTED = Changes(adjustments=True)


def approve_adjustment(
    sessions: sessionmaker[Session],
    adjustment_id: int,
    supervisor: Operator | SupervisorBadge,
    *,
    warehouse: str,
    station: str,
    clock: Callable[[], datetime],
    settings: WorkflowSettings | None = None,
) -> AdjustmentDecided:
    """Post pending adjustment ``adjustment_id`` as COUNT movements and mark it approved.

    Refused (nothing changes) when the supervisor may not approve adjustments, the badge or PIN
    is wrong, the adjustment is not pending, or the stock has moved since it was counted."""
    return _decide(
        sessions, adjustment_id, supervisor, Decision.APPROVED,
        warehouse=warehouse, station=station, clock=clock, settings=settings,
    )  # fmt: skip


def reject_adjustment(
    sessions: sessionmaker[Session],
    adjustment_id: int,
    supervisor: Operator | SupervisorBadge,
    *,
    warehouse: str,
    station: str,
    clock: Callable[[], datetime],
    settings: WorkflowSettings | None = None,
) -> AdjustmentDecided:
    """Mark pending adjustment ``adjustment_id`` rejected (the stock stays as booked)."""
    return _decide(
        sessions, adjustment_id, supervisor, Decision.REJECTED,
        warehouse=warehouse, station=station, clock=clock, settings=settings,
    )  # fmt: skip


def _decide(
    sessions: sessionmaker[Session],
    adjustment_id: int,
    supervisor: Operator | SupervisorBadge,
    decision: Decision,
    *,
    warehouse: str,
    station: str,
    clock: Callable[[], datetime],
    settings: WorkflowSettings | None,
) -> AdjustmentDecided:
    operator = _supervisor(
        sessions, supervisor, warehouse=warehouse, station=station, clock=clock, settings=settings
    )
    at = clock()
    with UnitOfWork(sessions) as uow:
        description = describe_adjustment(require_adjustment(uow, warehouse, adjustment_id))
        if decision is Decision.APPROVED:
            movements = approve(
                uow, warehouse=warehouse, station=station, adjustment_id=adjustment_id,
                approver=operator, at=at,
            )  # fmt: skip
            movement_ids = tuple(m.id for m in movements)
        else:
            reject(uow, warehouse=warehouse, adjustment_id=adjustment_id, approver=operator, at=at)
            movement_ids = ()
        uow.commit()
    return AdjustmentDecided(
        adjustment_id=adjustment_id,
        decision=decision,
        decided_by=operator.badge,
        description=description,
        movement_ids=movement_ids,
        changes=_APPROVED if decision is Decision.APPROVED else _REJECTED,
    )


def _supervisor(
    sessions: sessionmaker[Session],
    supervisor: Operator | SupervisorBadge,
    *,
    warehouse: str,
    station: str,
    clock: Callable[[], datetime],
    settings: WorkflowSettings | None,
) -> Operator:
    if isinstance(supervisor, Operator):
        require_supervisor(supervisor)
        return supervisor
    return authenticate_supervisor(
        sessions,
        badge=supervisor.badge,
        pin=supervisor.pin,
        warehouse=warehouse,
        station=station,
        now=clock(),
        settings=settings,
    )


def plan_counts(
    sessions: sessionmaker[Session],
    locations: list[str],
    supervisor: Operator | SupervisorBadge,
    *,
    warehouse: str,
    station: str,
    clock: Callable[[], datetime],
    reason: str = "requested",
    settings: WorkflowSettings | None = None,
) -> CountsPlanned:
    """Open a count task for each of ``locations`` (codes, any case) that has none open."""
    operator = _supervisor(
        sessions, supervisor, warehouse=warehouse, station=station, clock=clock, settings=settings
    )
    with UnitOfWork(sessions) as uow:
        created = create_count_tasks(
            uow, warehouse, [code.upper() for code in locations],
            created_by=operator.badge, at=clock(), reason=reason,
        )  # fmt: skip
        tasks = tuple(PlannedCount(row.id, row.location) for row in created)
        uow.commit()
    return CountsPlanned(tasks, Changes(counts=bool(tasks)))


def plan_counts_by_activity(
    sessions: sessionmaker[Session],
    supervisor: Operator | SupervisorBadge,
    *,
    warehouse: str,
    station: str,
    clock: Callable[[], datetime],
    since: datetime | None = None,
    abc: str | None = None,
    settings: WorkflowSettings | None = None,
) -> CountsPlanned:
    """Open count tasks for the countable locations with movements since ``since`` and/or in
    activity class ``abc`` (A: the busiest 20 %, B: the next 30 %, C: the rest)."""
    operator = _supervisor(
        sessions, supervisor, warehouse=warehouse, station=station, clock=clock, settings=settings
    )
    with UnitOfWork(sessions) as uow:
        created = generate_count_tasks(
            uow, warehouse, created_by=operator.badge, at=clock(), since=since, abc=abc
        )
        tasks = tuple(PlannedCount(row.id, row.location) for row in created)
        uow.commit()
    return CountsPlanned(tasks, Changes(counts=bool(tasks)))
