"""Carrier handover: key or scan the carrier taking parcels, then scan each of its sort
destinations; every sorted parcel waiting there is handed over (one ``handed_over`` event
each). A destination holding another carrier's parcels is refused with whose they are.
``CMD:DONE`` ends the handover; ``wms hub handover CARRIER`` prints the manifest."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import InvalidValue, RuleViolation
from wms.core.domain.modes import StationMode
from wms.core.domain.text import msg
from wms.core.services.hub import deconsolidation as svc
from wms.core.services.hub import queries
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Outcome
from wms.core.services.workflows.parsing import location_code


class Step(StrEnum):
    CARRIER = "carrier"
    DESTINATION = "destination"


@dataclass(frozen=True)
class HandoverState(WorkflowState):
    step: Step = Step.CARRIER
    carrier: str = ""
    parcels: int = 0
    destinations: tuple[str, ...] = ()


@register
class Handover(Workflow):
    name = StationMode.HANDOVER
    title = msg("Carrier handover")
    state: HandoverState

    def reset(self) -> None:
        self.state = HandoverState()

    def has_task(self) -> bool:
        return self.state.step is Step.DESTINATION

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.CARRIER:
            return msg("Key or scan the carrier collecting parcels")
        return msg(
            "Scan each destination handed to {carrier} (CMD:DONE when the truck leaves)",
            carrier=st.carrier,
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        return {"step": st.step.value, "carrier": st.carrier, "parcels": st.parcels}

    def scan(self, scan: Scan) -> Outcome:
        if self.state.step is Step.CARRIER:
            if scan.kind is not ScanKind.TEXT:
                raise self.unexpected(
                    msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
                )
            return self._carrier(scan.value)
        code = location_code(scan)
        if code is None:
            raise self.unexpected(
                msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
            )
        return self._destination(code, scan.raw)

    def key(self, text: str) -> Outcome:
        if self.state.step is Step.CARRIER:
            return self._carrier(text)
        return self._destination(text.strip().upper(), text)

    def command(self, name: str) -> Outcome:
        st = self.state
        if name == "DONE" and st.step is Step.DESTINATION:
            self.state = HandoverState()
            return Outcome(
                msg(
                    "{carrier}: {parcels} parcels handed over from {value}",
                    carrier=st.carrier,
                    parcels=st.parcels,
                    value=", ".join(st.destinations) or "no destination",
                ),
                summary=[{"carrier": st.carrier, "destination": d} for d in st.destinations],
            )
        raise self.unexpected(msg("CMD:{name}", name=name))

    def _carrier(self, text: str) -> Outcome:
        carrier = text.strip().upper()
        if not carrier.replace("-", "").replace("_", "").isalnum() or len(carrier) > 40:
            raise InvalidValue(
                msg("carrier"), text, msg("a carrier code (letters and digits)"), text
            )
        self.state = HandoverState(step=Step.DESTINATION, carrier=carrier)
        return Outcome(msg("handover to {carrier}: scan its destinations", carrier=carrier))

    def _destination(self, code: str, raw: str) -> Outcome:
        st = self.state
        with self.rt.uow() as uow:
            waiting, carriers = queries.carrier_at(uow, self.rt.warehouse, code)
            if not waiting:
                raise RuleViolation(
                    msg("nothing to hand over at {code}", code=code), "nothing_to_hand_over"
                )
            others = sorted(carriers - {st.carrier})
            if others:
                raise RuleViolation(
                    msg(
                        "{code} holds parcels for {others}, not only "
                        "{carrier}: it is not handed to this carrier",
                        code=code,
                        others=", ".join(others),
                        carrier=st.carrier,
                    ),
                    "other_carrier",
                )
            count = svc.hand_over(uow, self.rt.actor(), st.carrier, code, waiting, raw)
            uow.commit()
        self.state = replace(st, parcels=st.parcels + count, destinations=(*st.destinations, code))
        return Outcome(
            msg(
                "{count} parcels at {code} handed over to {carrier}",
                count=count,
                code=code,
                carrier=st.carrier,
            )
        )
