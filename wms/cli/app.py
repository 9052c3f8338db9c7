"""``wms app``: the station desktop app (scanning screens, stock screens, print queue)."""

from __future__ import annotations

import argparse

from wms.messages import LANGUAGES


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "app",
        help="open the station app: login, scanning workflows, stock screens, print queue",
    )
    parser.add_argument(
        "--fullscreen", action="store_true", help="fill the screen (a scanning bench)"
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="the station's language (default: [station] language in wms.toml, else en)",
    )
    parser.add_argument(
        "--quit-after",
        type=float,
        metavar="SECONDS",
        default=0,
        help="close the app after this many seconds (start-up checks, benchmarks)",
    )
    parser.set_defaults(handler=run_app)


def run_app(args: argparse.Namespace) -> int:
    return open_app(args)


def open_app(args: argparse.Namespace, *, demo_printers: bool = False) -> int:
    """Run the station app with the options of ``args`` (``wms app``, ``wms demo``)."""
    from wms.ui.app import AppOptions, run_station_app

    return run_station_app(
        AppOptions(
            config_file=getattr(args, "config", None),
            database=getattr(args, "db", None),
            demo_printers=demo_printers,
            fullscreen=bool(getattr(args, "fullscreen", False)),
            quit_after=float(getattr(args, "quit_after", 0) or 0),
            language=getattr(args, "lang", None),
        )
    )
