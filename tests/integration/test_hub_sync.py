"""Every station of a hub agrees: parcel events (arrived, sorted, held, released, handed over,
set aside) sync through central like movements - pushed once by event id, numbered in a
gapless parcel feed per warehouse, pulled and replayed by the other stations of the hub; two
stations moving the same parcel without seeing each other is a conflict, not an overwrite; bag
SSCCs never collide between stations. Each test runs on plain PostgreSQL and on Citus."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import delete, func, select

from tests.integration.citus_fixtures import (
    engine,  # noqa: F401 - fixture
    engine_central_factory,  # noqa: F401 - fixture central_factory (both engines)
    postgres_central_factory,  # noqa: F401 - fixture
)
from tests.integration.hub_fixtures import Parcel, Prealert, tracking
from tests.integration.pg_fixtures import (
    Central,
    CentralFactory,
    Station,
    admin,
    checkpoint,
    copy_station,
)
from tests.integration.test_sync_faults import CutProxy
from wms.core.domain.errors import SyncError
from wms.core.domain.hub import ParcelState
from wms.core.domain.hub_rules import HubSettings
from wms.core.persistence.hub_tables import (
    HubEventWaitingRow,
    HubParcelEventRow,
    HubParcelRow,
)
from wms.core.persistence.tables import SortRuleRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.hub.customs import import_decisions_bytes
from wms.core.services.hub.deconsolidation import decide, hand_over, record_sort
from wms.core.services.hub.prealert import import_prealert_bytes
from wms.core.services.ledger import Actor
from wms.core.services.outbound.sort_plan import load_plan
from wms.core.sync import security
from wms.core.sync.central_migrate import libpq_url
from wms.core.sync.central_schema import EVENT_COLUMNS
from wms.core.sync.conflicts import ConflictKind, list_conflicts
from wms.core.sync.hub_events import push_event_batch, read_events

pytestmark = pytest.mark.postgres

BAG = "BAG001"
PLAN = [
    (10, "SORT-CA", {"country": "FR", "postcode_prefix": "75"}),
    (20, "SORT-FR", {"country": "FR"}),
    (30, "SORT-BE", {"carrier": "BPOST"}),
    (40, "SORT-ES", {"country": "ES"}),
]


def prealert(count: int = 6) -> Prealert:
    return Prealert([Parcel(tracking(n), BAG, "FR") for n in range(1, count + 1)])


def hub_station(central: Central, path: Path, code: str, *, parcels: Prealert | None) -> Station:
    """A station of the hub: the demo site, the LASTMILE sort plan, the pre-alert (if any)."""
    station = central.station(path, code)
    with UnitOfWork(station.sessions) as uow:
        uow.session.execute(delete(SortRuleRow).where(SortRuleRow.plan == "LASTMILE"))
        for priority, destination, criteria in PLAN:
            uow.session.add(
                SortRuleRow(
                    warehouse=central.warehouse,
                    plan="LASTMILE",
                    priority=priority,
                    destination=destination,
                    **criteria,
                )
            )
        uow.commit()
    if parcels is not None:
        import_prealert_bytes(station.sessions, parcels.csv(), warehouse=central.warehouse)
    return station


def sort(station: Station, number: str, operator: str = "1003") -> str:
    """The parcel scanned out of the bag and confirmed where the station says; its destination."""
    warehouse = station.warehouse
    with UnitOfWork(station.sessions) as uow:
        plan = load_plan(uow, warehouse, "LASTMILE")
        decision = decide(uow.hub.parcel(warehouse, number), number, BAG, plan, HubSettings())
        record_sort(uow, Actor(warehouse, station.station, operator), decision, BAG, number)
        uow.commit()
    return decision.destination


def parcel(station: Station, number: str) -> tuple[str, str, str]:
    with station.sessions() as session:
        row = session.get(HubParcelRow, (station.warehouse, number))
        assert row is not None
        return row.state, row.location, row.customs


def events(station: Station) -> set[str]:
    with station.sessions() as session:
        return set(session.scalars(select(HubParcelEventRow.id)))


def central_events(url: str, warehouse: str) -> list[tuple[str, int]]:
    with admin(url) as conn:
        return [
            (str(event_id), int(seq))
            for event_id, seq in conn.execute(
                "SELECT event_id, feed_seq FROM parcel_events WHERE warehouse_id = %s "
                "ORDER BY feed_seq",
                (warehouse,),
            ).fetchall()
        ]


def assert_parcel_feed_gapless(url: str, warehouse: str) -> None:
    numbers = [seq for _id, seq in central_events(url, warehouse)]
    assert numbers == list(range(1, len(numbers) + 1))
    with admin(url) as conn:
        row = conn.execute(
            "SELECT last_seq FROM parcel_feed_counters WHERE warehouse_id = %s", (warehouse,)
        ).fetchone()
    assert (row[0] if row else 0) == len(numbers)


@pytest.fixture
def central(central_factory: CentralFactory) -> Central:
    return central_factory.create()


def test_two_stations_of_a_hub_see_each_others_sorts_and_handovers(
    central: Central, tmp_path: Path
) -> None:
    first = hub_station(central, tmp_path / "a.db", "CMN1-H01", parcels=prealert())
    second = hub_station(central, tmp_path / "b.db", "CMN1-H02", parcels=prealert())
    assert sort(first, tracking(1)) == "SORT-CA"
    assert sort(second, tracking(2)) == "SORT-CA"
    with UnitOfWork(first.sessions) as uow:
        row = uow.hub.parcel(central.warehouse, tracking(1))
        assert row is not None
        rows = [row]
        hand_over(
            uow, Actor(central.warehouse, first.station, "1003"), "COLISSIMO", "SORT-CA", rows, ""
        )
        uow.commit()
    report = first.sync(central.warehouse_url)
    assert report.events_pushed.inserted == 2 and "parcel events pushed 2" in report.line()
    second.sync(central.warehouse_url)
    first.sync(central.warehouse_url)
    for station in (first, second):
        assert parcel(station, tracking(1))[:2] == (ParcelState.HANDED_OVER, "COLISSIMO")
        assert parcel(station, tracking(2))[:2] == (ParcelState.SORTED, "SORT-CA")
        assert parcel(station, tracking(3))[:2] == (ParcelState.EXPECTED, "")
    assert (
        events(first)
        == events(second)
        == {i for i, _ in central_events(central.url, central.warehouse)}
    )
    with second.sessions() as session:
        pulled = session.scalars(
            select(HubParcelEventRow).where(HubParcelEventRow.tracking == tracking(1))
        ).all()
        assert {(e.kind, e.station, e.operator, e.raw_scan) for e in pulled} == {
            ("sorted", "CMN1-H01", "1003", tracking(1)),
            ("handed_over", "CMN1-H01", "1003", ""),
        }
    # the station that sorted a parcel now refuses to sort it again (it knows it is gone)
    assert sort(second, tracking(1)) == "EXCEPTIONS"
    assert_parcel_feed_gapless(central.url, central.warehouse)
    assert list_conflicts(psycopg.connect(libpq_url(central.url)), central.warehouse) == []
    first.close()
    second.close()


def test_a_duplicate_push_is_recognised_by_event_id_and_changes_nothing(
    central: Central, tmp_path: Path
) -> None:
    station = hub_station(central, tmp_path / "a.db", "CMN1-H03", parcels=prealert())
    for n in (1, 2, 3):
        sort(station, tracking(n))
    batch = read_events(station.sessions, central.warehouse, station.station, 0, 100)
    assert [len(row) for row in batch] == [len(EVENT_COLUMNS)] * 3
    with psycopg.connect(libpq_url(central.warehouse_url)) as conn:
        first = push_event_batch(conn, central.warehouse, station.station, 0, batch)
        again = push_event_batch(conn, central.warehouse, station.station, 0, batch)
        shuffled = push_event_batch(
            conn, central.warehouse, station.station, 0, batch[::-1] + batch
        )
    assert (first["inserted"], first["duplicates"], first["acked"]) == (3, 0, {"CMN1-H03": 3})
    assert (again["inserted"], again["duplicates"], again["refused"]) == (0, 3, [])
    assert (shuffled["inserted"], shuffled["duplicates"]) == (0, 3)
    report = station.sync(central.warehouse_url)  # acknowledgement lost: sent again, recognised
    assert report.events_pushed.inserted == 0
    assert len(central_events(central.url, central.warehouse)) == 3
    assert_parcel_feed_gapless(central.url, central.warehouse)
    # the same id with other content is refused and recorded, never merged
    changed = [list(row) for row in batch[:1]]
    changed[0][EVENT_COLUMNS.index("location")] = "SORT-ES"
    with psycopg.connect(libpq_url(central.warehouse_url)) as conn:
        refused = push_event_batch(conn, central.warehouse, station.station, 0, changed)
        kinds = [c.kind for c in list_conflicts(conn, central.warehouse)]
    assert refused["inserted"] == 0 and len(refused["refused"]) == 1
    assert kinds == [ConflictKind.PARCEL_EVENT_REFUSED]
    station.close()


def test_a_batch_of_events_sent_out_of_order_is_numbered_in_station_order(
    central: Central, tmp_path: Path
) -> None:
    station = hub_station(central, tmp_path / "a.db", "CMN1-H05", parcels=prealert())
    for n in (1, 2, 3, 4):
        sort(station, tracking(n))
    batch = read_events(station.sessions, central.warehouse, station.station, 0, 100)
    seq = EVENT_COLUMNS.index("station_seq")
    with psycopg.connect(libpq_url(central.warehouse_url)) as conn:
        answer = push_event_batch(conn, central.warehouse, station.station, 0, batch[::-1])
    assert (answer["inserted"], answer["acked"]) == (4, {"CMN1-H05": 4})
    with admin(central.url) as conn:
        numbered = conn.execute(
            "SELECT station_seq FROM parcel_events WHERE warehouse_id = %s AND station_id = %s "
            "ORDER BY feed_seq",
            (central.warehouse, station.station),
        ).fetchall()
    assert [n for (n,) in numbered] == sorted(row[seq] for row in batch) == [1, 2, 3, 4]
    assert_parcel_feed_gapless(central.url, central.warehouse)
    station.close()


def test_the_parcel_feed_is_gapless_with_several_stations_pushing(
    central: Central, tmp_path: Path
) -> None:
    alert = prealert(30)
    stations = [
        hub_station(central, tmp_path / f"{n}.db", f"CMN1-G{n}", parcels=alert) for n in range(3)
    ]
    for number in range(1, 31):
        sort(stations[number % 3], tracking(number))
    for station in stations:
        station.sync(central.warehouse_url, page_size=7)
    for station in stations:
        station.sync(central.warehouse_url, page_size=7)
    assert_parcel_feed_gapless(central.url, central.warehouse)
    assert len(central_events(central.url, central.warehouse)) == 30
    for station in stations:
        assert {parcel(station, tracking(n))[0] for n in range(1, 31)} == {ParcelState.SORTED}
        station.close()


def test_two_stations_scanning_one_parcel_offline_is_a_conflict_and_all_agree(
    central: Central, tmp_path: Path
) -> None:
    first = hub_station(central, tmp_path / "a.db", "CMN1-H04", parcels=prealert())
    second = hub_station(central, tmp_path / "b.db", "CMN1-H05", parcels=prealert())
    for station in (first, second):
        station.sync(central.warehouse_url)
    # customs' hold of parcel 2 reached the first station only
    import_decisions_bytes(
        first.sessions, f"tracking,decision,reason\n{tracking(2)},held,inspection\n"
    )
    # offline: both sort parcel 1; one holds parcel 2 while the other sorts it
    assert sort(first, tracking(1)) == sort(second, tracking(1)) == "SORT-CA"
    assert sort(first, tracking(2)) == "HOLD"
    assert sort(second, tracking(2)) == "SORT-CA"
    for station in (first, second, first):
        station.sync(central.warehouse_url)
    with psycopg.connect(libpq_url(central.warehouse_url)) as conn:
        found = list_conflicts(conn, central.warehouse)
    assert sorted((c.kind, c.subject) for c in found) == [
        (ConflictKind.PARCEL_SCANNED_TWICE, tracking(1)),
        (ConflictKind.PARCEL_SCANNED_TWICE, tracking(2)),
    ]
    held = next(c for c in found if c.subject == tracking(2))
    sides = {e["station"]: e["kind"] for e in held.detail["meanwhile"] + held.detail["pushed"]}
    assert sides == {"CMN1-H04": "held", "CMN1-H05": "sorted"}
    # nothing overwritten: every event is kept, and both stations show the same place
    assert len(events(first)) == len(events(second)) == 4
    for number in (1, 2):
        assert parcel(first, tracking(number))[:2] == parcel(second, tracking(number))[:2]
    assert parcel(second, tracking(2))[2] in ("held", "none")
    report = second.sync(central.warehouse_url)
    assert report.open_conflicts == 2
    first.close()
    second.close()


def test_an_event_for_a_parcel_not_prealerted_here_waits_for_its_prealert(
    central: Central, tmp_path: Path
) -> None:
    first = hub_station(central, tmp_path / "a.db", "CMN1-H06", parcels=prealert())
    second = hub_station(central, tmp_path / "b.db", "CMN1-H07", parcels=None)
    sort(first, tracking(1))
    sort(first, tracking(99))  # not pre-alerted anywhere: the exceptions area
    first.sync(central.warehouse_url)
    report = second.sync(central.warehouse_url)
    assert report.events_pulled.events == 2 and report.events_pulled.waiting == 2
    with second.sessions() as session:
        waiting = session.scalars(select(HubEventWaitingRow.tracking)).all()
        kept = session.scalar(select(func.count()).select_from(HubParcelEventRow))
    assert sorted(waiting) == sorted([tracking(1), tracking(99)]) and kept == 2
    import_prealert_bytes(second.sessions, prealert().csv(), warehouse=central.warehouse)
    assert parcel(second, tracking(1))[:2] == (ParcelState.SORTED, "SORT-CA")
    with second.sessions() as session:
        assert session.scalars(select(HubEventWaitingRow.tracking)).all() == [tracking(99)]
    first.close()
    second.close()


@pytest.mark.parametrize("limit", [1_500, 4_000, 9_000, 20_000])
def test_a_connection_cut_in_the_middle_of_an_event_push_loses_nothing(
    central: Central, tmp_path: Path, limit: int
) -> None:
    station = hub_station(central, tmp_path / "a.db", f"CMN1-C{limit}", parcels=prealert(40))
    for n in range(1, 41):
        sort(station, tracking(n))
    failures = 0
    for _attempt in range(3):
        proxy = CutProxy(limit)
        try:
            station.sync(proxy.url(central.warehouse_url))
        except SyncError as error:
            failures += 1
            assert "central" in str(error)
        finally:
            proxy.close()
    station.sync(central.warehouse_url)
    at_central = central_events(central.url, central.warehouse)
    assert {i for i, _ in at_central} == events(station)
    assert len(at_central) == 40
    assert_parcel_feed_gapless(central.url, central.warehouse)


def test_probe_a_station_inserts_no_event_and_pushes_only_its_own(
    central_factory: CentralFactory, tmp_path: Path
) -> None:
    central = central_factory.create()
    other = central_factory.create(setup=False)
    role = security.add_station(central.url, "CMN1-P01", central.warehouse)
    station = hub_station(central, tmp_path / "a.db", "CMN1-P01", parcels=prealert())
    sort(station, tracking(1))
    [row] = read_events(station.sessions, central.warehouse, station.station, 0, 10)
    with psycopg.connect(libpq_url(role.url), autocommit=True) as conn:
        for statement in (
            "INSERT INTO parcel_events SELECT * FROM parcel_events",
            "UPDATE parcel_feed_counters SET last_seq = last_seq + 1",
            "DELETE FROM parcel_event_acks",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute(statement)
        someone_else = list(row)
        someone_else[EVENT_COLUMNS.index("station_id")] = "CMN1-P02"
        other_warehouse = list(row)
        other_warehouse[EVENT_COLUMNS.index("warehouse_id")] = other.warehouse
        for warehouse, pusher, batch in (
            (central.warehouse, "CMN1-P01", [someone_else]),
            (central.warehouse, "CMN1-P02", [someone_else]),
            (other.warehouse, "CMN1-P01", [other_warehouse]),
            (central.warehouse, "CMN1-P01", [other_warehouse]),
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute(
                    "SELECT wms_push_parcel_events(%s, %s, 0, %s::jsonb)",
                    (warehouse, pusher, json.dumps(batch, default=str)),
                )
        bad = list(row)
        bad[EVENT_COLUMNS.index("event_id")] = str(uuid.uuid4())
        bad[EVENT_COLUMNS.index("kind")] = "Sorted; DROP"
        with pytest.raises(psycopg.errors.InvalidParameterValue), conn.transaction():
            conn.execute(
                "SELECT wms_push_parcel_events(%s, %s, 0, %s::jsonb)",
                (central.warehouse, "CMN1-P01", json.dumps([bad], default=str)),
            )
        # its own event, through the function, is taken; it reads only its warehouse's feed
        station.sync(role.url)
        assert conn.execute("SELECT count(*) FROM parcel_events").fetchone() == (1,)
    with psycopg.connect(libpq_url(other.warehouse_url)) as conn:
        assert conn.execute("SELECT count(*) FROM parcel_events").fetchone() == (0,)
    station.close()


def test_bag_ssccs_of_two_hub_stations_never_collide(central: Central, tmp_path: Path) -> None:
    first = hub_station(central, tmp_path / "a.db", "CMN1-H08", parcels=None)
    second = hub_station(central, tmp_path / "b.db", "CMN1-H09", parcels=None)
    for station in (first, second):
        station.sync(central.warehouse_url)  # each reserves its station's SSCC range
    issued: dict[str, list[str]] = {first.station: [], second.station: []}
    for _ in range(25):  # offline, interleaved: the bags each closes at its destinations
        for station in (first, second):
            with UnitOfWork(station.sessions) as uow:
                issued[station.station].append(uow.warehouses.allocate_sscc(central.warehouse))
                uow.commit()
    ours, theirs = issued.values()
    assert len(set(ours)) == len(set(theirs)) == 25
    assert not set(ours) & set(theirs)
    assert {s[:12] for s in ours}.isdisjoint({s[:12] for s in theirs})
    first.close()
    second.close()


def own_event_seqs(station: Station) -> list[int]:
    with station.sessions() as session:
        return sorted(
            session.scalars(
                select(HubParcelEventRow.station_seq).where(
                    HubParcelEventRow.station == station.station
                )
            )
        )


def test_a_hub_station_restored_from_a_backup_renumbers_its_unsent_parcel_events(
    central: Central, tmp_path: Path
) -> None:
    """The bench's disk died after it had synced sorts the backup does not hold; the backup
    goes back in and the operator sorts on before the network is back. Its new events would
    reuse numbers central holds under other ids: the sync renumbers them after central's top
    and pulls the lost ones back, so nothing is refused, lost or doubled."""
    bench = hub_station(central, tmp_path / "bench.db", "CMN1-H07", parcels=prealert(8))
    sort(bench, tracking(1))
    bench.sync(central.warehouse_url)
    checkpoint(bench.path)
    backup = tmp_path / "backup.db"
    shutil.copyfile(bench.path, backup)
    for n in (2, 3, 4):
        sort(bench, tracking(n))
    bench.sync(central.warehouse_url)
    lost = events(bench) - events(
        copy_station(backup, tmp_path / "peek.db", "CMN1-H07", central.warehouse)
    )
    bench.close()

    restored = copy_station(backup, tmp_path / "restored.db", "CMN1-H07", central.warehouse)
    for n in (5, 6):
        sort(restored, tracking(n))
    made_here = events(restored)
    assert own_event_seqs(restored) == [1, 2, 3]  # 2 and 3 are numbers central holds

    report = restored.sync(central.warehouse_url)

    assert report.events_pushed.refused == []
    assert any(
        "2 unsent parcel events renumbered after central's station_seq 4" in w
        for w in report.warnings
    )
    assert own_event_seqs(restored) == [1, 2, 3, 4, 5, 6]
    assert events(restored) == made_here | lost  # the lost sorts came back with the pull
    assert {parcel(restored, tracking(n))[0] for n in range(1, 7)} == {ParcelState.SORTED.value}
    assert len(central_events(central.url, central.warehouse)) == 6
    assert_parcel_feed_gapless(central.url, central.warehouse)
    with psycopg.connect(libpq_url(central.warehouse_url)) as conn:
        assert list_conflicts(conn, central.warehouse) == []
    # it keeps sorting and syncing like any other bench
    sort(restored, tracking(7))
    again = restored.sync(central.warehouse_url)
    assert again.events_pushed.inserted == 1 and again.warnings == []
    assert own_event_seqs(restored) == list(range(1, 8))
    restored.close()
