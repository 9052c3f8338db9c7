"""The parcel event as it travels to central (revision c0010): one list of columns, shared by
the station's outbox, central's table and its push function."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from wms.core.domain.hub import ParcelEventKind
from wms.core.persistence.hub_tables import HubParcelEventRow
from wms.core.sync.central_schema import EVENT_COLUMNS, parcel_events
from wms.core.sync.hub_events import STATION_EVENT_COLUMNS


def _migration() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "migrations_central/versions/0010_parcel_events.py"
    spec = importlib.util.spec_from_file_location("wms_central_0010", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_push_function_reads_the_travelling_columns_in_their_order() -> None:
    migration = _migration()
    assert tuple(name for name, _type in migration.EVENT_COLUMNS) == EVENT_COLUMNS
    assert set(parcel_events.c.keys()) - set(EVENT_COLUMNS) == {"feed_seq", "received_at"}


def test_every_travelling_column_is_a_column_of_the_station_event() -> None:
    station = set(HubParcelEventRow.__table__.c.keys())
    assert set(STATION_EVENT_COLUMNS) <= station
    assert station - set(STATION_EVENT_COLUMNS) == set()


def test_the_kinds_that_conflict_are_the_domain_kinds_that_move_a_parcel() -> None:
    moving = set(_migration().MOVING_KINDS)
    assert moving <= {kind.value for kind in ParcelEventKind}
    assert moving == {
        ParcelEventKind.SORTED,
        ParcelEventKind.HELD,
        ParcelEventKind.EXCEPTION,
        ParcelEventKind.RELEASED,
        ParcelEventKind.HANDED_OVER,
    }
