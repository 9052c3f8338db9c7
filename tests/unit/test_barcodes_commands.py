"""Command barcodes: one table behind the printed command sheet and the scans it produces."""

import pytest

from wms.core.barcodes import COMMANDS, CommandBarcode, ScanKind, command_barcode, interpret
from wms.core.barcodes.commands import WORKFLOWS, command_sheet
from wms.core.domain.errors import InvalidValue, ScanError

REQUIRED = {"DONE", "CANCEL", "BACK", "SHORT", "NEWHU", "CLOSE", "BLIND", "SKIP", "LOGOUT",
            "REPRINT", "MODE"}  # fmt: skip


def test_the_command_table_covers_every_command_a_bench_needs():
    assert {command.name for command in COMMANDS} >= REQUIRED
    assert all(isinstance(command, CommandBarcode) for command in COMMANDS)


def test_every_command_has_a_plain_english_description_and_a_cmd_barcode():
    for command in COMMANDS:
        assert command.barcode == f"CMD:{command.name}"
        assert command.description[0].isupper()
        assert len(command.description) > 10


def test_mode_and_the_returns_grade_and_reason_take_an_argument_of_a_fixed_list():
    assert [c.name for c in COMMANDS if c.takes_argument] == ["MODE", "GRADE", "REASON"]
    taking = {c.name: c.arguments for c in COMMANDS if c.takes_argument}
    assert taking["GRADE"] == ("resellable", "damaged", "destroy")
    assert "changed_mind" in taking["REASON"] and "undeliverable" in taking["REASON"]


def test_a_grade_or_reason_outside_its_list_is_refused_as_a_scan():
    assert interpret("CMD:GRADE:DAMAGED").argument == "damaged"
    with pytest.raises(ScanError, match="'lovely', which is not one of them"):
        interpret("CMD:GRADE:lovely")
    with pytest.raises(ScanError, match="no argument"):
        interpret("CMD:REASON")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_printed_command_barcode_scans_back_as_that_command(command):
    argument = command.arguments[0] if command.takes_argument else None

    scan = interpret(command_barcode(command.name, argument))

    assert scan.kind is ScanKind.COMMAND
    assert scan.value == command.name
    assert scan.argument == argument


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_mode_switches_to_each_workflow(workflow):
    scan = interpret(f"CMD:MODE:{workflow}")

    assert scan.value == "MODE"
    assert scan.argument == workflow


def test_command_names_and_workflows_are_case_insensitive_on_input():
    scan = interpret("cmd:Mode:PICKING")

    assert (scan.kind, scan.value, scan.argument) == (ScanKind.COMMAND, "MODE", "picking")
    assert interpret("Cmd:done").value == "DONE"


def test_a_command_in_a_code_128_barcode_keeps_its_symbology():
    scan = interpret("]C0CMD:DONE\r")

    assert scan.value == "DONE"
    assert scan.symbology_name == "Code 128"


def test_an_unknown_command_is_refused_with_the_list_of_valid_commands():
    with pytest.raises(ScanError) as refused:
        interpret("CMD:XYZ")

    message = str(refused.value)
    assert message.startswith("command 'CMD:XYZ': expected one of CMD:DONE, CMD:CANCEL")
    assert "CMD:MODE:<workflow>" in message
    assert message.endswith("found 'XYZ', which is not a command")


def test_mode_without_a_known_workflow_is_refused_with_the_list_of_workflows():
    with pytest.raises(ScanError, match=r"receiving, putaway, move.*found 'dancing'"):
        interpret("CMD:MODE:dancing")
    with pytest.raises(ScanError, match="found no workflow"):
        interpret("CMD:MODE")


def test_a_command_that_takes_no_argument_refuses_one():
    with pytest.raises(ScanError, match="expected CMD:DONE alone, found the extra text 'now'"):
        interpret("CMD:DONE:now")


def test_command_barcode_builds_the_printed_text():
    assert command_barcode("done") == "CMD:DONE"
    assert command_barcode("MODE", "Packing") == "CMD:MODE:packing"


def test_command_barcode_refuses_unknown_commands_and_missing_workflows():
    with pytest.raises(InvalidValue):
        command_barcode("FLY")
    with pytest.raises(InvalidValue):
        command_barcode("MODE")
    with pytest.raises(InvalidValue):
        command_barcode("DONE", "receiving")


def test_the_command_sheet_lists_one_mode_barcode_per_workflow():
    sheet = dict(command_sheet())

    assert sheet["CMD:DONE"] == "Finish the current task and show the summary"
    assert all(f"CMD:MODE:{workflow}" in sheet for workflow in WORKFLOWS)
    assert "CMD:MODE" not in sheet
