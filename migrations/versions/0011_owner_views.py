"""owner views: the stock screen of one owner (merchant) through an index in its keyset order
(issue 15, item 2)

Revision ID: 0011_owner_views
Revises: 0010_returns
Create Date: 2026-12-02 16:20:00

* ``ix_stock_owner_location`` (warehouse, owner, location, id): the stock screen narrowed to an
  owner pages in its default order (location, then id) from the index, as
  ``ix_stock_location`` does for the whole warehouse; ``ix_stock_owner`` (warehouse, owner,
  sku) of 0009 serves the owner's stock by product, ``ix_movements_owner`` (warehouse, owner,
  id) the owner's ledger and its activity report.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_owner_views"
down_revision: str | None = "0010_returns"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_stock_owner_location", "stock", ["warehouse", "owner", "location", "id"]
    )
    op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index("ix_stock_owner_location", table_name="stock")
