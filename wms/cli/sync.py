"""``wms sync [--once | --status]``: push unsent movements to central, pull the feed."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import UTC, datetime

from wms.cli.context import open_station
from wms.cli.output import add_format_option, emit
from wms.core.domain.errors import ConfigError
from wms.core.sync.identity import only_warehouse
from wms.core.sync.protocol import PROTOCOL_VERSION
from wms.core.sync.pull import DEFAULT_PAGE
from wms.core.sync.push import DEFAULT_BATCH
from wms.core.sync.runner import SyncReport, run_forever, status, sync_once
from wms.station import StationDatabase


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="synchronise with the central database (push movements, pull the warehouse feed)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one cycle, then exit")
    mode.add_argument(
        "--status", action="store_true", help="show waiting movements and the last sync"
    )
    parser.add_argument(
        "--url", help="central URL (default: $WMS_CENTRAL_URL or [central] url in wms.toml)"
    )
    parser.add_argument(
        "--interval", type=float, default=30.0, help="seconds between cycles (default 30)"
    )
    parser.add_argument(
        "--max-backoff",
        type=float,
        default=300.0,
        help="longest wait after repeated failures (default 300 s)",
    )
    parser.add_argument(
        "--batch-size", type=int, default=DEFAULT_BATCH, help="movements per push transaction"
    )
    parser.add_argument(
        "--page-size", type=int, default=DEFAULT_PAGE, help="feed entries per pull transaction"
    )
    parser.add_argument(
        "--protocol",
        type=int,
        default=PROTOCOL_VERSION,
        help=f"highest sync protocol version to speak (default {PROTOCOL_VERSION})",
    )
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="print each batch and page on stderr"
    )
    add_format_option(parser)
    parser.set_defaults(handler=run_sync)


def _central_url(args: argparse.Namespace, station: StationDatabase) -> str:
    url = args.url or station.config.central_url
    if not url:
        raise ConfigError(
            "no central database URL: expected --url, $WMS_CENTRAL_URL or [central] url in "
            "wms.toml, found none"
        )
    return url


def _warehouse(station: StationDatabase, url: str) -> str:
    """The station's warehouse; a new, empty database (``wms init``) takes the one its
    central URL's role belongs to."""
    if station.config.warehouse:
        return station.config.warehouse
    with station.unit_of_work() as uow:
        empty = not uow.warehouses.all()
    return only_warehouse(url) if empty else station.warehouse


def _ago(moment: datetime | None) -> str:
    if moment is None:
        return "never"
    seconds = int((datetime.now(UTC) - moment).total_seconds())
    if seconds < 120:
        return f"{seconds} s ago"
    if seconds < 7200:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


def run_status(args: argparse.Namespace, station: StationDatabase) -> int:
    state = status(station.sessions, station.warehouse, station.station)
    if args.format != "table":
        emit([state.as_row()], list(state.as_row()), args.format)
        return 0
    print(f"station {state.station} of warehouse {state.warehouse}")
    origins = ", ".join(f"{o}: {n}" for o, n in sorted(state.waiting_by_origin.items()))
    print(f"  waiting to be sent: {state.waiting}" + (f" ({origins})" if origins else ""))
    when = state.last_sync_at.isoformat(timespec="seconds") if state.last_sync_at else ""
    print(f"  last successful sync: {_ago(state.last_sync_at)} {when}".rstrip())
    print(f"  feed read up to: {state.feed_seq}")
    if state.last_error:
        print(f"  last error ({_ago(state.last_attempt_at)}): {state.last_error}")
    if state.refused:
        print(f"  refused by central at the last sync: {state.refused} (see 'wms conflicts')")
    if abs(state.clock_skew_seconds) > 120:
        print(f"  WARNING station clock differs from central by {state.clock_skew_seconds} s")
    return 0


def run_sync(args: argparse.Namespace) -> int:
    station = open_station(args)
    if args.status:
        return run_status(args, station)
    url = _central_url(args, station)
    warehouse, station_id = _warehouse(station, url), station.station

    def progress(text: str) -> None:
        if args.verbose:
            print(text, file=sys.stderr, flush=True)

    def cycle() -> SyncReport:
        return sync_once(
            station.sessions,
            url,
            warehouse=warehouse,
            station=station_id,
            batch_size=args.batch_size,
            page_size=args.page_size,
            protocol=args.protocol,
            progress=progress,
        )

    if args.once:
        report = cycle()
        print(f"sync ok: {report.line()}")
        return 0
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    print(
        f"syncing station {station_id} ({warehouse}) every {args.interval:g} s; Ctrl+C stops",
        flush=True,
    )
    run_forever(
        cycle,
        interval=args.interval,
        max_backoff=args.max_backoff,
        out=lambda line: print(line, flush=True),
        should_stop=stop.is_set,
    )
    print("sync stopped")
    return 0
