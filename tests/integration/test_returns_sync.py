# ruff: noqa: F811 - pytest fixtures are imported from pg_fixtures and used as arguments
"""Closed returns reach central through its narrow API: pushed once (a re-sent return is
recognised, one changed since is refused, never merged), each warehouse's role sees only its
own, a station role pushes only its own returns and writes no table itself; every station of
the warehouse pulls the others' returns from a gapless returns feed. Each test runs on plain
PostgreSQL and on Citus."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import update

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
)
from tests.integration.test_workflow_support import FakeClock
from wms.core.persistence.returns_tables import ReturnLineRow, ReturnRow
from wms.core.services.demo import each_gtin
from wms.core.services.returns_demo import RETURNABLE_SSCC
from wms.core.services.workflows import Input, StationSession
from wms.core.sync import security
from wms.core.sync.central_migrate import libpq_url
from wms.core.sync.returns_sync import push_return_batch, unpushed

pytestmark = pytest.mark.postgres

BOWL = each_gtin(52)


def _login(url: str) -> psycopg.Connection:
    return psycopg.connect(libpq_url(url), autocommit=True)


def graded_return(station, warehouse: str) -> str:  # type: ignore[no-untyped-def]
    """ORD-0902 back at the station's bench: two bowls resellable, then closed."""
    clock = FakeClock()
    session = StationSession(
        station.sessions, warehouse=warehouse, station=station.station, clock=clock
    )
    assert session.login("1001", "1234").ok
    assert session.set_mode("returns").ok
    number = ""
    for item in (f"00{RETURNABLE_SSCC}", "@key 2", BOWL, "CMD:GRADE:resellable",
                 "CMD:REASON:changed_mind", "CMD:DONE"):  # fmt: skip
        clock.advance(seconds=1)
        got = session.handle(Input.key(item[5:]) if item.startswith("@key ") else item)
        assert got.ok, got.message
        number = number or got.context.get("return", "")
    return number


def central_returns(url: str, warehouse: str) -> dict[str, list[tuple[object, ...]]]:
    with admin(url) as conn:
        heads = conn.execute(
            "SELECT number, order_number, owner, status FROM returns WHERE warehouse_id = %s",
            (warehouse,),
        ).fetchall()
        lines = conn.execute(
            "SELECT number, sku, quantity, grade, reason, unit_value FROM return_lines "
            "WHERE warehouse_id = %s ORDER BY number, line",
            (warehouse,),
        ).fetchall()
    return {
        number: [(order, owner, status), *[tuple(x[1:]) for x in lines if x[0] == number]]
        for number, order, owner, status in heads
    }


