"""What a picker can start: the pick lists still open; and the row of a stop of one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, func, or_, select

from wms.core.persistence.outbound_tables import PickListRow, PickTaskRow
from wms.core.persistence.raw_sqlite import PreparedRead
from wms.core.persistence.unit_of_work import UnitOfWork

#: a pick list that still has work: released (open) or being walked (picking)
UNFINISHED = ("open", "picking")


@dataclass(frozen=True)
class OpenList:
    list_id: str
    mode: str
    zone: str
    status: str
    stops: int
    units: int
    orders: int


@dataclass(frozen=True)
class Stop:
    sequence: int
    location: str
    sku: str
    lot: str
    quantity: int
    picked: int
    state: str
    order: str


_OPEN_TASK = PickTaskRow.state == "open"
_OPEN_LISTS = PreparedRead(
    select(
        PickListRow.id,
        PickListRow.mode,
        PickListRow.zone,
        PickListRow.status,
        func.count(PickTaskRow.id).filter(_OPEN_TASK),
        func.coalesce(func.sum(PickTaskRow.quantity - PickTaskRow.picked).filter(_OPEN_TASK), 0),
        func.count(func.distinct(PickTaskRow.order)),
    )
    .join(PickTaskRow, PickTaskRow.pick_list == PickListRow.id)
    .where(
        PickListRow.warehouse == bindparam("warehouse"),
        or_(*(PickListRow.status == status for status in UNFINISHED)),
    )
    .group_by(PickListRow.id, PickListRow.mode, PickListRow.zone, PickListRow.status)
    .order_by(PickListRow.id)
    .limit(bindparam("limit"))
)  # built once: a picker's screen shows it after every list finished


def open_lists(uow: UnitOfWork, warehouse: str, limit: int = 50) -> list[OpenList]:
    """The warehouse's unfinished pick lists with their open stops, units and orders, oldest
    first; one prebuilt statement."""
    rows = _OPEN_LISTS.rows(uow.session, {"warehouse": warehouse, "limit": limit})
    return [OpenList(*row) for row in rows]
