"""Roles, privileges and row-level security of the central database.

- One NOLOGIN group role ``<prefix>_stations`` holds the privileges every station needs:
  SELECT on what a sync reads (master data, the feed, the ledger, stock, sync state,
  conflicts) and EXECUTE on central's API functions (:data:`API_FUNCTIONS`,
  :mod:`wms.core.sync.central_api`). It holds no INSERT, UPDATE, DELETE or TRUNCATE on any
  table (so no ``LOCK TABLE`` stronger than a reader's, no ``SELECT ... FOR UPDATE``) and no
  temporary tables. ``<prefix>`` is the central database's name unless chosen at init.
- ``add_warehouse`` makes a LOGIN role ``<prefix>_wh_<code>``, ``add_station`` a role
  ``<prefix>_st_<code>``; both are members of the group and mapped in ``central_roles`` to their
  warehouse. Row-level security (FORCE'd, so it binds table owners too) limits every warehouse
  table to rows whose ``warehouse_id`` is the role's (a second wall behind the functions, which
  check the caller themselves).
- Every login role carries server-side session limits (lock, statement and idle-in-transaction
  timeouts, TCP keepalives: :mod:`wms.core.sync.limits`), so a station whose network goes
  silent mid-push cannot hold its warehouse's feed lock for more than a few seconds.
- A generated password is returned once; it is sent to central only as its SCRAM-SHA-256
  verifier (computed here), so no server log ever holds it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from wms.core.domain.errors import AlreadyExists, InvalidValue, NotFound, SyncError
from wms.core.sync import citus
from wms.core.sync.central_migrate import connect
from wms.core.sync.limits import apply_role_settings

MAX_ROLE_NAME = 63

READ_ONLY = (
    "central_info",
    "warehouses",
    "stations",
    "owners",  # revision c0011
    "products",
    "product_gtins",
    "zones",
    "locations",
    "operators",
    "orders",
    "sort_rules",
    "feed",
    "station_numbers",
    "transfer_lines",
    "transfer_receipts",
)
# written only by central's functions (revision c0008), read by a sync
READ_UNDER_API = (
    "movements",
    "stock",
    "feed_counters",
    "sync_state",
    "conflicts",
    "parcel_events",  # revision c0010
    "parcel_feed_counters",
    "parcel_event_acks",
    "returns",  # revision c0012
    "return_lines",
    "returns_feed_counters",
)
# what a station or warehouse role may execute (revision c0008 revokes the rest from PUBLIC)
API_FUNCTIONS = (
    "wms_push(text, text, bigint, jsonb)",
    "wms_sync_status(text, text)",
    "wms_station_seen(text, text, integer, timestamptz, integer)",
    "wms_station_pulled(text, text, bigint)",
    "wms_transfer_flush(text)",
    "wms_station_number(text, text)",
    "wms_resolve_conflict(text, bigint, text, text, uuid)",
    "wms_capture_transfers(text)",  # revision c0009
    "wms_push_parcel_events(text, text, bigint, jsonb)",  # revision c0010
    "wms_push_returns(text, text, jsonb)",  # revision c0012
)


@dataclass(frozen=True)
class Credentials:
    role: str
    password: str
    url: str
    warehouse: str
    station: str | None = None


def _identifier_part(code: str) -> str:
    part = re.sub(r"[^a-z0-9_]", "_", code.lower())
    if not part:
        raise InvalidValue("code", code, "letters, digits, '-' or '_'", "nothing usable")
    return part


def role_prefix(conn: psycopg.Connection) -> str:
    row = conn.execute("SELECT role_prefix FROM central_info WHERE id = 1").fetchone()
    if row is None:
        raise SyncError("central database has no central_info row: run 'wms central init'")
    return str(row[0])


def group_role(prefix: str) -> str:
    return f"{prefix}_stations"


def install(url: str) -> str:
    """Create the station group role (if missing) and grant it its privileges; idempotent,
    run by ``wms central init`` after every upgrade. Returns the group role's name."""
    with connect(url) as conn:
        prefix = role_prefix(conn)
        group = group_role(prefix)
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
        g = sql.Identifier(group)
        database = conn.execute("SELECT current_database()").fetchone()
        if database is None:
            raise SyncError("central did not name its database (SELECT current_database())")
        db = sql.Identifier(database[0])
        conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(db))
        conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(db, g))
        conn.execute(sql.SQL("REVOKE TEMPORARY ON DATABASE {} FROM {}").format(db, g))
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(g))
        for table in (*READ_ONLY, *READ_UNDER_API):
            present = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()
            if present and present[0]:
                conn.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(sql.Identifier(table), g))
                conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(table), g))
        conn.execute(sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(g))
        for function in API_FUNCTIONS:
            present = conn.execute("SELECT to_regprocedure(%s) IS NOT NULL", (function,)).fetchone()
            if present and present[0]:  # (a central at an older revision lacks newer ones)
                conn.execute(
                    sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(sql.SQL(function), g)
                )
        for (login,) in conn.execute("SELECT role_name FROM central_roles").fetchall():
            apply_role_settings(conn, login)
        conn.commit()
    return group


def _partition_name(warehouse: str) -> str:
    return f"movements_{_identifier_part(warehouse)}"[:MAX_ROLE_NAME]


def _login_url(admin_url: str, role: str, password: str) -> str:
    parts = urlsplit(admin_url.replace("postgresql+psycopg://", "postgresql://", 1))
    host = parts.hostname or "localhost"
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    netloc = f"{quote(role, safe='')}:{quote(password, safe='')}@{host}{port}"
    return urlunsplit(parts._replace(netloc=netloc))


