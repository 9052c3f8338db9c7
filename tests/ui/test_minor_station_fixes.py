"""Small things an operator noticed: no false alarm after packing, a background thread that
outlives its window, the lockout time in the station's own time."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import login
from wms.ui.workers import ThreadBridge


def deleted_later() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def test_leaving_packing_leaves_no_false_alarm_when_the_print_queue_changes(station, qtbot, clock):
    from wms.ui.screens.scan import ScanScreen

    window, _wedge, _services = station
    assert window.print_queue is not None
    login(qtbot, window, clock, "1002", "2468")
    window.controller.set_mode("packing")
    qtbot.waitUntil(
        lambda: isinstance(window.current(), ScanScreen) and bool(window.scan_screen.packing)
    )
    window.controller.set_mode("picking")  # the packing screen and its panels are gone
    qtbot.waitUntil(lambda: window.scan_screen is not None and window.scan_screen.mode == "picking")
    deleted_later()
    window.statusBar().clearMessage()
    window.print_queue.changed.emit(None)  # a label printed somewhere on the station
    qtbot.wait(400)  # past the panel's 200 ms refresh timer, had it survived
    assert window.statusBar().currentMessage() == ""


def test_a_thread_posting_after_its_bridge_was_deleted_is_ignored(qtbot):
    owner = QObject()
    handled: list[object] = []
    bridge = ThreadBridge(handled.append, owner)
    bridge.post("before")
    qtbot.waitUntil(lambda: handled == ["before"])
    owner.deleteLater()  # the window closes while a sync cycle is still running
    deleted_later()
    errors: list[BaseException] = []

    def late_cycle() -> None:
        try:
            bridge.post("after")
        except BaseException as error:  # what used to fail the test run
            errors.append(error)

    thread = threading.Thread(target=late_cycle)
    thread.start()
    thread.join(5)
    QApplication.processEvents()
    assert errors == [] and handled == ["before"]


def test_a_post_racing_the_bridge_s_deletion_is_dropped(qtbot):
    """The bridge's C++ half can go before its ``destroyed`` notice closes the gate (a parent
    deleted from C++ while a worker finishes): the worker's post is dropped, not raised."""
    import shiboken6

    handled: list[object] = []
    bridge = ThreadBridge(handled.append)
    bridge.destroyed.disconnect(bridge._gate.close)  # the notice arrives too late
    shiboken6.delete(bridge)
    errors: list[BaseException] = []

    def late_job() -> None:
        try:
            bridge.post("a result nobody listens for")
            bridge.post("and another")
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=late_job)
    thread.start()
    thread.join(5)
    QApplication.processEvents()
    assert errors == [] and handled == []


def test_a_stopped_sync_loop_never_calls_back(qtbot, demo_db, tmp_path):
    from tests.ui.conftest import make_services
    from wms.ui.sync_status import SyncLoop

    services = make_services(demo_db, tmp_path=tmp_path)
    try:
        cycles: list[str] = []
        loop = SyncLoop(services, on_cycle=lambda: cycles.append("cycle"))
        loop.stop()  # stopped before (or while) a cycle ran: its late report is dropped
        loop._bridge.post("a report from a cycle that outlived stop()")
        QApplication.processEvents()
        assert cycles == []
    finally:
        services.close()


def test_the_lockout_time_is_shown_on_the_station_clock():
    from datetime import UTC, datetime, timedelta, timezone

    from wms.ui.local_time import local_clock_times

    casablanca = timezone(timedelta(hours=1))
    message = "badge 1001 is locked until 14:05:09 UTC after 5 wrong PINs: wait or ask a supervisor"
    shown = local_clock_times(
        message, zone=casablanca, today=datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    )
    assert (
        shown == "badge 1001 is locked until 15:05:09 after 5 wrong PINs: wait or ask a supervisor"
    )
    late = local_clock_times(
        "locked until 23:30:00 UTC", zone=casablanca, today=datetime(2026, 12, 1, 23, 0, tzinfo=UTC)
    )
    assert late == "locked until 00:30:00"  # past midnight on the station's clock
    assert local_clock_times("lot 12:30:00X", zone=casablanca) == "lot 12:30:00X"


@pytest.fixture
def station_in_shanghai(monkeypatch):
    """The station's clock eight hours ahead of UTC (no summer time)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_locked_badge_on_the_login_screen_names_the_local_time(
    station_in_shanghai, station, qtbot, clock
):
    import re
    from datetime import UTC, datetime

    from tests.ui.conftest import person_types, wait_feedback, wedge_scan

    window, _wedge, _services = station
    for _attempt in range(6):
        start = window.controller.handled
        wedge_scan(window, clock, "1001")
        wait_feedback(qtbot, window, start + 1)
        if "locked" in window.login.feedback.text():
            break
        person_types(window, clock, "0000")
        wait_feedback(qtbot, window, start + 2)
    shown = window.login.feedback.text()
    assert "locked" in shown and "UTC" not in shown, shown
    until = re.search(r"(\d{2}):(\d{2}):(\d{2})", shown)
    assert until is not None
    now = datetime.now(UTC).astimezone()  # the station's clock
    assert now.utcoffset().total_seconds() == 8 * 3600
    minutes = (int(until[1]) * 60 + int(until[2])) - (now.hour * 60 + now.minute)
    assert 0 <= minutes % (24 * 60) <= 6  # a few minutes ahead on the wall clock, not UTC's
