"""Home: the workflows this station offers, the supervisor's screens, the print queue."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

_TITLES = {
    "receiving": QT_TRANSLATE_NOOP("Workflows", "Receiving"),
    "putaway": QT_TRANSLATE_NOOP("Workflows", "Putaway"),
    "move": QT_TRANSLATE_NOOP("Workflows", "Moves"),
    "count": QT_TRANSLATE_NOOP("Workflows", "Counting"),
    "adjust": QT_TRANSLATE_NOOP("Workflows", "Adjustments"),
    "transfer": QT_TRANSLATE_NOOP("Workflows", "Transfers"),
    "picking": QT_TRANSLATE_NOOP("Workflows", "Picking"),
    "sorting": QT_TRANSLATE_NOOP("Workflows", "Sorting"),
    "packing": QT_TRANSLATE_NOOP("Workflows", "Packing"),
    "shipping": QT_TRANSLATE_NOOP("Workflows", "Shipping"),
}


def workflow_title(name: str) -> str:
    """The workflow's name in the current language."""
    return QCoreApplication.translate("Workflows", _TITLES.get(name, name.title()))


class HomeScreen(QWidget):
    """``workflow_chosen(name)``, ``stock_requested``, ``queue_requested``, ``logout_requested``."""

    workflow_chosen = Signal(str)
    stock_requested = Signal()
    queue_requested = Signal()
    settings_requested = Signal()
    logout_requested = Signal()

    accepts_scans = True

    def __init__(
        self,
        modes: list[str],
        *,
        operator_name: str,
        supervisor: bool,
        has_queue: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.modes = modes
        self.buttons: dict[str, QPushButton] = {}
        title = QLabel(objectName="Title")
        title.setText(self.tr("Hello {name}: choose a workflow").format(name=operator_name))
        hint = QLabel(objectName="Hint")
        hint.setText(
            self.tr(
                "Press the number key, or scan CMD:MODE:<workflow> on the command sheet. "
                "F12: log out."
            )
        )
        hint.setWordWrap(True)
        grid = QGridLayout()
        grid.setSpacing(14)
        for index, name in enumerate(modes):
            number = index + 1
            label = f"{number}   {workflow_title(name)}" if number <= 9 else workflow_title(name)
            button = QPushButton(label, objectName="Workflow")
            button.clicked.connect(lambda _=False, n=name: self.workflow_chosen.emit(n))
            self.buttons[name] = button
            grid.addWidget(button, index // 3, index % 3)
            if number <= 9:
                QShortcut(QKeySequence(str(number)), self).activated.connect(
                    lambda n=name: self.workflow_chosen.emit(n)
                )
        extra = QHBoxLayout()
        self.stock_button = None
        if supervisor:
            self.stock_button = QPushButton(self.tr("S   Stock screens"), objectName="Workflow")
            self.stock_button.clicked.connect(self.stock_requested.emit)
            QShortcut(QKeySequence("S"), self).activated.connect(self.stock_requested.emit)
            extra.addWidget(self.stock_button)
        self.queue_button = None
        if has_queue:
            self.queue_button = QPushButton(self.tr("P   Print queue"), objectName="Workflow")
            self.queue_button.clicked.connect(self.queue_requested.emit)
            QShortcut(QKeySequence("P"), self).activated.connect(self.queue_requested.emit)
            extra.addWidget(self.queue_button)
        settings = QPushButton(self.tr("F9   Settings"), objectName="Workflow")
        settings.clicked.connect(self.settings_requested.emit)
        extra.addWidget(settings)
        logout = QPushButton(self.tr("F12   Log out"), objectName="Workflow")
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
        if modes:
            self.buttons[modes[0]].setFocus(Qt.FocusReason.OtherFocusReason)
