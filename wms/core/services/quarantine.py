"""Quarantined stock and its release, for the command line (``wms quarantine list|release``).

A release is a supervisor's decision: the supervisor is the operator logged in at a bench or a
badge and PIN (checked and logged as a login is), the reason is required, and the status
movements are built by the rules the ``quarantine`` workflow uses
(:mod:`wms.core.services.workflows.quarantine`), in one transaction committed here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import RuleViolation
from wms.core.domain.model import Operator
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.changes import Changes
from wms.core.services.ledger import Actor, post
from wms.core.services.owners import get_owner
from wms.core.services.supervision import SupervisorBadge, _supervisor
from wms.core.services.workflows import WorkflowSettings
from wms.core.services.workflows.quarantine import (
    check_reason,
    choose,
    describe,
    quarantined,
    release_drafts,
)
from wms.core.services.workflows.queries import StockEntry


@dataclass(frozen=True)
class QuarantineReleased:
    description: str
    released_by: str
    reason: str
    movement_ids: tuple[str, ...]
    changes: Changes


def quarantined_stock(
    sessions: sessionmaker[Session],
    warehouse: str,
    *,
    location: str | None = None,
    owner: str | None = None,
) -> list[StockEntry]:
    """What is quarantined in ``warehouse`` (at ``location``; of ``owner``, an unknown owner
    refused with a sentence)."""
    with UnitOfWork(sessions, read_only=True) as uow:
        if owner is not None:
            get_owner(uow.session, owner)
        where = location.upper() if location else None
        return quarantined(uow, warehouse, location=where, owner=owner)


def release_quarantine(
    sessions: sessionmaker[Session],
    supervisor: Operator | SupervisorBadge,
    *,
    warehouse: str,
    station: str,
    clock: Callable[[], datetime],
    location: str,
    sku: str,
    reason: str,
    lot: str = "",
    handling_unit: str = "",
    quantity: int | None = None,
    settings: WorkflowSettings | None = None,
) -> QuarantineReleased:
    """Release ``quantity`` (all when None) of quarantined ``sku`` at ``location`` to
    available, recording ``reason``; refused (nothing posted) for anyone but a supervisor."""
    operator = _supervisor(
        sessions, supervisor, warehouse=warehouse, station=station, clock=clock, settings=settings
    )
    why = check_reason(reason)
    with UnitOfWork(sessions) as uow:
        held = quarantined(uow, warehouse, location=location.upper())
        if not held:
            raise RuleViolation(
                msg("nothing is quarantined at {location}", location=location.upper()),
                "not_quarantined",
            )
        entries = choose(held, sku=sku, lot=lot.upper(), handling_unit=handling_unit)
        actor = Actor(warehouse, station, operator.badge, clock)
        movements = [post(uow, actor, draft) for draft in release_drafts(entries, quantity, why)]
        uow.commit()
    return QuarantineReleased(
        description=describe(entries, quantity),
        released_by=operator.badge,
        reason=why,
        movement_ids=tuple(m.id for m in movements),
        changes=Changes(stock=True, ledger=True),
    )
