"""One movement spec: the fields a movement carries between a station and central are the
central ``movements`` table's (minus what central assigns), and the station ledger, the domain
movement and the ``COPY`` encoding all agree with it."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime

from wms.core.domain.model import Movement
from wms.core.persistence.tables import MovementRow
from wms.core.sync.batch import as_tuple, prepare_batch
from wms.core.sync.central_schema import (
    CENTRAL_ASSIGNED,
    MOVEMENT_COLUMNS,
    MOVEMENT_COLUMNS_V1,
    STATION_COLUMNS,
    movements,
)
from wms.core.sync.central_sql import CREATE_TEMP_TABLE, copy_into_temp, fast_insert
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
    }
    return values | changes


def test_a_movement_carries_every_central_column_but_those_central_assigns() -> None:
    central = {c.name for c in movements.columns}
    assert set(MOVEMENT_COLUMNS) == central - set(CENTRAL_ASSIGNED)
    assert "raw_scan" in MOVEMENT_COLUMNS and "raw_scan" not in MOVEMENT_COLUMNS_V1
    assert Protocol(2).columns == MOVEMENT_COLUMNS and Protocol(1).columns == MOVEMENT_COLUMNS_V1


def test_the_station_ledger_and_the_domain_movement_hold_the_same_fields() -> None:
    station_ledger = {c.name for c in MovementRow.__table__.columns}
    assert set(STATION_COLUMNS.values()) == station_ledger
    assert set(STATION_COLUMNS.values()) == {f.name for f in dataclasses.fields(Movement)}
    assert STATION_COLUMNS["warehouse_id"] == "warehouse"
    assert STATION_COLUMNS["station_id"] == "station"


def test_central_statements_name_the_spec_columns() -> None:
    temp_table = CREATE_TEMP_TABLE.as_string(None)
    insert = fast_insert(MOVEMENT_COLUMNS_V1).as_string(None)
    for column in MOVEMENT_COLUMNS:
        assert f'"{column}"' in temp_table
        assert (f'"{column}"' in insert) == (column in MOVEMENT_COLUMNS_V1)
    assert '"created_at" TIMESTAMP WITH TIME ZONE' in temp_table and '"id" UUID' in temp_table
    copy = copy_into_temp(MOVEMENT_COLUMNS).as_string(None)
    assert copy.index('"id"') < copy.index('"raw_scan"') < copy.index('"batch_ordinal"')


def test_a_batch_is_encoded_as_copy_text_in_the_protocols_columns_with_its_ordinal() -> None:
    rows = [_movement(2, reference="tab\there"), _movement(1, lot="", expiry=None)]
    prepared = prepare_batch(rows, MOVEMENT_COLUMNS_V1, "CMN1")
    assert prepared.by_station == {"BENCH-1": [1, 2]}  # sorted by station_seq
    assert prepared.fast and prepared.distinct_ids == 2
    assert prepared.copy_text is not None
    lines = prepared.copy_text.decode().splitlines()
    assert len(lines) == 2
    first = dict(zip((*MOVEMENT_COLUMNS_V1, "ordinal"), lines[0].split("\t"), strict=True))
    assert first["station_seq"] == "1" and first["ordinal"] == "1"
    assert first["expiry"] == "\\N" and first["lot"] == ""
    assert "]C1010123" not in lines[0]  # protocol 1 does not carry the raw scan
    assert "tab\\there" in lines[1]  # COPY escapes, never splits a field
    # what the fast path will add to stock, per key
    assert prepared.stock_deltas == {
        ("DOCK-01", "CER-TAJ-28", "", "", "available"): 12,
        ("DOCK-01", "CER-TAJ-28", "L1", "", "available"): 12,
    }


def test_a_batch_that_holds_a_movement_twice_or_of_another_warehouse_takes_the_general_path() -> (
    None
):
    twice = prepare_batch([_movement(1), _movement(1)], MOVEMENT_COLUMNS, "CMN1")
    assert not twice.fast and twice.distinct_ids == 1
    foreign = prepare_batch([_movement(1, warehouse_id="OTHER")], MOVEMENT_COLUMNS, "CMN1")
    assert not foreign.fast
    assert as_tuple(_movement(3)) == tuple(_movement(3)[c] for c in MOVEMENT_COLUMNS)
