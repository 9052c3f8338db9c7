"""Command barcodes: the one table behind the printed command sheet at every bench.

A command barcode is plain text ``CMD:<NAME>`` (or ``CMD:<NAME>:<argument>`` for a command that
takes one of a fixed list: ``CMD:MODE:<workflow>``, the returns bench's ``CMD:GRADE:<grade>`` and
``CMD:REASON:<reason code>``), printable in any symbology. Names and arguments are
case-insensitive when scanned; the table spells names in upper case, arguments in lower case.
"""

from __future__ import annotations

from dataclasses import dataclass

from wms.core.domain.errors import InvalidValue
from wms.core.domain.modes import StationMode
from wms.core.domain.returns import ReturnGrade, ReturnReason
from wms.core.domain.text import msg

PREFIX = "CMD:"


@dataclass(frozen=True)
class CommandBarcode:
    name: str
    barcode: str
    description: str
    #: the arguments it takes (``CMD:<NAME>:<argument>``), none for a plain command
    arguments: tuple[str, ...] = ()

    @property
    def takes_argument(self) -> bool:
        return bool(self.arguments)

    def caption(self, argument: str) -> str:
        """The printed caption of ``CMD:<NAME>:<argument>``."""
        if self.name == "MODE":
            return f"Switch to {argument}"
        return f"{self.name.capitalize()}: {argument.replace('_', ' ')}"


#: The workflows a ``CMD:MODE:<workflow>`` barcode may name, in the station's order.
WORKFLOWS: tuple[str, ...] = StationMode.names()


#: The grades a returns bench scans (``CMD:GRADE:<grade>``) and the reason codes
#: (``CMD:REASON:<reason>``).
GRADES: tuple[str, ...] = tuple(grade.value for grade in ReturnGrade.gradable())
REASONS: tuple[str, ...] = tuple(reason.value for reason in ReturnReason)


def _command(name: str, description: str, arguments: tuple[str, ...] = ()) -> CommandBarcode:
    return CommandBarcode(name, f"{PREFIX}{name}", description, arguments)


COMMANDS: tuple[CommandBarcode, ...] = (
    _command("DONE", "Finish the current task and show the summary"),
    _command("CANCEL", "Abandon the current task; nothing more is recorded for it"),
    _command("BACK", "Go back one step and scan again"),
    _command("SHORT", "Record a short pick: the location holds less than asked"),
    _command("NEWHU", "Start a new handling unit (pallet, carton or bag) with a new SSCC"),
    _command("CLOSE", "Close the current handling unit, bag or tote and print its label"),
    _command("BLIND", "Receive without an ASN (blind receipt)"),
    _command("SKIP", "Skip this line for now and come back to it later"),
    _command("LOGOUT", "Log the operator out of this station"),
    _command("REPRINT", "Print the last label again"),
    _command(
        "MODE",
        "Switch the station to another workflow, e.g. CMD:MODE:receiving",
        arguments=WORKFLOWS,
    ),
    _command(
        "GRADE",
        "Grade the returned item just scanned, e.g. CMD:GRADE:resellable",
        arguments=GRADES,
    ),
    _command(
        "REASON",
        "The reason code of the returned item just graded, e.g. CMD:REASON:changed_mind",
        arguments=REASONS,
    ),
)

_BY_NAME = {command.name: command for command in COMMANDS}


def find_command(name: str) -> CommandBarcode | None:
    """The command called ``name`` (any case), or None."""
    return _BY_NAME.get(name.strip().upper())


def command_names() -> str:
    """Every valid command barcode, for messages: ``CMD:DONE, ..., CMD:MODE:<workflow>``."""
    return ", ".join(
        f"{c.barcode}:<{_ARGUMENT_NAMES[c.name]}>" if c.takes_argument else c.barcode
        for c in COMMANDS
    )


_ARGUMENT_NAMES = {"MODE": "workflow", "GRADE": "grade", "REASON": "reason"}


def command_barcode(name: str, argument: str | None = None) -> str:
    """The text to print in a command barcode, e.g. ``command_barcode("mode", "picking")``."""
    command = find_command(name)
    if command is None:
        raise InvalidValue(
            msg("command"),
            name,
            msg("one of {command_names}", command_names=command_names()),
            msg("an unknown command"),
        )
    if command.name == "MODE":
        if argument is None or argument.strip().lower() not in WORKFLOWS:
            raise InvalidValue(
                msg("{barcode} workflow", barcode=command.barcode),
                argument if argument is not None else "",
                msg("one of {workflows}", workflows=", ".join(WORKFLOWS)),
                msg("no workflow") if argument is None else msg("an unknown workflow"),
            )
        return f"{command.barcode}:{argument.strip().lower()}"
    if command.takes_argument:
        if argument is None or argument.strip().lower() not in command.arguments:
            raise InvalidValue(
                command.barcode,
                argument if argument is not None else "",
                msg("one of {arguments}", arguments=", ".join(command.arguments)),
                msg("no argument") if argument is None else msg("an unknown argument"),
            )
        return f"{command.barcode}:{argument.strip().lower()}"
    if argument is not None:
        raise InvalidValue(command.barcode, argument, msg("no argument"), msg("an argument"))
    return command.barcode


def command_sheet() -> tuple[tuple[str, str], ...]:
    """(barcode text, description) for every barcode on the printed sheet, one per workflow."""
    lines: list[tuple[str, str]] = []
    for command in COMMANDS:
        if command.takes_argument:
            lines.extend(
                (command_barcode(command.name, argument), command.caption(argument))
                for argument in command.arguments
            )
        else:
            lines.append((command.barcode, command.description))
    return tuple(lines)
