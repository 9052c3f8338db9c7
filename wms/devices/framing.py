"""Turning a scanner's byte stream into scans: a pure framer, no I/O, no threads.

The split follows pyserial's ``ReaderThread`` + ``LineReader``: a transport thread reads bytes
and hands them to :class:`ScanFramer` with the time they arrived; the framer returns events.

* A scan ends with the configured terminator (CR, LF, CRLF or ETX). Bytes may arrive in any
  chunks: partial reads are reassembled.
* The GS1 group separator (GS, ``\\x1d``) and the AIM symbology identifier (``]C1``, ``]d2``...)
  are kept in the scan text; the identifier is also reported separately.
* A scan that never gets its terminator is *not* joined to the next one: when no byte arrives
  for ``inter_byte_timeout`` seconds, the bytes received so far are reported as an
  :class:`IncompleteScan` (found by :meth:`ScanFramer.tick`, or by :meth:`ScanFramer.feed` when
  the next byte comes late).
* Bytes that cannot be decoded (invalid UTF-8, control characters, over-long frames) are
  reported as a :class:`BadFrame`; the framer never raises on input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from wms.core.domain.errors import InvalidValue, describe

STX = b"\x02"
ETX = b"\x03"
GS = "\x1d"

_AIM = re.compile(r"^\][A-Za-z][0-9A-Za-z]")


class Terminator(StrEnum):
    """What a scanner sends after each scan (its 'suffix' setting)."""

    CR = "cr"
    LF = "lf"
    CRLF = "crlf"
    ETX = "etx"

    @property
    def bytes(self) -> bytes:
        return {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n", "etx": ETX}[self.value]

    @classmethod
    def parse(cls, value: str | Terminator) -> Terminator:
        if isinstance(value, Terminator):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise InvalidValue(
                "scanner terminator", value, "one of cr, lf, crlf, etx", "something else"
            ) from None


@dataclass(frozen=True)
class FramedScan:
    """One complete scan as the scanner sent it (AIM identifier and GS kept)."""

    text: str
    data: bytes
    received_at: float

    @property
    def symbology(self) -> str | None:
        """The AIM symbology identifier (``]C1``, ``]d2``, ``]Q3``, ``]E0``...) if present."""
        match = _AIM.match(self.text)
        return match.group(0) if match else None

    @property
    def shown(self) -> str:
        """The text with control characters visible (``<GS>``), for logs and screens."""
        return _visible(self.text)


@dataclass(frozen=True)
class IncompleteScan:
    """Bytes that stopped arriving before the terminator (a cut-off or misconfigured scan)."""

    data: bytes
    received_at: float
    reason: str

    @property
    def message(self) -> str:
        return (
            f"incomplete scan {_shown_bytes(self.data)}: {self.reason}; "
            "scan again (check the scanner's terminator setting if this repeats)"
        )


@dataclass(frozen=True)
class BadFrame:
    """A terminated frame that is not a usable scan (undecodable bytes, too long)."""

    data: bytes
    received_at: float
    reason: str

    @property
    def message(self) -> str:
        return f"unreadable scan {_shown_bytes(self.data)}: {self.reason}"


FrameEvent = FramedScan | IncompleteScan | BadFrame


def _visible(text: str) -> str:
    shown = text.replace(GS, "<GS>").replace("\r", "<CR>").replace("\n", "<LF>")
    return "".join(ch if ch.isprintable() else f"<0x{ord(ch):02X}>" for ch in shown)


def _shown_bytes(data: bytes) -> str:
    text = data.decode("latin-1")
    return describe(text)


def visible(text: str) -> str:
    """``text`` with GS shown as ``<GS>`` and other control characters as ``<0xNN>``."""
    return _visible(text)


class ScanFramer:
    """Reassembles scans from chunks of bytes. Pure: the caller supplies the clock."""

    def __init__(
        self,
        terminator: Terminator | str = Terminator.CR,
        *,
        inter_byte_timeout: float = 0.2,
        max_length: int = 4096,
        encoding: str = "utf-8",
    ) -> None:
        self.terminator = Terminator.parse(terminator)
        self.inter_byte_timeout = inter_byte_timeout
        self.max_length = max_length
        self.encoding = encoding
        self._buffer = bytearray()
        self._last_byte_at: float | None = None
        self._discarding = False

    @property
    def pending(self) -> bytes:
        """Bytes received since the last complete frame."""
        return bytes(self._buffer)

    def feed(self, data: bytes, now: float) -> list[FrameEvent]:
        """Add bytes received at ``now``; return the events they complete."""
        events: list[FrameEvent] = []
        if not data:
            return self.tick(now)
        # A late byte first closes what was waiting: never join two scans.
        events.extend(self.tick(now))
        term = self.terminator.bytes
        self._buffer.extend(data)
        self._last_byte_at = now
        while True:
            index = self._buffer.find(term)
            if index < 0:
                break
            frame = bytes(self._buffer[:index])
            del self._buffer[: index + len(term)]
            if self._discarding:
                # the tail of an over-long frame already reported
                self._discarding = False
                continue
            event = self._frame(frame, now)
            if event is not None:
                events.append(event)
            self._strip_leading_noise()
        if self._discarding:
            self._buffer.clear()
        elif len(self._buffer) > self.max_length:
            events.append(
                BadFrame(
                    bytes(self._buffer[:64]),
                    now,
                    f"more than {self.max_length} bytes without a {self.terminator.name} "
                    "terminator (wrong terminator setting?)",
                )
            )
            self._buffer.clear()
            self._discarding = True
        else:
            self._strip_leading_noise()
        if not self._buffer and not self._discarding:
            self._last_byte_at = None
        return events

    def tick(self, now: float) -> list[FrameEvent]:
        """Report an unterminated scan once ``inter_byte_timeout`` passed without a byte."""
        if self._last_byte_at is None:
            return []
        if now - self._last_byte_at <= self.inter_byte_timeout:
            return []
        data = bytes(self._buffer)
        self._buffer.clear()
        self._last_byte_at = None
        self._discarding = False
        if not data:
            return []
        return [
            IncompleteScan(
                data,
                now,
                f"no {self.terminator.name} terminator within "
                f"{self.inter_byte_timeout:g} s of the last byte",
            )
        ]

    def flush(self, now: float, reason: str) -> list[FrameEvent]:
        """Report whatever is pending as incomplete (the port closed or went away)."""
        data = bytes(self._buffer)
        discarding, self._discarding = self._discarding, False
        self._buffer.clear()
        self._last_byte_at = None
        return [IncompleteScan(data, now, reason)] if data and not discarding else []

    def _strip_leading_noise(self) -> None:
        # A CR-terminated scanner that also sends LF (or the reverse) leaves the other byte at
        # the start of the next frame; an ETX scanner usually starts frames with STX.
        while self._buffer and self._buffer[:1] in (b"\r", b"\n", STX):
            del self._buffer[:1]

    def _frame(self, frame: bytes, now: float) -> FrameEvent | None:
        frame = frame.lstrip(b"\r\n" + STX)
        if self.terminator in (Terminator.CR, Terminator.LF):
            frame = frame.rstrip(b"\r\n")
        if not frame:
            return None
        if len(frame) > self.max_length:
            return BadFrame(frame[:64], now, f"longer than {self.max_length} bytes")
        try:
            text = frame.decode(self.encoding)
        except UnicodeDecodeError as error:
            return BadFrame(
                frame,
                now,
                f"not valid {self.encoding} text (byte 0x{frame[error.start]:02X} at "
                f"position {error.start + 1}); check the scanner's character set",
            )
        bad = [ch for ch in text if not ch.isprintable() and ch != GS]
        if bad:
            return BadFrame(
                frame,
                now,
                f"contains control character 0x{ord(bad[0]):02X} (only GS is allowed inside "
                "a scan)",
            )
        return FramedScan(text, frame, now)
