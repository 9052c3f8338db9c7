# ruff: noqa: F811 - pytest fixtures are imported from pg_fixtures and used as arguments
"""A station database restored from an old backup, worked on before it synced, heals at its
next sync: its own movements the backup lost come back from central, its new ones are
renumbered after central's top (ids unchanged), and central and station converge with nothing
lost and nothing doubled."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.integration.citus_fixtures import (
    engine,  # noqa: F401 - fixture
    engine_central_factory,  # noqa: F401 - fixture central_factory (both engines)
    postgres_central_factory,  # noqa: F401 - fixture
)
from tests.integration.pg_fixtures import (
    Central,
    Station,
    admin,
    assert_consistent,
    central,  # noqa: F401 - fixture
    central_ids,
    checkpoint,
)
from wms.core.persistence.sync_tables import SyncAckRow
from wms.core.persistence.tables import MovementRow
from wms.core.sync.central_migrate import connect
from wms.core.sync.protocol import negotiate
from wms.core.sync.push import push
from wms.core.sync.runner import status

pytestmark = pytest.mark.postgres


def restore(backup: Path, path: Path, station: str, warehouse: str) -> Station:
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(backup, path)
    return Station(path, station, warehouse)


def own_seqs(station: Station) -> list[int]:
    with station.sessions() as session:
        return list(
            session.scalars(
                select(MovementRow.station_seq)
                .where(MovementRow.station == station.station)
                .order_by(MovementRow.station_seq)
            )
        )


def central_seqs(central: Central, station: str) -> list[int]:
    with admin(central.url) as conn:
        rows = conn.execute(
            "SELECT station_seq FROM movements WHERE warehouse_id = %s AND station_id = %s "
            "ORDER BY station_seq",
            (central.warehouse, station),
        ).fetchall()
    return [int(seq) for (seq,) in rows]


def backed_up_bench(central: Central, tmp_path: Path, name: str) -> tuple[Station, Path]:
    """A bench that synced 20 movements, was backed up, then made and synced 30 more."""
    bench = central.station(tmp_path / "bench.db", name)
    bench.random_work(random.Random(1), 20)
    bench.sync(central.warehouse_url)
    checkpoint(bench.path)
    backup = tmp_path / "backup.db"
    shutil.copyfile(bench.path, backup)
    bench.random_work(random.Random(2), 30)
    bench.sync(central.warehouse_url)
    bench.close()
    return bench, backup


def test_a_restored_station_that_worked_before_syncing_heals(
    central: Central, tmp_path: Path
) -> None:
    bench, backup = backed_up_bench(central, tmp_path, "CMN1-R1")
    other = central.station(tmp_path / "other.db", "CMN1-R2")
    other.random_work(random.Random(3), 10)
    other.sync(central.warehouse_url)
    # the disk died: yesterday's backup goes back in, and the bench works before it syncs
    restored = restore(backup, bench.path, "CMN1-R1", central.warehouse)
    new = restored.random_work(random.Random(4), 15)
    assert own_seqs(restored) == list(range(1, 36))  # 21..35 are numbers central holds
    made_here = restored.ids(own=True)
    report = restored.sync(central.warehouse_url)
    assert report.pushed.refused == [] and report.waiting == 0
    assert any(
        "15 unsent movements renumbered after central's station_seq 50" in w
        for w in report.warnings
    )
    assert report.pulled.movements >= 30  # its own lost movements came back (and R2's)
    assert made_here <= set(central_ids(central.url, central.warehouse, "CMN1-R1"))
    assert own_seqs(restored) == central_seqs(central, "CMN1-R1") == list(range(1, 51 + new))
    state = status(restored.sessions, central.warehouse, "CMN1-R1")
    assert state.last_error == "" and state.waiting == 0 and state.refused == 0
    # it keeps working and syncing like any other bench
    restored.random_work(random.Random(5), 5)
    restored.sync(central.warehouse_url)
    other.sync(central.warehouse_url)
    restored.sync(central.warehouse_url)
    assert_consistent(central.url, [restored, other], central.warehouse)
    restored.close()
    other.close()


def test_a_database_an_earlier_sync_left_stuck_heals(central: Central, tmp_path: Path) -> None:
    """The state the old sync left behind: new movements refused for reusing numbers central
    holds, and the acknowledgement recorded past them, so they looked sent."""
    bench, backup = backed_up_bench(central, tmp_path, "CMN1-R3")
    restored = restore(backup, bench.path, "CMN1-R3", central.warehouse)
    restored.random_work(random.Random(6), 8)
    with connect(central.warehouse_url) as conn:  # a push without the healing step
        result = push(restored.sessions, conn, negotiate(conn), central.warehouse, "CMN1-R3")
        conn.commit()
    assert len(result.refused) == 8 and result.acked["CMN1-R3"] == 50
    with restored.sessions() as session:
        assert session.get(SyncAckRow, "CMN1-R3").acked_seq == 50  # "sent", but refused
    report = restored.sync(central.warehouse_url)
    assert report.pushed.inserted == 8 and report.waiting == 0
    assert own_seqs(restored) == central_seqs(central, "CMN1-R3") == list(range(1, 59))
    assert_consistent(central.url, [restored], central.warehouse)
    restored.close()
