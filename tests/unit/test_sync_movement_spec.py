"""One movement spec: the fields a movement carries between a station and central are the
central ``movements`` table's (minus what central assigns), and the station ledger, the domain
movement, the JSON a push sends and central's ``wms_push`` all agree with it."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

from wms.core.domain.model import Movement, MovementKind
from wms.core.persistence.tables import MovementRow
from wms.core.sync.batch import as_tuple, prepare_batch
from wms.core.sync.central_schema import (
    CENTRAL_ASSIGNED,
    MOVEMENT_COLUMNS,
    MOVEMENT_COLUMNS_V1,
    MOVEMENT_COLUMNS_V2,
    MOVEMENT_TYPES,
    STATION_COLUMNS,
    movements,
)
from wms.core.sync.protocol import Protocol


def _movement(seq: int, **changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "id": str(uuid.UUID(int=seq)),
        "warehouse_id": "CMN1",
        "station_id": "BENCH-1",
        "station_seq": seq,
        "operator": "1001",
        "kind": "receive",
        "sku": "CER-TAJ-28",
        "quantity": 12,
        "from_location": "",
        "to_location": "DOCK-01",
        "lot": "L1",
        "expiry": date(2027, 5, 1),
        "from_handling_unit": "",
        "to_handling_unit": "",
        "from_status": "available",
        "to_status": "available",
        "reference": "",
        "transfer_id": "",
        "created_at": datetime(2026, 12, 1, 8, 30, tzinfo=UTC),
        "raw_scan": "]C1010123",
        "owner": "ARGAN",
    }
    return values | changes


def test_a_movement_carries_every_central_column_but_those_central_assigns() -> None:
    central = {c.name for c in movements.columns}
    assert set(MOVEMENT_COLUMNS) == central - set(CENTRAL_ASSIGNED)
    assert "raw_scan" in MOVEMENT_COLUMNS and "raw_scan" not in MOVEMENT_COLUMNS_V1
    assert "owner" in MOVEMENT_COLUMNS and "owner" not in MOVEMENT_COLUMNS_V2
    assert Protocol(3).columns == MOVEMENT_COLUMNS and Protocol(2).columns == MOVEMENT_COLUMNS_V2
    assert Protocol(1).columns == MOVEMENT_COLUMNS_V1


def test_the_station_ledger_and_the_domain_movement_hold_the_same_fields() -> None:
    station_ledger = {c.name for c in MovementRow.__table__.columns}
    assert set(STATION_COLUMNS.values()) == station_ledger
    assert set(STATION_COLUMNS.values()) == {f.name for f in dataclasses.fields(Movement)}
    assert STATION_COLUMNS["warehouse_id"] == "warehouse"
    assert STATION_COLUMNS["station_id"] == "station"


def _push_migration() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "migrations_central/versions/0011_owners.py"
    spec = importlib.util.spec_from_file_location("wms_central_0011", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_central_push_function_reads_the_spec_columns_in_their_order() -> None:
    migration = _push_migration()
    assert tuple(name for name, _type in migration.PUSH_COLUMNS) == MOVEMENT_COLUMNS
    for name, kind in migration.PUSH_COLUMNS:
        central_type = (
            MOVEMENT_TYPES[name].lower().replace("timestamp with time zone", "timestamptz")
        )
        assert central_type == kind, name
    # the kinds central lets a station post are the domain's
    assert set(migration._C0008.STATION_KINDS) == {kind.value for kind in MovementKind}


def test_a_batch_is_sent_as_json_arrays_in_the_spec_order_sorted_by_station_seq() -> None:
    rows = [_movement(2, reference="tab\there"), _movement(1, lot="", expiry=None)]
    prepared = prepare_batch(rows, MOVEMENT_COLUMNS)
    assert prepared.by_station == {"BENCH-1": [1, 2]}  # sorted by station_seq
    sent = json.loads(prepared.payload)
    first = dict(zip(MOVEMENT_COLUMNS, sent[0], strict=True))
    assert first["station_seq"] == 1 and first["expiry"] is None and first["lot"] == ""
    assert first["created_at"] == "2026-12-01 08:30:00+00:00"
    assert dict(zip(MOVEMENT_COLUMNS, sent[1], strict=True))["reference"] == "tab\there"
    assert first["raw_scan"] == "]C1010123" and first["owner"] == "ARGAN"


def test_protocol_1_does_not_carry_the_raw_scan() -> None:
    prepared = prepare_batch([_movement(1)], MOVEMENT_COLUMNS_V1)
    [row] = json.loads(prepared.payload)
    sent = dict(zip(MOVEMENT_COLUMNS, row, strict=True))
    assert sent["raw_scan"] == "" and sent["owner"] == ""
    assert as_tuple(_movement(3)) == tuple(_movement(3)[c] for c in MOVEMENT_COLUMNS)


def test_protocol_2_does_not_carry_the_owner_central_takes_the_hubs() -> None:
    [row] = json.loads(prepare_batch([_movement(1)], MOVEMENT_COLUMNS_V2).payload)
    sent = dict(zip(MOVEMENT_COLUMNS, row, strict=True))
    assert sent["owner"] == "" and sent["raw_scan"] == "]C1010123"
