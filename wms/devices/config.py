"""Per-station device configuration: the ``[devices.<name>]`` tables of ``wms.toml``.

Example::

    [devices.bench_scanner]
    role = "scanner"
    url = "/dev/serial/by-id/usb-Honeywell_Imaging_1900-if00"   # stable id, not /dev/ttyACM0
    baud = 9600
    parity = "N"              # N, E, O, M, S
    terminator = "cr"         # cr, lf, crlf, etx
    inter_byte_timeout = 0.2  # seconds; an unterminated scan is reported after this

    [devices.wedge]
    role = "scanner"
    url = "wedge:"            # keyboard wedge: the station app feeds key events
    min_length = 4
    max_gap_ms = 30
    prefix = ""               # programmed prefix/suffix, if the scanner sends one
    suffix = ""

    [devices.label_printer]
    role = "printer"
    url = "tcp://zebra-pack-01:9100"   # or serial:///dev/..., file:///spool/dir/, cups://queue
    content_type = "zpl"               # zpl, pdf or raw
    default = true                     # the printer used when a workflow names none
    font = "E:TT0003M_.TTF"            # a TrueType font stored on it, for Arabic or Chinese text

    [devices.pack_scale]
    role = "scale"
    url = "/dev/serial/by-id/usb-FTDI_FT232R-if00-port0"
    protocol = "mt-sics"      # or "toledo" (8217)
    baud = 9600
    timeout = 1.0             # seconds to wait for an answer

:func:`wms.config.load_config` reads the file once; :func:`parse_device_settings` validates these
tables for it (and for the settings dialog's "Test" buttons).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from wms.core.domain.errors import ConfigError, PrinterError, WmsError
from wms.devices.framing import Terminator
from wms.devices.printers import parse_printer_url
from wms.devices.transports import BAUD_RATES, PARITIES, SerialSettings, is_serial_url

ROLES = ("scanner", "printer", "scale")
WEDGE_URLS = ("wedge:", "wedge://", "keyboard", "keyboard:")

_COMMON = {"role", "url", "description"}
_SERIAL = {"baud", "parity", "bytesize", "stopbits", "rtscts", "xonxoff"}
_ALLOWED = {
    "scanner": _COMMON
    | _SERIAL
    | {"terminator", "inter_byte_timeout", "encoding", "min_length", "max_gap_ms"}
    | {"prefix", "suffix"},
    "printer": _COMMON | _SERIAL | {"content_type", "default", "timeout", "check_status", "font"},
    "scale": _COMMON | _SERIAL | {"protocol", "timeout", "unit"},
}


@dataclass(frozen=True)
class DeviceConfig:
    name: str
    role: str
    url: str
    options: dict[str, Any] = field(default_factory=dict)
    description: str = ""

    @property
    def is_wedge(self) -> bool:
        return self.role == "scanner" and self.url.strip().lower() in WEDGE_URLS

    @property
    def is_serial(self) -> bool:
        if self.is_wedge:
            return False
        if self.role == "printer":
            return parse_printer_url(self.url).kind == "serial"
        return is_serial_url(self.url)

    def serial_settings(self) -> SerialSettings:
        toledo = self.role == "scale" and self.options.get("protocol") == "toledo"
        return SerialSettings(
            baudrate=int(self.options.get("baud", 9600)),
            parity=str(self.options.get("parity", "E" if toledo else "N")),
            bytesize=int(self.options.get("bytesize", 7 if toledo else 8)),
            stopbits=self.options.get("stopbits", 1),
            rtscts=bool(self.options.get("rtscts", False)),
            xonxoff=bool(self.options.get("xonxoff", False)),
        )

    @property
    def terminator(self) -> Terminator:
        return Terminator.parse(self.options.get("terminator", "cr"))

    @property
    def protocol(self) -> str:
        return str(self.options.get("protocol", "mt-sics"))

    @property
    def content_type(self) -> str:
        return str(self.options.get("content_type", "zpl"))


@dataclass(frozen=True)
class DeviceSettings:
    devices: dict[str, DeviceConfig]
    source: str = ""

    def by_role(self, role: str) -> list[DeviceConfig]:
        return [d for d in self.devices.values() if d.role == role]

    @property
    def scanners(self) -> list[DeviceConfig]:
        return self.by_role("scanner")

    @property
    def printers(self) -> list[DeviceConfig]:
        return self.by_role("printer")

    @property
    def scales(self) -> list[DeviceConfig]:
        return self.by_role("scale")

    def get(self, name: str) -> DeviceConfig:
        try:
            return self.devices[name]
        except KeyError:
            known = ", ".join(sorted(self.devices)) or "none configured"
            raise ConfigError(
                f"no device named '{name}' in {self.source or 'wms.toml'} (known: {known})"
            ) from None

    @property
    def default_printer(self) -> DeviceConfig | None:
        printers = self.printers
        for printer in printers:
            if printer.options.get("default"):
                return printer
        return printers[0] if len(printers) == 1 else None

    @property
    def label_printer(self) -> DeviceConfig | None:
        """The printer of ZPL labels: the default printer unless it takes PDF, else the only
        ZPL printer (None: no printer is the label printer)."""
        default = self.default_printer
        if default is not None and default.content_type != "pdf":
            return default
        zpl = [p for p in self.printers if p.content_type == "zpl"]
        return zpl[0] if len(zpl) == 1 else None

    @property
    def document_printer(self) -> DeviceConfig | None:
        """The printer of PDF documents: the default printer if it takes PDF, else the first
        PDF printer configured (None: documents go to the label printer)."""
        default = self.default_printer
        if default is not None and default.content_type == "pdf":
            return default
        return next((p for p in self.printers if p.content_type == "pdf"), None)

    def with_devices(self, *devices: DeviceConfig) -> DeviceSettings:
        """These settings with more devices (e.g. the demo printers of ``wms demo``)."""
        return DeviceSettings({**self.devices, **{d.name: d for d in devices}}, self.source)

    def printer_url(self, name_or_url: str) -> str:
        """A configured printer's URL, or ``name_or_url`` itself if it is a printer URL."""
        if name_or_url in self.devices:
            device = self.devices[name_or_url]
            if device.role != "printer":
                raise ConfigError(f"device '{name_or_url}' is a {device.role}, not a printer")
            return device.url
        if "://" in name_or_url or name_or_url.startswith("/dev/"):
            parse_printer_url(name_or_url)
            return name_or_url
        known = ", ".join(sorted(d.name for d in self.printers)) or "none configured"
        raise ConfigError(
            f"unknown printer '{name_or_url}': expected a printer URL (tcp://, serial://, "
            f"file://, cups://) or a configured printer name (known: {known})"
        )

    def printer_font(self, name_or_url: str) -> str | None:
        """The TrueType font stored on a configured printer (``font =``), for labels whose text
        the resident font cannot draw (Arabic, Chinese); None when it has none."""
        device = self.devices.get(name_or_url)
        font = device.options.get("font") if device is not None else None
        return str(font) if font else None

    def printer_serial_settings(self, name_or_url: str) -> SerialSettings | None:
        device = self.devices.get(name_or_url)
        return device.serial_settings() if device is not None else None


