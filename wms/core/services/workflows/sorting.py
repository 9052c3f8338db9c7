"""Sorting: parcels to their sort destination, batch-tote items to their put-wall slot.

Parcel sort: scan the parcel's SSCC → the destination is shown (``Feedback.destination``, in huge
type on the screen) → scan the destination (``LOC:SORT-FR``) to confirm; the parcel's stock moves
there (``sort`` movements). A wrong destination is refused and counted as a mis-sort attempt.
When the destination's open bag reaches its capacity it is closed (SSCC, label queued) and a
new bag starts. ``CMD:CLOSE`` then a destination closes its bag on demand.

Put wall: scan a batch tote (``TOTE:<id>``) → scan an item from it → the order's slot is shown →
scan the slot (``LOC:PW-03``) to put it; a keyed number before the item scan puts that many.
``CMD:DONE`` leaves the tote. Keying a plan name switches the sort plan.

The plan is compiled into a lookup index once when the mode is entered (and on a plan switch).
"""

from __future__ import annotations

from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import RuleViolation
from wms.core.domain.sscc import require_sscc
from wms.core.persistence.outbound_tables import PickTaskRow
from wms.core.services.outbound import sortation as svc
from wms.core.services.outbound.picking import tote_unit
from wms.core.services.outbound.sort_plan import SortPlanIndex, load_plan, plan_names
from wms.core.services.workflows.base import Workflow, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import location_code, parse_quantity, resolve_product

#: Compiled plans per station runtime (kept out of the workflow's snapshotted state).
_PLANS: dict[int, SortPlanIndex] = {}


