"""Scan workflows: headless state machines fed one input at a time by a station session.

Public API (used by the station app, ``wms replay`` and later workflows)::

    session = StationSession(sessions, warehouse="CMN1", station="CMN1-S01")
    session.login("1001", "1234")            # or handle(Input.scan("BADGE:1001")) + key(PIN)
    session.set_mode("receiving")            # or handle(Input.scan("CMD:MODE:receiving"))
    feedback = session.handle(Input.scan("ASN:ASN-CN-0001"))
    feedback.ok, feedback.level, feedback.message, feedback.prompt, feedback.movement_ids

New workflows subclass :class:`Workflow`, decorate it with :func:`register` and are imported
here so the registry knows them.
"""

from wms.core.services.workflows import (  # noqa: F401  (modules register their workflows)
    adjustments,
    counting,
    moves,
    packing,
    picking,
    putaway,
    receiving,
    shipping,
    sorting,
)
from wms.core.services.workflows.engine import (
    WORKFLOWS,
    Feedback,
    Input,
    InputKind,
    Level,
    Outcome,
    Runtime,
    Workflow,
    register,
)
from wms.core.services.workflows.session import SCAN_SETTINGS, StationSession
from wms.core.services.workflows.settings import PutawayPolicy, WorkflowSettings

__all__ = [
    "SCAN_SETTINGS",
    "WORKFLOWS",
    "Feedback",
    "Input",
    "InputKind",
    "Level",
    "Outcome",
    "PutawayPolicy",
    "Runtime",
    "StationSession",
    "Workflow",
    "WorkflowSettings",
    "register",
]
