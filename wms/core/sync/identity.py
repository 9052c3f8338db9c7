"""Who a central URL logs in as, checked against the station before anything is sent.

A station and warehouse role sees only its own warehouse's rows (row-level security), so what
central shows a role tells its place: the warehouse whose ``role_name`` it is (a warehouse
role), the station whose ``role_name`` it is (a station role), or every warehouse (an
administrator). :func:`check` turns a URL meant for another warehouse or another station into
one sentence naming what is wrong, instead of a "not registered" or a raw row-level security
error halfway through a push; :func:`only_warehouse` lets a new, empty station database learn
its warehouse from the URL alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from wms.core.domain.errors import SyncError
from wms.core.sync.central_migrate import connect, redact


@dataclass(frozen=True)
class CentralIdentity:
    """What central shows the URL's role."""

    role: str
    warehouses: tuple[str, ...]  # the warehouses the role can see
    warehouse: str | None  # the warehouse the role belongs to (None: an administrator)
    station: str | None  # the station the role belongs to (None: a warehouse role or admin)

    @property
    def is_station_role(self) -> bool:
        return self.station is not None


def identify(conn: psycopg.Connection) -> CentralIdentity:
    """Ask central (in one short transaction) whose the connection's role is."""
    with conn.transaction():
        role_row = conn.execute("SELECT current_user").fetchone()
        role = str(role_row[0]) if role_row else ""
        visible = tuple(
            str(w)
            for (w,) in conn.execute(
                "SELECT warehouse_id FROM warehouses ORDER BY warehouse_id"
            ).fetchall()
        )
        own = conn.execute(
            "SELECT warehouse_id FROM warehouses WHERE role_name = current_user"
        ).fetchone()
        bench = conn.execute(
            "SELECT warehouse_id, station_id FROM stations WHERE role_name = current_user"
        ).fetchone()
    if bench is not None:
        return CentralIdentity(role, visible, str(bench[0]), str(bench[1]))
    return CentralIdentity(role, visible, str(own[0]) if own else None, None)


def check(identity: CentralIdentity, url: str, warehouse: str, station: str) -> None:
    """Raise :class:`SyncError` (one sentence) unless the URL's role may sync ``station`` of
    ``warehouse``."""
    where = f"central {redact(url)}"
    if identity.warehouse is not None and identity.warehouse != warehouse:
        raise SyncError(
            f"{where}: role {identity.role} belongs to warehouse {identity.warehouse}, this "
            f"station to warehouse {warehouse}; expected the URL printed for {warehouse} by "
            "'wms central add-warehouse' (or add-station)"
        )
    if identity.station is not None and identity.station != station:
        raise SyncError(
            f"{where}: role {identity.role} is station {identity.station}'s, this station is "
            f"{station}; expected {station}'s own URL (or [station] id = {identity.station})"
        )
    if warehouse not in identity.warehouses:
        if identity.warehouse is None and identity.warehouses:
            raise SyncError(
                f"{where}: warehouse {warehouse} is not registered there (it has "
                f"{', '.join(identity.warehouses)}); expected 'wms central add-warehouse "
                f"{warehouse}' to have been run"
            )
        raise SyncError(
            f"{where}: role {identity.role} sees no warehouse; expected a warehouse or "
            "station role printed by 'wms central add-warehouse' / 'add-station', or an "
            "administrator"
        )


def only_warehouse(url: str) -> str:
    """The warehouse of the URL's role (for a station database that has none yet)."""
    with connect(url, application_name="wms-sync identify") as conn:
        identity = identify(conn)
    if identity.warehouse is not None:
        return identity.warehouse
    if len(identity.warehouses) == 1:
        return identity.warehouses[0]
    found = ", ".join(identity.warehouses) or "none"
    raise SyncError(
        f"central {redact(url)}: which warehouse? this station database has none yet and role "
        f"{identity.role} sees warehouses: {found}; expected [station] warehouse in wms.toml, "
        "$WMS_WAREHOUSE, or a warehouse role's URL"
    )
