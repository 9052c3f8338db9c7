"""How a movement is built: named constructors per kind, the ledger row copied from its draft."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime

from wms.core.domain.model import (
    Movement,
    MovementDraft,
    MovementKind,
    StockKey,
    StockPlace,
    StockStatus,
)

DOCK = StockPlace("DOCK-01")
SSCC = "376543210000000017"


def posted(draft: MovementDraft) -> Movement:
    return Movement.posted(
        draft,
        id="m1",
        warehouse="CMN1",
        station="CMN1-S01",
        station_seq=7,
        operator="1001",
        created_at=datetime(2026, 11, 25, 8, tzinfo=UTC),
    )


def test_a_receipt_arrives_at_the_dock_on_its_pallet():
    draft = MovementDraft.receipt(
        "SAF-1G", 12, StockPlace("DOCK-01", SSCC), lot="L1", reference="ASN-1", raw_scan="x"
    )
    assert draft == MovementDraft(
        MovementKind.RECEIVE, "SAF-1G", 12, to_location="DOCK-01", lot="L1",
        to_handling_unit=SSCC, reference="ASN-1", raw_scan="x",
    )  # fmt: skip
    assert posted(draft).stock_deltas() == [(StockKey("CMN1", "DOCK-01", "SAF-1G", "L1", SSCC), 12)]


def test_a_putaway_takes_from_one_place_and_brings_to_another():
    draft = MovementDraft.putaway(
        "SAF-1G", 5, StockPlace("DOCK-01", SSCC), StockPlace("A-01-01-1"), lot="L1"
    )
    assert posted(draft).stock_deltas() == [
        (StockKey("CMN1", "DOCK-01", "SAF-1G", "L1", SSCC), -5),
        (StockKey("CMN1", "A-01-01-1", "SAF-1G", "L1"), 5),
    ]
    assert draft.kind is MovementKind.PUTAWAY


def test_a_status_change_keeps_stock_in_place_and_changes_its_status():
    draft = MovementDraft.status_change("SAF-1G", 2, DOCK, StockStatus.RESERVED, reference="O1")
    assert (draft.kind, draft.from_location, draft.to_location) == (
        MovementKind.STATUS, "DOCK-01", "DOCK-01",
    )  # fmt: skip
    assert (draft.from_status, draft.to_status) == (StockStatus.AVAILABLE, StockStatus.RESERVED)


def test_a_shipment_only_leaves_and_a_negative_adjustment_removes_where_booked():
    shipped = MovementDraft.shipment("SAF-1G", 3, StockPlace("SHIP-01", SSCC))
    assert (shipped.kind, shipped.from_location, shipped.to_location) == (
        MovementKind.SHIP, "SHIP-01", "",
    )  # fmt: skip
    adjusted = MovementDraft.adjustment("SAF-1G", -3, StockPlace("A-01-01-1"))
    assert posted(adjusted).stock_deltas() == [(StockKey("CMN1", "A-01-01-1", "SAF-1G"), -3)]


def test_each_kind_of_the_transfer_has_its_constructor():
    transit = StockPlace("TRANSIT", SSCC)
    out = MovementDraft.transfer_out("SAF-1G", 4, StockPlace("A-01-01-1", SSCC), transit)
    arrived = MovementDraft.transfer_in("SAF-1G", 4, StockPlace("DOCK-01", SSCC))
    settled = MovementDraft.transfer_settlement("SAF-1G", 4, transit)
    assert [d.kind for d in (out, arrived, settled)] == [
        MovementKind.TRANSFER_OUT, MovementKind.TRANSFER_IN, MovementKind.TRANSFER_IN,
    ]  # fmt: skip
    assert (settled.from_location, settled.to_location) == ("TRANSIT", "")


def test_the_ledger_row_carries_every_field_of_its_draft():
    draft = MovementDraft.adjustment(
        "SAF-1G", -1, StockPlace("A-01-01-1", "", StockStatus.QUARANTINED),
        lot="L1", expiry=date(2027, 1, 1), reference="ADJ-1", transfer_id="T", raw_scan="raw",
    )  # fmt: skip
    movement = posted(draft)
    for field in fields(draft):
        assert getattr(movement, field.name) == getattr(draft, field.name), field.name
    assert (movement.station, movement.station_seq, movement.operator) == ("CMN1-S01", 7, "1001")
