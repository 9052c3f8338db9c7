"""``wms label KIND ...``: print a label from explicit values (no database needed).

Kinds: location, product, sscc, bag, badge, commands. ``--format zpl|pdf|png`` (default: from the
``--out`` file's extension, else ZPL); ``--out -`` (the default) writes to standard output.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from wms.core.domain.errors import InvalidValue

if TYPE_CHECKING:
    from wms.labels import Label

FORMATS = ("zpl", "pdf", "png")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "label",
        help="render a label (location, product, sscc, bag, badge, commands) as ZPL, PDF or PNG",
        description="Render one label from explicit values as ZPL II (203 dpi), PDF or PNG.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)

    location = _kind(kinds, "location", "a location label: code, check digits, LOC:<code>")
    location.add_argument("code", help="location code, e.g. A-01-02-3")
    location.add_argument("--warehouse", required=True, help="site code, e.g. CMN1")
    location.add_argument("--zone", default="")
    location.add_argument("--type", dest="location_type", default="", help="e.g. storage")
    location.add_argument("--check-digits", help="2 digits (default: computed)")

    product = _kind(kinds, "product", "a product label: GS1-128 (01)(17)(10)(30)")
    product.add_argument("--gtin", required=True, help="GTIN-8/12/13/14 (stored as GTIN-14)")
    product.add_argument("--sku", required=True)
    product.add_argument("--name", required=True)
    product.add_argument("--lot")
    product.add_argument("--expiry", help="YYYY-MM-DD")
    product.add_argument("--quantity", help="units (AI 30)")
    product.add_argument(
        "--datamatrix", action="store_true", help="GS1 DataMatrix instead of GS1-128"
    )

    sscc = _kind(kinds, "sscc", "the GS1 logistic label (4x6 in) of a parcel or pallet")
    _sscc_options(sscc)
    sscc.add_argument("--carrier", required=True)
    sscc.add_argument("--service", default="")
    sscc.add_argument("--order", default="", help="order reference")
    sscc.add_argument("--weight", help="kg")
    sscc.add_argument("--parcel", default="1", help="parcel number (n of m)")
    sscc.add_argument("--parcels", default="1", help="parcel count (m)")
    sscc.add_argument("--content-gtin")
    sscc.add_argument("--content-count")
    for side, required in (("ship-to", True), ("ship-from", False)):
        sscc.add_argument(f"--{side}-name", required=required)
        sscc.add_argument(
            f"--{side}-address", action="append", default=[], help="address line (repeatable)"
        )
        sscc.add_argument(f"--{side}-postcode", required=required, default="")
        sscc.add_argument(f"--{side}-city", required=required, default="")
        sscc.add_argument(f"--{side}-country", required=required, help="ISO code, e.g. FR")

    bag = _kind(kinds, "bag", "a sort bag / cage label: destination and SSCC")
    _sscc_options(bag)
    bag.add_argument("--destination-code", required=True, help="e.g. FR-PAR")
    bag.add_argument("--destination-name", required=True, help="e.g. 'France - Paris hub'")
    bag.add_argument("--carrier", default="")
    bag.add_argument("--parcels", default="0", help="parcels in the bag")
    bag.add_argument("--weight", help="kg")

    badge = _kind(kinds, "badge", "an operator badge: BADGE:<id>, name, role")
    badge.add_argument("--badge", required=True, help="badge id")
    badge.add_argument("--name", required=True)
    badge.add_argument("--role", default="operator", help="operator, supervisor or admin")

    commands = _kind(kinds, "commands", "the command barcode sheet of a bench")
    commands.add_argument("--title", default="Command barcodes")


def _kind(
    kinds: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str
) -> argparse.ArgumentParser:
    parser = kinds.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("--format", choices=FORMATS, help="default: from --out, else zpl")
    parser.add_argument("--out", default="-", metavar="FILE", help="output file, - for stdout")
    parser.add_argument("--dpi", type=int, default=203, help="PNG resolution (default 203)")
    parser.add_argument(
        "--printer-font",
        metavar="FONT",
        help="ZPL: a TrueType font stored on the printer (e.g. E:TT0003M_.TTF) for scripts the "
        "resident font lacks, such as Arabic",
    )
    parser.set_defaults(handler=run)
    return parser


def _sscc_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sscc", help="18-digit SSCC (check digit verified)")
    parser.add_argument("--company-prefix", help="GS1 company prefix to build the SSCC from")
    parser.add_argument("--serial", help="serial reference to build the SSCC from")
    parser.add_argument("--extension-digit", default="3", help="SSCC extension digit (default 3)")


def _date(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(what, text, "a date YYYY-MM-DD", "other text") from None


def _int(text: str, what: str) -> int:
    if not text.strip().isdigit():
        raise InvalidValue(what, text, "a whole number", "other text")
    return int(text)


def _sscc_value(args: argparse.Namespace) -> tuple[str, int]:
    from wms.labels.gs1 import build_sscc

    if args.sscc:
        if args.company_prefix or args.serial:
            raise InvalidValue("SSCC", args.sscc, "--sscc or --company-prefix/--serial", "both")
        return args.sscc, 7
    if not args.company_prefix or args.serial is None:
        raise InvalidValue("SSCC", "", "--sscc, or --company-prefix and --serial", "neither given")
    extension = _int(args.extension_digit, "SSCC extension digit")
    built = build_sscc(args.company_prefix, _int(args.serial, "serial"), extension)
    return built, len(args.company_prefix.strip())


def build_label(args: argparse.Namespace) -> Label:
    from wms.labels import (
        Address,
        BadgeLabel,
        BagLabel,
        CommandSheet,
        LocationLabel,
        ProductLabel,
        SsccLabel,
    )

    if args.kind == "location":
        return LocationLabel(
            args.warehouse, args.code, args.check_digits, args.zone, args.location_type
        )
    if args.kind == "product":
        quantity = _int(args.quantity, "quantity") if args.quantity else None
        return ProductLabel(
            args.gtin,
            args.sku,
            args.name,
            lot=args.lot,
            expiry=_date(args.expiry, "expiry date"),
            quantity=quantity,
            symbology="gs1-datamatrix" if args.datamatrix else "gs1-128",
        )
    if args.kind == "sscc":
        sscc, prefix_length = _sscc_value(args)
        ship_to = Address(
            args.ship_to_name,
            tuple(args.ship_to_address),
            args.ship_to_postcode,
            args.ship_to_city,
            args.ship_to_country,
        )
        ship_from = None
        if args.ship_from_name:
            ship_from = Address(
                args.ship_from_name,
                tuple(args.ship_from_address),
                args.ship_from_postcode,
                args.ship_from_city,
                args.ship_from_country or "",
            )
        return SsccLabel(
            sscc,
            ship_from,
            ship_to,
            args.carrier,
            service=args.service,
            order_reference=args.order,
            weight_kg=args.weight,
            parcel_number=_int(args.parcel, "parcel number"),
            parcel_count=_int(args.parcels, "parcel count"),
            content_gtin=args.content_gtin,
            content_count=_int(args.content_count, "count") if args.content_count else None,
            company_prefix_length=prefix_length,
        )
    if args.kind == "bag":
        sscc, prefix_length = _sscc_value(args)
        return BagLabel(
            sscc,
            args.destination_code,
            args.destination_name,
            carrier=args.carrier,
            parcel_count=_int(args.parcels, "parcel count"),
            weight_kg=args.weight,
            company_prefix_length=prefix_length,
        )
    if args.kind == "badge":
        return BadgeLabel(args.badge, args.name, args.role)
    return CommandSheet.of(args.title, command_sheet_entries())


def command_sheet_entries() -> list[tuple[str, str]]:
    """(barcode text, caption) for every command of :mod:`wms.core.barcodes.commands`; a command
    taking an argument gets one barcode per argument (a workflow of :class:`StationMode`, a
    returns grade or reason code)."""
    from wms.core.barcodes import commands

    entries: list[tuple[str, str]] = []
    for command in commands.COMMANDS:
        if command.takes_argument:
            entries.extend(
                (commands.command_barcode(command.name, argument), command.caption(argument))
                for argument in command.arguments
            )
        else:
            entries.append((commands.command_barcode(command.name), command.description))
    return entries


def run(args: argparse.Namespace) -> int:
    from wms.labels import render_pdf, render_png, render_zpl

    fmt = args.format
    if fmt is None:
        suffix = Path(args.out).suffix.lower().lstrip(".") if args.out != "-" else ""
        fmt = suffix if suffix in FORMATS else "zpl"
    label = build_label(args)
    if fmt == "zpl":
        payload = render_zpl(label, font=args.printer_font).encode("utf-8")
    elif fmt == "pdf":
        payload = render_pdf(label)
    else:
        payload = render_png(label, dpi=args.dpi)
    if args.out == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    else:
        Path(args.out).write_bytes(payload)
        print(
            f"{args.kind} label written to {args.out} ({fmt}, {len(payload)} bytes)",
            file=sys.stderr,
        )
    return 0
