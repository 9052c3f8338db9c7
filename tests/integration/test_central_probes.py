# ruff: noqa: F811 - pytest fixtures are imported from pg_fixtures and used as arguments
"""The attacks the security probes of issue 12 made as warehouse and station roles, each run
again with a real login and refused."""

from __future__ import annotations

import random
from pathlib import Path

import psycopg
import pytest

from tests.integration.citus_fixtures import (
    engine,  # noqa: F401 - fixture
    engine_central_factory,  # noqa: F401 - fixture central_factory (both engines)
    postgres_central_factory,  # noqa: F401 - fixture
)
from tests.integration.pg_fixtures import (
    Central,
    CentralFactory,
    admin,
    assert_feed_gapless,
    central,  # noqa: F401 - fixture
    central_ids,
    central_ledger_sums,
    central_stock,
    movement_row,
    push_rows,
)
from wms.core.domain.model import StockKey
from wms.core.sync import security
from wms.core.sync.central_migrate import connect, libpq_url
from wms.core.sync.central_schema import MOVEMENT_COLUMNS
from wms.core.sync.conflicts import ConflictKind, list_conflicts

pytestmark = pytest.mark.postgres


def login(url: str) -> psycopg.Connection:
    return psycopg.connect(libpq_url(url), autocommit=True)


def push_one(conn: psycopg.Connection, warehouse: str, station: str, **values: object) -> str:
    """Push one hand-made movement of ``station`` through ``wms_push``; its id."""
    row = movement_row(warehouse, station, random.randint(10**6, 10**9), **values)
    push_rows(conn, warehouse, station, [row])
    return str(row[MOVEMENT_COLUMNS.index("id")])


def central_tables(url: str) -> dict[str, str]:
    """Every table of the central database (partitions included), with its first column."""
    with admin(url) as conn:
        return dict(
            conn.execute(
                "SELECT c.relname, a.attname FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1 "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1"
            ).fetchall()
        )


def warehouse_tables(url: str) -> set[str]:
    """The tables of the central database with a ``warehouse_id`` column."""
    with admin(url) as conn:
        return {
            name
            for (name,) in conn.execute(
                "SELECT table_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND column_name = 'warehouse_id'"
            ).fetchall()
        }


def test_narrow_api_no_role_of_a_warehouse_writes_or_locks_any_table(central: Central) -> None:
    station = security.add_station(central.url, "CMN1-NA", central.warehouse)
    tables = central_tables(central.url)
    keyed = warehouse_tables(central.url)
    assert {"movements", "stock", "feed_counters", "sync_state", "conflicts", "feed"} <= set(tables)
    for url in (central.warehouse_url, station.url):
        with login(url) as conn:
            for table, column in tables.items():
                own = f"WHERE warehouse_id = '{central.warehouse}'" if table in keyed else ""
                for statement in (
                    f"INSERT INTO {table} DEFAULT VALUES",
                    f"UPDATE {table} SET {column} = {column}",
                    f"DELETE FROM {table}",
                    f"TRUNCATE {table}",
                    f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE",
                    f"LOCK TABLE {table} IN ROW EXCLUSIVE MODE",
                    # (its own warehouse's rows: Citus refuses a FOR UPDATE over all shards
                    # before it looks at privileges)
                    f"SELECT 1 FROM {table} {own} FOR UPDATE",
                ):
                    with (
                        pytest.raises(psycopg.errors.InsufficientPrivilege),
                        conn.transaction(),
                    ):
                        conn.execute(statement)
            # no temporary tables either (nothing a push needs)
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute("CREATE TEMP TABLE wms_probe (x int)")


