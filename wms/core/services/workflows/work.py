"""The work at hand, as rows the operator sees beside the prompt.

Receiving lists the ASN's lines (expected, received so far, left), packing the order's items
(to verify, verified), picking the open pick lists (or the stops of the list being walked),
putaway what is on the unit being put away. :func:`work_list` reads the workflow's state (an
ASN's units received before the bench opened it were read with the ASN, once; the stops of the
list walked as the picking workflow last read them); the open pick lists come from a query
module. The session puts the
result on every :class:`~.inputs.Feedback` (``work``), so the station app and ``wms replay
--json`` show the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wms.core.domain.text import Text, msg
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.queries.pick_work import open_lists
from wms.core.services.workflows.base import Workflow
from wms.core.services.workflows.packing import PackingState
from wms.core.services.workflows.picking import PickingState
from wms.core.services.workflows.putaway import PutawayState
from wms.core.services.workflows.receiving import ReceivingState
from wms.core.services.workflows.returns import ReturnsState


@dataclass(frozen=True)
class WorkList:
    """A table of the task: ``columns`` are row keys (the screen titles them), ``current`` the
    index of the row being worked on, if any."""

    title: Text
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...] = ()
    current: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": str(self.title),
            "columns": list(self.columns),
            "rows": [dict(row) for row in self.rows],
            "current": self.current,
        }


def work_list(workflow: Workflow) -> WorkList | None:
    """The rows of ``workflow``'s task, or None when there is nothing to list."""
    state = workflow.state
    if isinstance(state, ReceivingState):
        return _receiving(state)
    if isinstance(state, PackingState):
        return _packing(state)
    if isinstance(state, PickingState):
        return _picking(workflow, state)
    if isinstance(state, PutawayState):
        return _putaway(state)
    if isinstance(state, ReturnsState):
        return _returns(state)
    return None


Row = dict[str, Any]


def _receiving(st: ReceivingState) -> WorkList | None:
    if not st.reference:
        return None
    if not st.asn:  # blind: what was received here
        blind = tuple({"sku": sku, "received": n} for sku, n in sorted(st.received.items()))
        title = msg("Received on {reference}", reference=st.reference)
        return WorkList(title, ("sku", "received"), blind)
    earlier = st.received_before  # read when the ASN was opened
    left = {sku: earlier.get(sku, 0) + st.received.get(sku, 0) for sku in {*earlier, *st.received}}
    working_on = st.pending.sku if st.pending else st.last_sku
    last_line = {line.sku: line.line for line in st.lines}
    rows: list[Row] = []
    current = None
    for line in st.lines:  # a SKU's units fill its lines in order; the last takes any excess
        got = left.get(line.sku, 0)
        counted = got if line.line == last_line[line.sku] else min(line.quantity, got)
        left[line.sku] = got - counted
        if line.sku == working_on and current is None:
            current = len(rows)
        rows.append(
            {
                "line": line.line,
                "sku": line.sku,
                "lot": line.lot,
                "expected": line.quantity,
                "received": counted,
                "remaining": max(0, line.quantity - counted),
            }
        )
    columns = ("line", "sku", "lot", "expected", "received", "remaining")
    return WorkList(msg("Lines of ASN {asn}", asn=st.asn), columns, tuple(rows), current)


def _packing(st: PackingState) -> WorkList | None:
    if not st.order:
        return None
    items = sorted(st.expected.items(), key=lambda pair: (pair[0].sku, pair[0].lot))
    rows: list[Row] = [
        {
            "sku": item.sku,
            "lot": item.lot,
            "quantity": units,
            "verified": st.verified.get(item, 0),
            "remaining": st.left(item),
        }
        for item, units in items
    ]
    current = next((i for i, (item, _units) in enumerate(items) if st.left(item) > 0), None)
    columns = ("sku", "lot", "quantity", "verified", "remaining")
    title = msg("Items of order {order} to pack", order=st.order)
    return WorkList(title, columns, tuple(rows), current)


def _picking(workflow: Workflow, st: PickingState) -> WorkList:
    if not st.list_id:
        with UnitOfWork(workflow.rt.sessions, read_only=True) as uow:
            lists: list[Row] = [
                {
                    "pick_list": item.list_id,
                    "mode": item.mode,
                    "zone": item.zone,
                    "stops": item.stops,
                    "units": item.units,
                    "orders": item.orders,
                }
                for item in open_lists(uow, workflow.rt.warehouse)
            ]
        heads = ("pick_list", "mode", "zone", "stops", "units", "orders")
        return WorkList(msg("Open pick lists"), heads, tuple(lists))
    stops = st.stops  # as the workflow last read them: the location and item scans read none
    walked: list[Row] = [
        {
            "stop": stop.sequence,
            "location": stop.location,
            "sku": stop.sku,
            "lot": stop.lot,
            "quantity": stop.quantity,
            "picked": stop.picked,
            "order": stop.order,
            "state": stop.state,
        }
        for stop in stops
    ]
    at = st.task.sequence if st.task else None
    current = next((i for i, stop in enumerate(stops) if stop.sequence == at), None)
    columns = ("stop", "location", "sku", "lot", "quantity", "picked", "order", "state")
    title = msg("Stops of pick list {list_id}", list_id=st.list_id)
    return WorkList(title, columns, tuple(walked), current)


def _putaway(st: PutawayState) -> WorkList | None:
    if not st.entries:
        return None
    rows: list[Row] = [
        {
            "sku": e.sku,
            "lot": e.lot,
            "quantity": e.quantity,
            "status": e.status.value,
            "location": e.location,
        }
        for e in st.entries
    ]
    title = msg("On pallet {unit}", unit=st.unit) if st.unit else msg("To put away")
    return WorkList(title, ("sku", "lot", "quantity", "status", "location"), tuple(rows))


def _returns(st: ReturnsState) -> WorkList | None:
    """The returned order's lines (shipped, returned so far), then this return's exception
    lines; an unknown return lists what went to the exceptions area."""
    if not st.number:
        return None
    rows: list[Row] = [
        {
            "sku": line.sku,
            "shipped": line.shipped,
            "returned": line.returned,
            "left": line.shipped - line.returned,
            "graded": ", ".join(
                f"{g['quantity']} {g['grade']}" for g in st.graded if g["sku"] == line.sku
            ),
        }
        for line in st.lines
    ]
    on_order = {line.sku for line in st.lines}
    rows += [
        {"sku": g["sku"], "shipped": 0, "returned": g["quantity"], "left": 0,
         "graded": f"{g['quantity']} {g['grade']} ({g['location']})"}
        for g in st.graded
        if g["sku"] not in on_order
    ]  # fmt: skip
    pending = st.pending.sku if st.pending else ""
    current = next((i for i, row in enumerate(rows) if row["sku"] == pending), None)
    if st.order:
        title = msg(
            "Return {number}: order {order} of {owner}",
            number=st.number,
            order=st.order,
            owner=st.owner_name,
        )
    else:
        title = msg("Unknown return {number}", number=st.number)
    return WorkList(title, ("sku", "shipped", "returned", "left", "graded"), tuple(rows), current)
