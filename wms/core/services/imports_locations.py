"""Importing locations: new codes are created, existing codes of the warehouse updated."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from wms.core.domain.errors import Problem
from wms.core.domain.model import Location, LocationType
from wms.core.persistence.base import table_of
from wms.core.persistence.tables import LocationRow
from wms.core.services.imports_base import ImportResult, Progress, bulk_insert, bulk_update, lookup
from wms.core.services.imports_csv import Cells, CsvFormat, CsvTable

LOCATION_TYPES = tuple(t.value for t in LocationType)

LOCATION_FIELDS = (
    "code",
    "type",
    "zone",
    "aisle",
    "rack",
    "level",
    "bin",
    "capacity_units",
    "capacity_kg",
    "walk_sequence",
)

LOCATIONS = CsvFormat("locations", columns=LOCATION_FIELDS, required=("code", "type"))


@dataclass(frozen=True)
class LocationRecord:
    line: int
    location: Location


def check_location_row(
    line: int, values: dict[str, str], warehouse: str, problems: list[Problem]
) -> Location:
    """The location a data row describes; every bad cell is appended to ``problems``."""
    cells = Cells(line, values, problems)
    code = cells.code("code")
    kind = cells.choice("type", LOCATION_TYPES)
    return Location(
        warehouse=warehouse,
        code=code,
        type=LocationType(kind) if kind else LocationType.STORAGE,
        zone=cells.code("zone", required=False),
        aisle=cells.code("aisle", required=False, max_length=10),
        rack=cells.integer("rack", minimum=0, default=0) or 0,
        level=cells.integer("level", minimum=0, default=0) or 0,
        bin=cells.integer("bin", minimum=0, default=0) or 0,
        capacity_units=cells.integer("capacity_units", minimum=0),
        capacity_kg=cells.decimal("capacity_kg", places=3),
        walk_sequence=cells.integer("walk_sequence", minimum=0, default=0) or 0,
    )


def validate_locations(
    table: CsvTable, warehouse: str, progress: Progress
) -> tuple[list[LocationRecord], list[Problem]]:
    problems: list[Problem] = []
    records: list[LocationRecord] = []
    lines: dict[str, int] = {}
    for line, values in table.rows:
        location = check_location_row(line, values, warehouse, problems)
        records.append(LocationRecord(line, location))
        if location.code:
            first = lines.setdefault(location.code, line)
            if first != line:
                problems.append(
                    Problem(
                        line,
                        "code",
                        f"expected each location code once, found {location.code} again "
                        f"(first on line {first})",
                    )
                )
        progress.advance()
    return records, problems


def location_values(
    location: Location, fields: tuple[str, ...] = LOCATION_FIELDS
) -> dict[str, object]:
    values = {f: getattr(location, f) for f in fields}
    if "type" in values:
        values["type"] = location.type.value
    return values


class LocationImport:
    fmt = LOCATIONS

    def __init__(self, table: CsvTable, warehouse: str) -> None:
        self.table = table
        self.warehouse = warehouse
        self.records: list[LocationRecord] = []
        self.ids: dict[str, int] = {}

    def validate(self, progress: Progress) -> list[Problem]:
        self.records, problems = validate_locations(self.table, self.warehouse, progress)
        return problems

    def check(self, session: Session) -> list[Problem]:
        self.ids = {
            row.code: row.id
            for row in lookup(
                session,
                [LocationRow.code, LocationRow.id],
                LocationRow.code,
                (r.location.code for r in self.records),
                LocationRow.warehouse == self.warehouse,
            )
        }
        return []

    def write(self, session: Session, progress: Progress) -> ImportResult:
        present = tuple(f for f in LOCATION_FIELDS if f != "code" and self.table.has(f))
        new_rows = []
        updates = []
        for record in self.records:
            location = record.location
            row_id = self.ids.get(location.code)
            if row_id is None:
                values = location_values(location)
                values["warehouse"] = self.warehouse
                values["active"] = True
                new_rows.append(values)
            else:
                values = location_values(location, present)
                values["id"] = row_id
                updates.append(values)
        bulk_insert(session, table_of(LocationRow), new_rows, progress)
        bulk_update(session, table_of(LocationRow), "id", updates, progress)
        return ImportResult(
            "locations",
            self.table.source,
            rows=len(self.records),
            created=len(new_rows),
            updated=len(updates),
        )
