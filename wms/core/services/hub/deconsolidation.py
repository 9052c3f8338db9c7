"""Deconsolidation: where a parcel scanned out of a big bag goes, and recording the sort.

The decision, in order:

1. not pre-alerted → the exceptions area (``not_prealerted``);
2. keyed ``damaged`` before the parcel (or while its destination is shown) → exceptions;
3. already sorted, held or handed over before → exceptions (``already_sorted``);
4. pre-alerted in another bag → exceptions (``wrong_bag``, naming the bag);
5. held or seized by customs → the customs hold cage, with the reason;
6. otherwise the sort plan's destination for the parcel's last-mile carrier, country,
   postcode prefix, service (``route``) and pickup point; no rule → exceptions (``no_sort_rule``).

A parcel without a customs decision sorts on (the hub's customs pre-clear parcels and send
holds, which may come later: a parcel held after it was sorted is found again by the release
workflow).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.hub import (
    CustomsStatus,
    ExceptionReason,
    ParcelEventKind,
    ParcelState,
    as_utc,
)
from wms.core.domain.hub_rules import HubSettings
from wms.core.domain.text import msg
from wms.core.persistence.hub_tables import HubParcelRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor
from wms.core.services.outbound.sort_plan import SortItem, SortPlanIndex


@dataclass(frozen=True)
class SortDecision:
    """Where one scanned parcel goes, and why."""

    tracking: str
    destination: str
    kind: ParcelEventKind
    reason: str
    known: bool
    first_scan: bool
    description: str

    @property
    def state(self) -> ParcelState:
        return {
            ParcelEventKind.SORTED: ParcelState.SORTED,
            ParcelEventKind.HELD: ParcelState.HELD,
        }.get(self.kind, ParcelState.EXCEPTION)


def decide(
    parcel: HubParcelRow | None,
    tracking: str,
    bag: str,
    plan: SortPlanIndex | None,
    settings: HubSettings,
    *,
    damaged: bool = False,
) -> SortDecision:
    exceptions, hold = settings.exception_location, settings.hold_location

    def exception(reason: ExceptionReason, text: str, *, known: bool = True) -> SortDecision:
        first = known and parcel is not None and parcel.first_scan_at is None
        return SortDecision(
            tracking, exceptions, ParcelEventKind.EXCEPTION, reason.value, known, first, text
        )

    if parcel is None:
        return exception(ExceptionReason.NOT_PREALERTED, "not pre-alerted", known=False)
    if damaged:
        return exception(ExceptionReason.DAMAGED, "damaged")
    if parcel.state != ParcelState.EXPECTED:
        return exception(
            ExceptionReason.ALREADY_SORTED,
            f"already {parcel.state.replace('_', ' ')} at {parcel.location or 'the hub'}",
        )
    if parcel.bag != bag:
        return exception(ExceptionReason.WRONG_BAG, f"wrong bag: pre-alerted in bag {parcel.bag}")
    first = parcel.first_scan_at is None
    if parcel.customs in (CustomsStatus.HELD, CustomsStatus.SEIZED):
        reason = parcel.customs_reason or parcel.customs
        text = f"customs {parcel.customs}" + (
            f": {parcel.customs_reason.replace('_', ' ')}" if parcel.customs_reason else ""
        )
        return SortDecision(
            tracking, hold, ParcelEventKind.HELD, f"{parcel.customs}:{reason}", True, first, text
        )
    return by_plan(parcel, plan, settings, first_scan=first)


def by_plan(
    parcel: HubParcelRow, plan: SortPlanIndex | None, settings: HubSettings, *, first_scan: bool
) -> SortDecision:
    """The last-mile destination of ``parcel`` by the sort plan (exceptions without a rule)."""
    rule = (
        plan.decide(
            SortItem(
                country=parcel.consignee_country,
                postcode=parcel.consignee_postcode,
                carrier=parcel.carrier,
                route=parcel.service,
                pickup_point=parcel.pickup_point,
            )
        )
        if plan is not None
        else None
    )
    if rule is None:
        return SortDecision(
            parcel.tracking,
            settings.exception_location,
            ParcelEventKind.EXCEPTION,
            ExceptionReason.NO_SORT_RULE.value,
            True,
            first_scan,
            f"no sort rule for {parcel.carrier or 'no carrier'}, {parcel.consignee_country} "
            f"{parcel.consignee_postcode}",
        )
    return SortDecision(
        parcel.tracking,
        rule.destination,
        ParcelEventKind.SORTED,
        "",
        True,
        first_scan,
        msg(
            "{carrier} {country} {postcode} by {rule}",
            carrier=parcel.carrier or msg("last mile"),
            country=parcel.consignee_country,
            postcode=parcel.consignee_postcode,
            rule=rule.describe(),
        ),
    )


def decide_release(
    parcel: HubParcelRow | None, tracking: str, plan: SortPlanIndex | None, settings: HubSettings
) -> SortDecision:
    """A parcel scanned at the hold cage: released by customs → its last-mile destination;
    anything else is refused with where it is and why."""
    if parcel is None:
        raise NotFound(msg("parcel"), tracking, msg("it is in no pre-alert"))
    if parcel.state != ParcelState.HELD:
        raise RuleViolation(
            msg(
                "parcel {tracking} is not in the hold cage: it is {state} at {value}",
                tracking=tracking,
                state=parcel.state.replace("_", " "),
                value=parcel.location or "the hub",
            ),
            "not_held",
        )
    if parcel.customs == CustomsStatus.SEIZED:
        raise RuleViolation(
            msg("parcel {tracking} is seized by customs: it stays in the cage", tracking=tracking),
            "seized",
        )
    if parcel.customs != CustomsStatus.RELEASED:
        reason = parcel.customs_reason.replace("_", " ") or parcel.customs
        raise RuleViolation(
            msg(
                "parcel {tracking} is still held by customs ({reason}): it stays in the cage",
                tracking=tracking,
                reason=reason,
            ),
            "still_held",
        )
    return by_plan(parcel, plan, settings, first_scan=False)


def record_release(
    uow: UnitOfWork, actor: Actor, decision: SortDecision, from_location: str, raw_scan: str
) -> str:
    """The released parcel leaves the cage (a ``released`` event) for its destination."""
    uow.hub.record_event(
        warehouse=actor.warehouse,
        station=actor.station,
        operator=actor.operator,
        tracking=decision.tracking,
        kind=ParcelEventKind.RELEASED,
        at=actor.clock(),
        location=from_location,
        raw_scan=raw_scan,
    )
    return record_sort(uow, actor, decision, "", raw_scan)


def record_sort(
    uow: UnitOfWork, actor: Actor, decision: SortDecision, bag: str, raw_scan: str
) -> str:
    """The confirmed sort: one parcel event and the parcel's new place (the caller commits)."""
    at = actor.clock()
    event = uow.hub.record_event(
        warehouse=actor.warehouse,
        station=actor.station,
        operator=actor.operator,
        tracking=decision.tracking,
        kind=decision.kind,
        at=at,
        bag=bag,
        location=decision.destination,
        reason=decision.reason,
        raw_scan=raw_scan,
    )
    if decision.known:
        uow.hub.move_parcel(
            actor.warehouse,
            decision.tracking,
            state=decision.state,
            location=decision.destination,
            at=at,
            first_scan=decision.first_scan,
        )
    return event


