"""Posting movements to the ledger: numbering, stamping, projecting, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from wms.core.domain.clock import Clock, utc_now
from wms.core.domain.ids import new_id
from wms.core.domain.model import Movement, MovementDraft
from wms.core.persistence.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Actor:
    """Who posts a movement, from where, and by which clock its time is stamped (a station's
    runtime passes its own clock, so a replay or a test stamps its own time)."""

    warehouse: str
    station: str
    operator: str
    clock: Clock = utc_now


def post(uow: UnitOfWork, actor: Actor, draft: MovementDraft) -> Movement:
    """Append one movement and update stock on hand, inside ``uow``'s transaction.

    Nothing is durable until the caller commits the unit of work; a rollback also gives the
    station sequence number back, so ``station_seq`` stays gapless.
    """
    movement = Movement.posted(
        draft,
        id=new_id(),
        warehouse=actor.warehouse,
        station=actor.station,
        station_seq=uow.ledger.next_station_seq(actor.station, actor.warehouse),
        operator=actor.operator,
        created_at=actor.clock(),
    )
    owner = uow.ledger.append(movement)
    return replace(movement, owner=owner)


def post_many(uow: UnitOfWork, actor: Actor, drafts: Sequence[MovementDraft]) -> list[Movement]:
    """Append ``drafts`` in order, numbered consecutively, with one statement for the station
    sequence and one for the ledger rows, and their stock deltas summed per stock key: the same
    ledger and stock as posting them one by one (a wave's reservations)."""
    movements, owners = _append_many(uow, actor, drafts)
    return [
        replace(movement, owner=owner) for movement, owner in zip(movements, owners, strict=True)
    ]


def post_all(uow: UnitOfWork, actor: Actor, drafts: Sequence[MovementDraft]) -> int:
    """:func:`post_many` for a caller that needs only how many were posted (a wave's
    thousands of reservations: no copy of each movement with its owner)."""
    movements, _owners = _append_many(uow, actor, drafts)
    return len(movements)


def _append_many(
    uow: UnitOfWork, actor: Actor, drafts: Sequence[MovementDraft]
) -> tuple[list[Movement], list[str]]:
    if not drafts:
        return [], []
    first = uow.ledger.next_station_seqs(actor.station, actor.warehouse, len(drafts))
    movements = [
        Movement.posted(
            draft,
            id=new_id(),
            warehouse=actor.warehouse,
            station=actor.station,
            station_seq=first + offset,
            operator=actor.operator,
            created_at=actor.clock(),
        )
        for offset, draft in enumerate(drafts)
    ]
    return movements, uow.ledger.append_many(movements)
