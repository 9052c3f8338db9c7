"""Read models of the station: what the supervisor screens, the packing bench and the CLI show.

Every module here only reads (plain SQLAlchemy on the read-only engine, no Qt, usable from a
worker thread) and decides nothing about the warehouse; writes go through the repositories and
``ledger.post`` inside the workflows and the core operations.

* :mod:`~.paging`: :class:`Source` (a pageable, sortable, filterable table), :class:`Filters`
* :mod:`~.stock`: stock on hand by line / product / location / lot / unit, expiring lots and
  the expiry warning rule
* :mod:`~.ledger`: the movement ledger
* :mod:`~.documents`: open ASNs and orders, sort destinations
* :mod:`~.occupancy`, :mod:`~.throughput`: the occupancy map and movements per hour
* :mod:`~.cartons`: the cartons of the packing bench
* :mod:`~.scan_search`: scan to find — what a scan (location, GTIN, GS1 element string, SSCC,
  order, ASN) asks the stock and ledger searches for
* :mod:`~.owners`: the owners (merchants) the stock screens can be narrowed to
* :mod:`~.adjustments`: adjustments waiting for (or given) a supervisor's decision, open
  count tasks
"""

from wms.core.services.queries.adjustments import (
    AdjustmentLine,
    CountTaskLine,
    adjustment_lines,
    open_count_lines,
)
from wms.core.services.queries.cartons import BenchCarton, bench_cartons
from wms.core.services.queries.documents import (
    FillWarning,
    asn_source,
    fill_warning,
    order_source,
    sort_destination_source,
)
from wms.core.services.queries.ledger import movements_source
from wms.core.services.queries.occupancy import Cell, occupancy
from wms.core.services.queries.owners import OwnerChoice, owner_choices
from wms.core.services.queries.paging import (
    Column,
    ColumnKind,
    Filters,
    Page,
    Source,
    search_clause,
)
from wms.core.services.queries.scan_search import ScanSearch, SearchKind, scan_search
from wms.core.services.queries.stock import (
    EXPIRY_WARNING_DAYS,
    STOCK_VIEWS,
    ExpiryWarning,
    StockView,
    expiring_source,
    expiry_warning,
    stock_source,
)
from wms.core.services.queries.throughput import Throughput, ThroughputBy, throughput

__all__ = [
    "EXPIRY_WARNING_DAYS",
    "STOCK_VIEWS",
    "AdjustmentLine",
    "BenchCarton",
    "Cell",
    "Column",
    "ColumnKind",
    "CountTaskLine",
    "ExpiryWarning",
    "FillWarning",
    "Filters",
    "OwnerChoice",
    "Page",
    "ScanSearch",
    "SearchKind",
    "Source",
    "StockView",
    "Throughput",
    "ThroughputBy",
    "adjustment_lines",
    "asn_source",
    "bench_cartons",
    "expiring_source",
    "expiry_warning",
    "fill_warning",
    "movements_source",
    "occupancy",
    "open_count_lines",
    "order_source",
    "owner_choices",
    "scan_search",
    "search_clause",
    "sort_destination_source",
    "stock_source",
    "throughput",
]
