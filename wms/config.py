"""Station configuration: ``wms.toml`` read once into one typed model.

:func:`load_config` reads the file with :mod:`tomllib` and returns a frozen
:class:`StationConfig`: who the station is (``[station]``), the central database
(``[central]``), the workflow rules (``[workflows]`` plus the ``dock`` and
``idle_timeout_minutes`` of ``[station]``, as :class:`WorkflowSettings`) and the devices
(``[devices.NAME]``, validated by :mod:`wms.devices.config`). Every setting has a default, so a
station runs without a file. A wrong value is an :class:`InvalidSetting` naming the file, the
key, what was expected and what was found; an unknown key is refused with the known ones.

The file is ``--config FILE``, else ``$WMS_CONFIG``, else ``./wms.toml`` if present. Example::

    [station]
    id = "CMN1-S01"              # default: $WMS_STATION, else the host name
    warehouse = "CMN1"           # default: $WMS_WAREHOUSE, else the database's only warehouse
    database = "sqlite:////var/lib/wms/station.db"
    workflows = ["receiving", "putaway", "picking", "sorting", "packing", "count", "move"]
    language = "en"
    timezone = "Africa/Casablanca"  # the hub's days in reports (default UTC)
    dock = "DOCK-02"             # where receiving posts unless a dock is scanned
    idle_timeout_minutes = 15    # an idle operator is logged out

    [workflows]
    double_read_seconds = 0.3    # the same barcode again this fast is a double read, counted once
    over_receipt_tolerance = 0.05
    max_failed_pins = 5          # wrong PINs in a row before the badge is locked
    lockout_minutes = 5
    putaway_order = ["fixed", "consolidate", "empty"]
    keyed_weight_needs_supervisor = false  # true: a keyed parcel weight needs a supervisor badge

    [central]
    url = "postgresql://cmn1_station@central.example/wms?sslmode=require"  # or $WMS_CENTRAL_URL
    background = true            # the station app runs the sync loop itself
    interval = 30                # seconds between sync cycles
    max_backoff = 300            # seconds, the longest wait after failures

    [devices.label_printer]
    role = "printer"
    url = "tcp://zebra-pack-01:9100"
    default = true               # the printer of labels (a pdf printer gets the documents)

``$WMS_LABEL_PRINTER`` / ``$WMS_DOCUMENT_PRINTER`` (a device name or printer URL) override the
printers the devices give.
"""

from __future__ import annotations

import os
import socket
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, timedelta, tzinfo
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

from wms.core.domain.errors import ConfigError, InvalidValue
from wms.core.domain.hub_rules import HubSettings
from wms.core.domain.modes import StationMode
from wms.core.domain.parcel_ids import CheckRule, TrackingPattern
from wms.core.domain.time_zones import DEFAULT_ZONE, time_zone
from wms.core.domain.workflow_rules import STRATEGIES, PutawayPolicy, WorkflowSettings
from wms.devices.config import DeviceConfig, DeviceSettings, parse_device_settings

#: A parsed TOML table (tomllib's values: str, int, float, bool, date, list, table).
TomlTable = Mapping[str, object]

DEFAULT_FILE_LABEL = "wms.toml"


class InvalidSetting(ConfigError):
    """One setting of ``wms.toml`` is wrong: which file, which key, what was expected, found."""

    def __init__(self, file: str, key: str, expected: str, found: str) -> None:
        self.file = file
        self.key = key
        self.expected = expected
        self.found = found
        super().__init__(f"{file}: {key}: expected {expected}, found {found}")


@dataclass(frozen=True)
class CentralSettings:
    """``[central]``: the central database this station synchronises with."""

    url: str = ""
    background: bool = True
    interval_seconds: float = 30.0
    max_backoff_seconds: float = 300.0


