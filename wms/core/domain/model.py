"""Entities and value objects of the warehouse (pure Python, no database, no Qt).

Over 500 lines on purpose: the vocabulary is read as one page (entities, the movement and its
named constructors, the projection rule); split, the constructors would be apart from the
fields they fill.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import TypedDict, Unpack

from wms.core.domain.check_digits import (
    gs1_check_digit,
    has_valid_gs1_check_digit,
    is_ascii_digits,
    location_check_digits,
)
from wms.core.domain.errors import InvalidValue
from wms.core.domain.text import msg


class LocationType(StrEnum):
    DOCK = "dock"
    RECEIVING = "receiving"
    STORAGE = "storage"
    PICK_FACE = "pick_face"
    STAGING = "staging"
    SORT_DESTINATION = "sort_destination"
    PACKING = "packing"
    SHIPPING = "shipping"
    QUARANTINE = "quarantine"
    TRANSIT = "transit"
    RETURNS = "returns"  # a returns bench: graded customer returns arrive here


class PackagingLevel(StrEnum):
    EACH = "each"
    INNER = "inner"
    CASE = "case"
    PALLET = "pallet"


class HandlingUnitKind(StrEnum):
    PALLET = "pallet"
    CARTON = "carton"
    TOTE = "tote"
    BAG = "bag"
    CAGE = "cage"
    PARCEL = "parcel"


class MovementKind(StrEnum):
    RECEIVE = "receive"
    PUTAWAY = "putaway"
    MOVE = "move"
    PICK = "pick"
    SORT = "sort"
    PACK = "pack"
    SHIP = "ship"
    ADJUST = "adjust"
    COUNT = "count"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    STATUS = "status"


class StockStatus(StrEnum):
    AVAILABLE = "available"
    RESERVED = "reserved"
    QUARANTINED = "quarantined"


class Role(StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    def may_approve_adjustments(self) -> bool:
        return self in (Role.SUPERVISOR, Role.ADMIN)

    def may_change_settings(self) -> bool:
        """Station settings (identity, workflows, devices) need a supervisor or an admin."""
        return self in (Role.SUPERVISOR, Role.ADMIN)


def normalise_gtin(value: str) -> str:
    """GTIN-8/12/13/14 as a GTIN-14 (leading zeros added), check digit verified."""
    text = str(value).strip().replace(" ", "")
    if text.startswith("(01)"):
        text = text[4:]
    if not is_ascii_digits(text):
        raise InvalidValue(
            "GTIN", value, msg("8, 12, 13 or 14 digits"), msg("characters other than digits")
        )
    if len(text) not in (8, 12, 13, 14):
        raise InvalidValue(
            "GTIN", value, msg("8, 12, 13 or 14 digits"), msg("{count} digits", count=len(text))
        )
    if not has_valid_gs1_check_digit(text):
        raise InvalidValue(
            "GTIN",
            value,
            msg("check digit {text}", text=gs1_check_digit(text[:-1])),
            msg("check digit {text}", text=text[-1]),
        )
    return text.zfill(14)


@dataclass(frozen=True)
class Warehouse:
    code: str
    name: str
    country: str
    gs1_company_prefix: str
    city: str = ""


@dataclass(frozen=True)
class Location:
    warehouse: str
    code: str
    type: LocationType
    zone: str = ""
    aisle: str = ""
    rack: int = 0
    level: int = 0
    bin: int = 0
    capacity_units: int | None = None
    capacity_kg: Decimal | None = None
    walk_sequence: int = 0

    @property
    def check_digits(self) -> str:
        return location_check_digits(self.warehouse, self.code)


@dataclass(frozen=True)
class ProductGtin:
    gtin: str
    level: PackagingLevel
    quantity: int


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    unit: str = "each"
    tracks_lot: bool = False
    tracks_expiry: bool = False
    tracks_serial: bool = False
    hs_code: str = ""
    origin_country: str = ""
    weight_kg: Decimal = Decimal("0")
    length_cm: Decimal = Decimal("0")
    width_cm: Decimal = Decimal("0")
    height_cm: Decimal = Decimal("0")
    unit_value: Decimal = Decimal("0")
    currency: str = "EUR"
    fixed_location: str = ""
    gtins: tuple[ProductGtin, ...] = ()
    #: the stock owner's code (``HUB``: the hub's own supplies, owner-neutral)
    owner: str = "HUB"


@dataclass(frozen=True)
class Lot:
    sku: str
    code: str
    expiry: date | None = None


@dataclass(frozen=True)
class HandlingUnit:
    sscc: str
    warehouse: str
    kind: HandlingUnitKind
    location: str = ""
    parent_sscc: str = ""


@dataclass(frozen=True)
class Operator:
    badge: str
    name: str
    role: Role
    active: bool = True


@dataclass(frozen=True)
class StockKey:
    """Where a quantity of stock is: the projection's key."""

    warehouse: str
    location: str
    sku: str
    lot: str = ""
    handling_unit: str = ""
    status: StockStatus = StockStatus.AVAILABLE


