"""``wms adjustments list|approve ID|reject ID`` and ``wms counts list|create|generate``.

Deciding adjustments and planning counts need a supervisor (or admin): ``--badge B --pin P``
(or ``$WMS_PIN``; asked for on a terminal when neither is given). The attempt is checked and
logged exactly as a login at a bench (wrong PINs count towards the badge's lockout).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, date, datetime, time

from wms.cli.context import open_station
from wms.cli.output import add_format_option, emit
from wms.core.domain.errors import AuthenticationFailed, InvalidValue
from wms.core.domain.model import Operator
from wms.core.services.workflows.adjustments import (
    approve,
    create_count_tasks,
    describe_adjustment,
    generate_count_tasks,
    list_adjustments,
    open_count_tasks,
    reject,
    require_adjustment,
)
from wms.core.services.workflows.operators import authenticate_supervisor
from wms.station import StationDatabase

ADJUSTMENT_COLUMNS = (
    "id", "state", "location", "sku", "lot", "expected", "counted", "quantity", "reason",
    "count_task", "requested_by", "requested_at", "decided_by", "decided_at",
)  # fmt: skip
TASK_COLUMNS = ("id", "location", "status", "reason", "created_by", "created_at")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    adjustments = subparsers.add_parser(
        "adjustments", help="list, approve or reject stock adjustments", description=__doc__
    )
    actions = adjustments.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="adjustments (pending ones by default)")
    listing.add_argument(
        "--state", choices=("pending", "approved", "rejected", "all"), default="pending"
    )
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


def _supervisor(args: argparse.Namespace, context: StationDatabase) -> Operator:
    pin = args.pin or os.environ.get("WMS_PIN")
    if pin is None:
        if not sys.stdin.isatty():
            raise AuthenticationFailed("no PIN: expected --pin, $WMS_PIN or a terminal to ask")
        pin = getpass.getpass(f"PIN of badge {args.badge}: ")
    return authenticate_supervisor(
        context.sessions,
        badge=args.badge,
        pin=pin,
        warehouse=context.warehouse,
        station=context.station,
        now=datetime.now(UTC),
        settings=context.config.rules,
    )


def list_command(args: argparse.Namespace) -> int:
    context = open_station(args)
    with context.unit_of_work() as uow:
        state = None if args.state == "all" else args.state
        rows = [
            {c: getattr(row, c) for c in ADJUSTMENT_COLUMNS}
            for row in list_adjustments(uow, context.warehouse, state)
        ]
    emit(rows, ADJUSTMENT_COLUMNS, args.format)
    return 0


def approve_command(args: argparse.Namespace) -> int:
    context = open_station(args)
    supervisor = _supervisor(args, context)
    with context.unit_of_work() as uow:
        movements = approve(
            uow,
            warehouse=context.warehouse,
            station=context.station,
            adjustment_id=args.id,
            approver=supervisor,
            at=datetime.now(UTC),
        )
        uow.commit()
    ids = ", ".join(m.id for m in movements)
    print(f"adjustment {args.id} approved by {supervisor.badge}: movements {ids}")
    return 0


def reject_command(args: argparse.Namespace) -> int:
    context = open_station(args)
    supervisor = _supervisor(args, context)
    with context.unit_of_work() as uow:
        text = describe_adjustment(require_adjustment(uow, context.warehouse, args.id))
        reject(
            uow,
            warehouse=context.warehouse,
            adjustment_id=args.id,
            approver=supervisor,
            at=datetime.now(UTC),
        )
        uow.commit()
    print(f"rejected by {supervisor.badge}: {text}")
    return 0


def counts_list_command(args: argparse.Namespace) -> int:
    context = open_station(args)
    with context.unit_of_work() as uow:
        rows = [
            {c: getattr(row, c) for c in TASK_COLUMNS}
            for row in open_count_tasks(uow, context.warehouse)
        ]
    emit(rows, TASK_COLUMNS, args.format)
    return 0


def counts_create_command(args: argparse.Namespace) -> int:
    context = open_station(args)
    supervisor = _supervisor(args, context)
    with context.unit_of_work() as uow:
        created = create_count_tasks(
            uow,
            context.warehouse,
            [code.upper() for code in args.locations],
            created_by=supervisor.badge,
            at=datetime.now(UTC),
            reason=args.reason,
        )
        uow.commit()
        _print_tasks(created, len(args.locations))
    return 0


def counts_generate_command(args: argparse.Namespace) -> int:
    context = open_station(args)
    since = None
    if args.since:
        try:
            since = datetime.combine(date.fromisoformat(args.since), time(), tzinfo=UTC)
        except ValueError as error:
            raise InvalidValue("--since", args.since, "a date YYYY-MM-DD", str(error)) from error
    supervisor = _supervisor(args, context)
    with context.unit_of_work() as uow:
        created = generate_count_tasks(
            uow,
            context.warehouse,
            created_by=supervisor.badge,
            at=datetime.now(UTC),
            since=since,
            abc=args.abc,
        )
        uow.commit()
        _print_tasks(created, None)
    return 0


def _print_tasks(created: list, asked: int | None) -> None:  # type: ignore[type-arg]
    for task in created:
        print(f"count task {task.id}: {task.location}")
    skipped = f" ({asked - len(created)} already had an open task)" if asked else ""
    print(f"{len(created)} count task{'s' if len(created) != 1 else ''} created{skipped}")
