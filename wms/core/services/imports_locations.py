"""Importing locations: new codes are created, existing codes of the warehouse updated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from wms.core.domain.errors import Problem
from wms.core.domain.model import Location, LocationType
from wms.core.persistence.base import table_of
from wms.core.persistence.tables import LocationRow
from wms.core.services.imports_base import (
    Converter,
    ImportResult,
    Progress,
    execute_many,
    insert_tuples,
    stored_tuples,
    tuple_builder,
)
from wms.core.services.imports_csv import (
    Cells,
    CsvFormat,
    CsvTable,
    Memo,
    NotPlain,
    plain_code,
    plain_count,
    plain_decimal,
)

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


def _plain_type(value: str) -> LocationType:
    folded = value.lower().replace(" ", "_").replace("-", "_")
    if folded not in LOCATION_TYPES:
        raise NotPlain
    return LocationType(folded)


def plain_location_reader(warehouse: str) -> Callable[[dict[str, str]], Location | None]:
    """A reader of a data row whose every cell has its plainest valid form (codes of ASCII
    letters, digits and '-', a known type, plain numbers): the location exactly as
    :func:`check_location_row` makes it, or ``None`` for a row it cannot vouch for, which then
    goes through :func:`check_location_row` for its messages."""
    unique_code = plain_code(40)  # not memoised: a file repeats no location code
    code = Memo(unique_code)
    aisle = Memo(plain_code(10))
    kind = Memo(_plain_type)
    count = Memo(plain_count)
    kg = Memo(plain_decimal(11, 3))

    def read(values: dict[str, str]) -> Location | None:
        get = values.get
        try:
            location_code = unique_code(get("code", ""))
            if not location_code:
                return None
            return Location(
                warehouse,
                location_code,
                kind[get("type", "")],
                code[get("zone", "")],
                aisle[get("aisle", "")],
                count[get("rack", "")] or 0,
                count[get("level", "")] or 0,
                count[get("bin", "")] or 0,
                count[get("capacity_units", "")],
                kg[get("capacity_kg", "")],
                plain_count(get("walk_sequence", "")) or 0,  # one a location, as its code
            )
        except NotPlain:
            return None

    return read


def validate_locations(
    table: CsvTable, warehouse: str, progress: Progress
) -> tuple[list[LocationRecord], list[Problem]]:
    problems: list[Problem] = []
    records: list[LocationRecord] = []
    lines: dict[str, int] = {}
    plain = plain_location_reader(warehouse)
    for line, values in table.rows:
        location = plain(values) or check_location_row(line, values, warehouse, problems)
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
        #: the file's columns an existing location takes (all but its code)
        self.present = tuple(f for f in LOCATION_FIELDS if f != "code" and table.has(f))
        #: the warehouse's locations of the file, by code: their values of ``present`` and
        #: their id, as the driver stores them
        self.stored: dict[str, tuple[object, ...]] = {}

    def validate(self, progress: Progress) -> list[Problem]:
        self.records, problems = validate_locations(self.table, self.warehouse, progress)
        return problems

    def check(self, session: Session) -> list[Problem]:
        rows = stored_tuples(
            session,
            table_of(LocationRow),
            (*self.present, "id", "warehouse", "code"),
            "code",
            {r.location.code for r in self.records},
        )
        self.stored = {row[-1]: row[:-2] for row in rows if row[-2] == self.warehouse}
        return []

    def write(self, session: Session, progress: Progress) -> ImportResult:
        """Insert the new locations and update the existing ones whose values in the file's
        columns change (a file sent again writes nothing), each as one executemany of
        driver-value tuples."""
        locations = table_of(LocationRow)
        present = self.present
        insert_row = tuple_builder(session, locations, LOCATION_FIELDS, enums=("type",))
        update_row = tuple_builder(session, locations, present or ("code",), enums=("type",))
        active = Converter(session, locations.c.active)(True)
        new_rows = []
        updates = []
        existing = 0
        for record in self.records:
            location = record.location
            stored = self.stored.get(location.code)
            if stored is None:
                new_rows.append((*insert_row(location), self.warehouse, active))
                continue
            existing += 1
            values = (*update_row(location), stored[-1])
            if present and values != stored:
                updates.append(values)
        insert_tuples(
            session, locations, (*LOCATION_FIELDS, "warehouse", "active"), new_rows, progress
        )
        preparer = session.get_bind().dialect.identifier_preparer
        assignments = ", ".join(f"{preparer.quote(name)} = ?" for name in present)
        execute_many(
            session,
            f"UPDATE {preparer.format_table(locations)} SET {assignments} WHERE id = ?",
            updates,
            progress,
        )
        progress.advance(existing - len(updates))
        return ImportResult(
            "locations",
            self.table.source,
            rows=len(self.records),
            created=len(new_rows),
            updated=existing,
        )
