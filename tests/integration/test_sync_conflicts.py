# ruff: noqa: F811 - pytest fixtures are imported from pg_fixtures and used as arguments
"""Conflicts are recorded, not hidden, and resolved by compensating movements."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from sqlalchemy import update

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
    assert_consistent,
    central,  # noqa: F401 - fixture
    central_stock,
)
from wms.core.domain.errors import PermissionDenied, SyncError
from wms.core.domain.model import MovementDraft, MovementKind, StockKey
from wms.core.persistence.tables import MovementRow
from wms.core.sync import central_migrate, security
from wms.core.sync.central_migrate import connect
from wms.core.sync.conflicts import list_conflicts, resolve

pytestmark = pytest.mark.postgres

LAST_UNITS = ("LTH-BAG-01", "D-06-01-1", 18)  # sku, location, opening quantity


def _env(central: Central, station) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "WMS_STATION": station.station,
        "WMS_WAREHOUSE": central.warehouse,
        "WMS_CENTRAL_URL": central.warehouse_url,
        "WMS_CONFIG": "",
    }


def test_two_stations_take_the_last_unit(central: Central, tmp_path: Path) -> None:
    sku, location, on_hand = LAST_UNITS
    first = central.station(tmp_path / "a.db", "S-A")
    second = central.station(tmp_path / "b.db", "S-B")
    for station in (first, second):  # both offline, both see 18 and pick them all
        station.post(
            MovementDraft(
                kind=MovementKind.PICK,
                sku=sku,
                quantity=on_hand,
                from_location=location,
                to_location="PACK-01",
                reference="ORD-1004",
            )
        )
    first.sync(central.warehouse_url)
    report = second.sync(central.warehouse_url)
    assert report.pushed.inserted == 1 and report.pushed.conflicts == 1
    first.sync(central.warehouse_url)
    key = StockKey(central.warehouse, location, sku)
    assert central_stock(central.url, central.warehouse)[key] == -on_hand  # both picks stand
    assert first.stock()[key] == second.stock()[key] == -on_hand

    listed = run_wms("conflicts", "--format", "json", db=second.path, env=_env(central, second))
    assert listed.returncode == 0, listed.stderr
    [conflict] = json.loads(listed.stdout)
    assert conflict["kind"] == "negative_stock" and conflict["quantity"] == -on_hand
    assert conflict["detected_by"] == "S-B"
    assert conflict["detail"]["location"] == location
    assert {m["station"] for m in conflict["detail"]["movements"]} == {"S-B"}
    csv_out = run_wms("conflicts", "--format", "csv", db=second.path, env=_env(central, second))
    assert csv_out.stdout.splitlines()[0].startswith("id,kind,status,subject")

    with connect(central.warehouse_url) as conn, pytest.raises(PermissionDenied):
        resolve(
            second.sessions,
            conn,
            warehouse=central.warehouse,
            station=second.station,
            conflict_id=conflict["id"],
            operator="1001",  # an operator, not a supervisor
            note="found 18 more in the returns cage",
        )
    fixed = run_wms(
        "conflicts",
        "resolve",
        str(conflict["id"]),
        "--operator",
        "2001",
        "--note",
        "18 bags found in returns cage, recounted",
        db=second.path,
        env=_env(central, second),
    )
    assert fixed.returncode == 0, fixed.stderr
    assert f"adjust +{on_hand} {sku} at {location}" in fixed.stdout
    assert "marked resolved at central" in fixed.stdout
    second.sync(central.warehouse_url)
    first.sync(central.warehouse_url)
    assert key not in central_stock(central.url, central.warehouse)
    with connect(central.warehouse_url) as conn:
        assert list_conflicts(conn, central.warehouse) == []
        [closed] = list_conflicts(conn, central.warehouse, include_resolved=True)
    assert closed.status == "resolved" and closed.resolved_by == "2001"
    assert closed.resolution_movement_id in second.ids(own=True)
    assert_consistent(central.url, [first, second], central.warehouse)


def test_handling_unit_moved_by_two_stations(central: Central, tmp_path: Path) -> None:
    setup = central.station(tmp_path / "setup.db", "S-RCV")
    pallet = "361112340000000017"
    setup.post(
        MovementDraft(
            kind=MovementKind.RECEIVE,
            sku="CER-BWL-15",
            quantity=24,
            to_location="DOCK-01",
            to_handling_unit=pallet,
        )
    )
    setup.sync(central.warehouse_url)
    first = central.station(tmp_path / "a.db", "S-A")
    second = central.station(tmp_path / "b.db", "S-B")
    for station in (first, second):
        station.sync(central.warehouse_url)
    for station, target in ((first, "A-04-01-1"), (second, "B-04-02-2")):
        station.post(
            MovementDraft(
                kind=MovementKind.PUTAWAY,
                sku="CER-BWL-15",
                quantity=24,
                from_location="DOCK-01",
                to_location=target,
                from_handling_unit=pallet,
                to_handling_unit=pallet,
            )
        )
    first.sync(central.warehouse_url)
    second.sync(central.warehouse_url)
    with connect(central.warehouse_url) as conn:
        [conflict] = list_conflicts(conn, central.warehouse)
    assert conflict.kind == "handling_unit_moved_twice"
    assert conflict.subject.startswith(f"{pallet}@DOCK-01")
    assert conflict.quantity == -24


def test_count_that_disagrees_with_movements_made_meanwhile(
    central: Central, tmp_path: Path
) -> None:
    counter = central.station(tmp_path / "count.db", "S-COUNT")
    mover = central.station(tmp_path / "move.db", "S-MOVE")
    # the counter finds 38 of 40 and posts the variance; meanwhile the mover took 5 away
    counter.post(
        MovementDraft(
            kind=MovementKind.COUNT,
            sku="LTH-BAB-42",
            quantity=-2,
            to_location="D-06-02-1",
            reference="COUNT-1",
        ),
        operator="2001",
    )
    mover.post(
        MovementDraft(
            kind=MovementKind.MOVE,
            sku="LTH-BAB-42",
            quantity=5,
            from_location="D-06-02-1",
            to_location="P-03-01-1",
        )
    )
    mover.sync(central.warehouse_url)
    counter.sync(central.warehouse_url)
    with connect(central.warehouse_url) as conn:
        [conflict] = list_conflicts(conn, central.warehouse)
        assert conflict.kind == "count_disagrees"
        assert conflict.subject == "D-06-02-1|LTH-BAB-42|"
        assert conflict.detail["other_stations"] == ["S-MOVE"]
        with pytest.raises(Exception, match="--adjust"):
            resolve(
                counter.sessions,
                conn,
                warehouse=central.warehouse,
                station=counter.station,
                conflict_id=conflict.id,
                operator="2001",
                note="recount",
            )
        done = resolve(
            counter.sessions,
            conn,
            warehouse=central.warehouse,
            station=counter.station,
            conflict_id=conflict.id,
            operator="2001",
            note="recounted: 31 on the shelf",
            adjust=-2,
        )
    assert done.marked_at_central and done.movement is not None
    counter.sync(central.warehouse_url)
    mover.sync(central.warehouse_url)
    assert (
        central_stock(central.url, central.warehouse)[
            StockKey(central.warehouse, "D-06-02-1", "LTH-BAB-42")
        ]
        == 40 - 2 - 5 - 2
    )


def test_same_id_with_different_content_is_refused_and_reported(
    central: Central, tmp_path: Path
) -> None:
    station = central.station(tmp_path / "a.db", "S-A")
    station.random_work(random.Random(3), 6)
    station.sync(central.warehouse_url)
    with station.sessions() as session, session.begin():
        # a restored or tampered database: an already-sent movement now says something else
        session.execute(
            update(MovementRow)
            .where(MovementRow.station == "S-A", MovementRow.station_seq == 4)
            .values(quantity=MovementRow.quantity + 100)
        )
        from wms.core.persistence.sync_tables import SyncAckRow

        session.execute(update(SyncAckRow).where(SyncAckRow.origin == "S-A").values(acked_seq=0))
    before = central_stock(central.url, central.warehouse)
    report = station.sync(central.warehouse_url)
    assert [r.station_seq for r in report.pushed.refused] == [4]
    assert report.pushed.inserted == 0 and report.pushed.duplicates == 5
    assert central_stock(central.url, central.warehouse) == before  # not merged
    with connect(central.warehouse_url) as conn:
        [conflict] = list_conflicts(conn, central.warehouse)
    assert conflict.kind == "movement_refused"
    assert "different content" in conflict.detail["reason"]
    status = run_wms("sync", "--status", db=station.path, env=_env(central, station))
    assert "refused by central at the last sync: 1" in status.stdout


def test_protocol_versions_n_minus_one_and_n(
    central: Central, central_factory: CentralFactory, tmp_path: Path
) -> None:
    station = central.station(tmp_path / "a.db", "S-OLD")
    station.random_work(random.Random(8), 10)
    report = station.sync(central.warehouse_url, protocol=2)  # one version behind: accepted
    assert report.protocol == 2 and report.pushed.inserted == 10
    with admin(central.url) as conn:
        owners = conn.execute(
            "SELECT DISTINCT owner FROM movements WHERE station_id = 'S-OLD'"
        ).fetchall()
    assert owners == [("HUB",)]  # protocol 2 carries no owner: the hub's
    with pytest.raises(SyncError, match=r"central accepts versions 2\.\.3"):
        station.sync(central.warehouse_url, protocol=1)
    # a central older than the push API (revision c0008) is named in one sentence and the
    # station's status keeps it; once central is upgraded the same station syncs
    old_url = central_factory.database(revision="c0007")
    old = central_factory.create(url=old_url, setup=False)
    newer = old.station(tmp_path / "b.db", "S-NEW")
    newer.random_work(random.Random(9), 10)
    with pytest.raises(SyncError, match=r"run 'wms central init' against central to upgrade"):
        newer.sync(old.warehouse_url)
    status = run_wms("sync", "--status", db=newer.path, env=_env(old, newer))
    assert "older than this station's" in status.stdout
    central_migrate.upgrade(old_url)
    security.install(old_url)
    after = newer.sync(old.warehouse_url)
    assert after.protocol == 3 and after.pushed.inserted > 10 and after.waiting == 0
    assert_consistent(old_url, [newer], old.warehouse)


def test_clock_far_off_is_reported(central: Central, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    station = central.station(tmp_path / "a.db", "S-CLOCK")
    report = station.sync(
        central.warehouse_url, clock=lambda: datetime.now(UTC) - timedelta(hours=3)
    )
    assert report.clock_skew_seconds < -3 * 3600 + 600
    assert any("behind central" in warning for warning in report.warnings)
    assert "WARNING station clock" in report.line()
    status = run_wms("sync", "--status", db=station.path, env=_env(central, station))
    assert "WARNING station clock differs from central" in status.stdout
