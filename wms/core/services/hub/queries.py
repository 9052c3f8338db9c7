"""Read models of the parcel hub: parcels at risk of missing their promise (and the station's
at-risk strip), held parcels by reason and age, parcels per hour per station and operator, a
carrier's handover manifest with its bag totals.

Each function opens its own read-only unit of work (callers are the CLI and the supervisor
screens); times are aware UTC.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.hub import ParcelEventKind, ParcelState, as_utc
from wms.core.persistence.hub_tables import HubBagRow, HubParcelEventRow, HubParcelRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.imports_base import resolve_warehouse
from wms.core.services.queries.throughput import Throughput

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
#: the handover manifest's parcel columns (``wms hub handover CARRIER --format json``: "parcels")
MANIFEST_COLUMNS = (
    "tracking",
    "bag_sscc",
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
    with UnitOfWork(sessions, read_only=True) as uow:
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


#: the states of a parcel still in the hub (not yet handed over)
IN_HUB = (
    ParcelState.EXPECTED.value,
    ParcelState.SORTED.value,
    ParcelState.HELD.value,
    ParcelState.EXCEPTION.value,
)


@dataclass(frozen=True)
class AtRiskParcel:
    tracking: str
    hours_left: float
    state: str
    location: str
    carrier: str


@dataclass(frozen=True)
class AtRisk:
    """The station's at-risk strip: how many parcels in the hub are within ``hours`` of their
    promise (or past it), and the most urgent few."""

    count: int
    hours: int
    soonest: tuple[AtRiskParcel, ...]


def at_risk(
    sessions: sessionmaker[Session] | Engine,
    *,
    now: datetime,
    hours: int,
    warehouse: str | None = None,
    top: int = 5,
) -> AtRisk:
    """Cheap enough after every scan: one index-only count over ``ix_hub_parcels_promise``
    (warehouse, state, promise_at) per in-hub state, and the ``top`` soonest of each state
    read in index order, merged."""
    deadline = now + timedelta(hours=hours)
    with UnitOfWork(sessions, read_only=True) as uow:
        session = uow.session
        code = resolve_warehouse(session, warehouse)
        count = 0
        soonest: list[AtRiskParcel] = []
        for state in IN_HUB:
            where = (
                HubParcelRow.warehouse == code,
                HubParcelRow.state == state,
                HubParcelRow.promise_at < deadline,
            )
            count += (
                session.scalar(select(func.count()).select_from(HubParcelRow).where(*where)) or 0
            )
            for tracking, promise, location, carrier in session.execute(
                select(
                    HubParcelRow.tracking,
                    HubParcelRow.promise_at,
                    HubParcelRow.location,
                    HubParcelRow.carrier,
                )
                .where(*where)
                .order_by(HubParcelRow.promise_at)
                .limit(top)
            ):
                left = _hours(as_utc(promise) - now)
                soonest.append(AtRiskParcel(tracking, left, state, location, carrier))
    soonest.sort(key=lambda p: (p.hours_left, p.tracking))
    return AtRisk(count, hours, tuple(soonest[:top]))


def held_by_reason(
    sessions: sessionmaker[Session] | Engine, *, now: datetime, warehouse: str | None = None
) -> list[dict[str, object]]:
    """Parcels in the hold cage per customs reason: how many, and the oldest hold's hours."""
    groups: dict[str, list[float]] = {}
    with UnitOfWork(sessions, read_only=True) as uow:
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
    with UnitOfWork(sessions, read_only=True) as uow:
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


def per_hour(
    rows: list[dict[str, object]], *, now: datetime, hours: int = 24, top: int = 6
) -> Throughput:
    """:func:`throughput` rows as the supervisor's chart: one series per station and operator
    (``CMN1-HUB-01 · 1003``; beyond the ``top`` busiest, the rest summed as ``others``), a
    count per hour over the ``hours`` hours up to ``now``."""
    end = as_utc(now).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    slots = [end - timedelta(hours=hours - i) for i in range(hours)]
    index = {slot.isoformat(): i for i, slot in enumerate(slots)}
    series: dict[str, list[int]] = {}
    for row in rows:
        position = index.get(str(row["hour"]))
        if position is None:
            continue
        name = f"{row['station']} · {row['operator']}"
        series.setdefault(name, [0] * hours)[position] += int(str(row["parcels"]))
    ranked = sorted(series, key=lambda name: (-sum(series[name]), name))
    kept = {name: series[name] for name in ranked[:top]}
    rest = ranked[top:]
    if rest:
        kept["others"] = [sum(series[n][i] for n in rest) for i in range(hours)]
    return Throughput(slots, kept)


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
    with UnitOfWork(sessions, read_only=True) as uow:
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
                "bag_sscc": event.bag,
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


#: the manifest's bag totals (one per last-mile bag, loose parcels under an empty SSCC)
BAG_TOTAL_COLUMNS = ("bag_sscc", "destination", "parcels", "weight_kg", "handed_over_at")
#: ``wms hub handover`` as one CSV or table: the parcels, then a row per bag, then the total
MANIFEST_CSV_COLUMNS = ("record", *MANIFEST_COLUMNS[:4], "parcels", *MANIFEST_COLUMNS[4:])


def bag_totals(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Per bag of a manifest (in handover order): its destination, parcels and weight."""
    totals: dict[str, dict[str, object]] = {}
    for row in rows:
        sscc = str(row["bag_sscc"])
        total = totals.setdefault(
            sscc,
            {
                "bag_sscc": sscc,
                "destination": row["destination"],
                "parcels": 0,
                "weight_kg": Decimal(0),
                "handed_over_at": row["handed_over_at"],
            },
        )
        total["parcels"] = int(str(total["parcels"])) + 1
        total["weight_kg"] = Decimal(str(total["weight_kg"])) + Decimal(str(row["weight_kg"]))
        total["handed_over_at"] = row["handed_over_at"]
    return list(totals.values())


def manifest_document(carrier: str, rows: list[dict[str, object]]) -> dict[str, object]:
    """The manifest as one JSON document: parcels, bag totals and the grand total."""
    bags = bag_totals(rows)
    return {
        "carrier": carrier.upper(),
        "parcels": rows,
        "bags": bags,
        "total": {
            "parcels": len(rows),
            "bags": sum(1 for bag in bags if bag["bag_sscc"]),
            "loose_parcels": sum(1 for row in rows if not row["bag_sscc"]),
            "weight_kg": sum((Decimal(str(r["weight_kg"])) for r in rows), Decimal(0)),
        },
    }


def manifest_lines(carrier: str, rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """The manifest as one table (``MANIFEST_CSV_COLUMNS``): a ``parcel`` row each, a ``bag``
    row per bag with its totals, a ``total`` row."""
    document = manifest_document(carrier, rows)
    lines: list[dict[str, object]] = [{"record": "parcel", "parcels": 1, **row} for row in rows]
    for bag in bag_totals(rows):
        lines.append({"record": "bag", "carrier": carrier.upper(), **bag})
    total = document["total"]
    assert isinstance(total, dict)
    lines.append(
        {
            "record": "total",
            "carrier": carrier.upper(),
            "parcels": total["parcels"],
            "weight_kg": total["weight_kg"],
        }
    )
    return lines
