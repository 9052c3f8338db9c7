"""``wms returns [--owner OWNER] [--from DAY] [--to DAY] [--json | --csv]``: customer returns
with their refund data, for the merchant.

A table lists one return a row (order, owner, status, lines, units per grade, value, refund);
``--json`` gives each return with its lines; ``--csv`` one row per return line (the return's
columns repeated), the file a merchant refunds from. ``--from`` / ``--to`` are days (``--to``
included) of the return's opening, on the hub's clock (``[station] timezone``, UTC unless
set). The refund rule is :func:`wms.core.domain.returns.refundable` (README, "Returns").
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta

from wms.cli.context import open_station
from wms.cli.output import emit
from wms.core.domain.time_zones import day_start
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.returns import list_returns

TABLE = (
    "number", "order", "owner", "status", "lines", "resellable", "damaged", "destroy",
    "exception", "value", "refund", "currency",
)  # fmt: skip
CSV = (
    "number", "order", "parcel", "owner", "status", "opened_at", "closed_at", "line", "sku",
    "quantity", "grade", "reason", "unit_value", "value", "refund", "currency",
)  # fmt: skip


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "returns",
        help="customer returns with their refund data (order, lines, grades, values)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--owner", help="only this owner's returns (its code)")
    parser.add_argument("--from", dest="start", type=date.fromisoformat, help="first day")
    parser.add_argument("--to", dest="end", type=date.fromisoformat, help="last day (included)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_const", const="json", dest="format")
    output.add_argument("--csv", action="store_const", const="csv", dest="format")
    parser.set_defaults(handler=run, format="table")


def run(args: argparse.Namespace) -> int:
    context = open_station(args)
    zone = context.config.time_zone
    start = day_start(args.start, zone) if args.start else None
    end = day_start(args.end + timedelta(days=1), zone) if args.end else None
    with UnitOfWork(context.sessions, read_only=True) as uow:
        found = list_returns(
            uow, context.warehouse, owner=args.owner.upper() if args.owner else None,
            start=start, end=end,
        )  # fmt: skip
    if args.format == "json":
        json.dump([r.as_dict() for r in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        rows = []
        for r in found:
            head = r.as_dict()
            for line in head["lines"]:
                rows.append({**head, **line})
        emit(rows, CSV, "csv")
    else:
        rows = [{**r.as_dict(), **r.units(), "lines": len(r.lines)} for r in found]
        emit(rows, TABLE, "table")
    return 0
