"""hub parcel indexes that end with the tracking number (issue 16, items 3b and 4)

Revision ID: 0014_hub_parcel_order
Revises: 0013_partial_indexes
Create Date: 2026-12-07 15:10:00

Opening an inbound bag (its parcels by tracking number), closing a last-mile bag (the open
bag's parcels by tracking number), the handover of a bag and a MAWB's customs data each read
a few parcels, ordered by tracking number. Their indexes ended before it, so, without planner
statistics for ``hub_parcels`` (a station whose ledger stays small while its pre-alerts grow;
the statistics followed only the ledger until this revision), SQLite read the warehouse's
parcels in primary-key order instead, to spare a sort of 60: every bag opened or closed at 1,000,000 pre-alerted parcels
took ~200 ms (``benchmarks/bench_hub.py``). Each of these indexes now ends with ``tracking``,
so it gives the order too and the plan needs no statistics.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014_hub_parcel_order"
down_revision: str | None = "0013_partial_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (index, its columns before tracking)
ORDERED = (
    ("ix_hub_parcels_bag", ("warehouse", "bag")),
    ("ix_hub_parcels_mawb", ("warehouse", "mawb")),
    ("ix_hub_parcels_location", ("warehouse", "location", "state", "last_mile_bag")),
    ("ix_hub_parcels_last_mile_bag", ("warehouse", "last_mile_bag")),
)


def upgrade() -> None:
    for name, columns in ORDERED:
        op.drop_index(name, table_name="hub_parcels")
        op.create_index(name, "hub_parcels", [*columns, "tracking"])


def downgrade() -> None:
    for name, columns in ORDERED:
        op.drop_index(name, table_name="hub_parcels")
        op.create_index(name, "hub_parcels", list(columns))
