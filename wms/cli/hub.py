"""``wms hub arrivals MAWB``: the parcel hub's reports."""

from __future__ import annotations

import argparse
import json
import sys

from wms.cli.context import open_station
from wms.cli.output import add_format_option, emit
from wms.core.domain.parcel_ids import require_mawb
from wms.core.services.hub import customs, reports


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hub = subparsers.add_parser(
        "hub", help="the parcel hub: arrivals, customs declaration and decisions"
    )
    commands = hub.add_subparsers(dest="hub_command", required=True, metavar="COMMAND")
    arrivals = commands.add_parser(
        "arrivals",
        help="the bags of a MAWB: missing, unexpected, arrived, weight differences",
    )
    arrivals.add_argument("mawb", metavar="MAWB", help="the MAWB number (176-12345675)")
    arrivals.add_argument("--warehouse", metavar="CODE")
    add_format_option(arrivals)
    arrivals.set_defaults(handler=run_arrivals)

    declaration = commands.add_parser(
        "declaration",
        help="the customs declaration data of a MAWB per parcel (close to the EU H7 data set)",
    )
    declaration.add_argument("mawb", metavar="MAWB")
    declaration.add_argument("--warehouse", metavar="CODE")
    declaration.add_argument("--format", choices=("csv", "json"), default="csv")
    declaration.set_defaults(handler=run_declaration)

    unknown = commands.add_parser(
        "customs-unknown", help="customs decisions received for parcels no pre-alert announced"
    )
    unknown.add_argument("--warehouse", metavar="CODE")
    add_format_option(unknown)
    unknown.set_defaults(handler=run_unknown)


def run_arrivals(args: argparse.Namespace) -> int:
    context = open_station(args)
    lines = reports.arrivals(
        context.sessions,
        require_mawb(args.mawb),
        warehouse=args.warehouse or context.config.warehouse or None,
        tolerance_kg=context.config.rules.hub.bag_weight_tolerance_kg,
    )
    emit([line.as_row() for line in lines], reports.ARRIVAL_COLUMNS, args.format)
    return 0


def run_declaration(args: argparse.Namespace) -> int:
    context = open_station(args)
    document = customs.declaration(
        context.sessions,
        require_mawb(args.mawb),
        warehouse=args.warehouse or context.config.warehouse or None,
    )
    if args.format == "json":
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        emit(customs.rows_of(document), customs.DECLARATION_COLUMNS, "csv")
    return 0


def run_unknown(args: argparse.Namespace) -> int:
    context = open_station(args)
    rows = customs.unknown_decisions(
        context.sessions, warehouse=args.warehouse or context.config.warehouse or None
    )
    emit(
        rows, ("tracking", "decision", "reason", "decided_at", "received_at", "source"), args.format
    )
    return 0
