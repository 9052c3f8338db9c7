"""Opening serial-like ports from the URLs used in ``wms.toml`` and on the command line.

Accepted forms (all go through :func:`serial.serial_for_url`):

* a device path: ``/dev/ttyACM0``, ``/dev/serial/by-id/usb-Honeywell_...``, ``COM3``;
* ``serial:///dev/ttyUSB0`` (the path after ``serial://``);
* pyserial URLs: ``socket://host:port``, ``rfc2217://host:port``, ``loop://``, ``spy://...``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import serial

from wms.core.domain.errors import DeviceError, InvalidValue

PYSERIAL_SCHEMES = ("socket://", "rfc2217://", "loop://", "spy://", "alt://", "hwgrep://")
PARITIES: dict[str, str] = {
    "n": serial.PARITY_NONE,
    "none": serial.PARITY_NONE,
    "e": serial.PARITY_EVEN,
    "even": serial.PARITY_EVEN,
    "o": serial.PARITY_ODD,
    "odd": serial.PARITY_ODD,
    "m": serial.PARITY_MARK,
    "mark": serial.PARITY_MARK,
    "s": serial.PARITY_SPACE,
    "space": serial.PARITY_SPACE,
}
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400)


@dataclass(frozen=True)
class SerialSettings:
    """Line settings of a serial device (ignored by ``socket://`` and ``loop://``)."""

    baudrate: int = 9600
    parity: str = "N"
    bytesize: int = 8
    stopbits: float = 1
    rtscts: bool = False
    xonxoff: bool = False

    def __post_init__(self) -> None:
        if self.baudrate <= 0:
            raise InvalidValue("baud rate", self.baudrate, "a positive number", "a non-positive")
        object.__setattr__(self, "parity", parse_parity(self.parity))
        if self.bytesize not in (7, 8):
            raise InvalidValue("data bits", self.bytesize, "7 or 8", "another number")
        if self.stopbits not in (1, 1.5, 2):
            raise InvalidValue("stop bits", self.stopbits, "1, 1.5 or 2", "another number")


def parse_parity(value: str) -> str:
    key = str(value).strip().lower()
    if key not in PARITIES:
        raise InvalidValue("parity", value, "N, E, O, M or S (none, even, odd, mark, space)", "?")
    return PARITIES[key]


def serial_target(url: str) -> str:
    """The string to give :func:`serial.serial_for_url` for ``url``."""
    text = url.strip()
    if text.startswith("serial://"):
        path = text[len("serial://") :]
        if not path:
            raise InvalidValue(
                "serial URL", url, "serial:///dev/PORT (a device path)", "no device path"
            )
        return path
    return text


def is_serial_url(url: str) -> bool:
    text = url.strip()
    if text.startswith("serial://") or text.startswith(PYSERIAL_SCHEMES):
        return True
    return "://" not in text and bool(text)


def device_path(url: str) -> str | None:
    """The file-system path behind ``url`` if it is a local device, else ``None``."""
    target = serial_target(url)
    if "://" in target:
        return None
    return target


def open_serial(
    url: str, settings: SerialSettings | None = None, *, timeout: float | None = 0.05
) -> serial.SerialBase:
    """Open ``url`` with ``settings``; a failure is a :class:`DeviceError` in plain words."""
    settings = settings or SerialSettings()
    target = serial_target(url)
    try:
        port = serial.serial_for_url(
            target,
            do_not_open=True,
            baudrate=settings.baudrate,
            parity=settings.parity,
            bytesize=settings.bytesize,
            stopbits=settings.stopbits,
            rtscts=settings.rtscts,
            xonxoff=settings.xonxoff,
            timeout=timeout,
            write_timeout=2.0,
        )
        _open_keeping_input(port)
        return port
    except (serial.SerialException, OSError, ValueError) as error:
        raise DeviceError(explain_open_error(url, error)) from error


def _open_keeping_input(port: serial.SerialBase) -> None:
    """Open ``port`` without the input flush pyserial does inside ``open()``.

    pyserial discards pending input when it opens a port (``socket://`` drains the socket): a
    network scanner that sends a scan right after the connection is made would lose it. Whatever
    the device sends once the port is open belongs to the operator, so the flush is skipped.
    """
    port.reset_input_buffer = lambda: None
    port._reset_input_buffer = lambda: None
    try:
        port.open()
    finally:
        del port.reset_input_buffer
        del port._reset_input_buffer


def explain_open_error(url: str, error: BaseException) -> str:
    path = device_path(url)
    errno_ = getattr(error, "errno", None)
    text = str(error)
    if path is not None and not os.path.exists(path):
        return (
            f"cannot open {url}: no such device (is it plugged in? see 'wms devices list' for "
            "the ports present)"
        )
    if errno_ == 13 or "Permission denied" in text:
        return (
            f"cannot open {url}: permission denied (add the station user to the 'dialout' "
            "group, then log in again)"
        )
    if errno_ == 16 or "busy" in text.lower():
        return f"cannot open {url}: the port is in use by another program"
    return f"cannot open {url}: {text}"
