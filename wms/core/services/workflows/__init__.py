"""Scan workflows: headless state machines fed one input at a time by a station session.

Public API (used by the station app, ``wms replay`` and later workflows)::

    session = StationSession(sessions, warehouse="CMN1", station="CMN1-S01")
    session.login("1001", "1234")            # or handle(Input.scan("BADGE:1001")) + key(PIN)
    session.set_mode("receiving")            # or handle(Input.scan("CMD:MODE:receiving"))
    feedback = session.handle(Input.scan("ASN:ASN-CN-0001"))
    feedback.ok, feedback.level, feedback.message, feedback.prompt, feedback.movement_ids

Modules: :mod:`.inputs` (Input, Outcome, Feedback), :mod:`.runtime` (Runtime, MasterData),
:mod:`.base` (Workflow, WorkflowState, the registry keyed by
:class:`~wms.core.domain.modes.StationMode`), :mod:`.parsing` (quantities, dates, lots, what a
scan names), :mod:`.session` (StationSession), then one module (or package) per workflow.
New workflows subclass :class:`Workflow`, decorate it with :func:`register` and are imported
here so the registry knows them (see :mod:`.base` for the pattern).
"""

from wms.core.services.workflows import (  # noqa: F401  (modules register their workflows)
    adjust,
    arrival,
    counting,
    deconsolidation,
    handover,
    move,
    packing,
    picking,
    putaway,
    quarantine,
    receiving,
    release,
    returns,
    shipping,
    sorting,
    transfer,
)
from wms.core.services.workflows.base import WORKFLOWS, Workflow, WorkflowState, register
from wms.core.services.workflows.inputs import Feedback, Input, InputKind, Level, Outcome
from wms.core.services.workflows.parsing import (
    UnknownProduct,
    check_lot_code,
    location_code,
    parse_date,
    parse_quantity,
    product_gtin,
    resolve_product,
)
from wms.core.services.workflows.runtime import MasterData, Runtime
from wms.core.services.workflows.session import SCAN_SETTINGS, StationSession
from wms.core.services.workflows.settings import PutawayPolicy, WorkflowSettings

__all__ = [
    "SCAN_SETTINGS",
    "WORKFLOWS",
    "Feedback",
    "Input",
    "InputKind",
    "Level",
    "MasterData",
    "Outcome",
    "PutawayPolicy",
    "Runtime",
    "StationSession",
    "UnknownProduct",
    "Workflow",
    "WorkflowSettings",
    "WorkflowState",
    "check_lot_code",
    "location_code",
    "parse_date",
    "parse_quantity",
    "product_gtin",
    "register",
    "resolve_product",
]