@register
class Sorting(Workflow):
    name = "sorting"
    title = "Sorting"

    def reset(self) -> None:
        self.step = "item"
        self.parcel = ""
        self.expected = ""
        self.tote = ""
        self.put_task: int | None = None
        self.put_quantity = 0
        self.keyed: int | None = None
        self.sorted = 0
        self.plan_name = getattr(self, "plan_name", "")
        _PLANS.pop(id(self.rt), None)

    def has_task(self) -> bool:
        return self.step != "item" or bool(self.tote)

    def counts_repeated_scans(self, scan: Scan) -> bool:
        """Items of a batch tote: the same product again is the next unit to put."""
        return bool(self.tote) and self.step == "item" and scan.kind is ScanKind.PRODUCT

    def _plan(self) -> SortPlanIndex:
        index = _PLANS.get(id(self.rt))
        if index is None or (self.plan_name and index.name != self.plan_name):
            with self.rt.uow() as uow:
                index = load_plan(uow, self.rt.warehouse, self.plan_name or None)
            _PLANS[id(self.rt)] = index
            self.plan_name = index.name
        return index

    # screen ------------------------------------------------------------------------------------

    @property
    def prompt(self) -> str:
        if self.step == "destination":
            return f"Put parcel {self.parcel} in {self.expected} and scan {self.expected}"
        if self.step == "slot":
            return f"Put {self.put_quantity} in slot {self.expected} and scan {self.expected}"
        if self.step == "close":
            return "Scan the sort destination whose bag to close"
        if self.tote:
            count = f"{self.keyed} of " if self.keyed else ""
            return f"Scan {count}an item from tote {self.tote} (CMD:DONE when it is empty)"
        return "Scan a parcel SSCC or a batch tote (CMD:CLOSE closes a bag)"

    def context(self) -> dict[str, Any]:
        data: dict[str, Any] = {"step": self.step}
        if self.plan_name:
            data["plan"] = self.plan_name
        if self.parcel:
            data["parcel"] = self.parcel
        if self.expected:
            data["destination"] = self.expected
        if self.tote:
            data["tote"] = self.tote
        return data

    # inputs ------------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        if self.step == "item":
            if scan.kind is ScanKind.HANDLING_UNIT:
                return self._parcel(scan.sscc or scan.value)
            if scan.kind is ScanKind.TOTE:
                return self._tote(scan.value)
            if scan.kind is ScanKind.PRODUCT and self.tote:
                return self._put_item(scan)
            if scan.kind is ScanKind.PRODUCT:
                raise RuleViolation(
                    "scan the batch tote first, then its items (or a parcel SSCC)", "no_tote"
                )
            raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
        code = location_code(scan)
        if code is None:
            raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
        if self.step == "destination":
            return self._confirm_parcel(code, scan.raw)
        if self.step == "slot":
            return self._confirm_slot(code, scan.raw)
        return self._close(code)

    def key(self, text: str) -> Outcome:
        if self.step == "item":
            if text.isdigit() and len(text) == 18:
                return self._parcel(text)
            if self.tote and text.strip().isdigit():
                self.keyed = parse_quantity(text, self.rt.settings.max_keyed_quantity)
                return Outcome(f"quantity {self.keyed}: scan the item")
            with self.rt.uow() as uow:
                names = plan_names(uow, self.rt.warehouse)
            wanted = text.strip().upper()
            if wanted in names:
                self.plan_name = wanted
                _PLANS.pop(id(self.rt), None)
                index = self._plan()
                return Outcome(f"sort plan {index.name}: {len(index)} rules")
            raise RuleViolation(
                f"'{text}': expected a parcel SSCC, a quantity or a sort plan ({', '.join(names)})",
                "unexpected_input",
            )
        code = text.strip().upper()
        if self.step == "destination":
            return self._confirm_parcel(code, text)
        if self.step == "slot":
            return self._confirm_slot(code, text)
        return self._close(code)

    def command(self, name: str) -> Outcome:
        if name == "CLOSE" and self.step == "item":
            self.step = "close"
            return Outcome("close a bag: scan its destination")
        if name == "DONE" and self.step == "item" and self.tote:
            tote = self.tote
            self.tote = ""
            self.keyed = None
            return Outcome(f"tote {tote} left")
        raise self.unexpected(f"CMD:{name}")

    def back(self) -> Outcome:
        if self.step in ("destination", "slot", "close"):
            self.step = "item"
            self.parcel = self.expected = ""
            self.put_task = None
            return Outcome("not sorted; scan again")
        if self.tote:
            self.tote = ""
            return Outcome("tote left")
        return super().back()

    # parcels -----------------------------------------------------------------------------------

    def _parcel(self, raw_sscc: str) -> Outcome:
        sscc = require_sscc(raw_sscc)
        index = self._plan()
        with self.rt.uow() as uow:
            parcel = svc.require_parcel(uow, self.rt.warehouse, sscc)
            rule = svc.decide(index, parcel)
            order, country = parcel.order, parcel.ship_to_country
        self.parcel, self.expected = sscc, rule.destination
        self.step = "destination"
        return Outcome(
            f"{rule.destination}: parcel {sscc} ({order}, {country}) by {rule.describe()}",
            destination=rule.destination,
            context={"rule": rule.describe(), "order": order},
        )

    def _confirm_parcel(self, code: str, raw: str) -> Outcome:
        if code != self.expected:
            with self.rt.uow() as uow:
                count = svc.record_mis_sort(uow, self.rt.warehouse, self.expected)
                uow.commit()
            raise svc.MisSort(
                f"wrong destination {code}: parcel {self.parcel} goes to {self.expected} "
                f"(mis-sort attempt {count} at {self.expected}); take it out and scan "
                f"{self.expected}"
            )
        with self.rt.uow() as uow:
            warehouse = uow.warehouses.require(self.rt.warehouse)
            parcel = svc.require_parcel(uow, self.rt.warehouse, self.parcel)
            result = svc.sort_parcel(
                uow,
                self.rt.actor(),
                warehouse,
                parcel,
                code,
                self.expected,
                raw,
                printing=self.rt.printing,
            )
            uow.commit()
        self.sorted += 1
        parcel_sscc = self.parcel
        self.step, self.parcel, self.expected = "item", "", ""
        capacity = f" of {result.capacity}" if result.capacity else ""
        message = f"parcel {parcel_sscc} sorted to {code} ({result.open_parcels}{capacity})"
        level = Level.OK
        context: dict[str, Any] = {"open_parcels": result.open_parcels}
        if result.closed_bag is not None:
            bag = result.closed_bag
            message += (
                f"; {code} full: bag {bag.sscc} closed with {len(bag.parcels)} parcels, "
                "label printed; put a new bag in"
            )
            level = Level.ATTENTION
            context["bag"] = bag.sscc
        return Outcome(message, level, movements=result.movements, context=context)

    def _close(self, code: str) -> Outcome:
        with self.rt.uow() as uow:
            warehouse = uow.warehouses.require(self.rt.warehouse)
            bag = svc.close_bag(uow, self.rt.actor(), warehouse, code, printing=self.rt.printing)
            uow.commit()
        self.step = "item"
        return Outcome(
            f"bag {bag.sscc} closed at {code} with {len(bag.parcels)} parcels; label printed",
            context={"bag": bag.sscc},
            summary=[{"bag": bag.sscc, "destination": code, "parcel": p} for p in bag.parcels],
        )

    # put wall ----------------------------------------------------------------------------------

    def _tote(self, tote: str) -> Outcome:
        with self.rt.uow() as uow:
            tasks = svc.tote_tasks(uow, self.rt.warehouse, tote)
            units = sum(t.picked - t.put for t in tasks)
            orders = sorted({t.order for t in tasks})
        if not tasks:
            raise RuleViolation(
                f"tote {tote_unit(tote)} has nothing to sort to the put wall", "tote_empty"
            )
        self.tote = tote_unit(tote)
        return Outcome(
            f"tote {self.tote}: {units} units for {', '.join(orders)}; scan each item",
            context={"orders": orders},
        )

    def _put_item(self, scan: Scan) -> Outcome:
        with self.rt.uow() as uow:
            product, _level, units = resolve_product(self.rt, uow, scan)
            quantity = (self.keyed or 1) * units
            task = svc.find_put(uow, self.rt.warehouse, self.tote, product.sku, scan.lot)
            if quantity > task.picked - task.put:
                raise RuleViolation(
                    f"{quantity} × {product.sku}: only {task.picked - task.put} left in "
                    f"{self.tote} for {task.order}",
                    "over_put",
                )
            slot = svc.assign_slot(uow, self.rt.warehouse, task.order)
            order, task_id = task.order, task.id
            uow.commit()
        self.put_task, self.put_quantity, self.expected = task_id, quantity, slot
        self.keyed = None
        self.step = "slot"
        return Outcome(
            f"{slot}: {quantity} × {product.sku} for {order}",
            destination=slot,
            context={"order": order},
        )

    def _confirm_slot(self, code: str, raw: str) -> Outcome:
        if code != self.expected:
            with self.rt.uow() as uow:
                count = svc.record_mis_sort(uow, self.rt.warehouse, self.expected)
                uow.commit()
            raise svc.MisSort(
                f"wrong slot {code}: this item goes to {self.expected} (mis-sort attempt "
                f"{count}); scan {self.expected}"
            )
        with self.rt.uow() as uow:
            task = uow.session.get(PickTaskRow, self.put_task)
            assert task is not None
            movement = svc.put_to_slot(uow, self.rt.actor(), task, code, self.put_quantity, raw)
            left = sum(t.picked - t.put for t in svc.tote_tasks(uow, self.rt.warehouse, self.tote))
            order = task.order
            uow.commit()
        message = f"{self.put_quantity} put in {code} for {order}"
        self.step, self.expected, self.put_task = "item", "", None
        if not left:
            message += f"; tote {self.tote} is empty"
            self.tote = ""
        return Outcome(message, movements=[movement], context={"tote_left": left})
