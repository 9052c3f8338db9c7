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
from wms.core.domain.text import msg
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
    title = msg("Shipping")
    state: ShippingState

    def reset(self) -> None:
        self.state = ShippingState()

    def has_task(self) -> bool:
        return self.state.step is not Step.SHIPMENT

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.SHIPMENT:
            return msg("Key a shipment id, or NEW <CARRIER> [TRAILER] to open one")
        return msg(
            "Scan parcels or bags for {shipment} ({carrier}, "
            "{loaded} loaded); CMD:DONE dispatches it",
            shipment=st.shipment,
            carrier=st.carrier,
            loaded=st.loaded,
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
            raise self.unexpected(
                msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
            )
        if scan.kind is not ScanKind.HANDLING_UNIT:
            raise self.unexpected(
                msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
            )
        return self._load(scan.sscc or scan.value, scan.raw)

    def key(self, text: str) -> Outcome:
        if self.state.step is Step.LOAD:
            if text.isdigit() and len(text) in (18, 20):
                return self._load(text, text)
            raise self.unexpected(msg("the typed entry {text!r}", text=text))
        words = text.split()
        if words and words[0].upper() == "NEW":
            if len(words) < 2:
                raise RuleViolation(msg("NEW needs a carrier: NEW DHL [TRAILER]"), "no_carrier")
            with self.rt.uow() as uow:
                row = svc.create_shipment(
                    uow, self.rt.actor(), words[1], trailer=" ".join(words[2:])
                )
                uow.commit()
                self._use(row.id, row.carrier, row.location, 0)
            st = self.state
            return Outcome(
                msg(
                    "shipment {shipment} opened for {carrier} at {location}",
                    shipment=st.shipment,
                    carrier=st.carrier,
                    location=st.location,
                )
            )
        with self.rt.reader() as uow:
            row = svc.require_shipment(uow, self.rt.warehouse, text)
            svc.require_open(row)
            loaded = len(svc.loaded_parcels(uow, row.id))
            self._use(row.id, row.carrier, row.location, loaded)
        st = self.state
        return Outcome(
            msg(
                "shipment {shipment} ({carrier}): {loaded} parcels loaded",
                shipment=st.shipment,
                carrier=st.carrier,
                loaded=loaded,
            )
        )

    def _use(self, shipment: str, carrier: str, location: str, loaded: int) -> None:
        self.state = ShippingState(Step.LOAD, shipment, carrier, location, loaded)

    def command(self, name: str) -> Outcome:
        if name == "DONE" and self.state.step is Step.LOAD:
            return self._dispatch()
        raise self.unexpected(msg("CMD:{name}", name=name))

    def back(self) -> Outcome:
        st = self.state
        if st.step is Step.LOAD:
            self.reset()
            return Outcome(msg("shipment {shipment} stays open", shipment=st.shipment))
        return super().back()

    def _load(self, sscc: str, raw: str) -> Outcome:
        st = self.state
        with self.rt.uow() as uow:
            result = svc.load(uow, self.rt.actor(), st.shipment, sscc, raw)
            uow.commit()
        self.state = st = replace(st, loaded=st.loaded + len(result.parcels))
        what = (
            msg("parcel {scanned}", scanned=result.scanned)
            if result.kind == "parcel"
            else msg(
                "{kind} {scanned} ({count} parcels)",
                kind=result.kind,
                scanned=result.scanned,
                count=len(result.parcels),
            )
        )
        return Outcome(
            msg(
                "{what} loaded on {shipment}: {loaded} parcels",
                what=what,
                shipment=st.shipment,
                loaded=st.loaded,
            ),
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
        shipped = msg(
            "; orders shipped: {orders_shipped}", orders_shipped=", ".join(result.orders_shipped)
        )
        return Outcome(
            msg(
                "shipment {shipment} dispatched: {parcels} parcels, {units} units",
                shipment=shipment,
                parcels=result.parcels,
                units=result.units,
            )
            + (shipped if result.orders_shipped else ""),
            Level.OK,
            movements=result.movements,
            summary=rows,
        )
