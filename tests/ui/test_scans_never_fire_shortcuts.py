"""A scan is a scan on every screen: its letters and digits never fire a shortcut, never decide
an adjustment and never press a dialog's button.

Each test types real keyboard-wedge bursts (a key every 5 ms, then Enter) of a mode command, a
second mode command and a GTIN whose first digit used to open Sorting, into the screen on show.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout
from sqlalchemy import func, select

from tests.ui.conftest import focus_target, login, wait_feedback, wedge_burst
from wms.core.persistence.tables import MovementRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.persistence.workflow_tables import AdjustmentRow

SCANS = ("CMD:MODE:adjust", "CMD:MODE:picking", "6111234000118")


@pytest.fixture
def pending_adjustment(demo_db):
    """A count that found 6 more than the book at C-01-01-1, waiting for a supervisor."""
    _engine, sessions, _path = demo_db
    with UnitOfWork(sessions) as uow:
        line = next(s for s in uow.ledger.stock(limit=None) if s.location == "C-01-01-1")
        row = AdjustmentRow(
            warehouse="CMN1", location=line.location, sku=line.sku, lot=line.lot,
            expected=line.quantity, counted=line.quantity + 6, quantity=6,
            reason="count", requested_by="1001", requested_at=datetime.now(UTC),
        )  # fmt: skip
        uow.session.add(row)
        uow.commit()
        return row.id, line


def movements(services) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(MovementRow)) or 0)


def adjustment_state(services, adjustment_id: int) -> str:
    with services.sessions() as session:
        return session.get(AdjustmentRow, adjustment_id).state


def open_adjustments(qtbot, window, clock):
    login(qtbot, window, clock, "2001", "9876")
    window.open_stock_screens()
    screen = window.supervisor
    screen.show_tab(screen.adjustments_tab)
    qtbot.waitUntil(lambda: bool(screen.adjustments_model.rows), timeout=10_000)
    screen.adjustments.view.selectRow(0)
    screen.adjustments.view.setFocus()
    return screen


def test_scans_on_the_adjustments_tab_decide_nothing(station, qtbot, clock, pending_adjustment):
    window, wedge, services = station
    adjustment_id, _line = pending_adjustment
    screen = open_adjustments(qtbot, window, clock)
    before, scans = movements(services), wedge.scans
    for text in SCANS:
        wedge_burst(window, clock, text)
    qtbot.wait(100)
    assert wedge.scans == scans + len(SCANS)  # each burst was read as one scan
    assert screen.pending is None
    assert adjustment_state(services, adjustment_id) == "pending"
    assert movements(services) == before
    assert window.current() is screen and screen.tabs.currentWidget() is screen.adjustments_tab


def test_approving_says_what_will_be_posted_and_waits_for_the_same_key_again(
    station, qtbot, clock, pending_adjustment
):
    window, _wedge, services = station
    adjustment_id, line = pending_adjustment
    screen = open_adjustments(qtbot, window, clock)
    before = movements(services)

    QTest.keyClick(focus_target(window), Qt.Key.Key_F2)
    message = screen.adjustment_message.text()
    assert f"+6 × {line.sku} at C-01-01-1" in message
    assert "F2 again or Enter" in message
    # a scan while the approval waits cancels it: nothing is posted
    wedge_burst(window, clock, "CMD:MODE:adjust")
    qtbot.wait(100)
    assert screen.pending is None and "nothing was posted" in screen.adjustment_message.text()
    # so does any other key
    QTest.keyClick(focus_target(window), Qt.Key.Key_F2)
    clock.step = 0.25
    QTest.keyClick(focus_target(window), Qt.Key.Key_X)
    qtbot.waitUntil(lambda: screen.pending is None, timeout=5_000)
    assert adjustment_state(services, adjustment_id) == "pending"
    assert movements(services) == before

    QTest.keyClick(focus_target(window), Qt.Key.Key_F2)
    QTest.keyClick(focus_target(window), Qt.Key.Key_F2)  # the same key again: posted
    qtbot.waitUntil(lambda: "approved" in screen.adjustment_message.text(), timeout=10_000)
    assert adjustment_state(services, adjustment_id) == "approved"
    assert movements(services) == before + 1


def test_rejecting_is_confirmed_with_enter(station, qtbot, clock, pending_adjustment):
    window, _wedge, services = station
    adjustment_id, _line = pending_adjustment
    screen = open_adjustments(qtbot, window, clock)
    QTest.keyClick(focus_target(window), Qt.Key.Key_F3)
    assert "nothing will be posted" in screen.adjustment_message.text()
    assert adjustment_state(services, adjustment_id) == "pending"
    clock.step = 0.25  # a person's Enter, not a scanner's
    QTest.keyClick(focus_target(window), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "rejected" in screen.adjustment_message.text(), timeout=10_000)
    assert adjustment_state(services, adjustment_id) == "rejected"


def test_scans_on_every_stock_screen_tab_open_nothing(station, qtbot, clock, pending_adjustment):
    window, _wedge, services = station
    adjustment_id, _line = pending_adjustment
    login(qtbot, window, clock, "2001", "9876")
    window.open_stock_screens()
    screen = window.supervisor
    before = movements(services)
    for index in range(screen.tabs.count()):
        screen.tabs.setCurrentIndex(index)
        focus_target(window).setFocus()
        for text in SCANS:
            wedge_burst(window, clock, text)
        qtbot.wait(50)
        assert window.current() is screen, screen.tabs.tabText(index)
        assert screen.tabs.currentIndex() == index, screen.tabs.tabText(index)
    assert adjustment_state(services, adjustment_id) == "pending"
    assert movements(services) == before


def test_a_scanned_gtin_on_home_opens_no_workflow_by_its_digits(station, qtbot, clock):
    window, _wedge, services = station
    login(qtbot, window, clock, "2001", "9876")
    count, before = window.controller.handled, movements(services)
    wedge_burst(window, clock, "6111234000118")
    wait_feedback(qtbot, window, count + 1)
    qtbot.wait(50)
    assert window.current() is window.home  # not Sorting (the digit 6), not the print queue
    assert window.scan_screen is None
    assert movements(services) == before


@pytest.mark.parametrize("mode", ["picking", "adjust"])
def test_a_scanned_mode_command_on_home_opens_that_mode_only(station, qtbot, clock, mode):
    from wms.ui.screens.scan import ScanScreen

    window, _wedge, services = station
    login(qtbot, window, clock, "2001", "9876")
    before = movements(services)
    wedge_burst(window, clock, f"CMD:MODE:{mode}")  # P used to open the print queue, S stock
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen), timeout=10_000)
    assert window.scan_screen.mode == mode
    assert window.supervisor is None and window.queue_screen is None
    assert window.scan_screen.entry.text() == ""
    assert movements(services) == before


def test_scans_on_a_workflow_screen_go_to_the_workflow_and_fire_no_key(station, qtbot, clock):
    from wms.ui.screens.scan import ScanScreen

    window, _wedge, services = station
    login(qtbot, window, clock, "1003", "1357")
    window.controller.set_mode("receiving")
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen), timeout=10_000)
    count, before = window.controller.handled, movements(services)
    wedge_burst(window, clock, "6111234000118")  # no ASN open: refused, nothing recorded
    wait_feedback(qtbot, window, count + 1)
    qtbot.wait(100)
    assert window.controller.handled == count + 1  # one input: the whole scan, no key of it
    assert window.scan_screen.entry.text() == ""
    assert movements(services) == before
    wedge_burst(window, clock, "CMD:MODE:picking")
    qtbot.waitUntil(lambda: window.scan_screen is not None and window.scan_screen.mode == "picking")
    assert window.controller.handled == count + 2


def test_a_scan_fills_a_dialog_field_and_never_presses_its_button(station, qtbot, clock):
    window, _wedge, _services = station
    dialog = QDialog(window)
    field = QLineEdit(dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, dialog)
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(field)
    layout.addWidget(buttons)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    field.setFocus()
    qtbot.waitUntil(lambda: field.hasFocus())
    wedge_burst(dialog, clock, "CMD:MODE:adjust")
    qtbot.waitUntil(lambda: field.text() == "CMD:MODE:adjust", timeout=5_000)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.reject()


def test_every_shortcut_of_every_screen_is_an_f_key_or_a_chord(station, qtbot, clock):
    """A wedge types letters, digits, Enter and GS: no shortcut may be one of those."""
    window, _wedge, _services = station
    login(qtbot, window, clock, "2001", "9876")
    window.open_stock_screens()
    window.go_home()
    window.open_print_queue()
    window.go_home()
    window.controller.set_mode("packing")
    qtbot.waitUntil(lambda: window.scan_screen is not None, timeout=10_000)
    keys = {
        shortcut.key().toString()
        for shortcut in window.findChildren(QShortcut)
        if not shortcut.key().isEmpty()
    }
    assert keys
    allowed_bare = {f"F{n}" for n in range(1, 13)} | {"Esc"}
    for key in keys:
        combination = QKeySequence(key)[0]
        chord = combination.keyboardModifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        assert chord or key in allowed_bare, key


def test_the_wedge_filter_claims_scanner_keys_before_any_shortcut_sees_them(station, qtbot, clock):
    """Even a bare-letter or digit shortcut (none is left in the app) never sees a scan's keys:
    the filter takes them before Qt's shortcut map does."""
    window, wedge, _services = station
    fired: list[str] = []
    for key in ("A", "J", "P", "S", "6", "Ctrl+]"):
        QShortcut(QKeySequence(key), window).activated.connect(lambda k=key: fired.append(k))
    scanned: list[str] = []
    wedge.scanned.connect(scanned.append)
    window.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    window.setFocus()  # not a text field (which would claim letters itself): a table, a button
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window)
    for text in (*SCANS, "01061112340001181724123110LOT\x1d30120"):
        wedge_burst(window, clock, text)
    qtbot.waitUntil(lambda: len(scanned) == len(SCANS) + 1, timeout=5_000)
    assert fired == []
    assert scanned[:3] == list(SCANS) and "\x1d" in scanned[3]
