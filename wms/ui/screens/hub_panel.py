"""The supervisor's parcel hub tab: held parcels by reason and age, parcels at risk of missing
their promise (hours left, where they are) and a chart of them by hours left, and parcels sorted
per hour per station and operator (table and stacked bar chart). Reads the core's hub read
models (:mod:`wms.core.services.hub.queries`) in the background."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget
from sqlalchemy.orm import Session, sessionmaker

from wms.core.services.hub import queries
from wms.core.services.queries.throughput import Throughput
from wms.ui.models.table import ListTableModel
from wms.ui.widgets.chart import ThroughputChart, count_axis
from wms.ui.widgets.table_panel import TablePanel
from wms.ui.workers import Tasks

log = logging.getLogger("wms.ui.hub")

HELD_COLUMNS = [
    ("reason", str(QT_TRANSLATE_NOOP("Columns", "Reason")), "text"),
    ("parcels", str(QT_TRANSLATE_NOOP("Columns", "Parcels")), "int"),
    ("oldest_hours", str(QT_TRANSLATE_NOOP("Columns", "Oldest hold (h)")), "text"),
]
AT_RISK_COLUMNS = [
    ("tracking", str(QT_TRANSLATE_NOOP("Columns", "Tracking")), "text"),
    ("hours_left", str(QT_TRANSLATE_NOOP("Columns", "Hours left")), "text"),
    ("state", str(QT_TRANSLATE_NOOP("Columns", "State")), "text"),
    ("location", str(QT_TRANSLATE_NOOP("Columns", "Location")), "text"),
    ("customs", str(QT_TRANSLATE_NOOP("Columns", "Customs")), "text"),
    ("carrier", str(QT_TRANSLATE_NOOP("Columns", "Carrier")), "text"),
    ("country", str(QT_TRANSLATE_NOOP("Columns", "Country")), "text"),
    ("dwell_hours", str(QT_TRANSLATE_NOOP("Columns", "Dwell (h)")), "text"),
]
THROUGHPUT_COLUMNS = [
    ("hour", str(QT_TRANSLATE_NOOP("Columns", "Hour")), "text"),
    ("station", str(QT_TRANSLATE_NOOP("Columns", "Station")), "text"),
    ("operator", str(QT_TRANSLATE_NOOP("Columns", "Operator")), "text"),
    ("parcels", str(QT_TRANSLATE_NOOP("Columns", "Parcels")), "int"),
]
#: hours-left buckets of the chart: (upper bound, label)
BUCKETS = ((0, "overdue"), (4, "0–4 h"), (8, "4–8 h"), (12, "8–12 h"), (24, "12–24 h"))
#: the chart's first label, translated (the others are numbers)
OVERDUE = QT_TRANSLATE_NOOP("HubPanel", "overdue")


def bucket_counts(hours_left: list[float]) -> list[int]:
    counts = [0] * len(BUCKETS)
    for hours in hours_left:
        for index, (bound, _label) in enumerate(BUCKETS):
            if hours < bound:
                counts[index] += 1
                break
    return counts


class HubPanel(QWidget):
    def __init__(
        self,
        read_sessions: sessionmaker[Session],
        tasks: Tasks,
        *,
        warehouse: str,
        clock: Callable[[], datetime],
        at_risk_hours: int = 24,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.read_sessions = read_sessions
        self.tasks = tasks
        self.warehouse = warehouse
        self.clock = clock
        self.at_risk_hours = at_risk_hours
        self.held_model = ListTableModel(HELD_COLUMNS, self)
        self.at_risk_model = ListTableModel(AT_RISK_COLUMNS, self)
        self.throughput_model = ListTableModel(THROUGHPUT_COLUMNS, self)
        self.held = TablePanel(self.held_model, search=False, name="hub-held")
        self.throughput = TablePanel(self.throughput_model, search=False, name="hub-throughput")
        self.at_risk = TablePanel(self.at_risk_model, search=False, name="hub-at-risk")
        self.summary = QLabel()
        self.summary.setObjectName("Hint")
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().hide()
        self.chart = QChartView(chart)
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumHeight(220)
        self.per_hour = ThroughputChart()
        self.per_hour.setMinimumHeight(250)
        self.per_hour_data: Throughput | None = None
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(refresh)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(self.tr("Held in the customs cage")))
        left_layout.addWidget(self.held, 1)
        left_layout.addWidget(self.chart, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(
            QLabel(self.tr("At risk: promise within {hours} h").format(hours=at_risk_hours))
        )
        right_layout.addWidget(self.at_risk, 2)
        right_layout.addWidget(QLabel(self.tr("Parcels sorted per hour, station and operator")))
        right_layout.addWidget(self.throughput, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 3)
        layout.addWidget(self.per_hour, 2)

    def refresh(self) -> None:
        sessions, warehouse, now, hours = (
            self.read_sessions,
            self.warehouse,
            self.clock(),
            self.at_risk_hours,
        )

        def load() -> tuple[
            list[dict[str, object]], list[queries.ParcelLine], list[dict[str, object]]
        ]:
            held = queries.held_by_reason(sessions, now=now, warehouse=warehouse)
            risky = queries.parcels(
                sessions, now=now, warehouse=warehouse, at_risk_hours=hours, limit=2_000
            )
            since = now - timedelta(hours=24)
            sorted_ = queries.throughput(sessions, since=since, warehouse=warehouse)
            return held, risky, sorted_

        self.tasks.run(load, self._show, self._failed)

    def _show(
        self,
        data: tuple[list[dict[str, object]], list[queries.ParcelLine], list[dict[str, object]]],
    ) -> None:
        held, risky, sorted_ = data
        self.throughput_model.set_rows(
            [
                tuple(
                    _hour_text(row[c[0]]) if c[0] == "hour" else row[c[0]]
                    for c in THROUGHPUT_COLUMNS
                )
                for row in reversed(sorted_)
            ]
        )
        self.held_model.set_rows([tuple(row[c[0]] for c in HELD_COLUMNS) for row in held])
        rows: list[tuple[Any, ...]] = []
        for line in risky:
            values = line.as_row()
            rows.append(tuple(values[c[0]] for c in AT_RISK_COLUMNS))
        self.at_risk_model.set_rows(rows)
        held_total = sum(int(str(row["parcels"])) for row in held)
        self.summary.setText(
            self.tr("held in the cage: {held} · at risk: {risky}").format(
                held=held_total, risky=len(risky)
            )
        )
        self._chart([line.hours_left for line in risky])
        self.per_hour_data = queries.per_hour(sorted_, now=self.clock())
        total = sum(int(str(row["parcels"])) for row in sorted_)
        self.per_hour.set_data(
            self.per_hour_data,
            self.tr("{total} parcels sorted in the last 24 hours, per station and operator").format(
                total=f"{total:,}"
            ),
            self.tr("parcels"),
        )

    def _chart(self, hours_left: list[float]) -> None:
        chart = self.chart.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        counts = bucket_counts(hours_left)
        bars = QBarSet(self.tr("Parcels"))
        bars.setColor(QColor("#c0392b"))
        for count in counts:
            bars.append(count)
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        labels = [label for _bound, label in BUCKETS]
        labels[0] = self.tr("overdue")
        categories.append(labels)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        values = count_axis(max(counts, default=0))
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)
        chart.setTitle(self.tr("Parcels at risk by hours left"))

    def _failed(self, error: BaseException) -> None:
        log.error("parcel hub tab query failed", exc_info=error)


def _hour_text(value: object) -> str:
    """An hour of the throughput table in the station's time zone: ``2026-12-02 16:00``."""
    hour = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return hour.astimezone().strftime("%Y-%m-%d %H:00")
