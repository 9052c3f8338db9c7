"""sscc_blocks: the SSCC range reserved to this station at central (item 5 of issue 12)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 22:30:00

Existing databases get the table empty: they keep issuing from their own counter
(``warehouses.last_sscc_serial``, block 0) until their next sync reserves a station number.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sscc_blocks",
        sa.Column("warehouse", sa.String(length=40), nullable=False),
        sa.Column("station", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("last_counter", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["warehouse"], ["warehouses.code"], name=op.f("fk_sscc_blocks_warehouse_warehouses")
        ),
        sa.PrimaryKeyConstraint("warehouse", name=op.f("pk_sscc_blocks")),
    )


def downgrade() -> None:
    op.drop_table("sscc_blocks")
