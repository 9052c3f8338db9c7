"""Packing bench panels, beside the scanning screen of the ``packing`` workflow.

* :class:`CartonPanel`: the bench's cartons as keys (S / M / L with their inner dimensions and
  maximum weight); the carton the workflow suggests is highlighted, the one in use framed.
  A click (or typing the code + Enter) sends the code to the workflow, which checks it fits.
* :class:`ScalePanel`: the live scale weight (big); F6 sends the reading with whether the scale
  calls it stable (the button is offered on a stable reading). In the ``weight`` step the
  packing workflow closes the parcel on a stable weight only, and queues the shipping label,
  the packing list and (cross-border) the customs form in the durable print queue.
* :class:`ParcelPrintPanel`: the last parcel closed here and its print jobs (waiting, printed,
  failed); F7 prints them again.

The weight is read on the scale's own thread (:class:`~wms.ui.qt_devices.QtScale`); cartons
(:func:`wms.core.services.queries.bench_cartons`) and print jobs are read in the background.
The packing workflow decides what every input means.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from wms.core.services.queries import BenchCarton
from wms.ui.qt_devices import QtScale
from wms.ui.style import ACCENT, ATTENTION, ERROR, OK, named

PANEL_STYLE = "background: white; border-radius: 8px;"


def size_text(carton: BenchCarton) -> str:
    """``25 × 20 × 10 cm``: the carton's inner dimensions as its key shows them."""
    return " × ".join(f"{d:g}" for d in carton.dimensions_cm) + " cm"


class CartonPanel(QFrame):
    """``carton_chosen(code)`` when a carton key is clicked."""

    carton_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PackPanel")
        self.setStyleSheet(f"QFrame#PackPanel {{ {PANEL_STYLE} }}")
        self.cartons: list[BenchCarton] = []
        self.suggested = ""
        self.chosen = ""
        self.active = False
        self.buttons: dict[str, QPushButton] = {}
        self.title = named(QLabel(self.tr("Carton: key S, M or L + Enter")), "ContextKey")
        self.grid = QGridLayout()
        self.grid.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addLayout(self.grid)

    def set_cartons(self, cartons: list[BenchCarton]) -> None:
        self.cartons = cartons
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons = {}
        for row, carton in enumerate(cartons):
            button = named(QPushButton(), "Carton")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setText(f"{carton.code}    {size_text(carton)}   ≤ {carton.max_kg:g} kg")
            button.setToolTip(carton.description)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, code=carton.code: self._clicked(code))
            self.grid.addWidget(button, row, 0)
            self.buttons[carton.code] = button
        self._paint()

    def show_state(self, *, active: bool, suggested: str, chosen: str) -> None:
        self.active, self.suggested, self.chosen = active, suggested, chosen
        self._paint()

    def _clicked(self, code: str) -> None:
        if self.active:
            self.carton_chosen.emit(code)

    def _paint(self) -> None:
        for code, button in self.buttons.items():
            if self.active and code == self.chosen:
                edge = OK if code == self.suggested else ATTENTION
                style = f"background: {ACCENT}; color: white; border: 4px solid {edge};"
            elif code == self.suggested and self.active:
                style = f"background: #e3f2fd; border: 3px solid {ACCENT};"
            else:
                style = "color: #37474f;" if self.active else "color: #78909c;"
            label = button.text().split("   ✓")[0]
            if self.active and code == self.suggested:
                label += "   ✓"
            button.setText(label)
            button.setStyleSheet(f"QPushButton#Carton {{ {style} }}")


