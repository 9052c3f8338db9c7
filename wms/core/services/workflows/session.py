"""The station session: who is logged in at a bench, in which workflow, and one input at a time.

``StationSession.handle(input)`` is the single entry point for the Qt station screens and for
``wms replay``. It

1. logs an idle operator out (``idle_timeout``) before looking at the input;
2. interprets a scan with the GS1 interpreter (a refused barcode is an ``ok=False`` feedback);
3. handles login (badge then PIN), ``CMD:LOGOUT`` and ``CMD:MODE:<workflow>`` itself;
4. ignores the same scan read twice within ``double_read_window`` — in every step, counting steps
   included: a repeat faster than a person can present a second item is the scanner reading one
   barcode twice (``attention``, counted once); a slower repeat counts;
5. hands everything else to the current workflow, restoring the workflow's state if it refuses
   the input (so a refusal never leaves half-done state), and builds the :class:`Feedback`
   after the workflow has committed whatever the input changed;
6. never carries a keyed quantity past the scan it was keyed for: a quantity keyed before a scan
   applies to that scan; a scan that does not use it (a pallet, a location, a document, a command
   such as ``CMD:NEWHU``) clears it and says so, so a number typed for one step is never taken
   later as something else.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session, sessionmaker

from wms.core.barcodes import Scan, ScanKind, ScanSettings, interpret
from wms.core.domain.clock import Clock, utc_now
from wms.core.domain.errors import PermissionDenied, RuleViolation, WmsError
from wms.core.domain.model import Operator
from wms.core.domain.modes import StationMode
from wms.core.domain.text import msg
from wms.core.services.outbound.printing import PrintRouting
from wms.core.services.workflows.base import WORKFLOWS, Workflow
from wms.core.services.workflows.inputs import Feedback, Input, InputKind, Level, Outcome
from wms.core.services.workflows.operators import authenticate, log_event
from wms.core.services.workflows.runtime import Runtime
from wms.core.services.workflows.settings import WorkflowSettings
from wms.core.services.workflows.work import WorkList, work_list

log = logging.getLogger("wms.workflows")

#: Replay scripts write the GS1 separator as ``<GS>`` or as the four characters ``\x1d``.
SCAN_SETTINGS = ScanSettings(gs_substitutes=("<GS>", "\\x1d"))


class StationSession:
    """One bench: ``handle(Input.scan("..."))`` → :class:`Feedback`."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        warehouse: str,
        station: str,
        clock: Clock = utc_now,
        settings: WorkflowSettings | None = None,
        workflows: Iterable[str] | None = None,
        scan_settings: ScanSettings = SCAN_SETTINGS,
        printing: PrintRouting | None = None,
    ) -> None:
        self.rt = Runtime(
            sessions,
            warehouse=warehouse,
            station=station,
            clock=clock,
            settings=settings or WorkflowSettings(),
            printing=printing or PrintRouting(),
        )
        self.scan_settings = scan_settings
        self.allowed = tuple(workflows) if workflows is not None else None
        self.workflow: Workflow | None = None
        self._pending_badge: str | None = None
        self._last_activity: datetime | None = None
        self._last_scan: tuple[str, datetime] | None = None

    # what a screen shows ---------------------------------------------------------------------

    @property
    def operator(self) -> Operator | None:
        return self.rt.operator

    @property
    def mode(self) -> str:
        return self.workflow.name if self.workflow else ""

    @property
    def station(self) -> str:
        return self.rt.station

    @property
    def warehouse(self) -> str:
        return self.rt.warehouse

    @property
    def settings(self) -> WorkflowSettings:
        return self.rt.settings

    @property
    def prompt(self) -> str:
        if self.rt.operator is None:
            if self._pending_badge is not None:
                return msg(
                    "Key the PIN of badge {pending_badge}", pending_badge=self._pending_badge
                )
            return msg("Scan your badge to log in")
        if self.workflow is None:
            return msg(
                "Choose a workflow: scan CMD:MODE:<{modes}>",
                modes="|".join(self.available_modes()),
            )
        return self.workflow.prompt

    def modes(self) -> list[str]:
        """Workflows this station offers (registered and allowed by its configuration)."""
        return [
            mode.value
            for mode in StationMode
            if mode in WORKFLOWS and (self.allowed is None or mode.value in self.allowed)
        ]

    def available_modes(self) -> list[str]:
        """The station's workflows the logged-in operator may open: a supervisor's workflows
        (quarantine release, adjustments) are not offered to an operator (choosing one by its
        command barcode still says it needs a supervisor)."""
        operator = self.rt.operator
        return [
            name
            for name in self.modes()
            if operator is None
            or operator.role.may_approve_adjustments()
            or not WORKFLOWS[StationMode(name)].role.may_approve_adjustments()
        ]

    # inputs ----------------------------------------------------------------------------------

    def handle(self, item: Input | str) -> Feedback:
        """Process one input; never raises for a bad input (the feedback says what was wrong)."""
        if isinstance(item, str):
            item = Input.scan(item)
        now = self.rt.clock()
        if self.rt.operator is not None and self._timed_out(now):
            return self._time_out(now)
        try:
            if self.rt.operator is None:
                return self._login_step(item)
            self._last_activity = now
            if item.kind is InputKind.SCAN:
                scan = interpret(item.text, self.scan_settings, self.rt.today())
                if self._is_double_read(scan, now):
                    return self._double_read(scan)
                self._last_scan = (scan.data, now)
                if scan.kind is ScanKind.COMMAND:
                    return self._command(scan)
                return self._dispatch(lambda wf: wf.scan(scan), clears_keyed=True)
            self._last_scan = None
            if item.kind is InputKind.KEY:
                text = item.text.strip()
                if not text:
                    raise RuleViolation(
                        msg("empty entry: {prompt}", prompt=self.prompt), "empty_input"
                    )
                return self._dispatch(lambda wf: wf.key(text))
            weight = item.weight_kg if item.weight_kg is not None else Decimal(item.text)
            return self._dispatch(lambda wf: wf.weight(weight, stable=item.stable))
        except WmsError as error:
            return self._refusal(error)
        except Exception as error:  # a bench must never crash on an input
            log.exception("station %s: input %r failed", self.rt.station, item)
            return self._refusal(
                RuleViolation(
                    msg(
                        "internal error, nothing more was recorded "
                        "({name}: {error}); tell a supervisor",
                        name=type(error).__name__,
                        error=error,
                    ),
                    "internal",
                )
            )

    def login(self, badge: str, pin: str) -> Feedback:
        """Badge and PIN in one call (``@login`` in replay scripts, a login dialog)."""
        now = self.rt.clock()
        if self.rt.operator is not None:
            self.logout()
        self._pending_badge = badge.strip()
        try:
            return self._check_pin(pin, now)
        except WmsError as error:
            return self._refusal(error)

    def logout(self, *, event: str = "logout") -> Feedback:
        operator = self.rt.operator
        if operator is None:
            self._pending_badge = None
            return self._feedback(Outcome(msg("nobody is logged in")), ok=True)
        abandoned = self._leave_workflow()
        log_event(
            self.rt.sessions,
            warehouse=self.rt.warehouse,
            station=self.rt.station,
            badge=operator.badge,
            event=event,
            at=self.rt.clock(),
            detail=abandoned,
        )
        self.rt.operator = None
        self.workflow = None
        self._pending_badge = None
        self._last_scan = None
        suffix = msg(" ({abandoned})", abandoned=abandoned) if abandoned else ""
        return self._feedback(
            Outcome(msg("{operator} logged out{suffix}", operator=operator.name, suffix=suffix))
        )

    def set_mode(self, name: str) -> Feedback:
        try:
            return self._set_mode(name)
        except WmsError as error:
            return self._refusal(error)

    # internals -------------------------------------------------------------------------------

    def _timed_out(self, now: datetime) -> bool:
        last = self._last_activity
        return last is not None and now - last > self.rt.settings.idle_timeout

    def _time_out(self, now: datetime) -> Feedback:
        operator = self.rt.operator
        assert operator is not None
        minutes = self.rt.settings.idle_timeout.total_seconds() / 60
        self.logout(event="timeout")
        return Feedback(
            ok=False,
            level=Level.ERROR,
            error="session_timeout",
            message=msg(
                "{operator} was logged out after {minutes:g} minutes idle; that input was not used",
                operator=operator.name,
                minutes=minutes,
            ),
            prompt=self.prompt,
        )

    def _login_step(self, item: Input) -> Feedback:
        now = self.rt.clock()
        if self._pending_badge is not None and item.kind is InputKind.KEY:
            return self._check_pin(item.text.strip(), now)
        if item.kind is InputKind.WEIGHT:
            raise RuleViolation(msg("log in first: scan your badge"), "not_logged_in")
        badge = item.text.strip()
        if item.kind is InputKind.SCAN:
            scan = interpret(item.text, self.scan_settings, self.rt.today())
            if scan.kind is ScanKind.BADGE or scan.kind is ScanKind.TEXT:
                badge = scan.value
            else:
                raise RuleViolation(
                    msg(
                        "log in first: scan your badge (found a {kind} barcode)",
                        kind=scan.kind.value,
                    ),
                    "not_logged_in",
                )
        if not badge:
            raise RuleViolation(msg("log in first: scan your badge"), "not_logged_in")
        self._pending_badge = badge
        return self._feedback(Outcome(msg("badge {badge}: key your PIN", badge=badge)))

    def _check_pin(self, pin: str, now: datetime) -> Feedback:
        badge = self._pending_badge or ""
        self._pending_badge = None
        operator = authenticate(
            self.rt.sessions,
            badge=badge,
            pin=pin,
            warehouse=self.rt.warehouse,
            station=self.rt.station,
            now=now,
            settings=self.rt.settings,
        )
        self.rt.operator = operator
        self.rt.master.clear()
        self._last_activity = now
        self._last_scan = None
        self.workflow = None
        return self._feedback(
            Outcome(
                msg(
                    "welcome {operator} ({role}) at {station}",
                    operator=operator.name,
                    role=operator.role.value,
                    station=self.rt.station,
                )
            )
        )

    def _is_double_read(self, scan: Scan, now: datetime) -> bool:
        """The same barcode again within the double-read window, in any step (a counting step
        too: a person cannot present a second item that fast, a scanner reads one twice)."""
        if self._last_scan is None or scan.kind is ScanKind.COMMAND:
            return False
        data, at = self._last_scan
        return data == scan.data and now - at <= self.rt.settings.double_read_window

    def _double_read(self, scan: Scan) -> Feedback:
        seconds = msg(
            "{double_read_window:g}",
            double_read_window=self.rt.settings.double_read_window.total_seconds(),
        )
        counting = self.workflow is not None and self.workflow.counts_repeated_scans(scan)
        if counting:
            message = msg(
                "same barcode read twice within {seconds} "
                "s: a double read, counted once; scan the "
                "next item again to count it",
                seconds=seconds,
            )
        else:
            message = msg("same barcode read twice within {seconds} s: used once", seconds=seconds)
        return self._feedback(
            Outcome(message, Level.ATTENTION, context={"double_read": True}),
        )

    def _command(self, scan: Scan) -> Feedback:
        name = scan.value
        if name == "LOGOUT":
            return self.logout()
        if name == "MODE":
            return self._set_mode(scan.argument or "")
        if self.workflow is None:
            raise RuleViolation(
                msg("no workflow chosen for CMD:{name}: {prompt}", name=name, prompt=self.prompt),
                "no_workflow",
            )
        if name == "CANCEL":
            return self._dispatch(lambda wf: wf.cancel())
        if name == "BACK":
            return self._dispatch(lambda wf: wf.back())
        # CMD:GRADE:<grade>, CMD:REASON:<reason>: the workflow reads the name and the argument
        command = ":".join((name, scan.argument)) if scan.argument else name
        return self._dispatch(lambda wf: wf.command(command), clears_keyed=True)

    def _set_mode(self, name: str) -> Feedback:
        operator = self.rt.operator
        if operator is None:
            raise RuleViolation(msg("log in first: scan your badge"), "not_logged_in")
        name = name.strip().lower()
        cls = WORKFLOWS.get(StationMode(name)) if name in StationMode.names() else None
        if cls is None or name not in self.modes():
            raise RuleViolation(
                msg(
                    "workflow '{name}': expected one of {modes}",
                    name=name,
                    modes=", ".join(self.modes()),
                ),
                "unknown_workflow",
            )
        if cls.role.may_approve_adjustments() and not operator.role.may_approve_adjustments():
            raise PermissionDenied(
                msg(
                    "{title} needs a supervisor; {operator} is an {role}",
                    title=cls.title.lower(),
                    operator=operator.name,
                    role=operator.role.value,
                )
            )
        abandoned = self._leave_workflow()
        self.rt.master.clear()
        self.workflow = cls(self.rt)
        self._last_scan = None  # a scan in the new workflow is never a double read of the old
        suffix = msg(" ({abandoned})", abandoned=abandoned) if abandoned else ""
        return self._feedback(Outcome(msg("{title}{suffix}", title=cls.title, suffix=suffix)))

    def _leave_workflow(self) -> str:
        if self.workflow is None:
            return ""
        try:
            return self.workflow.leave()
        except WmsError as error:  # leaving must never fail; say what happened
            log.warning("leaving %s: %s", self.workflow.name, error)
            return str(error)

    def _dispatch(
        self, handler: Callable[[Workflow], Outcome], *, clears_keyed: bool = False
    ) -> Feedback:
        workflow = self.workflow
        if workflow is None:
            raise RuleViolation(
                msg("no workflow chosen: {prompt}", prompt=self.prompt), "no_workflow"
            )
        saved = workflow.snapshot()
        keyed_before = _keyed(saved)
        try:
            outcome = handler(workflow)
        except WmsError:
            workflow.restore(saved)
            raise
        except Exception as error:
            workflow.restore(saved)
            log.exception("workflow %s failed on an input", workflow.name)
            raise RuleViolation(
                msg(
                    "internal error, nothing was recorded for "
                    "this input ({name}: {error}); tell a supervisor",
                    name=type(error).__name__,
                    error=error,
                ),
                "internal",
            ) from error
        if clears_keyed and keyed_before is not None and _keyed(workflow.state) == keyed_before:
            # the scan did not use the quantity keyed for it: it must not wait for a later one
            workflow.state = dataclasses.replace(workflow.state, keyed=None)  # type: ignore[call-arg]
            outcome.message += (
                f"; the quantity {keyed_before} keyed before was not for this scan and is "
                "cleared: key it again before the product"
            )
            if outcome.level is Level.OK:
                outcome.level = Level.ATTENTION
        return self._feedback(outcome)

    def _feedback(self, outcome: Outcome, *, ok: bool = True) -> Feedback:
        context: dict[str, object] = {}
        if self.workflow is not None:
            context.update(self.workflow.context())
            pending = _keyed(self.workflow.state)
            if pending is not None and context.get("quantity") != pending:
                # a quantity keyed for the next scan is shown until a scan uses or clears it
                context["pending_quantity"] = pending
        context.update(outcome.context)
        return Feedback(
            ok=ok,
            level=outcome.level,
            message=outcome.message,
            prompt=self.prompt,
            movement_ids=tuple(m.id for m in outcome.movements),
            context=context,
            destination=outcome.destination,
            summary=tuple(outcome.summary),
            mode=self.mode,
            operator=self.rt.operator.badge if self.rt.operator else "",
            work=self._work(),
        )

    def _refusal(self, error: WmsError) -> Feedback:
        try:
            context = self.workflow.context() if self.workflow is not None else {}
            prompt = self.prompt
        except Exception:
            log.exception("station %s: prompt failed", self.rt.station)
            context, prompt = {}, msg("Scan CMD:CANCEL and start the task again")
        return Feedback(
            ok=False,
            level=Level.ERROR,
            error=error.code,
            message=str(error),
            prompt=prompt,
            context=context,
            mode=self.mode,
            operator=self.rt.operator.badge if self.rt.operator else "",
            work=self._work(),
        )

    def _work(self) -> WorkList | None:
        """The rows of the task at hand; a failure to read them never loses the feedback of
        an input already committed."""
        if self.workflow is None:
            return None
        try:
            return work_list(self.workflow)
        except Exception:
            log.exception("station %s: the work list could not be read", self.rt.station)
            return None


def _keyed(state: object) -> int | None:
    """The quantity keyed for the next scan that ``state`` holds (workflows that take one keep
    it in a ``keyed`` field), or None."""
    value = getattr(state, "keyed", None)
    return value if isinstance(value, int) else None
