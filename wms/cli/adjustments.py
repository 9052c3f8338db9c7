"""``wms adjustments list|approve ID|reject ID`` and ``wms counts list|create|generate``.

Deciding adjustments and planning counts need a supervisor (or admin): ``--badge B --pin P``
(or ``$WMS_PIN``; asked for on a terminal when neither is given). The attempt is checked and
logged exactly as a login at a bench (wrong PINs count towards the badge's lockout).

The commands only read arguments, ask for the PIN and print: the decisions and the planning are
:mod:`wms.core.services.supervision`, the listings :mod:`wms.core.services.queries.adjustments`.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, date, datetime, time

from wms.cli.context import open_station
from wms.cli.output import add_format_option, emit
from wms.core.domain.clock import utc_now
from wms.core.domain.errors import AuthenticationFailed, InvalidValue
from wms.core.services.queries.adjustments import (
    ADJUSTMENT_STATES,
    adjustment_lines,
    open_count_lines,
)
from wms.core.services.supervision import (
    CountsPlanned,
    SupervisorBadge,
    approve_adjustment,
    plan_counts,
    plan_counts_by_activity,
    reject_adjustment,
)

ADJUSTMENT_COLUMNS = (
    "id", "state", "location", "sku", "lot", "expected", "counted", "quantity", "reason",
    "count_task", "requested_by", "requested_at", "decided_by", "decided_at",
)  # fmt: skip
TASK_COLUMNS = ("id", "location", "status", "reason", "created_by", "created_at")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    adjustments = subparsers.add_parser(
        "adjustments", help="list, approve or reject stock adjustments", description=__doc__
    )
    actions = adjustments.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="adjustments (pending ones by default)")
    listing.add_argument("--state", choices=(*ADJUSTMENT_STATES, "all"), default="pending")
    add_format_option(listing)
    listing.set_defaults(handler=list_command)
    for name, handler in (("approve", approve_command), ("reject", reject_command)):
        action = actions.add_parser(name, help=f"{name} a pending adjustment (supervisor)")
        action.add_argument("id", type=int, metavar="ID")
        _supervisor_options(action)
        action.set_defaults(handler=handler)

    counts = subparsers.add_parser("counts", help="plan and list cycle count tasks")
    count_actions = counts.add_subparsers(dest="action", metavar="ACTION", required=True)
    tasks = count_actions.add_parser("list", help="open count tasks")
    add_format_option(tasks)
    tasks.set_defaults(handler=counts_list_command)
    create = count_actions.add_parser("create", help="count tasks for given locations")
    create.add_argument("locations", nargs="+", metavar="LOCATION")
    create.add_argument("--reason", default="requested")
    _supervisor_options(create)
    create.set_defaults(handler=counts_create_command)
    generate = count_actions.add_parser(
        "generate", help="count tasks for locations with activity since a date and/or by ABC"
    )
    generate.add_argument("--since", metavar="YYYY-MM-DD", help="movements on or after this day")
    generate.add_argument("--abc", choices=("A", "B", "C"), help="activity class of locations")
    _supervisor_options(generate)
    generate.set_defaults(handler=counts_generate_command)


def _supervisor_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--badge", required=True, help="supervisor badge")
    parser.add_argument("--pin", help="supervisor PIN (default: $WMS_PIN, or asked)")


def _supervisor_badge(args: argparse.Namespace) -> SupervisorBadge:
    pin = args.pin or os.environ.get("WMS_PIN")
    if pin is None:
        if not sys.stdin.isatty():
            raise AuthenticationFailed("no PIN: expected --pin, $WMS_PIN or a terminal to ask")
        pin = getpass.getpass(f"PIN of badge {args.badge}: ")
    return SupervisorBadge(args.badge, pin)


def list_command(args: argparse.Namespace) -> int:
    context = open_station(args)
    state = None if args.state == "all" else args.state
    rows = [
        {c: getattr(line, c) for c in ADJUSTMENT_COLUMNS}
        for line in adjustment_lines(context.sessions, context.warehouse, state)
    ]
    emit(rows, ADJUSTMENT_COLUMNS, args.format)
    return 0


def approve_command(args: argparse.Namespace) -> int:
    context = open_station(args)
    decided = approve_adjustment(
        context.sessions,
        args.id,
        _supervisor_badge(args),
        warehouse=context.warehouse,
        station=context.station,
        clock=utc_now,
        settings=context.config.rules,
    )
    ids = ", ".join(decided.movement_ids)
    print(f"adjustment {args.id} approved by {decided.decided_by}: movements {ids}")
    return 0


def reject_command(args: argparse.Namespace) -> int:
    context = open_station(args)
    decided = reject_adjustment(
        context.sessions,
        args.id,
        _supervisor_badge(args),
        warehouse=context.warehouse,
        station=context.station,
        clock=utc_now,
        settings=context.config.rules,
    )
    print(f"rejected by {decided.decided_by}: {decided.description}")
    return 0


def counts_list_command(args: argparse.Namespace) -> int:
    context = open_station(args)
    rows = [
        {c: getattr(line, c) for c in TASK_COLUMNS}
        for line in open_count_lines(context.sessions, context.warehouse)
    ]
    emit(rows, TASK_COLUMNS, args.format)
    return 0


def counts_create_command(args: argparse.Namespace) -> int:
    context = open_station(args)
    planned = plan_counts(
        context.sessions,
        args.locations,
        _supervisor_badge(args),
        warehouse=context.warehouse,
        station=context.station,
        clock=utc_now,
        reason=args.reason,
        settings=context.config.rules,
    )
    _print_tasks(planned, len(args.locations))
    return 0


def counts_generate_command(args: argparse.Namespace) -> int:
    context = open_station(args)
    since = None
    if args.since:
        try:
            since = datetime.combine(date.fromisoformat(args.since), time(), tzinfo=UTC)
        except ValueError as error:
            raise InvalidValue("--since", args.since, "a date YYYY-MM-DD", str(error)) from error
    planned = plan_counts_by_activity(
        context.sessions,
        _supervisor_badge(args),
        warehouse=context.warehouse,
        station=context.station,
        clock=utc_now,
        since=since,
        abc=args.abc,
        settings=context.config.rules,
    )
    _print_tasks(planned, None)
    return 0


def _print_tasks(planned: CountsPlanned, asked: int | None) -> None:
    for task in planned.tasks:
        print(f"count task {task.task_id}: {task.location}")
    created = len(planned.tasks)
    skipped = f" ({asked - created} already had an open task)" if asked else ""
    print(f"{created} count task{'s' if created != 1 else ''} created{skipped}")
