"""Hold release: at the customs hold cage, scan a parcel; one that customs released is shown its
last-mile destination (the sort plan, as in deconsolidation) and confirmed by scanning it; the
parcel gets a ``released`` and a ``sorted`` event in one transaction. A parcel still held,
seized, or not in the cage is refused with why."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.hub import ParcelEventKind
from wms.core.domain.modes import StationMode
from wms.core.domain.parcel_ids import require_tracking
from wms.core.domain.text import msg
from wms.core.services.hub import deconsolidation as svc
from wms.core.services.hub import lastmile
from wms.core.services.outbound.sort_plan import SortPlanIndex
from wms.core.services.outbound.sortation import MisSort
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.deconsolidation import load_last_mile_plan
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import location_code


class Step(StrEnum):
    PARCEL = "parcel"
    DESTINATION = "destination"


@dataclass(frozen=True)
class ReleaseState(WorkflowState):
    step: Step = Step.PARCEL
    decision: svc.SortDecision | None = None
    parcel_raw: str = ""
    released: int = 0


@register
class Release(Workflow):
    name = StationMode.RELEASE
    title = msg("Hold release")
    state: ReleaseState

    def reset(self) -> None:
        self.state = ReleaseState()
        self._plan: SortPlanIndex | None = None
        self._plan_loaded = False

    def has_task(self) -> bool:
        return self.state.step is Step.DESTINATION

    def plan(self) -> SortPlanIndex | None:
        if not self._plan_loaded:
            self._plan = load_last_mile_plan(self.rt)
            self._plan_loaded = True
        return self._plan

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.DESTINATION:
            assert st.decision is not None
            return msg(
                "Take parcel {tracking} to {destination} and scan it",
                tracking=st.decision.tracking,
                destination=st.decision.destination,
            )
        return msg("Scan a parcel in the hold cage that customs released")

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value, "released": st.released}
        if st.decision is not None:
            data["parcel"] = st.decision.tracking
            data["destination"] = st.decision.destination
        return data

    def scan(self, scan: Scan) -> Outcome:
        if self.state.step is Step.DESTINATION:
            code = location_code(scan) or scan.data.strip().upper()
            return self._confirm(code, scan.raw)
        if scan.kind not in (ScanKind.TEXT, ScanKind.PRODUCT, ScanKind.HANDLING_UNIT):
            raise self.unexpected(
                msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
            )
        return self._parcel(scan.data.strip(), scan.raw)

    def key(self, text: str) -> Outcome:
        if self.state.step is Step.DESTINATION:
            return self._confirm(text.strip().upper(), text)
        return self._parcel(text.strip(), text)

    def back(self) -> Outcome:
        if self.state.step is Step.DESTINATION:
            self.state = replace(self.state, step=Step.PARCEL, decision=None, parcel_raw="")
            return Outcome(msg("not released; the parcel stays in the cage"))
        return super().back()

    def _parcel(self, text: str, raw: str) -> Outcome:
        tracking = require_tracking(text, self.rt.settings.hub.tracking)
        plan = self.plan()  # before the unit of work: it opens its own
        with self.rt.reader() as uow:
            parcel = uow.hub.parcel(self.rt.warehouse, tracking)
            decision = svc.decide_release(parcel, tracking, plan, self.rt.settings.hub)
        self.state = replace(self.state, step=Step.DESTINATION, decision=decision, parcel_raw=raw)
        level = Level.OK if decision.kind.value == "sorted" else Level.ATTENTION
        return Outcome(
            msg(
                "{destination}: parcel {tracking} released ({description})",
                destination=decision.destination,
                tracking=tracking,
                description=decision.description,
            ),
            level,
            destination=decision.destination,
        )

    def _confirm(self, code: str, raw: str) -> Outcome:
        st = self.state
        decision = st.decision
        assert decision is not None
        actor = self.rt.actor()
        if code != decision.destination:
            with self.rt.uow() as uow:
                count = svc.record_wrong_destination(uow, actor, decision, "", code, raw)
                uow.commit()
            raise MisSort(
                msg(
                    "wrong destination {code}: parcel {tracking} "
                    "goes to {destination} (wrong destination "
                    "{count} outside bags); scan {destination}",
                    code=code,
                    tracking=decision.tracking,
                    destination=decision.destination,
                    count=count,
                )
            )
        with self.rt.uow() as uow:
            event = svc.record_release(
                uow, actor, decision, self.rt.settings.hub.hold_location, st.parcel_raw
            )
            filled = (
                lastmile.after_sort(uow, actor, code, printing=self.rt.printing)
                if decision.kind is ParcelEventKind.SORTED
                else None
            )
            uow.commit()
        self.state = ReleaseState(released=st.released + 1)
        message = msg(
            "parcel {tracking} released from the hold cage to {code}",
            tracking=decision.tracking,
            code=code,
        )
        if filled is not None and filled.closed is not None:
            message += lastmile.closed_note(filled.closed)
        return Outcome(message, context={"event": event})
