"""``wms owners report OWNER --from DATE --to DATE [--timezone ZONE] [--csv FILE] [--pdf FILE]``:
the figures a hub bills one owner (merchant) by over a period, from the ledger (see
:mod:`wms.core.services.owner_report` for the rules), counted in the days of the hub's time
zone (``[station] timezone``, or ``--timezone``). Without ``--csv``/``--pdf`` the figures are
printed as a table; ``--csv -`` writes the CSV to standard output."""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from wms.cli.context import open_station
from wms.cli.output import emit
from wms.core.domain.errors import InvalidValue, StorageError
from wms.core.domain.time_zones import time_zone, zone_name

if TYPE_CHECKING:
    from wms.core.services.owner_report import OwnerActivity
    from wms.labels.documents import ActivityReport

REPORT_HELP = "an owner's activity over a period (what the hub bills by), as CSV and PDF"


def add_report_parser(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = actions.add_parser("report", help=REPORT_HELP, description=__doc__)
    report.add_argument("owner", metavar="OWNER", help="the owner's code, e.g. ARGAN")
    report.add_argument("--from", dest="start", required=True, metavar="DATE", help="first day")
    report.add_argument("--to", dest="end", required=True, metavar="DATE", help="last day")
    report.add_argument(
        "--timezone",
        metavar="ZONE",
        help="the days' time zone, e.g. Africa/Casablanca (default: [station] timezone, else UTC)",
    )
    report.add_argument("--csv", metavar="FILE", help="write the CSV here ('-' for stdout)")
    report.add_argument("--pdf", metavar="FILE", help="write the PDF here")
    report.set_defaults(handler=run_report)


def _day(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(option, text, "a date such as 2026-12-01", "other text") from None


def run_report(args: argparse.Namespace) -> int:
    from wms.core.services.owner_report import activity_report, report_csv_rows

    start, end = _day("--from", args.start), _day("--to", args.end)
    zone = time_zone(args.timezone) if args.timezone is not None else None
    station = open_station(args)
    warehouse = station.warehouse
    report = activity_report(
        station.sessions,
        warehouse,
        args.owner.strip().upper(),
        start,
        end,
        zone or station.config.time_zone,
    )
    if args.csv:
        rows = report_csv_rows(report)
        if args.csv == "-":
            csv.writer(sys.stdout, lineterminator="\n").writerows(rows)
        else:
            _write(Path(args.csv), lambda out: csv.writer(out, lineterminator="\n").writerows(rows))
    if args.pdf:
        from wms.labels.pdf import render_pdf

        content = render_pdf(activity_document(report), title=f"Activity {report.owner.code}")
        try:
            Path(args.pdf).write_bytes(content)
        except OSError as error:
            raise StorageError(f"could not write {args.pdf}: {error.strerror}") from error
    if not args.csv and not args.pdf:
        emit(
            [{"figure": f.key, "value": f.value, "unit": f.unit} for f in report.figures()],
            ("figure", "value", "unit"),
            "table",
        )
    elif args.csv != "-":
        written = " and ".join(p for p in (args.csv, args.pdf) if p)
        print(
            f"activity of {report.owner.code} {start} .. {end} "
            f"({zone_name(report.zone)} days) written to {written}"
        )
    return 0


def _write(path: Path, write: object) -> None:
    try:
        with path.open("w", encoding="utf-8", newline="") as out:
            write(out)  # type: ignore[operator]
    except OSError as error:
        raise StorageError(f"could not write {path}: {error.strerror}") from error


def activity_document(report: OwnerActivity) -> ActivityReport:
    """The report as the PDF document of :mod:`wms.labels`."""
    from wms.labels.documents import ActivityDay, ActivityFigure, ActivityReport

    owner = report.owner
    reach = " · ".join(part for part in (owner.contact_email, owner.contact_phone) if part)
    contact = f"Contact: {owner.contact_name}" if owner.contact_name else ""
    return ActivityReport(
        owner_code=owner.code,
        owner_name=owner.name,
        hub=report.warehouse,
        start=report.start,
        end=report.end,
        figures=tuple(ActivityFigure(f.caption, f.value, f.unit) for f in report.figures()),
        days=tuple(
            ActivityDay(
                d.day,
                d.units_on_hand,
                d.positions,
                d.received_units,
                d.picked_units,
                d.parcels_shipped,
            )
            for d in report.days
        ),
        owner_lines=(*owner.address.splitlines(), owner.country, contact, reach),
        tax_id=owner.tax_id,
        issued_on=date.today(),
        notes=(
            f"Days of {zone_name(report.zone)}. Unit-days: the owner's units on hand at each "
            "day's end, summed. Pallet-days: "
            "the handling units holding the owner's stock at each day's end (loose units: one "
            "per location), summed. Transit locations are not counted as stored.",
        ),
    )
