"""The workflows' rules, as the workflow modules import them: see
:mod:`wms.core.domain.workflow_rules` (where they are defined, so that the configuration reader
reads them without loading the workflows)."""

from wms.core.domain.workflow_rules import STRATEGIES, PutawayPolicy, WorkflowSettings

__all__ = ["STRATEGIES", "PutawayPolicy", "WorkflowSettings"]
