"""Tunable rules of the scan workflows, with the defaults a warehouse starts from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from types import MappingProxyType

from wms.core.domain.errors import ConfigError

#: Putaway strategies, tried in the configured order until one finds a location with room.
STRATEGIES = ("fixed", "consolidate", "empty")


@dataclass(frozen=True)
class PutawayPolicy:
    """How putaway chooses a location.

    ``order`` is the default order of strategies: ``fixed`` (the product's fixed pick face, if it
    has room), ``consolidate`` (next to the same product and lot), ``empty`` (the nearest empty
    location of an allowed type that fits). ``order_by_sku`` overrides the order per product,
    ``order_by_zone`` per zone (the zone of the product's fixed location, or of ``zones_by_sku``);
    ``zones_by_sku`` restricts a product's storage candidates to some zones.
    """

    order: tuple[str, ...] = STRATEGIES
    order_by_sku: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    order_by_zone: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    zones_by_sku: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    storage_types: tuple[str, ...] = ("storage",)

    def __post_init__(self) -> None:
        orders = [self.order, *self.order_by_sku.values(), *self.order_by_zone.values()]
        for order in orders:
            unknown = [name for name in order if name not in STRATEGIES]
            if unknown:
                raise ConfigError(
                    f"putaway strategy order {list(order)}: expected names among "
                    f"{', '.join(STRATEGIES)}, found {', '.join(unknown)}"
                )

    def order_for(self, sku: str, zone: str = "") -> tuple[str, ...]:
        if sku in self.order_by_sku:
            return self.order_by_sku[sku]
        if zone and zone in self.order_by_zone:
            return self.order_by_zone[zone]
        zones = self.zones_by_sku.get(sku, ())
        for candidate in zones:
            if candidate in self.order_by_zone:
                return self.order_by_zone[candidate]
        return self.order


@dataclass(frozen=True)
class WorkflowSettings:
    """Rules shared by every workflow of a station session."""

    double_read_window: timedelta = timedelta(seconds=0.6)
    idle_timeout: timedelta = timedelta(minutes=15)
    max_failed_pins: int = 5
    lockout: timedelta = timedelta(minutes=5)
    over_receipt_tolerance: Decimal = Decimal("0.05")
    dock: str = ""
    putaway: PutawayPolicy = field(default_factory=PutawayPolicy)
    max_keyed_quantity: int = 100_000


def settings_from_mapping(raw: Mapping[str, object]) -> WorkflowSettings:
    """Settings from a parsed ``wms.toml``: ``[station] dock``, ``idle_timeout_minutes``;
    ``[workflows] double_read_seconds``, ``over_receipt_tolerance`` (0.05 = 5 %),
    ``max_failed_pins``, ``lockout_minutes``, ``putaway_order`` (list of strategy names)."""
    station = raw.get("station", {})
    flows = raw.get("workflows", {})
    if not isinstance(station, Mapping) or not isinstance(flows, Mapping):
        raise ConfigError("[station] and [workflows]: expected tables")
    defaults = WorkflowSettings()
    try:
        return WorkflowSettings(
            double_read_window=timedelta(
                seconds=float(
                    flows.get("double_read_seconds", defaults.double_read_window.total_seconds())
                )
            ),
            idle_timeout=timedelta(
                minutes=float(
                    station.get("idle_timeout_minutes", defaults.idle_timeout.total_seconds() / 60)
                )
            ),
            max_failed_pins=int(flows.get("max_failed_pins", defaults.max_failed_pins)),
            lockout=timedelta(
                minutes=float(flows.get("lockout_minutes", defaults.lockout.total_seconds() / 60))
            ),
            over_receipt_tolerance=Decimal(
                str(flows.get("over_receipt_tolerance", defaults.over_receipt_tolerance))
            ),
            dock=str(station.get("dock", "")).upper(),
            putaway=PutawayPolicy(
                order=tuple(flows.get("putaway_order", defaults.putaway.order))  # type: ignore[arg-type]
            ),
        )
    except (TypeError, ValueError, ArithmeticError) as error:
        raise ConfigError(f"workflow settings: {error}") from error
