"""Tables of the parcel hub: pre-alerted MAWBs, their big bags, the parcels in them and their
item lines, the append-only parcel events and the customs decisions as received.

A parcel row holds what the pre-alert said and where the parcel stands now (``state``,
``location``, ``customs``, the ``last_mile_bag`` it was closed in); the events are the history,
one row per accepted scan, never updated. A customs decision is kept as received, also for a
parcel the hub does not know (``known`` false), so nothing a customs system sends is dropped.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, DateTime, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wms.core.persistence.base import Base
from wms.core.persistence.tables import CODE, QTY

MONEY = Numeric(14, 2)
TRACKING = 40


class HubMawbRow(Base):
    __tablename__ = "hub_mawbs"

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    mawb: Mapped[str] = mapped_column(String(12), primary_key=True)
    flight: Mapped[str] = mapped_column(String(20), default="")
    origin_airport: Mapped[str] = mapped_column(String(3), default="")
    destination_airport: Mapped[str] = mapped_column(String(3), default="")
    departure_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(200), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    arrived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    arrival_station: Mapped[str] = mapped_column(String(CODE), default="")
    arrival_operator: Mapped[str] = mapped_column(String(CODE), default="")


class HubBagRow(Base):
    """A big bag of a MAWB; ``expected`` false for a bag found at arrival but not pre-alerted."""

    __tablename__ = "hub_bags"
    __table_args__ = (Index("ix_hub_bags_mawb", "warehouse", "mawb"),)

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    bag: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    mawb: Mapped[str] = mapped_column(String(12))
    declared_weight_kg: Mapped[Decimal | None] = mapped_column(QTY, nullable=True)
    expected: Mapped[bool] = mapped_column(Boolean, default=True)
    arrived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    arrival_weight_kg: Mapped[Decimal | None] = mapped_column(QTY, nullable=True)
    arrival_station: Mapped[str] = mapped_column(String(CODE), default="")
    arrival_operator: Mapped[str] = mapped_column(String(CODE), default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class HubParcelRow(Base):
    """A pre-alerted parcel: what the pre-alert said, and where it stands now."""

    __tablename__ = "hub_parcels"
    __table_args__ = (
        # ending with tracking, the order a bag's parcels are read in (station migration 0014:
        # the plan needs no statistics)
        Index("ix_hub_parcels_bag", "warehouse", "bag", "tracking"),
        Index("ix_hub_parcels_mawb", "warehouse", "mawb", "tracking"),
        Index("ix_hub_parcels_promise", "warehouse", "state", "promise_at"),
        Index(
            "ix_hub_parcels_location", "warehouse", "location", "state", "last_mile_bag", "tracking"
        ),
        Index("ix_hub_parcels_last_mile_bag", "warehouse", "last_mile_bag", "tracking"),
    )

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    tracking: Mapped[str] = mapped_column(String(TRACKING), primary_key=True)
    mawb: Mapped[str] = mapped_column(String(12))
    bag: Mapped[str] = mapped_column(String(CODE))
    weight_kg: Mapped[Decimal] = mapped_column(QTY)
    consignee_name: Mapped[str] = mapped_column(String(200))
    consignee_address: Mapped[str] = mapped_column(String(300))
    consignee_postcode: Mapped[str] = mapped_column(String(20))
    consignee_city: Mapped[str] = mapped_column(String(100))
    consignee_country: Mapped[str] = mapped_column(String(2))
    consignee_phone: Mapped[str] = mapped_column(String(40), default="")
    consignee_email: Mapped[str] = mapped_column(String(200), default="")
    declared_value: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    tax_id: Mapped[str] = mapped_column(String(40), default="")
    service: Mapped[str] = mapped_column(String(40), default="")
    carrier: Mapped[str] = mapped_column(String(40), default="")
    pickup_point: Mapped[str] = mapped_column(String(40), default="")
    promise_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(12), default="expected")
    location: Mapped[str] = mapped_column(String(CODE), default="")
    customs: Mapped[str] = mapped_column(String(10), default="none")
    customs_reason: Mapped[str] = mapped_column(String(20), default="")
    first_scan_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_event_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: the SSCC of the last-mile bag the parcel was closed in at its destination ("" while
    #: its destination's bag is open, or for a parcel never sorted to one)
    last_mile_bag: Mapped[str] = mapped_column(String(CODE), default="", server_default="")


class HubParcelItemRow(Base):
    __tablename__ = "hub_parcel_items"

    warehouse: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    tracking: Mapped[str] = mapped_column(String(TRACKING), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    description: Mapped[str] = mapped_column(String(200))
    hs_code: Mapped[str] = mapped_column(String(10))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_value: Mapped[Decimal] = mapped_column(MONEY)
    origin_country: Mapped[str] = mapped_column(String(2))


class HubParcelEventRow(Base):
    """One accepted scan about a parcel (UUIDv7 id made on the station); append-only.

    ``station_seq`` numbers the events of ``station`` 1, 2, 3 ... without a gap (the order
    central acknowledges them in, like a movement's); events pulled from other stations keep
    theirs."""

    __tablename__ = "hub_parcel_events"
    __table_args__ = (
        Index("ix_hub_parcel_events_parcel", "warehouse", "tracking"),
        Index("uq_hub_parcel_events_station_seq", "station", "station_seq", unique=True),
        Index("ix_hub_parcel_events_at", "warehouse", "at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    station: Mapped[str] = mapped_column(String(CODE))
    station_seq: Mapped[int] = mapped_column(Integer, server_default="0")
    operator: Mapped[str] = mapped_column(String(CODE))
    tracking: Mapped[str] = mapped_column(String(TRACKING))
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    bag: Mapped[str] = mapped_column(String(CODE), default="")
    location: Mapped[str] = mapped_column(String(CODE), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")
    raw_scan: Mapped[str] = mapped_column(Text, default="")


class HubEventSyncRow(Base):
    """Per station identity: its last parcel event number (``last_seq``), central's
    acknowledgement of them (``acked_seq``) and how far the warehouse's parcel feed has been
    applied here (``feed_seq``)."""

    __tablename__ = "hub_event_sync"

    station: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    acked_seq: Mapped[int] = mapped_column(Integer, default=0)
    feed_seq: Mapped[int] = mapped_column(Integer, default=0)


class HubEventFeedRow(Base):
    """Where central's parcel feed placed an event (own events too, when they come back): the
    order every station of the hub replays a parcel's events in."""

    __tablename__ = "hub_event_feed"
    __table_args__ = (Index("uq_hub_event_feed_seq", "warehouse", "feed_seq", unique=True),)

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    feed_seq: Mapped[int] = mapped_column(Integer)


class HubEventWaitingRow(Base):
    """A pulled event for a parcel this station has no pre-alert for (yet): kept, and applied
    when the pre-alert arrives (pre-alert import, or the next pull)."""

    __tablename__ = "hub_events_waiting"
    __table_args__ = (Index("ix_hub_events_waiting_parcel", "warehouse", "tracking"),)

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    tracking: Mapped[str] = mapped_column(String(TRACKING))


class HubCustomsDecisionRow(Base):
    """A customs decision as received; ``known`` false when no pre-alerted parcel matched."""

    __tablename__ = "hub_customs_decisions"
    __table_args__ = (Index("ix_hub_customs_decisions_parcel", "warehouse", "tracking"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    tracking: Mapped[str] = mapped_column(String(TRACKING))
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(20), default="")
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(200), default="")
    known: Mapped[bool] = mapped_column(Boolean, default=True)
