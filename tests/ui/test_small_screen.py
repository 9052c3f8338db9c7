"""A bench monitor smaller than a screen (the supervisor's home lists every workflow; the stock
screens' toolbar is wide): the window stays within the monitor and the screen scrolls, so no
button or row is out of reach; a wedge scan still goes to the screen's own input."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea

from tests.ui.conftest import focus_target, login, wait_feedback, wedge_scan


def test_a_screen_bigger_than_the_monitor_scrolls_inside_a_window_that_fits(station, qtbot, clock):
    window, _wedge, _services = station
    room = window.screen().availableGeometry().size()  # 800 x 800 on the offscreen platform
    login(qtbot, window, clock, "2001", "9876")
    home = window.current()
    assert home is window.home
    assert home.minimumSizeHint().height() > room.height()  # every workflow, a supervisor's
    assert window.width() <= room.width() and window.height() <= room.height()

    area = home.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    last = home.findChildren(type(home.stock_button))[-1]
    area.ensureWidgetVisible(last)  # the last button can be scrolled to
    assert area.verticalScrollBar().value() > 0

    # the keys still reach the screen, not the scroll area: Ctrl+1 opens receiving and a
    # wedge scan is answered there
    QTest.keyClick(focus_target(window), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current() is window.scan_screen)
    count = window.controller.handled
    wedge_scan(window, clock, "ASN:ASN-CN-0001")
    wait_feedback(qtbot, window, count + 1)
    assert window.controller.last_feedback.ok
