"""The feedback banner: the last result in big type, each level with its own icon, shape and
brightness (:data:`wms.ui.style.BANNERS`), and a short flash on every accepted input, so a
repeated scan that gives the same sentence is still seen to be taken."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from wms.ui.i18n import shown
from wms.ui.local_time import local_clock_times
from wms.ui.style import BANNERS

#: how long the flash of an accepted input lasts
FLASH_MS = 180


def level_of(feedback: Any) -> str:
    level = getattr(feedback, "level", "")
    return str(getattr(level, "value", level) or ("ok" if feedback.ok else "error"))


class FeedbackBanner(QLabel):
    """Shows one message; ``level`` is ``ok``, ``attention``, ``error`` or ``""`` (neutral)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Feedback")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(90)
        self.level = ""
        self.message = ""
        self.source: object = ""  # the message as given (a core Text: re-shown on a new language)
        self.flashes = 0  # accepted inputs flashed so far
        self._flash = QTimer(self)  # a child: it dies with the banner, never fires after it
        self._flash.setSingleShot(True)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._paint)
        self.show_message("", "")

    @property
    def flashing(self) -> bool:
        return self._flash.isActive()

    def show_feedback(self, feedback: Any) -> None:
        # an accepted input goes straight to the flash: one style change per scan, not two
        self.show_message(feedback.message, level_of(feedback), paint=not feedback.ok)
        if feedback.ok:
            self.flash()
            if not self.message:
                self._paint()
        self.update()  # painted even when text and style are those of the last input

    def show_message(self, message: object, level: str, *, paint: bool = True) -> None:
        """``message`` in the station's language (a core Text is translated)."""
        self.level = level
        self.source = message
        self.message = _sentence(shown(message))
        self._flash.stop()
        look = BANNERS.get(level, BANNERS[""])
        text = f"{look.icon}  {self.message}" if self.message and look.icon else self.message
        if self.text() != text:
            self.setText(text)
        if paint:
            self._paint()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self.source:
            self.show_message(self.source, self.level)

    def flash(self) -> None:
        """Light the banner up for a moment: the input was taken (even if the text is the same
        as the last one's)."""
        if not self.message:
            return
        look = BANNERS.get(self.level, BANNERS[""])
        self.flashes += 1
        self._style(
            f"QLabel#Feedback {{ background: #ffffff; color: {look.background}; {look.frame} }}"
        )
        self._flash.start()

    def _paint(self) -> None:
        look = BANNERS.get(self.level, BANNERS[""])
        if not self.message:
            self._style("QLabel#Feedback { background: transparent; border: none; }")
            return
        self._style(
            f"QLabel#Feedback {{ background: {look.background}; color: {look.text}; {look.frame} }}"
        )

    def _style(self, sheet: str) -> None:
        """Set the style sheet only when it changes (each set re-parses it and repolishes)."""
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)


def _sentence(message: str) -> str:
    message = local_clock_times(message.strip())
    if not message:
        return ""
    return message[0].upper() + message[1:]
