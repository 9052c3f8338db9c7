"""The supervisor's stock tab narrowed to one owner (merchant), and its CSV export."""

from __future__ import annotations

import csv
from datetime import date

from tests.ui.conftest import ensure_tables
from wms.core.domain.model import Operator, Role
from wms.core.services.demo import MERCHANT_STOCK
from wms.ui.screens.supervisor import SupervisorScreen
from wms.ui.workers import Tasks


def test_the_owner_box_shows_and_exports_only_that_owners_stock(qtbot, demo_db, tmp_path):
    screen = supervisor_screen(qtbot, demo_db)
    everyone = len(screen_rows(qtbot, screen))
    box = screen.owner_box
    choices = [box.itemData(i) for i in range(box.count())]
    assert choices[0] == "" and {"ARGAN", "FEZPOT", "TISSAGE", "HUB"} <= set(choices)
    assert box.itemText(choices.index("ARGAN")) == "ARGAN · Coopérative Tafyoucht"

    box.setCurrentIndex(choices.index("FEZPOT"))
    fez_stock = {(sku, location, qty) for sku, _lot, _exp, location, qty in MERCHANT_STOCK
               if sku.startswith("FEZ-")}  # fmt: skip
    qtbot.waitUntil(
        lambda: {(r[1], r[0], r[7]) for r in screen.stock_model.rows} == fez_stock, timeout=10_000
    )
    assert screen.stock.name == "stock-FEZPOT"
    target = tmp_path / "stock-FEZPOT.csv"
    with qtbot.waitSignal(screen.stock.exported, timeout=10_000):
        screen.stock.export_to(target)
    with target.open(encoding="utf-8") as handle:
        exported = list(csv.DictReader(handle))
    assert {(r["SKU"], r["Location"], int(r["Quantity"])) for r in exported} == fez_stock

    # by product, the owner's products only (summed from its stock rows, not the totals)
    view_box = screen.stock_view_box
    view_box.setCurrentIndex(1)
    qtbot.waitUntil(
        lambda: {r[0] for r in screen.stock_model.rows} == {s for s, _l, _q in fez_stock},
        timeout=10_000,
    )
    box.setCurrentIndex(0)
    view_box.setCurrentIndex(0)
    qtbot.waitUntil(lambda: len(screen.stock_model.rows) == everyone, timeout=10_000)

    # the ledger tab has its own owner box: the pottery's three opening movements
    screen.show_tab(screen.ledger_tab)
    ledger_box = screen.ledger_owner_box
    ledger_box.setCurrentIndex([ledger_box.itemData(i) for i in range(ledger_box.count())]
                               .index("FEZPOT"))  # fmt: skip
    qtbot.waitUntil(
        lambda: (
            sorted(r[2] for r in screen.ledger_model.rows)
            == ["FEZ-PLT-30", "FEZ-TAJ-20", "FEZ-VASE-25"]
        ),
        timeout=10_000,
    )
    assert screen.ledger.name == "ledger-FEZPOT"


def screen_rows(qtbot, screen):
    qtbot.waitUntil(
        lambda: bool(screen.stock_model.rows) and not screen.stock_model.loading, timeout=10_000
    )
    return screen.stock_model.rows


def test_the_documents_owner_box_narrows_open_asns_and_orders_to_that_owner(
    qtbot, demo_db, tmp_path
):
    screen = supervisor_screen(qtbot, demo_db)
    screen.show_tab(screen.documents)
    orders = screen.order_model
    qtbot.waitUntil(lambda: bool(orders.rows) and not orders.loading, timeout=10_000)
    every_order = {row[0] for row in orders.rows}
    assert {"ORD-ARG-01", "ORD-FEZ-01"} <= every_order

    box = screen.documents_owner_box
    choices = [box.itemData(i) for i in range(box.count())]
    assert choices[0] == "" and "ARGAN" in choices
    box.setCurrentIndex(choices.index("ARGAN"))
    qtbot.waitUntil(
        lambda: {row[0] for row in orders.rows} == {"ORD-ARG-01", "ORD-ARG-02"}, timeout=10_000
    )
    qtbot.waitUntil(lambda: not screen.asn_model.loading, timeout=10_000)
    assert all(row[2] == "ARGAN" for row in screen.asn_model.rows)  # the owner column

    # the export holds that owner's orders only, and is named after it
    panel = screen.document_panels["open-orders"]
    assert panel.name == "open-orders-ARGAN"
    target = tmp_path / "open-orders-ARGAN.csv"
    with qtbot.waitSignal(panel.exported, timeout=10_000):
        panel.export_to(target)
    with target.open(encoding="utf-8") as handle:
        assert {r["Order"] for r in csv.DictReader(handle)} == {"ORD-ARG-01", "ORD-ARG-02"}

    box.setCurrentIndex(0)  # every owner again
    qtbot.waitUntil(lambda: {row[0] for row in orders.rows} == every_order, timeout=10_000)
    assert panel.name == "open-orders"


def supervisor_screen(qtbot, demo_db) -> SupervisorScreen:
    """The stock screens of the demo site, shown to its supervisor."""
    engine, sessions, _path = demo_db
    ensure_tables(engine)
    screen = SupervisorScreen(
        sessions, sessions, Tasks(), warehouse="CMN1", station="CMN1-T01",
        operator=Operator("2001", "Karim Idrissi", Role.SUPERVISOR),
        today=lambda: date(2026, 11, 1),
    )  # fmt: skip
    qtbot.addWidget(screen)
    screen.show()
    return screen
