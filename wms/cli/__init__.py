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

COMMAND_MODULES = (
    "wms.cli.app",
    "wms.cli.devices",
    "wms.cli.database",
    "wms.cli.read",
    "wms.cli.labels",
    "wms.cli.imports",
    "wms.cli.locations",
    "wms.cli.replay",
    "wms.cli.adjustments",
    "wms.cli.outbound",
)

EXIT_REFUSED = 2


def build_parser() -> argparse.ArgumentParser:
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
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
