"""Cartons of the packing benches and the choice of the smallest one that fits.

A warehouse without cartons gets the demo set on first use (:func:`ensure_cartons`):

====  ===================  ==========  ========  ==========
code  inner L × W × H (cm)  volume (l)  tare kg   max gross kg
====  ===================  ==========  ========  ==========
S     25 × 20 × 10          5           0.15      5
M     40 × 30 × 20          24          0.35      15
L     60 × 40 × 40          96          0.70      30
====  ===================  ==========  ========  ==========

Fit rule: the items' total volume must not exceed ``FILL_RATIO`` (85 %) of the carton's inner
volume (void for dunnage and irregular shapes), the largest item must fit with its dimensions
sorted against the carton's sorted dimensions, and the gross weight (items + tare) must not
exceed the carton's maximum. The suggestion is the smallest carton by volume that fits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal

from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.text import msg
from wms.core.persistence.outbound_tables import CartonRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.outbound import queries

FILL_RATIO = Decimal("0.85")

DEMO_CARTONS = (
    ("S", "Small box", "25", "20", "10", "0.15", "5"),
    ("M", "Medium box", "40", "30", "20", "0.35", "15"),
    ("L", "Large box", "60", "40", "40", "0.70", "30"),
)


@dataclass(frozen=True)
class Carton:
    code: str
    description: str
    length_cm: Decimal
    width_cm: Decimal
    height_cm: Decimal
    tare_kg: Decimal
    max_weight_kg: Decimal

    @property
    def volume_cm3(self) -> Decimal:
        return self.length_cm * self.width_cm * self.height_cm

    @property
    def dimensions(self) -> tuple[Decimal, ...]:
        return tuple(sorted((self.length_cm, self.width_cm, self.height_cm)))


@dataclass(frozen=True)
class Item:
    """Units of one product to pack, with the product's dimensions (cm) and weight (kg)."""

    sku: str
    quantity: int
    length_cm: Decimal
    width_cm: Decimal
    height_cm: Decimal
    weight_kg: Decimal

    @property
    def volume_cm3(self) -> Decimal:
        return self.length_cm * self.width_cm * self.height_cm * self.quantity

    @property
    def dimensions(self) -> tuple[Decimal, ...]:
        return tuple(sorted((self.length_cm, self.width_cm, self.height_cm)))

    @property
    def net_weight_kg(self) -> Decimal:
        return self.weight_kg * self.quantity


def ensure_cartons(uow: UnitOfWork, warehouse: str) -> list[Carton]:
    """The warehouse's cartons, the demo set seeded first when it has none (in the caller's
    transaction)."""
    found = [Carton(*row) for row in uow.cartons.dimensions(warehouse)]
    if found:
        return found
    for code, description, length, width, height, tare, max_kg in DEMO_CARTONS:
        carton = Carton(
            code,
            description,
            Decimal(length),
            Decimal(width),
            Decimal(height),
            Decimal(tare),
            Decimal(max_kg),
        )
        uow.cartons.add(CartonRow(warehouse=warehouse, **asdict(carton)))
        found.append(carton)
    uow.cartons.flush()
    return found


def cartons(uow: UnitOfWork, warehouse: str) -> list[Carton]:
    """The warehouse's cartons, smallest first (the demo set seeded when it has none)."""
    return sorted(ensure_cartons(uow, warehouse), key=lambda c: (c.volume_cm3, c.code))


def items_for(uow: UnitOfWork, quantities: dict[str, int]) -> list[Item]:
    rows = queries.product_rows(uow, quantities)
    return [
        Item(
            sku,
            quantity,
            Decimal(rows[sku].length_cm),
            Decimal(rows[sku].width_cm),
            Decimal(rows[sku].height_cm),
            Decimal(rows[sku].weight_kg),
        )
        for sku, quantity in sorted(quantities.items())
        if quantity > 0
    ]


def why_not(carton: Carton, items: Iterable[Item]) -> str:
    """Why the items do not fit the carton, or an empty string when they do."""
    items = list(items)
    volume = sum((i.volume_cm3 for i in items), Decimal("0"))
    if volume > carton.volume_cm3 * FILL_RATIO:
        return (
            f"the items take {volume / 1000:.1f} l, more than {FILL_RATIO:.0%} of carton "
            f"{carton.code}'s {carton.volume_cm3 / 1000:.1f} l"
        )
    for item in items:
        if any(a > b for a, b in zip(item.dimensions, carton.dimensions, strict=True)):
            return f"{item.sku} ({' × '.join(f'{d:g}' for d in item.dimensions)} cm) is too big"
    gross = sum((i.net_weight_kg for i in items), Decimal("0")) + carton.tare_kg
    if gross > carton.max_weight_kg:
        return f"{gross:.3f} kg is over carton {carton.code}'s {carton.max_weight_kg:g} kg"
    return ""


def suggest(available: list[Carton], items: Iterable[Item]) -> Carton:
    """The smallest carton (by volume) the items fit in."""
    items = list(items)
    for carton in available:
        if not why_not(carton, items):
            return carton
    largest = available[-1] if available else None
    reason = why_not(largest, items) if largest else msg("there are no cartons")
    raise RuleViolation(
        msg(
            "no carton fits these items ({reason}): split the order into several parcels",
            reason=reason,
        ),
        "no_carton_fits",
    )


def require_carton(available: list[Carton], code: str) -> Carton:
    for carton in available:
        if carton.code.upper() == code.strip().upper():
            return carton
    raise NotFound(msg("carton"), code, msg("cartons: ") + ", ".join(c.code for c in available))
