"""indexes that leave out the empty lot and handling unit (issue 16, item 1)

Revision ID: 0013_partial_indexes
Revises: 0012_stock_groups
Create Date: 2026-12-07 15:00:00

Most movements and stock rows carry no lot and no handling unit (the empty string), yet every
index on those columns held an entry for each of them: a scan's commit wrote a page of each
such index for a value no query looks up (``benchmarks/bench_scans.py`` prints a commit's pages
by b-tree). Six indexes become partial, holding only the rows with a lot or a unit:

* ``movements``: ``ix_movements_lot``, ``ix_movements_from_unit``, ``ix_movements_to_unit``;
* ``stock``: ``ix_stock_handling_unit`` and the searches' ``ix_stock_lot_upper`` and
  ``ix_stock_unit_upper`` (upper(lot), upper(handling_unit); expression indexes).

Same columns, same names. A query uses them when it says the value is not empty
(``wms.core.persistence.tables.non_empty``): SQLite takes a partial index only for a query
whose WHERE names the index's condition. A scan of an untracked product writes 6 pages fewer
(29 to 23 at an empty ledger; 34 to 26 at 10k movements).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013_partial_indexes"
down_revision: str | None = "0012_stock_groups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, table, columns or expressions, the column that must not be empty)
PARTIAL = (
    ("ix_movements_lot", "movements", ("warehouse", "lot", "id"), "lot"),
    ("ix_movements_from_unit", "movements", ("from_handling_unit", "id"), "from_handling_unit"),
    ("ix_movements_to_unit", "movements", ("to_handling_unit", "id"), "to_handling_unit"),
    ("ix_stock_handling_unit", "stock", ("handling_unit",), "handling_unit"),
    ("ix_stock_lot_upper", "stock", ("upper(lot)",), "lot"),
    ("ix_stock_unit_upper", "stock", ("upper(handling_unit)",), "handling_unit"),
)


def _create(name: str, table: str, keys: tuple[str, ...], where: str | None) -> None:
    condition = f" WHERE {where} <> ''" if where else ""
    op.execute(f"CREATE INDEX {name} ON {table} ({', '.join(keys)}){condition}")


def upgrade() -> None:
    for name, table, keys, column in PARTIAL:
        op.drop_index(name, table_name=table)
        _create(name, table, keys, column)
    op.execute("ANALYZE")


def downgrade() -> None:
    for name, table, keys, _column in PARTIAL:
        op.drop_index(name, table_name=table)
        _create(name, table, keys, None)
    op.execute("ANALYZE")
