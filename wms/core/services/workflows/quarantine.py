"""Releasing stock from quarantine: a supervisor's deliberate act, with a reason.

Quarantined stock (expired or damaged at receipt, anything moved into a quarantine location)
stays blocked until a supervisor releases it. A release is one ``status`` movement per stock
key, quarantined → available at the same place, with reference ``quarantine-release`` and the
reason in its raw input; the stock then moves on as any available stock (out of the quarantine
location with the ``move`` workflow).

At a bench (``quarantine`` workflow, supervisors only): scan the location → scan the product
(its lot barcode when there are several lots) or the handling unit; a number keyed before is
how many to release (else all of it) → key the reason → the workflow says what will be posted,
and only ``CMD:DONE`` posts it (``CMD:BACK`` goes back, ``CMD:CANCEL`` drops it). The command
line's ``wms quarantine release`` posts through :func:`release_drafts` too
(:mod:`wms.core.services.quarantine`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from wms.core.barcodes import Scan, ScanKind
from wms.core.domain.errors import InvalidValue, RuleViolation
from wms.core.domain.model import MovementDraft, Role, StockStatus
from wms.core.domain.modes import StationMode
from wms.core.domain.sscc import require_sscc
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.workflows.base import Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Level, Outcome
from wms.core.services.workflows.parsing import location_code, parse_quantity, resolve_product
from wms.core.services.workflows.queries import StockEntry, stock_entries

RELEASE_REFERENCE = "quarantine-release"


# --- the rules ------------------------------------------------------------------------------


def quarantined(
    uow: UnitOfWork,
    warehouse: str,
    *,
    location: str | None = None,
    sku: str | None = None,
    owner: str | None = None,
) -> list[StockEntry]:
    """Quarantined stock of ``warehouse`` (at ``location``, of ``sku``, of ``owner``), by
    location."""
    entries = stock_entries(uow, warehouse, location=location, sku=sku, owner=owner)
    found = [e for e in entries if e.status is StockStatus.QUARANTINED and e.quantity > 0]
    return sorted(found, key=lambda e: (e.location, e.sku, e.lot, e.handling_unit))


def check_reason(text: str) -> str:
    reason = " ".join(text.split())
    if not 3 <= len(reason) <= 200:
        raise InvalidValue(
            msg("release reason"),
            text,
            msg("3 to 200 characters saying why it may be used again"),
            msg("{count} characters", count=len(reason)),
        )
    return reason


def choose(
    entries: list[StockEntry], *, sku: str, lot: str = "", handling_unit: str = ""
) -> list[StockEntry]:
    """The quarantined entries a release of ``sku`` (``lot``, ``handling_unit``) means."""
    where = entries[0].location if entries else msg("here")
    matching = [
        e
        for e in entries
        if e.sku == sku
        and (not lot or e.lot == lot)
        and (not handling_unit or e.handling_unit == handling_unit)
    ]
    if not matching:
        what = (
            sku
            + (msg(" lot {lot}", lot=lot) if lot else "")
            + (msg(" on {handling_unit}", handling_unit=handling_unit) if handling_unit else "")
        )
        raise RuleViolation(
            msg("no quarantined {what} at {where}", what=what, where=where), "not_quarantined"
        )
    lots = sorted({e.lot for e in matching})
    if len(lots) > 1:
        raise RuleViolation(
            msg(
                "{sku} is quarantined at {where} in lots "
                "{lots}: say which lot (scan the barcode "
                "that carries it, or --lot)",
                sku=sku,
                where=where,
                lots=", ".join(lots),
            ),
            "lot_needed",
        )
    return matching


def release_drafts(
    entries: list[StockEntry], quantity: int | None, reason: str
) -> list[MovementDraft]:
    """Status movements quarantined → available for ``quantity`` units (all when None) of
    ``entries`` (as :func:`choose` returns them), loose stock first."""
    total = sum(e.quantity for e in entries)
    wanted = total if quantity is None else quantity
    if not 1 <= wanted <= total:
        raise RuleViolation(
            msg(
                "release of {wanted} x {sku}: expected 1 to {total} (quarantined at {location})",
                wanted=wanted,
                sku=entries[0].sku,
                total=total,
                location=entries[0].location,
            ),
            "not_enough_stock",
        )
    drafts = []
    for entry in sorted(entries, key=lambda e: (e.handling_unit != "", e.handling_unit)):
        take = min(wanted, entry.quantity)
        if take <= 0:
            break
        drafts.append(
            MovementDraft.status_change(
                entry.sku, take, entry.place, StockStatus.AVAILABLE,
                lot=entry.lot, reference=RELEASE_REFERENCE, raw_scan=f"release: {reason}",
            )
        )  # fmt: skip
        wanted -= take
    return drafts


def describe(entries: list[StockEntry], quantity: int | None) -> str:
    total = sum(e.quantity for e in entries)
    entry = entries[0]
    lot = f" lot {entry.lot}" if entry.lot else ""
    units = {e.handling_unit for e in entries if e.handling_unit}
    on = f" on {', '.join(sorted(units))}" if units else ""
    return f"{quantity or total} x {entry.sku}{lot}{on} at {entry.location}"


# --- the workflow ---------------------------------------------------------------------------


class Step(StrEnum):
    LOCATION = "location"
    ITEM = "item"
    REASON = "reason"
    CONFIRM = "confirm"


@dataclass(frozen=True)
class QuarantineState(WorkflowState):
    step: Step = Step.LOCATION
    location: str = ""
    held: tuple[StockEntry, ...] = ()  # quarantined at the location
    chosen: tuple[StockEntry, ...] = ()
    keyed: int | None = None  # keyed before the scan that chooses what to release
    quantity: int | None = None  # how many of ``chosen`` (None: all of it)
    reason: str = ""


@register
class QuarantineRelease(Workflow):
    name = StationMode.QUARANTINE
    title = msg("Quarantine release")
    role = Role.SUPERVISOR
    state: QuarantineState

    def reset(self) -> None:
        self.state = QuarantineState()

    def has_task(self) -> bool:
        return self.state.step is not Step.LOCATION

    @property
    def prompt(self) -> str:
        st = self.state
        if st.step is Step.LOCATION:
            return msg("Scan the quarantine location (or the dock) holding the stock to release")
        if st.step is Step.ITEM:
            count = msg("{keyed} of ", keyed=st.keyed) if st.keyed else ""
            return msg(
                "Scan {count}the product or handling unit to release at {location}",
                count=count,
                location=st.location,
            )
        what = describe(list(st.chosen), st.quantity)
        if st.step is Step.REASON:
            return msg("Key why {what} may be used again (the reason is recorded)", what=what)
        return msg(
            "Release {what} to available, reason “{reason}”: "
            "scan CMD:DONE to post it, CMD:BACK to change "
            "it",
            what=what,
            reason=st.reason,
        )

    def context(self) -> dict[str, Any]:
        st = self.state
        data: dict[str, Any] = {"step": st.step.value}
        if st.location:
            data["location"] = st.location
            data["quarantined"] = [
                {"sku": e.sku, "lot": e.lot, "handling_unit": e.handling_unit,
                 "quantity": e.quantity}
                for e in st.held
            ]  # fmt: skip
        if st.chosen:
            data["sku"] = st.chosen[0].sku
            data["quantity"] = st.quantity or sum(e.quantity for e in st.chosen)
        if st.reason:
            data["reason"] = st.reason
        return data

    # inputs ----------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        st = self.state
        if st.step is Step.LOCATION:
            code = location_code(scan)
            if code is not None:
                return self._location(code)
        elif st.step is Step.ITEM:
            if scan.kind is ScanKind.HANDLING_UNIT:
                sscc = require_sscc(scan.sscc or scan.value)
                units = [e for e in st.held if e.handling_unit == sscc]
                if not units:
                    raise RuleViolation(
                        msg(
                            "handling unit {sscc} holds nothing quarantined at {location}",
                            sscc=sscc,
                            location=st.location,
                        ),
                        "not_quarantined",
                    )
                return self._chosen(choose(units, sku=units[0].sku, handling_unit=sscc))
            if scan.kind is ScanKind.PRODUCT:
                with self.rt.reader() as uow:
                    product, _level, _units = resolve_product(self.rt, uow, scan)
                return self._chosen(choose(list(st.held), sku=product.sku, lot=scan.lot or ""))
        raise self.unexpected(msg("a {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value))

    def key(self, text: str) -> Outcome:
        st = self.state
        if st.step is Step.LOCATION:
            return self._location(text.strip().upper())
        if st.step is Step.ITEM:
            keyed = parse_quantity(text, self.rt.settings.max_keyed_quantity)
            self.state = replace(st, keyed=keyed)
            return Outcome(msg("quantity {keyed}: scan the product to release", keyed=keyed))
        if st.step is Step.REASON:
            reason = check_reason(text)
            self.state = replace(st, reason=reason, step=Step.CONFIRM)
            what = describe(list(st.chosen), st.quantity)
            return Outcome(
                msg("ready to release {what}: scan CMD:DONE to post it", what=what), Level.ATTENTION
            )
        raise self.unexpected(
            msg("the typed entry {text!r} (scan CMD:DONE or CMD:BACK)", text=text)
        )

    def command(self, name: str) -> Outcome:
        if name == "DONE" and self.state.step is Step.CONFIRM:
            return self._release()
        return super().command(name)

    def back(self) -> Outcome:
        st = self.state
        if st.step is Step.CONFIRM:
            self.state = replace(st, step=Step.REASON, reason="")
            return Outcome(msg("nothing released: key the reason again"))
        if st.step is Step.REASON:
            self.state = replace(st, step=Step.ITEM, chosen=(), quantity=None)
            return Outcome(msg("nothing released: scan what to release"))
        if st.step is Step.ITEM:
            self.reset()
            return Outcome(msg("nothing released: scan the location"))
        return super().back()

    # steps -----------------------------------------------------------------------------------

    def _location(self, code: str) -> Outcome:
        with self.rt.reader() as uow:
            location = self.rt.master.require_location(uow, code)
            held = quarantined(uow, self.rt.warehouse, location=location.code)
        if not held:
            raise RuleViolation(
                msg("nothing is quarantined at {code}", code=location.code), "not_quarantined"
            )
        self.state = QuarantineState(step=Step.ITEM, location=location.code, held=tuple(held))
        lines = ", ".join(f"{e.quantity} x {e.sku}" + (f" {e.lot}" if e.lot else "") for e in held)
        return Outcome(msg("quarantined at {code}: {lines}", code=location.code, lines=lines))

    def _chosen(self, entries: list[StockEntry]) -> Outcome:
        st = self.state
        if st.keyed is not None:
            release_drafts(entries, st.keyed, "check")  # refuses more than is quarantined
        self.state = replace(
            st, chosen=tuple(entries), quantity=st.keyed, keyed=None, step=Step.REASON
        )
        return Outcome(
            msg("{entries}: key the reason for releasing it", entries=describe(entries, st.keyed))
        )

    def _release(self) -> Outcome:
        st = self.state
        what = describe(list(st.chosen), st.quantity)
        with self.rt.uow() as uow:
            current = quarantined(uow, self.rt.warehouse, location=st.location)
            keys = {(e.sku, e.lot, e.handling_unit) for e in st.chosen}
            entries = [e for e in current if (e.sku, e.lot, e.handling_unit) in keys]
            wanted = st.quantity or sum(e.quantity for e in st.chosen)
            if sum(e.quantity for e in entries) < wanted:
                raise RuleViolation(
                    msg(
                        "the quarantined stock at {location} changed "
                        "since it was scanned: scan it again",
                        location=st.location,
                    ),
                    "stock_changed",
                )
            movements = self.rt.post_all(uow, release_drafts(entries, st.quantity, st.reason))
            uow.commit()
        self.reset()
        return Outcome(
            msg(
                "released {what} from quarantine: available again (reason “{reason}”)",
                what=what,
                reason=st.reason,
            ),
            Level.ATTENTION,
            movements,
        )
