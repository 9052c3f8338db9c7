"""A serial scanner stand-in: writes framed scans into a port (one end of a socat pair)."""

from __future__ import annotations

import contextlib
import time

import serial

from wms.devices.framing import Terminator


class ScannerSimulator:
    def __init__(self, url: str, terminator: Terminator | str = Terminator.CR) -> None:
        self.url = url
        self.terminator = Terminator.parse(terminator)
        self.port = serial.serial_for_url(url, timeout=0.1, write_timeout=2)

    def scan(self, text: str | bytes, *, chunk: int = 0, gap: float = 0.0) -> None:
        """Send one scan plus terminator, optionally in ``chunk``-byte pieces ``gap`` apart."""
        data = (text.encode() if isinstance(text, str) else text) + self.terminator.bytes
        self.write(data, chunk=chunk, gap=gap)

    def write(self, data: bytes, *, chunk: int = 0, gap: float = 0.0) -> None:
        if chunk <= 0:
            self.port.write(data)
        else:
            for start in range(0, len(data), chunk):
                self.port.write(data[start : start + chunk])
                self.port.flush()
                if gap:
                    time.sleep(gap)
        self.port.flush()

    def close(self) -> None:
        with contextlib.suppress(serial.SerialException, OSError):
            self.port.close()

    def __enter__(self) -> ScannerSimulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
