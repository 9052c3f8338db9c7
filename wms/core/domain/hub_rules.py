"""The parcel hub's settings (``[hub]`` in ``wms.toml``), with the defaults a hub starts from.

- ``tracking``: the carriers' tracking-number patterns (``[hub.carriers.NAME]`` with ``prefix``,
  ``length`` and ``check``); S10 item numbers are always understood.
- ``promise_hours``: hours from the pre-alert's departure to the promised handover, per service
  (``[hub.services]``: ``STANDARD = 72``); ``default_promise_hours`` for any other service.
- ``hold_location`` / ``exception_location``: the customs hold cage and the exceptions area the
  deconsolidation sort sends parcels to (scanned to confirm like any destination).
- ``sort_plan``: the sort plan of the last-mile destinations (the warehouse's default plan
  when there is none of that name).
- ``bag_weight_tolerance_kg``: how far a bag's arrival weight may differ from the pre-alert's.
- ``handover_loose_parcels``: whether the handover scan takes parcels not closed in a
  last-mile bag (by tracking number, or with their destination); false: bags only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from types import MappingProxyType

from wms.core.domain.parcel_ids import TrackingPattern


@dataclass(frozen=True)
class HubSettings:
    tracking: tuple[TrackingPattern, ...] = ()
    promise_hours: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    default_promise_hours: int = 72
    hold_location: str = "HOLD"
    exception_location: str = "EXCEPTIONS"
    bag_weight_tolerance_kg: Decimal = Decimal("0.5")
    at_risk_hours: int = 12
    sort_plan: str = "LASTMILE"
    handover_loose_parcels: bool = True

    def promise(self, service: str) -> timedelta:
        """The time from departure to the promised handover for ``service``."""
        hours = self.promise_hours.get(service.upper(), self.default_promise_hours)
        return timedelta(hours=hours)
