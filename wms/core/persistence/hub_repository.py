"""The parcel hub's repository: pre-alerted MAWBs, bags and parcels, parcel events, customs
decisions. Parcel events are only ever added."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from wms.core.domain.hub import ParcelEventKind, ParcelState
from wms.core.domain.ids import new_id
from wms.core.persistence.base import table_of
from wms.core.persistence.hub_tables import (
    HubBagRow,
    HubCustomsDecisionRow,
    HubEventSyncRow,
    HubMawbRow,
    HubParcelEventRow,
    HubParcelRow,
)
from wms.core.persistence.raw_sqlite import RawSqlite, RowLoader, held, raw_of

_NEXT_EVENT_SEQ = (
    "UPDATE hub_event_sync SET last_seq = last_seq + 1 WHERE station = ? RETURNING last_seq"
)
_EVENT_COLUMNS = tuple(column.name for column in HubParcelEventRow.__table__.columns)
_INSERT_EVENT = (
    f"INSERT INTO hub_parcel_events ({', '.join(_EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_EVENT_COLUMNS))})"
)
_MOVE_PARCEL = (
    "UPDATE hub_parcels SET state = ?, location = ?, last_event_at = ? "
    "WHERE warehouse = ? AND tracking = ?"
)
_MOVE_FIRST_SCANNED_PARCEL = (
    "UPDATE hub_parcels SET state = ?, location = ?, last_event_at = ?, first_scan_at = ? "
    "WHERE warehouse = ? AND tracking = ?"
)
_TIME: list[Callable[[Any], Any] | None] = []


def _sqlite_time(value: datetime) -> Any:
    """``value`` as the ORM stores a ``DateTime(timezone=True)`` column on SQLite (its own
    bind processor: the raw statements and the ORM write the same text)."""
    if not _TIME:
        from sqlalchemy.dialects import sqlite

        column = HubParcelEventRow.__table__.c.at
        dialect = sqlite.dialect()
        _TIME.append(column.type.dialect_impl(dialect).bind_processor(dialect))
    process = _TIME[0]
    return process(value) if process is not None else value


class HubRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _sqlite(self) -> RawSqlite | None:
        """The raw path of the hub's hot statements on SQLite (a sort's event and the parcel's
        new place: prebuilt texts, no ORM flush); ``None`` on PostgreSQL. Looked up for each
        transaction (:func:`raw_of`): after a commit the session may hold another connection."""
        return raw_of(self.session)

    def mawb(self, warehouse: str, mawb: str) -> HubMawbRow | None:
        return self.session.get(HubMawbRow, (warehouse, mawb))

    def bag(self, warehouse: str, bag: str) -> HubBagRow | None:
        return self.session.get(HubBagRow, (warehouse, bag))

    def bags_of(self, warehouse: str, mawb: str) -> list[HubBagRow]:
        return list(
            self.session.scalars(
                select(HubBagRow)
                .where(HubBagRow.warehouse == warehouse, HubBagRow.mawb == mawb)
                .order_by(HubBagRow.bag)
            )
        )

    def add_bag(self, row: HubBagRow) -> None:
        self.session.add(row)

    _parcel_loader = RowLoader(HubParcelRow)

    def parcel(self, warehouse: str, tracking: str) -> HubParcelRow | None:
        """The pre-alerted parcel (a prebuilt primary-key read on SQLite: :class:`RowLoader`)."""
        return self._parcel_loader.get(self.session, (warehouse, tracking))

    def parcels_in_bag(self, warehouse: str, bag: str) -> list[HubParcelRow]:
        return list(
            self.session.scalars(
                select(HubParcelRow)
                .where(HubParcelRow.warehouse == warehouse, HubParcelRow.bag == bag)
                .order_by(HubParcelRow.tracking)
            )
        )

    def parcels(self, warehouse: str, trackings: Sequence[str]) -> dict[str, HubParcelRow]:
        found: dict[str, HubParcelRow] = {}
        for start in range(0, len(trackings), 500):
            batch = trackings[start : start + 500]
            for row in self.session.scalars(
                select(HubParcelRow).where(
                    HubParcelRow.warehouse == warehouse, HubParcelRow.tracking.in_(batch)
                )
            ):
                found[row.tracking] = row
        return found

    def move_parcel(
        self,
        warehouse: str,
        tracking: str,
        *,
        state: ParcelState,
        location: str,
        at: datetime,
        first_scan: bool,
    ) -> None:
        """Where a parcel now stands (one UPDATE, no read)."""
        raw = self._sqlite()
        if raw is not None:
            when = _sqlite_time(at)
            if first_scan:
                raw.execute(
                    _MOVE_FIRST_SCANNED_PARCEL,
                    (state.value, location, when, when, warehouse, tracking),
                )
            else:
                raw.execute(_MOVE_PARCEL, (state.value, location, when, warehouse, tracking))
            return
        values: dict[str, object] = {
            "state": state.value,
            "location": location,
            "last_event_at": at,
        }
        if first_scan:
            values["first_scan_at"] = at
        self.session.execute(
            update(table_of(HubParcelRow))
            .where(
                table_of(HubParcelRow).c.warehouse == warehouse,
                table_of(HubParcelRow).c.tracking == tracking,
            )
            .values(values)
        )

    def record_event(
        self,
        *,
        warehouse: str,
        station: str,
        operator: str,
        tracking: str,
        kind: ParcelEventKind,
        at: datetime,
        bag: str = "",
        location: str = "",
        reason: str = "",
        raw_scan: str = "",
    ) -> str:
        """Append one parcel event (never updated), numbered after the station's last one;
        returns its id."""
        event_id = new_id()
        raw = self._sqlite()
        if raw is not None:
            values = {
                "id": event_id,
                "warehouse": warehouse,
                "station": station,
                "station_seq": self.next_event_seq(warehouse, station),
                "operator": operator,
                "tracking": tracking,
                "kind": kind.value,
                "at": _sqlite_time(at),
                "bag": bag,
                "location": location,
                "reason": reason[:200],
                "raw_scan": raw_scan,
            }
            raw.execute(_INSERT_EVENT, tuple(values[name] for name in _EVENT_COLUMNS))
            return event_id
        self.session.add(
            HubParcelEventRow(
                id=event_id,
                warehouse=warehouse,
                station=station,
                station_seq=self.next_event_seq(warehouse, station),
                operator=operator,
                tracking=tracking,
                kind=kind.value,
                at=at,
                bag=bag,
                location=location,
                reason=reason[:200],
                raw_scan=raw_scan,
            )
        )
        return event_id

    def next_event_seq(self, warehouse: str, station: str) -> int:
        """The next parcel event number of ``station`` (gapless, written in the event's own
        transaction). On SQLite one ``UPDATE ... RETURNING`` of the counter row, unless this
        unit of work holds the row as an object (then the object counts, and is flushed with
        the commit)."""
        raw = self._sqlite()
        if raw is not None and held(self.session, HubEventSyncRow, (station,)) is None:
            counted = raw.execute(_NEXT_EVENT_SEQ, (station,))
            if counted:
                return int(counted[0][0])
        row = self.session.get(HubEventSyncRow, station)
        if row is None:
            top = self.session.scalar(
                select(func.max(HubParcelEventRow.station_seq)).where(
                    HubParcelEventRow.station == station
                )
            )
            row = HubEventSyncRow(
                station=station, warehouse=warehouse, last_seq=top or 0, acked_seq=0, feed_seq=0
            )
            self.session.add(row)
        row.last_seq += 1
        return row.last_seq

    def events_of(self, warehouse: str, tracking: str) -> list[HubParcelEventRow]:
        return list(
            self.session.scalars(
                select(HubParcelEventRow)
                .where(
                    HubParcelEventRow.warehouse == warehouse,
                    HubParcelEventRow.tracking == tracking,
                )
                .order_by(HubParcelEventRow.at, HubParcelEventRow.id)
            )
        )

    def count_events(self, warehouse: str, kind: ParcelEventKind, bag: str) -> int:
        return (
            self.session.scalar(
                select(func.count())
                .select_from(HubParcelEventRow)
                .where(
                    HubParcelEventRow.warehouse == warehouse,
                    HubParcelEventRow.kind == kind.value,
                    HubParcelEventRow.bag == bag,
                )
            )
            or 0
        )

    def add_decision(self, row: HubCustomsDecisionRow) -> None:
        self.session.add(row)

    def flush(self) -> None:
        self.session.flush()