def record_wrong_destination(
    uow: UnitOfWork, actor: Actor, decision: SortDecision, bag: str, scanned: str, raw: str
) -> int:
    """A refused confirmation, kept as an event; returns the refusals counted for the bag."""
    uow.hub.record_event(
        warehouse=actor.warehouse,
        station=actor.station,
        operator=actor.operator,
        tracking=decision.tracking,
        kind=ParcelEventKind.WRONG_DESTINATION,
        at=actor.clock(),
        bag=bag,
        location=scanned,
        reason=f"expected {decision.destination}",
        raw_scan=raw,
    )
    uow.hub.flush()
    return uow.hub.count_events(actor.warehouse, ParcelEventKind.WRONG_DESTINATION, bag)


@dataclass(frozen=True)
class BagClosed:
    bag: str
    parcels: int
    missing: tuple[str, ...]


def close_bag(uow: UnitOfWork, warehouse: str, bag: str, at: datetime) -> BagClosed:
    """The bag is empty: the parcels pre-alerted in it but never scanned are missing."""
    row = uow.hub.bag(warehouse, bag)
    parcels = uow.hub.parcels_in_bag(warehouse, bag)
    missing = tuple(p.tracking for p in parcels if p.state == ParcelState.EXPECTED)
    if row is not None:
        row.closed_at = as_utc(at)
    return BagClosed(bag, len(parcels), missing)


def hand_over(
    uow: UnitOfWork,
    actor: Actor,
    carrier: str,
    location: str,
    parcels: list[HubParcelRow],
    raw: str,
) -> int:
    """Every parcel waiting at ``location`` goes to ``carrier`` (one event each; the caller
    checked they are all that carrier's and commits)."""
    at = actor.clock()
    for parcel in parcels:
        uow.hub.record_event(
            warehouse=actor.warehouse,
            station=actor.station,
            operator=actor.operator,
            tracking=parcel.tracking,
            kind=ParcelEventKind.HANDED_OVER,
            at=at,
            bag=parcel.last_mile_bag,
            location=location,
            reason=carrier,
            raw_scan=raw,
        )
        uow.hub.move_parcel(
            actor.warehouse,
            parcel.tracking,
            state=ParcelState.HANDED_OVER,
            location=carrier,
            at=at,
            first_scan=False,
        )
    return len(parcels)
