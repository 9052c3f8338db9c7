# ruff: noqa: F811 - pytest fixtures are imported from pg_fixtures and used as arguments
"""Central roles, privileges and row-level security, proven with real logins as those roles."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from tests.conftest import run_wms
from tests.integration.citus_fixtures import (
    engine,  # noqa: F401 - fixture
    engine_central_factory,  # noqa: F401 - fixture central_factory (both engines)
    postgres_central_factory,  # noqa: F401 - fixture
)
from tests.integration.pg_fixtures import (
    Central,
    CentralFactory,
    admin,
    central,  # noqa: F401 - fixture
    movement_row,
    push_rows,
)
from wms.core.domain.errors import SyncError
from wms.core.sync import central_migrate, security
from wms.core.sync.central_migrate import connect, libpq_url

pytestmark = pytest.mark.postgres


def _login(url: str) -> psycopg.Connection:
    return psycopg.connect(libpq_url(url), autocommit=True)


_INSERT = (
    "INSERT INTO movements (warehouse_id, id, station_id, station_seq, operator, kind, sku, "
    "quantity, to_location, created_at, feed_seq) VALUES "
    "(%s, gen_random_uuid(), %s, %s, '1001', 'adjust', 'SAF-1G', 1, 'A-01-01-1', now(), "
    "1000000 + %s)"
)


@pytest.fixture
def two_warehouses(central: Central, central_factory: CentralFactory) -> tuple[Central, Central]:
    other = central_factory.create(url=central.url)
    return central, other


def test_warehouse_role_sees_and_writes_only_its_own_rows(two_warehouses) -> None:  # type: ignore[no-untyped-def]
    mine, other = two_warehouses
    with _login(mine.warehouse_url) as conn:
        for table in ("movements", "stock", "locations", "operators", "feed", "feed_counters"):
            seen = {
                w for (w,) in conn.execute(f"SELECT DISTINCT warehouse_id FROM {table}").fetchall()
            }
            assert seen == {mine.warehouse}, table
        # products are global reference data: readable, not writable
        assert conn.execute("SELECT count(*) FROM products").fetchone()[0] >= 15
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE products SET name = 'x'")
        # no table is writable, its own warehouse's rows no more than the other's
        for warehouse in (other.warehouse, mine.warehouse):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(_INSERT, (warehouse, "X", 1, 1))
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "INSERT INTO stock VALUES (%s, 'A-01-01-1', 'SAF-1G', '', '', 'available', 5)",
                    (warehouse,),
                )
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("UPDATE stock SET quantity = 0 WHERE warehouse_id = %s", (warehouse,))
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "UPDATE feed_counters SET last_seq = 0 WHERE warehouse_id = %s", (warehouse,)
                )
        # it pushes its own warehouse's movements through central's function, not another's
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="may not sync"):
            push_rows(conn, other.warehouse, "CMN1-X", [movement_row(other.warehouse, "X", 1)])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="of warehouse"):
            push_rows(conn, mine.warehouse, "CMN1-X", [movement_row(other.warehouse, "X", 1)])
        answer = push_rows(conn, mine.warehouse, "CMN1-X", [movement_row(mine.warehouse, "X", 1)])
        assert answer["inserted"] == 1 and answer["acked"] == {"X": 1}


def test_no_station_role_may_update_or_delete_ledger_rows(two_warehouses, engine: str) -> None:  # type: ignore[no-untyped-def]
    mine, _other = two_warehouses
    with _login(mine.warehouse_url) as conn:
        for statement in (
            "UPDATE movements SET quantity = quantity + 1",
            "DELETE FROM movements",
            "TRUNCATE movements",
            "DELETE FROM stock",
            "DELETE FROM conflicts",
            "UPDATE warehouses SET name = 'mine now'",
            "INSERT INTO central_roles VALUES ('x', 'y', NULL)",
            "SELECT * FROM central_roles",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        # partitions are not reachable directly either
        partition = "movements_default" if engine == "citus" else f"movements_{mine.warehouse}"
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"SELECT count(*) FROM {partition.lower()}")
    if engine == "citus":
        # no trigger on Citus: the owner holds no UPDATE, DELETE or TRUNCATE on the ledger
        # (the test's administrator is a superuser, whom only a trigger would stop)
        with admin(mine.url) as conn:
            [(acl,)] = conn.execute(
                "SELECT array_to_string(relacl, ',') FROM pg_class WHERE relname = 'movements'"
            ).fetchall()
            owner = conn.execute("SELECT admin_role FROM central_info").fetchone()[0]
        [grant] = [g for g in acl.split(",") if g.startswith(f"{owner}=")]
        assert not set(grant.split("=")[1].split("/")[0]) & set("wdD"), grant
        return
    # even the administrator cannot edit the append-only ledger
    with admin(mine.url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(
            "UPDATE movements SET quantity = 99 WHERE warehouse_id = %s", (mine.warehouse,)
        )


def test_station_role_writes_only_its_own_station_rows(central: Central) -> None:
    creds = security.add_station(central.url, f"{central.warehouse}-S09", central.warehouse)
    assert creds.role.endswith("_st_" + f"{central.warehouse}_s09".lower())
    with _login(creds.url) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(_INSERT, (central.warehouse, creds.station, 1, 1))
        push_rows(
            conn,
            central.warehouse,
            creds.station,
            [movement_row(central.warehouse, creds.station, 1)],
        )
        for pusher, origin in ((creds.station, "SOMEONE-ELSE"), ("SOMEONE-ELSE", "SOMEONE-ELSE")):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                push_rows(
                    conn, central.warehouse, pusher, [movement_row(central.warehouse, origin, 1)]
                )
        # it reads the whole warehouse (the feed carries other stations' work)
        stations = {s for (s,) in conn.execute("SELECT DISTINCT station_id FROM movements")}
        assert {"CMN1-SETUP", creds.station} <= stations


def test_force_row_level_security_and_partitions(central: Central, engine: str) -> None:
    with admin(central.url) as conn:
        rows = conn.execute(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relname IN ('movements', 'stock', 'feed', 'conflicts', 'sync_state', "
            "'locations', 'operators', 'orders', 'sort_rules', 'feed_counters', 'stations')"
        ).fetchall()
        assert len(rows) == 11
        assert all(enabled and forced for _name, enabled, forced in rows)
        partitions = {
            name
            for (name,) in conn.execute(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = 'movements'::regclass"
            )
        }
        if engine == "citus":
            # distributed by warehouse instead of a list partition per warehouse
            assert partitions == {"movements_default"}
            [(method, column)] = conn.execute(
                "SELECT partmethod, column_to_column_name(logicalrelid, partkey) "
                "FROM pg_dist_partition WHERE logicalrelid = 'movements'::regclass"
            ).fetchall()
            assert (method, column) == ("h", "warehouse_id")
        else:
            assert {"movements_default", f"movements_{central.warehouse.lower()}"} <= partitions
        strategy = conn.execute(
            "SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'movements'::regclass"
        ).fetchone()[0]
        assert strategy == "l"


def test_add_warehouse_command_prints_a_ready_url(central_factory: CentralFactory) -> None:
    url = central_factory.database()
    result = run_wms("central", "add-warehouse", "LGG1", "--name", "Liège", "--url", url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    password = next(line.split(": ", 1)[1] for line in lines if line.startswith("password"))
    station_url = next(line.strip() for line in lines if line.strip().startswith("postgresql://"))
    assert password in station_url
    with _login(station_url) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0].endswith("_wh_lgg1")
        assert conn.execute("SELECT warehouse_id FROM warehouses").fetchall() == [("LGG1",)]
    again = run_wms("central", "add-warehouse", "LGG1", "--url", url)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_tls_options_pass_through_the_url(central: Central, engine: str) -> None:
    if engine == "citus":
        pytest.skip(
            "libpq's TLS options do not depend on the engine; the test cluster has no TLS set-up"
        )
    with _login(central.warehouse_url + "?sslmode=disable") as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
        ssl = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
        assert ssl == (False,)
    with pytest.raises(SyncError, match=r"(?i)ssl"):
        connect(central.warehouse_url + "?sslmode=require")


def test_central_init_command_is_idempotent(central_factory: CentralFactory) -> None:
    name = f"wms_test_{uuid.uuid4().hex[:10]}"
    central_factory.names.append(name)
    url = f"{central_factory.server}/{name}"
    first = run_wms("central", "init", "--url", url)
    assert first.returncode == 0, first.stderr
    head = central_migrate.head_revision()
    assert "created" in first.stdout and f"upgraded from empty to schema {head}" in first.stdout
    second = run_wms("central", "init", "--url", url)
    assert second.returncode == 0 and f"is up to date (schema {head})" in second.stdout
    missing = run_wms("central", "init", env={"WMS_CENTRAL_ADMIN_URL": ""})
    assert missing.returncode == 2 and "--url" in missing.stderr
