"""The scanning screen of every workflow: built to be read from 1–2 m away.

One huge prompt (what to do next), the current task's context, the last feedback in big type on
green / amber / red (with a sound), a sort or putaway destination shown huge, and one entry line
for typed quantities (numeric keypad). Every action is a scan (command barcodes) or a key:

* Enter: send the typed entry (a quantity, check digits...); Ctrl+Enter: send it as a barcode
  (a damaged label keyed by hand)
* F2 done · F3 short · F4 new unit · F5 close · F7 reprint · F8 cancel · Esc back
* F11 home (other workflow) · F12 log out

The screen renders :class:`Feedback`; what an input means is decided by the workflow engine.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wms.core.barcodes.commands import PREFIX
from wms.core.domain.text import Text
from wms.ui.i18n import STATE_COLUMNS, shown, state_word
from wms.ui.screens.home import workflow_title
from wms.ui.style import named
from wms.ui.widgets.feedback import FeedbackBanner

#: key -> command barcode it stands for
KEY_COMMANDS = {
    "F2": "CMD:DONE",
    "F3": "CMD:SHORT",
    "F4": "CMD:NEWHU",
    "F5": "CMD:CLOSE",
    "F7": "CMD:REPRINT",
    "F8": "CMD:CANCEL",
    "Esc": "CMD:BACK",
}

_CONTEXT_TITLES = {
    "asn": QT_TRANSLATE_NOOP("Context", "ASN"),
    "order": QT_TRANSLATE_NOOP("Context", "Order"),
    "sku": QT_TRANSLATE_NOOP("Context", "SKU"),
    "product": QT_TRANSLATE_NOOP("Context", "Product"),
    "lot": QT_TRANSLATE_NOOP("Context", "Lot"),
    "expiry": QT_TRANSLATE_NOOP("Context", "Expiry"),
    "quantity": QT_TRANSLATE_NOOP("Context", "Quantity"),
    "location": QT_TRANSLATE_NOOP("Context", "Location"),
    "handling_unit": QT_TRANSLATE_NOOP("Context", "Handling unit"),
    "sscc": QT_TRANSLATE_NOOP("Context", "SSCC"),
    "destination": QT_TRANSLATE_NOOP("Context", "Destination"),
    "tote": QT_TRANSLATE_NOOP("Context", "Tote"),
    "carton": QT_TRANSLATE_NOOP("Context", "Carton"),
    "weight_kg": QT_TRANSLATE_NOOP("Context", "Weight (kg)"),
    "received": QT_TRANSLATE_NOOP("Context", "Received"),
    "expected": QT_TRANSLATE_NOOP("Context", "Expected"),
    "remaining": QT_TRANSLATE_NOOP("Context", "Remaining"),
    "line": QT_TRANSLATE_NOOP("Context", "Line"),
    "reference": QT_TRANSLATE_NOOP("Context", "Reference"),
    "unit": QT_TRANSLATE_NOOP("Context", "Unit"),
    "dock": QT_TRANSLATE_NOOP("Context", "Dock"),
    "received_here": QT_TRANSLATE_NOOP("Context", "Received here"),
    "bench": QT_TRANSLATE_NOOP("Context", "Bench"),
    "total": QT_TRANSLATE_NOOP("Context", "Total"),
    "suggested_carton": QT_TRANSLATE_NOOP("Context", "Suggested carton"),
    "verified": QT_TRANSLATE_NOOP("Context", "Verified"),
    "pick_list": QT_TRANSLATE_NOOP("Context", "Pick list"),
    "mode": QT_TRANSLATE_NOOP("Context", "Mode"),
    "zone": QT_TRANSLATE_NOOP("Context", "Zone"),
    "stops": QT_TRANSLATE_NOOP("Context", "Stops"),
    "units": QT_TRANSLATE_NOOP("Context", "Units"),
    "orders": QT_TRANSLATE_NOOP("Context", "Orders"),
    "stop": QT_TRANSLATE_NOOP("Context", "Stop"),
    "picked": QT_TRANSLATE_NOOP("Context", "Picked"),
    "state": QT_TRANSLATE_NOOP("Context", "State"),
    "status": QT_TRANSLATE_NOOP("Context", "Status"),
    "pending_quantity": QT_TRANSLATE_NOOP("Context", "Keyed, waiting for a scan"),
    # the parcel hub
    "mawb": QT_TRANSLATE_NOOP("Context", "MAWB"),
    "bag": QT_TRANSLATE_NOOP("Context", "Bag"),
    "parcel": QT_TRANSLATE_NOOP("Context", "Parcel"),
    "reason": QT_TRANSLATE_NOOP("Context", "Reason"),
    "sorted": QT_TRANSLATE_NOOP("Context", "Sorted"),
    "to_sort": QT_TRANSLATE_NOOP("Context", "To sort"),
    "expected_bags": QT_TRANSLATE_NOOP("Context", "Expected bags"),
    "arrived_bags": QT_TRANSLATE_NOOP("Context", "Arrived bags"),
    "missing": QT_TRANSLATE_NOOP("Context", "Missing"),
    "parcels": QT_TRANSLATE_NOOP("Context", "Parcels"),
    "carrier": QT_TRANSLATE_NOOP("Context", "Carrier"),
    "released": QT_TRANSLATE_NOOP("Context", "Released"),
    "quarantined": QT_TRANSLATE_NOOP("Context", "Quarantined"),
    "from": QT_TRANSLATE_NOOP("Context", "From"),
    "check_digits": QT_TRANSLATE_NOOP("Context", "Check digits"),
    "strategy": QT_TRANSLATE_NOOP("Context", "Strategy"),
    "counted": QT_TRANSLATE_NOOP("Context", "Counted"),
    "sequence": QT_TRANSLATE_NOOP("Context", "Sequence"),
    "plan": QT_TRANSLATE_NOOP("Context", "Plan"),
    "rule": QT_TRANSLATE_NOOP("Context", "Rule"),
    "last_mile_bag": QT_TRANSLATE_NOOP("Context", "Last-mile bag"),
    "bags": QT_TRANSLATE_NOOP("Context", "Bags"),
    "scanned": QT_TRANSLATE_NOOP("Context", "Scanned"),
    # returns
    "return": QT_TRANSLATE_NOOP("Context", "Return"),
    "owner": QT_TRANSLATE_NOOP("Context", "Owner"),
    "owner_name": QT_TRANSLATE_NOOP("Context", "Merchant"),
    "grade": QT_TRANSLATE_NOOP("Context", "Grade"),
    "shipped": QT_TRANSLATE_NOOP("Context", "Shipped"),
    "returned": QT_TRANSLATE_NOOP("Context", "Returned"),
    "left": QT_TRANSLATE_NOOP("Context", "Left"),
    "graded": QT_TRANSLATE_NOOP("Context", "Graded"),
}


#: context keys that are not for the operator's eyes (or shown elsewhere, like the destination)
HIDDEN_CONTEXT = frozenset({"destination", "step", "double_read", "print_jobs", "event"})


def context_title(key: str) -> str:
    english = _CONTEXT_TITLES.get(key)
    if english is None:
        return key.replace("_", " ").capitalize()
    return QCoreApplication.translate("Context", str(english))


def show_value(value: Any) -> str | None:
    """A context value as one short line, or None if it is not worth a line on screen."""
    if value is None or value == "" or isinstance(value, dict):
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, list | tuple):
        if not value or any(isinstance(v, dict | list | tuple) for v in value):
            return None
        return ", ".join(str(v) for v in value)
    text = shown(value) if isinstance(value, Text) else str(getattr(value, "value", value))
    return text if len(text) <= 60 else text[:57] + "…"


def is_count(value: Any) -> bool:
    """Numbers that change scan by scan (received, remaining, quantity...) are shown in large
    type: the operator checks them from a step away."""
    return isinstance(value, int | float) and not isinstance(value, bool)


class _EntryKeys(QObject):
    """Ctrl+Enter on the entry: send the text as a barcode."""

    def __init__(self, screen: ScanScreen) -> None:
        super().__init__(screen)
        self.screen = screen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                self.screen.send_entry(as_scan=True)
                return True
        return False


class ScanScreen(QWidget):
    """Signals: ``scan(text)``, ``key(text)``, ``home_requested``, ``logout_requested``."""

    scan = Signal(str)
    key = Signal(str)
    home_requested = Signal()
    logout_requested = Signal()
    feedback_shown = Signal(object)  # Feedback, after it is rendered (side panels follow it)

    def __init__(
        self, mode: str, *, operator_name: str, station: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.mode = mode
        self.last_feedback: Any = None
        self.packing: Any = None  # the packing bench panels, on the packing screen
        self.at_risk: Any = None  # the 72-hour clock, on the parcel hub's screens
        self.cleared_entry = ""  # typed without Enter, cleared by the scan being handled
        self.shortcuts: dict[str, QShortcut] = {}
        self.hidden_context: set[str] = set()  # more keys a side panel shows instead

        self.title = named(QLabel(workflow_title(mode)), "Title")
        self.who = named(
            QLabel(
                self.tr("{operator} · station {station}").format(
                    operator=operator_name, station=station
                )
            ),
            "Subtitle",
        )
        self.who.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.who)

        self.prompt = named(QLabel(), "Prompt")
        self.prompt_source: object = ""  # the prompt as given (a core Text), shown translated
        self.prompt.setWordWrap(True)
        self.prompt.setMinimumHeight(110)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.destination = named(QLabel(), "Destination")
        self.destination.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.destination.hide()

        self.context_box = QFrame()
        self.context_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.context_box.setStyleSheet("QFrame { background: white; border-radius: 8px; }")
        self.context_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.context_grid = QGridLayout(self.context_box)
        self.context_grid.setHorizontalSpacing(18)
        self.context_box.hide()
        self._context_labels: list[tuple[QLabel, QLabel]] = []  # made once, reused per scan
        self._context_shown: list[tuple[str, str, str]] | None = None
        self._summary_shown: list[dict[str, Any]] | None = None

        # the work at hand: ASN lines, items to pack, pick lists or stops, the unit's contents
        self.work_title = named(QLabel(), "ContextKey")
        self.work_title.hide()
        self.work = QTableWidget()
        self.work.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.work.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.work.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.work.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.work.horizontalHeader().setStretchLastSection(True)
        self.work.verticalHeader().hide()
        self.work.setStyleSheet("QTableWidget { font-size: 15pt; }")
        self.work.hide()
        self.work_rows: list[dict[str, Any]] = []  # what the table shows, for tests and reading
        self.work_current: int | None = None

        self.summary = QTableWidget()
        self.summary.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        columns = self.summary.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns.setStretchLastSection(True)
        self.summary.verticalHeader().hide()
        self.summary.hide()

        self.feedback = FeedbackBanner()

        self.entry = named(QLineEdit(), "Entry")
        self.entry.setPlaceholderText(self.tr("Scan, or type and press Enter"))
        self.entry.returnPressed.connect(self.send_entry)
        self.entry.installEventFilter(_EntryKeys(self))
        self.hint = named(QLabel(), "Hint")
        self.hint.setWordWrap(True)
        self.hint.setText(
            self.tr(
                "Enter: send · Ctrl+Enter: send as barcode · F2 done · F3 short · F4 new unit · "
                "F5 close · F7 reprint · F8 cancel · Esc back · F11 home · F12 log out"
            )
        )

        self.side = QVBoxLayout()  # extra panels (packing: scale, print queue)
        middle = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.prompt)
        left.addWidget(self.destination, 2)
        left.addWidget(self.context_box)
        left.addWidget(self.work_title)
        left.addWidget(self.work, 1)
        left.addWidget(self.summary, 1)
        left.addStretch(0)
        middle.addLayout(left, 1)
        middle.addLayout(self.side, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 12)
        layout.addLayout(header)
        layout.addLayout(middle, 1)
        layout.addWidget(self.feedback)
        layout.addWidget(self.entry)
        layout.addWidget(self.hint)

        for key, command in KEY_COMMANDS.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda c=command: self.scan.emit(c))
            self.shortcuts[key] = shortcut
        QShortcut(QKeySequence("F11"), self).activated.connect(self.home_requested.emit)
        QShortcut(QKeySequence("F12"), self).activated.connect(self.logout_requested.emit)
        for widget in self.findChildren(QWidget):
            if widget is not self.entry:
                widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def override_key(self, key: str, action: Any) -> None:
        """Give a function key another action on this screen (packing: F7 reprints)."""
        shortcut = self.shortcuts.get(key)
        if shortcut is None:
            shortcut = self.shortcuts[key] = QShortcut(QKeySequence(key), self)
        shortcut.activated.disconnect()
        shortcut.activated.connect(action)

    # -- input -----------------------------------------------------------------------------

    def on_scan(self, text: str) -> None:
        self.scan.emit(text)

    def send_entry(self, as_scan: bool = False) -> None:
        text = self.entry.text().strip()
        self.entry.clear()
        if not text:
            return
        if as_scan or text.upper().startswith(PREFIX):
            self.scan.emit(text)  # command barcodes may be typed too
        else:
            self.key.emit(text)

    def clear_unsent_entry(self) -> str:
        """A scan arrived while the entry held text typed without Enter: that text was for
        another moment and is never sent later as something else. It is cleared, and the
        feedback of the scan says so. Returns the cleared text."""
        text = self.entry.text().strip()
        self.entry.clear()
        if text:
            self.cleared_entry = text
        return text

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.entry.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- rendering -------------------------------------------------------------------------

    def set_prompt(self, prompt: object) -> None:
        """The next thing to do, in the station's language (a core Text is translated)."""
        self.prompt_source = prompt
        text = shown(prompt)
        if self.prompt.text() != text:
            self.prompt.setText(text)
        self._fit_prompt()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self.prompt_source:
            self.set_prompt(self.prompt_source)

    def _fit_prompt(self) -> None:
        """34 pt for a short prompt; a long one shrinks so it stays within three lines."""
        length = len(self.prompt.text())
        points = 34 if length <= 70 else 28 if length <= 110 else 24
        sheet = f"QLabel#Prompt {{ font-size: {points}pt; }}"
        if self.prompt.styleSheet() != sheet:  # a new style sheet repolishes the label
            self.prompt.setStyleSheet(sheet)

    def show_feedback(self, feedback: Any) -> None:
        if self.cleared_entry:
            feedback = _with_cleared_entry(feedback, self.cleared_entry, self.tr)
            self.cleared_entry = ""
        self.last_feedback = feedback
        self.feedback.show_feedback(feedback)
        if feedback.prompt:
            self.set_prompt(feedback.prompt)
        self._show_destination(feedback)
        self._show_context(feedback.context or {})
        self._show_summary(feedback.summary or ())
        self._show_work(getattr(feedback, "work", None))
        self.entry.setFocus(Qt.FocusReason.OtherFocusReason)
        self.feedback_shown.emit(feedback)

    def show_notice(self, message: str) -> None:
        """Something the operator must notice that no input caused (F6 without a scale)."""
        self.feedback.show_message(message, "attention")
        self.entry.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_error(self, message: str) -> None:
        self.feedback.show_message(message, "error")
        self.entry.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_destination(self, feedback: Any) -> None:
        destination = feedback.destination or ""
        if not destination:
            # keep showing where the current item goes until the task moves on (also after a
            # refused scan: the wrong bin is refused in red, the right one stays on show)
            destination = str((feedback.context or {}).get("destination") or "")
        if destination:
            self.destination.setText(destination)
            self.destination.show()
        else:
            self.destination.hide()

    def _show_context(self, context: dict[str, Any]) -> None:
        """Up to ten (title, value) pairs in two columns. The labels are made once and only
        their texts change (a scan used to delete and rebuild all twenty, then relayout)."""
        shown: list[tuple[str, str, str]] = []
        for key, value in context.items():
            text = show_value(value)
            if text is None or key in HIDDEN_CONTEXT or key in self.hidden_context:
                continue
            shown.append(
                (context_title(key), text, "ContextCount" if is_count(value) else "ContextValue")
            )
            if len(shown) >= 10:
                break
        if shown == self._context_shown:
            return
        self._context_shown = shown
        while len(self._context_labels) < len(shown):
            row, column = divmod(len(self._context_labels), 2)
            name = named(QLabel(), "ContextKey")
            val = named(QLabel(), "ContextValue")
            val.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.context_grid.addWidget(name, row, column * 2)
            self.context_grid.addWidget(val, row, column * 2 + 1)
            self._context_labels.append((name, val))
        for index, (name, val) in enumerate(self._context_labels):
            if index >= len(shown):
                name.hide()
                val.hide()
                continue
            title, text, look = shown[index]
            if name.text() != title:
                name.setText(title)
            if val.text() != text:
                val.setText(text)
            if val.objectName() != look:  # the style sheet selects by name: repolish
                val.setObjectName(look)
                val.style().unpolish(val)
                val.style().polish(val)
            name.show()
            val.show()
        self.context_box.setVisible(bool(shown))

    def _show_work(self, work: Any) -> None:
        """The rows of the task at hand; the row being worked on is highlighted."""
        if work is None or not work.rows:
            self.work_rows, self.work_current = [], None
            self.work.hide()
            self.work_title.setVisible(work is not None)
            if work is not None:
                self.work_title.setText(shown(work.title))
            return
        columns = list(work.columns)
        self.work_rows = [dict(row) for row in work.rows]
        self.work_current = work.current
        self.work_title.setText(shown(work.title))
        self.work_title.show()
        self.work.clear()
        self.work.setColumnCount(len(columns))
        self.work.setRowCount(len(self.work_rows))
        self.work.setHorizontalHeaderLabels([context_title(k) for k in columns])
        highlight = QColor("#fff3c4")
        for r, row in enumerate(self.work_rows):
            for c, key in enumerate(columns):
                value = row.get(key)
                text = show_value(value) or ""
                item = QTableWidgetItem(state_word(text) if key in STATE_COLUMNS else text)
                if is_count(value):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if r == work.current:
                    item.setBackground(highlight)
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.work.setItem(r, c, item)
        current = self.work.item(work.current, 0) if work.current is not None else None
        if current is not None:
            self.work.scrollToItem(current)
        self.work.show()

    def _show_summary(self, summary: Any) -> None:
        rows = [dict(r) for r in summary]
        if rows == self._summary_shown and (bool(rows) == self.summary.isVisible()):
            return  # the same table: nothing to rebuild
        self._summary_shown = rows
        if not rows:
            self.summary.hide()
            return
        keys: list[str] = []
        for row in rows:
            keys.extend(k for k in row if k not in keys)
        self.summary.clear()
        self.summary.setColumnCount(len(keys))
        self.summary.setRowCount(len(rows))
        self.summary.setHorizontalHeaderLabels([context_title(k) for k in keys])
        for r, row in enumerate(rows):
            for c, key in enumerate(keys):
                text = show_value(row.get(key)) or ""
                item = QTableWidgetItem(state_word(text) if key in STATE_COLUMNS else text)
                if isinstance(row.get(key), int | float):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.summary.setItem(r, c, item)
        self.summary.show()


def _with_cleared_entry(feedback: Any, text: str, tr: Any) -> Any:
    """``feedback`` telling also that ``text``, typed without Enter, was cleared by the scan."""
    note = tr(
        "“{text}” was typed without Enter and is cleared: key it again if it is needed"
    ).format(text=text)
    level = feedback.level
    if feedback.ok and str(getattr(level, "value", level)) == "ok":
        level = type(level)("attention")
    return dataclasses.replace(feedback, message=f"{feedback.message}\n{note}", level=level)