class ScalePanel(QFrame):
    """``weight_sent(kg, stable)`` when the operator sends the scale's reading (F6 or the
    button); the packing workflow decides whether that reading may close a parcel."""

    weight_sent = Signal(object, bool)
    problem = Signal(str)  # F6 with nothing to send: why, and what to do instead

    def __init__(self, scale: QtScale | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PackPanel")
        self.scale: QtScale | None = None
        self.kg: Decimal | None = None
        self.stable = False
        self.setStyleSheet(f"QFrame#PackPanel {{ {PANEL_STYLE} }}")
        self.title = named(QLabel(self.tr("Scale")), "ContextKey")
        self.value = named(QLabel("– – –"), "Weight")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state = named(QLabel(), "Hint")
        self.state.setWordWrap(True)
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = named(QPushButton(self.tr("F6  Use this weight")), "Primary")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.send_weight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.state)
        layout.addWidget(self.button)
        self.use_scale(scale)

    def use_scale(self, scale: QtScale | None) -> None:
        """Read ``scale`` from now on (a scale added or changed in Settings, no restart)."""
        if self.scale is not None and isValid(self.scale):
            self.scale.weight.disconnect(self.show_weight)
            self.scale.failed.disconnect(self.show_problem)
        self.scale = scale
        if scale is None:
            self.show_problem(self.no_scale_text())
            return
        self.kg = None
        self.value.setText("– – –")
        self.value.setStyleSheet("")
        self.state.setText(self.tr("waiting for the scale…"))
        self.button.setEnabled(False)
        scale.weight.connect(self.show_weight)
        scale.failed.connect(self.show_problem)
        if scale.last_kg is not None:
            self.show_weight(scale.last_kg, scale.last_stable, "")

    def no_scale_text(self) -> str:
        return self.tr(
            "No scale at this bench: key the parcel's weight (e.g. 0.9 kg) and press Enter. "
            "A scale added in Settings (F9) is used at once."
        )

    def set_closing(self, closing: bool) -> None:
        """In the weight step F6 closes the parcel and prints its papers."""
        self.button.setText(
            self.tr("F6  Weigh, close and print\nlabel · packing list · customs")
            if closing
            else self.tr("F6  Use this weight")
        )

    def show_weight(self, kg: Decimal, stable: bool, _text: str = "") -> None:
        self.kg = kg
        self.stable = stable
        self.value.setText(f"{kg:.3f} kg")
        self.value.setStyleSheet(f"color: {OK if stable else ATTENTION};")
        self.state.setText(self.tr("stable") if stable else self.tr("settling…"))
        self.button.setEnabled(stable)  # offered on a stable reading; the workflow decides

    def show_problem(self, message: str) -> None:
        self.kg = None
        self.stable = False
        self.value.setText("– – –")
        self.value.setStyleSheet(f"color: {ERROR};")
        self.state.setText(message)
        self.button.setEnabled(False)

    def send_weight(self) -> None:
        """Send the current reading as it is. Without one, F6 still answers: ``problem`` says
        why there is nothing to send and that the weight may be keyed."""
        if self.kg is not None:
            self.weight_sent.emit(self.kg, self.stable)
        elif self.scale is None:
            self.problem.emit(self.no_scale_text())
        else:
            self.problem.emit(
                self.tr(
                    "The scale {name} has sent no weight yet ({status}): check it, or key the "
                    "parcel's weight (e.g. 0.9 kg) and press Enter."
                ).format(name=self.scale.name, status=self.state.text() or self.scale.status)
            )


_JOB_STATES: dict[str, tuple[str, str, str]] = {
    "pending": ("…", ATTENTION, str(QT_TRANSLATE_NOOP("ParcelPrintPanel", "waiting"))),
    "printing": ("…", ATTENTION, str(QT_TRANSLATE_NOOP("ParcelPrintPanel", "printing"))),
    "done": ("✓", OK, str(QT_TRANSLATE_NOOP("ParcelPrintPanel", "printed"))),
    "failed": ("✗", ERROR, str(QT_TRANSLATE_NOOP("ParcelPrintPanel", "failed"))),
    "cancelled": ("–", "#78909c", str(QT_TRANSLATE_NOOP("ParcelPrintPanel", "cancelled"))),
}


