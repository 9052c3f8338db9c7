"""Generating a grid of locations (aisles × racks × levels × bins) with a serpentine walk.

Codes look like ``A-01-02-3``: aisle, rack (2 digits), level (2 digits), bin. The walk sequence
follows a serpentine route: aisle A racks ascending, aisle B racks descending, and so on; within
a rack, levels then bins ascending. Pickers walking the sequence never double back along an aisle.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import InvalidValue, RuleViolation
from wms.core.domain.model import Location, LocationType
from wms.core.persistence.base import table_of
from wms.core.persistence.tables import LocationRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.imports_base import plural, resolve_warehouse
from wms.core.services.imports_csv import chunks
from wms.core.services.imports_locations import location_values

MAX_LOCATIONS = 1_000_000
_CODE = re.compile(r"[A-Z0-9-]+")
_LETTER_RANGE = re.compile(r"([A-Z]+)-([A-Z]+)")
_NUMBER_RANGE = re.compile(r"([0-9]+)-([0-9]+)")


def parse_numbers(spec: str, what: str, *, maximum: int = 99) -> list[int]:
    """``"1-6"``, ``"1,3,5"`` or ``"1-3,8"`` as a list of numbers from 1 to ``maximum``."""
    numbers: list[int] = []
    for part in _parts(spec, what):
        match = _NUMBER_RANGE.fullmatch(part)
        if match:
            first, last = int(match.group(1)), int(match.group(2))
            if first > last:
                raise InvalidValue(what, spec, "a range from low to high such as 1-6", part)
            numbers.extend(range(first, last + 1))
        elif part.isascii() and part.isdigit():
            numbers.append(int(part))
        else:
            raise InvalidValue(what, spec, "numbers or ranges such as 1-6 or 1,3,5", part)
    for number in numbers:
        if not 1 <= number <= maximum:
            raise InvalidValue(what, spec, f"numbers from 1 to {maximum}", str(number))
    return _unique(numbers, what, spec)


def parse_aisles(spec: str) -> list[str]:
    """``"A-D"`` (letters), ``"1-12"`` (numbers, written with 2 digits) or lists ``"A,C,F"``."""
    aisles: list[str] = []
    for part in _parts(spec.upper(), "aisles"):
        letters = _LETTER_RANGE.fullmatch(part)
        numbers = _NUMBER_RANGE.fullmatch(part)
        if letters and len(letters.group(1)) == 1 and len(letters.group(2)) == 1:
            first, last = ord(letters.group(1)), ord(letters.group(2))
            if first > last:
                raise InvalidValue("aisles", spec, "a range from low to high such as A-D", part)
            aisles.extend(chr(c) for c in range(first, last + 1))
        elif numbers:
            aisles.extend(f"{n:02d}" for n in parse_numbers(part, "aisles"))
        elif part.isascii() and part.isdigit():
            aisles.append(f"{int(part):02d}")
        elif part.isascii() and part.isalnum() and len(part) <= 10:
            aisles.append(part)
        else:
            raise InvalidValue(
                "aisles", spec, "letters or numbers, ranges such as A-D or 1-12", part
            )
    return _unique(aisles, "aisles", spec)


def _parts(spec: str, what: str) -> list[str]:
    parts = [p.strip() for p in spec.split(",")]
    if not spec.strip() or any(not p for p in parts):
        raise InvalidValue(what, spec, "a range such as 1-6 or a list such as 1,3,5", "a gap")
    return parts


_Value = TypeVar("_Value", int, str)


def _unique(items: list[_Value], what: str, spec: str) -> list[_Value]:
    seen: set[_Value] = set()
    for item in items:
        if item in seen:
            raise InvalidValue(what, spec, "each value once", f"{item} twice")
        seen.add(item)
    return items


def location_code(prefix: str, aisle: str, rack: int, level: int, bin_: int) -> str:
    return f"{prefix}{aisle}-{rack:02d}-{level:02d}-{bin_}"


def generate_locations(
    warehouse: str,
    aisles: Sequence[str],
    racks: Sequence[int],
    levels: Sequence[int],
    bins: Sequence[int],
    *,
    location_type: LocationType = LocationType.STORAGE,
    zone: str = "",
    capacity_units: int | None = None,
    capacity_kg: Decimal | None = None,
    prefix: str = "",
    first_sequence: int = 1,
) -> list[Location]:
    """Every location of the grid, in walking order, numbered from ``first_sequence``.

    Even-numbered aisles (the 1st, 3rd...) are walked with racks ascending, the others with
    racks descending; within a rack, level by level and bin by bin.
    """
    count = len(aisles) * len(racks) * len(levels) * len(bins)
    if count == 0:
        raise InvalidValue("location grid", "", "at least one aisle, rack, level and bin", "none")
    if count > MAX_LOCATIONS:
        raise InvalidValue(
            "location grid", f"{count} locations", f"at most {MAX_LOCATIONS:,}", f"{count:,}"
        )
    prefix = prefix.upper()
    zone = zone.upper()
    if prefix and not _CODE.fullmatch(prefix):
        raise InvalidValue("prefix", prefix, "letters A-Z, digits and '-'", "other characters")
    if zone and not _CODE.fullmatch(zone):
        raise InvalidValue("zone", zone, "letters A-Z, digits and '-'", "other characters")
    if capacity_units is not None and capacity_units < 0:
        raise InvalidValue("capacity", capacity_units, "0 or more units", str(capacity_units))
    if capacity_kg is not None and capacity_kg < 0:
        raise InvalidValue("capacity", capacity_kg, "0 kg or more", str(capacity_kg))
    sorted_racks = sorted(racks)
    locations: list[Location] = []
    sequence = first_sequence
    for index, aisle in enumerate(aisles):
        walk = sorted_racks if index % 2 == 0 else list(reversed(sorted_racks))
        for rack in walk:
            for level in sorted(levels):
                for bin_ in sorted(bins):
                    code = location_code(prefix, aisle, rack, level, bin_)
                    if len(code) > 40:
                        raise InvalidValue(
                            "location code", code, "at most 40 characters", f"{len(code)}"
                        )
                    locations.append(
                        Location(
                            warehouse=warehouse,
                            code=code,
                            type=location_type,
                            zone=zone,
                            aisle=aisle,
                            rack=rack,
                            level=level,
                            bin=bin_,
                            capacity_units=capacity_units,
                            capacity_kg=capacity_kg,
                            walk_sequence=sequence,
                        )
                    )
                    sequence += 1
    return locations


@dataclass(frozen=True)
class GenerateResult:
    warehouse: str
    created: int
    updated: int
    first_sequence: int
    last_sequence: int

    def summary(self) -> str:
        text = (
            f"generated {plural(self.created + self.updated, 'location', 'locations')} in "
            f"{self.warehouse} ({self.created} new, {self.updated} updated)"
        )
        if self.created:
            text += f", walk sequence {self.first_sequence}-{self.last_sequence}"
        return text


def next_walk_sequence(session: Session, warehouse: str) -> int:
    """One after the highest walk sequence of the warehouse's locations."""
    highest = session.scalar(
        select(func.max(LocationRow.walk_sequence)).where(LocationRow.warehouse == warehouse)
    )
    return (highest or 0) + 1