@dataclass(frozen=True)
class StockPlace:
    """Where stock sits inside one warehouse: a location, a handling unit there (or loose) and
    the stock's status. A movement takes stock from one place, brings it to one, or both."""

    location: str
    handling_unit: str = ""
    status: StockStatus = StockStatus.AVAILABLE


class MovementDetails(TypedDict, total=False):
    """What a movement may say besides what, how many and where (all optional)."""

    lot: str
    expiry: date | None
    reference: str
    transfer_id: str
    raw_scan: str


@dataclass(frozen=True)
class MovementDraft:
    """A movement as a workflow asks for it, before the ledger numbers and stamps it.

    ``quantity`` leaves ``from_location`` (if any) and arrives at ``to_location`` (if any).
    It is signed: an adjustment of -3 at ``to_location`` removes three units.

    Build drafts with the named constructors: the three shapes :meth:`arriving`,
    :meth:`leaving` and :meth:`between` (stock appears at a place, disappears from one, goes
    from one to another) and one constructor per common kind on top of them, e.g.
    ``MovementDraft.receipt("SAF-1G", 12, StockPlace("DOCK-1", sscc), reference="ASN-1")``.
    """

    kind: MovementKind
    sku: str
    quantity: int
    from_location: str = ""
    to_location: str = ""
    lot: str = ""
    expiry: date | None = None
    from_handling_unit: str = ""
    to_handling_unit: str = ""
    from_status: StockStatus = StockStatus.AVAILABLE
    to_status: StockStatus = StockStatus.AVAILABLE
    reference: str = ""
    transfer_id: str = ""
    raw_scan: str = ""

    def __post_init__(self) -> None:
        if not self.from_location and not self.to_location:
            raise InvalidValue(
                msg("movement"),
                self.sku,
                msg("a from-location, a to-location or both"),
                msg("neither"),
            )
        if self.quantity == 0:
            raise InvalidValue(
                msg("movement quantity"), self.quantity, msg("a non-zero quantity"), "0"
            )

    # the three shapes ------------------------------------------------------------------------

    @classmethod
    def arriving(
        cls,
        kind: MovementKind,
        sku: str,
        quantity: int,
        at: StockPlace,
        **details: Unpack[MovementDetails],
    ) -> MovementDraft:
        """Stock that appears at ``at`` (received, found, transferred in)."""
        return cls(
            kind,
            sku,
            quantity,
            to_location=at.location,
            to_handling_unit=at.handling_unit,
            to_status=at.status,
            **details,
        )

    @classmethod
    def leaving(
        cls,
        kind: MovementKind,
        sku: str,
        quantity: int,
        source: StockPlace,
        **details: Unpack[MovementDetails],
    ) -> MovementDraft:
        """Stock that disappears from ``source`` (shipped, lost, settled out of transit)."""
        return cls(
            kind,
            sku,
            quantity,
            from_location=source.location,
            from_handling_unit=source.handling_unit,
            from_status=source.status,
            **details,
        )

    @classmethod
    def between(
        cls,
        kind: MovementKind,
        sku: str,
        quantity: int,
        source: StockPlace,
        target: StockPlace,
        **details: Unpack[MovementDetails],
    ) -> MovementDraft:
        """Stock that goes from ``source`` to ``target`` (moved, picked, packed, reserved)."""
        return cls(
            kind,
            sku,
            quantity,
            from_location=source.location,
            to_location=target.location,
            from_handling_unit=source.handling_unit,
            to_handling_unit=target.handling_unit,
            from_status=source.status,
            to_status=target.status,
            **details,
        )

    # the common kinds ------------------------------------------------------------------------

    @classmethod
    def receipt(
        cls, sku: str, quantity: int, at: StockPlace, **details: Unpack[MovementDetails]
    ) -> MovementDraft:
        """Goods received at a dock (RECEIVE)."""
        return cls.arriving(MovementKind.RECEIVE, sku, quantity, at, **details)

    @classmethod
    def adjustment(
        cls, sku: str, quantity: int, at: StockPlace, **details: Unpack[MovementDetails]
    ) -> MovementDraft:
        """Stock corrected at ``at`` by a signed ``quantity`` (ADJUST)."""
        return cls.arriving(MovementKind.ADJUST, sku, quantity, at, **details)

    @classmethod
    def putaway(
        cls,
        sku: str,
        quantity: int,
        source: StockPlace,
        target: StockPlace,
        **details: Unpack[MovementDetails],
    ) -> MovementDraft:
        """Received stock brought to its storage location (PUTAWAY)."""
        return cls.between(MovementKind.PUTAWAY, sku, quantity, source, target, **details)

    @classmethod
    def move(
        cls,
        sku: str,
        quantity: int,
        source: StockPlace,
        target: StockPlace,
        **details: Unpack[MovementDetails],
    ) -> MovementDraft:
        """Stock moved between two locations of the warehouse (MOVE)."""
        return cls.between(MovementKind.MOVE, sku, quantity, source, target, **details)

    @classmethod
    def status_change(
        cls,
        sku: str,
        quantity: int,
        at: StockPlace,
        to_status: StockStatus,
        **details: Unpack[MovementDetails],
    ) -> MovementDraft:
        """Stock that stays where it is and changes status (STATUS: reserve, release,
        quarantine, release from quarantine)."""
        target = StockPlace(at.location, at.handling_unit, to_status)
        return cls.between(MovementKind.STATUS, sku, quantity, at, target, **details)

    @classmethod
    def pick(
        cls,
        sku: str,
        quantity: int,
        source: StockPlace,
        target: StockPlace,
        **details: Unpack[MovementDetails],
    ) -> MovementDraft:
        """Reserved stock picked from its location into a tote or onto a drop location (PICK)."""
        return cls.between(MovementKind.PICK, sku, quantity, source, target, **details)

    @classmethod
    def sort(
        cls,
        sku: str,
        quantity: int,
        source: StockPlace,
        target: StockPlace,
        **details: Unpack[MovementDetails],
    ) -> MovementDraft:
        """Picked stock put into its order's sort destination (SORT)."""
        return cls.between(MovementKind.SORT, sku, quantity, source, target, **details)

    @classmethod
    def pack(
        cls,
        sku: str,
        quantity: int,
        source: StockPlace,
        target: StockPlace,
        **details: Unpack[MovementDetails],
    ) -> MovementDraft:
        """Stock packed into a parcel at a packing bench (PACK)."""
        return cls.between(MovementKind.PACK, sku, quantity, source, target, **details)

    @classmethod
    def shipment(
        cls, sku: str, quantity: int, source: StockPlace, **details: Unpack[MovementDetails]
    ) -> MovementDraft:
        """Stock that leaves the warehouse with a carrier (SHIP)."""
        return cls.leaving(MovementKind.SHIP, sku, quantity, source, **details)

    @classmethod
    def transfer_out(
        cls,
        sku: str,
        quantity: int,
        source: StockPlace,
        transit: StockPlace,
        **details: Unpack[MovementDetails],
    ) -> MovementDraft:
        """Stock sent to another warehouse: into this warehouse's transit location."""
        return cls.between(MovementKind.TRANSFER_OUT, sku, quantity, source, transit, **details)

    @classmethod
    def transfer_in(
        cls, sku: str, quantity: int, at: StockPlace, **details: Unpack[MovementDetails]
    ) -> MovementDraft:
        """Stock of a transfer received at the destination's dock (TRANSFER_IN)."""
        return cls.arriving(MovementKind.TRANSFER_IN, sku, quantity, at, **details)

    @classmethod
    def transfer_settlement(
        cls, sku: str, quantity: int, transit: StockPlace, **details: Unpack[MovementDetails]
    ) -> MovementDraft:
        """The source's side of a received transfer: out of its transit location
        (TRANSFER_IN in the source's ledger)."""
        return cls.leaving(MovementKind.TRANSFER_IN, sku, quantity, transit, **details)