@dataclass(frozen=True)
class StationConfig:
    """Everything ``wms.toml`` (and the ``$WMS_*`` variables) say about this station."""

    station: str = ""
    warehouse: str = ""
    database: str = ""
    language: str = "en"
    #: the hub's time zone: the calendar days of its reports (``[station] timezone``)
    time_zone: tzinfo = UTC
    workflows: tuple[StationMode, ...] = tuple(StationMode)
    rules: WorkflowSettings = field(default_factory=WorkflowSettings)
    central: CentralSettings = field(default_factory=CentralSettings)
    devices: DeviceSettings = field(default_factory=lambda: DeviceSettings({}, ""))
    #: why the ``[devices]`` tables could not be used (the app then runs without devices)
    device_problem: ConfigError | None = None
    #: ``$WMS_LABEL_PRINTER`` / ``$WMS_DOCUMENT_PRINTER``, else the configured printers' names
    label_printer: str = ""
    document_printer: str = ""
    path: Path | None = None
    #: the document as read, for code that writes it back (the settings dialog)
    raw: TomlTable = field(default_factory=lambda: MappingProxyType({}))

    @property
    def central_url(self) -> str:
        return self.central.url

    @property
    def source(self) -> str:
        return str(self.path) if self.path is not None else DEFAULT_FILE_LABEL

    def require_devices(self) -> DeviceSettings:
        """The devices, or the error that kept them from being read."""
        if self.device_problem is not None:
            raise self.device_problem
        return self.devices

    def with_rules(self, rules: WorkflowSettings) -> StationConfig:
        """This configuration with other workflow rules (a command-line override)."""
        return replace(self, rules=rules)


# -- where the file is --------------------------------------------------------------------------


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
    """The station's configuration (defaults when there is no file)."""
    path = config_path(explicit)
    if path is None:
        return config_from_mapping({})
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror})") from None
    return config_from_text(text, path)


def config_from_text(text: str, path: Path | None = None) -> StationConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path or DEFAULT_FILE_LABEL}: not valid TOML: {error}") from None
    return config_from_mapping(data, path)


def default_station_id() -> str:
    host = socket.gethostname().split(".")[0].upper() or "STATION"
    return host[:32]


# -- the reader ---------------------------------------------------------------------------------

STATION_KEYS = (
    "id",
    "warehouse",
    "database",
    "workflows",
    "language",
    "timezone",
    "dock",
    "idle_timeout_minutes",
)
WORKFLOW_KEYS = (
    "double_read_seconds",
    "over_receipt_tolerance",
    "max_failed_pins",
    "lockout_minutes",
    "putaway_order",
    "keyed_weight_needs_supervisor",
)
CENTRAL_KEYS = ("url", "background", "interval", "max_backoff")
HUB_KEYS = (
    "hold_location",
    "exception_location",
    "bag_weight_tolerance_kg",
    "default_promise_hours",
    "at_risk_hours",
    "sort_plan",
    "handover_loose_parcels",
    "services",
    "carriers",
)
CARRIER_KEYS = ("prefix", "length", "check")
TABLES = ("station", "workflows", "central", "devices", "hub")


