"""The print queue of this station: pending, failed and printed jobs; reprint, reroute, cancel.

Reads and actions go through :class:`~wms.ui.qt_devices.QtPrintQueue` in the background; the
queue's worker thread reports every change, and the list refreshes itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from wms.ui.models.table import ListTableModel
from wms.ui.qt_devices import QtPrintQueue
from wms.ui.style import named
from wms.ui.widgets.table_panel import TablePanel

COLUMNS: list[tuple[str, str, str]] = [
    ("created_at", str(QT_TRANSLATE_NOOP("Columns", "Created")), "datetime"),
    ("state", str(QT_TRANSLATE_NOOP("Columns", "State")), "text"),
    ("description", str(QT_TRANSLATE_NOOP("Columns", "Document")), "text"),
    ("reference", str(QT_TRANSLATE_NOOP("Columns", "Reference")), "text"),
    ("printer", str(QT_TRANSLATE_NOOP("Columns", "Printer")), "text"),
    ("attempts", str(QT_TRANSLATE_NOOP("Columns", "Attempts")), "int"),
    ("last_error", str(QT_TRANSLATE_NOOP("Columns", "Last error")), "text"),
]

STATE_FILTERS: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    (
        str(QT_TRANSLATE_NOOP("PrintQueuePanel", "Waiting or failed")),
        ("pending", "printing", "failed"),
    ),
    (str(QT_TRANSLATE_NOOP("PrintQueuePanel", "All jobs")), None),
    (str(QT_TRANSLATE_NOOP("PrintQueuePanel", "Printed")), ("done",)),
    (str(QT_TRANSLATE_NOOP("PrintQueuePanel", "Cancelled")), ("cancelled",)),
)

_STATE_COLOURS = {
    "pending": "#fff3e0",
    "printing": "#e3f2fd",
    "failed": "#ffebee",
    "done": "#e8f5e9",
}


def _colour(row: tuple[Any, ...]) -> QColor | None:
    colour = _STATE_COLOURS.get(str(row[1]))
    return QColor(colour) if colour else None


class PrintQueuePanel(QWidget):
    def __init__(
        self, queue: QtPrintQueue, printers: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.queue = queue
        self.printers = printers
        self.model = ListTableModel(COLUMNS, self, colour=_colour)
        self.table = TablePanel(self.model, search=False, name="print-jobs")
        self.states: tuple[str, ...] | None = STATE_FILTERS[0][1]
        self.state_box = self.table.add_filter(
            self.tr("Show"),
            [(QCoreApplication.translate("PrintQueuePanel", t), v) for t, v in STATE_FILTERS],
            self._set_states,
        )
        self.message = named(QLabel(), "Hint")
        self.message.setWordWrap(True)

        self.reprint_button = QPushButton(self.tr("Reprint (F7)"))
        self.reprint_button.clicked.connect(self.reprint)
        self.target = QComboBox()
        self.target.addItems(printers)
        self.target.setMinimumWidth(220)
        self.reroute_button = QPushButton(self.tr("Send to this printer"))
        self.reroute_button.clicked.connect(self.reroute)
        self.cancel_button = QPushButton(self.tr("Cancel job"))
        self.cancel_button.clicked.connect(self.cancel)
        self.retry_button = QPushButton(self.tr("Retry all now (F5)"))
        self.retry_button.clicked.connect(self.retry)
        actions = QHBoxLayout()
        for widget in (self.reprint_button, self.cancel_button, self.retry_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(QLabel(self.tr("Printer:")))
        actions.addWidget(self.target)
        actions.addWidget(self.reroute_button)
        self.reroute_button.setEnabled(bool(printers))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        QShortcut(QKeySequence("F7"), self).activated.connect(self.reprint)
        QShortcut(QKeySequence("F5"), self).activated.connect(self.retry)

        queue.changed.connect(self._changed, Qt.ConnectionType.QueuedConnection)
        queue.failed.connect(self._show_failure)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self.refresh)
        self.refresh()

    # -- data ------------------------------------------------------------------------------

    def refresh(self) -> None:
        filters: dict[str, Any] = {"limit": 500}
        if self.states is not None:
            filters["states"] = self.states
        self.queue.jobs(self._show, **filters)

    def _show(self, jobs: list[Any]) -> None:
        rows = [
            (
                _local(job.created_at),
                str(job.state),
                job.description,
                job.reference or "",
                job.printer,
                job.attempts,
                job.last_error or "",
            )
            for job in jobs
        ]
        selected = self.selected()
        self.model.set_rows(rows, jobs)
        if selected is not None:
            for row, job in enumerate(jobs):
                if job.id == selected.id:
                    self.table.view.selectRow(row)
        self.table.status.setText(self.tr("{count} jobs").format(count=len(jobs)))
        self.table._fit()

    def _set_states(self, states: tuple[str, ...] | None) -> None:
        self.states = states
        self.refresh()

    def _changed(self, _job: Any) -> None:
        self._refresh_timer.start()

    def _show_failure(self, message: str) -> None:
        self.message.setText(message)
        self.message.setStyleSheet("color: #c62828; font-weight: bold;")

    # -- actions ---------------------------------------------------------------------------

    def selected(self) -> Any:
        rows = self.table.view.selectionModel().selectedRows() if self.model.rows else []
        if not rows:
            return None
        return self.model.objects[rows[0].row()]

    def _need_selection(self) -> Any:
        job = self.selected()
        if job is None:
            self._say(self.tr("Select a job in the list first (arrow keys), then choose again."))
        return job

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    def reprint(self) -> None:
        job = self._need_selection()
        if job is not None:
            self.queue.reprint(job.id)
            self._say(self.tr("Reprint of {what} queued.").format(what=job.description or job.id))
            self._refresh_timer.start()

    def reroute(self) -> None:
        job = self._need_selection()
        printer = self.target.currentText()
        if job is None or not printer:
            return
        if str(job.state) in ("pending", "failed"):
            self.queue.reroute(job.id, printer)
        else:
            self.queue.reprint(job.id, printer)
        self._say(
            self.tr("{what} sent to {printer}.").format(what=job.description, printer=printer)
        )
        self._refresh_timer.start()

    def cancel(self) -> None:
        job = self._need_selection()
        if job is not None:
            self.queue.cancel(job.id)
            self._refresh_timer.start()

    def retry(self) -> None:
        self.queue.retry_now()
        self._say(self.tr("Trying every waiting job again now."))
        self._refresh_timer.start()


def _local(moment: datetime | None) -> datetime | None:
    return moment.astimezone() if moment is not None else None
