"""Scan to find on the supervisor's stock screens: a scan searches what it names."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import ensure_tables
from wms.core.domain.model import Operator, Role
from wms.core.services.demo import DEMO_MOVEMENTS, DEMO_STOCK_ROWS
from wms.ui.screens.supervisor import SupervisorScreen
from wms.ui.workers import Tasks

GS = "\x1d"


@pytest.fixture
def screen(qtbot, demo_db):
    engine, sessions, _path = demo_db
    ensure_tables(engine)
    supervisor = Operator("2001", "Karim Idrissi", Role.SUPERVISOR)
    made = SupervisorScreen(
        sessions, sessions, Tasks(), warehouse="CMN1", station="CMN1-T01", operator=supervisor,
        today=lambda: date(2026, 11, 1),
    )  # fmt: skip
    qtbot.addWidget(made)
    made.show()
    qtbot.waitUntil(lambda: len(made.stock_model.rows) == DEMO_STOCK_ROWS, timeout=10_000)
    return made


def stock_after(qtbot, screen, scan: str) -> list[tuple]:
    screen.on_scan(scan)
    qtbot.waitUntil(lambda: not screen.stock_model.loading, timeout=10_000)
    qtbot.wait(20)
    qtbot.waitUntil(lambda: not screen.stock_model.loading, timeout=10_000)
    return screen.stock_model.rows


def test_scans_on_the_stock_tab_search_what_they_name(qtbot, screen):
    rows = stock_after(qtbot, screen, "LOC:A-01-02-1")
    assert [(r[0], r[1]) for r in rows] == [("A-01-02-1", "ARG-OIL-100")]
    assert "location A-01-02-1" in screen.stock.searching.text()
    assert screen.stock.search.text() == "LOC:A-01-02-1"

    rows = stock_after(qtbot, screen, "6111234000118")  # the argan oil's GTIN
    assert {r[0] for r in rows} == {"A-01-01-1", "A-01-02-1", "P-01-01-1"}

    rows = stock_after(qtbot, screen, f"]C1010611123400011810ARG2603{GS}3024")  # GS1-128 + lot
    assert [(r[0], r[3]) for r in rows] == [("A-01-02-1", "ARG2603")]
    assert "lot ARG2603" in screen.stock.searching.text()

    rows = stock_after(qtbot, screen, "ASN:ASN-CN-0001")  # nothing received on it yet
    assert rows == []

    rows = stock_after(qtbot, screen, "CMD:MODE:adjust")  # not a search: nothing changes
    assert rows == [] and "Not a search" in screen.stock.searching.text()


def test_typing_a_scan_into_the_search_box_reads_it_the_same_way(qtbot, screen):
    box = screen.stock.search
    box.setFocus()
    QTest.keyClicks(box, "LOC:B-06-01-1")
    QTest.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: [r[0] for r in screen.stock_model.rows] == ["B-06-01-1"], timeout=10_000
    )
    box.clear()
    QTest.keyClicks(box, "arg")  # a plain word: a prefix search, the scan filter cleared
    QTest.keyClick(box, Qt.Key.Key_Return)
    # the hub's 4 lines of ARG-OIL-* and the argan cooperative's 3 lines of ARGAN-*
    qtbot.waitUntil(lambda: len(screen.stock_model.rows) == 4 + 3, timeout=10_000)
    assert screen.stock_model.filters.location == ""


def test_scans_on_the_ledger_tab_show_the_ledger_of_what_they_name(qtbot, screen):
    screen.show_tab(screen.ledger_tab)
    qtbot.waitUntil(lambda: len(screen.ledger_model.rows) == DEMO_MOVEMENTS, timeout=10_000)
    screen.on_scan("LOC:C-01-01-1")
    qtbot.waitUntil(lambda: len(screen.ledger_model.rows) == 1, timeout=10_000)
    assert "C-01-01-1" in (screen.ledger_model.rows[0][4], screen.ledger_model.rows[0][5])
    assert "location C-01-01-1" in screen.ledger_searching.text()
    screen.on_scan("16111234000115")  # the argan oil's case GTIN: the product's ledger
    qtbot.waitUntil(lambda: len(screen.ledger_model.rows) == 3, timeout=10_000)
    assert {r[2] for r in screen.ledger_model.rows} == {"ARG-OIL-100"}
    # plain text keyed in the field is still a SKU or a location, as "Ledger of" says
    screen.ledger_key.setText("saf-1g")
    screen.apply_ledger()
    qtbot.waitUntil(lambda: len(screen.ledger_model.rows) == 2, timeout=10_000)
    assert screen.ledger_model.filters.sku == "SAF-1G" and screen.ledger_model.filters.gtin == ""
