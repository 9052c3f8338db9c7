"""At the bench: F4 makes a new pallet and queues its SSCC label, F7 prints it again (receiving
and putaway); a putaway elsewhere than proposed is asked about on the screen before it posts."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import focus_target, login, person_types, wait_feedback, wedge_scan
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.demo import each_gtin
from wms.ui.screens.scan import ScanScreen

TEAPOT = each_gtin(93)


def pallet_labels(services, sscc: str) -> list[str]:
    return [job.description for job in services.print_queue.jobs(reference=sscc)]


def open_mode(qtbot, window, mode: str) -> ScanScreen:
    window.controller.set_mode(mode)
    qtbot.waitUntil(
        lambda: isinstance(window.current(), ScanScreen) and window.scan_screen.mode == mode
    )
    return window.scan_screen


def press(qtbot, window, key) -> None:
    count = window.controller.handled
    QTest.keyClick(focus_target(window), key)
    wait_feedback(qtbot, window, count + 1)


def test_f4_queues_the_new_pallets_label_and_f7_prints_it_again(station, qtbot, clock):
    window, _wedge, services = station
    login(qtbot, window, clock, "1003", "1357")
    screen = open_mode(qtbot, window, "receiving")
    count = window.controller.handled
    wedge_scan(window, clock, "ASN:ASN-CN-0001")
    wait_feedback(qtbot, window, count + 1)
    press(qtbot, window, Qt.Key.Key_F4)
    assert screen.feedback.level == "ok", screen.feedback.text()
    sscc = window.controller.last_feedback.context["new_sscc"]
    assert "its SSCC label is printing" in screen.feedback.text()
    assert pallet_labels(services, sscc) == [f"pallet label {sscc}"]
    press(qtbot, window, Qt.Key.Key_F7)
    assert screen.feedback.level == "ok", screen.feedback.text()
    assert sorted(pallet_labels(services, sscc)) == [
        f"pallet label {sscc}",
        f"pallet label {sscc} (reprint)",
    ]

    # the teapot received onto it, then putaway: F7 prints the label of the pallet in hand
    count = window.controller.handled
    wedge_scan(window, clock, TEAPOT)
    wait_feedback(qtbot, window, count + 1)
    screen = open_mode(qtbot, window, "putaway")
    count = window.controller.handled
    wedge_scan(window, clock, sscc)
    wait_feedback(qtbot, window, count + 1)
    proposed = screen.destination.text()
    assert proposed
    press(qtbot, window, Qt.Key.Key_F7)
    assert len(pallet_labels(services, sscc)) == 3

    # another location than proposed: asked about first (amber), nothing posted
    other = "C-01-01-1" if proposed != "C-01-01-1" else "D-01-01-1"
    count = window.controller.handled
    wedge_scan(window, clock, f"LOC:{other}")
    wait_feedback(qtbot, window, count + 1)
    assert screen.feedback.level == "attention", screen.feedback.text()
    assert f"scan {other} again" in screen.feedback.text()
    assert screen.destination.text() == proposed  # still shown where it should go
    with UnitOfWork(services.sessions) as uow:
        assert uow.ledger.movements(kind="putaway") == []
    time.sleep(0.35)  # a deliberate second scan, not the scanner reading the label twice
    wedge_scan(window, clock, f"LOC:{other}")
    wait_feedback(qtbot, window, count + 2)
    assert screen.feedback.level == "attention" and "override" in screen.feedback.text().lower()
    with UnitOfWork(services.sessions) as uow:
        [movement] = uow.ledger.movements(kind="putaway")
    assert (movement.to_location, movement.reference) == (other, "override")


def test_a_supervisor_releases_quarantined_stock_at_the_bench_with_f2(station, qtbot, clock):
    window, _wedge, services = station
    login(qtbot, window, clock, "2001", "9876")
    assert "quarantine" in window.controller.modes()
    screen = open_mode(qtbot, window, "quarantine")
    count = window.controller.handled
    wedge_scan(window, clock, "LOC:QUAR-01")
    wait_feedback(qtbot, window, count + 1)
    assert "10 x DATE-MJ-1KG" in screen.feedback.text()
    person_types(window, clock, "4")
    wedge_scan(window, clock, each_gtin(31))
    person_types(window, clock, "inspected, jars intact")
    wait_feedback(qtbot, window, count + 4)
    assert screen.feedback.level == "attention" and "CMD:DONE" in screen.prompt.text()
    with UnitOfWork(services.sessions) as uow:
        assert uow.ledger.movements(kind="status") == []
    press(qtbot, window, Qt.Key.Key_F2)  # F2 is CMD:DONE: the deliberate act
    assert "released 4 x DATE-MJ-1KG" in screen.feedback.text().replace("Released", "released")
    with UnitOfWork(services.sessions) as uow:
        [movement] = uow.ledger.movements(kind="status")
    assert (movement.quantity, movement.operator, movement.reference) == (
        4, "2001", "quarantine-release",
    )  # fmt: skip
