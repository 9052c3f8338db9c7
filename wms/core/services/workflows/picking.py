"""Directed picking: go to the location, scan it, scan the item (or count), scan the tote.

Steps: *list* (scan or key a pick list number such as ``PL00001``, ``NEXT`` for the oldest open
list, or ``ORD:<number>`` for the list holding that order) → for each task in walking order:
*location* (``LOC:<code>``, the code as text, or its two check digits keyed) → *item* (product
scans count units, a case GTIN counts its case quantity; after one scan a keyed number is the
total counted) → *tote* (``TOTE:<id>``: the pick is posted as one ``pick`` movement, committed
before the feedback).

Refusals: another location, another product, another lot than directed, more units than the
task asks for, a tote holding someone else's goods. ``CMD:SHORT`` at the location or item step
records a short pick: the units counted so far go to the tote, the missing ones' reservation is
freed, a count task is opened for the location and the missing units are re-allocated elsewhere
(new stops appear in the list). ``CMD:SKIP`` moves the current stop to the end of the list.
"""

from __future__ import annotations

from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.check_digits import location_check_digits
from wms.core.domain.errors import RuleViolation
from wms.core.persistence.outbound_tables import PickListRow, PickTaskRow
from wms.core.services.outbound import picking as svc
from wms.core.services.outbound.waves import pick_list_tasks
from wms.core.services.workflows.base import Workflow, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import location_code, parse_quantity, resolve_product


