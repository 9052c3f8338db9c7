"""Shipping: load parcels and closed bags onto a trailer or flight, then dispatch it.

Steps: *shipment* (key or scan an open shipment id such as ``SHP00001``, or key
``NEW <CARRIER> [TRAILER]`` to open one at the first shipping location) → *load* (scan parcel or
bag SSCCs: each parcel's stock moves to the shipping location; a parcel of another carrier, not
packed yet or already loaded is refused) → ``CMD:DONE`` dispatches the shipment: ``ship``
movements remove the stock, parcels and orders become ``shipped``, the manifest is the summary.
``CMD:BACK`` leaves the shipment open for later.
"""

from __future__ import annotations

from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import RuleViolation
from wms.core.services.outbound import shipping as svc
from wms.core.services.outbound.manifests import shipment_manifest
from wms.core.services.workflows.base import Workflow, register
from wms.core.services.workflows.inputs import Level, Outcome


@register
class Shipping(Workflow):
    name = "shipping"
    title = "Shipping"

    def reset(self) -> None:
        self.step = "shipment"
        self.shipment = ""
        self.carrier = ""
        self.location = ""
        self.loaded = 0

    def has_task(self) -> bool:
        return self.step != "shipment"

    @property
    def prompt(self) -> str:
        if self.step == "shipment":
            return "Key a shipment id, or NEW <CARRIER> [TRAILER] to open one"
        return (
            f"Scan parcels or bags for {self.shipment} ({self.carrier}, {self.loaded} loaded); "
            "CMD:DONE dispatches it"
        )

    def context(self) -> dict[str, Any]:
        data: dict[str, Any] = {"step": self.step}
        if self.shipment:
            data.update({"shipment": self.shipment, "carrier": self.carrier, "loaded": self.loaded})
        return data

    def scan(self, scan: Scan) -> Outcome:
        if self.step == "shipment":
            if scan.kind is ScanKind.TEXT:
                return self.key(scan.value)
            raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
        if scan.kind is not ScanKind.HANDLING_UNIT:
            raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
        return self._load(scan.sscc or scan.value, scan.raw)

    def key(self, text: str) -> Outcome:
        if self.step == "load":
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
            return Outcome(f"shipment {self.shipment} opened for {self.carrier} at {self.location}")
        with self.rt.uow() as uow:
            row = svc.require_shipment(uow, self.rt.warehouse, text)
            svc.require_open(row)
            loaded = len(svc.loaded_parcels(uow, row.id))
            self._use(row.id, row.carrier, row.location, loaded)
        return Outcome(f"shipment {self.shipment} ({self.carrier}): {loaded} parcels loaded")

    def _use(self, shipment: str, carrier: str, location: str, loaded: int) -> None:
        self.shipment, self.carrier, self.location, self.loaded = (
            shipment,
            carrier,
            location,
            loaded,
        )
        self.step = "load"

    def command(self, name: str) -> Outcome:
        if name == "DONE" and self.step == "load":
            return self._dispatch()
        raise self.unexpected(f"CMD:{name}")

    def back(self) -> Outcome:
        if self.step == "load":
            shipment = self.shipment
            self.reset()
            return Outcome(f"shipment {shipment} stays open")
        return super().back()

    def _load(self, sscc: str, raw: str) -> Outcome:
        with self.rt.uow() as uow:
            result = svc.load(uow, self.rt.actor(), self.shipment, sscc, raw)
            uow.commit()
        self.loaded += len(result.parcels)
        what = (
            f"parcel {result.scanned}"
            if result.kind == "parcel"
            else f"{result.kind} {result.scanned} ({len(result.parcels)} parcels)"
        )
        return Outcome(
            f"{what} loaded on {self.shipment}: {self.loaded} parcels",
            movements=result.movements,
            context={"parcels": result.parcels},
        )

    def _dispatch(self) -> Outcome:
        with self.rt.uow() as uow:
            result = svc.close_shipment(uow, self.rt.actor(), self.shipment)
            _shipment, rows = shipment_manifest(uow, self.rt.warehouse, self.shipment)
            uow.commit()
        shipment = self.shipment
        self.reset()
        shipped = f"; orders shipped: {', '.join(result.orders_shipped)}"
        return Outcome(
            f"shipment {shipment} dispatched: {result.parcels} parcels, {result.units} units"
            + (shipped if result.orders_shipped else ""),
            Level.OK,
            movements=result.movements,
            summary=rows,
        )
