"""``wms import owners|products|locations|asn|orders|sortplan FILE.csv``: all or nothing."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from wms.cli.context import open_station
from wms.core.services.hub.customs import import_decisions, import_decisions_bytes
from wms.core.services.hub.prealert import import_prealert, import_prealert_bytes
from wms.core.services.imports import KINDS, import_bytes, import_file
from wms.station import StationDatabase

_HELP = """\
Import a CSV file (UTF-8, comma-separated, header row first, columns in any order).
The whole file is checked first; a file with problems is refused as a whole, listing every
problem as 'line N, column C: what was wrong', and nothing is imported. FILE '-' reads stdin.
Column formats: the README's 'CSV formats' section; 'prealert' and 'customs' also read FILE.json
(the README's 'Parcel hub' section)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import owners, products, locations, ASNs, orders or a sort plan from CSV",
        description=_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("kind", choices=(*KINDS, "prealert", "customs"), help="what the file holds")
    parser.add_argument("file", metavar="FILE.csv", help="the CSV file ('-' for stdin)")
    parser.add_argument(
        "--warehouse",
        metavar="CODE",
        help="warehouse to import into (default: the configured one, or the database's only one)",
    )
    parser.set_defaults(handler=run)


class TerminalProgress:
    """A progress line on a terminal, rewritten in place."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = done * 100 // max(total, 1)
        if percent != self.shown:
            self.shown = percent
            self.stream.write(f"\r{self.label}: {percent:3d}%")
            self.stream.flush()

    def close(self) -> None:
        if self.shown >= 0:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    context = open_station(args)
    warehouse = args.warehouse or context.config.warehouse or None
    progress = (
        TerminalProgress(sys.stderr, f"importing {args.kind} from {args.file}")
        if sys.stderr.isatty()
        else None
    )
    try:
        if args.kind == "prealert":
            return _prealert(args, context, warehouse, progress)
        if args.kind == "customs":
            return _customs(args, context, warehouse)
        if args.file == "-":
            result = import_bytes(
                context.sessions,
                args.kind,
                sys.stdin.buffer.read(),
                source="<stdin>",
                warehouse=warehouse,
                progress=progress,
            )
        else:
            result = import_file(
                context.sessions, args.kind, args.file, warehouse=warehouse, progress=progress
            )
    finally:
        if progress is not None:
            progress.close()
    print(result.summary())
    return 0


def _prealert(
    args: argparse.Namespace,
    context: StationDatabase,
    warehouse: str | None,
    progress: TerminalProgress | None,
) -> int:
    sessions = context.sessions
    settings = context.config.rules.hub
    if args.file == "-":
        data = sys.stdin.buffer.read()
        result = import_prealert_bytes(
            sessions,
            data,
            source="<stdin>",
            json_format=data.lstrip()[:1] in (b"{", b"["),
            warehouse=warehouse,
            settings=settings,
            progress=progress,
        )
    else:
        result = import_prealert(
            sessions, args.file, warehouse=warehouse, settings=settings, progress=progress
        )
    print(result.summary())
    return 0


def _customs(args: argparse.Namespace, context: StationDatabase, warehouse: str | None) -> int:
    if args.file == "-":
        data = sys.stdin.buffer.read()
        result = import_decisions_bytes(
            context.sessions,
            data,
            source="<stdin>",
            json_format=data.lstrip()[:1] in (b"{", b"["),
            warehouse=warehouse,
        )
    else:
        result = import_decisions(context.sessions, args.file, warehouse=warehouse)
    print(result.summary())
    return 0