@dataclass(frozen=True)
class Movement:
    """One row of the append-only stock ledger."""

    id: str
    warehouse: str
    station: str
    station_seq: int
    operator: str
    kind: MovementKind
    sku: str
    quantity: int
    created_at: datetime
    from_location: str = ""
    to_location: str = ""
    lot: str = ""
    expiry: date | None = None
    from_handling_unit: str = ""
    to_handling_unit: str = ""
    from_status: StockStatus = StockStatus.AVAILABLE
    to_status: StockStatus = StockStatus.AVAILABLE
    reference: str = ""
    transfer_id: str = ""
    raw_scan: str = ""
    #: the stock owner of the product when the movement was posted: the ledger sets it from
    #: the product as it writes the row ("" on a movement not written yet)
    owner: str = ""

    @classmethod
    def posted(
        cls,
        draft: MovementDraft,
        *,
        id: str,
        warehouse: str,
        station: str,
        station_seq: int,
        operator: str,
        created_at: datetime,
    ) -> Movement:
        """The ledger row of ``draft``, numbered and stamped (the draft's fields copied over)."""
        carried = {name: getattr(draft, name) for name in _draft_fields()}
        return cls(
            id=id,
            warehouse=warehouse,
            station=station,
            station_seq=station_seq,
            operator=operator,
            created_at=created_at,
            **carried,
        )

    def stock_deltas(self) -> list[tuple[StockKey, int]]:
        """What this movement does to stock on hand: the projection rule, in one place."""
        deltas: list[tuple[StockKey, int]] = []
        if self.from_location:
            key = StockKey(
                self.warehouse,
                self.from_location,
                self.sku,
                self.lot,
                self.from_handling_unit,
                self.from_status,
            )
            deltas.append((key, -self.quantity))
        if self.to_location:
            key = StockKey(
                self.warehouse,
                self.to_location,
                self.sku,
                self.lot,
                self.to_handling_unit,
                self.to_status,
            )
            deltas.append((key, self.quantity))
        return deltas


@cache
def _draft_fields() -> tuple[str, ...]:
    """The field names of :class:`MovementDraft` (``fields()`` walks the class each call)."""
    return tuple(f.name for f in fields(MovementDraft))


def sum_stock(movements: list[Movement]) -> dict[StockKey, int]:
    """Stock on hand recomputed from ledger rows (zero rows dropped)."""
    totals: dict[StockKey, int] = {}
    for movement in movements:
        for key, delta in movement.stock_deltas():
            totals[key] = totals.get(key, 0) + delta
    return {key: qty for key, qty in totals.items() if qty != 0}
