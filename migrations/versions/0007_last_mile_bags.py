"""last-mile bags: the SSCC of the bag a hub parcel was closed in at its destination (issue 14,
item 7)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:40:00

* ``hub_parcels.last_mile_bag`` ("" while the destination's bag is open);
* ``ix_hub_parcels_location`` (warehouse, location, state, last_mile_bag): the open bag at a
  destination (counted against its capacity after each sort, listed when it closes) and what
  waits there for the carrier;
* ``ix_hub_parcels_last_mile_bag``: a bag's parcels at the handover scan;
* ``ix_hub_parcel_events_at`` (warehouse, at): the supervisor's parcels per hour reads the last
  hours' events only.

The merger re-chains this revision after 0006 when both exist.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hub_parcels", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_mile_bag", sa.String(length=40), server_default="", nullable=False)
        )
        batch_op.create_index(
            "ix_hub_parcels_location",
            ["warehouse", "location", "state", "last_mile_bag"],
            unique=False,
        )
        batch_op.create_index(
            "ix_hub_parcels_last_mile_bag", ["warehouse", "last_mile_bag"], unique=False
        )
    with op.batch_alter_table("hub_parcel_events", schema=None) as batch_op:
        batch_op.create_index("ix_hub_parcel_events_at", ["warehouse", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hub_parcel_events", schema=None) as batch_op:
        batch_op.drop_index("ix_hub_parcel_events_at")
    with op.batch_alter_table("hub_parcels", schema=None) as batch_op:
        batch_op.drop_index("ix_hub_parcels_last_mile_bag")
        batch_op.drop_index("ix_hub_parcels_location")
        batch_op.drop_column("last_mile_bag")
