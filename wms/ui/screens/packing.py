"""Packing bench panels: the live scale weight (big), sent to the workflow with F6.

The weight is read on the scale's own thread (:class:`~wms.ui.qt_devices.QtScale`); only a
*stable* reading can be sent, and the packing workflow decides what it means.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from wms.ui.qt_devices import QtScale
from wms.ui.style import ATTENTION, ERROR, OK


class ScalePanel(QFrame):
    """``weight_accepted(kg)`` when the operator sends a stable weight (F6 or the button)."""

    weight_accepted = Signal(object)

    def __init__(self, scale: QtScale | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = scale
        self.kg: Decimal | None = None
        self.stable = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("ScalePanel { background: white; border-radius: 8px; }")
        self.title = QLabel(self.tr("Scale"), objectName="ContextKey")
        self.value = QLabel("– – –", objectName="Weight")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state = QLabel(objectName="Hint")
        self.state.setWordWrap(True)
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton(self.tr("F6  Use this weight"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.send_weight)
        self.setMinimumWidth(300)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.state)
        layout.addWidget(self.button)
        if scale is None:
            self.show_problem(self.tr("No scale configured for this bench (Settings, F9)."))
        else:
            scale.weight.connect(self.show_weight)
            scale.failed.connect(self.show_problem)
            if scale.last_kg is not None:
                self.show_weight(scale.last_kg, scale.last_stable, "")

    def show_weight(self, kg: Decimal, stable: bool, _text: str = "") -> None:
        self.kg = kg
        self.stable = stable
        self.value.setText(f"{kg:.3f} kg")
        self.value.setStyleSheet(f"color: {OK if stable else ATTENTION};")
        self.state.setText(self.tr("stable") if stable else self.tr("settling…"))
        self.button.setEnabled(stable)

    def show_problem(self, message: str) -> None:
        self.kg = None
        self.stable = False
        self.value.setText("– – –")
        self.value.setStyleSheet(f"color: {ERROR};")
        self.state.setText(message)
        self.button.setEnabled(False)

    def send_weight(self) -> None:
        if self.kg is not None and self.stable:
            self.weight_accepted.emit(self.kg)