@register
class Picking(Workflow):
    name = "picking"
    title = "Picking"

    def reset(self) -> None:
        self.step = "list"
        self.list_id = ""
        self.list_mode = ""
        self.task: dict[str, Any] | None = None
        self.counted = 0
        self.short = False
        self.tote = ""
        self.picked_units = 0
        self.stops_done = 0

    def has_task(self) -> bool:
        return self.step != "list"

    def counts_repeated_scans(self, scan: Scan) -> bool:
        return self.step == "item" and scan.kind is ScanKind.PRODUCT

    # screen ------------------------------------------------------------------------------------

    @property
    def prompt(self) -> str:
        if self.step == "list":
            return "Scan or key a pick list number (NEXT for the next open list)"
        task = self.task or {}
        what = self._what(task)
        if self.step == "location":
            check = location_check_digits(self.rt.warehouse, task["location"])
            return f"Go to {task['location']} (check {check}) and scan the location: pick {what}"
        if self.step == "item":
            lot = f" lot {task['lot']}" if task["lot"] else ""
            return (
                f"Scan {task['sku']}{lot} at {task['location']}: {self.counted} of "
                f"{task['remaining']} counted (key the count, CMD:SHORT if short)"
            )
        tote = f"tote {self.tote}" if self.tote else "an empty tote"
        for_whom = task["order"] if self.list_mode == "single" else f"pick list {self.list_id}"
        return f"Scan {tote} for {for_whom}: {self.counted} × {task['sku']}"

    def context(self) -> dict[str, Any]:
        data: dict[str, Any] = {"step": self.step}
        if self.list_id:
            data["pick_list"] = self.list_id
            data["mode"] = self.list_mode
        if self.task:
            data.update(
                {
                    "order": self.task["order"],
                    "location": self.task["location"],
                    "sku": self.task["sku"],
                    "lot": self.task["lot"],
                    "quantity": self.task["remaining"],
                    "counted": self.counted,
                    "sequence": self.task["sequence"],
                }
            )
        if self.tote:
            data["tote"] = self.tote
        return data

    @staticmethod
    def _what(task: dict[str, Any]) -> str:
        lot = f" lot {task['lot']}" if task["lot"] else ""
        return f"{task['remaining']} × {task['sku']}{lot} for {task['order']}"

    # inputs ------------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        if self.step == "list":
            if scan.kind is ScanKind.DOCUMENT and scan.document_type == "ORDER":
                return self._open_for_order(scan.value)
            if scan.kind is ScanKind.TEXT:
                return self._open(scan.value)
            raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
        if self.step == "location":
            code = location_code(scan)
            if code is None:
                raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
            return self._at_location(code)
        if self.step == "item":
            if scan.kind is not ScanKind.PRODUCT:
                raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
            return self._item(scan)
        if scan.kind is not ScanKind.TOTE:
            raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")
        return self._into_tote(scan.value, scan.raw)

    def key(self, text: str) -> Outcome:
        if self.step == "list":
            if text.strip().upper() == "NEXT":
                with self.rt.uow() as uow:
                    row = svc.next_open_list(uow, self.rt.warehouse)
                    list_id = row.id
                return self._open(list_id)
            return self._open(text)
        if self.step == "location":
            assert self.task is not None
            check = location_check_digits(self.rt.warehouse, self.task["location"])
            if text.strip() == check:
                return self._at_location(self.task["location"])
            raise RuleViolation(
                f"check digits '{text.strip()}': expected those of {self.task['location']}, "
                "found another location's",
                "wrong_check_digits",
            )
        if self.step == "item":
            assert self.task is not None
            if self.counted == 0:
                raise RuleViolation(
                    f"scan one {self.task['sku']} first to prove the item, then key the count",
                    "scan_first",
                )
            count = parse_quantity(text, self.rt.settings.max_keyed_quantity)
            if count > self.task["remaining"]:
                raise RuleViolation(
                    f"count {count}: expected at most {self.task['remaining']} "
                    f"{self.task['sku']} (the task); key CMD:SHORT if there are fewer",
                    "over_pick",
                )
            self.counted = count
            return self._counted()
        if self.step == "tote":
            raise self.unexpected(f"the typed entry {text!r} (scan the tote label)")
        raise self.unexpected(f"the typed entry {text!r}")

    def command(self, name: str) -> Outcome:
        if name == "SHORT" and self.step in ("location", "item"):
            return self._short()
        if name == "SKIP" and self.step in ("location", "item"):
            return self._skip()
        if name == "DONE" and self.step == "list":
            return Outcome("no pick list open")
        raise self.unexpected(f"CMD:{name}")

    def back(self) -> Outcome:
        if self.step == "tote":
            self.step = "item"
            self.short = False
            return Outcome("count again")
        if self.step == "item":
            self.step = "location"
            self.counted = 0
            return Outcome("scan the location again")
        if self.step == "location":
            list_id = self.list_id
            self.reset()
            return Outcome(f"pick list {list_id} left open; scan it again to continue")
        return super().back()

    def cancel(self) -> Outcome:
        if self.step == "list":
            return Outcome("nothing to cancel")
        list_id, done = self.list_id, self.picked_units
        self.reset()
        return Outcome(
            f"pick list {list_id} left open ({done} units picked here stay in their totes)",
            Level.ATTENTION if done else Level.OK,
        )

    # steps -------------------------------------------------------------------------------------

    def _open_for_order(self, order: str) -> Outcome:
        from sqlalchemy import select

        with self.rt.uow() as uow:
            list_id = uow.session.scalar(
                select(PickTaskRow.pick_list)
                .join(PickListRow, PickListRow.id == PickTaskRow.pick_list)
                .where(
                    PickTaskRow.warehouse == self.rt.warehouse,
                    PickTaskRow.order == order,
                    PickTaskRow.state == "open",
                    PickListRow.status != "done",
                )
                .limit(1)
            )
        if list_id is None:
            raise RuleViolation(
                f"order {order} has nothing to pick: release it in a wave first", "no_pick_list"
            )
        return self._open(list_id)

    def _open(self, list_id: str) -> Outcome:
        with self.rt.uow() as uow:
            row = svc.require_pick_list(uow, self.rt.warehouse, list_id)
            tasks = svc.open_tasks(uow, row.id)
            if not tasks:
                svc.finish_list_if_done(uow, self.rt.warehouse, row)
                uow.commit()
                raise RuleViolation(f"pick list {row.id} has nothing left to pick", "list_done")
            self.list_id, self.list_mode, self.tote = row.id, row.mode, row.tote
            units = sum(t.quantity - t.picked for t in tasks)
            orders = sorted({t.order for t in tasks})
            distance = row.distance_sequenced_m
        self.picked_units = 0
        self.stops_done = 0
        self._load_next()
        return Outcome(
            f"pick list {self.list_id} ({self.list_mode}): {len(tasks)} stops, {units} units "
            f"for {', '.join(orders)}; walk about {float(distance):.0f} m",
            context={"orders": orders, "stops": len(tasks)},
        )

    def _load_next(self) -> bool:
        with self.rt.uow() as uow:
            tasks = svc.open_tasks(uow, self.list_id)
            row = uow.session.get(PickListRow, self.list_id)
            self.tote = row.tote if row is not None else ""
            if not tasks:
                self.task = None
                return False
            task = tasks[0]
            if self.list_mode == "single":
                assert row is not None
                self.tote = svc.expected_tote(uow, row, task)
            self.task = {
                "id": task.id,
                "order": task.order,
                "location": task.location,
                "sku": task.sku,
                "lot": task.lot,
                "remaining": task.quantity - task.picked,
                "sequence": task.sequence,
            }
        self.counted = 0
        self.short = False
        self.step = "location"
        return True

    def _at_location(self, code: str) -> Outcome:
        assert self.task is not None
        if code != self.task["location"]:
            raise RuleViolation(
                f"wrong location {code}: go to {self.task['location']}", "wrong_location"
            )
        self.step = "item"
        return Outcome(f"at {code}: pick {self._what(self.task)}")

    def _item(self, scan: Scan) -> Outcome:
        assert self.task is not None
        with self.rt.uow() as uow:
            product, _level, units = resolve_product(self.rt, uow, scan)
        if product.sku != self.task["sku"]:
            raise RuleViolation(
                f"wrong item {product.sku}: expected {self.task['sku']} at "
                f"{self.task['location']}; put it back",
                "wrong_item",
            )
        if scan.lot and self.task["lot"] and scan.lot != self.task["lot"]:
            raise RuleViolation(
                f"wrong lot {scan.lot} of {product.sku}: pick lot {self.task['lot']} "
                "(the one reserved, expiring first)",
                "wrong_lot",
            )
        if self.counted + units > self.task["remaining"]:
            raise RuleViolation(
                f"{self.counted + units} × {product.sku} is more than the "
                f"{self.task['remaining']} to pick here: put {units} back",
                "over_pick",
            )
        self.counted += units
        return self._counted()

    def _counted(self) -> Outcome:
        assert self.task is not None
        if self.counted < self.task["remaining"]:
            return Outcome(f"{self.counted} of {self.task['remaining']} {self.task['sku']}")
        self.step = "tote"
        return Outcome(f"{self.counted} × {self.task['sku']} counted: scan the tote")

    def _short(self) -> Outcome:
        assert self.task is not None
        if self.counted:
            self.short = True
            self.step = "tote"
            return Outcome(
                f"short: {self.counted} of {self.task['remaining']} {self.task['sku']} found; "
                "scan the tote for those",
                Level.ATTENTION,
            )
        return self._record_short([])

    def _record_short(self, movements: list) -> Outcome:  # type: ignore[type-arg]
        assert self.task is not None
        task_info = self.task
        with self.rt.uow() as uow:
            pick_list = uow.session.get(PickListRow, self.list_id)
            task = uow.session.get(PickTaskRow, task_info["id"])
            assert pick_list is not None and task is not None
            result = svc.short_pick(
                uow,
                self.rt.actor(),
                pick_list,
                task,
                today=self.rt.today(),
                station=self.rt.station,
            )
            finished = svc.finish_list_if_done(uow, self.rt.warehouse, pick_list)
            uow.commit()
        where = ", ".join(f"{t.quantity} at {t.location}" for t in result.new_tasks)
        message = (
            f"short pick recorded at {task_info['location']}: {result.missing} × "
            f"{task_info['sku']} missing, count task opened; "
        )
        message += f"re-allocated {where}" if where else "no other stock"
        if result.unfound:
            message += f"; {result.unfound} short for {task_info['order']} (back-order)"
        outcome = self._advance(message, Level.ATTENTION, movements, finished)
        outcome.context["short"] = result.missing
        outcome.context["reallocated"] = result.reallocated
        return outcome

    def _into_tote(self, tote: str, raw: str) -> Outcome:
        assert self.task is not None
        task_info = self.task
        with self.rt.uow() as uow:
            pick_list = uow.session.get(PickListRow, self.list_id)
            task = uow.session.get(PickTaskRow, task_info["id"])
            assert pick_list is not None and task is not None
            unit = svc.check_tote(uow, self.rt.warehouse, pick_list, task, tote)
            movement = svc.confirm_pick(
                uow, self.rt.actor(), pick_list, task, self.counted, unit, raw
            )
            finished = [] if self.short else svc.finish_list_if_done(
                uow, self.rt.warehouse, pick_list
            )  # fmt: skip
            uow.commit()
        self.picked_units += self.counted
        self.tote = unit if pick_list.mode != "single" else self.tote
        if self.short:
            return self._record_short([movement])
        message = f"{self.counted} × {task_info['sku']} into {unit} for {task_info['order']}"
        return self._advance(message, Level.OK, [movement], finished)

    def _advance(self, message: str, level: Level, movements: list, finished: list) -> Outcome:  # type: ignore[type-arg]
        self.stops_done += 1
        list_id = self.list_id
        if self._load_next():
            return Outcome(message, level, movements=movements)
        units = self.picked_units
        self.reset()
        suffix = f"; orders picked: {', '.join(finished)}" if finished else ""
        return Outcome(
            f"{message}. Pick list {list_id} done ({units} units){suffix}",
            level,
            movements=movements,
            summary=[{"pick_list": list_id, "units": units, "orders_picked": finished}],
        )

    def _skip(self) -> Outcome:
        assert self.task is not None
        skipped = self.task["location"]
        with self.rt.uow() as uow:
            tasks = pick_list_tasks(uow, self.list_id)
            task = uow.session.get(PickTaskRow, self.task["id"])
            assert task is not None
            task.sequence = max(t.sequence for t in tasks) + 1
            uow.commit()
        self._load_next()
        return Outcome(f"{skipped} skipped for now; it comes back at the end of the list")
