"""Supervisor screens: stock, expiring lots, occupancy, documents, throughput, adjustments,
the ledger of one product or location, and the print queue. Every table exports to CSV.

The read models are :mod:`wms.core.services.queries` (run in the background); approving or
rejecting an adjustment is one core operation (:mod:`wms.core.services.supervision`), taken in two
steps: F2 (approve) or F3 (reject) says what will be posted, and only the same key again or Enter
decides; anything else (another key, another row, a scan) cancels. Every
change reaches the screen through the station's :class:`~wms.ui.changes.ChangeHub`: the tabs
showing a changed subject reload (the one on show at once, the others when next shown).

Over 500 lines on purpose: the tabs share one change hub, one scan-to-find search and one
two-step decision; the read models and rules they show are in the core, each tab is a few lines
of wiring.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import WmsError
from wms.core.domain.model import Operator
from wms.core.services import queries
from wms.core.services.changes import Changes
from wms.core.services.queries import (
    AdjustmentLine,
    ExpiryWarning,
    FillWarning,
    SearchKind,
    ThroughputBy,
    expiry_warning,
    fill_warning,
    scan_search,
)
from wms.core.services.supervision import (
    AdjustmentDecided,
    Decision,
    approve_adjustment,
    reject_adjustment,
)
from wms.ui.changes import ChangeHub
from wms.ui.i18n import shown
from wms.ui.models.table import ListTableModel, PagedTableModel
from wms.ui.widgets.table_panel import TablePanel
from wms.ui.workers import Tasks

log = logging.getLogger("wms.ui.supervisor")

STOCK_VIEWS = (
    (QT_TRANSLATE_NOOP("SupervisorScreen", "Every stock line"), "rows"),
    (QT_TRANSLATE_NOOP("SupervisorScreen", "By product"), "product"),
    (QT_TRANSLATE_NOOP("SupervisorScreen", "By location"), "location"),
    (QT_TRANSLATE_NOOP("SupervisorScreen", "By lot"), "lot"),
    (QT_TRANSLATE_NOOP("SupervisorScreen", "By handling unit"), "handling_unit"),
)
STATUSES = (
    (QT_TRANSLATE_NOOP("SupervisorScreen", "Any status"), ""),
    (QT_TRANSLATE_NOOP("SupervisorScreen", "Available"), "available"),
    (QT_TRANSLATE_NOOP("SupervisorScreen", "Reserved"), "reserved"),
    (QT_TRANSLATE_NOOP("SupervisorScreen", "Quarantined"), "quarantined"),
)

ADJUSTMENT_COLUMNS: list[tuple[str, str, str]] = [
    ("id", str(QT_TRANSLATE_NOOP("Columns", "No.")), "int"),
    ("location", str(QT_TRANSLATE_NOOP("Columns", "Location")), "text"),
    ("sku", str(QT_TRANSLATE_NOOP("Columns", "SKU")), "text"),
    ("lot", str(QT_TRANSLATE_NOOP("Columns", "Lot")), "text"),
    ("expected", str(QT_TRANSLATE_NOOP("Columns", "Book")), "int"),
    ("counted", str(QT_TRANSLATE_NOOP("Columns", "Counted")), "int"),
    ("quantity", str(QT_TRANSLATE_NOOP("Columns", "Difference")), "int"),
    ("reason", str(QT_TRANSLATE_NOOP("Columns", "Reason")), "text"),
    ("requested_by", str(QT_TRANSLATE_NOOP("Columns", "Counted by")), "text"),
    ("requested_at", str(QT_TRANSLATE_NOOP("Columns", "When")), "datetime"),
]


def _t(text: str) -> str:
    return QCoreApplication.translate("SupervisorScreen", text)


EXPIRY_COLOURS = {ExpiryWarning.EXPIRED: "#ffcdd2", ExpiryWarning.EXPIRES_SOON: "#ffe0b2"}


def expiry_colour(today: Callable[[], date]) -> Callable[[tuple[Any, ...]], QColor | None]:
    """Row colour of the expiring lots (expiry date first): the core's expiry warning, as
    red (expired) or orange (expires soon)."""

    def colour(row: tuple[Any, ...]) -> QColor | None:
        expiry = row[0]
        warning = expiry_warning(expiry, today()) if isinstance(expiry, date) else None
        return None if warning is None else QColor(EXPIRY_COLOURS[warning])

    return colour


FILL_COLOURS = {FillWarning.FULL: "#ffcdd2", FillWarning.FILLING: "#ffe0b2"}


def fill_colour(row: tuple[Any, ...]) -> QColor | None:
    """Row colour of the sort destinations (per cent filled last): the core's fill warning."""
    warning = fill_warning(row[-1])
    return None if warning is None else QColor(FILL_COLOURS[warning])


