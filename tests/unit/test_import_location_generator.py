"""The location grid generator: codes, serpentine walk, range parsing (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wms.core.domain.errors import InvalidValue
from wms.core.domain.model import LocationType
from wms.core.services.location_generator import (
    generate_locations,
    parse_aisles,
    parse_numbers,
)


def test_codes_and_fields() -> None:
    grid = generate_locations(
        "TST1",
        ["A"],
        [1],
        [2],
        [3],
        location_type=LocationType.PICK_FACE,
        zone="p",
        capacity_units=12,
        capacity_kg=Decimal("80"),
    )
    assert len(grid) == 1
    location = grid[0]
    assert location.code == "A-01-02-3"
    assert location.type is LocationType.PICK_FACE
    assert (location.aisle, location.rack, location.level, location.bin) == ("A", 1, 2, 3)
    assert location.zone == "P"
    assert location.capacity_units == 12
    assert location.capacity_kg == Decimal("80")
    assert location.walk_sequence == 1
    assert location.warehouse == "TST1"


def test_serpentine_walk() -> None:
    grid = generate_locations("W", ["A", "B", "C"], [1, 2, 3], [1, 2], [1, 2], first_sequence=101)
    assert len(grid) == 3 * 3 * 2 * 2
    assert [loc.walk_sequence for loc in grid] == list(range(101, 101 + 36))
    codes = [loc.code for loc in grid]
    assert codes[:5] == ["A-01-01-1", "A-01-01-2", "A-01-02-1", "A-01-02-2", "A-02-01-1"]
    # aisle B walks back down the racks, aisle C up again
    b = [loc for loc in grid if loc.aisle == "B"]
    assert [loc.rack for loc in b][::4] == [3, 2, 1]
    assert b[0].code == "B-03-01-1"
    c = [loc for loc in grid if loc.aisle == "C"]
    assert [loc.rack for loc in c][::4] == [1, 2, 3]
    # the end of one aisle is next to the start of the next
    assert grid[11].code == "A-03-02-2" and grid[12].code == "B-03-01-1"


def test_prefix() -> None:
    assert generate_locations("W", ["A"], [1], [1], [1], prefix="z1-")[0].code == "Z1-A-01-01-1"


def test_empty_or_bad_grid_is_refused() -> None:
    with pytest.raises(InvalidValue):
        generate_locations("W", [], [1], [1], [1])
    with pytest.raises(InvalidValue, match="prefix"):
        generate_locations("W", ["A"], [1], [1], [1], prefix="a b")


def test_parse_numbers() -> None:
    assert parse_numbers("1-6", "racks") == [1, 2, 3, 4, 5, 6]
    assert parse_numbers("1,3, 5", "racks") == [1, 3, 5]
    assert parse_numbers("1-2,7", "racks") == [1, 2, 7]
    for bad in ("", "6-1", "a", "0-2", "1-100", "1,,2", "1,1"):
        with pytest.raises(InvalidValue):
            parse_numbers(bad, "racks")


def test_parse_aisles() -> None:
    assert parse_aisles("A-D") == ["A", "B", "C", "D"]
    assert parse_aisles("a,c") == ["A", "C"]
    assert parse_aisles("1-3") == ["01", "02", "03"]
    assert parse_aisles("AA,AB") == ["AA", "AB"]
    for bad in ("D-A", "A-", "A-B-C", "A,A", "Å"):
        with pytest.raises(InvalidValue):
            parse_aisles(bad)
