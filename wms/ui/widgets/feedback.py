"""The feedback banner: the last result in big type on green, amber or red."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from wms.ui.style import LEVEL_COLOURS


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
        self.show_message("", "")

    def show_feedback(self, feedback: Any) -> None:
        self.show_message(feedback.message, level_of(feedback))

    def show_message(self, message: str, level: str) -> None:
        self.level = level
        background = LEVEL_COLOURS.get(level, LEVEL_COLOURS[""])
        if not message:
            background = "transparent"
        self.setStyleSheet(f"QLabel#Feedback {{ background: {background}; color: white; }}")
        self.setText(_sentence(message))


def _sentence(message: str) -> str:
    message = message.strip()
    if not message:
        return ""
    return message[0].upper() + message[1:]