def test_narrow_api_roles_execute_only_the_api_functions(central: Central) -> None:
    station = security.add_station(central.url, "CMN1-NF", central.warehouse)
    allowed = {name.split("(")[0] for name in security.API_FUNCTIONS} | {
        "wms_role_warehouse",
        "wms_role_station",
        "wms_is_admin",
    }
    with admin(central.url) as conn:
        for role in (central.warehouse_url, station.url):
            login_role = role.split("://", 1)[1].split(":", 1)[0]
            executable = {
                name
                for (name,) in conn.execute(
                    "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    "WHERE n.nspname = current_schema() AND p.proname LIKE 'wms%%' "
                    "AND has_function_privilege(%s, p.oid, 'EXECUTE')",
                    (login_role,),
                ).fetchall()
            }
            assert executable == allowed, login_role
    with login(station.url) as conn:
        for call in (
            "SELECT wms_transfer_publish(%s)",
            "SELECT wms_check_caller(%s, NULL)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(call, (central.warehouse,))


def test_probe_3_no_role_of_a_warehouse_posts_as_station_central(central: Central) -> None:
    station = security.add_station(central.url, "CMN1-P3", central.warehouse)
    for url, pusher in ((central.warehouse_url, "CMN1-X"), (station.url, station.station)):
        with login(url) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="station CENTRAL"):
                push_one(conn, central.warehouse, "CENTRAL")
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="CENTRAL"):
                push_rows(conn, central.warehouse, "CENTRAL", [])
            # one CENTRAL row hidden among good ones refuses the whole batch
            rows = [movement_row(central.warehouse, pusher, seq) for seq in (1, 2)]
            rows.append(movement_row(central.warehouse, "CENTRAL", 3))
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="CENTRAL"):
                push_rows(conn, central.warehouse, pusher, rows)
    assert central_ids(central.url, central.warehouse, "CENTRAL") == []


def test_the_push_checks_every_row_it_is_given(central_factory: CentralFactory) -> None:
    mine = central_factory.create()
    other = central_factory.create(url=mine.url, setup=False)
    station = security.add_station(mine.url, "CMN1-PV", mine.warehouse)
    w = mine.warehouse
    with login(station.url) as conn:
        for pusher, row, error, message in (
            # another warehouse's call, or its rows in this warehouse's call
            (station.station, movement_row(other.warehouse, station.station, 1),
             psycopg.errors.InsufficientPrivilege, "of warehouse"),
            # a station role pushes only its own station's movements, as itself
            (station.station, movement_row(w, "CMN1-OTHER", 1),
             psycopg.errors.InsufficientPrivilege, "pushes only station"),
            ("CMN1-OTHER", movement_row(w, "CMN1-OTHER", 1),
             psycopg.errors.InsufficientPrivilege, "may not write the sync state"),
            # kinds stations post, positive sequence numbers
            (station.station, movement_row(w, station.station, 1, kind="teleport"),
             psycopg.errors.InvalidParameterValue, "kind teleport"),
            (station.station, movement_row(w, station.station, 0),
             psycopg.errors.InvalidParameterValue, "positive station_seq"),
        ):  # fmt: skip
            with pytest.raises(error, match=message):
                push_rows(conn, w, pusher, [row])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="may not sync"):
            push_rows(conn, other.warehouse, station.station, [])
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="JSON array"):
            conn.execute("SELECT wms_push(%s, %s, 0, '{}')", (w, station.station))
        # the feed number is central's: a row carrying one more field than the spec gets the
        # next number anyway, and every other bench's push still goes through
        before = conn.execute("SELECT last_seq FROM feed_counters").fetchone()[0]
        row = movement_row(w, station.station, 1)
        push_rows(conn, w, station.station, [[*row, 1]])
        assert conn.execute("SELECT last_seq FROM feed_counters").fetchone()[0] == before + 1
    assert_feed_gapless(mine.url, w)
    with login(mine.warehouse_url) as conn:
        assert push_rows(conn, w, "CMN1-Y", [movement_row(w, "CMN1-Y", 1)])["inserted"] == 1
    assert central_stock(mine.url, w) == central_ledger_sums(mine.url, w)


def feed_order(url: str, warehouse: str) -> list[tuple[str, int]]:
    """(station, station_seq) of a warehouse's movements in feed order."""
    with admin(url) as conn:
        return [
            (str(station), int(seq))
            for station, seq in conn.execute(
                "SELECT station_id, station_seq FROM movements WHERE warehouse_id = %s "
                "ORDER BY feed_seq",
                (warehouse,),
            ).fetchall()
        ]