def test_a_closed_return_is_pushed_once_and_a_changed_one_is_refused(
    central: Central, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    # the demo's return went up with the set-up station's first sync
    held = central_returns(central.url, central.warehouse)
    assert list(held) == ["RET-CMN1-SETUP-00001"]
    station = central.station(tmp_path / "s1.db", "CMN1-S01")
    number = graded_return(station, central.warehouse)
    first = station.sync(central.warehouse_url)
    assert (first.returns_pushed.sent, first.returns_pushed.inserted) == (1, 1)
    assert "returns pushed 1" in first.line()
    held = central_returns(central.url, central.warehouse)
    assert held[number] == [
        ("ORD-0902", "HUB", "closed"),
        ("CER-BWL-15", 2, "resellable", "changed_mind", 12),
    ]
    assert station.sync(central.warehouse_url).returns_pushed.sent == 0  # acknowledged
    # a return sent again (its acknowledgement lost) is recognised, not inserted twice
    with station.sessions() as session, session.begin():
        session.execute(update(ReturnRow).values(pushed_at=None))
    again = station.sync(central.warehouse_url).returns_pushed
    assert (again.sent, again.inserted, again.duplicates, again.refused) == (1, 0, 1, [])
    # one changed since central took it is refused and stays unacknowledged here
    with station.sessions() as session, session.begin():
        session.execute(update(ReturnRow).values(pushed_at=None))
        session.execute(update(ReturnLineRow).where(ReturnLineRow.number == number)
                        .values(quantity=3))  # fmt: skip
    changed = station.sync(central.warehouse_url)
    assert changed.returns_pushed.refused == [number]
    assert any(f"returns {number} refused" in w for w in changed.warnings)
    assert central_returns(central.url, central.warehouse)[number][1][1] == 2
    with station.sessions() as session:
        assert session.get(ReturnRow, number).pushed_at is None
    station.close()


def test_each_warehouse_sees_only_its_returns_and_stations_push_only_their_own(
    central: Central, central_factory: CentralFactory, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    other = central_factory.create(url=central.url)
    station = central.station(tmp_path / "s1.db", "CMN1-S01")
    graded_return(station, central.warehouse)
    with station.sessions() as session:
        batch = unpushed(session, central.warehouse, "CMN1-S01")
    creds = security.add_station(central.url, "CMN1-S02", central.warehouse)
    with _login(creds.url) as conn:
        # another station's return: refused, nothing written
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            push_return_batch(conn, central.warehouse, "CMN1-S02", batch)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO returns VALUES (%s, 'X', '', '', 'HUB', 'closed', '1001', "
                "'CMN1-S02', now(), now(), now())",
                (central.warehouse,),
            )
    own = security.add_station(central.url, "CMN1-S01", central.warehouse)
    with _login(own.url) as conn:
        answer = push_return_batch(conn, central.warehouse, "CMN1-S01", batch)
        assert answer["inserted"] == 1
        # a station role may not push to another warehouse either
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            push_return_batch(conn, other.warehouse, "CMN1-S01", batch)
    for mine in (central, other):
        with _login(mine.warehouse_url) as conn:
            for table in ("returns", "return_lines", "returns_feed_counters"):
                seen = {w for (w,) in conn.execute(f"SELECT warehouse_id FROM {table}")}
                assert seen == {mine.warehouse}, table
    station.close()


def test_every_station_of_the_warehouse_pulls_the_others_returns(
    central: Central, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    bench = central.station(tmp_path / "s1.db", "CMN1-S01")
    supervisor = central.station(tmp_path / "s2.db", "CMN1-S02")
    number = graded_return(bench, central.warehouse)
    bench.sync(central.warehouse_url)
    report = supervisor.sync(central.warehouse_url)
    # the feed holds the demo's return (pushed by the set-up station, whose copy every station
    # starts from: recognised) and the bench's (new here)
    pulled_now = report.returns_pulled
    assert (pulled_now.returns, pulled_now.added, pulled_now.feed_seq) == (2, 1, 2)
    assert "returns pushed 0, pulled 1" in report.line()
    with supervisor.sessions() as session:
        pulled = session.get(ReturnRow, number)
        assert pulled is not None
        assert (pulled.order, pulled.station, pulled.status) == ("ORD-0902", "CMN1-S01", "closed")
        lines = session.query(ReturnLineRow).filter(ReturnLineRow.number == number).all()
        assert [(x.sku, x.quantity, x.grade, x.reason) for x in lines] == [
            ("CER-BWL-15", 2, "resellable", "changed_mind")
        ]
    # nothing twice: the next syncs read nothing new, and the bench recognises its own
    assert supervisor.sync(central.warehouse_url).returns_pulled.added == 0
    assert bench.sync(central.warehouse_url).returns_pulled.added == 0
    with admin(central.url) as conn:
        seqs = [
            seq
            for (seq,) in conn.execute(
                "SELECT feed_seq FROM returns WHERE warehouse_id = %s ORDER BY feed_seq",
                (central.warehouse,),
            )
        ]
        (last,) = conn.execute(
            "SELECT last_seq FROM returns_feed_counters WHERE warehouse_id = %s",
            (central.warehouse,),
        ).fetchone()
    assert seqs == [1, 2] and last == 2
    bench.close()
    supervisor.close()
