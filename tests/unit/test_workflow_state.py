"""Typed workflow state: every workflow keeps its whole state in one frozen dataclass with a step
enum, and a refused input puts that state back as it was."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from enum import Enum, StrEnum

import pytest
from sqlalchemy.orm import sessionmaker

from wms.core.barcodes import Scan, interpret
from wms.core.domain.clock import utc_now
from wms.core.domain.errors import RuleViolation
from wms.core.services.outbound.printing import PrintRouting
from wms.core.services.workflows import (
    WORKFLOWS,
    Outcome,
    Runtime,
    StationSession,
    Workflow,
    WorkflowSettings,
    WorkflowState,
)


def runtime() -> Runtime:
    return Runtime(
        sessionmaker(),
        warehouse="CMN1",
        station="S1",
        clock=utc_now,
        settings=WorkflowSettings(),
        printing=PrintRouting(),
    )


class Step(StrEnum):
    FIRST = "first"
    SECOND = "second"


@dataclass(frozen=True)
class TallyState(WorkflowState):
    step: Step = Step.FIRST
    scans: tuple[str, ...] = ()


class Tally(Workflow):
    """Counts scans; the third one is refused after it has already changed the state."""

    title = "Tally"
    state: TallyState

    def reset(self) -> None:
        self.state = TallyState()

    @property
    def prompt(self) -> str:
        return "Scan anything"

    def scan(self, scan: Scan) -> Outcome:
        self.state = replace(self.state, step=Step.SECOND, scans=(*self.state.scans, scan.value))
        if len(self.state.scans) > 2:
            raise RuleViolation("only two scans", "too_many")
        return Outcome("counted")


def test_restoring_a_snapshot_puts_back_the_state_a_refused_input_had_changed():
    tally = Tally(runtime())
    tally.scan(interpret("A"))
    tally.scan(interpret("B"))
    saved = tally.snapshot()
    with pytest.raises(RuleViolation):
        tally.scan(interpret("C"))
    assert tally.state.scans == ("A", "B", "C")
    tally.restore(saved)
    assert tally.state == TallyState(Step.SECOND, ("A", "B"))


@pytest.mark.parametrize("mode", sorted(WORKFLOWS))
def test_every_workflow_starts_in_a_frozen_state_whose_step_is_an_enum(mode):
    workflow = WORKFLOWS[mode](runtime())
    state = workflow.state
    assert isinstance(state, WorkflowState) and dataclasses.is_dataclass(state)
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.step = None  # type: ignore[attr-defined, misc]
    assert isinstance(state.step, Enum)  # type: ignore[attr-defined]
    assert workflow.snapshot() is state


def test_the_session_restores_the_state_after_a_refusal():
    session = StationSession(sessionmaker(), warehouse="CMN1", station="S1")
    session.workflow = Tally(session.rt)
    session.rt.operator = None
    for text in ("A", "B"):
        session._dispatch(lambda wf, text=text: wf.scan(interpret(text)))
    with pytest.raises(RuleViolation):
        session._dispatch(lambda wf: wf.scan(interpret("C")))
    assert session.workflow.state.scans == ("A", "B")