@pytest.mark.parametrize(
    "sent",
    [
        [("CMN1-A", 1), ("CMN1-A", 2), ("CMN1-B", 1), ("CMN1-B", 2)],  # as a station sends it
        [("CMN1-B", 2), ("CMN1-A", 2), ("CMN1-B", 1), ("CMN1-A", 1)],  # shuffled
        [("CMN1-B", 1), ("CMN1-B", 2), ("CMN1-A", 1), ("CMN1-A", 2)],  # origins out of order
    ],
    ids=["in-order", "shuffled", "origins-swapped"],
)
def test_the_feed_numbers_a_batch_by_station_and_sequence_whatever_order_it_came_in(
    central_factory: CentralFactory, sent: list[tuple[str, int]]
) -> None:
    mine = central_factory.create()
    w = mine.warehouse
    before = feed_order(mine.url, w)
    rows = [movement_row(w, station, seq) for station, seq in sent]
    with login(mine.warehouse_url) as conn:
        assert push_rows(conn, w, "CMN1-A", rows)["inserted"] == 4
    assert feed_order(mine.url, w)[len(before) :] == sorted(sent)
    assert_feed_gapless(mine.url, w)
    assert central_stock(mine.url, w) == central_ledger_sums(mine.url, w)


def test_sync_status_answers_only_about_the_callers_own(central_factory: CentralFactory) -> None:
    mine = central_factory.create()
    other = central_factory.create(url=mine.url, setup=False)
    station = security.add_station(mine.url, "CMN1-PS", mine.warehouse)
    with login(station.url) as conn:
        push_rows(conn, mine.warehouse, station.station, [
            movement_row(mine.warehouse, station.station, seq) for seq in (1, 2, 3)
        ])  # fmt: skip
        feed, acked, top, _open = conn.execute(
            "SELECT * FROM wms_sync_status(%s, %s)", (mine.warehouse, station.station)
        ).fetchone()
        assert (acked, top) == (3, 3) and feed > 3
        for warehouse, of in ((mine.warehouse, "CMN1-SETUP"), (other.warehouse, station.station)):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SELECT * FROM wms_sync_status(%s, %s)", (warehouse, of))


def test_probe_4_a_station_role_cannot_touch_another_stations_sync_state(
    central: Central,
) -> None:
    mine = security.add_station(central.url, "CMN1-P4A", central.warehouse)
    theirs = security.add_station(central.url, "CMN1-P4B", central.warehouse)
    with admin(central.url) as conn:
        conn.execute(
            "INSERT INTO sync_state (warehouse_id, station_id, acked_seq) VALUES (%s, %s, 7)",
            (central.warehouse, theirs.station),
        )
    with login(mine.url) as conn:
        # no table privilege to write sync state at all, and another station's row is invisible
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "UPDATE sync_state SET acked_seq = 10000 WHERE station_id = %s", (theirs.station,)
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO sync_state (warehouse_id, station_id, acked_seq) VALUES (%s, %s, 0)",
                (central.warehouse, "CMN1-P4C"),
            )
        assert conn.execute("SELECT station_id FROM sync_state").fetchall() == []
        # the functions write only its own row
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "SELECT wms_station_pulled(%s, %s, 99)", (central.warehouse, theirs.station)
            )
        conn.execute("SELECT wms_station_pulled(%s, %s, 0)", (central.warehouse, mine.station))
        assert conn.execute("SELECT station_id FROM sync_state").fetchall() == [(mine.station,)]
    with admin(central.url) as conn:
        [(acked,)] = conn.execute(
            "SELECT acked_seq FROM sync_state WHERE warehouse_id = %s AND station_id = %s",
            (central.warehouse, theirs.station),
        ).fetchall()
    assert acked == 7


