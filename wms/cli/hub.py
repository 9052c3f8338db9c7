"""``wms hub arrivals MAWB``: the parcel hub's reports."""

from __future__ import annotations

import argparse

from wms.cli.context import open_station
from wms.cli.output import add_format_option, emit
from wms.core.domain.parcel_ids import require_mawb
from wms.core.services.hub import reports


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hub = subparsers.add_parser("hub", help="the parcel hub: arrivals")
    commands = hub.add_subparsers(dest="hub_command", required=True, metavar="COMMAND")
    arrivals = commands.add_parser(
        "arrivals",
        help="the bags of a MAWB: missing, unexpected, arrived, weight differences",
    )
    arrivals.add_argument("mawb", metavar="MAWB", help="the MAWB number (176-12345675)")
    arrivals.add_argument("--warehouse", metavar="CODE")
    add_format_option(arrivals)
    arrivals.set_defaults(handler=run_arrivals)


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