class _Table:
    """Typed reads of one table of the document; every refusal names file and key."""

    def __init__(self, file: str, name: str, data: TomlTable, known: tuple[str, ...]) -> None:
        self.file = file
        self.name = name
        self.data = data
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise InvalidSetting(
                file,
                f"{name}.{unknown[0]}" if name else unknown[0],
                f"one of the known keys ({', '.join(known)})",
                f"unknown key '{unknown[0]}'",
            )

    @classmethod
    def of(cls, file: str, data: TomlTable, name: str, known: tuple[str, ...]) -> _Table:
        value = data.get(name, {})
        if not isinstance(value, Mapping):
            raise InvalidSetting(file, f"[{name}]", "a table", _shown(value))
        return cls(file, name, value, known)

    def _refuse(self, key: str, expected: str, value: object) -> InvalidSetting:
        return InvalidSetting(self.file, f"{self.name}.{key}", expected, _shown(value))

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str):
            raise self._refuse(key, "a string", value)
        return value.strip()

    def zone(self, key: str) -> tzinfo:
        """A time zone's name (UTC when the key is absent or empty)."""
        name = self.text(key, DEFAULT_ZONE) or DEFAULT_ZONE
        try:
            return time_zone(name)
        except InvalidValue as error:
            raise self._refuse(key, error.expected, name) from None

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self._refuse(key, "true or false", value)
        return value

    def number(self, key: str, default: float, *, minimum: float, above: bool = False) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._refuse(key, "a number", value)
        if value < minimum or (above and value == minimum):
            relation = "above" if above else "at least"
            raise self._refuse(key, f"a number {relation} {minimum:g}", value)
        return float(value)

    def decimal(self, key: str, default: Decimal, *, minimum: Decimal) -> Decimal:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise self._refuse(key, "a number", value)
        amount = Decimal(str(value))
        if not amount.is_finite() or amount < minimum:
            raise self._refuse(key, f"a number of at least {minimum}", value)
        return amount

    def whole(self, key: str, default: int, *, minimum: int) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self._refuse(key, f"a whole number of at least {minimum}", value)
        return value

    def names(
        self, key: str, default: tuple[str, ...], allowed: tuple[str, ...]
    ) -> tuple[str, ...]:
        value = self.data.get(key, list(default))
        expected = f"a list of names among {', '.join(allowed)}"
        if not isinstance(value, list) or not value:
            raise self._refuse(key, expected, value)
        unknown = [item for item in value if item not in allowed]
        if unknown:
            found = ", ".join(_shown(item) for item in unknown)
            raise InvalidSetting(self.file, f"{self.name}.{key}", expected, found)
        return tuple(str(item) for item in value)


def config_from_mapping(data: TomlTable, path: Path | None = None) -> StationConfig:
    """The typed configuration of a parsed ``wms.toml`` document."""
    file = str(path) if path is not None else DEFAULT_FILE_LABEL
    _Table(file, "", data, TABLES)
    station = _Table.of(file, data, "station", STATION_KEYS)
    flows = _Table.of(file, data, "workflows", WORKFLOW_KEYS)
    central = _Table.of(file, data, "central", CENTRAL_KEYS)
    devices, device_problem = _devices(data, file, str(path) if path is not None else "")
    label_printer = os.environ.get("WMS_LABEL_PRINTER", "").strip()
    document_printer = os.environ.get("WMS_DOCUMENT_PRINTER", "").strip()
    return StationConfig(
        station=station.text("id") or os.environ.get("WMS_STATION", ""),
        warehouse=station.text("warehouse") or os.environ.get("WMS_WAREHOUSE", ""),
        database=station.text("database"),
        language=station.text("language", "en") or "en",
        time_zone=station.zone("timezone"),
        workflows=tuple(
            StationMode(name)
            for name in station.names("workflows", StationMode.names(), StationMode.names())
        ),
        rules=replace(workflow_rules(station, flows), hub=hub_rules(file, data)),
        central=CentralSettings(
            url=central.text("url") or os.environ.get("WMS_CENTRAL_URL", ""),
            background=central.flag("background", True),
            interval_seconds=central.number("interval", 30.0, minimum=0, above=True),
            max_backoff_seconds=central.number("max_backoff", 300.0, minimum=0, above=True),
        ),
        devices=devices,
        device_problem=device_problem,
        label_printer=label_printer or _name(devices.label_printer),
        document_printer=document_printer or _name(devices.document_printer),
        path=path,
        raw=data,
    )