def test_probe_5_the_role_map_is_for_administrators_only(
    central_factory: CentralFactory, central: Central
) -> None:
    other = central_factory.create(url=central.url, setup=False)
    station = security.add_station(central.url, "CMN1-P5", central.warehouse)
    with admin(central.url) as conn:
        admin_role = conn.execute("SELECT admin_role FROM central_info").fetchone()[0]
        other_role = conn.execute(
            "SELECT role_name FROM warehouses WHERE warehouse_id = %s", (other.warehouse,)
        ).fetchone()[0]
        # an administrator sees the whole map
        assert conn.execute("SELECT wms_role_warehouse(%s)", (other_role,)).fetchone()[0] == (
            other.warehouse
        )
    for url in (central.warehouse_url, station.url):
        with login(url) as conn:
            for call in ("wms_role_warehouse", "wms_role_station"):
                assert conn.execute(f"SELECT {call}(%s)", (other_role,)).fetchone()[0] is None
            assert conn.execute("SELECT wms_is_admin(%s)", (admin_role,)).fetchone()[0] is False
            assert conn.execute("SELECT wms_role_warehouse(current_user)").fetchone()[0] == (
                central.warehouse
            )
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SELECT * FROM central_roles")


def test_probe_5_passwords_reach_central_only_as_scram_verifiers(central: Central) -> None:
    creds = security.add_station(central.url, "CMN1-P5S", central.warehouse)
    with admin(central.url) as conn:
        statement = security.login_role_statement("some_role", "some_group", creds.password)
        text = statement.as_string(conn)
        assert creds.password not in text and "SCRAM-SHA-256$4096:" in text
        [(stored,)] = conn.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (creds.role,)
        ).fetchall()
        assert stored == security.scram_verifier(
            creds.password, salt=stored.split("$")[1].split(":")[1]
        )
        conn.execute("SET password_encryption = 'scram-sha-256'")
        conn.execute(f"CREATE ROLE {central.name}_scram_probe PASSWORD 'correct horse'")
        try:
            [(made_by_postgres,)] = conn.execute(
                "SELECT rolpassword FROM pg_authid WHERE rolname = %s",
                (f"{central.name}_scram_probe",),
            ).fetchall()
        finally:
            conn.execute(f"DROP ROLE {central.name}_scram_probe")
    # the verifier computed here is the one PostgreSQL computes, given the same salt
    salt = made_by_postgres.split("$")[1].split(":")[1]
    assert security.scram_verifier("correct horse", salt=salt) == made_by_postgres


def _transfer(central: Central, source: Central, transfer: str) -> None:
    """``source`` sends 5 x SAF-1G to ``central``'s warehouse (a line waiting there)."""
    with login(source.warehouse_url) as conn:
        push_one(
            conn,
            source.warehouse,
            "SRC-1",
            kind="transfer_out",
            from_location="A-01-01-1",
            to_location="TRANSIT",
            quantity=5,
            transfer_id=transfer,
            reference=f"to:{central.warehouse}",
        )


def test_probe_1_a_receipt_that_does_not_match_the_transfer_is_refused(
    central_factory: CentralFactory, central: Central, tmp_path: Path
) -> None:
    source = central_factory.create(url=central.url)
    _transfer(central, source, "TR-PROBE-1")
    transit = StockKey(source.warehouse, "TRANSIT", "SAF-1G")
    assert central_ledger_sums(central.url, source.warehouse)[transit] == 5
    with login(central.warehouse_url) as conn:
        for sku, quantity in (("SAF-1G", -777), ("ARG-OIL-100", 5), ("SAF-1G", 6)):
            push_one(
                conn,
                central.warehouse,
                "CMN1-X",
                kind="transfer_in",
                sku=sku,
                quantity=quantity,
                transfer_id="TR-PROBE-1",
                reference=f"from:{source.warehouse}",
            )
    # nothing reached the source's ledger: its transit still holds what was sent
    with admin(central.url) as conn:
        central_rows = conn.execute(
            "SELECT count(*) FROM movements WHERE warehouse_id = %s AND station_id = 'CENTRAL'",
            (source.warehouse,),
        ).fetchone()[0]
        refused = conn.execute(
            "SELECT detail->>'reason' FROM conflicts WHERE warehouse_id = %s "
            "AND kind = 'transfer_receipt_refused' ORDER BY conflict_id",
            (central.warehouse,),
        ).fetchall()
    assert central_rows == 0
    assert central_ledger_sums(central.url, source.warehouse)[transit] == 5
    assert [r for (r,) in refused] == [
        "quantity is not positive",
        "no line of the transfer has this product, lot, handling unit and status",
        "more received than was sent",
    ]
    # the refusals are listed with the warehouse's conflicts
    with connect(central.warehouse_url) as conn:
        kinds = [c.kind for c in list_conflicts(conn, central.warehouse)]
    assert kinds.count(ConflictKind.TRANSFER_RECEIPT_REFUSED) == 3
    # the true receipt still settles
    with login(central.warehouse_url) as conn:
        push_one(
            conn,
            central.warehouse,
            "CMN1-X",
            kind="transfer_in",
            quantity=5,
            transfer_id="TR-PROBE-1",
            reference=f"from:{source.warehouse}",
        )
    assert transit not in central_ledger_sums(central.url, source.warehouse)


