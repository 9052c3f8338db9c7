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

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.check_digits import location_check_digits
from wms.core.domain.errors import RuleViolation
from wms.core.domain.model import Movement
from wms.core.domain.modes import StationMode
from wms.core.domain.text import msg
from wms.core.persistence.outbound_tables import PickListRow, PickTaskRow
from wms.core.services.outbound import picking as svc
from wms.core.services.outbound.waves import pick_list_tasks
from wms.core.services.queries.pick_work import Stop
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import location_code, parse_quantity, resolve_product
from wms.core.services.workflows.queries import order_owner, require_same_owner


class Step(StrEnum):
    LIST = "list"
    LOCATION = "location"
    ITEM = "item"
    TOTE = "tote"


@dataclass(frozen=True)
class PickStop:
    """The pick task the picker is directed to: where, what, and how many are left."""

    id: int
    order: str
    location: str
    sku: str
    lot: str
    remaining: int
    sequence: int

    @property
    def what(self) -> str:
        lot = msg(" lot {lot}", lot=self.lot) if self.lot else ""
        return msg(
            "{remaining} × {sku}{lot} for {order}",
            remaining=self.remaining,
            sku=self.sku,
            lot=lot,
            order=self.order,
        )


@dataclass(frozen=True)
class _Directed:
    """Where the picker goes next: the stop (None when the list is done) and its tote."""

    stop: PickStop | None
    tote: str


@dataclass(frozen=True)
class PickingState(WorkflowState):
    step: Step = Step.LIST
    list_id: str = ""
    list_mode: str = ""
    task: PickStop | None = None
    counted: int = 0
    short: bool = False
    tote: str = ""
    picked_units: int = 0
    stops_done: int = 0
    stops: tuple[Stop, ...] = ()
    """The list's stops in walking order as this bench last read them (when it opened the
    list, posted a pick, recorded a short pick or skipped a stop): the work list beside the
    prompt, with no read of its own on the location and item scans."""

    @property
    def stop(self) -> PickStop:
        """The current task (every step after *list* has one)."""
        assert self.task is not None
        return self.task


