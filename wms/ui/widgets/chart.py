"""Throughput per hour as a stacked bar chart (QtCharts), per station or per operator (or, on
the parcel hub tab, per station and operator)."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from wms.core.services.queries import Throughput

PALETTE = ("#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#c62828", "#78909c")


def count_axis(peak: float, *, at_least: int = 5) -> QValueAxis:
    """A value axis for counts: whole-number ticks on a round step (1, 2, 5 x 10^k), from 0 to
    the first tick at or above ``peak`` (at least ``at_least``), so a bar of 2 ends on the 2
    line (with Qt's default five ticks over 0..5 it ended below a "2" drawn at 2.5)."""
    top = max(float(peak), float(at_least), 1.0)
    step = 1
    while top / step > 8:
        for factor in (2, 5 / 2, 2):  # 1 -> 2 -> 5 -> 10 -> 20 ...
            step = round(step * factor)
            if top / step <= 8:
                break
    ticks = -(-int(top) // step)  # ceil
    axis = QValueAxis()
    axis.setRange(0, ticks * step)
    axis.setTickCount(ticks + 1)
    axis.setLabelFormat("%d")
    return axis


class ThroughputChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        font = QFont()
        font.setPointSize(11)
        chart.legend().setFont(font)
        title = QFont()
        title.setPointSize(14)
        title.setBold(True)
        chart.setTitleFont(title)
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.data: Throughput | None = None
        self.setMinimumHeight(360)

    def set_data(self, data: Throughput, title: str, axis_title: str | None = None) -> None:
        self.data = data
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(title)
        series: QBarSeries | QStackedBarSeries = QStackedBarSeries()
        peak = 0
        totals = [0] * len(data.hours)
        for index, (name, counts) in enumerate(data.series.items()):
            bar = QBarSet(name)
            bar.setColor(QColor(PALETTE[index % len(PALETTE)]))
            bar.setBorderColor(QColor(PALETTE[index % len(PALETTE)]))
            bar.append([float(c) for c in counts])
            series.append(bar)
            totals = [t + c for t, c in zip(totals, counts, strict=True)]
        peak = max(totals, default=0)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([hour.astimezone().strftime("%H") for hour in data.hours])
        axis_x.setTitleText(self.tr("hour"))
        axis_y = count_axis(peak)
        axis_y.setTitleText(axis_title if axis_title is not None else self.tr("movements"))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().setVisible(bool(data.series))
