"""Carrier handover: key or scan the carrier taking parcels, then scan what it takes: each
last-mile bag by its SSCC label, a loose parcel by its tracking number (when ``[hub]
handover_loose_parcels`` allows it), or a destination (its closed bags, and its loose parcels
when allowed). Every parcel taken is one ``handed_over`` event with its bag. A bag, parcel or
destination holding another carrier's parcels is refused with both carriers named.
``CMD:DONE`` ends the handover; ``wms hub handover CARRIER`` prints the manifest. The rules
are in :mod:`wms.core.services.hub.lastmile`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import InvalidValue
from wms.core.domain.modes import StationMode
from wms.core.domain.parcel_ids import looks_like_s10, require_tracking
from wms.core.domain.sscc import require_sscc
from wms.core.domain.text import msg
from wms.core.services.hub import lastmile
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
    destinations: tuple[str, ...] = ()  # what was scanned: bag SSCCs, parcels, destinations
    bags: tuple[str, ...] = ()


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
            "Scan each bag handed to {carrier} (CMD:DONE when the truck leaves)",
            carrier=st.carrier,
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        return {
            "step": st.step.value,
            "carrier": st.carrier,
            "parcels": st.parcels,
            "bags": len(st.bags),
        }

    def scan(self, scan: Scan) -> Outcome:
        if self.state.step is Step.CARRIER:
            if scan.kind is not ScanKind.TEXT:
                raise self.unexpected(
                    msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
                )
            return self._carrier(scan.value)
        if scan.kind is ScanKind.HANDLING_UNIT:
            return self._bag(scan.sscc or scan.value, scan.raw)
        if scan.kind in (ScanKind.TEXT, ScanKind.PRODUCT) and self._is_tracking(scan.data):
            tracking = require_tracking(scan.data, self.rt.settings.hub.tracking)
            return self._parcel(tracking, scan.raw)
        code = location_code(scan)
        if code is not None:
            return self._destination(code, scan.raw)
        raise self.unexpected(msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value))

    def _is_tracking(self, text: str) -> bool:
        """A parcel's number (a misread one too: it is refused with its check digit)."""
        compact = text.replace(" ", "").upper()
        return looks_like_s10(compact) or any(
            p.matches(compact) for p in self.rt.settings.hub.tracking
        )

    def key(self, text: str) -> Outcome:
        if self.state.step is Step.CARRIER:
            return self._carrier(text)
        compact = text.replace(" ", "").upper()
        if compact.isdigit() and len(compact) == 18:
            return self._bag(require_sscc(compact), text)
        if self._is_tracking(compact):
            return self._parcel(require_tracking(compact, self.rt.settings.hub.tracking), text)
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
                summary=[{"carrier": st.carrier, "scanned": d} for d in st.destinations],
            )
        raise self.unexpected(msg("CMD:{name}", name=name))

    def _carrier(self, text: str) -> Outcome:
        carrier = text.strip().upper()
        if not carrier.replace("-", "").replace("_", "").isalnum() or len(carrier) > 40:
            raise InvalidValue(
                msg("carrier"), text, msg("a carrier code (letters and digits)"), text
            )
        self.state = HandoverState(step=Step.DESTINATION, carrier=carrier)
        return Outcome(msg("handover to {carrier}: scan its bags", carrier=carrier))

    def _take(self, taken: lastmile.Handed) -> None:
        st = self.state
        self.state = replace(
            st,
            parcels=st.parcels + taken.parcels,
            destinations=(*st.destinations, taken.what),
            bags=(*st.bags, *(b for b in taken.bags if b not in st.bags)),
        )

    def _bag(self, sscc: str, raw: str) -> Outcome:
        st = self.state
        with self.rt.uow() as uow:
            taken = lastmile.hand_over_bag(uow, self.rt.actor(), st.carrier, sscc, raw)
            uow.commit()
        self._take(taken)
        return Outcome(
            msg(
                "bag {sscc} ({count} parcels) handed over to {carrier}",
                sscc=sscc,
                count=taken.parcels,
                carrier=st.carrier,
            )
        )

    def _parcel(self, tracking: str, raw: str) -> Outcome:
        st = self.state
        loose = self.rt.settings.hub.handover_loose_parcels
        with self.rt.uow() as uow:
            taken = lastmile.hand_over_parcel(
                uow, self.rt.actor(), st.carrier, tracking, raw, loose=loose
            )
            uow.commit()
        self._take(taken)
        return Outcome(
            msg(
                "loose parcel {tracking} handed over to {carrier}",
                tracking=tracking,
                carrier=st.carrier,
            )
        )

    def _destination(self, code: str, raw: str) -> Outcome:
        st = self.state
        loose = self.rt.settings.hub.handover_loose_parcels
        with self.rt.uow() as uow:
            taken = lastmile.hand_over_destination(
                uow, self.rt.actor(), st.carrier, code, raw, loose=loose
            )
            uow.commit()
        self._take(taken)
        return Outcome(
            msg(
                "{count} parcels at {code} handed over to {carrier}",
                count=taken.parcels,
                code=code,
                carrier=st.carrier,
            )
        )