APPROVE_KEY = "F2"
REJECT_KEY = "F3"


@dataclass(frozen=True)
class PendingDecision:
    """An approval or rejection that waits for its confirming key."""

    adjustment_id: int
    approve: bool


class _ConfirmKeys(QObject):
    """Keys on the adjustments tab while a decision waits: Enter confirms it, Esc or any other
    text key cancels it (a person's keys; a scanner's burst arrives as a scan instead)."""

    def __init__(self, screen: SupervisorScreen) -> None:
        super().__init__(screen)
        self.screen = screen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or self.screen.pending is None:
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.screen.confirm_pending()
            return True
        if event.key() == Qt.Key.Key_Escape or (event.text() and event.text().isprintable()):
            self.screen.cancel_pending(self.screen.tr("Cancelled: nothing was posted."))
            return True
        return False


class SupervisorScreen(QWidget):
    """The stock screens, as tabs. ``home_requested`` when the supervisor leaves (F11)."""

    home_requested = Signal()

    def __init__(
        self,
        read_sessions: sessionmaker[Session],
        write_sessions: sessionmaker[Session],
        tasks: Tasks,
        *,
        warehouse: str,
        station: str,
        operator: Operator,
        print_queue_panel: QWidget | None = None,
        changes: ChangeHub | None = None,
        today: Callable[[], date] = date.today,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.read_sessions = read_sessions
        self.write_sessions = write_sessions
        self.tasks = tasks
        self.warehouse = warehouse
        self.station = station
        self.operator = operator
        self.today = today
        self.clock = clock
        self.changes = changes if changes is not None else ChangeHub(self)
        self.changes.changed.connect(self.on_changes)
        self.filters = queries.Filters(warehouse=warehouse)
        self.tabs = QTabWidget()
        self.loaded: set[str] = set()
        self.pending: PendingDecision | None = None

        header = QHBoxLayout()
        title = QLabel(self.tr("Stock screens · {warehouse}").format(warehouse=warehouse))
        title.setObjectName("Title")
        header.addWidget(title)
        header.addStretch(1)
        back = QPushButton(self.tr("F11  Back to workflows"))
        back.clicked.connect(self.home_requested.emit)
        header.addWidget(back)
        QShortcut(QKeySequence("F11"), self).activated.connect(self.home_requested.emit)

        self.stock_model = PagedTableModel(
            queries.stock_source("rows"), read_sessions, tasks, filters=self.filters
        )
        self.stock = TablePanel(
            self.stock_model,
            name="stock",
            search_hint=self.tr("Scan or type: location, GTIN, GS1 label, SSCC, order, ASN, SKU…"),
            search_filters=self.scan_filters,
        )
        self.stock_view_box = self.stock.add_filter(
            self.tr("View"), [(_t(str(t)), v) for t, v in STOCK_VIEWS], self._stock_view
        )
        self.stock.add_filter(
            self.tr("Status"), [(_t(str(t)), v) for t, v in STATUSES], self._status
        )
        self.owner_box = self.stock.add_filter(self.tr("Owner"), self._owner_choices(), self._owner)
        self.tabs.addTab(self.stock, self.tr("Stock"))

        self.expiring_model = PagedTableModel(
            queries.expiring_source(today),
            read_sessions,
            tasks,
            filters=self.filters,
            colour=expiry_colour(today),
        )
        self.expiring = TablePanel(
            self.expiring_model, name="expiring-lots", search_filters=self.scan_filters
        )
        self.expiring.add_filter(
            self.tr("Expiring within"),
            [(self.tr("{days} days").format(days=d), d) for d in (60, 30, 90, 180, 365)],
            lambda days: self.expiring_model.set_filters(days=int(days)),
        )
        self.tabs.addTab(self.expiring, self.tr("Expiring lots"))

        self.occupancy_tab = self._occupancy_tab()
        self.tabs.addTab(self.occupancy_tab, self.tr("Occupancy"))

        self.documents = self._documents_tab()
        self.tabs.addTab(self.documents, self.tr("ASNs, orders, sorting"))

        self.throughput_tab = self._throughput_tab()
        self.tabs.addTab(self.throughput_tab, self.tr("Throughput"))

        self.adjustments_tab = self._adjustments_tab()
        self.tabs.addTab(self.adjustments_tab, self.tr("Adjustments"))

        self.ledger_tab = self._ledger_tab()
        self.tabs.addTab(self.ledger_tab, self.tr("Ledger"))

        from wms.ui.screens.hub_panel import HubPanel

        self.hub_tab = HubPanel(read_sessions, tasks, warehouse=warehouse, clock=clock)
        self.tabs.addTab(self.hub_tab, self.tr("Parcel hub"))

        if print_queue_panel is not None:
            self.tabs.addTab(print_queue_panel, self.tr("Print queue"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 8)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.tabs.currentChanged.connect(lambda _i: self.cancel_pending())
        self._tab_shown(0)

    # -- lazily loaded tabs ----------------------------------------------------------------

    @staticmethod
    def _key(widget: QWidget) -> str:
        return widget.objectName() or str(id(widget))

    def _tab_shown(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is None:
            return
        key = self._key(widget)
        if key in self.loaded:
            return
        self.loaded.add(key)
        if widget is self.stock:
            self.stock_model.reload()
        elif widget is self.expiring:
            self.expiring_model.reload()
        elif widget is self.occupancy_tab:
            self.refresh_occupancy()
        elif widget is self.documents:
            for model in (self.asn_model, self.order_model, self.sort_model):
                model.reload()
        elif widget is self.throughput_tab:
            self.refresh_throughput()
        elif widget is self.adjustments_tab:
            self.refresh_adjustments()
        elif widget is self.ledger_tab:
            self.ledger_model.reload()
        elif widget is self.hub_tab:
            self.hub_tab.refresh()

    def show_tab(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)

    def on_changes(self, changes: Changes) -> None:
        """Tabs that show a changed subject are stale: the one on show reloads now, the others
        (and all of them while the stock screens are hidden) when they are next shown."""
        stale = self._tabs_showing(changes)
        for widget in stale:
            self.loaded.discard(self._key(widget))
        if self.isVisible() and self.tabs.currentWidget() in stale:
            self._tab_shown(self.tabs.currentIndex())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._tab_shown(self.tabs.currentIndex())  # reloads the tab on show if it is stale

    def _tabs_showing(self, changes: Changes) -> list[QWidget]:
        tabs: list[QWidget] = []
        if changes.stock:
            tabs += [self.stock, self.expiring, self.occupancy_tab, self.documents]
        if changes.ledger:
            tabs += [self.ledger_tab, self.throughput_tab]
        if changes.documents or changes.parcels:
            tabs.append(self.documents)
        if changes.adjustments:
            tabs.append(self.adjustments_tab)
        return tabs

    # -- stock -----------------------------------------------------------------------------

    def _stock_view(self, view: str) -> None:
        self.stock_model.set_source(queries.stock_source(view))
        self.stock.view.horizontalHeader().setSortIndicator(
            self.stock_model.sort_column(), Qt.SortOrder.AscendingOrder
        )

    def _status(self, status: str) -> None:
        self.stock_model.set_filters(status=status)

    def _owner_choices(self) -> list[tuple[str, str]]:
        """ "Every owner" first, then each owner (merchant) as "CODE · name"."""
        with self.read_sessions() as session:
            owners = queries.owner_choices(session)
        return [(self.tr("Every owner"), "")] + [
            (f"{owner.code} · {owner.name}", owner.code) for owner in owners
        ]

    def _owner(self, owner: str) -> None:
        """Only this owner's stock (the filter is in the query: the table and its CSV export
        hold no other owner's line); the export is named after the owner."""
        self.stock.name = f"stock-{owner}" if owner else "stock"
        self.stock_model.set_filters(owner=owner)

    # -- occupancy -------------------------------------------------------------------------

    def _occupancy_tab(self) -> QWidget:
        from wms.ui.widgets.occupancy import OccupancyMap

        tab = QWidget()
        self.occupancy = OccupancyMap()
        self.occupancy.location_clicked.connect(self.open_location_ledger)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.occupancy)
        top = QHBoxLayout()
        self.occupancy_status = QLabel()
        top.addWidget(
            QLabel(self.tr("Units on hand against capacity. Click a location for its ledger."))
        )
        top.addStretch(1)
        top.addWidget(self.occupancy_status)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh_occupancy)
        top.addWidget(refresh)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        return tab

    def refresh_occupancy(self) -> None:
        sessions, warehouse = self.read_sessions, self.warehouse

        def load() -> list[queries.Cell]:
            with sessions() as session:
                return queries.occupancy(session, warehouse)

        def show(cells: list[queries.Cell]) -> None:
            self.occupancy.set_cells(cells)
            used = sum(1 for c in cells if c.units > 0)
            self.occupancy_status.setText(
                self.tr("{used} of {total} locations hold stock").format(
                    used=used, total=len(cells)
                )
            )

        self.tasks.run(load, show, self._failed)

    # -- documents -------------------------------------------------------------------------

    def _documents_tab(self) -> QWidget:
        self.asn_model = PagedTableModel(
            queries.asn_source(), self.read_sessions, self.tasks, filters=self.filters
        )
        self.order_model = PagedTableModel(
            queries.order_source(), self.read_sessions, self.tasks, filters=self.filters
        )
        self.sort_model = PagedTableModel(
            queries.sort_destination_source(),
            self.read_sessions,
            self.tasks,
            filters=self.filters,
            colour=fill_colour,
        )
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.document_panels: dict[str, TablePanel] = {}
        for model, title, name in (
            (self.asn_model, self.tr("Open ASNs"), "open-asns"),
            (self.order_model, self.tr("Open orders"), "open-orders"),
            (self.sort_model, self.tr("Sort destinations, fullest first"), "sort-destinations"),
        ):
            box = QWidget()
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
            label = QLabel(title)
            label.setStyleSheet("font-weight: bold; font-size: 14pt;")
            layout.addWidget(label)
            self.document_panels[name] = TablePanel(model, name=name)
            layout.addWidget(self.document_panels[name], 1)
            splitter.addWidget(box)
        self.documents_owner_box = QComboBox()
        for text, value in self._owner_choices():
            self.documents_owner_box.addItem(text, value)
        self.documents_owner_box.currentIndexChanged.connect(
            lambda _i: self._documents_owner(self.documents_owner_box.currentData())
        )
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Owner")))
        top.addWidget(self.documents_owner_box)
        top.addStretch(1)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        return tab

    def _documents_owner(self, owner: str) -> None:
        """Only this owner's open ASNs and orders (in their queries, and so in their exports,
        named after the owner); sort destinations belong to the hub, not to an owner."""
        for name, model in (("open-asns", self.asn_model), ("open-orders", self.order_model)):
            self.document_panels[name].name = f"{name}-{owner}" if owner else name
            model.set_filters(owner=owner)

    # -- throughput ------------------------------------------------------------------------

    def _throughput_tab(self) -> QWidget:
        from wms.ui.widgets.chart import ThroughputChart

        tab = QWidget()
        self.chart = ThroughputChart()
        self.by = QComboBox()
        self.by.addItem(self.tr("per station"), "station")
        self.by.addItem(self.tr("per operator"), "operator")
        self.hours = QComboBox()
        for hours in (24, 8, 48, 168):
            self.hours.addItem(self.tr("last {hours} hours").format(hours=hours), hours)
        self.by.currentIndexChanged.connect(lambda _i: self.refresh_throughput())
        self.hours.currentIndexChanged.connect(lambda _i: self.refresh_throughput())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Movements per hour")))
        top.addWidget(self.by)
        top.addWidget(self.hours)
        top.addStretch(1)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh_throughput)
        top.addWidget(refresh)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.chart, 1)
        return tab

    def refresh_throughput(self) -> None:
        sessions, warehouse = self.read_sessions, self.warehouse
        by, hours = ThroughputBy(self.by.currentData()), int(self.hours.currentData())
        now = self.clock()

        def load() -> queries.Throughput:
            with sessions() as session:
                return queries.throughput(session, warehouse, now=now, by=by, hours=hours)

        def show(data: queries.Throughput) -> None:
            total = sum(sum(v) for v in data.series.values())
            self.chart.set_data(
                data,
                self.tr("{total} movements in the last {hours} hours").format(
                    total=f"{total:,}", hours=hours
                ),
            )

        self.tasks.run(load, show, self._failed)

    # -- adjustments -----------------------------------------------------------------------

    def _adjustments_tab(self) -> QWidget:
        tab = QWidget()
        self.adjustments_model = ListTableModel(ADJUSTMENT_COLUMNS, self)
        self.adjustments = TablePanel(self.adjustments_model, search=False, name="adjustments")
        self.adjustment_message = QLabel()
        self.adjustment_message.setObjectName("Hint")
        self.adjustment_message.setWordWrap(True)
        approve = QPushButton(self.tr("Approve ({key})").format(key=APPROVE_KEY))
        reject = QPushButton(self.tr("Reject ({key})").format(key=REJECT_KEY))
        refresh = QPushButton(self.tr("Refresh"))
        approve.clicked.connect(lambda: self.decide(True))
        reject.clicked.connect(lambda: self.decide(False))
        refresh.clicked.connect(self.refresh_adjustments)
        QShortcut(QKeySequence(APPROVE_KEY), tab).activated.connect(lambda: self.decide(True))
        QShortcut(QKeySequence(REJECT_KEY), tab).activated.connect(lambda: self.decide(False))
        confirm_keys = _ConfirmKeys(self)
        for widget in (self.adjustments.view, approve, reject, refresh):
            widget.installEventFilter(confirm_keys)
        self.adjustments.view.selectionModel().selectionChanged.connect(
            lambda *_: self.cancel_pending()
        )
        self.adjustments_model.modelReset.connect(self.cancel_pending)
        buttons = QHBoxLayout()
        buttons.addWidget(approve)
        buttons.addWidget(reject)
        buttons.addStretch(1)
        buttons.addWidget(refresh)
        layout = QVBoxLayout(tab)
        layout.addWidget(QLabel(self.tr("Count differences waiting for a supervisor's decision")))
        layout.addWidget(self.adjustments, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.adjustment_message)
        return tab

    def refresh_adjustments(self) -> None:
        sessions, warehouse = self.write_sessions, self.warehouse

        def load() -> list[tuple[Any, ...]]:
            return [_adjustment_row(line) for line in queries.adjustment_lines(sessions, warehouse)]

        def show(rows: list[tuple[Any, ...]]) -> None:
            self.adjustments_model.set_rows(rows)
            self.adjustments.status.setText(self.tr("{count} waiting").format(count=len(rows)))
            self.adjustments._fit()

        self.tasks.run(load, show, self._failed)

    def decide(self, approve: bool) -> None:
        """F2 / F3 (or the button): the first press says what would be posted and waits; the
        same press again decides the selected adjustment."""
        selected = self.adjustments.view.selectionModel().selectedRows()
        if not selected:
            self.adjustment_message.setText(self.tr("Select an adjustment first (arrow keys)."))
            return
        row = self.adjustments_model.rows[selected[0].row()]
        adjustment_id = int(row[0])
        if self.pending == PendingDecision(adjustment_id, approve):
            self.confirm_pending()
            return
        self.pending = PendingDecision(adjustment_id, approve)
        self.adjustment_message.setStyleSheet(_message_style("#8a4b00"))
        self.adjustment_message.setText(self._confirmation_text(row, approve))

    def _confirmation_text(self, row: tuple[Any, ...], approve: bool) -> str:
        adjustment_id, location, sku, lot, expected, counted, quantity = row[:7]
        what = self.tr("{quantity} × {sku} at {location}").format(
            quantity=f"{int(quantity):+d}", sku=sku, location=location
        )
        if lot:
            what = self.tr("{what}, lot {lot}").format(what=what, lot=lot)
        if approve:
            text = self.tr(
                "Approve adjustment {id}: post {what} (book {book}, counted {counted}). "
                "Press {key} again or Enter to post it; any other key cancels."
            )
        else:
            text = self.tr(
                "Reject adjustment {id} ({what}, book {book}, counted {counted}): nothing will "
                "be posted. Press {key} again or Enter to reject it; any other key cancels."
            )
        return text.format(
            id=adjustment_id,
            what=what,
            book=expected,
            counted=counted,
            key=APPROVE_KEY if approve else REJECT_KEY,
        )

    def cancel_pending(self, message: str = "") -> None:
        """Forget a decision waiting for its confirmation (nothing is posted)."""
        if self.pending is None:
            return
        self.pending = None
        self.adjustment_message.setStyleSheet("")
        self.adjustment_message.setText(message or self.tr("Cancelled: nothing was posted."))

    def confirm_pending(self) -> None:
        """The confirming key: decide the adjustment the first press named."""
        pending, self.pending = self.pending, None
        if pending is None:
            return
        self._post_decision(pending.adjustment_id, pending.approve)

    def _post_decision(self, adjustment_id: int, approve: bool) -> None:
        decide = approve_adjustment if approve else reject_adjustment
        sessions, operator, clock = self.write_sessions, self.operator, self.clock
        warehouse, station = self.warehouse, self.station

        def run() -> AdjustmentDecided:
            return decide(
                sessions, adjustment_id, operator, warehouse=warehouse, station=station, clock=clock
            )

        def done(decided: AdjustmentDecided) -> None:
            text = (
                self.tr("Adjustment {id} approved and posted to the ledger.")
                if decided.decision is Decision.APPROVED
                else self.tr("Adjustment {id} rejected.")
            )
            self.adjustment_message.setStyleSheet(_message_style("#1b7f3b"))
            self.adjustment_message.setText(text.format(id=decided.adjustment_id))
            self.changes.publish(decided.changes)

        def failed(error: BaseException) -> None:
            self.adjustment_message.setStyleSheet(_message_style("#8b0000"))
            self.adjustment_message.setText(_sentence(error))
            self.refresh_adjustments()

        self.tasks.run(run, done, failed)

    # -- ledger ----------------------------------------------------------------------------

    def _ledger_tab(self) -> QWidget:
        tab = QWidget()
        self.ledger_model = PagedTableModel(
            queries.movements_source(), self.read_sessions, self.tasks, filters=self.filters
        )
        self.ledger = TablePanel(self.ledger_model, search=False, name="ledger")
        self.ledger_of = QComboBox()
        self.ledger_of.addItem(self.tr("Product (SKU)"), "sku")
        self.ledger_of.addItem(self.tr("Location"), "location")
        self.ledger_key = QLineEdit()
        self.ledger_key.setPlaceholderText(
            self.tr("scan or type, then Enter; empty: every movement")
        )
        self.ledger_key.setMinimumWidth(360)
        self.ledger_key.returnPressed.connect(lambda: self.apply_ledger())
        self.ledger_searching = QLabel()
        self.ledger.toolbar.insertWidget(0, QLabel(self.tr("Ledger of")))
        self.ledger.toolbar.insertWidget(1, self.ledger_of)
        self.ledger.toolbar.insertWidget(2, self.ledger_key)
        self.ledger.toolbar.insertWidget(3, self.ledger_searching)
        self.ledger_owner_box = self.ledger.add_filter(
            self.tr("Owner"), self._owner_choices(), self._ledger_owner
        )
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.ledger, 1)
        return tab

    def _ledger_owner(self, owner: str) -> None:
        """Only the movements of this owner's stock (in the query, and so in the export)."""
        self.ledger.name = f"ledger-{owner}" if owner else "ledger"
        self.ledger_model.set_filters(owner=owner)

    def scan_filters(self, text: str) -> tuple[dict[str, Any], str]:
        """A search box's text (or a scan) as filters: what the core's scan search names."""
        found = scan_search(text)
        if not found.changes_filters:
            return {}, self.tr("Not a search: {what}").format(what=found.shown)
        if found.kind in (SearchKind.TEXT, SearchKind.EVERYTHING):
            return found.filters(), ""
        return found.filters(), self.tr("Searching: {what}").format(what=found.shown)

    def apply_ledger(self, scan: str | None = None) -> None:
        """The ledger of what the key field (or ``scan``) names: a scan names its own subject
        (location, product by GTIN, lot, unit, document); plain text is a SKU or a location
        code, as the "Ledger of" choice says."""
        text = scan if scan is not None else self.ledger_key.text()
        found = scan_search(text)
        if not found.changes_filters:
            self.ledger_searching.setText(self.tr("Not a search: {what}").format(what=found.shown))
            return
        changes = found.filters()
        if found.kind in (SearchKind.TEXT, SearchKind.EVERYTHING):
            value = text.strip().upper()
            changes["search"] = ""
            changes["sku" if self.ledger_of.currentData() == "sku" else "location"] = value
            self.ledger_searching.setText("")
        else:
            self.ledger_searching.setText(self.tr("Searching: {what}").format(what=found.shown))
        self.ledger_model.set_filters(**changes)

    def open_location_ledger(self, code: str) -> None:
        self.ledger_of.setCurrentIndex(1)
        self.ledger_key.setText(code)
        self.loaded.add(self._key(self.ledger_tab))
        self.apply_ledger()
        self.show_tab(self.ledger_tab)

    def on_scan(self, text: str) -> None:
        """A scan on the stock screens searches the current table; it never decides an
        adjustment (it cancels one waiting for its confirming key)."""
        self.cancel_pending(self.tr("A scan cancelled the decision: nothing was posted."))
        current = self.tabs.currentWidget()
        if current is self.ledger_tab:
            self.ledger_key.setText(text.replace("\x1d", " ").strip())
            self.apply_ledger(text)
        elif isinstance(current, TablePanel) and current.search is not None:
            current.search_scan(text)

    def _failed(self, error: BaseException) -> None:
        log.error("supervisor screen query failed", exc_info=error)


def _message_style(colour: str) -> str:
    """The adjustments tab's message: large and bold, in the colour of what it says."""
    return f"color: {colour}; font-weight: bold; font-size: 16pt;"


def _adjustment_row(line: AdjustmentLine) -> tuple[Any, ...]:
    """The columns of :data:`ADJUSTMENT_COLUMNS`; the time in the station's time zone."""
    return (
        line.id, line.location, line.sku, line.lot, line.expected, line.counted, line.quantity,
        line.reason, line.requested_by, line.requested_at.astimezone(),
    )  # fmt: skip


def _sentence(error: BaseException) -> str:
    if isinstance(error, WmsError):
        text = shown(error.message)
        return text[:1].upper() + text[1:]
    log.error("supervisor action failed", exc_info=error)
    return QCoreApplication.translate(
        "SupervisorScreen", "That did not work; nothing was changed. See the station log."
    )
