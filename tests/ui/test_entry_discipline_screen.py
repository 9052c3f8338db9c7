"""Entry discipline on the scanning screen: a value typed without Enter is never sent later as
something else; the scan that arrives instead clears it and says so."""

from __future__ import annotations

from tests.ui.conftest import login, person_types, wait_feedback, wedge_scan
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.demo import each_gtin
from wms.ui.screens.scan import ScanScreen

TEAPOT = each_gtin(93)


def receipts(services) -> list[tuple[str, int]]:
    with UnitOfWork(services.sessions) as uow:
        return [
            (m.sku, m.quantity)
            for m in uow.ledger.movements(kind="receive")
            if not m.reference.startswith("RET-")  # (not the demo's customer return)
        ]


def test_a_quantity_typed_without_enter_is_cleared_by_the_next_scan(station, qtbot, clock):
    window, wedge, services = station
    login(qtbot, window, clock, "1003", "1357")
    window.controller.set_mode("receiving")
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    screen = window.scan_screen
    count = window.controller.handled
    for text in ("ASN:ASN-CN-0001", "CMD:NEWHU"):
        wedge_scan(window, clock, text)
        count += 1
        wait_feedback(qtbot, window, count)
    person_types(window, clock, "120", enter=False)  # typed, never sent
    wedge.flush()  # the filter's hold on the last key ends (a person's pause)
    assert screen.entry.text() == "120"
    wedge_scan(window, clock, TEAPOT)
    wait_feedback(qtbot, window, count + 1)
    assert screen.entry.text() == ""
    assert "“120” was typed without Enter and is cleared" in screen.feedback.text()
    assert screen.feedback.level == "attention"
    assert receipts(services) == [("CN-TEAPOT", 1)]
    # Enter now sends nothing: the 120 is gone, it is never taken as the next step's value
    person_types(window, clock, "")
    assert window.controller.handled == count + 1
