"""Outbound at the bench: a real parcel sorted through the screen, the packing bench panels,
and the sync line of the status bar."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from sqlalchemy import select

from tests.ui.conftest import focus_target, login, wait_feedback, wedge_scan
from wms.core.persistence.tables import ProductGtinRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor
from wms.core.services.outbound.waves import release_wave
from wms.core.services.workflows import Input
from wms.ui.screens.scan import ScanScreen
from wms.ui.style import BANNERS, ERROR, OK


def each_gtin(services, sku: str) -> str:
    with services.sessions() as session:
        return session.scalar(
            select(ProductGtinRow.gtin).where(
                ProductGtinRow.sku == sku, ProductGtinRow.level == "each"
            )
        )


def operator_pace():
    """A session clock on which a second passes at each reading: an operator presenting one
    item after another, so a repeated scan is the next item, never a double read."""
    readings = itertools.count(1)
    start = datetime.now(UTC)
    return lambda: start + timedelta(seconds=next(readings))


def picked_ord_1001(services):
    """ORD-1001 released and picked into tote T1 by another bench (its own scan session)."""
    with UnitOfWork(services.sessions) as uow:
        release_wave(uow, Actor("CMN1", "CMN1-T09", "2001"), today=date.today(),
                     orders=["ORD-1001"], mode="single")  # fmt: skip
        uow.commit()
    session = services.new_session(clock=operator_pace())
    assert session.handle(Input.scan("BADGE:1001")).ok
    assert session.handle(Input.key("1234")).ok
    assert session.set_mode("picking").ok
    argan, saffron = each_gtin(services, "ARG-OIL-100"), each_gtin(services, "SAF-1G")
    for text in ("@key NEXT", "LOC:P-01-01-2", saffron, "TOTE:T1",
                 "LOC:A-01-02-1", argan, argan, "TOTE:T1"):  # fmt: skip
        item = Input.key(text[5:]) if text.startswith("@key ") else Input.scan(text)
        feedback = session.handle(item)
        assert feedback.ok, feedback.message
    session.logout()
    return argan, saffron


def packed_parcel(services) -> str:
    """ORD-1001 picked, then packed into a parcel; returns its SSCC."""
    argan, saffron = picked_ord_1001(services)
    session = services.new_session(clock=operator_pace())
    session.handle(Input.scan("BADGE:1002"))
    session.handle(Input.key("2468"))
    assert session.set_mode("packing").ok
    for text in ("ORD:ORD-1001", argan, saffron, argan):
        feedback = session.handle(Input.scan(text))
        assert feedback.ok, feedback.message
    closed = session.handle(Input.weight(Decimal("0.53")))
    assert closed.ok, closed.message
    session.logout()
    return closed.context["sscc"]


def font_points(label) -> float:
    label.ensurePolished()
    return label.font().pointSizeF()


def test_a_parcel_is_sorted_through_the_screen(station, qtbot, clock):
    window, _wedge, services = station
    sscc = packed_parcel(services)
    login(qtbot, window, clock, "1003", "1357")
    window.controller.set_mode("sorting")
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    screen = window.scan_screen
    assert screen.mode == "sorting"
    count = window.controller.handled

    wedge_scan(window, clock, f"00{sscc}")  # the parcel's GS1-128 SSCC label
    wait_feedback(qtbot, window, count + 1)
    assert screen.feedback.level == "ok", screen.feedback.text()
    assert screen.destination.isVisible() and screen.destination.text() == "SORT-FR"
    assert font_points(screen.destination) >= 100  # huge: read from across the sorting area
    assert font_points(screen.destination) > 2 * font_points(screen.feedback)

    wedge_scan(window, clock, "LOC:SORT-BE")  # the wrong bag: refused, in red
    wait_feedback(qtbot, window, count + 2)
    assert screen.feedback.level == "error"
    assert BANNERS["error"].background in screen.feedback.styleSheet()
    assert window.sounds.last_played == "error"
    assert "SORT-FR" in screen.feedback.text()
    assert screen.destination.isVisible() and screen.destination.text() == "SORT-FR"

    wedge_scan(window, clock, "LOC:SORT-FR")  # the right one: green
    wait_feedback(qtbot, window, count + 3)
    assert screen.feedback.level == "ok", screen.feedback.text()
    assert BANNERS["ok"].background in screen.feedback.styleSheet()
    assert window.sounds.last_played == "ok"
    with UnitOfWork(services.sessions) as uow:
        sorts = [m for m in uow.ledger.movements(kind="sort")
                 if sscc in (m.from_handling_unit, m.to_handling_unit)]  # fmt: skip
    assert sorts and all(m.to_location == "SORT-FR" for m in sorts)


def test_packing_bench_shows_cartons_weighs_closes_and_lists_the_print_jobs(station, qtbot, clock):
    from wms.ui.screens.packing import PackingBench

    window, _wedge, services = station
    argan, saffron = picked_ord_1001(services)
    login(qtbot, window, clock, "1002", "2468")
    window.controller.set_mode("packing")
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    screen = window.scan_screen
    bench = screen.findChild(PackingBench)
    assert bench is not None
    qtbot.waitUntil(lambda: set(bench.cartons.buttons) == {"S", "M", "L"})
    assert "25 × 20 × 10 cm" in bench.cartons.buttons["S"].text()
    count = window.controller.handled
    for text in ("ORD:ORD-1001", argan, saffron, argan):
        wedge_scan(window, clock, text)
        count += 1
        wait_feedback(qtbot, window, count)
        assert screen.feedback.level in ("ok", "attention"), screen.feedback.text()
    # all verified: carton S suggested and highlighted, F6 now closes and prints
    assert bench.cartons.active and bench.cartons.suggested == "S"
    assert "✓" in bench.cartons.buttons["S"].text()
    assert "print" in bench.scale.button.text()
    bench.cartons.buttons["M"].click()  # another carton, chosen by its key
    count += 1
    wait_feedback(qtbot, window, count)
    assert bench.cartons.chosen == "M" and bench.cartons.suggested == "S"
    bench.cartons.buttons["S"].click()
    count += 1
    wait_feedback(qtbot, window, count)
    assert bench.cartons.chosen == "S"

    bench.scale.show_weight(Decimal("0.530"), True)  # the live scale, stable
    QTest.keyClick(focus_target(window), Qt.Key.Key_F6)
    count += 1
    wait_feedback(qtbot, window, count)
    assert screen.feedback.level == "ok", screen.feedback.text()
    sscc = window.controller.last_feedback.context["sscc"]
    assert bench.prints.sscc == sscc and "ORD-1001" in bench.prints.parcel.text()
    qtbot.waitUntil(lambda: len(bench.prints.jobs) == 2, timeout=10_000)
    texts = bench.prints.lines.text()
    assert "shipping label" in texts and "packing list and CN22" in texts
    # F7 on the packing screen prints the parcel's label and papers again
    QTest.keyClick(focus_target(window), Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: len(services.print_queue.jobs(reference=sscc)) == 4, timeout=10_000)


def status(waiting=0, last_sync_at=None, last_attempt_at=None, last_error=""):
    return SimpleNamespace(
        waiting=waiting,
        last_sync_at=last_sync_at,
        last_attempt_at=last_attempt_at,
        last_error=last_error,
    )


def test_sync_line_words():
    from wms.ui.sync_status import sync_line

    now = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
    synced = now - timedelta(minutes=5)
    line = sync_line(status(3, synced, synced), configured=True, now=now)
    local = synced.astimezone().strftime("%H:%M")
    assert line.text == f"sync: 3 waiting, last synced {local}"
    assert sync_line(status(0, synced, synced), configured=True, now=now).colour == OK
    down = sync_line(
        status(57, synced, now, "connection to central lost: refused"), configured=True, now=now
    )
    assert down.text == f"sync: offline since {local} · 57 waiting"
    assert down.colour == ERROR and "refused" in down.tooltip
    never = sync_line(status(4, None, now, "no route"), configured=True, now=now)
    assert never.text == "sync: offline, never synced · 4 waiting"
    assert sync_line(status(4), configured=False).text == "sync: not configured"
    yesterday = sync_line(status(0, now - timedelta(days=1), now - timedelta(days=1)),
                          configured=True, now=now)  # fmt: skip
    assert "/" in yesterday.text  # another day shows the date


def test_a_sync_state_asked_for_during_a_read_is_read_once_more_after_it(qtbot):
    """A sync cycle that ends while the status bar is reading the sync state (the read began
    before the cycle wrote its result) gets a read of its own after that one, so the bar does
    not show the state from before the cycle until the next timer round."""
    import threading

    from wms.ui.sync_status import SyncMonitor
    from wms.ui.workers import Tasks

    release = threading.Event()
    states = iter(["before the cycle", "after the cycle"])

    def reader() -> SimpleNamespace:
        release.wait(5)
        return SimpleNamespace(waiting=0, last_sync_at=None, last_attempt_at=None,
                               last_error=next(states))  # fmt: skip

    services = SimpleNamespace(config=SimpleNamespace(central_url="postgresql://x@127.0.0.1:9/x"))
    monitor = SyncMonitor(services, Tasks(), reader=reader)  # type: ignore[arg-type]
    monitor.refresh()  # the first read is running...
    monitor.refresh()  # ...when a cycle ends and asks again
    release.set()
    qtbot.waitUntil(lambda: monitor.reads == 2, timeout=5_000)
    assert monitor.state.last_error == "after the cycle"


def test_status_bar_shows_the_sync_state_read_in_the_background(demo_db, qtbot, tmp_path):
    from tests.ui.conftest import make_services
    from wms.config import CentralSettings, StationConfig
    from wms.ui.main_window import MainWindow
    from wms.ui.sounds import SoundPlayer

    services = make_services(demo_db, tmp_path=tmp_path)
    window = MainWindow(services, sounds=SoundPlayer(muted=True), start_devices=False)
    qtbot.addWidget(window)
    try:
        window.start_background()
        qtbot.waitUntil(lambda: window.sync.reads >= 1, timeout=10_000)
        assert window.sync_label.text() == "sync: not configured"
        assert window.sync.loop is None
    finally:
        window.shutdown()
        services.close()

    # a central that does not answer: the loop runs off the GUI thread and the bar says so
    config = StationConfig(
        station="CMN1-T02",
        warehouse="CMN1",
        central=CentralSettings(url="postgresql://wms@127.0.0.1:9/wms"),
    )
    services = make_services(demo_db, config=config, tmp_path=tmp_path)
    window = MainWindow(services, sounds=SoundPlayer(muted=True), start_devices=False)
    qtbot.addWidget(window)
    try:
        window.start_background()
        assert window.sync.loop is not None
        qtbot.waitUntil(lambda: bool(window.sync.loop.lines), timeout=15_000)
        window.sync.refresh()
        qtbot.waitUntil(lambda: "offline" in window.sync_label.text(), timeout=10_000)
        assert "never synced" in window.sync_label.text()
        assert "waiting" in window.sync_label.text()
        assert QColor(ERROR).name() in window.sync_label.styleSheet()
        assert "127.0.0.1" in window.sync_label.toolTip()
    finally:
        window.shutdown()
        services.close()
