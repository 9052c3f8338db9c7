"""``wms locations``: list locations; ``wms locations generate``: create a grid of them."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TextIO

from wms.cli.context import open_station
from wms.cli.output import add_format_option, emit
from wms.core.domain.check_digits import location_check_digits
from wms.core.domain.model import Location, LocationType
from wms.core.services import master_data_queries
from wms.core.services.imports_base import plural
from wms.core.services.imports_locations import LOCATION_FIELDS, location_values
from wms.core.services.location_generator import (
    generate_locations,
    parse_aisles,
    parse_numbers,
    save_generated,
)

LOCATION_TYPES = tuple(t.value for t in LocationType)
COLUMNS = (*LOCATION_FIELDS, "check_digits")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "locations",
        help="list locations (or 'generate' a grid of them)",
        description="List the warehouse's locations in walking order with their check digits. "
        "'wms locations generate --help' creates aisles x racks x levels x bins.",
    )
    parser.add_argument("--type", dest="type_filter", choices=LOCATION_TYPES, help="only this type")
    parser.add_argument("--zone", help="only this zone")
    parser.add_argument("--warehouse", metavar="CODE", help="default: the station's warehouse")
    add_format_option(parser)
    parser.set_defaults(handler=list_locations)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    generate = actions.add_parser(
        "generate",
        help="generate a grid of locations",
        description="Generate locations AISLE-RR-LL-B (rack and level with 2 digits), e.g. "
        "A-01-02-3, numbered along a serpentine walk (aisle A racks ascending, aisle B "
        "descending...; level then bin within a rack) after the warehouse's highest walk "
        "sequence. Existing codes are refused unless --update.",
    )
    generate.add_argument("--aisles", required=True, help="e.g. A-D, A,C,E or 1-12")
    generate.add_argument("--racks", required=True, help="e.g. 1-6 (1 to 99)")
    generate.add_argument("--levels", required=True, help="e.g. 1-3 (1 to 99)")
    generate.add_argument("--bins", default="1", help="e.g. 1-2 (default 1)")
    generate.add_argument(
        "--type",
        dest="location_type",
        choices=LOCATION_TYPES,
        default=LocationType.STORAGE.value,
        help="location type (default storage)",
    )
    generate.add_argument("--zone", dest="generate_zone", default="", help="zone code")
    generate.add_argument("--capacity-units", type=_count, metavar="N")
    generate.add_argument("--capacity-kg", type=_kilograms, metavar="KG")
    generate.add_argument("--prefix", default="", help="put before every code, e.g. 'Z1-'")
    generate.add_argument(
        "--warehouse",
        dest="generate_warehouse",
        metavar="CODE",
        help="default: the station's warehouse",
    )
    generate.add_argument(
        "--csv",
        metavar="OUT.csv",
        help="write a 'wms import locations' file instead of inserting ('-' for stdout)",
    )
    generate.add_argument(
        "--start-sequence",
        type=_count,
        metavar="N",
        help="first walk sequence with --csv (default: after the database's highest)",
    )
    generate.add_argument(
        "--update", action="store_true", help="update locations that already exist"
    )
    generate.set_defaults(handler=generate_command)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found '{text}'") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, found {value}")
    return value


def _kilograms(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"expected a number like 500.5, found '{text}'") from None
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 kg or more, found '{text}'")
    return value


def list_locations(args: argparse.Namespace) -> int:
    context = open_station(args)
    warehouse = args.warehouse or context.warehouse
    with context.unit_of_work() as uow:
        rows = [
            {
                **{column: getattr(row, column) for column in LOCATION_FIELDS},
                "check_digits": location_check_digits(warehouse, row.code),
            }
            for row in master_data_queries.location_rows(
                uow,
                warehouse,
                location_type=args.type_filter or None,
                zone=args.zone.upper() if args.zone else None,
            )
        ]
    emit(rows, COLUMNS, args.format)
    return 0


def generate_command(args: argparse.Namespace) -> int:
    aisles = parse_aisles(args.aisles)
    racks = parse_numbers(args.racks, "racks")
    levels = parse_numbers(args.levels, "levels")
    bins = parse_numbers(args.bins, "bins", maximum=9999)
    explicit = args.generate_warehouse or args.warehouse

    def grid(warehouse: str, first_sequence: int = 1) -> list[Location]:
        return generate_locations(
            warehouse,
            aisles,
            racks,
            levels,
            bins,
            location_type=LocationType(args.location_type),
            zone=args.generate_zone,
            capacity_units=args.capacity_units,
            capacity_kg=args.capacity_kg,
            prefix=args.prefix,
            first_sequence=first_sequence,
        )

    if args.csv:
        if args.start_sequence is not None:
            locations = grid(explicit or "", args.start_sequence)
        else:
            context = open_station(args)
            warehouse = explicit or context.warehouse
            with context.unit_of_work() as uow:
                first = master_data_queries.first_free_walk_sequence(uow, warehouse)
            locations = grid(warehouse, first)
        _write_csv(args.csv, locations)
        message = (
            f"wrote {plural(len(locations), 'location', 'locations')} to {args.csv} (walk sequence "
            f"{locations[0].walk_sequence}-{locations[-1].walk_sequence})"
        )
        print(message, file=sys.stderr if args.csv == "-" else sys.stdout)
        return 0
    context = open_station(args)
    warehouse = explicit or context.warehouse
    result = save_generated(
        context.sessions, grid(warehouse), warehouse=warehouse, update_existing=args.update
    )
    print(result.summary())
    return 0


def _write_csv(target: str, locations: Sequence[Location]) -> None:
    def write(stream: TextIO) -> None:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(LOCATION_FIELDS)
        for location in locations:
            values = location_values(location)
            writer.writerow(["" if values[f] is None else values[f] for f in LOCATION_FIELDS])

    if target == "-":
        write(sys.stdout)
    else:
        with Path(target).open("w", encoding="utf-8", newline="") as stream:
            write(stream)
