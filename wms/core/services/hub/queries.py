"""Read models of the parcel hub: parcels at risk of missing their promise, held parcels by
reason and age, parcels per hour per station and operator, a carrier's handover manifest.

Each function opens its own read-only unit of work (callers are the CLI and the supervisor
screens); times are aware UTC.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.hub import ParcelEventKind, ParcelState, as_utc
from wms.core.persistence.hub_tables import HubBagRow, HubParcelEventRow, HubParcelRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.imports_base import resolve_warehouse

PARCEL_COLUMNS = (
    "tracking",
    "state",
    "location",
    "customs",
    "reason",
    "carrier",
    "country",
    "promise_at",
    "hours_left",
    "dwell_hours",
)
THROUGHPUT_COLUMNS = ("hour", "station", "operator", "parcels")
MANIFEST_COLUMNS = (
    "tracking",
    "carrier",
    "weight_kg",
    "destination",
    "consignee_country",
    "consignee_postcode",
    "handed_over_at",
    "station",
    "operator",
)


@dataclass(frozen=True)
class ParcelLine:
    tracking: str
    state: str
    location: str
    customs: str
    reason: str
    carrier: str
    country: str
    promise_at: datetime
    hours_left: float
    dwell_hours: float | None

    def as_row(self) -> dict[str, object]:
        return {
            "tracking": self.tracking,
            "state": self.state,
            "location": self.location,
            "customs": self.customs,
            "reason": self.reason,
            "carrier": self.carrier,
            "country": self.country,
            "promise_at": self.promise_at,
            "hours_left": round(self.hours_left, 1),
            "dwell_hours": None if self.dwell_hours is None else round(self.dwell_hours, 1),
        }


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def parcels(
    sessions: sessionmaker[Session] | Engine,
    *,
    now: datetime,
    warehouse: str | None = None,
    at_risk_hours: int | None = None,
    held: bool = False,
    limit: int = 10_000,
) -> list[ParcelLine]:
    """Parcels not yet handed over; ``at_risk_hours``: only those whose promise is that close
    (or past), soonest first; ``held``: only those in the hold cage, oldest hold first.
    Dwell time counts from the bag's arrival."""
    with UnitOfWork(sessions) as uow:
        session = uow.session
        code = resolve_warehouse(session, warehouse)
        query = (
            select(HubParcelRow, HubBagRow.arrived_at)
            .outerjoin(
                HubBagRow,
                (HubBagRow.warehouse == HubParcelRow.warehouse)
                & (HubBagRow.bag == HubParcelRow.bag),
            )
            .where(
                HubParcelRow.warehouse == code,
                HubParcelRow.state != ParcelState.HANDED_OVER.value,
            )
        )
        if held:
            query = query.where(HubParcelRow.state == ParcelState.HELD.value).order_by(
                HubParcelRow.last_event_at, HubParcelRow.tracking
            )
        else:
            if at_risk_hours is not None:
                query = query.where(HubParcelRow.promise_at < now + timedelta(hours=at_risk_hours))
            query = query.order_by(HubParcelRow.promise_at, HubParcelRow.tracking)
        lines = []
        for parcel, arrived in session.execute(query.limit(limit)):
            lines.append(
                ParcelLine(
                    parcel.tracking,
                    parcel.state,
                    parcel.location,
                    parcel.customs,
                    parcel.customs_reason,
                    parcel.carrier,
                    parcel.consignee_country,
                    as_utc(parcel.promise_at),
                    _hours(as_utc(parcel.promise_at) - now),
                    _hours(now - as_utc(arrived)) if arrived is not None else None,
                )
            )
        return lines


