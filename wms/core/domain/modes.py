"""The station's modes of work: the one list of workflows.

Everything that names workflows reads this enum: the ``[station] workflows`` setting, the
``CMD:MODE:<name>`` command barcodes and the printed command sheet, the home screen's buttons and
their number keys, the README. Each member is implemented by exactly one registered workflow
class (``wms.core.services.workflows``; a test holds the registry to this list). The order is
the order a station offers them in.
"""

from __future__ import annotations

from enum import StrEnum


class StationMode(StrEnum):
    RECEIVING = "receiving"
    PUTAWAY = "putaway"
    MOVE = "move"
    COUNT = "count"
    PICKING = "picking"
    SORTING = "sorting"
    PACKING = "packing"
    SHIPPING = "shipping"
    TRANSFER = "transfer"
    ADJUST = "adjust"
    ARRIVAL = "arrival"
    DECONSOLIDATION = "deconsolidation"
    RELEASE = "release"
    HANDOVER = "handover"
    QUARANTINE = "quarantine"
    RETURNS = "returns"

    @property
    def english_title(self) -> str:
        """The English title (the station app translates it)."""
        return _TITLES[self]

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(mode.value for mode in cls)


_TITLES: dict[StationMode, str] = {
    StationMode.RECEIVING: "Receiving",
    StationMode.PUTAWAY: "Putaway",
    StationMode.MOVE: "Moves",
    StationMode.COUNT: "Counting",
    StationMode.PICKING: "Picking",
    StationMode.SORTING: "Sorting",
    StationMode.PACKING: "Packing",
    StationMode.SHIPPING: "Shipping",
    StationMode.TRANSFER: "Transfers",
    StationMode.ADJUST: "Adjustments",
    StationMode.ARRIVAL: "Hub arrival",
    StationMode.DECONSOLIDATION: "Deconsolidation",
    StationMode.RELEASE: "Hold release",
    StationMode.HANDOVER: "Carrier handover",
    StationMode.QUARANTINE: "Quarantine release",
    StationMode.RETURNS: "Returns",
}