def existing_codes(session: Session, warehouse: str, codes: Sequence[str]) -> dict[str, int]:
    """Location ids of those ``codes`` that already exist in ``warehouse``."""
    found: dict[str, int] = {}
    for batch in chunks(sorted(set(codes)), 500):
        rows = session.execute(
            select(LocationRow.code, LocationRow.id).where(
                LocationRow.warehouse == warehouse, LocationRow.code.in_(batch)
            )
        )
        for code, row_id in rows:
            found[code] = row_id
    return found


def save_generated(
    sessions: sessionmaker[Session] | Engine,
    grid: Sequence[Location],
    *,
    warehouse: str | None = None,
    update_existing: bool = False,
) -> GenerateResult:
    """Insert generated locations, walk sequence continuing after the warehouse's highest.

    ``grid`` comes from :func:`generate_locations` (its walk sequence is renumbered here, in
    the grid's order). Codes that already exist are refused, listed, unless
    ``update_existing``: then their type, zone, position and capacity are updated and they keep
    their place in the walk.
    """
    with UnitOfWork(sessions) as uow:
        session = uow.session
        code = resolve_warehouse(session, warehouse or (grid[0].warehouse if grid else None))
        existing = existing_codes(session, code, [location.code for location in grid])
        if existing and not update_existing:
            shown = sorted(existing)
            listed = ", ".join(shown[:20])
            if len(shown) > 20:
                listed += f" and {len(shown) - 20} more"
            raise RuleViolation(
                f"{len(shown)} of the {len(grid)} locations already exist in {code}: {listed}; "
                "expected new codes (use --update to update them)",
                code="already_exists",
            )
        first = next_walk_sequence(session, code)
        new_rows: list[dict[str, object]] = []
        updates: list[dict[str, object]] = []
        for location in grid:
            row_id = existing.get(location.code)
            if row_id is None:
                numbered = replace(location, warehouse=code, walk_sequence=first + len(new_rows))
                values = location_values(numbered)
                values.update(warehouse=code, active=True)
                new_rows.append(values)
            else:
                values = location_values(location)
                del values["code"], values["walk_sequence"]
                values["id"] = row_id
                updates.append(values)
        for batch in chunks(new_rows, 5_000):
            session.execute(insert(table_of(LocationRow)), list(batch))
        for batch in chunks(updates, 5_000):
            session.execute(update(LocationRow), list(batch))
        uow.commit()
    return GenerateResult(code, len(new_rows), len(updates), first, first + len(new_rows) - 1)
