"""An operator at a bench: badge and PIN, a workflow, scans by wedge and serial scanner."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import (
    focus_target,
    login,
    person_types,
    wait_feedback,
    wedge_burst,
    wedge_scan,
)
from wms.core.domain.model import MovementKind
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.demo import DEMO_MOVEMENTS, DEMO_STOCK_ROWS
from wms.devices.framing import FramedScan, IncompleteScan
from wms.devices.scanner import ScannerConnected
from wms.ui.qt_devices import QtSerialScanner
from wms.ui.screens.scan import ScanScreen

TEA_GS1 = "]C10106111234000910\x1d10GP2611A\x1d17281031\x1d30120"


def receipts(services):
    with UnitOfWork(services.sessions) as uow:
        return uow.ledger.movements(kind=MovementKind.RECEIVE.value, reference="ASN-CN-0001")


def test_login_screen_then_wrong_pin_then_home(station, qtbot, clock):
    window, _wedge, _services = station
    assert window.current() is window.login
    assert window.login.prompt.text() == "Scan your badge"
    wedge_scan(window, clock, "1001")
    wait_feedback(qtbot, window, 1)
    assert window.login.badge == "1001"
    assert "PIN" in window.login.prompt.text()
    person_types(window, clock, "0000")
    wait_feedback(qtbot, window, 2)
    assert window.current() is window.login
    assert window.login.feedback.level == "error"
    assert window.login.badge is None  # back to the badge step
    assert window.sounds.last_played == "error"
    login(qtbot, window, clock)
    assert window.operator_label.text().startswith("Youssef El Amrani")
    assert "receiving" in window.home.buttons
    assert window.home.stock_button is None  # an operator gets no stock screens


def test_supervisor_home_offers_stock_screens(station, qtbot, clock):
    from wms.ui.screens.supervisor import SupervisorScreen

    window, _wedge, _services = station
    login(qtbot, window, clock, "2001", "9876")
    assert window.home.stock_button is not None
    # Ctrl+S opens the stock screens, which show the demo site's opening stock lines
    QTest.keyClick(focus_target(window), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.current(), SupervisorScreen))
    screen = window.supervisor
    qtbot.waitUntil(lambda: len(screen.stock_model.rows) == DEMO_STOCK_ROWS, timeout=10_000)
    assert {row[0] for row in screen.stock_model.rows} >= {"C-01-01-1"}
    assert all(row[7] > 0 for row in screen.stock_model.rows)  # quantities on hand
    # the ledger and the adjustments tabs open and load too
    screen.show_tab(screen.ledger_tab)
    qtbot.waitUntil(lambda: len(screen.ledger_model.rows) == DEMO_MOVEMENTS, timeout=10_000)
    screen.show_tab(screen.adjustments_tab)
    qtbot.waitUntil(lambda: "0 waiting" in screen.adjustments.status.text(), timeout=10_000)
    # F11 goes back to the workflows
    QTest.keyClick(focus_target(window), Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.current() is window.home)


def test_home_offers_the_workflows_in_the_one_order_with_ctrl_number_keys(station, qtbot, clock):
    from wms.core.domain.modes import StationMode

    window, _wedge, _services = station
    login(qtbot, window, clock, "2001", "9876")
    offered = window.controller.modes()
    expected = [mode.value for mode in StationMode if mode.value in offered]
    assert window.home.modes == expected
    first = StationMode(expected[0])
    assert window.home.buttons[first.value].text() == f"Ctrl+1   {first.english_title}"
    # Ctrl and the number: the second workflow
    QTest.keyClick(focus_target(window), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    assert window.scan_screen.mode == expected[1]


def test_workflows_beyond_the_tenth_have_alt_number_keys(station, qtbot, clock):
    """The hub's modes come after the first ten: Alt and the number opens them, like Ctrl."""
    from wms.core.domain.modes import StationMode

    window, _wedge, _services = station
    login(qtbot, window, clock, "2001", "9876")
    offered = window.home.modes
    assert len(offered) > 10
    eleventh = StationMode(offered[10])
    assert window.home.buttons[eleventh.value].text() == f"Alt+1   {eleventh.english_title}"
    QTest.keyClick(focus_target(window), Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    assert window.scan_screen.mode == eleventh.value


def test_an_operator_sees_no_supervisor_workflow_and_each_workflow_keeps_its_key(
    station, qtbot, clock
):
    window, _wedge, _services = station
    login(qtbot, window, clock, "2001", "9876")
    supervisor_keys = {name: button.text() for name, button in window.home.buttons.items()}
    assert "quarantine" in supervisor_keys and "adjust" in supervisor_keys
    QTest.keyClick(focus_target(window), Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: window.current() is window.login)
    login(qtbot, window, clock, "1003", "1357")
    operator_keys = {name: button.text() for name, button in window.home.buttons.items()}
    assert "quarantine" not in operator_keys and "adjust" not in operator_keys
    # the returns bench is the same chord whoever logs in: no renumbering around the gaps
    assert operator_keys == {n: k for n, k in supervisor_keys.items() if n in operator_keys}
    position = list(supervisor_keys).index("quarantine") + 1
    chord = (
        Qt.KeyboardModifier.AltModifier if position > 10 else Qt.KeyboardModifier.ControlModifier
    )
    QTest.keyClick(focus_target(window), Qt.Key(Qt.Key.Key_0 + position % 10), chord)
    qtbot.wait(100)  # the hidden workflow's chord opens nothing
    assert window.current() is window.home


def test_an_accepted_scan_publishes_its_changes_and_stale_stock_screens_reload(
    station, qtbot, clock
):
    from wms.core.services.changes import Changes
    from wms.ui.screens.supervisor import SupervisorScreen

    window, _wedge, services = station
    published: list[Changes] = []
    window.changes.changed.connect(published.append)
    login(qtbot, window, clock, "2001", "9876")
    assert published == []  # logging in changes nothing
    window.open_stock_screens()
    screen = window.supervisor
    assert isinstance(screen, SupervisorScreen)
    qtbot.waitUntil(lambda: len(screen.stock_model.rows) == DEMO_STOCK_ROWS, timeout=10_000)
    window.go_home()
    window.controller.set_mode("receiving")
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    count = window.controller.handled
    for text in ("ASN:ASN-CN-0001", "CMD:NEWHU"):
        wedge_scan(window, clock, text)
    wait_feedback(qtbot, window, count + 2)
    assert published == []  # a document opened, a unit started: no stock moved yet
    wedge_scan(window, clock, TEA_GS1)
    wait_feedback(qtbot, window, count + 3)
    assert window.scan_screen.feedback.level == "ok", window.scan_screen.feedback.text()
    assert len(published) == 1
    assert published[0].stock and published[0].ledger
    assert not published[0].adjustments
    # hidden, the stock screens only note that their stock tab is stale...
    assert screen._key(screen.stock) not in screen.loaded
    assert len(screen.stock_model.rows) == DEMO_STOCK_ROWS
    # ...and shown again, reload it with the received unit
    window.open_stock_screens()
    qtbot.waitUntil(lambda: len(screen.stock_model.rows) == DEMO_STOCK_ROWS + 1, timeout=10_000)
    assert any(row[1] == "CN-TEA-GP" and row[7] == 120 for row in screen.stock_model.rows)
    assert receipts(services)[0].operator == "2001"


def test_receiving_by_wedge_with_gs_and_command_barcodes(station, qtbot, clock):
    window, wedge, services = station
    login(qtbot, window, clock, "1003", "1357")
    # Ctrl and the number: the first workflow
    QTest.keyClick(focus_target(window), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    screen = window.scan_screen
    assert screen.mode == "receiving"
    count = window.controller.handled
    wedge_scan(window, clock, "ASN:ASN-CN-0001")
    wedge_scan(window, clock, "CMD:NEWHU")
    wait_feedback(qtbot, window, count + 2)
    assert screen.feedback.level == "ok"
    flashes = screen.feedback.flashes
    wedge_scan(window, clock, TEA_GS1)  # GS typed as Ctrl+], which QLineEdit would drop
    wait_feedback(qtbot, window, count + 3)
    assert screen.feedback.flashes == flashes + 1  # the accepted scan flashed the banner
    assert screen.feedback.level == "ok", screen.feedback.text()
    assert "120 x CN-TEA-GP lot GP2611A" in screen.feedback.text()
    assert screen.feedback.styleSheet().count("#1b7f3b") == 1  # green
    assert window.sounds.last_played == "ok"
    assert screen.entry.text() == ""  # nothing of the scan leaked into the entry line
    rows = receipts(services)
    assert [(m.sku, m.quantity, m.lot, m.raw_scan.count("\x1d")) for m in rows] == [
        ("CN-TEA-GP", 120, "GP2611A", 3)
    ]
    assert all(m.station == "CMN1-T01" and m.operator == "1003" for m in rows)
    # an unknown product: red, error sound, nothing recorded
    wedge_scan(window, clock, "4006381333931")
    wait_feedback(qtbot, window, count + 4)
    assert screen.feedback.level == "error"
    assert window.sounds.last_played == "error"
    assert len(receipts(services)) == 1
    # a typed quantity on the numeric keypad, then a case barcode
    clock.step = 0.25
    for key in (Qt.Key.Key_5, Qt.Key.Key_0):
        QTest.keyClick(focus_target(window), key, Qt.KeyboardModifier.KeypadModifier)
    QTest.keyClick(focus_target(window), Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    wait_feedback(qtbot, window, count + 5)
    assert screen.feedback.level == "ok", screen.feedback.text()
    wedge_scan(window, clock, "6111234000927")
    wait_feedback(qtbot, window, count + 6)
    assert receipts(services)[-1].quantity == 50
    # F2 is CMD:DONE: the summary shows expected against received
    QTest.keyClick(focus_target(window), Qt.Key.Key_F2)
    wait_feedback(qtbot, window, count + 7)
    assert screen.summary.isVisible()
    assert screen.summary.rowCount() == 3
    assert screen.feedback.level == "attention"
    assert wedge.scans >= 6


def test_scan_interleaved_with_slow_typing(station, qtbot, clock):
    window, wedge, services = station
    login(qtbot, window, clock, "1003", "1357")
    window.controller.set_mode("receiving")
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    screen = window.scan_screen
    count = window.controller.handled
    wedge_scan(window, clock, "ASN:ASN-CN-0001")
    wedge_scan(window, clock, "CMD:NEWHU")
    wait_feedback(qtbot, window, count + 2)
    # the operator starts keying a quantity slowly...
    person_types(window, clock, "1", enter=False)
    clock.step = 0.3
    QTest.keyClicks(focus_target(window), "2")
    # ...a scan arrives in the middle (a moment after the last key)...
    clock.now += 0.3
    wedge_scan(window, clock, "6111234000934")
    wait_feedback(qtbot, window, count + 3)
    # ...the scan took nothing from the typing and gave nothing to it; the "12" typed without
    # Enter was for another moment: it is cleared, and the scan's feedback says so
    person_types(window, clock, "", enter=False)
    wedge.flush()
    assert screen.entry.text() == ""
    assert "“12” was typed without Enter and is cleared" in screen.feedback.text()
    assert receipts(services)[-1].sku == "CN-TEAPOT"
    assert receipts(services)[-1].quantity == 1
    assert receipts(services)[-1].raw_scan == "6111234000934"


def test_serial_scanner_signals_reach_the_workflow(station, qtbot, clock):
    window, _wedge, services = station

    class Idle:
        def __init__(self, url, **options):
            self.url = url

        def start(self):
            return self

        def stop(self):
            pass

    scanner = QtSerialScanner("loop://", factory=Idle, parent=window)
    window.add_serial_scanner(scanner)
    scanner.deliver(ScannerConnected("loop://", 0.0))
    scanner.deliver(FramedScan("1003", b"1003", 0.0))  # a badge on the login screen
    wait_feedback(qtbot, window, 1)
    assert window.login.badge == "1003"
    person_types(window, clock, "1357")
    qtbot.waitUntil(lambda: window.home is not None and window.current() is window.home)
    scanner.deliver(FramedScan("CMD:MODE:receiving", b"", 0.0))
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    count = window.controller.handled
    for text in ("ASN:ASN-CN-0001", "CMD:NEWHU", TEA_GS1):
        scanner.deliver(FramedScan(text, text.encode(), 0.0))
    wait_feedback(qtbot, window, count + 3)
    assert window.scan_screen.feedback.level == "ok"
    assert [m.quantity for m in receipts(services)] == [120]
    # a cut-off scan is one clear red sentence, and nothing reaches the workflow
    scanner.deliver(IncompleteScan(b"0106111", 0.0, "no CR terminator within 0.2 s"))
    qtbot.waitUntil(lambda: window.scan_screen.feedback.level == "error")
    assert "scan again" in window.scan_screen.feedback.text()
    assert window.controller.handled == count + 3
    assert window.sounds.last_played == "error"


def test_f12_logs_out_and_command_logout(station, qtbot, clock):
    window, _wedge, _services = station
    login(qtbot, window, clock)
    window.controller.set_mode("putaway")
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    assert window.scan_screen.prompt.text()  # the engine's prompt is on show
    QTest.keyClick(focus_target(window), Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: window.current() is window.login)
    assert window.home is None and window.scan_screen is None
    login(qtbot, window, clock)
    wedge_scan(window, clock, "CMD:LOGOUT")
    qtbot.waitUntil(lambda: window.current() is window.login)


def test_focus_stays_on_the_entry_line(station, qtbot, clock):
    window, _wedge, _services = station
    login(qtbot, window, clock)
    window.controller.set_mode("receiving")
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    screen = window.scan_screen
    qtbot.waitUntil(lambda: screen.entry.hasFocus())
    QTest.keyClick(focus_target(window), Qt.Key.Key_Tab)
    assert screen.entry.hasFocus()  # nothing else on the scanning screen takes focus
    count = window.controller.handled
    wedge_scan(window, clock, "ASN:NOPE")
    wait_feedback(qtbot, window, count + 1)
    assert screen.entry.hasFocus()
    assert screen.feedback.level == "error"


def test_packing_screen_has_the_live_scale_and_sends_a_stable_weight(station, qtbot, clock):
    from decimal import Decimal

    from wms.ui.screens.packing import ScalePanel

    window, _wedge, _services = station
    login(qtbot, window, clock, "1002", "2468")
    if "packing" not in window.controller.modes():
        return  # a build without the packing workflow has no packing screen
    window.controller.set_mode("packing")
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    panel = window.scan_screen.findChild(ScalePanel)
    assert panel is not None
    assert "No scale at this bench: key the parcel's weight" in panel.state.text()
    panel.show_weight(Decimal("1.250"), True)
    inputs: list[object] = []
    window.controller.feedback.connect(lambda _feedback, item: inputs.append(item))
    count = window.controller.handled
    QTest.keyClick(focus_target(window), Qt.Key.Key_F6)
    wait_feedback(qtbot, window, count + 1)
    # no order open yet: the workflow refuses the weight, in one red sentence
    assert window.scan_screen.feedback.level == "error"
    assert window.controller.last_feedback.mode == "packing"
    # F6 on a settling reading sends it too, marked unstable: the workflow decides, not the bench
    panel.show_weight(Decimal("1.310"), False)
    QTest.keyClick(focus_target(window), Qt.Key.Key_F6)
    wait_feedback(qtbot, window, count + 2)
    assert [(item.weight_kg, item.stable) for item in inputs] == [
        (Decimal("1.250"), True),
        (Decimal("1.310"), False),
    ]
    assert window.scan_screen.feedback.level == "error"


def test_a_pin_keyed_as_fast_as_a_scan_logs_in_instead_of_starting_over(station, qtbot, clock):
    window, _wedge, _services = station
    wedge_scan(window, clock, "BADGE:1001")
    wait_feedback(qtbot, window, 1)
    assert window.login.badge == "1001"
    wedge_burst(window, clock, "1234", per_key_ms=20)  # a quick keypad: the wedge takes it
    qtbot.waitUntil(lambda: window.home is not None and window.current() is window.home)
    assert window.controller.session.operator.badge == "1001"


def test_a_badge_label_scanned_at_the_pin_prompt_starts_over_with_that_badge(station, qtbot, clock):
    window, _wedge, _services = station
    wedge_scan(window, clock, "BADGE:1001")
    wait_feedback(qtbot, window, 1)
    wedge_scan(window, clock, "BADGE:1002")
    wait_feedback(qtbot, window, 2)
    assert window.login.badge == "1002"
    assert window.controller.session.operator is None