def workflow_rules(station: _Table, flows: _Table) -> WorkflowSettings:
    """``[workflows]`` and the rules of ``[station]`` (``dock``, ``idle_timeout_minutes``)."""
    defaults = WorkflowSettings()
    return WorkflowSettings(
        double_read_window=timedelta(
            seconds=flows.number(
                "double_read_seconds", defaults.double_read_window.total_seconds(), minimum=0
            )
        ),
        idle_timeout=timedelta(
            minutes=station.number(
                "idle_timeout_minutes",
                defaults.idle_timeout.total_seconds() / 60,
                minimum=0,
                above=True,
            )
        ),
        max_failed_pins=flows.whole("max_failed_pins", defaults.max_failed_pins, minimum=1),
        lockout=timedelta(
            minutes=flows.number(
                "lockout_minutes", defaults.lockout.total_seconds() / 60, minimum=0
            )
        ),
        over_receipt_tolerance=flows.decimal(
            "over_receipt_tolerance", defaults.over_receipt_tolerance, minimum=Decimal(0)
        ),
        dock=station.text("dock").upper(),
        putaway=PutawayPolicy(
            order=flows.names("putaway_order", defaults.putaway.order, STRATEGIES)
        ),
        keyed_weight_needs_supervisor=flows.flag(
            "keyed_weight_needs_supervisor", defaults.keyed_weight_needs_supervisor
        ),
    )


def _keys(value: object) -> tuple[str, ...]:
    """The keys of a sub-table (any key is known there: the names are the operator's)."""
    return tuple(str(key) for key in value) if isinstance(value, Mapping) else ()


def hub_rules(file: str, data: TomlTable) -> HubSettings:
    """``[hub]``, ``[hub.services]`` (service = promise hours) and ``[hub.carriers.NAME]``."""
    hub = _Table.of(file, data, "hub", HUB_KEYS)
    defaults = HubSettings()
    services = _Table.of(file, hub.data, "services", _keys(hub.data.get("services")))
    services.name = "hub.services"
    promise = {
        str(name).upper(): services.whole(str(name), 72, minimum=1) for name in services.data
    }
    carriers = _Table.of(file, hub.data, "carriers", _keys(hub.data.get("carriers")))
    patterns: list[TrackingPattern] = []
    for name in carriers.data:
        carrier = _Table.of(file, carriers.data, str(name), CARRIER_KEYS)
        carrier.name = f"hub.carriers.{name}"
        check = carrier.text("check", CheckRule.NONE.value).lower()
        if check not in {rule.value for rule in CheckRule}:
            raise carrier._refuse("check", "none, mod10, mod7 or s10", check)
        try:
            patterns.append(
                TrackingPattern(
                    str(name).upper(),
                    carrier.whole("length", 0, minimum=1),
                    carrier.text("prefix").upper(),
                    CheckRule(check),
                )
            )
        except InvalidValue as error:
            raise InvalidSetting(
                file, f"hub.carriers.{name}", error.expected, error.found
            ) from error
    return HubSettings(
        tracking=tuple(patterns),
        promise_hours=MappingProxyType(promise),
        default_promise_hours=hub.whole(
            "default_promise_hours", defaults.default_promise_hours, minimum=1
        ),
        hold_location=hub.text("hold_location", defaults.hold_location).upper(),
        exception_location=hub.text("exception_location", defaults.exception_location).upper(),
        bag_weight_tolerance_kg=hub.decimal(
            "bag_weight_tolerance_kg", defaults.bag_weight_tolerance_kg, minimum=Decimal(0)
        ),
        at_risk_hours=hub.whole("at_risk_hours", defaults.at_risk_hours, minimum=1),
        sort_plan=hub.text("sort_plan", defaults.sort_plan).upper(),
        handover_loose_parcels=hub.flag("handover_loose_parcels", defaults.handover_loose_parcels),
    )


def _devices(data: TomlTable, file: str, source: str) -> tuple[DeviceSettings, ConfigError | None]:
    """The ``[devices.NAME]`` tables (``source``: the file, empty when there is none)."""
    table = data.get("devices", {})
    try:
        devices = parse_device_settings({"devices": table}, file)
    except ConfigError as error:
        return DeviceSettings({}, source), error
    return DeviceSettings(devices.devices, source), None


def _name(device: DeviceConfig | None) -> str:
    return device.name if device is not None else ""


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "a table"
    return repr(value)
