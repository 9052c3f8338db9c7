"""The scanning screen shows the work beside the prompt: the ASN's lines with expected and
received so far, the open pick lists and then the stops being walked, the row at hand
highlighted, column titles in the station's language."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import focus_target, login, person_types, wait_feedback, wedge_scan
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor
from wms.core.services.outbound.waves import release_wave
from wms.ui.i18n import set_language
from wms.ui.screens.scan import ScanScreen

TEA_GS1 = "]C10106111234000910\x1d10GP2611A\x1d17281031\x1d30120"


def open_workflow(qtbot, window, key) -> ScanScreen:
    QTest.keyClick(focus_target(window), key, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    return window.scan_screen


def cells(screen, column: str) -> list[str]:
    headers = [screen.work.horizontalHeaderItem(c).text() for c in range(screen.work.columnCount())]
    index = headers.index(column)
    return [screen.work.item(r, index).text() for r in range(screen.work.rowCount())]


def test_receiving_shows_the_asn_lines_expected_and_received(station, qtbot, clock):
    window, _wedge, _services = station
    login(qtbot, window, clock, "1003", "1357")
    screen = open_workflow(qtbot, window, Qt.Key.Key_1)
    assert not screen.work.isVisible()  # no ASN yet: nothing to list
    count = window.controller.handled
    wedge_scan(window, clock, "ASN:ASN-CN-0001")
    wait_feedback(qtbot, window, count + 1)
    assert screen.work.isVisible()
    assert screen.work_title.text() == "Lines of ASN ASN-CN-0001"
    assert cells(screen, "SKU") == ["CN-TEA-GP", "CN-BTL-30", "CN-TEAPOT"]
    assert cells(screen, "Expected") == ["240", "500", "48"]
    assert cells(screen, "Received") == ["0", "0", "0"]
    wedge_scan(window, clock, "CMD:NEWHU")
    wedge_scan(window, clock, TEA_GS1)
    wait_feedback(qtbot, window, count + 3)
    assert cells(screen, "Received")[0] == "120"
    assert cells(screen, "Remaining")[0] == "120"
    assert screen.work_current == 0
    assert screen.work.item(0, 0).font().bold()  # the line being received stands out


def test_picking_shows_the_open_lists_then_the_stops_in_french(station, qtbot, clock):
    window, _wedge, services = station
    with UnitOfWork(services.sessions) as uow:
        release_wave(uow, Actor("CMN1", "CMN1-T01", "2001"), today=date(2026, 12, 1),
                     orders=["ORD-1001"], mode="single")  # fmt: skip
        uow.commit()
    set_language("fr")
    try:
        login(qtbot, window, clock)
        screen = open_workflow(qtbot, window, Qt.Key.Key_5)
        assert screen.mode == "picking"
        count = window.controller.handled
        person_types(window, clock, "XX")  # a refusal still shows the lists to choose from
        wait_feedback(qtbot, window, count + 1)
        assert screen.work_title.text() == "Listes de prélèvement ouvertes"
        assert cells(screen, "Liste de prélèvement") == ["PL-CMN1-T01-00001"]
        assert cells(screen, "Arrêts") == ["2"]
        person_types(window, clock, "NEXT")
        wait_feedback(qtbot, window, count + 2)
        assert screen.work_title.text() == "Arrêts de la liste de prélèvement PL-CMN1-T01-00001"
        assert cells(screen, "Emplacement") == ["P-01-01-2", "A-01-02-1"]
        assert screen.work_current == 0
    finally:
        set_language("en")
