"""Hub arrival: scan the MAWB, then each of its big bags (weighed on the bench scale when there
is one: the stable reading before the bag's scan is its weight).

A bag of the MAWB is marked arrived (its parcels get an ``arrived`` event); a bag that is in no
pre-alert is recorded as unexpected; a bag of another MAWB is refused with the MAWB it belongs
to. A weight that differs from the pre-alert's by more than ``[hub] bag_weight_tolerance_kg``
is shown in amber. ``CMD:DONE`` shows the discrepancies (missing, unexpected, weight) and
starts over; ``wms hub arrivals MAWB`` prints the same report.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import InvalidValue, RuleViolation
from wms.core.domain.modes import StationMode
from wms.core.domain.parcel_ids import require_mawb
from wms.core.domain.text import msg
from wms.core.services.hub import arrival as svc
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome


class Step(StrEnum):
    MAWB = "mawb"
    BAG = "bag"


@dataclass(frozen=True)
class ArrivalState(WorkflowState):
    step: Step = Step.MAWB
    mawb: str = ""
    weight_kg: Decimal | None = None
    bags: int = 0


@register
class Arrival(Workflow):
    name = StationMode.ARRIVAL
    title = msg("Hub arrival")
    state: ArrivalState

    def reset(self) -> None:
        self.state = ArrivalState()

    def has_task(self) -> bool:
        return self.state.step is Step.BAG

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.MAWB:
            return msg("Scan the MAWB of the arriving flight")
        weight = (
            msg(" (weighed {weight_kg} kg)", weight_kg=st.weight_kg)
            if st.weight_kg is not None
            else ""
        )
        return msg(
            "Weigh and scan each bag of MAWB {mawb}{weight} (CMD:DONE when all are in)",
            mawb=st.mawb,
            weight=weight,
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value}
        if st.mawb:
            data["mawb"] = st.mawb
        return data

    def scan(self, scan: Scan) -> Outcome:
        if scan.kind not in (ScanKind.TEXT, ScanKind.HANDLING_UNIT, ScanKind.PRODUCT):
            raise self.unexpected(
                msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
            )
        return self._text(scan.data.strip(), scan.raw)

    def key(self, text: str) -> Outcome:
        return self._text(text.strip(), text)

    def weight(self, kg: Decimal, *, stable: bool = True) -> Outcome:
        if self.state.step is not Step.BAG:
            raise self.unexpected(msg("a scale reading of {kg} kg", kg=kg))
        if not stable:
            raise RuleViolation(
                msg("scale reading {kg} kg is not stable: wait for the scale to settle", kg=kg),
                "unstable_weight",
            )
        if kg <= 0:
            raise InvalidValue(msg("bag weight"), kg, msg("more than 0 kg"), msg("{kg} kg", kg=kg))
        self.state = replace(self.state, weight_kg=kg)
        return Outcome(msg("{kg} kg: scan the bag on the scale", kg=kg))

    def command(self, name: str) -> Outcome:
        if name == "DONE" and self.state.step is Step.BAG:
            return self._done()
        raise self.unexpected(msg("CMD:{name}", name=name))

    def _text(self, text: str, raw: str) -> Outcome:
        if self.state.step is Step.MAWB:
            return self._mawb(text)
        return self._bag(text.upper(), raw)

    def _mawb(self, text: str) -> Outcome:
        mawb = require_mawb(text)
        with self.rt.uow() as uow:
            expected, arrived = svc.start_mawb(uow, self.rt.actor(), mawb)
            uow.commit()
        self.state = ArrivalState(step=Step.BAG, mawb=mawb)
        return Outcome(
            msg(
                "MAWB {mawb}: {expected} bags pre-alerted, {arrived} arrived so far",
                mawb=mawb,
                expected=expected,
                arrived=arrived,
            ),
            context={"expected_bags": expected, "arrived_bags": arrived},
        )

    def _bag(self, bag: str, raw: str) -> Outcome:
        st = self.state
        if bag.replace("-", "").isdigit() and len(bag.replace("-", "")) == 11:
            try:
                other = require_mawb(bag)
            except InvalidValue:
                other = ""
            if other:
                raise RuleViolation(
                    msg(
                        "{other} is a MAWB: finish MAWB {mawb} first (CMD:DONE)",
                        other=other,
                        mawb=st.mawb,
                    ),
                    "mawb_open",
                )
        with self.rt.uow() as uow:
            done = svc.receive_bag(
                uow,
                self.rt.actor(),
                st.mawb,
                bag,
                st.weight_kg,
                self.rt.settings.hub.bag_weight_tolerance_kg,
                raw,
            )
            uow.commit()
        self.state = replace(st, weight_kg=None, bags=st.bags + 1)
        level = Level.OK
        parts = [f"bag {bag}"]
        if not done.expected:
            parts.append("NOT PRE-ALERTED: recorded as unexpected, set it aside")
            level = Level.ATTENTION
        elif done.again:
            parts.append("had already arrived")
            level = Level.ATTENTION
        else:
            parts.append(f"{done.parcels} parcels")
        if done.weighed_kg is not None and done.declared_kg is not None:
            parts.append(f"{done.weighed_kg} kg (pre-alert {done.declared_kg} kg)")
        if done.beyond_tolerance:
            parts.append(f"WEIGHT DIFFERS BY {done.difference_kg} kg")
            level = Level.ATTENTION
        parts.append(f"{done.arrived} of {done.expected_bags} bags in")
        return Outcome(
            "; ".join(parts),
            level,
            context={"arrived_bags": done.arrived, "expected_bags": done.expected_bags},
        )

    def _done(self) -> Outcome:
        st = self.state
        with self.rt.reader() as uow:
            lines = svc.arrival_report(
                uow, self.rt.warehouse, st.mawb, self.rt.settings.hub.bag_weight_tolerance_kg
            )
        missing = [line.bag for line in lines if line.status is svc.BagStatus.MISSING]
        unexpected = [line.bag for line in lines if line.status is svc.BagStatus.UNEXPECTED]
        weights = [line.bag for line in lines if line.weight_flag]
        self.state = ArrivalState()
        problems = []
        if missing:
            problems.append(f"{len(missing)} missing ({', '.join(missing[:5])})")
        if unexpected:
            problems.append(f"{len(unexpected)} unexpected ({', '.join(unexpected[:5])})")
        if weights:
            problems.append(f"{len(weights)} beyond the weight tolerance")
        message = msg("MAWB {mawb}: ", mawb=st.mawb) + (
            "; ".join(problems) or msg("every bag arrived as pre-alerted")
        )
        return Outcome(
            message,
            Level.ATTENTION if problems else Level.OK,
            summary=[line.as_row() for line in lines],
        )
