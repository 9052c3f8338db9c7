"""pack_checks and parcels.weight_source: packing without a scale, checks that survive a restart

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 07:00:00

``pack_checks`` holds the units of an order verified by scan at a packing bench until its parcel
is closed, so a restart of the station app resumes the checks. ``parcels.weight_source`` says
whether the parcel's weight came from the scale or was keyed at a bench without one; existing
parcels were all weighed on a scale.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pack_checks",
        sa.Column("warehouse", sa.String(length=40), nullable=False),
        sa.Column("order", sa.String(length=40), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("lot", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("station", sa.String(length=40), nullable=False),
        sa.Column("checked_by", sa.String(length=40), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("warehouse", "order", "sku", "lot", name=op.f("pk_pack_checks")),
    )
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "weight_source", sa.String(length=10), server_default="scale", nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.drop_column("weight_source")
    op.drop_table("pack_checks")
