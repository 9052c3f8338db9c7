"""Pick sequencing along the walking path, and the distance model that measures it.

Distance model (a rectangular warehouse with parallel aisles and two cross-aisles):

* aisles are ordered by the walking sequence of their locations (``LocationRow.walk_sequence``;
  by aisle code when no location has one); consecutive aisles are ``aisle_spacing_m`` apart;
* along an aisle, rack ``r`` is ``r × rack_spacing_m`` from the front cross-aisle; the back
  cross-aisle is one rack beyond the deepest rack of the warehouse;
* within one aisle the distance is the difference along it; between two aisles the picker walks
  out through the front or the back cross-aisle, whichever is shorter, plus the distance
  between the aisles;
* levels and bins are ignored (reaching up is not walking);
* a walk starts and ends at the depot: the front of the first aisle (where the packing area and
  the staging lanes are).

Sequencing: by ``walk_sequence`` where locations have one (the demo's storage walk is serpentine:
aisle A up, aisle B down...); otherwise a serpentine route computed from aisle / rack / level:
even aisles front to back, odd aisles back to front. Locations without an aisle (staging...) come
last in code order and are not counted in distances.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.outbound import queries


@dataclass(frozen=True)
class PathModel:
    aisle_spacing_m: Decimal = Decimal("3.0")
    rack_spacing_m: Decimal = Decimal("1.5")


@dataclass(frozen=True)
class Spot:
    code: str
    aisle: str
    rack: int
    level: int
    bin: int
    walk_sequence: int


class Layout:
    """The geometry of a warehouse's pickable locations, for sequencing and distances."""

    def __init__(self, spots: Iterable[Spot], model: PathModel | None = None) -> None:
        self.model = model or PathModel()
        self.spots: dict[str, Spot] = {spot.code: spot for spot in spots}
        first_walk: dict[str, int] = {}
        for spot in self.spots.values():
            if not spot.aisle:
                continue
            walk = spot.walk_sequence or 0
            current = first_walk.get(spot.aisle)
            first_walk[spot.aisle] = walk if current is None else min(current, walk)
        aisles = sorted(first_walk, key=lambda a: (first_walk[a], a))
        self.aisle_index = {aisle: index for index, aisle in enumerate(aisles)}
        racks = [s.rack for s in self.spots.values() if s.aisle]
        self.depth = (max(racks) if racks else 0) + 1  # back cross-aisle position
        self.use_walk_sequence = any(s.walk_sequence for s in self.spots.values() if s.aisle)

    @classmethod
    def load(cls, uow: UnitOfWork, warehouse: str, model: PathModel | None = None) -> Layout:
        rows = queries.layout_spots(uow, warehouse)
        return cls((Spot(r.code, r.aisle, r.rack, r.level, r.bin, r.walk_sequence) for r in rows),
                   model)  # fmt: skip

    # sequencing ---------------------------------------------------------------------------

    def walk_key(self, code: str) -> tuple[int, int, int, int, int, str]:
        spot = self.spots.get(code)
        if spot is None or not spot.aisle:
            return (1, 0, 0, 0, 0, code)
        if self.use_walk_sequence and spot.walk_sequence:
            return (0, spot.walk_sequence, 0, 0, 0, code)
        index = self.aisle_index[spot.aisle]
        rack = spot.rack if index % 2 == 0 else -spot.rack
        return (0, index, rack, spot.level, spot.bin, code)

    def sequence(self, codes: Iterable[str]) -> list[str]:
        return sorted(codes, key=self.walk_key)

    # distances ----------------------------------------------------------------------------

    def _position(self, code: str) -> tuple[int, int] | None:
        spot = self.spots.get(code)
        if spot is None or not spot.aisle:
            return None
        return self.aisle_index[spot.aisle], spot.rack

    def _between(self, a: tuple[int, int], b: tuple[int, int]) -> Decimal:
        (aisle_a, rack_a), (aisle_b, rack_b) = a, b
        if aisle_a == aisle_b:
            racks = abs(rack_a - rack_b)
        else:
            racks = min(rack_a + rack_b, 2 * self.depth - rack_a - rack_b)
        return (
            abs(aisle_a - aisle_b) * self.model.aisle_spacing_m + racks * self.model.rack_spacing_m
        )

    def route_length(self, codes: Sequence[str]) -> Decimal:
        """Metres walked from the depot through ``codes`` in this order and back."""
        depot = (0, 0)
        here = depot
        total = Decimal("0")
        for code in codes:
            position = self._position(code)
            if position is None:
                continue
            total += self._between(here, position)
            here = position
        return total + self._between(here, depot)
