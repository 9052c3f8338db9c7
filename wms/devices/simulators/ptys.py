"""Pseudo-terminals for simulators: one pty linked at a path, or a socat pair of ptys."""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import subprocess
import termios
import time
import tty
from pathlib import Path

import serial

from wms.core.domain.errors import DeviceError


class PtyLink:
    """A pseudo-terminal whose device side is reachable at ``link`` (a symlink).

    The simulator reads and writes the controlling side (``read``/``write``); the application
    opens ``link`` like any serial port. The simulator keeps the device side open itself, so the
    application may open and close it as often as it likes.
    """

    def __init__(self, link: str | os.PathLike[str]) -> None:
        self.link = Path(link)
        if self.link.is_symlink() or self.link.exists():
            if not self.link.is_symlink():
                raise DeviceError(f"cannot create a pty at '{self.link}': a file is in the way")
            self.link.unlink()
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave, termios.TCSANOW)
        attrs = termios.tcgetattr(self._slave)
        attrs[3] &= ~termios.ECHO
        termios.tcsetattr(self._slave, termios.TCSANOW, attrs)
        self.device = os.ttyname(self._slave)
        os.symlink(self.device, self.link)
        self.closed = False

    def read(self, timeout: float = 0.1) -> bytes:
        if self.closed:
            return b""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.master, 4096)
        except OSError:
            time.sleep(timeout)
            return b""

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.master, view)
            view = view[written:]

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(OSError):
            if self.link.is_symlink():
                self.link.unlink()
        for fd in (self.master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> PtyLink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SerialChannel:
    """A simulator end on an existing port (one side of a socat pair, a real cable...)."""

    def __init__(self, url: str) -> None:
        self.port = serial.serial_for_url(url, timeout=0.1)

    def read(self, timeout: float = 0.1) -> bytes:
        self.port.timeout = timeout
        data: bytes = self.port.read(max(1, self.port.in_waiting))
        return data

    def write(self, data: bytes) -> None:
        self.port.write(data)
        self.port.flush()

    def close(self) -> None:
        self.port.close()

    def __enter__(self) -> SerialChannel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SocatPair:
    """Two linked ptys made by ``socat``: a virtual null-modem cable.

    ``stop()`` kills socat, which to a program holding one end looks like a USB device being
    unplugged; ``start()`` again re-creates both links with the same names (replug).
    """

    def __init__(self, device_link: str | os.PathLike[str], peer_link: str | os.PathLike[str]):
        self.device_link = Path(device_link)
        self.peer_link = Path(peer_link)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 5.0) -> SocatPair:
        socat = shutil.which("socat")
        if socat is None:
            raise DeviceError("socat is not installed (apt install socat)")
        for link in (self.device_link, self.peer_link):
            with contextlib.suppress(FileNotFoundError):
                link.unlink()
        self.process = subprocess.Popen(
            [
                socat,
                "-d",
                "-d",
                f"pty,raw,echo=0,link={self.peer_link}",
                f"pty,raw,echo=0,link={self.device_link}",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while not (self.device_link.exists() and self.peer_link.exists()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise DeviceError(f"socat did not create {self.device_link} in {timeout:g} s")
            time.sleep(0.01)
        return self

    def stop(self, *, unplug: bool = True) -> None:
        """Kill socat (SIGKILL when ``unplug``: links are left stale, like a yanked cable)."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGKILL if unplug else signal.SIGTERM)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None
        for link in (self.device_link, self.peer_link):
            with contextlib.suppress(FileNotFoundError):
                link.unlink()

    def __enter__(self) -> SocatPair:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
