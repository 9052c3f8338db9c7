"""Station configuration: ``wms.toml`` (station id, warehouse, database, central URL, devices).

Looked up from ``--config``, then ``$WMS_CONFIG``, then ``./wms.toml``; every setting has a
default, so a station runs without a file. Example::

    [station]
    id = "CMN1-S01"
    warehouse = "CMN1"
    database = "sqlite:////var/lib/wms/station.db"
    workflows = ["receiving", "putaway", "picking", "sorting", "packing", "count", "move"]

    [central]
    url = "postgresql://cmn1_station@central.example/wms?sslmode=require"

    [devices.scanner]
    role = "scanner"
    url = "/dev/serial/by-id/usb-Honeywell_1900-if00"
"""

from __future__ import annotations

import os
import socket
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wms.core.domain.errors import ConfigError

ALL_WORKFLOWS = (
    "receiving",
    "putaway",
    "move",
    "count",
    "adjust",
    "transfer",
    "picking",
    "sorting",
    "packing",
    "shipping",
)


@dataclass
class StationConfig:
    station: str = ""
    warehouse: str = ""
    database: str = ""
    central_url: str = ""
    workflows: tuple[str, ...] = ALL_WORKFLOWS
    language: str = "en"
    devices: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: Path | None = None
    raw: dict[str, Any] = field(default_factory=dict)


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """``explicit`` (must exist), else ``$WMS_CONFIG`` (must exist), else ``./wms.toml``."""
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ConfigError(f"configuration file '{path}' does not exist")
        return path
    env = os.environ.get("WMS_CONFIG")
    if env:
        path = Path(env).expanduser()
        if not path.is_file():
            raise ConfigError(f"$WMS_CONFIG names '{path}', which does not exist")
        return path
    local = Path("wms.toml")
    return local if local.is_file() else None


def load_config(explicit: str | os.PathLike[str] | None = None) -> StationConfig:
    path = config_path(explicit)
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from None
        except OSError as error:
            raise ConfigError(f"{path}: cannot be read ({error.strerror})") from None
    station = _table(data, "station", path)
    central = _table(data, "central", path)
    devices = _table(data, "devices", path)
    workflows = station.get("workflows", list(ALL_WORKFLOWS))
    unknown = [w for w in workflows if w not in ALL_WORKFLOWS]
    if unknown:
        raise ConfigError(
            f"{path}: station.workflows: expected some of {', '.join(ALL_WORKFLOWS)}, "
            f"found {', '.join(map(str, unknown))}"
        )
    return StationConfig(
        station=str(station.get("id") or os.environ.get("WMS_STATION") or ""),
        warehouse=str(station.get("warehouse") or os.environ.get("WMS_WAREHOUSE") or ""),
        database=str(station.get("database") or ""),
        central_url=str(central.get("url") or os.environ.get("WMS_CENTRAL_URL") or ""),
        workflows=tuple(workflows),
        language=str(station.get("language") or "en"),
        devices={name: dict(table) for name, table in devices.items()},
        path=path,
        raw=data,
    )


def default_station_id() -> str:
    host = socket.gethostname().split(".")[0].upper() or "STATION"
    return host[:32]


def _table(data: dict[str, Any], name: str, path: Path | None) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [{name}]: expected a table, found {type(value).__name__}")
    return value
