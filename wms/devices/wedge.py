"""Keyboard-wedge scanners: telling a scan from typing, without Qt.

A wedge scanner "types" its barcode as key presses. The station app feeds every key it would
otherwise give to a text field to :class:`WedgeDetector` (``key(char, at)`` with the event time
in seconds) and calls ``tick(now)`` from a short timer. The detector answers with events:

* :class:`WedgeScan` - a burst of at least ``min_length`` characters whose gaps were all at most
  ``max_gap`` seconds, ended by Enter/Tab (or by a pause, if ``pause_ends_scan``); or anything
  between a programmed ``prefix`` and ``suffix`` (or Enter/Tab), whatever the timing;
* :class:`TypedText` - keys a person typed: give them back to the widget, in order.

GS (Ctrl+] on the keyboard, text ``"\\x1d"``) and an AIM prefix (``]C1``) stay in the scan text,
so the scan interpreter sees exactly what the scanner sent. Keys are held back for at most
``max_gap`` seconds (tick) before a person's typing is released.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from wms.core.domain.errors import InvalidValue
from wms.devices.framing import visible

TAB = "\t"
GS = "\x1d"


@dataclass(frozen=True)
class WedgeScan:
    text: str
    started_at: float
    ended_at: float
    ended_by: str  # "enter", "tab", "suffix" or "pause"

    @property
    def symbology(self) -> str | None:
        if len(self.text) >= 3 and self.text[0] == "]":
            return self.text[:3]
        return None

    @property
    def shown(self) -> str:
        return visible(self.text)


@dataclass(frozen=True)
class TypedText:
    text: str


WedgeEvent = WedgeScan | TypedText


class WedgeDetector:
    """Splits a stream of key presses into scans and typing. Pure: the caller gives the times."""

    def __init__(
        self,
        *,
        min_length: int = 4,
        max_gap: float = 0.03,
        terminators: tuple[str, ...] = ("\r", "\n", "\t"),
        prefix: str = "",
        suffix: str = "",
        require_prefix: bool = False,
        pause_ends_scan: bool = True,
        prefixed_timeout: float = 0.5,
    ) -> None:
        if min_length < 1:
            raise InvalidValue("wedge min_length", min_length, "at least 1", "less")
        if max_gap <= 0:
            raise InvalidValue("wedge max_gap", max_gap, "a positive number of seconds", "<= 0")
        if require_prefix and not prefix:
            raise InvalidValue("wedge prefix", prefix, "a prefix when require_prefix is set", "''")
        self.min_length = min_length
        self.max_gap = max_gap
        self.terminators = terminators
        self.prefix = prefix
        self.suffix = suffix
        self.require_prefix = require_prefix
        self.pause_ends_scan = pause_ends_scan
        self.prefixed_timeout = prefixed_timeout
        self._chars: list[str] = []
        self._times: list[float] = []
        self._prefixed = False
        self._prefixed_raw = ""

    @property
    def pending(self) -> str:
        """Keys held back, not yet classified."""
        return self._prefixed_raw + "".join(self._chars)

    def key(self, char: str, at: float) -> list[WedgeEvent]:
        """One key press (its text, possibly ``"\\x1d"``, ``"\\r"`` or ``"\\t"``) at ``at``."""
        events: list[WedgeEvent] = []
        if not char:
            return events
        if len(char) > 1:
            for single in char:
                events.extend(self.key(single, at))
            return events
        if self._prefixed:
            return self._key_prefixed(char, at)
        if self._chars and at - self._times[-1] > self._patience():
            events.extend(self._resolve_pause(at))
        if char in self.terminators:
            if self._is_burst(at):
                ended_by = "tab" if char == TAB else "enter"
                events.append(self._scan(ended_by, at))
            else:
                typed = "".join(self._chars) + char
                self._clear()
                events.append(TypedText(typed))
            return events
        self._chars.append(char)
        self._times.append(at)
        if self.prefix:
            text = "".join(self._chars)
            if text == self.prefix:
                self._prefixed = True
                self._prefixed_raw = text
                self._chars.clear()
                self._times = [at]
            elif self.require_prefix and not self.prefix.startswith(text):
                self._clear()
                events.append(TypedText(text))
        return events

    def tick(self, now: float) -> list[WedgeEvent]:
        """Call every few milliseconds: releases typing and ends scans that end by a pause."""
        if self._prefixed:
            if now - self._times[-1] > self.prefixed_timeout:
                if self.suffix or not self.pause_ends_scan:
                    # cut off before its suffix: give the keys back rather than guess
                    text = self.pending
                    self._clear()
                    return [TypedText(text)]
                return [self._scan("pause", self._times[-1])]
            return []
        if self._chars and now - self._times[-1] > self._patience():
            return self._resolve_pause(now)
        return []

    # -- internals -------------------------------------------------------------------------

    def _patience(self) -> float:
        # The start of a programmed prefix may be followed slowly by the rest of it.
        if self.prefix and self.prefix.startswith("".join(self._chars)):
            return self.prefixed_timeout
        return self.max_gap

    def _key_prefixed(self, char: str, at: float) -> list[WedgeEvent]:
        if not self.suffix and char in self.terminators:
            return [self._scan("tab" if char == TAB else "enter", at)]
        self._chars.append(char)
        self._times.append(at)
        if self.suffix and "".join(self._chars).endswith(self.suffix):
            del self._chars[-len(self.suffix) :]
            return [self._scan("suffix", at)]
        return []

    def _is_burst(self, at: float) -> bool:
        if self.require_prefix or len(self._chars) < self.min_length:
            return False
        times = [*self._times, at]
        return all(b - a <= self.max_gap for a, b in itertools.pairwise(times))

    def _resolve_pause(self, now: float) -> list[WedgeEvent]:
        if self.pause_ends_scan and self._is_burst(self._times[-1]):
            return [self._scan("pause", self._times[-1])]
        text = "".join(self._chars)
        self._clear()
        return [TypedText(text)]

    def _scan(self, ended_by: str, at: float) -> WedgeScan:
        text = "".join(self._chars)
        if self.suffix and not self._prefixed and text.endswith(self.suffix):
            text = text[: -len(self.suffix)]
        started = self._times[0] if self._times else at
        self._clear()
        return WedgeScan(text, started, at, ended_by)

    def _clear(self) -> None:
        self._chars.clear()
        self._times.clear()
        self._prefixed = False
        self._prefixed_raw = ""
