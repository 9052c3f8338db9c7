"""Deconsolidation: sort the parcels of a big bag to the hold cage, the exceptions area or their
last-mile destination.

Scan a bag → scan each parcel out of it → the destination is shown in huge type
(``Feedback.destination``) with why (customs hold and its reason, not pre-alerted, wrong bag,
already sorted, damaged, or the sort plan rule) → scan the destination to confirm. The
confirmation is one parcel event plus the parcel's new place, committed before the feedback.
A wrong destination is refused, kept as a ``wrong_destination`` event and counted for the bag.
Key ``damaged`` before a parcel (or while its destination is shown) to send it to exceptions.
``CMD:DONE`` (or ``CMD:CLOSE`` twice) closes the big bag and lists the parcels pre-alerted in it
that were never scanned. The decision rules are in :mod:`wms.core.services.hub.deconsolidation`.

Last mile (:mod:`wms.core.services.hub.lastmile`): each last-mile destination fills a bag of its
own. When a sort brings it to the destination's capacity it closes (SSCC, label queued) and the
operator puts a new bag in; ``CMD:CLOSE`` then a destination scan closes it on demand, as in the
outbound sort (between big bags, or in the middle of one: the big bag stays open).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import InvalidValue, NotFound, RuleViolation
from wms.core.domain.hub import ParcelEventKind
from wms.core.domain.modes import StationMode
from wms.core.domain.parcel_ids import looks_like_s10, require_tracking
from wms.core.domain.text import msg
from wms.core.services.hub import deconsolidation as svc
from wms.core.services.hub import lastmile
from wms.core.services.outbound.sort_plan import SortPlanIndex, load_plan, plan_names
from wms.core.services.outbound.sortation import MisSort
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import location_code
from wms.core.services.workflows.runtime import Runtime


class Step(StrEnum):
    BAG = "bag"
    PARCEL = "parcel"
    DESTINATION = "destination"
    CLOSE = "close"  # CMD:CLOSE: a destination scan closes its last-mile bag


def load_last_mile_plan(rt: Runtime) -> SortPlanIndex | None:
    """The hub's last-mile sort plan (``[hub] sort_plan``, else the warehouse's default plan),
    compiled; None when the warehouse has no sort plan."""
    with rt.reader() as uow:
        names = plan_names(uow, rt.warehouse)
        if not names:
            return None
        wanted = rt.settings.hub.sort_plan
        return load_plan(uow, rt.warehouse, wanted if wanted in names else None)


@dataclass(frozen=True)
class DeconsolidationState(WorkflowState):
    step: Step = Step.BAG
    bag: str = ""
    mawb: str = ""
    decision: svc.SortDecision | None = None
    parcel_raw: str = ""
    damaged: bool = False
    sorted: int = 0


def _scanned_text(scan: Scan) -> str | None:
    """The text of a scan that may be a tracking number or a bag barcode."""
    if scan.kind in (ScanKind.TEXT, ScanKind.PRODUCT, ScanKind.HANDLING_UNIT):
        return scan.data.strip()
    return None


@register
class Deconsolidation(Workflow):
    name = StationMode.DECONSOLIDATION
    title = msg("Deconsolidation")
    state: DeconsolidationState

    def reset(self) -> None:
        self.state = DeconsolidationState()
        self._plan: SortPlanIndex | None = None
        self._plan_loaded = False

    def has_task(self) -> bool:
        return self.state.step is not Step.BAG or bool(self.state.bag)

    def plan(self) -> SortPlanIndex | None:
        """The last-mile sort plan, compiled once per mode entry (a cache, not state)."""
        if not self._plan_loaded:
            self._plan = load_last_mile_plan(self.rt)
            self._plan_loaded = True
        return self._plan

    # screen ------------------------------------------------------------------------------------

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.CLOSE and st.bag:
            return msg(
                "Scan the destination whose bag to close (CMD:CLOSE again closes big bag {bag})",
                bag=st.bag,
            )
        if st.step is Step.CLOSE:
            return msg("Scan the destination whose bag to close")
        if st.step is Step.BAG:
            return msg("Scan a big bag to deconsolidate (CMD:CLOSE closes a destination's bag)")
        if st.step is Step.DESTINATION:
            assert st.decision is not None
            return msg(
                "Put parcel {tracking} in {destination} and scan it",
                tracking=st.decision.tracking,
                destination=st.decision.destination,
            )
        damaged = msg(" (keyed damaged: it goes to exceptions)") if st.damaged else ""
        return msg(
            "Scan the next parcel of bag {bag}{damaged} (CMD:DONE when it is empty)",
            bag=st.bag,
            damaged=damaged,
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value, "sorted": st.sorted}
        if st.bag:
            data["bag"] = st.bag
            data["mawb"] = st.mawb
        if st.decision is not None:
            data["parcel"] = st.decision.tracking
            data["destination"] = st.decision.destination
            if st.decision.reason:
                data["reason"] = st.decision.reason
        return data

    # inputs ------------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        st = self.state
        if st.step in (Step.DESTINATION, Step.CLOSE):
            code = location_code(scan)
            if code is None:
                code = scan.data.strip().upper()
            if st.step is Step.CLOSE:
                return self._close_destination(code)
            return self._confirm(code, scan.raw)
        text = _scanned_text(scan)
        if text is None:
            raise self.unexpected(
                msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
            )
        if st.step is Step.BAG:
            return self._bag(text)
        return self._parcel(text, scan.raw)

    def key(self, text: str) -> Outcome:
        st = self.state
        if text.strip().lower() == "damaged":
            if st.step is Step.PARCEL:
                self.state = replace(st, damaged=True)
                return Outcome(
                    msg("damaged: scan the parcel, it goes to exceptions"), Level.ATTENTION
                )
            if st.step is Step.DESTINATION and st.decision is not None:
                return self._redirect_damaged()
        if st.step is Step.DESTINATION:
            return self._confirm(text.strip().upper(), text)
        if st.step is Step.CLOSE:
            return self._close_destination(text.strip().upper())
        if st.step is Step.BAG:
            return self._bag(text.strip())
        return self._parcel(text.strip(), text)

    def command(self, name: str) -> Outcome:
        st = self.state
        if name == "DONE" and st.step is Step.PARCEL:
            return self._close()
        if name == "CLOSE" and st.step is Step.CLOSE and st.bag:
            return self._close()
        if name == "CLOSE" and st.step in (Step.BAG, Step.PARCEL):
            self.state = replace(st, step=Step.CLOSE)
            if st.bag:
                return Outcome(
                    msg(
                        "close: scan a destination to close its bag, or CMD:CLOSE again "
                        "to close big bag {bag}",
                        bag=st.bag,
                    )
                )
            return Outcome(msg("close a bag: scan its destination"))
        raise self.unexpected(msg("CMD:{name}", name=name))

    def back(self) -> Outcome:
        st = self.state
        if st.step is Step.CLOSE:
            self.state = replace(st, step=Step.PARCEL if st.bag else Step.BAG)
            return Outcome(msg("nothing closed"))
        if st.step is Step.DESTINATION:
            self.state = replace(st, step=Step.PARCEL, decision=None, parcel_raw="")
            return Outcome(msg("not sorted; scan the parcel again"))
        if st.step is Step.PARCEL:
            self.state = DeconsolidationState()
            return Outcome(msg("bag {bag} left open; scan a bag", bag=st.bag))
        return super().back()

    # steps -------------------------------------------------------------------------------------

    def _bag(self, text: str) -> Outcome:
        bag_code = text.upper()
        with self.rt.reader() as uow:
            bag = uow.hub.bag(self.rt.warehouse, bag_code)
            if bag is None:
                raise NotFound(
                    msg("bag"),
                    bag_code,
                    msg("it is in no pre-alert: set it aside and call a supervisor"),
                )
            parcels = uow.hub.parcels_in_bag(self.rt.warehouse, bag_code)
            left = sum(1 for p in parcels if p.state == "expected")
            mawb = bag.mawb
        self.plan()
        self.state = replace(DeconsolidationState(), step=Step.PARCEL, bag=bag_code, mawb=mawb)
        return Outcome(
            msg(
                "bag {bag_code} of MAWB {mawb}: {count} parcels pre-alerted, {left} to sort",
                bag_code=bag_code,
                mawb=mawb,
                count=len(parcels),
                left=left,
            ),
            context={"parcels": len(parcels), "to_sort": left},
        )

    def _parcel(self, text: str, raw: str) -> Outcome:
        st = self.state
        patterns = self.rt.settings.hub.tracking
        try:
            tracking = require_tracking(text, patterns)
        except InvalidValue:
            compact = text.replace(" ", "").upper()
            if looks_like_s10(compact) or any(p.matches(compact) for p in patterns):
                raise  # a known kind of number with a wrong check digit: a misread, scan again
            tracking = ""
        plan = self.plan()  # before the unit of work: it opens its own
        with self.rt.reader() as uow:  # the parcel scan only reads: no write lock
            parcel = uow.hub.parcel(self.rt.warehouse, tracking) if tracking else None
            if parcel is None and not tracking:
                # not a valid number: still a parcel in the operator's hand, unless it is a bag
                if uow.hub.bag(self.rt.warehouse, text.upper()) is not None:
                    raise RuleViolation(
                        msg(
                            "{text} is a bag: close bag {bag} first (CMD:CLOSE)",
                            text=text.upper(),
                            bag=st.bag,
                        ),
                        "bag_open",
                    )
                tracking = text.upper()
            decision = svc.decide(
                parcel, tracking, st.bag, plan, self.rt.settings.hub, damaged=st.damaged
            )
        self.state = replace(
            st, step=Step.DESTINATION, decision=decision, parcel_raw=raw, damaged=False
        )
        level = Level.OK if decision.kind.value == "sorted" else Level.ATTENTION
        return Outcome(
            msg(
                "{destination}: parcel {tracking} ({description})",
                destination=decision.destination,
                tracking=tracking,
                description=decision.description,
            ),
            level,
            destination=decision.destination,
            context={"reason": decision.reason} if decision.reason else {},
        )

    def _redirect_damaged(self) -> Outcome:
        st = self.state
        assert st.decision is not None
        plan = self.plan()
        with self.rt.reader() as uow:
            parcel = uow.hub.parcel(self.rt.warehouse, st.decision.tracking)
            decision = svc.decide(
                parcel,
                st.decision.tracking,
                st.bag,
                plan,
                self.rt.settings.hub,
                damaged=parcel is not None,
            )
        self.state = replace(st, decision=decision)
        return Outcome(
            msg(
                "{destination}: parcel {tracking} ({description})",
                destination=decision.destination,
                tracking=decision.tracking,
                description=decision.description,
            ),
            Level.ATTENTION,
            destination=decision.destination,
        )

    def _confirm(self, code: str, raw: str) -> Outcome:
        st = self.state
        decision = st.decision
        assert decision is not None
        actor = self.rt.actor()
        if code != decision.destination:
            with self.rt.uow() as uow:
                count = svc.record_wrong_destination(uow, actor, decision, st.bag, code, raw)
                uow.commit()
            raise MisSort(
                msg(
                    "wrong destination {code}: parcel {tracking} "
                    "goes to {destination} (wrong destination "
                    "{count} for bag {bag}); take it out and "
                    "scan {destination}",
                    code=code,
                    tracking=decision.tracking,
                    destination=decision.destination,
                    count=count,
                    bag=st.bag,
                )
            )
        filled: lastmile.Filled | None = None
        with self.rt.uow() as uow:
            event = svc.record_sort(uow, actor, decision, st.bag, st.parcel_raw)
            if decision.kind is ParcelEventKind.SORTED:
                filled = lastmile.after_sort(uow, actor, code, printing=self.rt.printing)
            uow.commit()
        self.state = replace(
            st, step=Step.PARCEL, decision=None, parcel_raw="", sorted=st.sorted + 1
        )
        context: dict[str, Any] = {"event": event}
        level = Level.OK
        if filled is not None:
            capacity = msg(" of {capacity}", capacity=filled.capacity) if filled.capacity else ""
            done = msg(
                "parcel {tracking} sorted to {code} ({open_parcels}{capacity} in its bag)",
                tracking=decision.tracking,
                code=code,
                open_parcels=filled.open_parcels,
                capacity=capacity,
            )
            if filled.closed is not None:
                done += lastmile.closed_note(filled.closed)
                level = Level.ATTENTION
                context["last_mile_bag"] = filled.closed.sscc
                context["print_jobs"] = [filled.closed.print_job]
        elif decision.kind.value == "sorted":
            done = msg("parcel {tracking} sorted to {code}", tracking=decision.tracking, code=code)
        elif decision.kind.value == "held":
            done = msg("parcel {tracking} held in {code}", tracking=decision.tracking, code=code)
        else:
            done = msg(
                "parcel {tracking} set aside in {code}", tracking=decision.tracking, code=code
            )
        return Outcome(done, level, context=context)

    def _close_destination(self, code: str) -> Outcome:
        st = self.state
        with self.rt.uow() as uow:
            bag = lastmile.close(uow, self.rt.actor(), code, printing=self.rt.printing)
            uow.commit()
        self.state = replace(st, step=Step.PARCEL if st.bag else Step.BAG)
        return Outcome(
            msg(
                "bag {sscc} closed at {code} with {count} parcels; label printed",
                sscc=bag.sscc,
                code=code,
                count=len(bag.parcels),
            ),
            context={"last_mile_bag": bag.sscc, "print_jobs": [bag.print_job]},
            summary=[{"bag": bag.sscc, "destination": code, "parcel": p} for p in bag.parcels],
        )

    def _close(self) -> Outcome:
        st = self.state
        with self.rt.uow() as uow:
            closed = svc.close_bag(uow, self.rt.warehouse, st.bag, self.rt.now())
            uow.commit()
        self.state = DeconsolidationState(sorted=st.sorted)
        missing = len(closed.missing)
        message = msg(
            "bag {bag} closed: {value} of {parcels} scanned",
            bag=st.bag,
            value=closed.parcels - missing,
            parcels=closed.parcels,
        )
        if missing:
            message += msg(
                "; {missing} missing: {missing2}",
                missing=missing,
                missing2=", ".join(closed.missing[:5]),
            )
            message += "…" if missing > 5 else ""
        return Outcome(
            message,
            Level.ATTENTION if missing else Level.OK,
            summary=[{"bag": st.bag, "missing": tracking} for tracking in closed.missing],
            context={"missing": missing},
        )
