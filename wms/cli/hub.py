"""``wms hub arrivals MAWB``: the parcel hub's reports."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta

from wms.cli.context import open_station
from wms.cli.output import add_format_option, emit, plain
from wms.core.domain.clock import utc_now
from wms.core.domain.parcel_ids import require_mawb
from wms.core.services.hub import customs, queries, reports


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hub = subparsers.add_parser(
        "hub",
        help="the parcel hub: arrivals, customs, parcels at risk, held, handover manifests",
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

    parcels = commands.add_parser(
        "parcels", help="parcels not yet handed over: promise, hours left, where, dwell time"
    )
    which = parcels.add_mutually_exclusive_group()
    which.add_argument(
        "--at-risk",
        action="store_true",
        help="only those whose promise is within [hub] at_risk_hours (or past)",
    )
    which.add_argument("--held", action="store_true", help="only those in the hold cage")
    which.add_argument(
        "--held-by-reason", action="store_true", help="held parcels per reason, oldest hold"
    )
    parcels.add_argument("--warehouse", metavar="CODE")
    add_format_option(parcels)
    parcels.set_defaults(handler=run_parcels)

    throughput = commands.add_parser(
        "throughput", help="parcels sorted per hour, station and operator"
    )
    throughput.add_argument("--hours", type=int, default=24, help="how far back (default 24)")
    throughput.add_argument("--warehouse", metavar="CODE")
    add_format_option(throughput)
    throughput.set_defaults(handler=run_throughput)

    handover = commands.add_parser(
        "handover",
        help="the handover manifest of a carrier: tracking numbers, weights, bag SSCCs, bag totals",
    )
    handover.add_argument("carrier", metavar="CARRIER")
    handover.add_argument("--warehouse", metavar="CODE")
    handover.add_argument("--format", choices=("csv", "json", "table"), default="csv")
    handover.set_defaults(handler=run_handover)


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


def run_parcels(args: argparse.Namespace) -> int:
    context = open_station(args)
    warehouse = args.warehouse or context.config.warehouse or None
    now = utc_now()
    if args.held_by_reason:
        rows = queries.held_by_reason(context.sessions, now=now, warehouse=warehouse)
        emit(rows, ("reason", "parcels", "oldest_hours"), args.format)
        return 0
    lines = queries.parcels(
        context.sessions,
        now=now,
        warehouse=warehouse,
        at_risk_hours=context.config.rules.hub.at_risk_hours if args.at_risk else None,
        held=args.held,
    )
    emit([line.as_row() for line in lines], queries.PARCEL_COLUMNS, args.format)
    return 0


def run_throughput(args: argparse.Namespace) -> int:
    context = open_station(args)
    rows = queries.throughput(
        context.sessions,
        since=utc_now() - timedelta(hours=args.hours),
        warehouse=args.warehouse or context.config.warehouse or None,
    )
    emit(rows, queries.THROUGHPUT_COLUMNS, args.format)
    return 0


def run_handover(args: argparse.Namespace) -> int:
    context = open_station(args)
    rows = queries.manifest(
        context.sessions,
        args.carrier,
        warehouse=args.warehouse or context.config.warehouse or None,
    )
    if args.format == "json":
        document = queries.manifest_document(args.carrier, rows)
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2, default=plain)
        sys.stdout.write("\n")
    else:
        lines = queries.manifest_lines(args.carrier, rows)
        emit(lines, queries.MANIFEST_CSV_COLUMNS, args.format)
    return 0
