"""screen and proposal indexes: every supervisor page and every proposal through an index in key
order (issue 16, items 3b and 4)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 06:45:00

* ``ix_movements_sku`` gains ``id``: a product's ledger is read newest first from the index
  instead of sorting every movement of the product before the first page;
* ``ix_movements_lot``, ``ix_movements_from_unit`` / ``ix_movements_to_unit`` (with ``id``): the
  ledger of a lot or of a handling unit (a scan in the ledger screen), one side at a time;
* ``ix_movements_created``: throughput counts the last hours only;
* ``ix_stock_sku`` becomes (warehouse, sku, lot, location): where a product and lot is on hand
  (putaway's consolidation) without reading every stock row of the product;
* ``ix_stock_location`` (warehouse, location, id): the stock screen's keyset order.

Then ``ANALYZE``: without statistics SQLite picks the product index for a busy location's
ledger and sorts all its movements (1.2 s at 1M); the station refreshes them as the ledger grows
(``wms.core.persistence.checkpoint``).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_movements_sku", table_name="movements")
    op.create_index("ix_movements_sku", "movements", ["warehouse", "sku", "id"])
    op.create_index("ix_movements_lot", "movements", ["warehouse", "lot", "id"])
    op.create_index("ix_movements_from_unit", "movements", ["from_handling_unit", "id"])
    op.create_index("ix_movements_to_unit", "movements", ["to_handling_unit", "id"])
    op.create_index("ix_movements_created", "movements", ["created_at"])
    op.drop_index("ix_stock_sku", table_name="stock")
    op.create_index("ix_stock_sku", "stock", ["warehouse", "sku", "lot", "location"])
    op.create_index("ix_stock_location", "stock", ["warehouse", "location", "id"])
    op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index("ix_stock_location", table_name="stock")
    op.drop_index("ix_stock_sku", table_name="stock")
    op.create_index("ix_stock_sku", "stock", ["sku"])
    op.drop_index("ix_movements_created", table_name="movements")
    op.drop_index("ix_movements_to_unit", table_name="movements")
    op.drop_index("ix_movements_from_unit", table_name="movements")
    op.drop_index("ix_movements_lot", table_name="movements")
    op.drop_index("ix_movements_sku", table_name="movements")
    op.create_index("ix_movements_sku", "movements", ["warehouse", "sku"])
