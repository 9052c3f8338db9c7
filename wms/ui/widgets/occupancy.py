"""Location occupancy as a heat map: one row per aisle (rack faces), one per other zone.

Within an aisle each rack is a block, its levels stacked bottom to top and its bins side by side,
as a supervisor sees the racking from the aisle. Colour = units on hand / capacity. Hover for the
numbers; click a location to open its ledger.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from wms.core.services.queries import Cell

EMPTY = QColor("#eceff1")
UNKNOWN = QColor("#90caf9")
LEGEND = (
    (QT_TRANSLATE_NOOP("OccupancyMap", "empty"), EMPTY),
    ("< 50 %", QColor("#81c784")),
    ("50–90 %", QColor("#ffb74d")),
    ("> 90 %", QColor("#e57373")),
    (QT_TRANSLATE_NOOP("OccupancyMap", "no capacity set"), UNKNOWN),
)


def fill_colour(cell: Cell) -> QColor:
    fill = cell.fill
    if cell.units <= 0:
        return EMPTY
    if fill is None or not cell.capacity:
        return UNKNOWN
    if fill < 0.5:
        return QColor("#81c784")
    if fill <= 0.9:
        return QColor("#ffb74d")
    return QColor("#e57373")


class OccupancyMap(QWidget):
    location_clicked = Signal(str)

    LABEL_WIDTH = 120
    ROW_GAP = 14
    CELL = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells: list[Cell] = []
        self._rects: list[tuple[QRectF, Cell]] = []
        self._labels: list[tuple[QRectF, str]] = []
        self._height = 200
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_cells(self, cells: list[Cell]) -> None:
        self.cells = cells
        self._layout()
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(900, self._height)

    def minimumSizeHint(self) -> QSize:
        return QSize(400, min(self._height, 400))

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._layout()
        super().resizeEvent(event)

    # -- layout ----------------------------------------------------------------------------

    def _groups(self) -> list[tuple[str, list[Cell]]]:
        aisles: dict[str, list[Cell]] = defaultdict(list)
        zones: dict[str, list[Cell]] = defaultdict(list)
        for cell in self.cells:
            if cell.aisle:
                aisles[cell.aisle].append(cell)
            else:
                zones[cell.zone or cell.type].append(cell)
        groups = [(self.tr("Aisle {aisle}").format(aisle=a), aisles[a]) for a in sorted(aisles)]
        groups += [(z, zones[z]) for z in sorted(zones)]
        return groups

    def _layout(self) -> None:
        self._rects = []
        self._labels = []
        width = max(self.width(), 400)
        y = 8.0
        size = self.CELL
        for name, cells in self._groups():
            x0 = self.LABEL_WIDTH
            if any(c.rack for c in cells):
                racks: dict[int, list[Cell]] = defaultdict(list)
                for cell in cells:
                    racks[cell.rack].append(cell)
                levels = max(c.level for c in cells) or 1
                bins = max(c.bin for c in cells) or 1
                block = bins * size + 10
                per_line = max(1, int((width - x0 - 8) // block))
                lines = (len(racks) + per_line - 1) // per_line
                height = levels * size
                self._labels.append((QRectF(4, y, self.LABEL_WIDTH - 10, height), name))
                for index, rack in enumerate(sorted(racks)):
                    line, column = divmod(index, per_line)
                    bx = x0 + column * block
                    by = y + line * (height + 18)
                    for cell in racks[rack]:
                        cx = bx + (max(cell.bin, 1) - 1) * size
                        cy = by + (levels - max(cell.level, 1)) * size
                        self._rects.append((QRectF(cx, cy, size - 2, size - 2), cell))
                    self._labels.append((QRectF(bx, by + height, block - 10, 16), f"{rack:02d}"))
                y += lines * (height + 18) + self.ROW_GAP
            else:
                per_line = max(1, int((width - x0 - 8) // size))
                lines = (len(cells) + per_line - 1) // per_line
                self._labels.append((QRectF(4, y, self.LABEL_WIDTH - 10, size), name))
                for index, cell in enumerate(sorted(cells, key=lambda c: c.code)):
                    line, column = divmod(index, per_line)
                    rect = QRectF(x0 + column * size, y + line * size, size - 2, size - 2)
                    self._rects.append((rect, cell))
                y += lines * size + self.ROW_GAP
        self._height = int(y + 40)
        self.setMinimumHeight(self._height)

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), QColor("white"))
        label_font = QFont(self.font())
        label_font.setPointSize(11)
        label_font.setBold(True)
        small = QFont(self.font())
        small.setPointSize(8)
        outline = QPen(QColor("#90a4ae"))
        for rect, cell in self._rects:
            painter.fillRect(rect, fill_colour(cell))
            painter.setPen(outline)
            painter.drawRect(rect)
        painter.setPen(QColor("#263238"))
        for rect, text in self._labels:
            bold = not text.isdigit()
            painter.setFont(label_font if bold else small)
            align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            if not bold:
                align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(rect, int(align), text)
        self._paint_legend(painter, label_font)
        if not self.cells:
            painter.drawText(
                self.rect(), int(Qt.AlignmentFlag.AlignCenter), self.tr("No locations")
            )
        painter.end()

    def _paint_legend(self, painter: QPainter, font: QFont) -> None:
        font = QFont(font)
        font.setBold(False)
        painter.setFont(font)
        x = float(self.LABEL_WIDTH)
        y = float(self._height - 30)
        for text, colour in LEGEND:
            painter.fillRect(QRectF(x, y, 18, 18), colour)
            painter.setPen(QColor("#90a4ae"))
            painter.drawRect(QRectF(x, y, 18, 18))
            painter.setPen(QColor("#263238"))
            shown = self.tr(str(text))
            painter.drawText(QPointF(x + 24, y + 14), shown)
            x += 40 + painter.fontMetrics().horizontalAdvance(shown)

    # -- interaction -----------------------------------------------------------------------

    def cell_at(self, point: QPointF) -> Cell | None:
        for rect, cell in self._rects:
            if rect.contains(point):
                return cell
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if cell is None:
            QToolTip.hideText()
            return
        capacity = str(cell.capacity) if cell.capacity else "–"
        QToolTip.showText(
            event.globalPosition().toPoint(),
            self.tr("{code}: {units} units in {lines} lines, capacity {capacity}").format(
                code=cell.code, units=cell.units, lines=cell.lines, capacity=capacity
            ),
            self,
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if cell is not None:
            self.location_clicked.emit(cell.code)
