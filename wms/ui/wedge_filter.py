"""Keyboard-wedge scanners in the station app: an application-level key event filter.

A wedge scanner types its barcode. Left alone, Qt would hand those keys to whatever widget has
focus, and ``QLineEdit`` silently drops GS (``Ctrl+]``, text ``"\\x1d"``), which breaks GS1
barcodes with variable-length fields. :class:`WedgeFilter` sits in front of every widget
(``QApplication.installEventFilter``), feeds each printable key to the pure
:class:`~wms.devices.wedge.WedgeDetector` (inter-key timing, optional prefix/suffix) and

* emits :attr:`WedgeFilter.scanned` with the whole scan, GS and AIM prefix kept;
* gives a person's typing back to the focused widget, in order, as ordinary key events.

Keys with no text (arrows, F-keys) and shortcuts (Ctrl+C...) pass straight through, after any
held-back typing has been released, so nothing is reordered.

A scan never reaches a shortcut: Qt offers every key to the shortcut map (a ``ShortcutOverride``
event) *before* it delivers the key press, so the filter claims that event for every key that is
text to a scanner (letters, digits, GS, Enter, Tab). Those keys then arrive as key presses, where
the detector sees them; only keys no wedge sends (F-keys, modifier chords) can be shortcuts, and
the station's shortcuts are only those.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from wms.devices.config import DeviceConfig
from wms.devices.wedge import GS, TypedText, WedgeDetector, WedgeEvent, WedgeScan

_SPECIAL_KEYS = {
    Qt.Key.Key_Return: "\r",
    Qt.Key.Key_Enter: "\r",
    Qt.Key.Key_Tab: "\t",
}

#: pressing only a modifier (a wedge holds Shift for capitals, Ctrl for GS) is not a key stroke
MODIFIER_KEYS = {
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_NumLock,
}

_KEY_FOR_CHAR = {"\r": Qt.Key.Key_Return, "\n": Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab}


def detector_for(device: DeviceConfig | None = None) -> WedgeDetector:
    """A detector with the ``[devices.*]`` wedge settings (or sensible defaults)."""
    options = device.options if device is not None else {}
    return WedgeDetector(
        min_length=int(options.get("min_length", 4)),
        max_gap=float(options.get("max_gap_ms", 40)) / 1000.0,
        prefix=str(options.get("prefix", "")),
        suffix=str(options.get("suffix", "")),
    )


def key_text(event: QKeyEvent) -> str | None:
    """The character a key press contributes to a scan, or None for keys that are not text."""
    key = event.key()
    modifiers = event.modifiers()
    control = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
    text = event.text()
    if text == GS or (control and key == Qt.Key.Key_BracketRight):
        return GS
    special = _SPECIAL_KEYS.get(Qt.Key(key))
    if special is not None and not control:
        return special
    if control or modifiers & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier):
        return None
    if len(text) == 1 and text.isprintable():
        return text
    return None


def key_event_for(char: str, kind: QEvent.Type = QEvent.Type.KeyPress) -> QKeyEvent:
    """A synthetic key event that types ``char``."""
    key = _KEY_FOR_CHAR.get(char)
    if key is None:
        upper = char.upper()
        if len(upper) == 1 and ("0" <= upper <= "9" or "A" <= upper <= "Z"):
            key = Qt.Key(ord(upper))
        else:
            key = Qt.Key.Key_unknown
    text = "" if char in ("\r", "\n", "\t") else char
    if char in ("\r", "\n"):
        text = "\r"
    return QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)


class WedgeFilter(QObject):
    """Install with ``app.installEventFilter(filter)``; connect :attr:`scanned`."""

    scanned = Signal(str)

    def __init__(
        self,
        detector: WedgeDetector | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.detector = detector or detector_for(None)
        self.clock = clock
        self.enabled = True
        self.scans = 0
        self._replaying = False
        self._target: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.tick)

    # -- Qt --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or not self.enabled:
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            return self._claim_scanner_key(event)
        if event.type() != QEvent.Type.KeyPress:
            return False
        if not watched.isWidgetType():
            return False  # the QWindow copy of the event; the focus widget gets its own
        assert isinstance(event, QKeyEvent)
        if event.key() in MODIFIER_KEYS:
            return False
        char = key_text(event)
        if char is None:
            self.flush()
            return False
        self._target = watched  # type: ignore[assignment]
        self._handle(self.detector.key(char, self.clock()))
        self._arm()
        return True

    @staticmethod
    def _claim_scanner_key(event: QEvent) -> bool:
        """A key a scanner may type is never a shortcut: accepting its ``ShortcutOverride``
        tells Qt to deliver it as a key press instead (to :meth:`eventFilter`)."""
        assert isinstance(event, QKeyEvent)
        if event.key() in MODIFIER_KEYS or key_text(event) is None:
            return False
        event.accept()
        return True

    # -- driving ---------------------------------------------------------------------------

    def tick(self) -> None:
        """Release typing and end pause-terminated scans (called by the timer)."""
        self._handle(self.detector.tick(self.clock()))
        self._arm()

    def flush(self) -> None:
        """Resolve whatever is held back now (before a non-text key, at shutdown)."""
        if self.detector.pending:
            self._handle(self.detector.tick(math.inf))
        self._timer.stop()

    def _arm(self) -> None:
        if self.detector.pending:
            wait = self.detector.max_gap
            if self.detector.prefix and self.detector.pending.startswith(self.detector.prefix):
                wait = self.detector.prefixed_timeout
            self._timer.start(int(wait * 1000) + 5)
        else:
            self._timer.stop()

    def _handle(self, events: list[WedgeEvent]) -> None:
        for item in events:
            if isinstance(item, WedgeScan):
                if item.text:
                    self.scans += 1
                    self.scanned.emit(item.text)
            elif isinstance(item, TypedText):
                self.type_text(item.text)

    def type_text(self, text: str, target: QWidget | None = None) -> None:
        """Deliver ``text`` to the focused widget as key presses (bypassing the filter)."""
        widget = target or QApplication.focusWidget() or self._target
        if widget is None:
            return
        self._replaying = True
        try:
            for char in text:
                if char == "\n":
                    char = "\r"
                QCoreApplication.sendEvent(widget, key_event_for(char))
                QCoreApplication.sendEvent(widget, key_event_for(char, QEvent.Type.KeyRelease))
                # a Tab may have moved the focus: keep typing where the focus went
                widget = QApplication.focusWidget() or widget
        finally:
            self._replaying = False
