# ruff: noqa: F811 - pytest fixtures are imported from pg_fixtures and used as arguments
"""SSCCs never collide between stations: each station issues from the range central reserved
for it (its number in the leading digits of the serial reference), offline as well, and a
database copied or restored from a backup never issues one twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.integration.citus_fixtures import (
    engine,  # noqa: F401 - fixture
    engine_central_factory,  # noqa: F401 - fixture central_factory (both engines)
    postgres_central_factory,  # noqa: F401 - fixture
)
from tests.integration.pg_fixtures import (
    Central,
    Station,
    assert_consistent,
    central,  # noqa: F401 - fixture
    checkpoint,
)
from wms.core.domain.check_digits import has_valid_gs1_check_digit
from wms.core.domain.model import HandlingUnit, HandlingUnitKind, MovementDraft, MovementKind
from wms.core.domain.sscc_ranges import serial_of_sscc, split_serial
from wms.core.persistence.unit_of_work import UnitOfWork

pytestmark = pytest.mark.postgres

PREFIX = "6111234"  # the demo site's GS1 company prefix


def new_pallets(station: Station, count: int) -> list[str]:
    """``count`` pallets received on new SSCCs (what CMD:NEWHU and a receipt do)."""
    made = []
    for _ in range(count):
        with UnitOfWork(station.sessions) as uow:
            sscc = uow.warehouses.allocate_sscc(station.warehouse)
            uow.handling_units.add(
                HandlingUnit(sscc, station.warehouse, HandlingUnitKind.PALLET, "DOCK-01")
            )
            uow.commit()
        station.post(
            MovementDraft(
                kind=MovementKind.RECEIVE,
                sku="CER-TAJ-28",
                quantity=4,
                to_location="DOCK-01",
                to_handling_unit=sscc,
            )
        )
        made.append(sscc)
    return made


def station_number(sscc: str) -> int:
    serial = serial_of_sscc(PREFIX, sscc)
    assert serial is not None and has_valid_gs1_check_digit(sscc), sscc
    return split_serial(PREFIX, serial)[0]


def test_two_offline_stations_of_one_warehouse_never_issue_the_same_sscc(
    central: Central, tmp_path: Path
) -> None:
    first = central.station(tmp_path / "a.db", "CMN1-S01")
    second = central.station(tmp_path / "b.db", "CMN1-S02")
    for station in (first, second):
        station.sync(central.warehouse_url)  # reserves the station's range
    # both offline, a day of receiving each
    ours, theirs = new_pallets(first, 30), new_pallets(second, 30)
    assert not set(ours) & set(theirs)
    assert {station_number(s) for s in ours} != {station_number(s) for s in theirs}
    assert len({station_number(s) for s in ours}) == len({station_number(s) for s in theirs}) == 1
    for station in (first, second, first):
        station.sync(central.warehouse_url)
    # each now holds the other's pallets and still issues new ones
    later = new_pallets(first, 3) + new_pallets(second, 3)
    assert len(set(ours + theirs + later)) == 66
    for station in (first, second, first):
        station.sync(central.warehouse_url)
    assert_consistent(central.url, [first, second], central.warehouse)
    first.close()
    second.close()


def test_a_database_without_a_range_keeps_its_own_counter_until_it_syncs(
    central: Central, tmp_path: Path
) -> None:
    bench = central.station(tmp_path / "old.db", "CMN1-S03")
    with bench.sessions() as session:
        session.execute(text("DELETE FROM sscc_blocks"))
        session.commit()
    [before] = new_pallets(bench, 1)
    assert station_number(before) == 0  # the counter it always had
    bench.sync(central.warehouse_url)
    [after] = new_pallets(bench, 1)
    assert station_number(after) > 0 and after != before
    bench.close()


def test_a_database_restored_from_a_backup_never_reissues_its_ssccs(
    central: Central, tmp_path: Path
) -> None:
    bench = central.station(tmp_path / "bench.db", "CMN1-S04")
    bench.sync(central.warehouse_url)
    checkpoint(bench.path)
    shutil.copyfile(bench.path, tmp_path / "backup.db")
    issued = new_pallets(bench, 5)
    bench.sync(central.warehouse_url)
    bench.close()
    restored = Station(tmp_path / "backup.db", "CMN1-S04", central.warehouse)  # the disk died
    restored.sync(central.warehouse_url)  # its pallets come back with the pull
    again = new_pallets(restored, 5)
    assert not set(issued) & set(again)
    restored.close()
