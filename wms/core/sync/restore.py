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

The station's parcel events (:mod:`wms.core.sync.hub_events`) carry a gapless
``station_seq`` of their own and heal the same way (:func:`heal_events`): central's top is the
highest number it holds of this station's events, the unsent ones are renumbered after it, the
lost ones come back with the parcel feed's pull.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from wms.core.persistence.hub_tables import HubEventSyncRow, HubParcelEventRow
from wms.core.persistence.sync_tables import SyncAckRow
from wms.core.persistence.tables import MovementRow, StationRow
from wms.core.sync.central_api import sync_status

CENTRAL_IDS_AFTER = (
    "SELECT id::text FROM movements WHERE warehouse_id = %s AND station_id = %s "
    "AND station_seq > %s"
)
CENTRAL_EVENT_IDS_AFTER = (
    "SELECT event_id::text FROM parcel_events WHERE warehouse_id = %s AND station_id = %s "
    "AND station_seq > %s"
)
CENTRAL_EVENT_TOP = (
    "SELECT coalesce(max(station_seq), 0) FROM parcel_events "
    "WHERE warehouse_id = %s AND station_id = %s"
)

#: the station's own numbered rows: its movements, or its parcel events
OwnRows = type[MovementRow] | type[HubParcelEventRow]


@dataclass(frozen=True)
class Healing:
    """What a restored database did to catch up with central."""

    central_top: int  # the highest station_seq of this station at central
    renumbered: int  # unsent rows moved after central's top
    missing: int  # rows central holds that this database lost (they come with the pull)
    what: str = "movements"  # or "parcel events"

    def line(self) -> str:
        return (
            f"this database was behind central for its own {self.what} (restored from a "
            f"backup?): {self.renumbered} unsent {self.what} renumbered after central's "
            f"station_seq {self.central_top}, {self.missing} lost ones pulled back"
        )


def central_top(conn: psycopg.Connection, warehouse: str, station: str) -> int:
    """The highest station_seq of ``station`` central holds."""
    return sync_status(conn, warehouse, station).station_top


def central_event_top(conn: psycopg.Connection, warehouse: str, station: str) -> int:
    """The highest station_seq of ``station``'s parcel events central holds."""
    with conn.transaction():
        row = conn.execute(CENTRAL_EVENT_TOP, (warehouse, station)).fetchone()
    return int(row[0]) if row is not None else 0


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
    top = central_top(conn, warehouse, station)
    return _heal(
        conn,
        sessions,
        MovementRow,
        CENTRAL_IDS_AFTER,
        warehouse,
        station,
        acked=acked,
        top=top,
        refused_from=refused_from,
        continue_after=_continue_movements_after,
    )


def _continue_movements_after(session: Session, station: str, new_top: int) -> None:
    row = session.get(StationRow, station)
    if row is not None and row.last_seq < new_top:
        row.last_seq = new_top


def heal_events(
    conn: psycopg.Connection,
    sessions: sessionmaker[Session],
    warehouse: str,
    station: str,
    *,
    refused_from: int | None = None,
) -> Healing | None:
    """:func:`heal` for the station's parcel events (their own numbers and acknowledgement)."""
    with sessions() as session:
        state = session.get(HubEventSyncRow, station)
        acked = state.acked_seq if state is not None else 0
    top = central_event_top(conn, warehouse, station)
    return _heal(
        conn,
        sessions,
        HubParcelEventRow,
        CENTRAL_EVENT_IDS_AFTER,
        warehouse,
        station,
        acked=acked,
        top=top,
        refused_from=refused_from,
        continue_after=_continue_events_after,
        what="parcel events",
    )


def _continue_events_after(session: Session, station: str, new_top: int) -> None:
    state = session.get(HubEventSyncRow, station)
    if state is not None and state.last_seq < new_top:
        state.last_seq = new_top


def _heal(
    conn: psycopg.Connection,
    sessions: sessionmaker[Session],
    rows: OwnRows,
    central_ids_after: str,
    warehouse: str,
    station: str,
    *,
    acked: int,
    top: int,
    refused_from: int | None,
    continue_after: Callable[[Session, str, int], None],
    what: str = "movements",
) -> Healing | None:
    """Renumber the unsent ``rows`` of ``station`` after central's ``top``; in the same
    transaction ``continue_after`` moves the station's counter past them."""
    with sessions() as session:
        consistent = _holds_acknowledged(session, rows, warehouse, station, acked)
    after = acked if consistent else 0
    if refused_from is not None:
        after = min(after, refused_from - 1)
    if top <= after:
        return None
    with conn.transaction():
        at_central = {
            str(mid) for (mid,) in conn.execute(central_ids_after, (warehouse, station, after))
        }
    with sessions() as session, session.begin():
        local = session.execute(
            select(rows.id, rows.station_seq)
            .where(rows.station == station, rows.warehouse == warehouse, rows.station_seq > after)
            .order_by(rows.station_seq)
        ).all()
        unsent = [mid for mid, _seq in local if mid not in at_central]
        held = len(local) - len(unsent)
        _renumber(session, rows, unsent, top)
        continue_after(session, station, top + len(unsent))
    missing = len(at_central) - held
    if not unsent and not missing:
        return None  # only the acknowledgement was behind (a push cut after central's commit)
    return Healing(top, len(unsent), missing, what)


def _holds_acknowledged(
    session: Session, rows: OwnRows, warehouse: str, station: str, acked: int
) -> bool:
    """Does this database hold as many of its own rows up to ``acked`` as central
    acknowledged (the usual case: one count)? If not, the acknowledgement ran ahead of what is
    here (an older sync recorded it for rows central refused, or a restore lost them) and
    every own row is compared with central's by id."""
    count = session.scalar(
        select(func.count())
        .select_from(rows)
        .where(rows.station == station, rows.warehouse == warehouse, rows.station_seq <= acked)
    )
    return count == acked


def _renumber(session: Session, rows: OwnRows, ids: list[str], top: int) -> None:
    """Give ``ids`` (in order) station_seq ``top + 1, top + 2, ...``; through negative numbers
    first, so no step meets the (station, station_seq) unique constraint."""
    table: Any = rows
    for number, mid in enumerate(ids, start=1):
        session.execute(update(table).where(table.id == mid).values(station_seq=-number))
    for number, mid in enumerate(ids, start=1):
        session.execute(update(table).where(table.id == mid).values(station_seq=top + number))
