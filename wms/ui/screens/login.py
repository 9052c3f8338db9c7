"""Login: scan the badge (or key its number), then key the PIN. Language chosen here."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wms.ui.i18n import LANGUAGES, current_language
from wms.ui.style import named
from wms.ui.widgets.feedback import FeedbackBanner


class LoginScreen(QWidget):
    """Badge, then PIN. ``language_chosen(code)`` when the operator picks a language."""

    language_chosen = Signal(str)
    badge_entered = Signal(str)  # typed or scanned badge
    pin_entered = Signal(str)
    settings_requested = Signal()

    def __init__(self, station: str, warehouse: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.warehouse = warehouse
        self.badge: str | None = None

        self.title = _centred(named(QLabel(), "Title"))
        self.where = _centred(named(QLabel(), "Subtitle"))
        self.prompt = _centred(named(QLabel(), "Prompt"))
        self.prompt.setWordWrap(True)
        self.entry = named(QLineEdit(), "Pin")
        self.entry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entry.setMaximumWidth(520)
        self.entry.returnPressed.connect(self._entered)
        self.feedback = FeedbackBanner()
        self.hint = _centred(named(QLabel(), "Hint"))
        self.hint.setWordWrap(True)

        self.languages = QButtonGroup(self)
        self.languages.setExclusive(True)
        row = QHBoxLayout()
        row.addStretch(1)
        for number, (code, name) in enumerate(LANGUAGES.items(), start=1):
            button = named(QPushButton(f"F{number}  {name}"), "Language")
            button.setCheckable(True)
            button.setProperty("code", code)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, c=code: self.language_chosen.emit(c))
            self.languages.addButton(button)
            row.addWidget(button)
            shortcut = QShortcut(QKeySequence(f"F{number}"), self)
            shortcut.activated.connect(lambda c=code: self.language_chosen.emit(c))
        row.addStretch(1)
        self.settings_button = named(QPushButton(), "Language")
        self.settings_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.settings_button.clicked.connect(self.settings_requested.emit)

        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(self.entry, 3)
        centre.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 20)
        layout.addWidget(self.title)
        layout.addWidget(self.where)
        layout.addStretch(2)
        layout.addWidget(self.prompt)
        layout.addSpacing(20)
        layout.addLayout(centre)
        layout.addSpacing(20)
        layout.addWidget(self.feedback)
        layout.addStretch(3)
        layout.addLayout(row)
        layout.addSpacing(10)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.settings_button)
        layout.addLayout(bottom)
        self.retranslate()
        self.reset()

    # -- state -----------------------------------------------------------------------------

    def reset(self) -> None:
        self.badge = None
        self.entry.clear()
        self.entry.setEchoMode(QLineEdit.EchoMode.Normal)
        self._show_prompt()
        self.entry.setFocus()

    def ask_pin(self, entered: str) -> None:
        """The session accepted the badge ``entered`` (scanned or keyed): now the PIN."""
        # the barcode interpreter is loaded with the scan session, which answered already
        from wms.core.services.badges import badge_number

        self.badge = badge_number(entered) or entered.strip()
        self.entry.clear()
        self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        self._show_prompt()
        self.entry.setFocus()

    def show_feedback(self, feedback: Any) -> None:
        self.feedback.show_feedback(feedback)

    def show_error(self, message: str) -> None:
        self.feedback.show_message(message, "error")

    def on_scan(self, text: str) -> None:
        """A scanned badge (wedge or serial scanner).

        While the PIN is asked for, digits alone are the PIN keyed fast enough to look like a
        scan (a badge label reads ``BADGE:<id>``), so they go to the session as the PIN instead of
        starting over with a badge of that number."""
        if self.badge is not None and is_keyed_pin(text):
            self.entry.clear()
            self.pin_entered.emit(text.strip())
            return
        self.badge_entered.emit(text)

    # -- i18n ------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Warehouse station"))
        self.where.setText(
            self.tr("Station {station} · warehouse {warehouse}").format(
                station=self.station, warehouse=self.warehouse
            )
        )
        self.hint.setText(
            self.tr("Scan your badge or type its number, then press Enter. F1–F4: language.")
        )
        self.settings_button.setText(self.tr("Settings (F9)"))
        code = current_language()
        for button in self.languages.buttons():
            button.setChecked(button.property("code") == code)
        self._show_prompt()

    def _show_prompt(self) -> None:
        if self.badge is None:
            self.prompt.setText(self.tr("Scan your badge"))
            self.entry.setPlaceholderText(self.tr("badge number"))
        else:
            self.prompt.setText(self.tr("Badge {badge}: key your PIN").format(badge=self.badge))
            self.entry.setPlaceholderText(self.tr("PIN"))

    def _entered(self) -> None:
        text = self.entry.text().strip()
        self.entry.clear()
        if not text:
            return
        if self.badge is None:
            self.badge_entered.emit(text)
        else:
            self.pin_entered.emit(text)


def is_keyed_pin(text: str) -> bool:
    """Digits only (ASCII), as a keypad types them: a PIN, not a badge label."""
    value = text.strip()
    return bool(value) and value.isascii() and value.isdigit()


def _centred(label: QLabel) -> QLabel:
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
