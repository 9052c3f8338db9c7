"""The registry is the one list of workflows: one class per station mode, read by the command
barcodes and the station session."""

from __future__ import annotations

import inspect

import pytest

from wms.core.barcodes import commands
from wms.core.domain.modes import StationMode
from wms.core.services import workflows
from wms.core.services.workflows import WORKFLOWS, Workflow, register


def _workflow_classes() -> list[type[Workflow]]:
    found: list[type[Workflow]] = []
    for module in vars(workflows).values():
        if inspect.ismodule(module) and module.__name__.startswith(workflows.__name__):
            for value in vars(module).values():
                if (
                    inspect.isclass(value)
                    and issubclass(value, Workflow)
                    and not inspect.isabstract(value)
                    and value.__module__ == module.__name__
                ):
                    found.append(value)
    return found


def test_every_station_mode_has_exactly_one_registered_workflow_and_no_workflow_is_extra():
    assert set(WORKFLOWS) == set(StationMode)
    classes = _workflow_classes()
    modes = [StationMode(cls.name) for cls in classes]
    assert sorted(modes) == sorted(StationMode), "a mode implemented twice or not at all"
    for cls in classes:
        assert WORKFLOWS[StationMode(cls.name)] is cls


def test_a_second_workflow_for_a_mode_is_refused_at_registration():
    class Duplicate(WORKFLOWS[StationMode.RECEIVING]):  # type: ignore[misc, valid-type]
        pass

    with pytest.raises(TypeError, match="receiving"):
        register(Duplicate)


def test_a_workflow_for_a_mode_that_does_not_exist_is_refused():
    class Nameless(WORKFLOWS[StationMode.MOVE]):  # type: ignore[misc, valid-type]
        name = "relabel"

    with pytest.raises(ValueError, match="relabel"):
        register(Nameless)


def test_command_barcodes_name_the_station_modes_in_their_order():
    assert tuple(mode.value for mode in StationMode) == commands.WORKFLOWS
    sheet = [barcode for barcode, _ in commands.command_sheet() if barcode.startswith("CMD:MODE")]
    assert sheet == [f"CMD:MODE:{mode.value}" for mode in StationMode]


def test_a_station_offers_the_registered_modes_in_order_limited_by_its_configuration():
    from sqlalchemy.orm import sessionmaker

    from wms.core.services.workflows import StationSession

    def station(allowed: tuple[str, ...] | None) -> StationSession:
        return StationSession(sessionmaker(), warehouse="CMN1", station="S1", workflows=allowed)

    assert station(None).modes() == list(StationMode.names())
    assert station(("packing", "receiving", "nonsense")).modes() == ["receiving", "packing"]
