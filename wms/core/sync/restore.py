"""A station database restored from an older backup heals itself at its next sync.

After a restore the station's counter (``stations.last_seq``) is back where it was at the
backup, while central holds the movements the station made after it. New work would reuse
those ``station_seq`` numbers under other movement ids; central refuses them, and the movements
central holds could never come back (the station's own rows are unique by station_seq).

Before each push the station compares its acknowledgement with the highest ``station_seq``
central holds of it and checks that it still holds its own acknowledged movements. When central
is ahead, or some of them are missing here (a restore after the acknowledgement had run ahead),
or a push had some of this station's movements refused, it fetches the ids central holds from
that point on; every own movement here whose id central does not hold is *unsent* and is
renumbered after central's top, in its local order, ids unchanged. The pull that follows brings
back the movements the backup lost (the restored feed position is older too), and the push
sends the renumbered ones. Nothing is lost and nothing is doubled; the station's counter
continues after them.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from wms.core.persistence.sync_tables import SyncAckRow
from wms.core.persistence.tables import MovementRow, StationRow
from wms.core.sync.central_api import sync_status

CENTRAL_IDS_AFTER = (
    "SELECT id::text FROM movements WHERE warehouse_id = %s AND station_id = %s "
    "AND station_seq > %s"
)


@dataclass(frozen=True)
class Healing:
    """What a restored database did to catch up with central."""

    central_top: int  # the highest station_seq of this station at central
    renumbered: int  # unsent movements moved after central's top
    missing: int  # movements central holds that this database lost (they come with the pull)

    def line(self) -> str:
        return (
            f"this database was behind central for its own movements (restored from a "
            f"backup?): {self.renumbered} unsent movements renumbered after central's "
            f"station_seq {self.central_top}, {self.missing} lost ones pulled back"
        )


def central_top(conn: psycopg.Connection, warehouse: str, station: str) -> int:
    """The highest station_seq of ``station`` central holds."""
    return sync_status(conn, warehouse, station).station_top


def heal(
    conn: psycopg.Connection,
    sessions: sessionmaker[Session],
    warehouse: str,
    station: str,
    *,
    refused_from: int | None = None,
) -> Healing | None:
    """Renumber this station's unsent movements after central's top if central holds
    movements of it beyond what this database knows was acknowledged (or ``refused_from``:
    the lowest own station_seq central refused). None when there was nothing to heal."""
    with sessions() as session:
        ack = session.get(SyncAckRow, station)
        acked = ack.acked_seq if ack is not None else 0
        consistent = _holds_acknowledged(session, warehouse, station, acked)
    top = central_top(conn, warehouse, station)
    after = acked if consistent else 0
    if refused_from is not None:
        after = min(after, refused_from - 1)
    if top <= after:
        return None
    with conn.transaction():
        at_central = {
            str(mid) for (mid,) in conn.execute(CENTRAL_IDS_AFTER, (warehouse, station, after))
        }
    with sessions() as session, session.begin():
        local = session.execute(
            select(MovementRow.id, MovementRow.station_seq)
            .where(
                MovementRow.station == station,
                MovementRow.warehouse == warehouse,
                MovementRow.station_seq > after,
            )
            .order_by(MovementRow.station_seq)
        ).all()
        unsent = [mid for mid, _seq in local if mid not in at_central]
        held = len(local) - len(unsent)
        _renumber(session, unsent, top)
        row = session.get(StationRow, station)
        new_top = top + len(unsent)
        if row is not None and row.last_seq < new_top:
            row.last_seq = new_top
    missing = len(at_central) - held
    if not unsent and not missing:
        return None  # only the acknowledgement was behind (a push cut after central's commit)
    return Healing(top, len(unsent), missing)


def _holds_acknowledged(session: Session, warehouse: str, station: str, acked: int) -> bool:
    """Does this database hold as many of its own movements up to ``acked`` as central
    acknowledged (the usual case: one count)? If not, the acknowledgement ran ahead of what is
    here (an older sync recorded it for movements central refused, or a restore lost them) and
    every own movement is compared with central's by id."""
    count = session.scalar(
        select(func.count())
        .select_from(MovementRow)
        .where(
            MovementRow.station == station,
            MovementRow.warehouse == warehouse,
            MovementRow.station_seq <= acked,
        )
    )
    return count == acked


def _renumber(session: Session, ids: list[str], top: int) -> None:
    """Give ``ids`` (in order) station_seq ``top + 1, top + 2, ...``; through negative numbers
    first, so no step meets the (station, station_seq) unique constraint."""
    for number, mid in enumerate(ids, start=1):
        session.execute(
            update(MovementRow).where(MovementRow.id == mid).values(station_seq=-number)
        )
    for number, mid in enumerate(ids, start=1):
        session.execute(
            update(MovementRow).where(MovementRow.id == mid).values(station_seq=top + number)
        )
