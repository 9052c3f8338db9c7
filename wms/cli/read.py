"""The read side: ``wms stock``, ``wms movements``, ``wms products``."""

from __future__ import annotations

import argparse
from contextlib import closing
from dataclasses import asdict

from wms.cli.context import database_url, open_station, station_config
from wms.cli.output import add_format_option, emit
from wms.core.persistence.sqlite_reader import (
    StockFilter,
    StockLine,
    open_reader,
    require_owner,
    sqlite_file,
    stock_lines,
    the_warehouse,
)

STOCK_COLUMNS = ("sku", "location", "lot", "expiry", "handling_unit", "quantity", "status")
MOVEMENT_COLUMNS = (
    "station_seq",
    "created_at",
    "station",
    "operator",
    "kind",
    "sku",
    "lot",
    "quantity",
    "from_location",
    "to_location",
    "from_handling_unit",
    "to_handling_unit",
    "from_status",
    "to_status",
    "reference",
    "id",
)
PRODUCT_COLUMNS = (
    "sku",
    "name",
    "gtins",
    "tracks_lot",
    "tracks_expiry",
    "hs_code",
    "origin_country",
    "weight_kg",
    "unit_value",
    "currency",
    "fixed_location",
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    stock = subparsers.add_parser("stock", help="stock on hand by location, product, lot, unit")
    stock.add_argument("--sku")
    stock.add_argument("--location")
    stock.add_argument("--lot")
    stock.add_argument("--handling-unit", metavar="SSCC")
    stock.add_argument("--status", choices=("available", "reserved", "quarantined"))
    stock.add_argument(
        "--owner", help="only this owner's (merchant's) stock; with --format csv, its export"
    )
    add_format_option(stock)
    stock.set_defaults(handler=run_stock)

    movements = subparsers.add_parser("movements", help="the stock ledger, oldest first")
    movements.add_argument("--sku")
    movements.add_argument("--location", help="movements from or to this location")
    movements.add_argument("--kind")
    movements.add_argument("--reference")
    movements.add_argument("--station")
    movements.add_argument("--owner", help="only the movements of this owner's (merchant's) stock")
    movements.add_argument("--last", type=int, metavar="N", help="only the newest N movements")
    add_format_option(movements)
    movements.set_defaults(handler=run_movements)

    products = subparsers.add_parser("products", help="the product master data")
    products.add_argument("--sku")
    add_format_option(products)
    products.set_defaults(handler=run_products)


def _stock_filter(args: argparse.Namespace, warehouse: str) -> StockFilter:
    return StockFilter(
        warehouse=warehouse,
        sku=args.sku,
        location=args.location.upper() if args.location else None,
        lot=args.lot,
        handling_unit=args.handling_unit,
        status=args.status,
        owner=_owner(args),
    )


def _owner(args: argparse.Namespace) -> str | None:
    return str(args.owner).strip().upper() if getattr(args, "owner", None) else None


def run_stock(args: argparse.Namespace) -> int:
    # a SQLite station is read with the standard library alone: the whole command then starts
    # in a fraction of the time SQLAlchemy takes to import (see wms.core.persistence.sqlite_reader)
    config = station_config(args)
    path = sqlite_file(database_url(args) or config.database or None)
    lines: list[StockLine]
    if path is not None:
        with closing(open_reader(path)) as connection:
            where = _stock_filter(args, the_warehouse(connection, config.warehouse))
            if where.owner is not None:
                require_owner(connection, where.owner)
            lines = stock_lines(connection, where)
    else:
        from wms.core.services.owner_report import known_owner

        station = open_station(args)
        where = _stock_filter(args, station.warehouse)
        if where.owner is not None:
            known_owner(station.sessions, where.owner)  # an unknown owner is refused
        with station.unit_of_work() as uow:
            lines = uow.ledger.stock(where)
    emit([asdict(line) for line in lines], STOCK_COLUMNS, args.format)
    return 0


def run_movements(args: argparse.Namespace) -> int:
    from wms.core.services.owner_report import known_owner

    station = open_station(args)
    owner = _owner(args)
    warehouse = station.warehouse
    if owner is not None:
        known_owner(station.sessions, owner)  # an unknown owner is refused, not an empty list
    with station.unit_of_work() as uow:
        rows = uow.ledger.movements(
            warehouse=warehouse,
            owner=owner,
            sku=args.sku,
            location=args.location.upper() if args.location else None,
            kind=args.kind,
            reference=args.reference,
            station=args.station,
            limit=args.last,
            newest_first=args.last is not None,
        )
    if args.last is not None:
        rows.reverse()
    emit([asdict(row) for row in rows], MOVEMENT_COLUMNS, args.format)
    return 0


def run_products(args: argparse.Namespace) -> int:
    from wms.core.services import master_data_queries

    station = open_station(args)
    with station.unit_of_work() as uow:
        gtins = {
            sku: [g.gtin if g.quantity == 1 else f"{g.gtin}x{g.quantity}" for g in found]
            for sku, found in master_data_queries.gtins_by_sku(uow).items()
        }
        rows = [
            {
                **{c: getattr(product, c) for c in PRODUCT_COLUMNS if c != "gtins"},
                "gtins": " ".join(gtins.get(product.sku, [])),
            }
            for product in master_data_queries.product_rows(uow, args.sku)
        ]
    emit(rows, PRODUCT_COLUMNS, args.format)
    return 0
