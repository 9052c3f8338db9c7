"""Supervisor screens on a big database: lazy fetching, sorting, filters, CSV, pictures."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select

from tests.ui.bulk import bulk_fill
from tests.ui.conftest import ensure_tables
from wms.core.domain.model import Operator, Role
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.migrate import upgrade
from wms.core.persistence.tables import MovementRow, StockRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.persistence.workflow_tables import AdjustmentRow
from wms.core.services import queries
from wms.core.services.demo import (
    DEMO_MOVEMENTS,
    DEMO_ORDERS,
    DEMO_STOCK_LINES,
    DEMO_STOCK_ROWS,
    build_demo,
)
from wms.ui.models.table import PagedTableModel
from wms.ui.screens.supervisor import SupervisorScreen
from wms.ui.workers import Tasks

MOVEMENTS = 200_000
STOCK = 20_000


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "station.db"
    engine = create_station_engine(str(path))
    upgrade(engine)
    ensure_tables(engine)
    build_demo(session_factory(engine))
    engine.dispose()
    bulk_fill(path, movements=MOVEMENTS, stock_rows=STOCK)
    engine = create_station_engine(str(path))
    yield engine, session_factory(engine), path
    engine.dispose()


def loaded(qtbot, model: PagedTableModel, rows: int) -> None:
    qtbot.waitUntil(lambda: len(model.rows) >= rows and not model.loading, timeout=20_000)


def new_model(qtbot, big_db, source, **filters):
    _engine, sessions, _path = big_db
    model = PagedTableModel(
        source, sessions, Tasks(), filters=queries.Filters(warehouse="CMN1", **filters)
    )
    with qtbot.waitSignal(model.page_loaded, timeout=20_000):
        model.reload()
    return model


def test_stock_is_fetched_a_page_at_a_time_in_order(qtbot, big_db):
    model = new_model(qtbot, big_db, queries.stock_source("rows"))
    demo_rows = DEMO_STOCK_ROWS
    assert len(model.rows) == 500
    assert model.total == STOCK + demo_rows
    assert model.canFetchMore()
    for pages in (2, 3, 4):
        model.fetchMore()
        loaded(qtbot, model, 500 * pages)
    keys = [(r[0], r[1], r[3], r[5]) for r in model.rows]
    assert len(set(keys)) == len(keys) == 2000  # no row twice across pages
    locations = [r[0] for r in model.rows]
    assert locations == sorted(locations)


def test_sorting_by_quantity_descending_through_the_view(qtbot, big_db):
    model = new_model(qtbot, big_db, queries.stock_source("rows"))
    with qtbot.waitSignal(model.page_loaded, timeout=20_000):
        model.sort(7, Qt.SortOrder.DescendingOrder)
    model.fetchMore()
    loaded(qtbot, model, 1000)
    quantities = [r[7] for r in model.rows]
    assert quantities == sorted(quantities, reverse=True)
    assert quantities[0] == 997  # 1 + the largest (i * 7919) % 997
    with qtbot.waitSignal(model.page_loaded, timeout=20_000):
        model.sort(2, Qt.SortOrder.AscendingOrder)  # product name: nullable, offset paging
    model.fetchMore()
    loaded(qtbot, model, 1000)
    names = [r[2] or "" for r in model.rows]
    assert names == sorted(names)


def test_search_and_status_filters(qtbot, big_db):
    model = new_model(qtbot, big_db, queries.stock_source("rows"), search="bulk-00042")
    assert model.rows and all(r[1] == "BULK-00042" for r in model.rows)
    assert model.total == STOCK // 500
    with qtbot.waitSignal(model.page_loaded, timeout=20_000):
        model.set_filters(status="quarantined")
    assert model.rows and all(r[6] == "quarantined" for r in model.rows)
    with qtbot.waitSignal(model.page_loaded, timeout=20_000):
        model.set_filters(search="arg a-01", status="")
    assert {r[0] for r in model.rows} == {"A-01-01-1", "A-01-02-1", "A-01-03-1"}


def test_stock_by_product_sums_like_the_database(qtbot, big_db):
    _engine, sessions, _path = big_db
    model = new_model(qtbot, big_db, queries.stock_source("product"), search="BULK-0001")
    with sessions() as session:
        expected = session.scalar(
            select(func.sum(StockRow.quantity)).where(StockRow.sku == "BULK-00010")
        )
    row = next(r for r in model.rows if r[0] == "BULK-00010")
    assert row[-1] == expected
    assert row[2] == STOCK // 500  # locations


def test_ledger_scrolls_newest_first_with_keyset_pages(qtbot, big_db):
    model = new_model(qtbot, big_db, queries.movements_source())
    for pages in (2, 3):
        model.fetchMore()
        loaded(qtbot, model, 500 * pages)
    ids = [r[-1] for r in model.rows]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 1500
    with qtbot.waitSignal(model.page_loaded, timeout=20_000):
        model.set_filters(sku="BULK-00007")
    model.fetchMore()
    loaded(qtbot, model, 400)
    assert len(model.rows) == MOVEMENTS // 500
    assert model.exhausted and not model.canFetchMore()
    assert {r[2] for r in model.rows} == {"BULK-00007"}
    with qtbot.waitSignal(model.page_loaded, timeout=20_000):
        model.set_filters(sku="", location="A-01-01-1")
    assert all("A-01-01-1" in (r[4], r[5]) for r in model.rows)


def test_view_fetches_more_when_scrolled(qtbot, big_db):
    from wms.ui.widgets.table_panel import TablePanel

    model = new_model(qtbot, big_db, queries.movements_source())
    panel = TablePanel(model, search=False)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    qtbot.waitExposed(panel)
    for _ in range(3):
        panel.view.scrollToBottom()
        qtbot.waitUntil(lambda: not model.loading, timeout=20_000)
    assert len(model.rows) >= 1500
    assert "rows" in panel.status.text()


def test_csv_export_writes_every_row_not_only_the_loaded_ones(qtbot, big_db, tmp_path):
    from wms.ui.widgets.table_panel import TablePanel

    model = new_model(qtbot, big_db, queries.stock_source("rows"), search="BULK-0000")
    panel = TablePanel(model)
    qtbot.addWidget(panel)
    target = tmp_path / "stock.csv"
    with qtbot.waitSignal(panel.exported, timeout=20_000) as signal:
        panel.export_to(target)
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "Location",
        "SKU",
        "Product",
        "Lot",
        "Expiry",
        "Handling unit",
        "Status",
        "Quantity",
    ]
    assert len(rows) - 1 == signal.args[1] == model.total == 10 * (STOCK // 500)
    assert len(model.rows) == 400  # the screen itself loaded fewer


def test_supervisor_screen_tabs_occupancy_chart_and_adjustment_approval(qtbot, demo_db):
    engine, sessions, _path = demo_db
    ensure_tables(engine)
    with UnitOfWork(sessions) as uow:
        on_hand = uow.ledger.stock(limit=None)
        line = next(s for s in on_hand if s.location == "C-01-01-1")
        uow.session.add(
            AdjustmentRow(
                warehouse="CMN1", location=line.location, sku=line.sku, lot=line.lot,
                expected=line.quantity, counted=line.quantity - 2, quantity=-2,
                reason="count", requested_by="1001", requested_at=datetime.now(UTC),
            )
        )  # fmt: skip
        uow.commit()
    supervisor = Operator("2001", "Karim Idrissi", Role.SUPERVISOR)
    screen = SupervisorScreen(
        sessions, sessions, Tasks(), warehouse="CMN1", station="CMN1-T01", operator=supervisor,
        today=lambda: date(2026, 11, 1),
    )  # fmt: skip
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitUntil(lambda: len(screen.stock_model.rows) == DEMO_STOCK_ROWS, timeout=10_000)

    screen.show_tab(screen.expiring)
    qtbot.waitUntil(lambda: bool(screen.expiring_model.rows), timeout=10_000)
    first = screen.expiring_model.rows[0]
    assert first[1] == "DATE-MJ-1KG" and first[0] == date(2026, 10, 31)
    colour = screen.expiring_model.data(
        screen.expiring_model.index(0, 0), Qt.ItemDataRole.BackgroundRole
    )
    assert colour.color().name() == "#ffcdd2"  # expired: red

    screen.show_tab(screen.occupancy_tab)
    qtbot.waitUntil(lambda: bool(screen.occupancy.cells), timeout=10_000)
    # every opening stock line of the demo (the hub's and the merchants') at its own location
    assert f"{DEMO_STOCK_ROWS} of" in screen.occupancy_status.text()
    image = screen.occupancy.grab().toImage()
    assert image.width() > 0
    rect, cell = next((r, c) for r, c in screen.occupancy._rects if c.code == "C-01-01-1")
    assert cell.units == line.quantity
    with qtbot.waitSignal(screen.occupancy.location_clicked) as clicked:
        QTest.mouseClick(screen.occupancy, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert clicked.args == ["C-01-01-1"]
    assert screen.tabs.currentWidget() is screen.ledger_tab
    qtbot.waitUntil(lambda: bool(screen.ledger_model.rows), timeout=10_000)
    assert all("C-01-01-1" in (r[4], r[5]) for r in screen.ledger_model.rows)

    screen.show_tab(screen.throughput_tab)
    qtbot.waitUntil(lambda: screen.chart.data is not None, timeout=10_000)
    assert sum(sum(v) for v in screen.chart.data.series.values()) == DEMO_STOCK_LINES
    assert screen.chart.chart().series()

    screen.show_tab(screen.documents)
    qtbot.waitUntil(lambda: bool(screen.asn_model.rows and screen.order_model.rows), timeout=10_000)
    assert screen.asn_model.rows[0][0] == "ASN-CN-0001"
    assert len(screen.order_model.rows) == DEMO_ORDERS

    screen.show_tab(screen.adjustments_tab)
    qtbot.waitUntil(lambda: bool(screen.adjustments_model.rows), timeout=10_000)
    screen.adjustments.view.selectRow(0)
    screen.decide(True)  # says what will be posted and waits for the same key again
    assert "post -2 × " in screen.adjustment_message.text()
    screen.decide(True)
    qtbot.waitUntil(lambda: "approved" in screen.adjustment_message.text(), timeout=10_000)
    with UnitOfWork(sessions) as uow:
        counts = uow.ledger.movements(kind="count")
        assert [(m.sku, m.quantity, m.from_location) for m in counts] == [
            (line.sku, 2, "C-01-01-1")
        ]
        assert counts[0].operator == "2001"
    qtbot.waitUntil(lambda: not screen.adjustments_model.rows, timeout=10_000)


def test_paged_source_counts_match_sql(big_db):
    _engine, sessions, _path = big_db
    with sessions() as session:
        total = session.scalar(select(func.count()).select_from(MovementRow))
        assert total == MOVEMENTS + DEMO_MOVEMENTS
        page = queries.movements_source().page(
            session, queries.Filters(warehouse="CMN1"), descending=True, limit=10
        )
        assert len(page.rows) == 10 and not page.done
