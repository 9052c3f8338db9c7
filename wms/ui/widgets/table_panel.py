"""A table with its search box, filters, row count and "Export CSV" button.

The search box's text becomes filters through ``search_filters`` (default: a prefix search on
the text). The stock screens give it :func:`wms.core.services.queries.scan_search`, so a scan or
typed ``LOC:…``, GTIN, GS1 label, SSCC, ``ORD:``/``ASN:`` searches what it names.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wms.ui.models.table import ListTableModel, PagedTableModel

log = logging.getLogger("wms.ui.tables")

GS = "\x1d"
#: the widest a toolbar filter box gets, in characters of its choices (the popup shows all)
FILTER_CHARACTERS = 18
FILTER_ARROW_PX = 48  # the box's frame and drop-down arrow beside its text

#: text of the search box -> (the filters it sets, what is searched for in one line or "")
SearchFilters = Callable[[str], tuple[dict[str, Any], str]]


def prefix_search(text: str) -> tuple[dict[str, Any], str]:
    """The default: every word of the text starts a column."""
    return {"search": text.replace(GS, " ")}, ""


class TablePanel(QWidget):
    """Toolbar + view over a :class:`PagedTableModel` (or a :class:`ListTableModel`)."""

    exported = Signal(str, int)  # path, rows
    export_failed = Signal(str)

    def __init__(
        self,
        model: PagedTableModel | ListTableModel,
        *,
        search: bool = True,
        search_hint: str = "",
        search_filters: SearchFilters = prefix_search,
        name: str = "table",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.name = name
        self.search_filters = search_filters
        self._scanned = ("", "")  # (the scan as shown in the box, the scan as read)
        self.toolbar = QHBoxLayout()
        self.search: QLineEdit | None = None
        self.searching = QLabel()  # what the search looks for, when a scan names it
        if search:
            self.search = QLineEdit()
            self.search.setClearButtonEnabled(True)
            self.search.setPlaceholderText(search_hint or self.tr("Search (scan or type)…"))
            self.search.setMinimumWidth(320)
            self._debounce = QTimer(self)
            self._debounce.setSingleShot(True)
            self._debounce.setInterval(250)
            self._debounce.timeout.connect(self._apply_search)
            self.search.textChanged.connect(lambda _t: self._debounce.start())
            self.search.returnPressed.connect(self._apply_search)
            self.toolbar.addWidget(self.search)
            self.toolbar.addWidget(self.searching)
        self.toolbar.addStretch(1)
        self.status = QLabel()
        self.toolbar.addWidget(self.status)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(self.choose_export)
        self.toolbar.addWidget(self.export_button)

        self.view = QTableView()
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(30)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        if isinstance(model, PagedTableModel):
            column = model.sort_column()
            if column >= 0:
                header.setSortIndicator(column, _order(model.descending))
            self.view.setSortingEnabled(True)  # sorts by the indicator: the model's own order
            model.page_loaded.connect(self._loaded)
            model.total_changed.connect(
                lambda _n: self._loaded(len(model.rows), model.last_page_ms)
            )
            model.loading_changed.connect(self._loading)
            model.failed.connect(lambda message: self.status.setText(message))
            model.modelReset.connect(self._fit_later)
        else:  # a list model is replaced whole: fit its columns to the first rows it shows
            model.modelReset.connect(self._fit_first_rows)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.view, 1)
        self._fitted = False

    def add_filter(
        self, label: str, choices: Sequence[tuple[str, Any]], apply: Callable[[Any], None]
    ) -> QComboBox:
        """A combo box in the toolbar: ``choices`` are (shown text, value)."""
        box = QComboBox()
        for text, value in choices:
            box.addItem(text, value)
        # as wide as its longest choice, up to FILTER_CHARACTERS: a long owner name would
        # otherwise widen the toolbar past a 1366 px bench monitor (the popup shows it whole)
        box.ensurePolished()
        box.setMaximumWidth(
            box.fontMetrics().averageCharWidth() * FILTER_CHARACTERS + FILTER_ARROW_PX
        )
        box.currentIndexChanged.connect(lambda _i: apply(box.currentData()))
        index = 1 if self.search is not None else 0
        self.toolbar.insertWidget(index, QLabel(label))
        self.toolbar.insertWidget(index + 1, box)
        return box

    def search_scan(self, scan: str) -> None:
        """A scan searches this table at once (GS and all, which the box cannot hold)."""
        if self.search is None:
            return
        shown = scan.replace(GS, " ").strip()
        self._scanned = (shown, scan)
        self.search.blockSignals(True)
        self.search.setText(shown)
        self.search.blockSignals(False)
        self._debounce.stop()
        self._apply_search()

    def _apply_search(self) -> None:
        if self.search is None or not isinstance(self.model, PagedTableModel):
            return
        text = self.search.text()
        shown, scan = self._scanned
        if text == shown and scan:
            text = scan  # the scan still on show: read it as scanned, GS included
        changes, searching = self.search_filters(text)
        self.searching.setText(searching)
        if any(getattr(self.model.filters, key) != value for key, value in changes.items()):
            self.model.set_filters(**changes)

    def _loading(self, busy: bool) -> None:
        if busy and not self.model.rows:
            self.status.setText(self.tr("Loading…"))

    def _loaded(self, rows: int, elapsed_ms: float) -> None:
        model = self.model
        assert isinstance(model, PagedTableModel)
        if model.total is not None:
            text = self.tr("{shown} of {total} rows").format(
                shown=f"{rows:,}", total=f"{model.total:,}"
            )
        elif model.exhausted:
            text = self.tr("{shown} rows").format(shown=f"{rows:,}")
        else:
            text = self.tr("{shown} rows, more as you scroll").format(shown=f"{rows:,}")
        self.status.setText(text)
        if not self._fitted and rows:
            self._fit()

    def _fit_later(self) -> None:
        self._fitted = False

    def _fit_first_rows(self) -> None:
        if not self._fitted and self.model.rowCount() > 0:
            self._fit()

    def _fit(self) -> None:
        self._fitted = True
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        # the last column stretches over what is left: sizing it too only adds a scroll bar
        for column in range(header.count() - 1):
            width = header.sectionSize(column)
            header.resizeSection(column, min(max(width + 12, 80), 320))

    # -- export ----------------------------------------------------------------------------

    def choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export to CSV"), f"{self.name}.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        self.export_button.setEnabled(False)
        self.status.setText(self.tr("Exporting…"))

        def done(count: int) -> None:
            self.export_button.setEnabled(True)
            self.status.setText(
                self.tr("{count} rows exported to {path}").format(count=f"{count:,}", path=path)
            )
            self.exported.emit(str(path), count)

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            log.error("export to %s failed", path, exc_info=error)
            message = self.tr("Could not write {path}: choose another folder.").format(path=path)
            self.status.setText(message)
            self.export_failed.emit(message)

        if isinstance(self.model, PagedTableModel):
            self.model.export_csv(path, done, failed)
        else:
            try:
                done(self.model.export_rows(path))
            except OSError as error:
                failed(error)


def _order(descending: bool):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
