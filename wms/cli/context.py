"""What every command needs: the global options (``--config``, ``--db``) made plain values for
the station factory (:mod:`wms.station`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from wms.config import StationConfig, load_config

if TYPE_CHECKING:  # the factory (SQLAlchemy, devices) loads only for commands that open one
    from wms.station import Station, StationDatabase


def station_config(args: argparse.Namespace) -> StationConfig:
    """The configuration ``--config`` names (else ``$WMS_CONFIG``, else ``./wms.toml``)."""
    return load_config(getattr(args, "config", None))


def database_url(args: argparse.Namespace) -> str | None:
    """``--db``, if given (else the configuration's database)."""
    value = getattr(args, "db", None)
    return str(value) if value else None


def open_station(args: argparse.Namespace, *, create: bool = False) -> StationDatabase:
    """Open the station database; unless ``create``, it must exist at the newest schema."""
    from wms.station import open_database

    return open_database(station_config(args), database_url(args), create=create)


def open_bench(args: argparse.Namespace, config: StationConfig | None = None) -> Station:
    """The whole station (session factory, devices, print routing) of ``args``."""
    from wms.station import build_station, open_database

    chosen = config or station_config(args)
    return build_station(open_database(chosen, database_url(args)))
