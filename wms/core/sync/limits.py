"""Limits that keep one station from stalling the others: server-side session settings of the
station and warehouse login roles, and the retry of a transaction that met a lock timeout.

A push holds its warehouse's feed counter row for the length of one batch transaction. If the
station's network goes silent in the middle, central would otherwise keep that session "idle in
transaction" - and the lock - until TCP gives up (hours). With these settings central ends such
a session after :data:`IDLE_IN_TRANSACTION` and any statement after :data:`STATEMENT_TIMEOUT`,
a waiting pusher gives up its lock wait after :data:`LOCK_TIMEOUT` and tries the batch again
(:func:`retry_on_lock_timeout`), and central's own TCP keepalives find a vanished peer. The
settings are ``ALTER ROLE ... SET`` on every login role (new ones at creation, existing ones
whenever ``wms central init`` runs), so they bind every session of the role whatever client it
uses. The station side (libpq keepalives and ``tcp_user_timeout``) is in
:func:`wms.core.sync.central_migrate.libpq_url`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import psycopg
from psycopg import sql

from wms.core.domain.errors import SyncError

LOCK_TIMEOUT = "5s"
IDLE_IN_TRANSACTION = "5s"
STATEMENT_TIMEOUT = "60s"

# server settings of every station and warehouse login role
ROLE_SETTINGS: dict[str, str] = {
    "lock_timeout": LOCK_TIMEOUT,
    "idle_in_transaction_session_timeout": IDLE_IN_TRANSACTION,
    "statement_timeout": STATEMENT_TIMEOUT,
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
    "tcp_user_timeout": "30000",
}

# how often a transaction that met a lock timeout is tried again, and the pause in between
LOCK_ATTEMPTS = 6
LOCK_PAUSE_SECONDS = 0.2

T = TypeVar("T")


def apply_role_settings(conn: psycopg.Connection, role: str) -> None:
    """``ALTER ROLE role SET`` each of :data:`ROLE_SETTINGS` (the caller commits)."""
    for name, value in ROLE_SETTINGS.items():
        conn.execute(
            sql.SQL("ALTER ROLE {} SET {} = {}").format(
                sql.Identifier(role), sql.Identifier(name), sql.Literal(value)
            )
        )


def retry_on_lock_timeout(
    attempt: Callable[[], T],
    what: str,
    *,
    attempts: int = LOCK_ATTEMPTS,
    pause: float = LOCK_PAUSE_SECONDS,
) -> T:
    """Run ``attempt`` (one whole central transaction, rolled back when it raises) again when
    it met ``lock_timeout``: another session held the lock (a pusher whose network went silent
    holds it until central ends that session). Raises :class:`SyncError` after ``attempts``."""
    for _ in range(attempts - 1):
        try:
            return attempt()
        except psycopg.errors.LockNotAvailable:
            time.sleep(pause)
    try:
        return attempt()
    except psycopg.errors.LockNotAvailable as error:
        raise SyncError(
            f"{what}: central's lock stayed taken by another session through {attempts} "
            f"waits of {LOCK_TIMEOUT}; expected it back within {IDLE_IN_TRANSACTION} of that "
            "session going quiet"
        ) from error
