"""Tunable rules of the scan workflows, with the defaults a warehouse starts from.

:mod:`wms.config` reads them from ``wms.toml`` (``[workflows]`` and the ``dock`` and
``idle_timeout_minutes`` of ``[station]``); the station factory (:mod:`wms.station`) hands them to
every session it builds. They live in the domain, not in ``wms.core.services.workflows``, so that
reading the configuration (every ``wms`` command does) does not load the workflows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from types import MappingProxyType

from wms.core.domain.errors import ConfigError
from wms.core.domain.hub_rules import HubSettings

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

    double_read_window: timedelta = timedelta(seconds=0.3)
    idle_timeout: timedelta = timedelta(minutes=15)
    max_failed_pins: int = 5
    lockout: timedelta = timedelta(minutes=5)
    over_receipt_tolerance: Decimal = Decimal("0.05")
    dock: str = ""
    putaway: PutawayPolicy = field(default_factory=PutawayPolicy)
    max_keyed_quantity: int = 100_000
    hub: HubSettings = field(default_factory=HubSettings)
    #: a parcel weight keyed at packing (no scale) needs a supervisor's badge scanned after it
    keyed_weight_needs_supervisor: bool = False
