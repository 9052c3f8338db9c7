"""Scales on a serial port: Mettler Toledo MT-SICS and the Toledo 8217 (POS) protocol.

Only a *stable* weight, inside the scale's range, fully received within the timeout becomes a
:class:`ScaleReading`. Everything else (in motion, overload, underload, busy, an error reply,
no answer, half a reply) is a :class:`ScaleError` that says what was received.

MT-SICS (commands end with CR LF, replies too)::

    S   -> "S S     1.234 kg"  stable | "S I" busy/no stability | "S +" overload | "S -" underload
    SI  -> "S S ..." or "S D     1.234 kg" (dynamic, refused unless asked for)
    Z   -> "Z A" zeroed | "Z I" | "Z +" | "Z -"
    T   -> "T S     0.250 kg" tare stored | "T I" | "T +" | "T -"
    any -> "ES" syntax error | "ET" transmission error | "EL" logical error

Toledo 8217 (single-letter commands)::

    W   -> <STX>01.234<CR>            a valid weight (an <ETX> terminator is accepted too)
        -> <STX>?<status><CR>         no valid weight; status bits: 0 in motion, 1 over capacity,
                                      2 under zero, 3 outside zero range, 4 centre of zero
    Z   -> <STX>?<status><CR>         zero the scale
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Self

import serial

from wms.core.domain.errors import DeviceError, InvalidValue, ScaleError
from wms.devices.transports import SerialSettings, open_serial

STX = b"\x02"
ETX = b"\x03"
CR = b"\r"

_TO_KG = {
    "kg": Decimal(1),
    "g": Decimal("0.001"),
    "mg": Decimal("0.000001"),
    "t": Decimal(1000),
    "lb": Decimal("0.45359237"),
    "oz": Decimal("0.028349523125"),
}


@dataclass(frozen=True)
class ScaleReading:
    weight: Decimal
    unit: str
    stable: bool
    raw: bytes

    @property
    def kg(self) -> Decimal:
        factor = _TO_KG.get(self.unit.lower())
        if factor is None:
            raise ScaleError(f"scale weight unit '{self.unit}' cannot be converted to kg")
        return self.weight * factor

    def __str__(self) -> str:
        return f"{self.weight} {self.unit}" + ("" if self.stable else " (unstable)")


def shown(data: bytes) -> str:
    """Bytes as an operator-readable string: ``<STX>``, ``<CR>``, ``<0x1B>``..."""
    names = {0x02: "<STX>", 0x03: "<ETX>", 0x0D: "<CR>", 0x0A: "<LF>"}
    out = []
    for byte in data:
        if byte in names:
            out.append(names[byte])
        elif 0x20 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append(f"<0x{byte:02X}>")
    return "'" + "".join(out) + "'"


def _decimal(text: str, raw: bytes, label: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ScaleError(
            f"scale {label} sent a weight that is not a number: {shown(raw)}"
        ) from None


# -- MT-SICS ----------------------------------------------------------------------------------

_SICS_ERRORS = {
    "ES": "did not understand the command (ES: syntax error; is it an MT-SICS scale?)",
    "ET": "received a garbled command (ET: transmission error; check baud rate and parity)",
    "EL": "cannot execute the command now (EL: logical error)",
}


def parse_mt_sics_weight(
    line: bytes, label: str = "scale", *, accept_dynamic: bool = False
) -> ScaleReading:
    """Parse the reply to ``S`` or ``SI`` (without its CR LF)."""
    text = line.decode("ascii", errors="replace").strip()
    tokens = text.split()
    if not tokens:
        raise ScaleError(f"scale {label} sent an empty reply")
    if tokens[0] in _SICS_ERRORS:
        raise ScaleError(f"scale {label} {_SICS_ERRORS[tokens[0]]}: received {shown(line)}")
    if tokens[0] not in ("S", "SI") or len(tokens) < 2:
        raise ScaleError(
            f"scale {label} sent an unexpected reply to a weight request: {shown(line)}"
        )
    status = tokens[1]
    if status == "+":
        raise ScaleError(f"scale {label} is overloaded: take weight off (received {shown(line)})")
    if status == "-":
        raise ScaleError(
            f"scale {label} is under its zero range: empty the platform and zero it "
            f"(received {shown(line)})"
        )
    if status == "I":
        raise ScaleError(
            f"scale {label} could not give a stable weight (busy, or still moving): keep the "
            f"parcel still and weigh again (received {shown(line)})"
        )
    if status not in ("S", "D") or len(tokens) < 4:
        raise ScaleError(
            f"scale {label} sent an unexpected reply to a weight request: {shown(line)}"
        )
    value = "".join(tokens[2:-1])
    weight = _decimal(value, line, label)
    reading = ScaleReading(weight, tokens[-1], status == "S", line)
    if not reading.stable and not accept_dynamic:
        raise ScaleError(
            f"scale {label} weight is not stable ({reading.weight} {reading.unit} moving): keep "
            f"the parcel still and weigh again (received {shown(line)})"
        )
    return reading


# -- Toledo 8217 ------------------------------------------------------------------------------

_TOLEDO_BITS = (
    (0x01, "in motion: keep the parcel still and weigh again"),
    (0x02, "over capacity: take weight off"),
    (0x04, "under zero: empty the platform and zero the scale"),
    (0x08, "outside its zero range: empty the platform and zero the scale"),
)
_TOLEDO_WEIGHT = re.compile(r"^\s*([+-]?\s*[0-9]*\.?[0-9]+)\s*([A-Za-z]*)\s*$")


def parse_toledo_reply(
    reply: bytes, label: str = "scale", *, unit: str = "kg", decimals: int = 3
) -> ScaleReading:
    """Parse an 8217 reply (``<STX>…<CR>`` or ``<STX>…<ETX>``, terminator included or not)."""
    body = reply
    if body.startswith(STX):
        body = body[1:]
    else:
        raise ScaleError(
            f"scale {label} sent a reply that does not start with <STX>: {shown(reply)}"
        )
    body = body.rstrip(b"\r\n\x03")
    if body.startswith(b"?"):
        status = body[1] & 0x7F if len(body) > 1 else 0
        problems = [text for bit, text in _TOLEDO_BITS if status & bit]
        if not problems:
            problems = ["no valid weight"]
        raise ScaleError(f"scale {label} is {'; '.join(problems)} (received {shown(reply)})")
    match = _TOLEDO_WEIGHT.match(body.decode("ascii", errors="replace"))
    if not match:
        raise ScaleError(f"scale {label} sent a weight that is not a number: {shown(reply)}")
    digits, sent_unit = match.group(1).replace(" ", ""), match.group(2)
    weight = _decimal(digits, reply, label)
    if "." not in digits and decimals:
        weight = weight.scaleb(-decimals)
    return ScaleReading(weight, sent_unit.lower() or unit, True, reply)


# -- drivers ----------------------------------------------------------------------------------


class _SerialScale:
    protocol = ""

    def __init__(
        self, url: str, *, settings: SerialSettings | None = None, timeout: float = 1.0
    ) -> None:
        self.url = url
        self.settings = settings or SerialSettings()
        self.timeout = timeout
        self._port: serial.SerialBase | None = None

    def open(self) -> None:
        if self._port is None:
            try:
                self._port = open_serial(self.url, self.settings, timeout=0.05)
            except DeviceError as error:
                raise ScaleError(f"scale: {error}") from None

    def close(self) -> None:
        if self._port is not None:
            try:
                self._port.close()
            finally:
                self._port = None

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _exchange(self, command: bytes, complete: Callable[[bytes], int]) -> bytes:
        """Send ``command``; read until ``complete(data)`` gives the reply length, or time out."""
        self.open()
        port = self._port
        assert port is not None
        data = b""
        try:
            port.reset_input_buffer()  # a stale reply must never pass for this one
            port.write(command)
            port.flush()
            deadline = time.monotonic() + self.timeout
            while True:
                size = complete(data)
                if size:
                    return data[:size]
                if time.monotonic() >= deadline:
                    break
                data += port.read(max(1, port.in_waiting))
        except (serial.SerialException, OSError) as error:
            self.close()
            raise ScaleError(f"scale {self.url} stopped answering: {error}") from None
        if not data:
            raise ScaleError(
                f"scale {self.url} did not answer within {self.timeout:g} s: check that it is "
                f"on, its cable, and that it speaks {self.protocol} at {self.settings.baudrate} "
                "baud"
            )
        raise ScaleError(
            f"scale {self.url} sent half a reply, then nothing for {self.timeout:g} s: received "
            f"{shown(data)}; weigh again"
        )


def _line_end(data: bytes) -> int:
    index = data.find(b"\r\n")
    return index + 2 if index >= 0 else 0


class MtSicsScale(_SerialScale):
    """A Mettler Toledo scale speaking MT-SICS level 0/1."""

    protocol = "MT-SICS"

    def _command(self, command: str) -> bytes:
        reply = self._exchange(command.encode("ascii") + b"\r\n", _line_end)
        return reply[:-2]

    def weigh(self) -> ScaleReading:
        """A stable weight (``S``); anything else is refused."""
        return parse_mt_sics_weight(self._command("S"), self.url)

    def weigh_immediate(self, *, accept_dynamic: bool = False) -> ScaleReading:
        """The weight right now (``SI``); a moving weight is refused unless ``accept_dynamic``."""
        return parse_mt_sics_weight(self._command("SI"), self.url, accept_dynamic=accept_dynamic)

    def zero(self) -> None:
        self._simple("Z", "zero")

    def tare(self) -> ScaleReading:
        line = self._command("T")
        tokens = line.decode("ascii", errors="replace").split()
        if len(tokens) >= 4 and tokens[:2] == ["T", "S"]:
            return ScaleReading(
                _decimal("".join(tokens[2:-1]), line, self.url), tokens[-1], True, line
            )
        self._refuse("tare", line, tokens)
        raise AssertionError  # pragma: no cover - _refuse always raises

    def _simple(self, command: str, what: str) -> None:
        line = self._command(command)
        tokens = line.decode("ascii", errors="replace").split()
        if tokens[:2] == [command, "A"]:
            return
        self._refuse(what, line, tokens)

    def _refuse(self, what: str, line: bytes, tokens: list[str]) -> None:
        if tokens and tokens[0] in _SICS_ERRORS:
            raise ScaleError(f"scale {self.url} {_SICS_ERRORS[tokens[0]]}: received {shown(line)}")
        reasons = {
            "I": "the scale is busy or not stable",
            "+": "the weight is above the allowed range",
            "-": "the weight is below the allowed range",
        }
        reason = reasons.get(tokens[1] if len(tokens) > 1 else "", "unexpected reply")
        raise ScaleError(f"scale {self.url} did not {what}: {reason} (received {shown(line)})")


def _toledo_end(data: bytes) -> int:
    start = data.find(STX)
    if start < 0:
        return 0
    for end in range(start + 1, len(data)):
        if data[end : end + 1] in (CR, ETX):
            return end + 1
    return 0


class Toledo8217Scale(_SerialScale):
    """A POS scale (or scanner-scale) speaking the Mettler Toledo 8217 protocol."""

    protocol = "Toledo 8217"

    def __init__(
        self,
        url: str,
        *,
        settings: SerialSettings | None = None,
        timeout: float = 1.0,
        unit: str = "kg",
        decimals: int = 3,
    ) -> None:
        if settings is None:
            settings = SerialSettings(baudrate=9600, parity="E", bytesize=7)
        super().__init__(url, settings=settings, timeout=timeout)
        self.unit = unit
        self.decimals = decimals

    def _reply(self, command: bytes) -> bytes:
        data = self._exchange(command, _toledo_end)
        return data[data.find(STX) :]

    def weigh(self) -> ScaleReading:
        return parse_toledo_reply(
            self._reply(b"W"), self.url, unit=self.unit, decimals=self.decimals
        )

    def zero(self) -> None:
        reply = self._reply(b"Z")
        body = reply[1:].rstrip(b"\r\x03")
        if body.startswith(b"?") and len(body) > 1 and body[1] & 0x0F:
            parse_toledo_reply(reply, self.url)  # raises with the reasons


Scale = MtSicsScale | Toledo8217Scale


def open_scale(
    url: str,
    protocol: str = "mt-sics",
    *,
    settings: SerialSettings | None = None,
    timeout: float = 1.0,
    unit: str = "kg",
) -> Scale:
    """A scale driver for ``url`` (not opened until first used)."""
    name = protocol.strip().lower().replace("_", "-")
    if name in ("mt-sics", "mtsics", "sics"):
        return MtSicsScale(url, settings=settings, timeout=timeout)
    if name in ("toledo", "8217", "toledo-8217"):
        return Toledo8217Scale(url, settings=settings, timeout=timeout, unit=unit)
    raise InvalidValue("scale protocol", protocol, "mt-sics or toledo", "another name")
