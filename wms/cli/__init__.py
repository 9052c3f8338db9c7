"""The ``wms`` command.

Each sub-command lives in its own module under ``wms.cli`` exposing ``register(subparsers)``;
a registered parser sets ``handler=function(args) -> int``. Every :class:`WmsError` becomes one
clear line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from wms.core.domain.errors import WmsError

# Each sub-command and the module that registers it. Running a command imports only its own
# module (start-up stays short: the workflows, reportlab, Qt... load only where they are used);
# `wms --help` imports them all.
COMMANDS: dict[str, str] = {
    "app": "wms.cli.app",
    "init": "wms.cli.database",
    "demo": "wms.cli.database",
    "verify": "wms.cli.database",
    "stock": "wms.cli.read",
    "movements": "wms.cli.read",
    "products": "wms.cli.read",
    "locations": "wms.cli.locations",
    "import": "wms.cli.imports",
    "replay": "wms.cli.replay",
    "adjustments": "wms.cli.adjustments",
    "counts": "wms.cli.adjustments",
    "quarantine": "wms.cli.quarantine",
    "orders": "wms.cli.outbound",
    "waves": "wms.cli.outbound",
    "parcels": "wms.cli.outbound",
    "shipments": "wms.cli.outbound",
    "label": "wms.cli.labels",
    "devices": "wms.cli.devices",
    "central": "wms.cli.central",
    "sync": "wms.cli.sync",
    "conflicts": "wms.cli.conflicts",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))
_GLOBAL_OPTIONS_WITH_VALUE = ("--db", "--config")

EXIT_REFUSED = 2


def requested_command(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv`` (skipping global options and their values)."""
    arguments = iter(argv)
    for argument in arguments:
        if argument in _GLOBAL_OPTIONS_WITH_VALUE:
            next(arguments, None)
        elif not argument.startswith("-"):
            return argument
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``wms`` parser: with only ``command``'s module registered when it is known."""
    parser = argparse.ArgumentParser(
        prog="wms",
        description="Warehouse management system: station database, scans, labels, devices, sync.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="local database URL or SQLite file path (default: $WMS_DB or a file in the user "
        "data directory)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="station configuration file (default: $WMS_CONFIG or ./wms.toml if present)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = (COMMANDS[command],) if command in COMMANDS else COMMAND_MODULES
    for module_name in modules:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(requested_command(arguments))
    args = parser.parse_args(arguments)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_REFUSED
    try:
        return int(handler(args) or 0)
    except WmsError as error:
        print(f"wms {args.command}: {error}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
