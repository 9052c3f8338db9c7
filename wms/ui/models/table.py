"""A lazily fetched, sortable table model over a :class:`~wms.core.services.queries.Source`.

``canFetchMore``/``fetchMore`` load one page at a time *in the background*: the view asks for
more when it scrolls near the end, the page query runs on the thread pool, and the rows are
inserted when they arrive, so neither a million-row ledger nor a slow database freezes the
window. Changing the filters or the sort starts over (results of the old query are dropped).
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from sqlalchemy.orm import Session, sessionmaker

from wms.core.services.queries import Filters, Page, Source
from wms.ui.i18n import STATE_COLUMNS, state_word
from wms.ui.workers import Tasks

log = logging.getLogger("wms.ui.models")

Index = QModelIndex | QPersistentModelIndex

#: the column titles of :mod:`wms.core.services.queries`, for the translation files
COLUMN_TITLES = (
    QT_TRANSLATE_NOOP("Columns", "Location"),
    QT_TRANSLATE_NOOP("Columns", "SKU"),
    QT_TRANSLATE_NOOP("Columns", "Product"),
    QT_TRANSLATE_NOOP("Columns", "Lot"),
    QT_TRANSLATE_NOOP("Columns", "Expiry"),
    QT_TRANSLATE_NOOP("Columns", "Handling unit"),
    QT_TRANSLATE_NOOP("Columns", "Status"),
    QT_TRANSLATE_NOOP("Columns", "Quantity"),
    QT_TRANSLATE_NOOP("Columns", "Locations"),
    QT_TRANSLATE_NOOP("Columns", "Products"),
    QT_TRANSLATE_NOOP("Columns", "Time"),
    QT_TRANSLATE_NOOP("Columns", "Kind"),
    QT_TRANSLATE_NOOP("Columns", "From"),
    QT_TRANSLATE_NOOP("Columns", "To"),
    QT_TRANSLATE_NOOP("Columns", "Reference"),
    QT_TRANSLATE_NOOP("Columns", "Operator"),
    QT_TRANSLATE_NOOP("Columns", "Station"),
    QT_TRANSLATE_NOOP("Columns", "Movement"),
    QT_TRANSLATE_NOOP("Columns", "ASN"),
    QT_TRANSLATE_NOOP("Columns", "Supplier"),
    QT_TRANSLATE_NOOP("Columns", "Origin"),
    QT_TRANSLATE_NOOP("Columns", "Expected"),
    QT_TRANSLATE_NOOP("Columns", "Lines"),
    QT_TRANSLATE_NOOP("Columns", "Units expected"),
    QT_TRANSLATE_NOOP("Columns", "Units received"),
    QT_TRANSLATE_NOOP("Columns", "Order"),
    QT_TRANSLATE_NOOP("Columns", "Customer"),
    QT_TRANSLATE_NOOP("Columns", "Country"),
    QT_TRANSLATE_NOOP("Columns", "Carrier"),
    QT_TRANSLATE_NOOP("Columns", "Units"),
    QT_TRANSLATE_NOOP("Columns", "Units picked"),
    QT_TRANSLATE_NOOP("Columns", "Destination"),
    QT_TRANSLATE_NOOP("Columns", "Zone"),
    QT_TRANSLATE_NOOP("Columns", "Handling units"),
    QT_TRANSLATE_NOOP("Columns", "Capacity"),
    QT_TRANSLATE_NOOP("Columns", "Filled"),
)
Colour = Callable[[tuple[Any, ...]], QColor | None]


def format_value(value: Any, kind: str) -> str:
    if value is None or value == "":
        return ""
    if kind == "int":
        return f"{int(value):,}".replace(",", "\u202f")
    if kind == "percent":
        return f"{float(value):.0f} %"
    if kind == "date" and isinstance(value, date | datetime):
        return value.strftime("%Y-%m-%d")
    if kind == "datetime" and isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


class PagedTableModel(QAbstractTableModel):
    """Rows of ``source`` for the current :class:`Filters`, ``page_size`` at a time."""

    loading_changed = Signal(bool)
    page_loaded = Signal(int, float)  # rows now loaded, milliseconds the page took
    total_changed = Signal(int)
    failed = Signal(str)

    def __init__(
        self,
        source: Source,
        sessions: sessionmaker[Session],
        tasks: Tasks,
        *,
        filters: Filters | None = None,
        page_size: int = 500,
        colour: Colour | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.sessions = sessions
        self.tasks = tasks
        self.filters = filters or Filters()
        self.page_size = page_size
        self.colour = colour
        self.sort_key = source.default_sort
        self.descending = source.default_descending
        self.rows: list[tuple[Any, ...]] = []
        self.total: int | None = None
        self.last_page_ms = 0.0
        self._cursor: tuple[Any, ...] | None = None
        self._offset = 0
        self._done = False
        self._loading = False
        self._generation = 0

    # -- what the screen changes -----------------------------------------------------------

    def set_source(self, source: Source) -> None:
        self.source = source
        self.sort_key = source.default_sort
        self.descending = source.default_descending
        self.reload()

    def set_filters(self, **changes: Any) -> None:
        self.filters = replace(self.filters, **changes)
        self.reload()

    def reload(self) -> None:
        """Forget every row and fetch the first page again."""
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self.total = None
        self._cursor = None
        self._offset = 0
        self._done = False
        self._loading = False
        self.endResetModel()
        self._fetch(first=True)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def exhausted(self) -> bool:
        return self._done

    # -- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.source.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or section >= len(self.source.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("Columns", self.source.columns[section].title)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.source.columns[index.column()]
        value = row[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = format_value(value, column.kind)
            return state_word(text) if column.key in STATE_COLUMNS else text
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind in ("int", "percent"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self.colour is not None:
            colour = self.colour(row)
            return QBrush(colour) if colour is not None else None
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._done and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch(first=False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0 or column >= len(self.source.columns):
            return
        wanted = self.source.columns[column]
        if not wanted.sortable:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if wanted.key == self.sort_key and descending == self.descending:
            return  # already in that order (reload() fetches again)
        self.sort_key = wanted.key
        self.descending = descending
        self.reload()

    def sort_column(self) -> int:
        keys = [c.key for c in self.source.columns]
        return keys.index(self.sort_key) if self.sort_key in keys else -1

    # -- fetching --------------------------------------------------------------------------

    def _fetch(self, *, first: bool) -> None:
        self._loading = True
        self.loading_changed.emit(True)
        generation = self._generation
        source, filters = self.source, self.filters
        sort, descending = self.sort_key, self.descending
        cursor, offset, limit = self._cursor, self._offset, self.page_size
        sessions = self.sessions

        def query() -> Page:
            with sessions() as session:
                return source.page(
                    session,
                    filters,
                    sort=sort,
                    descending=descending,
                    cursor=cursor,
                    offset=offset,
                    limit=limit,
                    with_total=first,
                )

        self.tasks.run(
            query,
            lambda page: self._arrived(generation, page),
            lambda error: self._failed(generation, error),
        )

    def _arrived(self, generation: int, page: Page) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._cursor = page.cursor
        self._offset = page.offset
        self._done = page.done
        self.last_page_ms = page.elapsed_ms
        if page.rows:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        if page.total is not None:
            self.total = page.total
            self.total_changed.emit(page.total)
        self.loading_changed.emit(False)
        self.page_loaded.emit(len(self.rows), page.elapsed_ms)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._done = True
        log.error("loading %s failed", self.source.name, exc_info=error)
        self.loading_changed.emit(False)
        self.failed.emit(
            QCoreApplication.translate(
                "Tables", "This list could not be loaded; try again, or see the station log."
            )
        )

    # -- export ----------------------------------------------------------------------------

    def export_rows(self, path: Path) -> int:
        """Write *every* row of the current query (not only those loaded) to ``path`` as CSV.
        Runs the query itself: call it from a worker for big tables."""
        source, filters = self.source, self.filters
        header = [c.title for c in source.columns]
        kinds = [c.kind for c in source.columns]
        count = 0
        with self.sessions() as session, path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            for row in source.iter_all(session, filters, self.sort_key, self.descending):
                writer.writerow(_csv_value(v, k) for v, k in zip(row, kinds, strict=True))
                count += 1
        return count

    def export_csv(
        self,
        path: Path,
        on_done: Callable[[int], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.tasks.run(lambda: self.export_rows(path), on_done, on_error)


def _csv_value(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if kind == "percent":
        return f"{float(value):.1f}"
    return str(value)


class ListTableModel(QAbstractTableModel):
    """A small in-memory table (print jobs, pending adjustments): rows set all at once."""

    def __init__(
        self, columns: list[tuple[str, str, str]], parent: Any = None, colour: Colour | None = None
    ) -> None:
        super().__init__(parent)
        self.columns = columns  # (key, English title, kind)
        self.rows: list[tuple[Any, ...]] = []
        self.objects: list[Any] = []
        self.colour = colour

    def set_rows(self, rows: list[tuple[Any, ...]], objects: list[Any] | None = None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.objects = objects if objects is not None else list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("Columns", self.columns[section][1])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        kind = self.columns[index.column()][2]
        if role == Qt.ItemDataRole.DisplayRole:
            text = format_value(value, kind)
            return state_word(text) if self.columns[index.column()][0] in STATE_COLUMNS else text
        if role == Qt.ItemDataRole.TextAlignmentRole and kind in ("int", "percent"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self.colour is not None:
            colour = self.colour(self.rows[index.row()])
            return QBrush(colour) if colour is not None else None
        return None

    def export_rows(self, path: Path) -> int:
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow([c[1] for c in self.columns])
            for row in self.rows:
                writer.writerow(_csv_value(v, c[2]) for v, c in zip(row, self.columns, strict=True))
        return len(self.rows)
