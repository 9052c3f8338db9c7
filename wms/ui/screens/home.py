"""Home: the workflows this station offers, the supervisor's screens, the print queue.

The workflows, their order, number keys and titles come from
:class:`~wms.core.domain.modes.StationMode` (the one list); this module only translates them.

Every shortcut is a chord or an F-key (Ctrl+1 … Ctrl+9 and Ctrl+0 the first ten workflows,
Alt+1 … Alt+0 the next ten, Ctrl+S the stock
screens, Ctrl+P the print queue, F9 settings, F12 log out): a scanner types bare letters and
digits, and a scanned ``CMD:MODE:picking`` or GTIN must never open anything by its characters.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from wms.core.domain.modes import StationMode
from wms.ui.style import named

#: the translatable titles, for the translation files; the English ones are
#: ``StationMode.english_title`` (a test holds the two to each other)
TRANSLATED_TITLES = (
    QT_TRANSLATE_NOOP("Workflows", "Receiving"),
    QT_TRANSLATE_NOOP("Workflows", "Putaway"),
    QT_TRANSLATE_NOOP("Workflows", "Moves"),
    QT_TRANSLATE_NOOP("Workflows", "Counting"),
    QT_TRANSLATE_NOOP("Workflows", "Picking"),
    QT_TRANSLATE_NOOP("Workflows", "Sorting"),
    QT_TRANSLATE_NOOP("Workflows", "Packing"),
    QT_TRANSLATE_NOOP("Workflows", "Shipping"),
    QT_TRANSLATE_NOOP("Workflows", "Transfers"),
    QT_TRANSLATE_NOOP("Workflows", "Adjustments"),
    QT_TRANSLATE_NOOP("Workflows", "Hub arrival"),
    QT_TRANSLATE_NOOP("Workflows", "Deconsolidation"),
    QT_TRANSLATE_NOOP("Workflows", "Hold release"),
    QT_TRANSLATE_NOOP("Workflows", "Carrier handover"),
    QT_TRANSLATE_NOOP("Workflows", "Quarantine release"),
    QT_TRANSLATE_NOOP("Workflows", "Returns"),
)


def workflow_title(name: str) -> str:
    """The workflow's name in the current language."""
    try:
        english = StationMode(name).english_title
    except ValueError:
        english = name.title()
    return QCoreApplication.translate("Workflows", english)


def offered_modes(names: list[str]) -> list[StationMode]:
    """The modes among ``names`` (what the session offers this operator), in the one order of
    :class:`StationMode`: that order gives the number keys (Ctrl+1 …)."""
    offered = set(names)
    return [mode for mode in StationMode if mode.value in offered]


def workflow_key(position: int) -> str | None:
    """The chord of the workflow at ``position`` (1-based) on the home screen: Ctrl+1 …
    Ctrl+9 and Ctrl+0 for the first ten, Alt+1 … Alt+0 for the next ten; None beyond."""
    if not 1 <= position <= 20:
        return None
    modifier = "Ctrl" if position <= 10 else "Alt"
    return f"{modifier}+{position % 10}"


class HomeScreen(QWidget):
    """``workflow_chosen(name)``, ``stock_requested``, ``queue_requested``, ``logout_requested``."""

    workflow_chosen = Signal(str)
    stock_requested = Signal()
    queue_requested = Signal()
    settings_requested = Signal()
    logout_requested = Signal()

    def __init__(
        self,
        modes: list[str],
        *,
        operator_name: str,
        supervisor: bool,
        has_queue: bool,
        available: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``modes``: the station's workflows, which number their keys; ``available``: those
        this operator may open (None: all), the only ones shown. A workflow keeps its key
        whoever logs in: an operator does not see the supervisor's quarantine release, and the
        returns bench is Alt+6 for both."""
        super().__init__(parent)
        station_modes = [mode.value for mode in offered_modes(modes)]
        shown = set(station_modes if available is None else available)
        self.modes = [name for name in station_modes if name in shown]
        self.buttons: dict[str, QPushButton] = {}
        title = named(QLabel(), "Title")
        title.setText(self.tr("Hello {name}: choose a workflow").format(name=operator_name))
        hint = named(QLabel(), "Hint")
        hint.setText(
            self.tr(
                "Press Ctrl and the number, or scan CMD:MODE:<workflow> on the command sheet. "
                "F12: log out."
            )
        )
        hint.setWordWrap(True)
        grid = QGridLayout()
        grid.setSpacing(14)
        for index, name in enumerate(self.modes):
            key = workflow_key(station_modes.index(name) + 1)
            label = f"{key}   {workflow_title(name)}" if key else workflow_title(name)
            button = named(QPushButton(label), "Workflow")
            button.clicked.connect(lambda _=False, n=name: self.workflow_chosen.emit(n))
            self.buttons[name] = button
            grid.addWidget(button, index // 3, index % 3)
            if key:
                QShortcut(QKeySequence(key), self).activated.connect(
                    lambda n=name: self.workflow_chosen.emit(n)
                )
        extra = QHBoxLayout()
        self.stock_button = None
        if supervisor:
            self.stock_button = named(QPushButton(self.tr("Ctrl+S   Stock screens")), "Workflow")
            self.stock_button.clicked.connect(self.stock_requested.emit)
            QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.stock_requested.emit)
            extra.addWidget(self.stock_button)
        self.queue_button = None
        if has_queue:
            self.queue_button = named(QPushButton(self.tr("Ctrl+P   Print queue")), "Workflow")
            self.queue_button.clicked.connect(self.queue_requested.emit)
            QShortcut(QKeySequence("Ctrl+P"), self).activated.connect(self.queue_requested.emit)
            extra.addWidget(self.queue_button)
        settings = named(QPushButton(self.tr("F9   Settings")), "Workflow")
        settings.clicked.connect(self.settings_requested.emit)
        extra.addWidget(settings)
        logout = named(QPushButton(self.tr("F12   Log out")), "Workflow")
        logout.clicked.connect(self.logout_requested.emit)
        extra.addWidget(logout)
        QShortcut(QKeySequence("F12"), self).activated.connect(self.logout_requested.emit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(30, 24, 30, 20)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addSpacing(16)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addLayout(extra)
        if self.modes:
            self.buttons[self.modes[0]].setFocus(Qt.FocusReason.OtherFocusReason)
