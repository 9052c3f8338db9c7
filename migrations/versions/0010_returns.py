"""customer returns: returns and return_lines, the parcels' carrier tracking number (issue 15,
item 4)

Revision ID: 0010_returns
Revises: 0009_owners
Create Date: 2026-12-02 16:30:00

- ``returns``: one row per parcel (or order) brought back to a returns bench: its number, the
  warehouse, the order and parcel (empty for an unknown return), what was scanned to open it,
  the owner of its goods, ``open`` / ``closed``, who and where, when opened, closed and
  acknowledged by central (``pushed_at``).
- ``return_lines``: one row per graded item line (SKU, lot, quantity, grade, reason code,
  unit value and currency of the order line, the location it went to and its movement ids).
- ``returns_feed``: per station, how far the warehouse's returns feed at central has been
  applied here (the other stations' closed returns come back with each sync).
- ``parcels.tracking``: the carrier's tracking number of a packed parcel ("" until known), so a
  returns bench finds a parcel by it (``ix_parcels_tracking``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_returns"
down_revision: str | None = "0009_owners"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "returns",
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("warehouse", sa.String(length=40), nullable=False),
        sa.Column("order", sa.String(length=40), nullable=False),
        sa.Column("parcel", sa.String(length=40), nullable=False),
        sa.Column("scanned", sa.String(length=40), nullable=False),
        sa.Column("owner", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("operator", sa.String(length=40), nullable=False),
        sa.Column("station", sa.String(length=40), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("number"),
    )
    with op.batch_alter_table("returns", schema=None) as batch_op:
        batch_op.create_index("ix_returns_order", ["warehouse", "order"], unique=False)
        batch_op.create_index("ix_returns_owner", ["warehouse", "owner", "opened_at"], unique=False)
        batch_op.create_index("ix_returns_status", ["warehouse", "status"], unique=False)
    op.create_table(
        "return_lines",
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("lot", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("unit_value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("location", sa.String(length=40), nullable=False),
        sa.Column("movement_id", sa.String(length=36), nullable=False),
        sa.Column("writeoff_movement_id", sa.String(length=36), nullable=False),
        sa.Column("operator", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["number"], ["returns.number"]),
        sa.PrimaryKeyConstraint("number", "line"),
    )
    op.create_table(
        "returns_feed",
        sa.Column("station", sa.String(length=40), nullable=False),
        sa.Column("warehouse", sa.String(length=40), nullable=False),
        sa.Column("feed_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("station"),
    )
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tracking", sa.String(length=40), server_default="", nullable=False)
        )
        batch_op.create_index("ix_parcels_tracking", ["tracking"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.drop_index("ix_parcels_tracking")
        batch_op.drop_column("tracking")
    op.drop_table("returns_feed")
    op.drop_table("return_lines")
    with op.batch_alter_table("returns", schema=None) as batch_op:
        batch_op.drop_index("ix_returns_status")
        batch_op.drop_index("ix_returns_owner")
        batch_op.drop_index("ix_returns_order")
    op.drop_table("returns")