def parse_device_settings(data: dict[str, Any], source: str = "wms.toml") -> DeviceSettings:
    """Validate the ``devices`` table; every problem is reported at once."""
    problems: list[str] = []
    devices: dict[str, DeviceConfig] = {}
    table = data.get("devices", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: devices: expected a table of [devices.NAME] tables")
    for name, entry in table.items():
        where = f"devices.{name}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a table with role and url, found {entry!r}")
            continue
        device = _parse_device(name, entry, where, problems)
        if device is not None:
            devices[name] = device
    defaults = [
        d.name for d in devices.values() if d.role == "printer" and d.options.get("default")
    ]
    if len(defaults) > 1:
        problems.append(f"devices: only one printer may be default = true, found {defaults}")
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        count = len(problems)
        raise ConfigError(
            f"{source}: {count} problem{'s' if count != 1 else ''} in the device settings:\n{lines}"
        )
    return DeviceSettings(devices, source)


def _parse_device(
    name: str, entry: dict[str, Any], where: str, problems: list[str]
) -> DeviceConfig | None:
    role = entry.get("role")
    if role not in ROLES:
        problems.append(f"{where}.role: expected one of {', '.join(ROLES)}, found {role!r}")
        return None
    url = entry.get("url")
    if not isinstance(url, str) or not url.strip():
        problems.append(f"{where}.url: expected a device URL or path, found {url!r}")
        return None
    url = url.strip()
    before = len(problems)
    for key in sorted(set(entry) - _ALLOWED[role]):
        allowed = ", ".join(sorted(_ALLOWED[role]))
        problems.append(f"{where}.{key}: not a {role} setting (expected one of: {allowed})")
    if role == "printer":
        try:
            parse_printer_url(url)
        except PrinterError:
            problems.append(
                f"{where}.url: expected a printer URL (tcp://, serial://, file://, cups://), "
                f"found '{url}'"
            )
        font = entry.get("font")
        if font is not None and not (
            isinstance(font, str) and re.fullmatch(r"[REBA]:[A-Z0-9_.-]{1,16}\.(TTF|FNT|TTE)", font)
        ):
            problems.append(
                f"{where}.font: expected a font stored on the printer such as E:TT0003M_.TTF, "
                f"found {font!r}"
            )
        content_type = entry.get("content_type", "zpl")
        if content_type not in ("zpl", "pdf", "raw"):
            problems.append(
                f"{where}.content_type: expected zpl, pdf or raw, found {content_type!r}"
            )
    elif role == "scanner":
        if url.lower() not in WEDGE_URLS and not is_serial_url(url):
            problems.append(
                f"{where}.url: expected a serial port (/dev/..., serial://, socket://, "
                f"rfc2217://) or 'wedge:' for a keyboard-wedge scanner, found '{url}'"
            )
        terminator = entry.get("terminator", "cr")
        if str(terminator).lower() not in {t.value for t in Terminator}:
            problems.append(
                f"{where}.terminator: expected cr, lf, crlf or etx, found {terminator!r}"
            )
        _number(entry, "inter_byte_timeout", where, problems, minimum=0.001)
        _number(entry, "max_gap_ms", where, problems, minimum=1)
        _number(entry, "min_length", where, problems, minimum=1, integer=True)
    else:
        if not is_serial_url(url):
            problems.append(
                f"{where}.url: expected a serial port (/dev/..., serial://, socket://, "
                f"rfc2217://), found '{url}'"
            )
        protocol = str(entry.get("protocol", "mt-sics")).lower()
        if protocol not in ("mt-sics", "toledo"):
            problems.append(f"{where}.protocol: expected mt-sics or toledo, found {protocol!r}")
        else:
            entry = {**entry, "protocol": protocol}
    _number(entry, "timeout", where, problems, minimum=0.01)
    if "baud" in entry:
        baud = entry["baud"]
        if not isinstance(baud, int) or baud not in BAUD_RATES:
            rates = ", ".join(str(r) for r in BAUD_RATES)
            problems.append(f"{where}.baud: expected one of {rates}, found {baud!r}")
    if "parity" in entry and str(entry["parity"]).lower() not in PARITIES:
        problems.append(f"{where}.parity: expected N, E, O, M or S, found {entry['parity']!r}")
    if len(problems) > before:
        return None
    options = {k: v for k, v in entry.items() if k not in _COMMON}
    device = DeviceConfig(name, role, url, options, str(entry.get("description", "")))
    try:
        if device.is_serial:
            device.serial_settings()
    except WmsError as error:
        problems.append(f"{where}: {error}")
        return None
    return device


def _number(
    entry: dict[str, Any],
    key: str,
    where: str,
    problems: list[str],
    *,
    minimum: float,
    integer: bool = False,
) -> None:
    if key not in entry:
        return
    value = entry[key]
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or value < minimum:
        expected = "a whole number" if integer else "a number"
        problems.append(
            f"{where}.{key}: expected {expected} of at least {minimum:g}, found {value!r}"
        )
