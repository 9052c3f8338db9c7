# ruff: noqa: F811 - pytest fixtures are imported from pg_fixtures and used as arguments
"""The attacks the security probes of issue 12 made as warehouse and station roles, each run
again with a real login and refused."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime
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
    central,  # noqa: F401 - fixture
    central_ledger_sums,
)
from wms.core.domain.model import StockKey
from wms.core.sync import security
from wms.core.sync.central_migrate import libpq_url

pytestmark = pytest.mark.postgres


def login(url: str) -> psycopg.Connection:
    return psycopg.connect(libpq_url(url), autocommit=True)


def insert_movement(conn: psycopg.Connection, warehouse: str, station: str, **values: object):  # type: ignore[no-untyped-def]
    row = {
        "w": warehouse,
        "id": str(uuid.uuid4()),
        "s": station,
        "seq": random.randint(10**6, 10**9),
        "kind": "adjust",
        "sku": "SAF-1G",
        "quantity": 1,
        "from_location": "",
        "to_location": "A-01-01-1",
        "transfer_id": "",
        "reference": "",
        "at": datetime.now(UTC),
        "feed": random.randint(10**6, 10**9),
        **values,
    }
    transfer = row["kind"] in ("transfer_out", "transfer_in")
    with conn.transaction():
        if transfer:
            # as a push does: the next feed number under the warehouse's feed lock
            row["feed"] = conn.execute("SELECT wms_feed_lock(%s)", (warehouse,)).fetchone()[0] + 1
        conn.execute(
            "INSERT INTO movements (warehouse_id, id, station_id, station_seq, operator, kind, "
            "sku, quantity, from_location, to_location, transfer_id, reference, created_at, "
            "feed_seq) VALUES (%(w)s, %(id)s, %(s)s, %(seq)s, '1001', %(kind)s, %(sku)s, "
            "%(quantity)s, %(from_location)s, %(to_location)s, %(transfer_id)s, %(reference)s, "
            "%(at)s, %(feed)s)",
            row,
        )
        if transfer:
            conn.execute("SELECT wms_feed_advance(%s, %s)", (warehouse, row["feed"]))
    if transfer:
        # and after its commit (revision c0009): hand central the transfer
        conn.execute("SELECT wms_capture_transfers(%s)", (warehouse,))
    return row["id"]


def test_probe_3_no_role_of_a_warehouse_posts_as_station_central(central: Central) -> None:
    station = security.add_station(central.url, "CMN1-P3", central.warehouse)
    for url in (central.warehouse_url, station.url):
        with (
            login(url) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"),
        ):
            insert_movement(conn, central.warehouse, "CENTRAL")


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
        insert_movement(
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
            insert_movement(
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
    # the true receipt still settles
    with login(central.warehouse_url) as conn:
        insert_movement(
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
            for table in ("feed_counters", "sync_state"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                    conn.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("UPDATE feed_counters SET last_seq = last_seq + 5")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "SELECT * FROM feed_counters WHERE warehouse_id = %s FOR UPDATE",
                    (central.warehouse,),
                )
            # the functions refuse another warehouse, a counter moved over nothing or back
            for call, args in (
                ("SELECT wms_feed_lock(%s)", (other.warehouse,)),
                ("SELECT wms_acknowledge(%s, %s, 5, NULL)", (other.warehouse, "X")),
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(call, args)
            with conn.transaction():
                last = conn.execute("SELECT wms_feed_lock(%s)", (central.warehouse,)).fetchone()[0]
                for upto in (last + 5, last - 1):
                    with pytest.raises(psycopg.errors.InvalidParameterValue), conn.transaction():
                        conn.execute("SELECT wms_feed_advance(%s, %s)", (central.warehouse, upto))
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SELECT wms_station_pulled(%s, 'CENTRAL', 0)", (central.warehouse,))
    with login(station.url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(
            "SELECT wms_acknowledge(%s, %s, 100000, NULL)", (central.warehouse, "CMN1-OTHER")
        )


def test_probe_4_conflicts_are_resolved_only_by_a_supervisor_through_central(
    central_factory: CentralFactory, central: Central
) -> None:
    other = central_factory.create(url=central.url, setup=False)
    station = security.add_station(central.url, "CMN1-P4K", central.warehouse)
    with login(station.url) as conn:
        assert conn.execute(
            "SELECT wms_record_conflict(%s, %s, 'negative_stock', 'A-01-01-1|SAF-1G', -3, '{}')",
            (central.warehouse, station.station),
        ).fetchone() == (True,)
        [(conflict_id,)] = conn.execute(
            "SELECT conflict_id FROM conflicts WHERE status = 'open' AND subject = "
            "'A-01-01-1|SAF-1G'"
        ).fetchall()
        # no table privilege: no direct update, no lock
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE conflicts SET status = 'resolved'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
            conn.execute("LOCK TABLE conflicts IN ACCESS EXCLUSIVE MODE")
        # the functions refuse kinds a push does not detect, other warehouses, other stations
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            conn.execute(
                "SELECT wms_record_conflict(%s, %s, 'transfer_difference', 'x', 1, '{}')",
                (central.warehouse, station.station),
            )
        for warehouse, by in ((other.warehouse, station.station), (central.warehouse, "CMN1-Z")):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "SELECT wms_record_conflict(%s, %s, 'negative_stock', 'x', 1, '{}')",
                    (warehouse, by),
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