def test_probe_2_and_4_feed_counters_and_sync_state_cannot_be_locked_or_moved(
    central_factory: CentralFactory, central: Central
) -> None:
    other = central_factory.create(url=central.url, setup=False)
    station = security.add_station(central.url, "CMN1-P2", central.warehouse)
    for url in (central.warehouse_url, station.url):
        with login(url) as conn:
            for table in ("feed_counters", "sync_state", "stock", "conflicts", "movements"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                    conn.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
                with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                    conn.execute(
                        f"SELECT * FROM {table} WHERE warehouse_id = %s FOR UPDATE",
                        (central.warehouse,),
                    )
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("UPDATE feed_counters SET last_seq = last_seq + 5")
            # the step functions of revisions c0006/c0007 are gone: wms_push does their work
            for gone in ("wms_feed_lock(%s)", "wms_feed_advance(%s, 5)"):
                with pytest.raises(psycopg.errors.UndefinedFunction):
                    conn.execute(f"SELECT {gone}", (central.warehouse,))
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SELECT wms_station_pulled(%s, 'CENTRAL', 0)", (central.warehouse,))
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SELECT wms_station_pulled(%s, 'X', 0)", (other.warehouse,))
    # a station role's push acknowledges only its own station
    with login(station.url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        push_one(conn, central.warehouse, "CMN1-OTHER")


def test_probe_4_conflicts_are_resolved_only_by_a_supervisor_through_central(
    central: Central,
) -> None:
    station = security.add_station(central.url, "CMN1-P4K", central.warehouse)
    with login(station.url) as conn:
        # a push that takes more than there is records the conflict (central decides)
        answer = push_rows(conn, central.warehouse, station.station, [
            movement_row(central.warehouse, station.station, 1, kind="move",
                         from_location="B-07-01-1", to_location="A-01-01-1", quantity=3)
        ])  # fmt: skip
        assert answer["conflicts"] == 1
        [(conflict_id,)] = conn.execute(
            "SELECT conflict_id FROM conflicts WHERE status = 'open' AND kind = 'negative_stock'"
            " AND subject LIKE 'B-07-01-1|SAF-1G|%'"
        ).fetchall()
        # no table privilege: no direct update, no lock, no recording conflicts by hand
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE conflicts SET status = 'resolved'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
            conn.execute("LOCK TABLE conflicts IN ACCESS EXCLUSIVE MODE")
        with pytest.raises(psycopg.errors.UndefinedFunction):
            conn.execute(
                "SELECT wms_record_conflict(%s, %s, 'negative_stock', 'x', 1, '{}')",
                (central.warehouse, station.station),
            )
        # only a supervisor's or admin's badge closes it, with a note
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "SELECT wms_resolve_conflict(%s, %s, '1001', 'counted again', NULL)",
                (central.warehouse, conflict_id),
            )
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            conn.execute(
                "SELECT wms_resolve_conflict(%s, %s, '2001', ' ', NULL)",
                (central.warehouse, conflict_id),
            )
        assert conn.execute(
            "SELECT wms_resolve_conflict(%s, %s, '2001', 'counted again', NULL)",
            (central.warehouse, conflict_id),
        ).fetchone() == (True,)
        assert conn.execute(
            "SELECT status, resolved_by FROM conflicts WHERE conflict_id = %s", (conflict_id,)
        ).fetchone() == ("resolved", "2001")