class ParcelPrintPanel(QFrame):
    """The last parcel closed at this bench and its print jobs; F7 reprints them."""

    def __init__(self, queue: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PackPanel")
        self.queue = queue  # QtPrintQueue or None
        self.sscc = ""
        self._names: set[str] = set()
        self.jobs: list[Any] = []
        self.setStyleSheet(f"QFrame#PackPanel {{ {PANEL_STYLE} }}")
        self.title = named(QLabel(self.tr("Printed for the last parcel")), "ContextKey")
        self.parcel = named(QLabel(self.tr("no parcel closed yet")), "ParcelLine")
        self.parcel.setWordWrap(True)
        self.lines = named(QLabel(), "JobLines")
        self.lines.setTextFormat(Qt.TextFormat.RichText)
        self.lines.setWordWrap(True)
        self.reprint_button = QPushButton(self.tr("F7  Print again"))
        self.reprint_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reprint_button.setEnabled(False)
        self.reprint_button.clicked.connect(self.reprint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.parcel)
        layout.addWidget(self.lines)
        layout.addWidget(self.reprint_button)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(200)
        self._later.timeout.connect(self.refresh)
        if queue is not None:
            # a method of this panel, not a lambda: Qt drops the connection when the panel
            # goes with its packing screen, so a later print job never reaches a deleted timer
            queue.changed.connect(self._queue_changed)
        else:
            self.lines.setText(self.tr("This station has no print queue."))

    def _queue_changed(self, _job: object) -> None:
        self._later.start()

    def show_parcel(self, sscc: str, summary: dict[str, Any]) -> None:
        self.sscc = sscc
        order = summary.get("order", "")
        self._names = {sscc, str(order)}
        weight = summary.get("weight_kg", "")
        carton = summary.get("carton", "")
        form = summary.get("customs_form", "")
        parts = [p for p in (str(order), f"{weight} kg" if weight else "", carton, form) if p]
        self.parcel.setText(f"{sscc}\n" + " · ".join(parts))
        self.refresh()

    def refresh(self) -> None:
        if self.queue is None or not self.sscc:
            return
        self.queue.jobs(self._show, reference=self.sscc, limit=20)

    def _show(self, jobs: list[Any]) -> None:
        if not isValid(self):
            return  # the jobs came back after the packing screen was closed
        self.jobs = [j for j in reversed(jobs)]  # oldest first
        rows = []
        for job in self.jobs:
            mark, colour, state = _JOB_STATES.get(str(job.state), ("?", "#37474f", job.state))
            words = [w for w in (job.description or job.id).split() if w not in self._names]
            state = QCoreApplication.translate("ParcelPrintPanel", state)
            rows.append(
                f"<div style='color:{colour}; font-weight:bold'>{mark} {_html(' '.join(words))}"
                f" <span style='color:#455a64; font-weight:normal'>{_html(state)}</span></div>"
            )
        self.lines.setText("".join(rows))
        self.lines.setToolTip("\n".join(j.last_error or "" for j in self.jobs).strip())
        self.reprint_button.setEnabled(bool(self.jobs))

    def reprint(self) -> None:
        if self.queue is None:
            return
        originals = [j for j in self.jobs if not j.reprint_of]
        for job in originals:
            self.queue.reprint(job.id)
        if originals:
            self._later.start()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class PackingBench(QWidget):
    """The three packing panels, kept in step with the packing workflow's feedback."""

    def __init__(
        self,
        scale: QtScale | None,
        queue: Any,
        *,
        load_cartons: Callable[[Callable[[list[BenchCarton]], None]], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.cartons = CartonPanel()
        self.scale = ScalePanel(scale)
        self.prints = ParcelPrintPanel(queue)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.cartons)
        layout.addWidget(self.scale)
        layout.addWidget(self.prints)
        layout.addStretch(1)
        self.setFixedWidth(430)
        if load_cartons is not None:
            load_cartons(self.cartons.set_cartons)

    def show_feedback(self, feedback: Any) -> None:
        context = dict(feedback.context or {})
        step = str(context.get("step", ""))
        self.cartons.show_state(
            active=step == "weight",
            suggested=str(context.get("suggested_carton") or ""),
            chosen=str(context.get("carton") or ""),
        )
        self.scale.set_closing(step == "weight")
        sscc = context.get("sscc")
        if feedback.ok and sscc:
            summary = dict(feedback.summary[0]) if feedback.summary else {}
            self.prints.show_parcel(str(sscc), summary)
