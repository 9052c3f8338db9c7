"""``wms owners list``: the stock owners (merchants) with their products' count."""

from __future__ import annotations

import argparse

from wms.cli.context import open_station
from wms.cli.output import add_format_option, emit

OWNER_COLUMNS = (
    "code",
    "name",
    "country",
    "tax_id",
    "contact_name",
    "contact_email",
    "contact_phone",
    "active",
    "products",
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "owners",
        help="stock owners (the merchants the hub stores for): list",
        description="The stock owners: merchants whose products the hub stores and ships. "
        "Import them with 'wms import owners FILE.csv'; HUB is the hub's own supplies.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every owner with its number of products")
    add_format_option(listing)
    listing.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace) -> int:
    from wms.core.services.master_data_queries import owners_with_products

    station = open_station(args)
    with station.unit_of_work() as uow:
        rows = [
            {**{c: getattr(owner, c) for c in OWNER_COLUMNS if c != "products"}, "products": n}
            for owner, n in owners_with_products(uow)
        ]
    emit(rows, OWNER_COLUMNS, args.format)
    return 0
