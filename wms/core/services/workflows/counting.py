"""Cycle counting: blind counts of locations that have an open count task.

Scan the location (the prompt names the next open task) → scan every item there (each scan adds
its units; a number keyed before a scan is that scan's quantity; lot-tracked products need their
lot) → ``CMD:DONE``. The operator never sees the book quantity. Every counting scan is committed
(``count_lines``), so a count survives a crash and is resumed by scanning the location again.
``CMD:DONE`` compares the count with the ledger per product and lot (items not scanned count as
zero) and turns each difference into a *pending* adjustment for a supervisor; ``CMD:CANCEL``
discards what was counted (the task stays open).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import RuleViolation
from wms.core.domain.modes import StationMode
from wms.core.domain.text import msg
from wms.core.persistence.workflow_tables import AdjustmentRow
from wms.core.services.workflows.adjustments import on_hand_by_item, open_count_tasks
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import (
    check_lot_code,
    location_code,
    parse_quantity,
    resolve_product,
)
from wms.core.services.workflows.queries import count_task_status, counted_by_item


class Step(StrEnum):
    LOCATION = "location"
    COUNT = "count"
    LOT = "lot"


@dataclass(frozen=True)
class CountedItem:
    """Units of one product (and lot) a scan counted."""

    sku: str
    units: int
    lot: str = ""


@dataclass(frozen=True)
class CountState(WorkflowState):
    step: Step = Step.LOCATION
    task: int | None = None
    location: str = ""
    keyed: int | None = None
    pending: CountedItem | None = None
    counted: Mapping[str, int] = field(default_factory=dict)


@register
class Count(Workflow):
    name = StationMode.COUNT
    title = msg("Cycle count")
    state: CountState

    def reset(self) -> None:
        self.state = CountState()

    def has_task(self) -> bool:
        return self.state.step is not Step.LOCATION

    def counts_repeated_scans(self, scan: Scan) -> bool:
        return self.state.step is Step.COUNT and scan.kind is ScanKind.PRODUCT

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.LOCATION:
            with self.rt.reader() as uow:
                tasks = [t.location for t in open_count_tasks(uow, self.rt.warehouse)]
            if tasks:
                more = msg(" ({count} open tasks)", count=len(tasks)) if len(tasks) > 1 else ""
                return msg("Scan location {tasks} to count it{more}", tasks=tasks[0], more=more)
            return msg("No count task is open: ask a supervisor to plan counts")
        if st.step is Step.LOT:
            assert st.pending is not None
            return msg("Scan or key the lot of {sku}", sku=st.pending.sku)
        if st.keyed:
            return msg("Scan the product to count {keyed} of it", keyed=st.keyed)
        return msg(
            "Count {location}: scan every item there, CMD:DONE when finished", location=st.location
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value}
        if st.task is not None:
            data.update({"task": st.task, "location": st.location, "counted": dict(st.counted)})
        return data

    def scan(self, scan: Scan) -> Outcome:
        step = self.state.step
        if step is Step.LOCATION:
            code = location_code(scan)
            if code is not None:
                return self._start(code)
        if step is Step.COUNT and scan.kind is ScanKind.PRODUCT:
            return self._count(scan)
        if step is Step.LOT and (scan.lot or scan.kind is ScanKind.TEXT):
            return self._lot(scan.lot or scan.value)
        if step is Step.COUNT and scan.kind is ScanKind.HANDLING_UNIT:
            raise RuleViolation(
                msg("scan the items themselves, not the pallet label: a count is of units"),
                "unexpected_input",
            )
        raise self.unexpected(msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value))

    def key(self, text: str) -> Outcome:
        step = self.state.step
        if step is Step.LOCATION:
            return self._start(text.upper())
        if step is Step.LOT:
            return self._lot(text)
        keyed = parse_quantity(text, self.rt.settings.max_keyed_quantity)
        self.state = replace(self.state, keyed=keyed)
        return Outcome(msg("quantity {keyed}: scan the product", keyed=keyed))

    def command(self, name: str) -> Outcome:
        step = self.state.step
        if name == "DONE" and step is Step.COUNT:
            return self._done()
        if name == "DONE" and step is Step.LOT:
            raise RuleViolation(
                msg("finish this item first: {prompt}, or CMD:BACK", prompt=self.prompt),
                "item_pending",
            )
        raise self.unexpected(msg("CMD:{name}", name=name))

    def back(self) -> Outcome:
        st = self.state
        if st.step is Step.LOT:
            self.state = replace(st, pending=None, step=Step.COUNT)
            return Outcome(msg("item not counted; scan it again"))
        if st.step is Step.COUNT:
            self.reset()
            return Outcome(
                msg("count of {location} paused: scan it again to continue", location=st.location)
            )
        return super().back()

    def cancel(self) -> Outcome:
        st = self.state
        if st.task is None:
            return Outcome(msg("nothing to cancel"))
        with self.rt.uow() as uow:
            uow.counts.discard_counted(st.task)
            uow.commit()
        self.reset()
        return Outcome(
            msg(
                "count of {location} cancelled: what was counted is discarded; the task stays open",
                location=st.location,
            )
        )

    # steps ---------------------------------------------------------------------------------

    def _start(self, code: str) -> Outcome:
        with self.rt.reader() as uow:
            location = self.rt.master.require_location(uow, code)
            tasks = [t for t in open_count_tasks(uow, self.rt.warehouse)]
            mine = [t for t in tasks if t.location == location.code]
            if not mine:
                others = ", ".join(t.location for t in tasks[:5]) or msg("none")
                raise RuleViolation(
                    msg(
                        "no open count task for {code} (open tasks: "
                        "{others}); a supervisor plans counts",
                        code=location.code,
                        others=others,
                    ),
                    "no_count_task",
                )
            task_id = mine[0].id
            counted: dict[str, int] = {}
            for (sku, _lot), quantity in counted_by_item(uow, task_id).items():
                counted[sku] = counted.get(sku, 0) + quantity
        self.state = CountState(
            step=Step.COUNT, task=task_id, location=location.code, counted=counted
        )
        resumed = (
            msg(" (resumed: {total} units counted)", total=sum(counted.values())) if counted else ""
        )
        return Outcome(
            msg(
                "counting {code}, task {task_id}{resumed}",
                code=location.code,
                task_id=task_id,
                resumed=resumed,
            )
        )

    def _count(self, scan: Scan) -> Outcome:
        with self.rt.reader() as uow:
            product, _level, units = resolve_product(self.rt, uow, scan)
        keyed = self.state.keyed
        if keyed and not scan.count:
            units *= keyed
        self.state = replace(self.state, keyed=None)
        item = CountedItem(product.sku, units, scan.lot or "")
        if product.tracks_lot and not item.lot:
            self.state = replace(self.state, pending=item, step=Step.LOT)
            return Outcome(
                msg("{sku}: lot missing on the barcode: scan or key it", sku=product.sku),
                Level.ATTENTION,
            )
        return self._record(item)

    def _lot(self, text: str) -> Outcome:
        assert self.state.pending is not None
        return self._record(replace(self.state.pending, lot=check_lot_code(text)))

    def _record(self, item: CountedItem) -> Outcome:
        st = self.state
        assert st.task is not None
        with self.rt.uow() as uow:
            uow.counts.add_counted(st.task, item.sku, item.lot, item.units)
            uow.commit()
        counted = {**st.counted, item.sku: st.counted.get(item.sku, 0) + item.units}
        self.state = replace(st, counted=counted, pending=None, step=Step.COUNT)
        lot = msg(" lot {lot}", lot=item.lot) if item.lot else ""
        return Outcome(msg("{sku}{lot}: {units} counted", sku=item.sku, lot=lot, units=item.units))

    def _done(self) -> Outcome:
        st = self.state
        assert st.task is not None
        operator = self.rt.operator
        assert operator is not None
        now = self.rt.now()
        with self.rt.uow() as uow:
            if count_task_status(uow, st.task) != "open":
                raise RuleViolation(
                    msg("count task {task} is no longer open", task=st.task), "task_closed"
                )
            counted = counted_by_item(uow, st.task)
            book = on_hand_by_item(uow, self.rt.warehouse, st.location)
            variances = 0
            for key in sorted(set(book) | set(counted)):
                expected, got = book.get(key, 0), counted.get(key, 0)
                if expected == got:
                    continue
                variances += 1
                uow.adjustments.add(
                    AdjustmentRow(
                        warehouse=self.rt.warehouse, location=st.location, sku=key[0],
                        lot=key[1], expected=expected, counted=got, quantity=got - expected,
                        reason="count", count_task=st.task, state="pending",
                        requested_by=operator.badge, requested_at=now, station=self.rt.station,
                    )
                )  # fmt: skip
            uow.counts.mark_counted(st.task, by=operator.badge, at=now, station=self.rt.station)
            uow.commit()
        summary = [
            {"location": st.location, "sku": sku, "lot": lot, "counted": quantity}
            for (sku, lot), quantity in sorted(counted.items())
        ]
        self.reset()
        if variances:
            return Outcome(
                msg(
                    "count of {location} recorded: {variances} "
                    "difference{value} sent to a supervisor for "
                    "approval",
                    location=st.location,
                    variances=variances,
                    value="s" if variances != 1 else "",
                ),
                Level.ATTENTION,
                summary=summary,
                context={"variances": variances},
            )
        return Outcome(
            msg("count of {location} recorded: it matches the books", location=st.location),
            summary=summary,
            context={"variances": 0},
        )