def _create_login(conn: psycopg.Connection, role: str, group: str) -> str:
    if len(role) > MAX_ROLE_NAME:
        raise InvalidValue("role name", role, f"at most {MAX_ROLE_NAME} characters", f"{len(role)}")
    if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
        raise AlreadyExists("database role", role)
    password = secrets.token_urlsafe(24)
    conn.execute(login_role_statement(role, group, password))
    apply_role_settings(conn, role)
    return password


def login_role_statement(role: str, group: str, password: str) -> sql.Composed:
    """``CREATE ROLE ... LOGIN PASSWORD`` with the password's SCRAM-SHA-256 verifier, never
    the password itself (which would reach a server log that records DDL)."""
    return sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
        sql.Identifier(role), sql.Literal(scram_verifier(password)), sql.Identifier(group)
    )


SCRAM_ITERATIONS = 4096


def scram_verifier(password: str, *, salt: str | None = None) -> str:
    """PostgreSQL's SCRAM-SHA-256 verifier of ``password`` (RFC 5802 / 7677, as
    ``password_encryption = scram-sha-256`` stores it); ``salt`` base64, random if omitted.
    The generated passwords are ASCII, which SASLprep leaves unchanged."""
    raw_salt = base64.b64decode(salt) if salt is not None else secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), raw_salt, SCRAM_ITERATIONS)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode()

    return f"SCRAM-SHA-256${SCRAM_ITERATIONS}:{b64(raw_salt)}${b64(stored_key)}:{b64(server_key)}"


def add_warehouse(url: str, code: str, name: str = "") -> Credentials:
    """Register a warehouse: its row, feed counter, ledger partition (not on Citus, where the
    ledger is distributed by warehouse instead) and login role."""
    with connect(url) as conn:
        creds = register_warehouse(conn, url, code, name)
        conn.commit()
    return creds


def register_warehouse(
    conn: psycopg.Connection, url: str, code: str, name: str = ""
) -> Credentials:
    """:func:`add_warehouse` on an administrator's open connection, which the caller commits
    (a set-up that registers many warehouses commits them in a few transactions)."""
    prefix = role_prefix(conn)
    group = group_role(prefix)
    if conn.execute("SELECT 1 FROM warehouses WHERE warehouse_id = %s", (code,)).fetchone():
        raise AlreadyExists("warehouse", code)
    role = f"{prefix}_wh_{_identifier_part(code)}"
    password = _create_login(conn, role, group)
    conn.execute(
        "INSERT INTO warehouses (warehouse_id, name, role_name) VALUES (%s, %s, %s)",
        (code, name or code, role),
    )
    conn.execute(
        "INSERT INTO central_roles (role_name, warehouse_id) VALUES (%s, %s)", (role, code)
    )
    conn.execute("INSERT INTO feed_counters (warehouse_id, last_seq) VALUES (%s, 0)", (code,))
    if not citus.has_citus(conn):
        # on Citus the ledger is distributed by warehouse already: a list partition per
        # warehouse would only add a full set of (empty but one) shards per warehouse
        # (docs/ARCHITECTURE.md)
        try:
            conn.execute(
                sql.SQL("CREATE TABLE {} PARTITION OF movements FOR VALUES IN ({})").format(
                    sql.Identifier(_partition_name(code)), sql.Literal(code)
                )
            )
        except psycopg.Error as error:
            raise SyncError(
                f"ledger partition for warehouse {code} cannot be created: {error}"
            ) from error
    return Credentials(role, password, _login_url(url, role, password), code)


def add_station(url: str, code: str, warehouse: str, name: str = "") -> Credentials:
    """Register a station of ``warehouse`` with its own login role (it may push only its own
    movements)."""
    with connect(url) as conn:
        creds = register_station(conn, url, code, warehouse, name)
        conn.commit()
    return creds


def register_station(
    conn: psycopg.Connection, url: str, code: str, warehouse: str, name: str = ""
) -> Credentials:
    """:func:`add_station` on an administrator's open connection, which the caller commits."""
    prefix = role_prefix(conn)
    group = group_role(prefix)
    if not conn.execute(
        "SELECT 1 FROM warehouses WHERE warehouse_id = %s", (warehouse,)
    ).fetchone():
        raise NotFound("warehouse", warehouse, "add it first with 'wms central add-warehouse'")
    if conn.execute(
        "SELECT 1 FROM stations WHERE warehouse_id = %s AND station_id = %s",
        (warehouse, code),
    ).fetchone():
        raise AlreadyExists("station", code)
    role = f"{prefix}_st_{_identifier_part(code)}"
    password = _create_login(conn, role, group)
    conn.execute(
        "INSERT INTO stations (warehouse_id, station_id, name, role_name) VALUES (%s, %s, %s, %s)",
        (warehouse, code, name, role),
    )
    conn.execute(
        "INSERT INTO central_roles (role_name, warehouse_id, station_id) VALUES (%s, %s, %s)",
        (role, warehouse, code),
    )
    return Credentials(role, password, _login_url(url, role, password), warehouse, code)


def created_roles(url: str) -> list[str]:
    """Every role this central database created (login roles and the group)."""
    with connect(url) as conn:
        prefix = role_prefix(conn)
        rows = conn.execute("SELECT role_name FROM central_roles ORDER BY role_name").fetchall()
    return [r[0] for r in rows] + [group_role(prefix)]
