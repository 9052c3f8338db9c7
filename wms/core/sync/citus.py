"""Central on Citus (distributed PostgreSQL): which tables and functions are distributed how,
and the set-up of a new central database on every node of a cluster.

A central database on a Citus coordinator has the same schema as on plain PostgreSQL (revisions
c0001..), then revision c0009 distributes it (:func:`distribute`):

- ``REFERENCE_TABLES``: global master data and the role map, copied to every node (the row-level
  security policies of every node read ``central_roles`` and ``central_info``);
- ``DISTRIBUTED_TABLES``: every warehouse-keyed table, distributed by ``warehouse_id`` and
  colocated with the ledger, so all the rows of one warehouse live on one worker;
- ``DELEGATED_FUNCTIONS``: central's validating functions that touch one warehouse only, each
  distributed by its warehouse argument and colocated with the ledger (called on their own, the
  coordinator hands the call to the worker holding that warehouse); every other ``wms_``
  function is copied to every node (the policies and the functions call them there).

Adding a function of one warehouse is one line in ``DELEGATED_FUNCTIONS`` (name -> position of
its warehouse argument, 1-based); a migration after c0009 that creates it calls
:func:`distribute_functions` again.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from wms.core.domain.errors import SyncError
from wms.core.sync.central_schema import WAREHOUSE_TABLES

REFERENCE_TABLES = (
    "central_info",
    "central_roles",
    "warehouses",
    "products",
    "product_gtins",
    "owners",  # revision c0011 makes it a reference table
)

# the ledger first: every other one is colocated with it. Every warehouse-keyed table of the
# central schema is distributed, but ``warehouses`` (a reference table, above), so a table added
# to the schema is distributed without a second list to keep.
LEDGER = "movements"
DISTRIBUTED_TABLES = (
    LEDGER,
    *(t for t in WAREHOUSE_TABLES if t not in (LEDGER, *REFERENCE_TABLES)),
)
DISTRIBUTION_COLUMN = "warehouse_id"

# function name -> position (1-based) of its warehouse argument
DELEGATED_FUNCTIONS: dict[str, int] = {
    "wms_push": 1,
    "wms_sync_status": 1,
    "wms_station_seen": 1,
    "wms_station_pulled": 1,
    "wms_resolve_conflict": 1,
    "wms_station_number": 1,
    "wms_push_parcel_events": 1,  # revision c0010
    "wms_push_returns": 1,  # revision c0012
}

# the role map's functions, which every row-level security policy calls: on a worker they run
# inside a query on a shard, where Citus allows no distributed query (not even of a reference
# table), so they read the reference tables' replica that every node holds
ROLE_MAP_FUNCTIONS = (
    "wms_role_warehouse",
    "wms_role_station",
    "wms_is_admin",
    "wms_session_is_admin",
    "wms_may_ask_about",
)
ROLE_MAP_TABLES = ("central_roles", "central_info")

Execute = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]


def is_citus(execute: Execute) -> bool:
    """Is the Citus extension installed in this database?"""
    return bool(execute("SELECT 1 FROM pg_extension WHERE extname = 'citus'", ()))


# ``(SELECT wms_role_warehouse(CURRENT_USER) AS wms_role_warehouse)`` as pg_policies shows it
_SUBQUERY_CALL = re.compile(r"\(\s*SELECT\s+(wms_\w+\(CURRENT_USER\))\s+AS\s+\w+\)")


def policy_without_subqueries(expression: str) -> str:
    """A policy expression with its ``(SELECT wms_...(current_user))`` scalar subqueries (an
    evaluate-once trick on plain PostgreSQL) written as plain calls: Citus refuses subqueries in
    the policies of distributed tables."""
    return _SUBQUERY_CALL.sub(r"\1", expression)


def distribute(execute: Execute) -> None:
    """Distribute the central schema on this Citus coordinator (revision c0009)."""
    _rewrite_policies(execute)
    distribute_functions(execute, delegate=False)
    # (tables of later revisions do not exist yet: their revision distributes them)
    references = [t for t in REFERENCE_TABLES if execute("SELECT to_regclass(%s)", (t,))[0][0]]
    for table in references:
        execute("SELECT create_reference_table(%s)", (table,))
    present = [t for t in DISTRIBUTED_TABLES if execute("SELECT to_regclass(%s)", (t,))[0][0]]
    distribute_tables(execute, present, truncate=False)
    for table in (*references, *present):
        # the rows were copied into the shards; the coordinator's local copy is dead weight
        execute("SELECT truncate_local_data_after_distributing_table(%s)", (table,))
    distribute_functions(execute, delegate=True)
    read_role_map_locally(execute)


def distribute_tables(execute: Execute, tables: Sequence[str], *, truncate: bool = True) -> None:
    """Distribute warehouse-keyed ``tables`` by warehouse, colocated with the ledger (the
    ledger itself first, when it is one of them); a revision after c0009 that adds tables calls
    this for them."""
    for table in tables:
        colocate = "none" if table == LEDGER else LEDGER
        execute(
            "SELECT create_distributed_table(%s, %s, colocate_with => %s)",
            (table, DISTRIBUTION_COLUMN, colocate),
        )
    if truncate:
        for table in tables:
            execute("SELECT truncate_local_data_after_distributing_table(%s)", (table,))


def read_role_map_locally(execute: Execute) -> None:
    """Rewrite the role map's functions to read the local replica (shard) of the role map's
    reference tables, present on every node; Citus propagates the new definitions."""
    replicas = {
        table: execute(
            "SELECT shard_name(logicalrelid, shardid) FROM pg_dist_shard "
            "WHERE logicalrelid = %s::regclass",
            (table,),
        )[0][0]
        for table in ROLE_MAP_TABLES
    }
    for name in ROLE_MAP_FUNCTIONS:
        for (definition,) in execute(
            "SELECT pg_get_functiondef(oid) FROM pg_proc "
            "WHERE proname = %s AND pronamespace = current_schema()::regnamespace",
            (name,),
        ):
            for table, replica in replicas.items():
                definition = re.sub(rf"\b{table}\b", replica, definition)
            execute(definition, ())


def _rewrite_policies(execute: Execute) -> None:
    rows = execute(
        "SELECT tablename, policyname, qual, with_check FROM pg_policies "
        "WHERE schemaname = current_schema()",
        (),
    )
    for table, policy, using, check in rows:
        clauses = []
        if using is not None:
            clauses.append(sql.SQL("USING ({})").format(sql.SQL(policy_without_subqueries(using))))
        if check is not None:
            clauses.append(
                sql.SQL("WITH CHECK ({})").format(sql.SQL(policy_without_subqueries(check)))
            )
        statement = sql.SQL("ALTER POLICY {} ON {} {}").format(
            sql.Identifier(policy), sql.Identifier(table), sql.SQL(" ").join(clauses)
        )
        execute(statement.as_string(None), ())


def distribute_functions(execute: Execute, *, delegate: bool = True) -> None:
    """Copy every ``wms_`` function of the schema to every node; with ``delegate``, also make
    those of ``DELEGATED_FUNCTIONS`` run on the worker of their warehouse argument."""
    functions = execute(
        "SELECT p.oid::regprocedure::text, p.proname, EXISTS ("
        "  SELECT 1 FROM unnest(p.proargtypes) a JOIN pg_type t ON t.oid = a "
        "  JOIN pg_class c ON c.oid = t.typrelid WHERE c.relkind IN ('r', 'p')) "
        "FROM pg_proc p "
        "WHERE p.pronamespace = current_schema()::regnamespace AND left(p.proname, 4) = 'wms_' "
        "ORDER BY 1",
        (),
    )
    for signature, name, takes_a_table_row in functions:
        position = DELEGATED_FUNCTIONS.get(name)
        if takes_a_table_row and not delegate:
            # (``wms_transfer_capture_row(movements)``) Citus distributes it only once its
            # table is distributed: the pass after the tables
            continue
        if position is None:
            execute("SELECT create_distributed_function(%s)", (signature,))
        elif delegate:
            execute(
                "SELECT create_distributed_function(%s, %s, colocate_with => %s, "
                "force_delegation => true)",
                (signature, f"${position}", LEDGER),
            )


# --- a new central database on every node -------------------------------------------------------


@dataclass(frozen=True)
class Node:
    host: str
    port: int
    role: str  # 'coordinator' or 'worker'


def cluster_nodes(conn: psycopg.Connection) -> list[Node]:
    """The nodes registered in the database ``conn`` is connected to (a Citus coordinator's)."""
    rows = conn.execute(
        "SELECT nodename, nodeport, groupid FROM pg_dist_node WHERE isactive ORDER BY groupid"
    ).fetchall()
    return [Node(h, int(p), "coordinator" if g == 0 else "worker") for h, p, g in rows]


def has_citus(conn: psycopg.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'citus'").fetchone()
    return row is not None


def _node_url(url: str, node: Node, database: str) -> str:
    parts = urlsplit(url)
    user = parts.netloc.rpartition("@")[0]
    host = f"[{node.host}]" if ":" in node.host else node.host
    netloc = f"{user}@{host}:{node.port}" if user else f"{host}:{node.port}"
    return urlunsplit(parts._replace(netloc=netloc, path=f"/{database}"))


def create_cluster_database(maintenance_url: str, name: str) -> list[Node]:
    """Create database ``name`` on every node of the cluster whose coordinator
    ``maintenance_url`` (its ``postgres`` database) reaches, with the Citus extension, and
    register the nodes in it. Returns the nodes."""
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        nodes = cluster_nodes(conn)
        coordinator = next((n for n in nodes if n.role == "coordinator"), None)
        if coordinator is None:
            raise SyncError(
                f"Citus coordinator at {urlsplit(maintenance_url).hostname}: expected "
                "citus_set_coordinator_host() to have been run, found no coordinator in "
                "pg_dist_node"
            )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    for node in nodes:
        url = _node_url(maintenance_url, node, "postgres")
        if node.role == "worker":
            with psycopg.connect(url, autocommit=True) as conn:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
                ).fetchone()
                if not exists:
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        with psycopg.connect(_node_url(maintenance_url, node, name), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS citus")
    with psycopg.connect(_node_url(maintenance_url, coordinator, name), autocommit=True) as conn:
        conn.execute(
            "SELECT citus_set_coordinator_host(%s, %s)", (coordinator.host, coordinator.port)
        )
        for node in nodes:
            if node.role == "worker":
                conn.execute("SELECT citus_add_node(%s, %s)", (node.host, node.port))
    return nodes


def drop_cluster_database(maintenance_url: str, name: str) -> None:
    """Drop database ``name`` on every node (tests' clean-up). A two-phase commit a restarted
    coordinator has not resolved yet leaves a prepared transaction on a node, which no
    ``DROP DATABASE`` may pass (even ``WITH (FORCE)``): those of ``name`` are rolled back first,
    as the database and everything in it is going."""
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        nodes = cluster_nodes(conn)
    for node in nodes:
        with psycopg.connect(_node_url(maintenance_url, node, "postgres"), autocommit=True) as conn:
            prepared = [
                gid
                for (gid,) in conn.execute(
                    "SELECT gid FROM pg_prepared_xacts WHERE database = %s", (name,)
                )
            ]
        if prepared:
            with psycopg.connect(_node_url(maintenance_url, node, name), autocommit=True) as conn:
                for gid in prepared:
                    try:
                        conn.execute(sql.SQL("ROLLBACK PREPARED {}").format(sql.Literal(gid)))
                    except psycopg.errors.UndefinedObject:  # the coordinator resolved it meanwhile
                        continue
        with psycopg.connect(_node_url(maintenance_url, node, "postgres"), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def add_node(
    url: str, host: str, port: int, *, rebalance: bool = True, mode: str = "block_writes"
) -> int:
    """Add a worker to the cluster of the central database ``url`` (its coordinator's admin
    URL): the database and the extension made on the new node, the node registered, then (with
    ``rebalance``) the reference tables copied and shards moved onto it while stations keep
    syncing (``rebalance_table_shards``; ``mode`` ``block_writes``: a shard group's writes wait
    while it is copied, a push meets its lock timeout and is retried; ``auto``: logical
    replication, which waits for a moment without running writers). Returns the number of
    shards the new worker holds."""
    try:
        return _add_node(url, host, port, rebalance=rebalance, mode=mode)
    except psycopg.Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise SyncError(f"worker {host}:{port} cannot be added: {first}") from error


def _add_node(url: str, host: str, port: int, *, rebalance: bool, mode: str) -> int:
    parts = urlsplit(url)
    database = parts.path.lstrip("/")
    node = Node(host, port, "worker")
    with psycopg.connect(_node_url(url, node, "postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    with psycopg.connect(_node_url(url, node, database), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS citus")
    with psycopg.connect(url, autocommit=True) as conn:
        if not has_citus(conn):
            raise SyncError(f"central {urlsplit(url).hostname}/{database} is not on Citus")
        known = conn.execute(
            "SELECT 1 FROM pg_dist_node WHERE nodename = %s AND nodeport = %s", (host, port)
        ).fetchone()
        if not known:
            conn.execute("SELECT citus_add_node(%s, %s)", (host, port))
        if rebalance:
            # in this session, not as citus_rebalance_start()'s background job: that needs a
            # free background worker (max_worker_processes), which a server holding several
            # Citus databases (one maintenance daemon each) may not have
            conn.execute("SELECT rebalance_table_shards(shard_transfer_mode => %s)", (mode,))
        row = conn.execute(
            "SELECT count(*) FROM citus_shards WHERE nodename = %s AND nodeport = %s",
            (host, port),
        ).fetchone()
    return int(row[0]) if row else 0


# --- moving shards onto new workers: the background rebalancer ----------------------------------

#: how shards move. Central's warehouse tables have FORCE'd row-level security (it binds their
#: owner too); PostgreSQL refuses to apply logically replicated changes into such a table as a
#: role that is not a superuser, and the subscription that Citus's logical shard move ('auto',
#: 'force_logical') creates is owned by a NOSUPERUSER role: its apply worker fails on the first
#: change a push makes to a moving shard and retries for ever, so the move never finishes. A
#: 'block_writes' move copies the shard group while its writes wait (pushes of the warehouses on
#: it meet their lock timeout and are retried), and finishes.
TRANSFER_MODE = "block_writes"

#: job states of Citus's background jobs that end a rebalance
FINISHED_STATES = ("finished", "failed", "cancelled")

#: how long the coordinator's background task monitor may take to pick a new job up
MONITOR_GRACE_SECONDS = 15.0


@dataclass
class Rebalance:
    """A rebalance job as ``citus_rebalance_status()`` reports it."""

    job_id: int
    state: str  # scheduled, running, finished, cancelling, cancelled, failing, failed
    tasks: dict[str, int]  # task state -> count (done, running, runnable, blocked, error ...)
    errors: list[str]  # the messages of tasks that failed (and are retried, or not)

    @property
    def moves(self) -> int:
        return sum(self.tasks.values())

    @property
    def done(self) -> int:
        return self.tasks.get("done", 0)

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    def line(self) -> str:
        counts = ", ".join(f"{n} {state}" for state, n in sorted(self.tasks.items()))
        done = f"{self.done}/{self.moves} tasks done"
        return f"rebalance job {self.job_id} {self.state}: {done} ({counts})"


def rebalance_status(conn: psycopg.Connection) -> Rebalance | None:
    """The newest rebalance job of the database ``conn`` is connected to (None if none)."""
    row = conn.execute(
        "SELECT job_id, state::text, details FROM citus_rebalance_status()"
    ).fetchone()
    if row is None:
        return None
    job_id, state, details = row
    counts = dict((details or {}).get("task_state_counts") or {})
    errors = [
        str(task.get("message") or "").strip()
        for task in (details or {}).get("tasks") or []
        if task.get("state") in ("error", "failed") and str(task.get("message") or "").strip()
    ]
    return Rebalance(int(job_id), str(state), {str(k): int(v) for k, v in counts.items()}, errors)


def current_rebalance(url: str) -> Rebalance | None:
    """The newest rebalance job of central ``url`` (None if none ran)."""
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            return rebalance_status(conn)
    except psycopg.Error as error:
        raise SyncError(f"central {_where(url)}: {_first(error)}") from error


def start_rebalance(url: str) -> Rebalance | None:
    """Start moving shards so every worker holds as many (``citus_rebalance_start`` with
    :data:`TRANSFER_MODE`, a background job on the coordinator): None when nothing needs to
    move. Raises :class:`SyncError` naming what is wrong."""
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            if not has_citus(conn):
                raise SyncError(
                    f"central {_where(url)} is not on Citus; expected a Citus coordinator"
                )
            running = rebalance_status(conn)
            if running is not None and not running.finished:
                raise SyncError(
                    f"central {_where(url)}: rebalance job {running.job_id} is already "
                    f"{running.state}; expected it to end first (wms central rebalance --wait)"
                )
            row = conn.execute(
                "SELECT citus_rebalance_start(shard_transfer_mode => %s)", (TRANSFER_MODE,)
            ).fetchone()
            if row is None or not row[0]:  # NOTICE: No moves available for rebalancing
                return None
            return rebalance_status(conn)
    except psycopg.Error as error:
        raise SyncError(
            f"central {_where(url)}: the rebalance cannot start: {_first(error)}"
        ) from error


def wait_rebalance(
    url: str,
    job_id: int,
    *,
    timeout: float,
    poll: float = 1.0,
    progress: Callable[[Rebalance], None] | None = None,
) -> Rebalance:
    """Follow rebalance job ``job_id`` until it ends (then ``citus_rebalance_wait()`` returns at
    once): its status after each change to ``progress``. Raises :class:`SyncError` when it
    failed, was cancelled, was never picked up by the coordinator's background task monitor, or
    did not end within ``timeout`` seconds (the job goes on)."""
    started = time.monotonic()
    seen: Rebalance | None = None
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            while True:
                status = rebalance_status(conn)
                if status is None or status.job_id != job_id:
                    raise SyncError(f"central {_where(url)}: rebalance job {job_id} is gone")
                if progress and status != seen:
                    progress(status)
                seen = status
                if status.finished:
                    break
                waited = time.monotonic() - started
                if status.state == "scheduled" and waited > MONITOR_GRACE_SECONDS:
                    _no_monitor(conn, url, job_id)
                if waited > timeout:
                    raise SyncError(
                        f"central {_where(url)}: {status.line()} after {timeout:.0f} s; it goes "
                        "on in the background (wms central rebalance --status; "
                        "citus_rebalance_stop() ends it)"
                    )
                time.sleep(poll)
            # the job has ended: this returns at once, and raises if it failed
            conn.execute("SELECT citus_rebalance_wait()")
    except psycopg.Error as error:
        raise SyncError(
            f"central {_where(url)}: rebalance job {job_id}: {_first(error)}"
        ) from error
    if seen.state != "finished":
        why = "; ".join(seen.errors) or "no task said why"
        raise SyncError(f"central {_where(url)}: {seen.line()}: {why}")
    return seen


def _no_monitor(conn: psycopg.Connection, url: str, job_id: int) -> None:
    row = conn.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND backend_type LIKE 'Citus Background Task Queue Monitor%%'"
    ).fetchone()
    if row and int(row[0]) > 0:
        return
    workers = conn.execute(
        "SELECT current_setting('max_worker_processes'), "
        "(SELECT count(*) FROM pg_stat_activity WHERE backend_type NOT IN "
        "('client backend', 'autovacuum launcher', 'checkpointer', 'background writer', "
        "'walwriter', 'archiver', 'startup', 'walsender', 'autovacuum worker'))"
    ).fetchone()
    limit, used = workers if workers else ("?", "?")
    raise SyncError(
        f"central {_where(url)}: rebalance job {job_id} was not picked up: the coordinator runs "
        f"no background task monitor for this database ({used} background workers running, "
        f"max_worker_processes = {limit}; each Citus database takes one for its maintenance "
        "daemon); expected max_worker_processes raised and the coordinator restarted "
        "(citus_rebalance_stop() cancels the job)"
    )


def shards_per_node(url: str) -> dict[str, int]:
    """``host:port`` -> shards of the distributed tables it holds."""
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT n.nodename, n.nodeport, count(s.shardid) FROM pg_dist_node n "
            "LEFT JOIN citus_shards s ON s.nodename = n.nodename AND s.nodeport = n.nodeport "
            "AND s.citus_table_type = 'distributed' "
            "WHERE n.isactive AND n.groupid > 0 GROUP BY 1, 2 ORDER BY 2"
        ).fetchall()
    return {f"{host}:{port}": int(count) for host, port, count in rows}


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 5432}{parts.path}"


def _first(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
