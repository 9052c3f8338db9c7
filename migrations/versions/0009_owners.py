"""stock owners: the merchants the hub stores and ships for (issue 15, item 1)

Revision ID: 0009_owners
Revises: 0008
Create Date: 2026-12-02 16:15:00

* ``owners``: a merchant's master data (code, name, country, tax id, contact). The row ``HUB``
  ("Hub own stock") is the hub's own supplies, owner-neutral; everything that existed before
  this migration belongs to it.
* ``products.owner``: the product's owner. It refers to ``owners.code`` by value, checked by
  the imports and the owner services: SQLite cannot add a REFERENCES column with a non-null
  default while foreign keys are enforced, and rebuilding ``products`` would cascade-delete
  its GTINs.
* ``movements.owner`` and ``stock.owner``: set by the ledger when it posts, from the product's
  owner (a movement is immutable, it keeps the owner the product had). Indexed per warehouse
  and owner for the per-owner views.
* ``asns.owner`` and ``orders.owner``: an ASN and an order belong to one owner.

Every new column is ``NOT NULL DEFAULT 'HUB'``, so code writing rows without an owner keeps
working and an existing database upgrades in place (SQLite adds such columns without copying
the table).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_owners"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OWNED = ("products", "movements", "stock", "asns", "orders")


def upgrade() -> None:
    op.create_table(
        "owners",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("tax_id", sa.String(length=40), nullable=False, server_default=""),
        sa.Column("contact_name", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("contact_email", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("contact_phone", sa.String(length=40), nullable=False, server_default=""),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.PrimaryKeyConstraint("code"),
    )
    op.execute(
        "INSERT INTO owners (code, name, country, tax_id, contact_name, contact_email, "
        "contact_phone, active) VALUES ('HUB', 'Hub own stock', '', '', '', '', '', TRUE)"
    )
    for table in _OWNED:
        # plain ALTER TABLE ADD COLUMN on both SQLite and PostgreSQL (no batch copy)
        op.get_bind().execute(
            sa.text(f"ALTER TABLE {table} ADD COLUMN owner VARCHAR(40) NOT NULL DEFAULT 'HUB'")
        )
    op.create_index("ix_movements_owner", "movements", ["warehouse", "owner", "id"])
    op.create_index("ix_stock_owner", "stock", ["warehouse", "owner", "sku"])
    op.create_index("ix_products_owner", "products", ["owner", "sku"])


def downgrade() -> None:
    op.drop_index("ix_products_owner", table_name="products")
    op.drop_index("ix_stock_owner", table_name="stock")
    op.drop_index("ix_movements_owner", table_name="movements")
    for table in reversed(_OWNED):
        op.get_bind().execute(sa.text(f"ALTER TABLE {table} DROP COLUMN owner"))
    op.drop_table("owners")
