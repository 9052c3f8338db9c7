"""``wms owners``: the owners (merchants) whose stock the hub keeps.

* ``wms owners list``: every owner with its country, tax id and contact;
* ``wms owners report OWNER --from DATE --to DATE [--csv FILE] [--pdf FILE]``: the figures the
  hub bills the owner by over a period (:mod:`wms.cli.owner_report`).
"""

from __future__ import annotations

import argparse

from wms.cli.context import open_station
from wms.cli.output import add_format_option, emit
from wms.cli.owner_report import add_report_parser

OWNER_COLUMNS = (
    "code",
    "name",
    "country",
    "tax_id",
    "contact_name",
    "contact_email",
    "contact_phone",
    "active",
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "owners",
        help="owners (merchants) of the stock: list them, report their activity",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every owner")
    add_format_option(listing)
    listing.set_defaults(handler=run_list)
    add_report_parser(actions)


def run_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from wms.core.persistence.tables import OwnerRow

    station = open_station(args)
    with station.unit_of_work() as uow:
        rows = [
            {c: getattr(row, c) for c in OWNER_COLUMNS}
            for row in uow.session.scalars(select(OwnerRow).order_by(OwnerRow.code))
        ]
    emit(rows, OWNER_COLUMNS, args.format)
    return 0
