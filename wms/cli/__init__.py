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
    "owners": "wms.cli.owners",
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
    "hub": "wms.cli.hub",
    "returns": "wms.cli.returns",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))
# Each command's line in `wms --help`, so that the overview loads no command module (they import
# SQLAlchemy, psycopg, reportlab... at a cost of seconds on a loaded bench PC);
# tests/unit/test_cli_registry.py holds each line to the help its module registers.
COMMAND_HELP: dict[str, str] = {
    "app": "open the station app: login, scanning workflows, stock screens, print queue",
    "init": "create or upgrade the station database to the newest schema",
    "demo": "build the demo site CMN1 (Casablanca) and open the station app",
    "verify": "check that stock on hand equals the ledger sums (and rebuild it with --repair)",
    "stock": "stock on hand by location, product, lot, unit",
    "movements": "the stock ledger, oldest first",
    "products": "the product master data",
    "owners": "stock owners (the merchants the hub stores for): list, report their activity",
    "locations": "list locations (or 'generate' a grid of them)",
    "import": "import owners, products, locations, ASNs, orders or a sort plan from CSV",
    "replay": "feed a scan script to the workflows",
    "adjustments": "list, approve or reject stock adjustments",
    "counts": "plan and list cycle count tasks",
    "quarantine": "list quarantined stock, release it (supervisor)",
    "orders": "outbound orders: list, lines, allocate",
    "waves": "waves and pick lists",
    "parcels": "packed parcels",
    "shipments": "shipments: create, load, close, manifest",
    "label": "render a label (location, product, sscc, bag, badge, commands) as ZPL, PDF or PNG",
    "devices": "scanners, label printers and scales: list, listen, print, weigh",
    "central": "create and administer the central PostgreSQL database",
    "sync": "synchronise with the central database (push movements, pull the warehouse feed)",
    "conflicts": "conflicts central found merging offline work (negative stock, double moves, "
    "counts overtaken, refused movements); resolve them",
    "hub": "the parcel hub: arrivals, customs, parcels at risk, held, handover manifests",
    "returns": "customer returns with their refund data (order, lines, grades, values)",
}
_GLOBAL_OPTIONS_WITH_VALUE = ("--db", "--config", "--lang")
#: languages of messages (wms.messages.LANGUAGES, not imported here: start-up stays short)
MESSAGE_LANGUAGES = ("en", "fr", "ar", "zh")

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


def build_parser(
    command: str | None = None, *, all_modules: bool = False
) -> argparse.ArgumentParser:
    """The ``wms`` parser: with only ``command``'s module registered when it is known, else (for
    ``wms --help``, no command or a wrong one) every command's one line, loading none of them;
    ``all_modules`` registers every module in full."""
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
    parser.add_argument(
        "--lang",
        dest="message_lang",
        choices=MESSAGE_LANGUAGES,
        help="show refusals (and, for replay and app, every message) in this language (default en)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    if all_modules or (command is not None and command in COMMANDS):
        modules = COMMAND_MODULES if all_modules or command is None else (COMMANDS[command],)
        for module_name in modules:
            importlib.import_module(module_name).register(subparsers)
    else:
        for name, summary in COMMAND_HELP.items():
            subparsers.add_parser(name, help=summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(requested_command(arguments))
    args = parser.parse_args(arguments)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_REFUSED
    lang = args.message_lang or "en"
    if args.message_lang and getattr(args, "lang", "") is None:
        args.lang = args.message_lang  # `wms --lang fr replay ...` as `wms replay --lang fr`
    try:
        return int(handler(args) or 0)
    except WmsError as error:
        print(f"wms {args.command}: {_in_language(error, lang)}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _in_language(error: WmsError, lang: str) -> str:
    if lang == "en":
        return str(error)
    from wms.messages import translate

    return translate(error.message, lang)