@register
class Picking(Workflow):
    name = StationMode.PICKING
    title = msg("Picking")
    state: PickingState

    def reset(self) -> None:
        self.state = PickingState()

    def has_task(self) -> bool:
        return self.state.step is not Step.LIST

    def counts_repeated_scans(self, scan: Scan) -> bool:
        return self.state.step is Step.ITEM and scan.kind is ScanKind.PRODUCT

    # screen ------------------------------------------------------------------------------------

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.LIST:
            return msg("Scan or key a pick list number (NEXT for the next open list)")
        task = st.stop
        if st.step is Step.LOCATION:
            check = location_check_digits(self.rt.warehouse, task.location)
            return msg(
                "Go to {location} (check {check}) and scan the location: pick {what}",
                location=task.location,
                check=check,
                what=task.what,
            )
        if st.step is Step.ITEM:
            lot = msg(" lot {lot}", lot=task.lot) if task.lot else ""
            return msg(
                "Scan {sku}{lot} at {location}: {counted} "
                "of {remaining} counted (key the count, CMD:SHORT "
                "if short)",
                sku=task.sku,
                lot=lot,
                location=task.location,
                counted=st.counted,
                remaining=task.remaining,
            )
        tote = msg("tote {tote}", tote=st.tote) if st.tote else msg("an empty tote")
        for_whom = (
            task.order
            if st.list_mode == "single"
            else msg("pick list {list_id}", list_id=st.list_id)
        )
        return msg(
            "Scan {tote} for {for_whom}: {counted} × {sku}",
            tote=tote,
            for_whom=for_whom,
            counted=st.counted,
            sku=task.sku,
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value}
        if st.list_id:
            data["pick_list"] = st.list_id
            data["mode"] = st.list_mode
        if st.task:
            data.update(
                {
                    "order": st.task.order,
                    "location": st.task.location,
                    "sku": st.task.sku,
                    "lot": st.task.lot,
                    "quantity": st.task.remaining,
                    "counted": st.counted,
                    "sequence": st.task.sequence,
                }
            )
        if st.tote:
            data["tote"] = st.tote
        return data

    # inputs ------------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        step = self.state.step
        if step is Step.LIST:
            if scan.kind is ScanKind.DOCUMENT and scan.document_type == "ORDER":
                return self._open_for_order(scan.value)
            if scan.kind is ScanKind.TEXT:  # a list number, or NEXT typed at a wedge's speed
                return self.key(scan.value)
            raise self.unexpected(
                msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
            )
        if step is Step.LOCATION:
            code = location_code(scan)
            if code is None:
                raise self.unexpected(
                    msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
                )
            return self._at_location(code)
        if step is Step.ITEM:
            if scan.kind is not ScanKind.PRODUCT:
                raise self.unexpected(
                    msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
                )
            return self._item(scan)
        if scan.kind is not ScanKind.TOTE:
            raise self.unexpected(
                msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
            )
        return self._into_tote(scan.value, scan.raw)

    def key(self, text: str) -> Outcome:
        st = self.state
        if st.step is Step.LIST:
            if text.strip().upper() == "NEXT":
                with self.rt.reader() as uow:
                    row = svc.next_open_list(uow, self.rt.warehouse)
                    list_id = row.id
                return self._open(list_id)
            return self._open(text)
        if st.step is Step.LOCATION:
            check = location_check_digits(self.rt.warehouse, st.stop.location)
            if text.strip() == check:
                return self._at_location(st.stop.location)
            raise RuleViolation(
                msg(
                    "check digits '{text}': expected those of {location}, found another location's",
                    text=text.strip(),
                    location=st.stop.location,
                ),
                "wrong_check_digits",
            )
        if st.step is Step.ITEM:
            if st.counted == 0:
                raise RuleViolation(
                    msg(
                        "scan one {sku} first to prove the item, then key the count",
                        sku=st.stop.sku,
                    ),
                    "scan_first",
                )
            count = parse_quantity(text, self.rt.settings.max_keyed_quantity)
            if count > st.stop.remaining:
                raise RuleViolation(
                    msg(
                        "count {count}: expected at most {remaining} "
                        "{sku} (the task); key CMD:SHORT if there "
                        "are fewer",
                        count=count,
                        remaining=st.stop.remaining,
                        sku=st.stop.sku,
                    ),
                    "over_pick",
                )
            self.state = replace(st, counted=count)
            return self._counted()
        raise self.unexpected(msg("the typed entry {text!r} (scan the tote label)", text=text))

    def command(self, name: str) -> Outcome:
        step = self.state.step
        if name == "SHORT" and step in (Step.LOCATION, Step.ITEM):
            return self._short()
        if name == "SKIP" and step in (Step.LOCATION, Step.ITEM):
            return self._skip()
        if name == "DONE" and step is Step.LIST:
            return Outcome(msg("no pick list open"))
        raise self.unexpected(msg("CMD:{name}", name=name))

    def back(self) -> Outcome:
        st = self.state
        if st.step is Step.TOTE:
            self.state = replace(st, step=Step.ITEM, short=False)
            return Outcome(msg("count again"))
        if st.step is Step.ITEM:
            self.state = replace(st, step=Step.LOCATION, counted=0)
            return Outcome(msg("scan the location again"))
        if st.step is Step.LOCATION:
            self.reset()
            return Outcome(
                msg("pick list {list_id} left open; scan it again to continue", list_id=st.list_id)
            )
        return super().back()

    def cancel(self) -> Outcome:
        st = self.state
        if st.step is Step.LIST:
            return Outcome(msg("nothing to cancel"))
        self.reset()
        return Outcome(
            msg(
                "pick list {list_id} left open ({picked_units} "
                "units picked here stay in their totes)",
                list_id=st.list_id,
                picked_units=st.picked_units,
            ),
            Level.ATTENTION if st.picked_units else Level.OK,
        )

    # steps -------------------------------------------------------------------------------------

    def _open_for_order(self, order: str) -> Outcome:
        with self.rt.reader() as uow:
            list_id = uow.picking.open_list_of_order(self.rt.warehouse, order)
        if list_id is None:
            raise RuleViolation(
                msg("order {order} has nothing to pick: release it in a wave first", order=order),
                "no_pick_list",
            )
        return self._open(list_id)

    def _open(self, list_id: str, *, closing: bool = False) -> Outcome:
        """Open a list and direct its first stop: a read, no write lock. A list with no open
        task left (picked, shorted or skipped elsewhere) is read again ``closing``, under the
        write lock, and closed: its orders become picked."""
        with self.rt.uow() if closing else self.rt.reader() as uow:
            row = svc.require_pick_list(uow, self.rt.warehouse, list_id)
            every = pick_list_tasks(uow, row.id)
            list_id, tasks = row.id, [t for t in every if t.state == "open"]
            if tasks:
                self.state = PickingState(
                    list_id=row.id, list_mode=row.mode, tote=row.tote, stops=_stops_of(every)
                )
                directed = self._next_stop(row, every)
                distance = row.distance_sequenced_m
                units = sum(t.quantity - t.picked for t in tasks)
                orders = sorted({t.order for t in tasks})
            elif closing:
                svc.finish_list_if_done(uow, self.rt.warehouse, row)
                uow.commit()
                raise RuleViolation(
                    msg("pick list {id} has nothing left to pick", id=row.id), "list_done"
                )
        if not tasks:
            return self._open(list_id, closing=True)
        self._direct(directed)
        st = self.state
        return Outcome(
            msg(
                "pick list {list_id} ({list_mode}): {count} "
                "stops, {units} units for {orders}; walk "
                "about {distance:.0f} m",
                list_id=st.list_id,
                list_mode=st.list_mode,
                count=len(tasks),
                units=units,
                orders=", ".join(orders),
                distance=float(distance),
            ),
            context={"orders": orders, "stops": len(tasks)},
        )

    def _load_next(self) -> bool:
        """Direct the picker to the list's next open task; False when none is left."""
        with self.rt.reader() as uow:
            row = uow.picking.pick_list(self.state.list_id)
            if row is None:
                directed = _Directed(None, "")
            else:
                tasks = pick_list_tasks(uow, row.id)
                self.state = replace(self.state, stops=_stops_of(tasks))
                directed = self._next_stop(row, tasks)
        return self._direct(directed)

    def _next_stop(self, pick_list: PickListRow, tasks: list[PickTaskRow]) -> _Directed:
        """The first open task of the list's ``tasks`` (in walking order) and its tote."""
        task = next((t for t in tasks if t.state == "open"), None)
        if task is None:
            return _Directed(None, pick_list.tote)
        tote = svc.expected_tote(pick_list, task, tasks)
        stop = PickStop(
            id=task.id,
            order=task.order,
            location=task.location,
            sku=task.sku,
            lot=task.lot,
            remaining=task.quantity - task.picked,
            sequence=task.sequence,
        )
        return _Directed(stop, tote)

    def _direct(self, directed: _Directed) -> bool:
        """Show the directed stop; False when the list has none left."""
        st = self.state
        if directed.stop is None:
            self.state = replace(st, task=None, tote=directed.tote)
            return False
        self.state = replace(
            st, task=directed.stop, tote=directed.tote, counted=0, short=False, step=Step.LOCATION
        )
        return True

    def _at_location(self, code: str) -> Outcome:
        stop = self.state.stop
        if code != stop.location:
            raise RuleViolation(
                msg("wrong location {code}: go to {location}", code=code, location=stop.location),
                "wrong_location",
            )
        self.state = replace(self.state, step=Step.ITEM)
        return Outcome(msg("at {code}: pick {what}", code=code, what=stop.what))

    def _item(self, scan: Scan) -> Outcome:
        st = self.state
        stop = st.stop
        with self.rt.reader() as uow:
            product, _level, units = resolve_product(self.rt, uow, scan)
            if product.sku != stop.sku:
                # the reserved stock is the order's owner's (allocation takes no other): a
                # product of another owner is named as such, with both owners
                require_same_owner(
                    uow,
                    product.sku,
                    product.owner,
                    msg("order {order}", order=stop.order),
                    order_owner(uow, stop.order),
                )
        if product.sku != stop.sku:
            raise RuleViolation(
                msg(
                    "wrong item {sku}: expected {sku2} at {location}; put it back",
                    sku=product.sku,
                    sku2=stop.sku,
                    location=stop.location,
                ),
                "wrong_item",
            )
        if scan.lot and stop.lot and scan.lot != stop.lot:
            raise RuleViolation(
                msg(
                    "wrong lot {lot} of {sku}: pick lot {lot2} (the one reserved, expiring first)",
                    lot=scan.lot,
                    sku=product.sku,
                    lot2=stop.lot,
                ),
                "wrong_lot",
            )
        if st.counted + units > stop.remaining:
            raise RuleViolation(
                msg(
                    "{value} × {sku} is more than the {remaining} to pick here: put {units} back",
                    value=st.counted + units,
                    sku=product.sku,
                    remaining=stop.remaining,
                    units=units,
                ),
                "over_pick",
            )
        self.state = replace(st, counted=st.counted + units)
        return self._counted()

    def _counted(self) -> Outcome:
        st = self.state
        if st.counted < st.stop.remaining:
            return Outcome(
                msg(
                    "{counted} of {remaining} {sku}",
                    counted=st.counted,
                    remaining=st.stop.remaining,
                    sku=st.stop.sku,
                )
            )
        self.state = replace(st, step=Step.TOTE)
        return Outcome(
            msg("{counted} × {sku} counted: scan the tote", counted=st.counted, sku=st.stop.sku)
        )

    def _short(self) -> Outcome:
        st = self.state
        if st.counted:
            self.state = replace(st, short=True, step=Step.TOTE)
            return Outcome(
                msg(
                    "short: {counted} of {remaining} {sku} found; scan the tote for those",
                    counted=st.counted,
                    remaining=st.stop.remaining,
                    sku=st.stop.sku,
                ),
                Level.ATTENTION,
            )
        return self._record_short([])

    def _record_short(self, movements: list[Movement]) -> Outcome:
        st = self.state
        stop = st.stop
        with self.rt.uow() as uow:
            pick_list = uow.picking.pick_list(st.list_id)
            task = uow.picking.task(stop.id)
            assert pick_list is not None and task is not None
            result = svc.short_pick(
                uow,
                self.rt.actor(),
                pick_list,
                task,
                today=self.rt.today(),
                station=self.rt.station,
            )
            tasks = pick_list_tasks(uow, pick_list.id)
            finished = svc.finish_list_if_done(uow, self.rt.warehouse, pick_list, tasks)
            directed = self._next_stop(pick_list, tasks)
            uow.commit()
        self.state = replace(st, stops=_stops_of(tasks))
        where = ", ".join(f"{t.quantity} at {t.location}" for t in result.new_tasks)
        message = (
            f"short pick recorded at {stop.location}: {result.missing} × "
            f"{stop.sku} missing, count task opened; "
        )
        message += f"re-allocated {where}" if where else "no other stock"
        if result.unfound:
            message += f"; {result.unfound} short for {stop.order} (back-order)"
        outcome = self._advance(message, Level.ATTENTION, movements, finished, directed)
        outcome.context["short"] = result.missing
        outcome.context["reallocated"] = result.reallocated
        return outcome

    def _into_tote(self, tote: str, raw: str) -> Outcome:
        st = self.state
        stop = st.stop
        with self.rt.uow() as uow:
            pick_list = uow.picking.pick_list(st.list_id)
            assert pick_list is not None
            tasks = pick_list_tasks(uow, pick_list.id)
            task = _task_of(tasks, stop)
            unit = svc.check_tote(uow, self.rt.warehouse, pick_list, task, tasks, tote)
            movement = svc.confirm_pick(
                uow, self.rt.actor(), pick_list, task, st.counted, unit, raw
            )
            finished: list[str] = []
            directed: _Directed | None = None
            if not st.short:  # a short pick goes on to record the short, then directs
                finished = svc.finish_list_if_done(uow, self.rt.warehouse, pick_list, tasks)
                directed = self._next_stop(pick_list, tasks)
            stops = _stops_of(tasks)
            uow.commit()
        self.state = replace(
            st,
            picked_units=st.picked_units + st.counted,
            tote=unit if pick_list.mode != "single" else st.tote,
            stops=stops,
        )
        if st.short:
            return self._record_short([movement])
        message = f"{st.counted} × {stop.sku} into {unit} for {stop.order}"
        assert directed is not None
        return self._advance(message, Level.OK, [movement], finished, directed)

    def _advance(
        self,
        message: str,
        level: Level,
        movements: list[Movement],
        finished: list[str],
        directed: _Directed,
    ) -> Outcome:
        self.state = replace(self.state, stops_done=self.state.stops_done + 1)
        st = self.state
        if self._direct(directed):
            return Outcome(message, level, movements=movements)
        self.reset()
        suffix = (
            msg("; orders picked: {finished}", finished=", ".join(finished)) if finished else ""
        )
        return Outcome(
            msg(
                "{message}. Pick list {list_id} done ({picked_units} units){suffix}",
                message=message,
                list_id=st.list_id,
                picked_units=st.picked_units,
                suffix=suffix,
            ),
            level,
            movements=movements,
            summary=[
                {"pick_list": st.list_id, "units": st.picked_units, "orders_picked": finished}
            ],
        )

    def _skip(self) -> Outcome:
        st = self.state
        skipped = st.stop.location
        with self.rt.uow() as uow:
            tasks = pick_list_tasks(uow, st.list_id)
            task = uow.picking.task(st.stop.id)
            assert task is not None
            task.sequence = max(t.sequence for t in tasks) + 1
            uow.commit()
        self._load_next()
        return Outcome(
            msg("{skipped} skipped for now; it comes back at the end of the list", skipped=skipped)
        )


def _stops_of(tasks: list[PickTaskRow]) -> tuple[Stop, ...]:
    """The work list's rows of a list's ``tasks`` (read in walking order)."""
    return tuple(
        Stop(t.sequence, t.location, t.sku, t.lot, t.quantity, t.picked, t.state, t.order)
        for t in tasks
    )


def _task_of(tasks: list[PickTaskRow], stop: PickStop) -> PickTaskRow:
    """The task of the directed ``stop`` among the list's ``tasks``, still open; a refusal
    when it has been taken off the list or done since it was directed."""
    task = next((t for t in tasks if t.id == stop.id), None)
    if task is None or task.state != "open":
        raise RuleViolation(
            msg(
                "the stop at {location} is no longer open on this list: scan CMD:CANCEL and "
                "open the list again",
                location=stop.location,
            ),
            "stop_gone",
        )
    return task
