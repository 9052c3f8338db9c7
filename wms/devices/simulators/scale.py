"""Scales answering on a pty: MT-SICS and Toledo 8217.

``mode`` chooses the answer: ``"stable"``, ``"dynamic"`` (moving), ``"overload"``,
``"underload"``, ``"busy"``, ``"half"`` (half a reply, then nothing), ``"silent"`` (no answer) or
``"garbage"``. Change ``weight`` and ``mode`` at any time; the next request uses them.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from decimal import Decimal
from typing import Protocol

from wms.devices.scales import STX

MODES = ("stable", "dynamic", "overload", "underload", "busy", "half", "silent", "garbage")


class Channel(Protocol):
    def read(self, timeout: float = 0.1) -> bytes: ...

    def write(self, data: bytes) -> None: ...

    def close(self) -> None: ...


class _ScaleSimulator(ABC):
    def __init__(
        self,
        channel: Channel,
        *,
        weight: Decimal | str = "1.234",
        unit: str = "kg",
        mode: str = "stable",
    ) -> None:
        self.channel = channel
        self.weight = Decimal(weight)
        self.unit = unit
        self.mode = mode
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def set(self, *, weight: Decimal | str | None = None, mode: str | None = None) -> None:
        if weight is not None:
            self.weight = Decimal(weight)
        if mode is not None:
            if mode not in MODES:
                raise ValueError(f"mode must be one of {MODES}, found {mode!r}")
            self.mode = mode

    def start(self) -> _ScaleSimulator:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="scale simulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None

    def __enter__(self) -> _ScaleSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Serve on the calling thread until interrupted (Ctrl+C)."""
        self._run()

    def _run(self) -> None:
        buffer = b""
        while not self._stop.is_set():
            buffer += self.channel.read(0.05)
            buffer = self._handle(buffer)

    @abstractmethod
    def _handle(self, buffer: bytes) -> bytes:
        """Answer every complete command in ``buffer``; return what is left."""


class MtSicsScaleSimulator(_ScaleSimulator):
    """Answers ``S``, ``SI``, ``Z``, ``T`` (anything else: ``ES``)."""

    def _handle(self, buffer: bytes) -> bytes:
        while True:
            cut = [i for i in (buffer.find(b"\r"), buffer.find(b"\n")) if i >= 0]
            if not cut:
                return buffer
            index = min(cut)
            command = buffer[:index].strip().decode("ascii", errors="replace")
            buffer = buffer[index + 1 :].lstrip(b"\r\n")
            if not command:
                continue
            self.requests.append(command.encode())
            reply = self._reply(command)
            if reply is not None:
                self.channel.write(reply)

    def _weight_line(self, status: str, prefix: str = "S") -> bytes:
        return f"{prefix} {status} {self.weight:>10} {self.unit}\r\n".encode()

    def _reply(self, command: str) -> bytes | None:
        mode = self.mode
        if mode == "silent":
            return None
        if mode == "garbage":
            return b"\xff\xfe?!\r\n"
        if command in ("S", "SI"):
            if mode == "half":
                return self._weight_line("S")[:9]
            if mode == "overload":
                return b"S +\r\n"
            if mode == "underload":
                return b"S -\r\n"
            if mode == "busy" or (mode == "dynamic" and command == "S"):
                return b"S I\r\n"
            return self._weight_line("D" if mode == "dynamic" else "S")
        if command == "Z":
            if mode in ("stable", "half"):
                self.weight = Decimal("0.000")
                return b"Z A\r\n"
            return {"overload": b"Z +\r\n", "underload": b"Z -\r\n"}.get(mode, b"Z I\r\n")
        if command == "T":
            if mode == "stable":
                tare, self.weight = self.weight, Decimal("0.000")
                return f"T S {tare:>10} {self.unit}\r\n".encode()
            return {"overload": b"T +\r\n", "underload": b"T -\r\n"}.get(mode, b"T I\r\n")
        return b"ES\r\n"


class ToledoScaleSimulator(_ScaleSimulator):
    """Answers ``W`` and ``Z`` the Toledo 8217 way (``<STX>…<CR>``)."""

    def _handle(self, buffer: bytes) -> bytes:
        for byte in buffer:
            command = chr(byte)
            if command in "\r\n":
                continue
            self.requests.append(command.encode())
            reply = self._reply(command)
            if reply is not None:
                self.channel.write(reply)
        return b""

    def _status(self, bits: int) -> bytes:
        return STX + b"?" + bytes([0x60 | bits]) + b"\r"

    def _reply(self, command: str) -> bytes | None:
        mode = self.mode
        if mode == "silent":
            return None
        if command == "W":
            if mode == "half":
                return STX + b"01."
            if mode == "garbage":
                return STX + b"x1.2y\r"
            bits = {"dynamic": 0x01, "overload": 0x02, "underload": 0x04, "busy": 0x01}
            if mode in bits:
                return self._status(bits[mode])
            return STX + f"{self.weight:06.3f}".encode() + b"\r"
        if command == "Z":
            if mode == "stable":
                self.weight = Decimal("0.000")
                return self._status(0x10)
            return self._status(0x01)
        return self._status(0x00)
