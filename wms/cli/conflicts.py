"""``wms conflicts [--all] [--format ...]`` and ``wms conflicts resolve ID --note ...``."""

from __future__ import annotations

import argparse
import json

from wms.cli.context import open_station
from wms.cli.output import add_format_option, emit
from wms.cli.sync import _central_url
from wms.core.sync.central_migrate import connect
from wms.core.sync.conflicts import COLUMNS, list_conflicts, resolve

TABLE_COLUMNS = ("id", "kind", "status", "subject", "quantity", "detected_at", "detected_by")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "conflicts",
        help="conflicts central found merging offline work (negative stock, double moves, "
        "counts overtaken, refused movements); resolve them",
    )
    parser.add_argument("--url", help="central URL (default: the station's)")
    parser.add_argument("--all", action="store_true", help="include resolved conflicts")
    add_format_option(parser)
    parser.set_defaults(handler=run_list)
    actions = parser.add_subparsers(dest="conflicts_command", metavar="ACTION")
    fix = actions.add_parser(
        "resolve", help="resolve a conflict by a compensating movement posted at this station"
    )
    fix.add_argument("id", type=int, help="conflict id (from 'wms conflicts')")
    fix.add_argument("--note", required=True, help="what was found and done (kept at central)")
    fix.add_argument(
        "--operator", required=True, help="badge of the supervisor resolving the conflict"
    )
    fix.add_argument(
        "--adjust",
        type=int,
        help="signed quantity to post at the conflict's location (default for stock "
        "conflicts: what brings central's on-hand back to zero)",
    )
    fix.add_argument(
        "--no-movement", action="store_true", help="close with the note only, post nothing"
    )
    fix.add_argument("--url", dest="resolve_url", help="central URL (default: the station's)")
    fix.set_defaults(handler=run_resolve)


def run_list(args: argparse.Namespace) -> int:
    station = open_station(args)
    with connect(_central_url(args, station), application_name="wms conflicts") as conn:
        found = list_conflicts(conn, station.warehouse, include_resolved=args.all)
    rows = [c.as_row() for c in found]
    if args.format == "table":
        emit(rows, TABLE_COLUMNS, "table")
    elif args.format == "csv":
        for row in rows:
            row["detail"] = json.dumps(row["detail"], ensure_ascii=False, sort_keys=True)
        emit(rows, COLUMNS, "csv")
    else:
        emit(rows, COLUMNS, "json")
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    station = open_station(args)
    args.url = args.resolve_url or args.url
    with connect(_central_url(args, station), application_name="wms conflicts") as conn:
        done = resolve(
            station.sessions,
            conn,
            warehouse=station.warehouse,
            station=station.station,
            conflict_id=args.id,
            operator=args.operator,
            note=args.note,
            adjust=args.adjust,
            without_movement=args.no_movement,
        )
    if done.movement:
        print(
            f"conflict {args.id} ({done.conflict.kind}): posted {done.movement.kind.value} "
            f"{done.movement.quantity:+d} {done.movement.sku} at {done.movement.to_location} "
            f"(movement {done.movement.id}, station seq {done.movement.station_seq}); "
            "it reaches central with the next sync"
        )
    else:
        print(f"conflict {args.id} ({done.conflict.kind}): closed without a movement")
    if done.marked_at_central:
        print(f"conflict {args.id} marked resolved at central")
    else:
        print(
            f"conflict {args.id} could not be marked at central now; it is marked when the "
            "movement arrives"
        )
    return 0
