"""The 72-hour clock on the station's scan screen in the parcel hub's modes: how many parcels in
the hub are within ``[hub] at_risk_hours`` of their promise (or past it), and the most urgent
few with their hours left and where they are.

The numbers come from :func:`wms.core.services.hub.queries.at_risk` (index-only counts), read in
the background after each accepted scan and on a timer, so the strip never holds up a scan."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from wms.ui.style import named

if TYPE_CHECKING:  # the hub's queries load with the first hub scan screen, not with the window
    from wms.core.services.hub.queries import AtRisk

#: modes whose scan screen shows the strip
HUB_MODES = frozenset({"arrival", "deconsolidation", "release", "handover"})
#: how often the strip refreshes without a scan (ms)
REFRESH_MS = 60_000

#: ``load(done, failed)``: read the numbers (in the background), then call one of them
Loader = Callable[[Callable[["AtRisk"], None], Callable[[BaseException], None]], None]


def hours_text(hours: float) -> str:
    """``9.8 h`` left, or ``-2.5 h`` past the promise."""
    return f"{hours:.1f} h"


class AtRiskStrip(QFrame):
    """The strip; ``load`` reads its numbers (see :data:`Loader`)."""

    def __init__(
        self, load: Loader, *, refresh_ms: int = REFRESH_MS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AtRisk")
        self.setStyleSheet(
            "QFrame#AtRisk { background: white; border: 2px solid #c0392b; border-radius: 8px; }"
            " QLabel#AtRiskCount { color: #c0392b; font-size: 26pt; font-weight: bold; }"
            " QLabel#AtRiskLine { font-size: 14pt; }"
        )
        self.setMinimumWidth(340)
        self.load = load
        self.data: AtRisk | None = None
        self.loading = False
        self.title = named(QLabel(self.tr("72-hour clock")), "ContextKey")
        self.count = named(QLabel("…"), "AtRiskCount")
        self.lines: list[QLabel] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.count)
        self.lines_box = QVBoxLayout()
        layout.addLayout(self.lines_box)
        layout.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    def refresh(self) -> None:
        """Read the numbers again (one read at a time: a slow read is not stacked)."""
        if self.loading:
            return
        self.loading = True
        self.load(self._loaded, self.failed)

    def _loaded(self, data: AtRisk) -> None:
        self.loading = False
        self.show_at_risk(data)

    def failed(self, _error: BaseException) -> None:
        self.loading = False

    def show_at_risk(self, data: AtRisk) -> None:
        self.data = data
        self.title.setText(
            self.tr("72-hour clock: promise within {hours} h").format(hours=data.hours)
        )
        self.count.setText(self.tr("{count} parcels at risk").format(count=f"{data.count:,}"))
        while len(self.lines) < len(data.soonest):
            label = named(QLabel(), "AtRiskLine")
            self.lines_box.addWidget(label)
            self.lines.append(label)
        for index, label in enumerate(self.lines):
            if index >= len(data.soonest):
                label.hide()
                continue
            parcel = data.soonest[index]
            where = parcel.location or self.tr("not yet scanned")
            # two lines: the strip is narrow beside the big destination, and a clipped
            # location is worse than none
            label.setText(f"{parcel.tracking}  ·  {hours_text(parcel.hours_left)}\n    {where}")
            label.show()

    def shown_lines(self) -> list[str]:
        """The parcels on show, most urgent first, one line each (for tests and reading)."""
        return [
            label.text().replace("\n    ", "  ·  ") for label in self.lines if not label.isHidden()
        ]