def held_by_reason(
    sessions: sessionmaker[Session] | Engine, *, now: datetime, warehouse: str | None = None
) -> list[dict[str, object]]:
    """Parcels in the hold cage per customs reason: how many, and the oldest hold's hours."""
    groups: dict[str, list[float]] = {}
    with UnitOfWork(sessions) as uow:
        code = resolve_warehouse(uow.session, warehouse)
        for reason, customs, since in uow.session.execute(
            select(
                HubParcelRow.customs_reason, HubParcelRow.customs, HubParcelRow.last_event_at
            ).where(HubParcelRow.warehouse == code, HubParcelRow.state == ParcelState.HELD.value)
        ):
            age = _hours(now - as_utc(since)) if since is not None else 0.0
            groups.setdefault(reason or customs, []).append(age)
    return [
        {"reason": reason, "parcels": len(ages), "oldest_hours": round(max(ages), 1)}
        for reason, ages in sorted(groups.items())
    ]


_SORTS = (
    ParcelEventKind.SORTED.value,
    ParcelEventKind.HELD.value,
    ParcelEventKind.EXCEPTION.value,
)


def throughput(
    sessions: sessionmaker[Session] | Engine,
    *,
    since: datetime,
    warehouse: str | None = None,
) -> list[dict[str, object]]:
    """Parcels sorted (to any destination) per hour, station and operator since ``since``."""
    counts: Counter[tuple[str, str, str]] = Counter()
    with UnitOfWork(sessions) as uow:
        code = resolve_warehouse(uow.session, warehouse)
        for at, station, operator in uow.session.execute(
            select(
                HubParcelEventRow.at, HubParcelEventRow.station, HubParcelEventRow.operator
            ).where(
                HubParcelEventRow.warehouse == code,
                HubParcelEventRow.kind.in_(_SORTS),
                HubParcelEventRow.at >= since,
            )
        ):
            hour = as_utc(at).replace(minute=0, second=0, microsecond=0)
            counts[(hour.isoformat(), station, operator)] += 1
    return [
        {"hour": hour, "station": station, "operator": operator, "parcels": n}
        for (hour, station, operator), n in sorted(counts.items())
    ]


def carrier_at(
    uow: UnitOfWork, warehouse: str, location: str
) -> tuple[list[HubParcelRow], set[str]]:
    """The sorted parcels waiting at ``location`` and the carriers they are for."""
    rows = list(
        uow.session.scalars(
            select(HubParcelRow).where(
                HubParcelRow.warehouse == warehouse,
                HubParcelRow.location == location,
                HubParcelRow.state == ParcelState.SORTED.value,
            )
        )
    )
    return rows, {row.carrier for row in rows}


def manifest(
    sessions: sessionmaker[Session] | Engine,
    carrier: str,
    *,
    warehouse: str | None = None,
    since: datetime | None = None,
) -> list[dict[str, object]]:
    """The parcels handed over to ``carrier`` (since ``since``), in handover order."""
    with UnitOfWork(sessions) as uow:
        code = resolve_warehouse(uow.session, warehouse)
        query = (
            select(HubParcelEventRow, HubParcelRow)
            .join(
                HubParcelRow,
                (HubParcelRow.warehouse == HubParcelEventRow.warehouse)
                & (HubParcelRow.tracking == HubParcelEventRow.tracking),
            )
            .where(
                HubParcelEventRow.warehouse == code,
                HubParcelEventRow.kind == ParcelEventKind.HANDED_OVER.value,
                HubParcelEventRow.reason == carrier.upper(),
            )
            .order_by(HubParcelEventRow.at, HubParcelEventRow.id)
        )
        if since is not None:
            query = query.where(HubParcelEventRow.at >= since)
        return [
            {
                "tracking": parcel.tracking,
                "carrier": parcel.carrier,
                "weight_kg": parcel.weight_kg,
                "destination": event.location,
                "consignee_country": parcel.consignee_country,
                "consignee_postcode": parcel.consignee_postcode,
                "handed_over_at": as_utc(event.at),
                "station": event.station,
                "operator": event.operator,
            }
            for event, parcel in uow.session.execute(query)
        ]
