"""Tables of the outbound flow: allocations, waves, pick lists and tasks, put-wall slots, sort
destinations, cartons, parcels and shipments.

Stock itself stays in the ledger (``movements``) and its projection (``stock``). These tables hold
what the ledger cannot say: which order a reservation is for, the walking order of a pick list,
which order a put-wall slot holds, how many parcels are in the open bag of a sort destination,
which parcels are loaded on which trailer.

Reservation representation (see :mod:`wms.core.services.outbound.allocation`): an
:class:`AllocationRow` per (order line, location, lot, handling unit) *and* a ``status`` movement
``available → reserved`` at that same stock key, so ``wms stock`` shows reserved stock and no
other order can take it. Freeing is the reverse ``reserved → available`` movement.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wms.core.persistence.base import Base
from wms.core.persistence.tables import CODE, QTY

MONEY = Numeric(14, 2)


class OutboundCounterRow(Base):
    """Per-warehouse counters for human-friendly document numbers (waves, pick lists,
    shipments), bumped in the transaction that uses them."""

    __tablename__ = "outbound_counters"

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class CartonRow(Base):
    """A carton the packing benches use: inner dimensions (cm), tare and maximum gross (kg)."""

    __tablename__ = "cartons"

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    description: Mapped[str] = mapped_column(String(100), default="")
    length_cm: Mapped[Decimal] = mapped_column(QTY)
    width_cm: Mapped[Decimal] = mapped_column(QTY)
    height_cm: Mapped[Decimal] = mapped_column(QTY)
    tare_kg: Mapped[Decimal] = mapped_column(QTY)
    max_weight_kg: Mapped[Decimal] = mapped_column(QTY)


class AllocationRow(Base):
    """Stock reserved for one order line at one stock key.

    ``state``: ``reserved`` (still at its location), ``picked`` (``picked`` units went to a
    tote), ``freed`` (given back: cancelled or short-picked), ``short`` (units the location did
    not have, found at a pick).
    """

    __tablename__ = "allocations"
    __table_args__ = (
        Index("ix_allocations_order", "warehouse", "order", "line"),
        Index("ix_allocations_stock", "warehouse", "location", "sku", "state"),
        Index("ix_allocations_wave", "wave"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    order: Mapped[str] = mapped_column(String(CODE))
    line: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str] = mapped_column(String(CODE))
    location: Mapped[str] = mapped_column(String(CODE))
    lot: Mapped[str] = mapped_column(String(CODE), default="")
    handling_unit: Mapped[str] = mapped_column(String(CODE), default="")
    quantity: Mapped[int] = mapped_column(Integer)
    picked: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(10), default="reserved")
    strategy: Mapped[str] = mapped_column(String(4), default="FIFO")
    wave: Mapped[str] = mapped_column(String(CODE), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WaveRow(Base):
    """A released wave: orders whose picks are handed to the floor together."""

    __tablename__ = "waves"

    id: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    mode: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), default="released")
    criteria: Mapped[str] = mapped_column(String(200), default="")
    orders: Mapped[int] = mapped_column(Integer, default=0)
    lines: Mapped[int] = mapped_column(Integer, default=0)
    units: Mapped[int] = mapped_column(Integer, default=0)
    distance_unsequenced_m: Mapped[Decimal] = mapped_column(QTY, default=Decimal("0"))
    distance_sequenced_m: Mapped[Decimal] = mapped_column(QTY, default=Decimal("0"))
    created_by: Mapped[str] = mapped_column(String(CODE), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WaveOrderRow(Base):
    __tablename__ = "wave_orders"

    wave: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    order: Mapped[str] = mapped_column(String(CODE), primary_key=True, index=True)


class PickListRow(Base):
    """One walk: a single order, a batch of orders, or one zone of a wave."""

    __tablename__ = "pick_lists"
    __table_args__ = (Index("ix_pick_lists_status", "warehouse", "status"),)

    id: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    wave: Mapped[str] = mapped_column(String(CODE), index=True)
    mode: Mapped[str] = mapped_column(String(10))
    zone: Mapped[str] = mapped_column(String(CODE), default="")
    status: Mapped[str] = mapped_column(String(12), default="open")
    tote: Mapped[str] = mapped_column(String(CODE), default="")
    operator: Mapped[str] = mapped_column(String(CODE), default="")
    distance_unsequenced_m: Mapped[Decimal] = mapped_column(QTY, default=Decimal("0"))
    distance_sequenced_m: Mapped[Decimal] = mapped_column(QTY, default=Decimal("0"))


class PickTaskRow(Base):
    """One stop of a pick list: take ``quantity`` of ``sku``/``lot`` at ``location`` for an
    order line. ``put`` counts units sorted from a batch tote to the put wall."""

    __tablename__ = "pick_tasks"
    __table_args__ = (
        Index("ix_pick_tasks_list", "pick_list", "sequence"),
        Index("ix_pick_tasks_tote", "warehouse", "tote", "state"),
        Index("ix_pick_tasks_order", "warehouse", "order"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    pick_list: Mapped[str] = mapped_column(String(CODE))
    sequence: Mapped[int] = mapped_column(Integer)
    allocation: Mapped[int] = mapped_column(Integer)
    order: Mapped[str] = mapped_column(String(CODE))
    line: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str] = mapped_column(String(CODE))
    lot: Mapped[str] = mapped_column(String(CODE), default="")
    location: Mapped[str] = mapped_column(String(CODE))
    handling_unit: Mapped[str] = mapped_column(String(CODE), default="")
    quantity: Mapped[int] = mapped_column(Integer)
    picked: Mapped[int] = mapped_column(Integer, default=0)
    put: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(10), default="open")
    tote: Mapped[str] = mapped_column(String(CODE), default="")
    drop_location: Mapped[str] = mapped_column(String(CODE), default="")
    picked_by: Mapped[str] = mapped_column(String(CODE), default="")
    picked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PutWallSlotRow(Base):
    """A put-wall slot (a sort destination location) and the order it collects, if any."""

    __tablename__ = "put_wall_slots"

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    location: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    order: Mapped[str] = mapped_column(String(CODE), default="", index=True)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SortBinRow(Base):
    """State of a sort destination (chute, bag or cage): parcels in its open bag, mis-sort
    attempts refused there, bags closed so far."""

    __tablename__ = "sort_bins"

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    location: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    open_parcels: Mapped[int] = mapped_column(Integer, default=0)
    mis_sorts: Mapped[int] = mapped_column(Integer, default=0)
    sorted_total: Mapped[int] = mapped_column(Integer, default=0)
    bags_closed: Mapped[int] = mapped_column(Integer, default=0)


class ParcelRow(Base):
    """A packed parcel (its SSCC is also a ``handling_units`` row of kind ``parcel``).

    ``state``: ``packed`` → ``sorted`` → ``loaded`` → ``shipped``. ``bag`` is the closed sort bag
    it travels in; ``label_data`` / ``customs_data`` are the JSON of what was printed.
    """

    __tablename__ = "parcels"
    __table_args__ = (
        Index("ix_parcels_order", "warehouse", "order"),
        Index("ix_parcels_shipment", "shipment"),
        Index("ix_parcels_bag", "bag"),
        Index("ix_parcels_tracking", "tracking"),
    )

    sscc: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    order: Mapped[str] = mapped_column(String(CODE))
    carton: Mapped[str] = mapped_column(String(CODE), default="")
    units: Mapped[int] = mapped_column(Integer, default=0)
    weight_kg: Mapped[Decimal] = mapped_column(QTY)
    expected_weight_kg: Mapped[Decimal] = mapped_column(QTY)
    value: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    customs_form: Mapped[str] = mapped_column(String(4), default="")
    ship_to_country: Mapped[str] = mapped_column(String(2), default="")
    ship_to_postcode: Mapped[str] = mapped_column(String(20), default="")
    carrier: Mapped[str] = mapped_column(String(40), default="")
    service: Mapped[str] = mapped_column(String(40), default="")
    location: Mapped[str] = mapped_column(String(CODE), default="")
    state: Mapped[str] = mapped_column(String(10), default="packed")
    bag: Mapped[str] = mapped_column(String(CODE), default="")
    shipment: Mapped[str] = mapped_column(String(CODE), default="")
    label_data: Mapped[str] = mapped_column(Text, default="")
    customs_data: Mapped[str] = mapped_column(Text, default="")
    packed_by: Mapped[str] = mapped_column(String(CODE), default="")
    station: Mapped[str] = mapped_column(String(CODE), default="")
    packed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: ``scale`` (a stable reading) or ``keyed`` (typed at a bench without a scale)
    weight_source: Mapped[str] = mapped_column(String(10), default="scale", server_default="scale")
    #: the carrier's tracking number once the carrier gave one ("" until then); a returns bench
    #: finds the parcel by it
    tracking: Mapped[str] = mapped_column(String(40), default="", server_default="")


class PackCheckRow(Base):
    """Units of an order verified by scan at a packing bench and not yet in a closed parcel:
    what the operator has checked survives a restart of the station app (the packing
    workflow reads it back when the order is scanned again); closing the parcel deletes it."""

    __tablename__ = "pack_checks"

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    order: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    sku: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    lot: Mapped[str] = mapped_column(String(CODE), primary_key=True, default="")
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    station: Mapped[str] = mapped_column(String(CODE), default="")
    checked_by: Mapped[str] = mapped_column(String(CODE), default="")
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ShipmentRow(Base):
    """A trailer, truck or flight leaving the site: ``open`` while loading, then ``closed``
    (dispatched: the ship movements have removed its stock)."""

    __tablename__ = "shipments"

    id: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    carrier: Mapped[str] = mapped_column(String(40))
    trailer: Mapped[str] = mapped_column(String(40), default="")
    flight: Mapped[str] = mapped_column(String(40), default="")
    location: Mapped[str] = mapped_column(String(CODE))
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_by: Mapped[str] = mapped_column(String(CODE), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
