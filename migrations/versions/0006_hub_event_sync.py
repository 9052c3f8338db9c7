"""parcel events sync through central (issue 14, item 9)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:50:00

* ``hub_parcel_events.station_seq``: each station numbers its parcel events 1, 2, 3 ... without
  a gap (what central acknowledges); existing events are numbered per station in the order they
  were made (``at``, then id);
* ``hub_event_sync``: per station identity its last event number, central's acknowledgement and
  how far the warehouse's parcel feed has been applied here;
* ``hub_event_feed``: the feed number central gave each event (the order every station replays
  a parcel's events in);
* ``hub_events_waiting``: pulled events of parcels this station has no pre-alert for yet.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hub_parcel_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("station_seq", sa.Integer(), server_default="0", nullable=False)
        )
    op.execute(
        "UPDATE hub_parcel_events SET station_seq = (SELECT count(*) FROM hub_parcel_events e "
        "WHERE e.station = hub_parcel_events.station AND (e.at < hub_parcel_events.at OR "
        "(e.at = hub_parcel_events.at AND e.id <= hub_parcel_events.id)))"
    )
    with op.batch_alter_table("hub_parcel_events", schema=None) as batch_op:
        batch_op.create_index(
            "uq_hub_parcel_events_station_seq", ["station", "station_seq"], unique=True
        )
    op.create_table(
        "hub_event_sync",
        sa.Column("station", sa.String(length=40), nullable=False),
        sa.Column("warehouse", sa.String(length=40), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("acked_seq", sa.Integer(), nullable=False),
        sa.Column("feed_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("station", name=op.f("pk_hub_event_sync")),
    )
    op.execute(
        "INSERT INTO hub_event_sync (station, warehouse, last_seq, acked_seq, feed_seq) "
        "SELECT station, min(warehouse), max(station_seq), 0, 0 FROM hub_parcel_events "
        "GROUP BY station"
    )
    op.create_table(
        "hub_event_feed",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("warehouse", sa.String(length=40), nullable=False),
        sa.Column("feed_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_hub_event_feed")),
    )
    with op.batch_alter_table("hub_event_feed", schema=None) as batch_op:
        batch_op.create_index("uq_hub_event_feed_seq", ["warehouse", "feed_seq"], unique=True)
    op.create_table(
        "hub_events_waiting",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("warehouse", sa.String(length=40), nullable=False),
        sa.Column("tracking", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_hub_events_waiting")),
    )
    with op.batch_alter_table("hub_events_waiting", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hub_events_waiting_parcel", ["warehouse", "tracking"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("hub_events_waiting", schema=None) as batch_op:
        batch_op.drop_index("ix_hub_events_waiting_parcel")
    op.drop_table("hub_events_waiting")
    with op.batch_alter_table("hub_event_feed", schema=None) as batch_op:
        batch_op.drop_index("uq_hub_event_feed_seq")
    op.drop_table("hub_event_feed")
    op.drop_table("hub_event_sync")
    with op.batch_alter_table("hub_parcel_events", schema=None) as batch_op:
        batch_op.drop_index("uq_hub_parcel_events_station_seq")
        batch_op.drop_column("station_seq")
