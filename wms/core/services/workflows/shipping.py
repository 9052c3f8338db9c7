"""Shipping: load parcels and closed bags onto a trailer or flight, then dispatch it.

Steps: *shipment* (key or scan an open shipment id such as ``SHP00001``, or key
``NEW <CARRIER> [TRAILER]`` to open one at the first shipping location) → *load* (scan parcel or
bag SSCCs: each parcel's stock moves to the shipping location; a parcel of another carrier, not
packed yet or already loaded is refused) → ``CMD:DONE`` dispatches the shipment: ``ship``
movements remove the stock, parcels and orders become ``shipped``, the manifest is the summary.
``CMD:BACK`` leaves the shipment open for later.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import RuleViolation
from wms.core.domain.modes import StationMode
from wms.core.services.outbound import shipping as svc
from wms.core.services.outbound.manifests import manifest_rows
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome


class Step(StrEnum):
    SHIPMENT = "shipment"
    LOAD = "load"


@dataclass(frozen=True)
class ShippingState(WorkflowState):
    step: Step = Step.SHIPMENT
    shipment: str = ""
    carrier: str = ""
    location: str = ""
    loaded: int = 0


@register
class Shipping(Workflow):
    name = StationMode.SHIPPING
    title = "Shipping"
    state: ShippingState

    def reset(self) -> None:
        self.state = ShippingState()

    def has_task(self) -> bool:
        return self.state.step is not Step.SHIPMENT

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.SHIPMENT:
            return "Key a shipment id, or NEW <CARRIER> [TRAILER] to open one"
        return (
            f"Scan parcels or bags for {st.shipment} ({st.carrier}, {st.loaded} loaded); "
            "CMD:DONE dispatches it"
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value}
        if st.shipment:
            data.update({"shipment": st.shipment, "carrier": st.carrier, "loaded": st.loaded})
        return data

    def scan(self, scan: Scan) -> Outcome:
        if self.state.step is Step.SHIPMENT:
            if scan.kind is ScanKind.TEXT:
                return self.key(scan.value)
            raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
        if scan.kind is not ScanKind.HANDLING_UNIT:
            raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
        return self._load(scan.sscc or scan.value, scan.raw)

    def key(self, text: str) -> Outcome:
        if self.state.step is Step.LOAD:
            if text.isdigit() and len(text) in (18, 20):
                return self._load(text, text)
            raise self.unexpected(f"the typed entry {text!r}")
        words = text.split()
        if words and words[0].upper() == "NEW":
            if len(words) < 2:
                raise RuleViolation("NEW needs a carrier: NEW DHL [TRAILER]", "no_carrier")
            with self.rt.uow() as uow:
                row = svc.create_shipment(
                    uow, self.rt.actor(), words[1], trailer=" ".join(words[2:])
                )
                uow.commit()
                self._use(row.id, row.carrier, row.location, 0)
            st = self.state
            return Outcome(f"shipment {st.shipment} opened for {st.carrier} at {st.location}")
        with self.rt.uow() as uow:
            row = svc.require_shipment(uow, self.rt.warehouse, text)
            svc.require_open(row)
            loaded = len(svc.loaded_parcels(uow, row.id))
            self._use(row.id, row.carrier, row.location, loaded)
        st = self.state
        return Outcome(f"shipment {st.shipment} ({st.carrier}): {loaded} parcels loaded")

    def _use(self, shipment: str, carrier: str, location: str, loaded: int) -> None:
        self.state = ShippingState(Step.LOAD, shipment, carrier, location, loaded)

    def command(self, name: str) -> Outcome:
        if name == "DONE" and self.state.step is Step.LOAD:
            return self._dispatch()
        raise self.unexpected(f"CMD:{name}")

    def back(self) -> Outcome:
        st = self.state
        if st.step is Step.LOAD:
            self.reset()
            return Outcome(f"shipment {st.shipment} stays open")
        return super().back()

    def _load(self, sscc: str, raw: str) -> Outcome:
        st = self.state
        with self.rt.uow() as uow:
            result = svc.load(uow, self.rt.actor(), st.shipment, sscc, raw)
            uow.commit()
        self.state = st = replace(st, loaded=st.loaded + len(result.parcels))
        what = (
            f"parcel {result.scanned}"
            if result.kind == "parcel"
            else f"{result.kind} {result.scanned} ({len(result.parcels)} parcels)"
        )
        return Outcome(
            f"{what} loaded on {st.shipment}: {st.loaded} parcels",
            movements=result.movements,
            context={"parcels": result.parcels},
        )

    def _dispatch(self) -> Outcome:
        shipment = self.state.shipment
        with self.rt.uow() as uow:
            result = svc.close_shipment(uow, self.rt.actor(), shipment)
            rows = manifest_rows(uow, self.rt.warehouse, result.shipment)
            uow.commit()
        self.reset()
        shipped = f"; orders shipped: {', '.join(result.orders_shipped)}"
        return Outcome(
            f"shipment {shipment} dispatched: {result.parcels} parcels, {result.units} units"
            + (shipped if result.orders_shipped else ""),
            Level.OK,
            movements=result.movements,
            summary=rows,
        )
