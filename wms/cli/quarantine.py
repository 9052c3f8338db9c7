"""``wms quarantine list [--location L]`` and ``wms quarantine release LOCATION SKU --reason R``.

Releasing quarantined stock needs a supervisor (or admin): ``--badge B --pin P`` (or
``$WMS_PIN``; asked for on a terminal when neither is given), checked and logged as a login at a
bench. ``--lot`` says which lot when several are quarantined there, ``--unit`` a handling unit,
``--quantity`` how many (default: all of it). The release is one status movement per stock key,
quarantined → available, reference ``quarantine-release``, the reason in its raw input.

The command only reads arguments, asks for the PIN and prints: the rules are
:mod:`wms.core.services.quarantine`.
"""

from __future__ import annotations

import argparse

from wms.cli.adjustments import _supervisor_badge, _supervisor_options
from wms.cli.context import open_station
from wms.cli.output import add_format_option, emit
from wms.core.domain.clock import utc_now
from wms.core.domain.errors import InvalidValue
from wms.core.services.quarantine import quarantined_stock, release_quarantine

COLUMNS = ("location", "sku", "lot", "handling_unit", "quantity")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "quarantine",
        help="list quarantined stock, release it (supervisor)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="quarantined stock")
    listing.add_argument("--location", help="only at this location")
    listing.add_argument("--owner", help="only this owner's (merchant's) quarantined stock")
    add_format_option(listing)
    listing.set_defaults(handler=list_command)
    release = actions.add_parser(
        "release", help="release quarantined stock to available, with a reason (supervisor)"
    )
    release.add_argument("location", metavar="LOCATION")
    release.add_argument("sku", metavar="SKU")
    release.add_argument("--reason", required=True, help="why it may be used again")
    release.add_argument("--lot", default="", help="the lot (when several are quarantined)")
    release.add_argument("--unit", default="", help="a handling unit's SSCC")
    release.add_argument("--quantity", help="how many (default: all of it)")
    _supervisor_options(release)
    release.set_defaults(handler=release_command)


def list_command(args: argparse.Namespace) -> int:
    context = open_station(args)
    rows = [
        {c: getattr(entry, c) for c in COLUMNS}
        for entry in quarantined_stock(
            context.sessions,
            context.warehouse,
            location=args.location,
            owner=args.owner.strip().upper() if args.owner else None,
        )
    ]
    emit(rows, COLUMNS, args.format)
    return 0


def release_command(args: argparse.Namespace) -> int:
    quantity = None
    if args.quantity is not None:
        if not args.quantity.isdigit() or int(args.quantity) < 1:
            raise InvalidValue("--quantity", args.quantity, "a whole number of units", "other")
        quantity = int(args.quantity)
    context = open_station(args)
    released = release_quarantine(
        context.sessions,
        _supervisor_badge(args),
        warehouse=context.warehouse,
        station=context.station,
        clock=utc_now,
        location=args.location,
        sku=args.sku,
        reason=args.reason,
        lot=args.lot,
        handling_unit=args.unit,
        quantity=quantity,
        settings=context.config.rules,
    )
    ids = ", ".join(released.movement_ids)
    print(
        f"released {released.description} from quarantine by {released.released_by} "
        f"(reason: {released.reason}): movements {ids}"
    )
    return 0
