"""Painting a scan's feedback touches only what changed: the context labels are made once and
reused (their texts updated, the spare ones hidden), an unchanged prompt or summary is left
alone, and the banner is repainted for every input even when its sentence is the same."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel

from wms.core.services.workflows.inputs import Feedback, Level
from wms.ui.screens.scan import ScanScreen


def screen(qtbot) -> ScanScreen:
    made = ScanScreen("receiving", operator_name="Amina", station="CMN1-T01")
    qtbot.addWidget(made)
    made.show()
    return made


def feedback(context: dict, *, ok: bool = True, message: str = "teapot received") -> Feedback:
    return Feedback(ok, message, "Scan the next product", Level.OK if ok else Level.ERROR,
                    context=context)  # fmt: skip


def shown_pairs(made: ScanScreen) -> list[tuple[str, str]]:
    labels = [label for pair in made._context_labels for label in pair if label.isVisibleTo(made)]
    return [(labels[i].text(), labels[i + 1].text()) for i in range(0, len(labels), 2)]


def test_context_labels_are_reused_from_scan_to_scan(qtbot):
    made = screen(qtbot)
    made.show_feedback(feedback({"asn": "ASN-1", "received": 3, "pallet": "0037612345"}))
    first = [label for pair in made._context_labels for label in pair]
    assert len(first) == 6
    made.show_feedback(feedback({"asn": "ASN-1", "received": 4}))
    again = [label for pair in made._context_labels for label in pair]
    assert again == first  # the same QLabel objects: nothing deleted, nothing rebuilt
    assert [value for _title, value in shown_pairs(made)] == ["ASN-1", "4"]
    assert not first[4].isVisibleTo(made)  # the third pair is hidden, not deleted


def test_a_count_and_a_text_keep_their_looks_when_they_swap_places(qtbot):
    made = screen(qtbot)
    made.show_feedback(feedback({"received": 3, "asn": "ASN-1"}))
    value = made._context_labels[0][1]
    assert value.objectName() == "ContextCount"
    made.show_feedback(feedback({"asn": "ASN-1", "received": 3}))
    assert value.objectName() == "ContextValue"
    assert made._context_labels[1][1].objectName() == "ContextCount"


def test_no_context_hides_the_box(qtbot):
    made = screen(qtbot)
    made.show_feedback(feedback({"asn": "ASN-1"}))
    assert made.context_box.isVisibleTo(made)
    made.show_feedback(feedback({}))
    assert not made.context_box.isVisibleTo(made)


class Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched, event):  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_the_banner_is_repainted_for_a_repeated_sentence(qtbot):
    made = screen(qtbot)
    spy = Paints()
    made.feedback.installEventFilter(spy)
    made.show_feedback(feedback({}))
    qtbot.waitUntil(lambda: spy.count > 0)
    before = spy.count
    made.show_feedback(feedback({}))  # the same sentence, still flashing
    qtbot.waitUntil(lambda: spy.count > before)
    assert made.feedback.flashing


def test_a_refusal_paints_the_banner_in_its_level_at_once(qtbot):
    made = screen(qtbot)
    made.show_feedback(feedback({}))
    made.show_feedback(feedback({}, ok=False, message="wrong item"))
    assert not made.feedback.flashing
    assert "background: #ffffff" not in made.feedback.styleSheet()
    assert isinstance(made.feedback, QLabel)
