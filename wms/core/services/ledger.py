"""Posting movements to the ledger: numbering, stamping, projecting, in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from wms.core.domain.ids import new_id
from wms.core.domain.model import Movement, MovementDraft
from wms.core.persistence.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Actor:
    """Who posts a movement and from where."""

    warehouse: str
    station: str
    operator: str


def post(uow: UnitOfWork, actor: Actor, draft: MovementDraft) -> Movement:
    """Append one movement and update stock on hand, inside ``uow``'s transaction.

    Nothing is durable until the caller commits the unit of work; a rollback also gives the
    station sequence number back, so ``station_seq`` stays gapless.
    """
    movement = Movement(
        id=new_id(),
        warehouse=actor.warehouse,
        station=actor.station,
        station_seq=uow.ledger.next_station_seq(actor.station, actor.warehouse),
        operator=actor.operator,
        kind=draft.kind,
        sku=draft.sku,
        quantity=draft.quantity,
        created_at=datetime.now(UTC),
        from_location=draft.from_location,
        to_location=draft.to_location,
        lot=draft.lot,
        expiry=draft.expiry,
        from_handling_unit=draft.from_handling_unit,
        to_handling_unit=draft.to_handling_unit,
        from_status=draft.from_status,
        to_status=draft.to_status,
        reference=draft.reference,
        transfer_id=draft.transfer_id,
        raw_scan=draft.raw_scan,
    )
    uow.ledger.append(movement)
    return movement
