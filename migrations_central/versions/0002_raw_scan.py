"""movements carry the raw scan (sync protocol 2; protocol 1 stations keep pushing)

Revision ID: c0002
Revises: c0001
Create Date: 2026-11-25 12:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c0002"
down_revision: str | None = "c0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE movements ADD COLUMN raw_scan text NOT NULL DEFAULT ''")
    op.execute("UPDATE central_info SET protocol_version = 2, min_protocol_version = 1")


def downgrade() -> None:
    op.execute("ALTER TABLE movements DROP COLUMN raw_scan")
    op.execute("UPDATE central_info SET protocol_version = 1, min_protocol_version = 1")
