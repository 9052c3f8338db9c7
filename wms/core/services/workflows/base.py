"""The workflow base class, its typed state and the registry (one workflow per station mode).

A workflow is a headless state machine. The station session (:mod:`.session`) hands it one input
at a time; the workflow either *refuses* it by raising a :class:`~wms.core.domain.errors.WmsError`
(the session restores the workflow's state as it was, so a refusal changes nothing) or *accepts*
it and returns an :class:`~.inputs.Outcome`. Anything an accepted input changes in the database
is committed inside the workflow's handler, before the session builds the feedback.

**State.** A workflow keeps its whole state in one frozen dataclass, ``self.state`` (a subclass
of :class:`WorkflowState`): the step is an enum, pending items are frozen dataclasses, collections
are tuples or mappings that are replaced, never changed in place. A handler changes the state by
assigning a new value (``dataclasses.replace``). So the snapshot taken before each input is the
state object itself, and restoring it after a refusal is one assignment.

Adding a workflow (and a member to :class:`~wms.core.domain.modes.StationMode`)::

    class Step(StrEnum):
        UNIT = "unit"
        LABEL = "label"


    @dataclass(frozen=True)
    class RelabelState(WorkflowState):
        step: Step = Step.UNIT
        sscc: str = ""


    @register
    class Relabel(Workflow):
        name = StationMode.RELABEL
        title = "Relabel"
        state: RelabelState

        def reset(self) -> None:
            self.state = RelabelState()

        @property
        def prompt(self) -> str:
            if self.state.step is Step.UNIT:
                return "Scan the handling unit"
            return f"Scan the new label for {self.state.sscc}"

        def scan(self, scan: Scan) -> Outcome:
            if self.state.step is Step.UNIT and scan.sscc:
                self.state = replace(self.state, step=Step.LABEL, sscc=scan.sscc)
                return Outcome(f"unit {scan.sscc}: scan its new label")
            raise self.unexpected(f"a {scan.kind.value} scan {scan.value!r}")

and import its module from :mod:`wms.core.services.workflows` so the registry sees it.

Anything else a workflow keeps on ``self`` (a compiled plan, say) is a cache: it is not part of
the state, so a refusal does not put it back.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from wms.core.barcodes import Scan
from wms.core.domain.errors import RuleViolation
from wms.core.domain.model import Role
from wms.core.domain.modes import StationMode
from wms.core.domain.text import msg
from wms.core.services.workflows.inputs import Outcome
from wms.core.services.workflows.runtime import Runtime


@dataclass(frozen=True)
class WorkflowState:
    """Base of every workflow's state: a frozen dataclass, replaced on each change."""


class Workflow(ABC):
    """Base of every scan workflow. Subclasses keep all their state in ``self.state`` (see the
    module docstring) and implement the handlers they accept; an input a step does not expect
    is refused with a clear message."""

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    role: ClassVar[Role] = Role.OPERATOR
    #: The whole state of the workflow (each subclass narrows the type to its own).
    state: WorkflowState

    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.reset()

    # state ---------------------------------------------------------------------------------

    @abstractmethod
    def reset(self) -> None:
        """Back to the first step, with no task in hand."""

    def snapshot(self) -> WorkflowState:
        """What :meth:`restore` needs to undo one input: the (immutable) state object itself."""
        return self.state

    def restore(self, saved: WorkflowState) -> None:
        """Put back a :meth:`snapshot`."""
        self.state = saved

    @property
    @abstractmethod
    def prompt(self) -> str:
        """What the operator should do next, for the current step."""

    def context(self) -> dict[str, Any]:
        return {}

    def counts_repeated_scans(self, scan: Scan) -> bool:
        """True when scanning this barcode again at this step means more units (so a repeat
        within the double-read window is not ignored)."""
        return False

    # handlers ------------------------------------------------------------------------------

    def scan(self, scan: Scan) -> Outcome:
        raise self.unexpected(
            msg("the {kind} scan {scan!r}", kind=scan.kind.value, scan=scan.value)
        )

    def key(self, text: str) -> Outcome:
        raise self.unexpected(msg("the typed entry {text!r}", text=text))

    def weight(self, kg: Decimal, *, stable: bool = True) -> Outcome:
        """A scale reading; ``stable`` is False while the scale is still settling."""
        raise self.unexpected(msg("a scale reading of {kg} kg", kg=kg))

    def command(self, name: str) -> Outcome:
        raise self.unexpected(msg("CMD:{name}", name=name))

    def back(self) -> Outcome:
        raise RuleViolation(
            msg(
                "already at the first step of {title}: {prompt}",
                title=self.title.lower(),
                prompt=self.prompt,
            ),
            "cannot_go_back",
        )

    def cancel(self) -> Outcome:
        self.reset()
        return Outcome(msg("{title} cancelled; nothing more is recorded for it", title=self.title))

    def leave(self) -> str:
        """Called when the station leaves this workflow (mode change, logout); returns what
        was abandoned, or an empty string."""
        had_task = self.has_task()
        self.cancel()
        return msg("{title} task cancelled", title=self.title.lower()) if had_task else ""

    def has_task(self) -> bool:
        return False

    # helpers -------------------------------------------------------------------------------

    def unexpected(self, found: str) -> RuleViolation:
        return RuleViolation(
            msg("expected: {prompt}; found {found}", prompt=self.prompt, found=found),
            "unexpected_input",
        )


# --- the registry ---------------------------------------------------------------------------

#: The workflow class of each station mode, filled by :func:`register` as modules are imported.
WORKFLOWS: dict[StationMode, type[Workflow]] = {}


def register(cls: type[Workflow]) -> type[Workflow]:
    """Class decorator: the workflow that implements the station mode ``cls.name``
    (``CMD:MODE:<name>``). Each mode has exactly one workflow class."""
    mode = StationMode(cls.name)
    other = WORKFLOWS.get(mode)
    if other is not None and other is not cls:
        raise TypeError(f"station mode {mode.value}: {other.__name__} and {cls.__name__}")
    WORKFLOWS[mode] = cls
    return cls
