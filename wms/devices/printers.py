"""Label printers: raw TCP (port 9100), serial, file/spool folder and CUPS, plus Zebra status.

URLs:

* ``tcp://host:9100`` (port defaults to 9100) - raw socket, ZPL or anything the printer takes;
* ``serial:///dev/ttyUSB0`` or a device path, or a pyserial URL (``socket://``, ``rfc2217://``);
* ``file:///var/spool/labels/`` - a directory: one new file per job (spool folder); any other
  path: every job appended to that file;
* ``cups://QUEUE`` - through the ``lp`` command (PDF, or ZPL to a raw queue).

:func:`open_printer` returns a :class:`Printer` with ``send(payload)`` and ``status()``. Every
failure is a :class:`PrinterError` in words an operator can act on; nothing waits longer than
its timeout, even for a printer that accepts a connection and then never answers.

Over 500 lines on purpose: the four transports share one status vocabulary and one
``open_printer``; split apart, each would repeat the error wording an operator acts on.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import serial

from wms.core.domain.errors import DeviceError, PrinterError
from wms.devices.transports import SerialSettings, open_serial, serial_target

DEFAULT_TCP_PORT = 9100
HOST_STATUS = b"~HS"
STX = 0x02
ETX = 0x03


# -- URLs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrinterTarget:
    url: str
    kind: str  # "tcp", "serial", "file" or "cups"
    host: str = ""
    port: int = 0
    path: str = ""


def parse_printer_url(url: str) -> PrinterTarget:
    """Split a printer URL; an unknown form raises :class:`PrinterError` saying what is valid."""
    text = url.strip()
    expected = "expected a printer URL (tcp://, serial://, file://, cups://)"
    if text.startswith("tcp://"):
        rest = text[len("tcp://") :].rstrip("/")
        host, _, port_text = rest.rpartition(":") if ":" in rest else (rest, "", "")
        if not host:
            raise PrinterError(f"{expected}, found '{url}' (no host name)")
        try:
            port = int(port_text) if port_text else DEFAULT_TCP_PORT
        except ValueError:
            raise PrinterError(f"{expected}, found '{url}' (port is not a number)") from None
        if not 0 < port < 65536:
            raise PrinterError(f"{expected}, found '{url}' (port out of range)")
        return PrinterTarget(text, "tcp", host=host.strip("[]"), port=port)
    if text.startswith("file://"):
        path = text[len("file://") :]
        if not path:
            raise PrinterError(f"{expected}, found '{url}' (no file or folder)")
        return PrinterTarget(text, "file", path=path)
    if text.startswith("cups://"):
        queue = text[len("cups://") :].strip("/")
        if not queue:
            raise PrinterError(f"{expected}, found '{url}' (no queue name)")
        return PrinterTarget(text, "cups", path=queue)
    if text.startswith(("serial://", "socket://", "rfc2217://", "loop://")) or (
        text.startswith(("/dev/", "COM")) and "://" not in text
    ):
        if text == "serial://":
            raise PrinterError(f"{expected}, found '{url}' (no device path)")
        return PrinterTarget(text, "serial", path=serial_target(text))
    raise PrinterError(f"{expected}, found '{url}'")


# -- Zebra host status (~HS) ----------------------------------------------------------------


@dataclass(frozen=True)
class PrinterStatus:
    """What a Zebra printer reported in its three-line ``~HS`` reply."""

    paper_out: bool = False
    paused: bool = False
    head_open: bool = False
    ribbon_out: bool = False
    buffer_full: bool = False
    corrupt_ram: bool = False
    under_temperature: bool = False
    over_temperature: bool = False
    formats_in_buffer: int = 0
    labels_remaining: int = 0
    raw: bytes = field(default=b"", repr=False)

    @property
    def problems(self) -> list[str]:
        """Each fault as 'what is wrong: what to do', in the order an operator should act."""
        found = []
        if self.head_open:
            found.append("has its print head open: close the print head")
        if self.paper_out:
            found.append("is out of paper: load labels and press FEED")
        if self.ribbon_out:
            found.append("is out of ribbon: load a new ribbon")
        if self.over_temperature:
            found.append("print head is too hot: let it cool down")
        if self.under_temperature:
            found.append("is too cold to print: move it somewhere warmer")
        if self.corrupt_ram:
            found.append("has lost its configuration: ask a technician to set it up again")
        if self.paused:
            found.append("is paused: press PAUSE on the printer to resume")
        if self.buffer_full:
            found.append("has a full receive buffer: wait for it to finish printing")
        return found

    @property
    def ready(self) -> bool:
        return not self.problems

    def message(self, printer: str) -> str:
        if self.ready:
            return f"Printer {printer} is ready"
        return f"Printer {printer} " + "; ".join(self.problems)

    def raise_for_fault(self, printer: str) -> None:
        if not self.ready:
            raise PrinterError(self.message(printer))


def _frames(data: bytes) -> list[list[str]]:
    frames = []
    start = data.find(bytes([STX]))
    while start >= 0:
        end = data.find(bytes([ETX]), start + 1)
        if end < 0:
            break
        text = data[start + 1 : end].decode("ascii", errors="replace")
        frames.append([part.strip() for part in text.split(",")])
        start = data.find(bytes([STX]), end + 1)
    return frames


def host_status_complete(data: bytes) -> bool:
    """True once the three STX…ETX strings of a ``~HS`` reply have arrived."""
    return len(_frames(data)) >= 3


def parse_host_status(data: bytes, printer: str = "printer") -> PrinterStatus:
    """Parse a Zebra ``~HS`` reply (three ``<STX>…<ETX><CR><LF>`` strings)."""
    frames = _frames(data)
    shown = data.decode("latin-1").replace("\x02", "<STX>").replace("\x03", "<ETX>")
    shown = shown.replace("\r", "<CR>").replace("\n", "<LF>")
    if len(frames) < 2 or len(frames[0]) < 6 or len(frames[1]) < 4:
        raise PrinterError(
            f"Printer {printer} sent a status reply that is not a Zebra ~HS answer: expected "
            f"three <STX>...<ETX> lines, found '{shown[:120]}'"
        )
    first, second = frames[0], frames[1]

    def flag(values: list[str], index: int) -> bool:
        return len(values) > index and values[index] == "1"

    def number(values: list[str], index: int) -> int:
        try:
            return int(values[index]) if len(values) > index else 0
        except ValueError:
            return 0

    return PrinterStatus(
        paper_out=flag(first, 1),
        paused=flag(first, 2),
        formats_in_buffer=number(first, 4),
        buffer_full=flag(first, 5),
        corrupt_ram=flag(first, 9),
        under_temperature=flag(first, 10),
        over_temperature=flag(first, 11),
        head_open=flag(second, 2),
        ribbon_out=flag(second, 3),
        labels_remaining=number(second, 8),
        raw=data,
    )


def host_status_reply(
    *,
    paper_out: bool = False,
    paused: bool = False,
    head_open: bool = False,
    ribbon_out: bool = False,
    formats_in_buffer: int = 0,
) -> bytes:
    """A ``~HS`` reply as a Zebra printer sends it (used by the simulator and tests)."""

    def bit(value: bool) -> str:
        return "1" if value else "0"

    line1 = f"030,{bit(paper_out)},{bit(paused)},1245,{formats_in_buffer:03d},0,0,0,000,0,0,0"
    line2 = f"001,0,{bit(head_open)},{bit(ribbon_out)},1,2,6,0,00000000,1,000"
    line3 = "1234,0"
    return b"".join(b"\x02" + line.encode() + b"\x03\r\n" for line in (line1, line2, line3))


# -- printers -------------------------------------------------------------------------------


class Printer(Protocol):
    url: str

    def send(self, payload: bytes, *, name: str = "") -> None: ...

    def status(self) -> PrinterStatus | None: ...


class TcpPrinter:
    """A printer listening on a raw TCP port (Zebra, Honeywell, SATO... usually 9100)."""

    def __init__(
        self,
        url: str,
        *,
        connect_timeout: float = 3.0,
        io_timeout: float = 10.0,
        status_timeout: float = 2.0,
        close_wait: float = 0.5,
    ) -> None:
        target = parse_printer_url(url)
        if target.kind != "tcp":
            raise PrinterError(f"not a TCP printer URL: '{url}'")
        self.url = url
        self.host = target.host
        self.port = target.port
        self.connect_timeout = connect_timeout
        self.io_timeout = io_timeout
        self.status_timeout = status_timeout
        self.close_wait = close_wait

    def _connect(self) -> socket.socket:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
        except ConnectionRefusedError:
            raise PrinterError(
                f"Printer {self.url} refused the connection: check it is switched on and "
                "connected to the network"
            ) from None
        except TimeoutError:
            raise PrinterError(
                f"Printer {self.url} did not answer within {self.connect_timeout:g} s: check it "
                "is switched on and connected to the network"
            ) from None
        except socket.gaierror:
            raise PrinterError(
                f"Printer {self.url}: unknown host name '{self.host}' (check the printer URL "
                "in wms.toml)"
            ) from None
        except OSError as error:
            raise PrinterError(f"Printer {self.url} is not reachable: {error.strerror}") from None
        sock.settimeout(self.io_timeout)
        return sock

    def send(self, payload: bytes, *, name: str = "") -> None:
        """Send one job on a connection of its own, then give the printer up to ``close_wait``
        seconds to read it all and close its side: a burst goes at the pace the printer takes
        jobs (one connection at a time), instead of overflowing its listen backlog, where a
        connection waits a second or more for the kernel to retry."""
        sock = self._connect()
        try:
            sock.sendall(payload)
            sock.shutdown(socket.SHUT_WR)
            self._wait_for_close(sock)
        except TimeoutError:
            raise PrinterError(
                f"Printer {self.url} stopped taking data (nothing accepted for "
                f"{self.io_timeout:g} s): check the printer, the job will be sent again"
            ) from None
        except OSError as error:
            raise PrinterError(
                f"Printer {self.url} dropped the connection while printing ({error.strerror}): "
                "the job will be sent again"
            ) from None
        finally:
            sock.close()

    def _wait_for_close(self, sock: socket.socket) -> None:
        deadline = time.monotonic() + self.close_wait
        try:
            while (left := deadline - time.monotonic()) > 0:
                sock.settimeout(left)
                if not sock.recv(1024):  # anything a printer says here is not for us
                    return
        except OSError:  # still open after close_wait (TimeoutError), or reset: the job was sent
            return

    def status(self) -> PrinterStatus:
        sock = self._connect()
        try:
            sock.settimeout(self.status_timeout)
            sock.sendall(HOST_STATUS)
            data = b""
            deadline = time.monotonic() + self.status_timeout
            while not host_status_complete(data):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                sock.settimeout(left)
                chunk = sock.recv(1024)
                if not chunk:
                    break
                data += chunk
        except TimeoutError:
            raise PrinterError(_no_status(self.url, self.status_timeout, data)) from None
        except OSError as error:
            raise PrinterError(
                f"Printer {self.url} dropped the connection during a status request "
                f"({error.strerror})"
            ) from None
        finally:
            sock.close()
        if not data:
            raise PrinterError(_no_status(self.url, self.status_timeout, data))
        return parse_host_status(data, self.url)


def _no_status(url: str, timeout: float, data: bytes) -> str:
    if data:
        return (
            f"Printer {url} sent an incomplete status reply within {timeout:g} s "
            f"({len(data)} bytes): check the cable and the printer's language (ZPL)"
        )
    return (
        f"Printer {url} did not answer a status request within {timeout:g} s: it may be out of "
        "paper or ribbon or have its head open, or it is not a ZPL printer"
    )


class SerialPrinter:
    """A printer on a serial port (or a USB printer exposing a tty)."""

    def __init__(
        self,
        url: str,
        *,
        settings: SerialSettings | None = None,
        io_timeout: float = 10.0,
        status_timeout: float = 2.0,
    ) -> None:
        self.url = url
        self.settings = settings or SerialSettings()
        self.io_timeout = io_timeout
        self.status_timeout = status_timeout

    def _open(self, timeout: float) -> serial.SerialBase:
        try:
            port = open_serial(self.url, self.settings, timeout=timeout)
        except DeviceError as error:
            raise PrinterError(f"Printer {error}") from None
        port.write_timeout = self.io_timeout
        return port

    def send(self, payload: bytes, *, name: str = "") -> None:
        port = self._open(0.1)
        try:
            port.write(payload)
            port.flush()
        except serial.SerialTimeoutException:
            raise PrinterError(
                f"Printer {self.url} stopped taking data for {self.io_timeout:g} s: check the "
                "printer, the job will be sent again"
            ) from None
        except (serial.SerialException, OSError) as error:
            raise PrinterError(f"Printer {self.url} write failed: {error}") from None
        finally:
            port.close()

    def status(self) -> PrinterStatus:
        port = self._open(0.05)
        data = b""
        try:
            port.write(HOST_STATUS)
            port.flush()
            deadline = time.monotonic() + self.status_timeout
            while not host_status_complete(data) and time.monotonic() < deadline:
                data += port.read(256)
        except (serial.SerialException, OSError) as error:
            raise PrinterError(f"Printer {self.url} status request failed: {error}") from None
        finally:
            port.close()
        if not host_status_complete(data):
            raise PrinterError(_no_status(self.url, self.status_timeout, data))
        return parse_host_status(data, self.url)


class FilePrinter:
    """Writes jobs to a file (appended) or a spool folder (one new file per job)."""

    def __init__(self, url: str, *, extension: str = "zpl") -> None:
        target = parse_printer_url(url)
        self.url = url
        self.path = Path(target.path).expanduser()
        self.extension = extension

    @property
    def is_folder(self) -> bool:
        return self.path.is_dir() or self.url.endswith("/")

    def send(self, payload: bytes, *, name: str = "") -> None:
        try:
            if self.is_folder:
                self.path.mkdir(parents=True, exist_ok=True)
                stamp = time.strftime("%Y%m%d-%H%M%S")
                stem = name or uuid.uuid4().hex[:12]
                final = self.path / f"{stamp}-{stem}.{self.extension}"
                partial = self.path / f".{final.name}.part"
                with open(partial, "wb") as handle:
                    handle.write(payload)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(partial, final)
            else:
                with open(self.path, "ab") as handle:
                    handle.write(payload)
                    handle.flush()
                    os.fsync(handle.fileno())
        except OSError as error:
            raise PrinterError(
                f"Printer {self.url}: cannot write to '{self.path}' ({error.strerror})"
            ) from None

    def status(self) -> None:
        folder = self.path if self.is_folder else self.path.parent
        if not folder.exists() or not os.access(folder, os.W_OK):
            raise PrinterError(f"Printer {self.url}: folder '{folder}' is missing or read-only")
        return None


class CupsPrinter:
    """A CUPS queue, through the ``lp`` command (PDF, or raw ZPL with ``raw=True``)."""

    def __init__(self, url: str, *, raw: bool = False, timeout: float = 30.0) -> None:
        target = parse_printer_url(url)
        self.url = url
        self.queue = target.path
        self.raw = raw
        self.timeout = timeout

    def send(self, payload: bytes, *, name: str = "") -> None:
        lp = shutil.which("lp")
        if lp is None:
            raise PrinterError(
                f"Printer {self.url}: the 'lp' command (CUPS client) is not installed "
                "(apt install cups-client)"
            )
        command = [lp, "-d", self.queue]
        if name:
            command += ["-t", name]
        if self.raw:
            command += ["-o", "raw"]
        try:
            result = subprocess.run(
                command, input=payload, capture_output=True, timeout=self.timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise PrinterError(
                f"Printer {self.url}: CUPS did not accept the job within {self.timeout:g} s"
            ) from None
        if result.returncode != 0:
            detail = result.stderr.decode(errors="replace").strip() or f"exit {result.returncode}"
            raise PrinterError(f"Printer {self.url}: CUPS refused the job: {detail}")

    def status(self) -> None:
        lpstat = shutil.which("lpstat")
        if lpstat is None:
            return None
        try:
            result = subprocess.run(
                [lpstat, "-p", self.queue], capture_output=True, timeout=10, check=False
            )
        except subprocess.TimeoutExpired:
            raise PrinterError(f"Printer {self.url}: CUPS did not answer within 10 s") from None
        text = (result.stdout + result.stderr).decode(errors="replace").strip()
        if result.returncode != 0:
            raise PrinterError(f"Printer {self.url}: {text or 'unknown CUPS queue'}")
        if "disabled" in text:
            raise PrinterError(f"Printer {self.url} is disabled in CUPS: {text}")
        return None


def open_printer(
    url: str,
    *,
    settings: SerialSettings | None = None,
    content_type: str = "zpl",
    connect_timeout: float = 3.0,
    io_timeout: float = 10.0,
    status_timeout: float = 2.0,
) -> Printer:
    target = parse_printer_url(url)
    if target.kind == "tcp":
        return TcpPrinter(
            url,
            connect_timeout=connect_timeout,
            io_timeout=io_timeout,
            status_timeout=status_timeout,
        )
    if target.kind == "serial":
        return SerialPrinter(
            url, settings=settings, io_timeout=io_timeout, status_timeout=status_timeout
        )
    if target.kind == "file":
        extension = {"zpl": "zpl", "pdf": "pdf"}.get(content_type, "bin")
        return FilePrinter(url, extension=extension)
    return CupsPrinter(url, raw=content_type != "pdf")


def speaks_zpl_status(url: str) -> bool:
    """Whether ``~HS`` can be asked (TCP and serial printers)."""
    return parse_printer_url(url).kind in ("tcp", "serial")
