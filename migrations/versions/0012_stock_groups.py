"""stock summed per product, location, status and owner, kept by triggers (issue 16, item 4)

Revision ID: 0012_stock_groups
Revises: 0011_owner_views
Create Date: 2026-12-02 19:25:00

The stock screen's product and location views narrowed by an owner, a status, a location or a
product summed every matching stock row on every page (by product with a status: 357 ms at
100k movements; by location: 399 ms at 100k, seconds at 1M with 1.8M stock rows), as the
totals of 0008 carry none of these. ``stock_groups`` (warehouse, sku, location, status, owner):
units and stock rows, the stock rows summed over their lots and handling units (a row while
one stock row has that key). Kept like the totals of 0008 by triggers on ``stock``, in the
statement that changes a stock row; a quantity change (the scan's hot path) is one more update
of one row through the primary key. Filled from ``stock`` here.

A search on these views matches a row by its SKU or location (the groups) or by its lot or
unit: ``ix_stock_lot_upper`` and ``ix_stock_unit_upper`` (upper(lot), upper(handling_unit))
find the stock rows a word starts the code of, as a range; written when a stock row is
created, not on a quantity change.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_stock_groups"
down_revision: str | None = "0011_owner_views"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY = ("warehouse", "sku", "location", "status", "owner")


def _match(row: str) -> str:
    return " AND ".join(f"{column} = {row}.{column}" for column in _KEY)


# adding and removing a stock row's share, as statements on NEW / OLD (same text in SQLite
# trigger bodies and in the PostgreSQL trigger function)
_ADD = f"""
    INSERT INTO stock_groups ({", ".join(_KEY)}, units, lines)
    VALUES ({", ".join(f"NEW.{column}" for column in _KEY)}, NEW.quantity, 1)
    ON CONFLICT ({", ".join(_KEY)}) DO UPDATE
    SET units = stock_groups.units + excluded.units, lines = stock_groups.lines + 1;
"""
_REMOVE = f"""
    UPDATE stock_groups SET units = units - OLD.quantity, lines = lines - 1 WHERE {_match("OLD")};
    DELETE FROM stock_groups WHERE {_match("OLD")} AND lines = 0;
"""
_QUANTITY = f"""
    UPDATE stock_groups SET units = units + NEW.quantity - OLD.quantity WHERE {_match("NEW")};
"""
_SAME_GROUP = " AND ".join(f"OLD.{column} = NEW.{column}" for column in _KEY)

_SQLITE = [
    f"CREATE TRIGGER stock_groups_insert AFTER INSERT ON stock BEGIN {_ADD} END",
    f"CREATE TRIGGER stock_groups_delete AFTER DELETE ON stock BEGIN {_REMOVE} END",
    f"CREATE TRIGGER stock_groups_quantity AFTER UPDATE OF quantity ON stock "
    f"WHEN {_SAME_GROUP} BEGIN {_QUANTITY} END",
    f"CREATE TRIGGER stock_groups_move AFTER UPDATE OF {', '.join(_KEY)} ON stock "
    f"WHEN NOT ({_SAME_GROUP}) BEGIN {_REMOVE} {_ADD} END",
]
_POSTGRESQL = [
    f"""CREATE FUNCTION stock_groups() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND {_SAME_GROUP} THEN
        {_QUANTITY}
        RETURN NULL;
      END IF;
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_REMOVE}
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN
        {_ADD}
      END IF;
      RETURN NULL;
    END $$""",
    "CREATE TRIGGER stock_groups AFTER INSERT OR UPDATE OR DELETE ON stock "
    "FOR EACH ROW EXECUTE FUNCTION stock_groups()",
]

_FILL = (
    f"INSERT INTO stock_groups ({', '.join(_KEY)}, units, lines) "
    f"SELECT {', '.join(_KEY)}, sum(quantity), count(*) FROM stock GROUP BY {', '.join(_KEY)}"
)


def upgrade() -> None:
    op.create_table(
        "stock_groups",
        sa.Column("warehouse", sa.String(length=40), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("location", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("owner", sa.String(length=40), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*_KEY),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_stock_groups_location", "stock_groups", ["warehouse", "location", "sku"])
    op.execute(_FILL)
    op.execute("CREATE INDEX ix_stock_lot_upper ON stock (upper(lot))")
    op.execute("CREATE INDEX ix_stock_unit_upper ON stock (upper(handling_unit))")
    dialect = op.get_bind().dialect.name
    for statement in _POSTGRESQL if dialect == "postgresql" else _SQLITE:
        op.execute(statement)
    op.execute("ANALYZE")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER stock_groups ON stock")
        op.execute("DROP FUNCTION stock_groups()")
    else:
        for name in ("insert", "delete", "quantity", "move"):
            op.execute(f"DROP TRIGGER stock_groups_{name}")
    op.drop_index("ix_stock_unit_upper", table_name="stock")
    op.drop_index("ix_stock_lot_upper", table_name="stock")
    op.drop_index("ix_stock_groups_location", table_name="stock_groups")
    op.drop_table("stock_groups")
