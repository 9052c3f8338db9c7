"""A bench monitor smaller than a screen (the supervisor's home lists every workflow; the stock
screens' toolbar is wide): the window stays within the monitor and the screen scrolls, so no
button or row is out of reach; a wedge scan still goes to the screen's own input."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea

from tests.ui.conftest import focus_target, login, wait_feedback, wedge_scan
from wms.core.persistence.tables import OwnerRow
from wms.core.persistence.unit_of_work import UnitOfWork

#: a GS1-128 scan of 120 green tea, lot GP2611A, best before 2028-10-31 (an ASN-CN-0001 line)
TEA = "]C10106111234000910\x1d10GP2611A\x1d17281031\x1d30120"


def test_a_screen_bigger_than_the_monitor_scrolls_inside_a_window_that_fits(station, qtbot, clock):
    window, _wedge, _services = station
    room = window.screen().availableGeometry().size()  # 800 x 800 on the offscreen platform
    login(qtbot, window, clock, "2001", "9876")
    home = window.current()
    assert home is window.home
    assert home.minimumSizeHint().height() > room.height()  # every workflow, a supervisor's
    assert window.width() <= room.width() and window.height() <= room.height()

    area = window.stack.area_of(home)
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


def test_a_screen_that_fits_at_its_minimum_shows_no_scroll_bar(station, qtbot, clock):
    """Receiving with an ASN open and a pallet filled, at 1366 x 800 (a bench monitor): its
    wrapped instruction, context and lines fit at their minimum, so nothing scrolls and the
    shortcut line at the bottom is whole."""
    window, _wedge, _services = station
    login(qtbot, window, clock, "1003", "1357")
    # the offscreen platform's monitor is 800 px wide: keep the window at a bench monitor's
    # 1366 px all the same (a window bigger than its monitor would shrink to it)
    window._keep_within_monitor = lambda: None
    window.resize(1366, 800)
    window.controller.set_mode("receiving")
    for scan in ("ASN:ASN-CN-0001", "CMD:NEWHU", TEA, "CMD:NEWHU", "16111234000924"):
        count = window.controller.handled
        wedge_scan(window, clock, scan)
        wait_feedback(qtbot, window, count + 1)
    screen = window.current()
    assert screen is window.scan_screen
    area = window.stack.area_of(screen)
    assert isinstance(area, QScrollArea)
    qtbot.waitUntil(lambda: screen.height() == area.viewport().height())
    assert area.verticalScrollBar().maximum() == 0
    assert not area.verticalScrollBar().isVisible()
    assert screen.minimumSizeHint().height() <= area.viewport().height()


def test_a_window_bigger_than_the_monitor_shrinks_back_inside_it(station, qtbot):
    """The window manager's frame is known only once the window is shown, so a first size
    bounded by the monitor alone can still overflow it: the window then shrinks until its frame
    fits, and comes back inside the monitor, so the status bar is never below the screen."""
    window, _wedge, _services = station
    room = window.screen().availableGeometry()
    window.resize(room.width() + 200, room.height() + 120)
    window.move(room.x() + 30, room.y() + 40)  # what the window manager does when it frames it
    qtbot.waitUntil(lambda: room.contains(window.frameGeometry()))
    assert window.frameGeometry().height() <= room.height()
    assert window.frameGeometry().width() <= room.width()
    # a window that fits stays where it was put
    window.resize(room.width() // 2, room.height() // 2)
    window.move(room.x() + 50, room.y() + 60)
    qtbot.waitUntil(lambda: window.pos().x() == room.x() + 50)
    assert window.size().width() == room.width() // 2


def test_the_stock_screens_fit_a_bench_monitor_whatever_the_owners_names(station, qtbot, clock):
    """The stock tab's toolbar (search, owner, status, view, rows, export) at its minimum is
    narrower than a 1366 px monitor, even with a merchant of a long name among the owners: a
    filter box is no wider than its first 18 characters (its list shows the names whole), so
    the quantity column and the way back are never beyond the right edge."""
    window, _wedge, services = station
    with UnitOfWork(services.sessions) as uow:
        uow.session.add(
            OwnerRow(code="LONGNAME", name="Coopérative agricole féminine de l'arganier du Souss",
                     country="MA", tax_id="ICE-1", contact_name="", contact_email="",
                     contact_phone="", active=True)
        )  # fmt: skip
        uow.commit()
    login(qtbot, window, clock, "2001", "9876")
    window.open_stock_screens()
    screen = window.supervisor
    qtbot.waitUntil(lambda: bool(screen.stock_model.rows))
    names = [screen.owner_box.itemText(i) for i in range(screen.owner_box.count())]
    assert any("arganier du Souss" in name for name in names)
    assert screen.minimumSizeHint().width() <= 1366 - 40  # the page's margins and a scroll bar
