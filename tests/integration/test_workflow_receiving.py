"""Receiving against ASN-CN-0001 and blind, through the engine."""

from __future__ import annotations

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import GTIN, gs1, logged_in, paced
from wms.core.domain.model import MovementKind, StockStatus
from wms.core.persistence.tables import AsnRow

# fixtures shared by the workflow tests
demo_template = support.demo_template
site = support.site


def receipts(site, reference="ASN-CN-0001"):
    with site.uow() as uow:
        return uow.ledger.movements(kind=MovementKind.RECEIVE.value, reference=reference)


def start(site):
    session = logged_in(site, mode="receiving")
    opened, pallet = paced(session, "ASN:ASN-CN-0001", "CMD:NEWHU")
    assert opened.ok and pallet.ok
    return session, pallet.context["new_sscc"]


def test_happy_path_case_count_typed_quantity_gs1_and_done_summary(site):
    session, sscc = start(site)
    assert sscc.startswith("36111234") and len(sscc) == 18
    case, typed_qty, typed_scan, gs1_scan = paced(
        session,
        GTIN["bottle_case"],
        "@key 50",
        GTIN["bottle"],
        gs1(GTIN["tea"], lot="GP2611A", expiry="281031", count=50),  # 200: a location holds it
    )
    assert case.ok and "100 x CN-BTL-30" in case.message and len(case.movement_ids) == 1
    assert typed_qty.ok and "50" in typed_scan.message
    assert gs1_scan.ok and "50 x CN-TEA-GP lot GP2611A" in gs1_scan.message
    rows = receipts(site)
    assert [(m.sku, m.quantity, m.to_handling_unit) for m in rows] == [
        ("CN-BTL-30", 100, sscc),
        ("CN-BTL-30", 50, sscc),
        ("CN-TEA-GP", 50, sscc),
    ]
    assert all(m.to_location == "DOCK-01" and m.operator == "1003" for m in rows)
    assert all(m.station == "CMN1-T01" for m in rows)
    done = paced(session, "CMD:DONE")[0]
    assert done.ok and done.level == "attention"
    assert [(r["sku"], r["expected"], r["received"], r["difference"]) for r in done.summary] == [
        ("CN-TEA-GP", 240, 50, -190),
        ("CN-BTL-30", 500, 150, -350),
        ("CN-TEAPOT", 48, 0, -48),
    ]
    with site.uow() as uow:
        assert uow.session.get(AsnRow, "ASN-CN-0001").status == "received"
    again = paced(session, "ASN:ASN-CN-0001")[0]
    assert not again.ok and again.error == "asn_closed"
    site.invariants()


def test_repeated_scans_count_one_each(site):
    session, _ = start(site)
    results = paced(session, *[GTIN["teapot"]] * 3)
    assert all(r.ok and r.movement_ids for r in results)
    assert sum(m.quantity for m in receipts(site)) == 3


def test_unknown_product_is_refused_and_nothing_recorded(site):
    session, _ = start(site)
    refused = paced(session, "4006381333931")[0]
    assert not refused.ok and refused.error == "unknown_product"
    assert "04006381333931" in refused.message and "not in the product master" in refused.message
    assert receipts(site) == []


def test_item_not_on_asn_is_refused(site):
    session, _ = start(site)
    refused = paced(session, GTIN["argan"])[0]
    assert not refused.ok and refused.error == "not_on_asn"
    assert "ARG-OIL-100 is not on ASN ASN-CN-0001" in refused.message


def test_over_receipt_beyond_tolerance_is_refused(site):
    session, _ = start(site)
    ok = paced(session, "@key 4", GTIN["teapot_case"])[1]
    assert ok.ok  # 48 of 48
    assert paced(session, "@key 2", GTIN["teapot"])[1].ok  # 50: within 5 %
    refused = paced(session, GTIN["teapot"])[0]
    assert not refused.ok and refused.error == "over_receipt"
    assert "expected 48" in refused.message and "(50)" in refused.message
    assert sum(m.quantity for m in receipts(site)) == 50


def test_tolerance_is_configurable(site):
    from decimal import Decimal

    from wms.core.services.workflows import WorkflowSettings

    session = site.session(settings=WorkflowSettings(over_receipt_tolerance=Decimal("0")))
    session.login("1003", "1357")
    session.set_mode("receiving")
    paced(session, "ASN:ASN-CN-0001", "CMD:NEWHU", "@key 4", GTIN["teapot_case"])
    assert paced(session, GTIN["teapot"])[0].error == "over_receipt"


def test_missing_lot_and_expiry_are_prompted_and_then_posted(site):
    session, _sscc = start(site)
    asked = paced(session, GTIN["tea"])[0]
    assert asked.ok and asked.level == "attention" and "lot" in asked.prompt
    assert "GP2611A" in asked.prompt  # the ASN's lot is shown as a hint
    assert receipts(site) == []
    lot = paced(session, "@key GP2611A")[0]
    assert lot.ok and "expiry" in lot.prompt and not lot.movement_ids
    done = paced(session, "@key 2028-10-31")[0]
    assert done.ok and done.movement_ids
    [movement] = receipts(site)
    assert (movement.lot, movement.expiry.isoformat()) == ("GP2611A", "2028-10-31")
    # now the lot is known: a lot barcode alone is enough
    assert paced(session, gs1(GTIN["tea"], lot="GP2611A"))[0].movement_ids


def test_lot_can_be_scanned_as_follow_up(site):
    session, _ = start(site)
    paced(session, GTIN["tea"])
    other = paced(session, gs1(GTIN["teapot"], lot="X1"))[0]  # another product's lot: refused
    assert not other.ok and other.error == "item_pending"
    ok = paced(session, gs1(GTIN["tea"], lot="GP2611A"), "@key 281031")  # same item with lot
    assert ok[0].ok and ok[1].ok and ok[1].movement_ids


def test_back_and_cancel_leave_nothing_half_done(site):
    session, _ = start(site)
    paced(session, GTIN["tea"])
    back = paced(session, "CMD:BACK")[0]
    assert back.ok and session.workflow.state.step == "item"
    paced(session, GTIN["tea"], "@key LOTX")
    cancelled = paced(session, "CMD:CANCEL")[0]
    assert cancelled.ok and session.workflow.state.step == "document"
    assert receipts(site) == []
    with site.uow() as uow:
        assert uow.lots.get("CN-TEA-GP", "LOTX") is None


def test_expired_goods_are_received_quarantined(site):
    session = logged_in(site, mode="receiving")
    paced(session, "CMD:BLIND", "CMD:NEWHU")
    expired = paced(session, gs1(GTIN["dates"], lot="DAT2401", expiry="240131", count=6))[0]
    assert expired.ok and expired.level == "attention"
    assert "expired: put in quarantine" in expired.message.replace(" (2024-01-31)", "")
    with site.uow() as uow:
        # (the demo's customer return, RET-…, was received back too)
        receipts = uow.ledger.movements(kind="receive")
        [movement] = [m for m in receipts if not m.reference.startswith("RET-")]
    assert movement.to_status is StockStatus.QUARANTINED and movement.to_handling_unit == ""
    done = paced(session, "CMD:DONE")[0]
    assert done.summary == ({"sku": "DATE-MJ-1KG", "expected": 0, "received": 6, "difference": 6},)


def test_damaged_goods_keyed_go_to_quarantine(site):
    session, _ = start(site)
    paced(session, "@key damaged")
    result = paced(session, GTIN["teapot"])[0]
    assert result.ok and "damaged" in result.message
    [movement] = receipts(site)
    assert movement.to_status is StockStatus.QUARANTINED


def test_supplier_sscc_is_registered_and_a_unit_elsewhere_refused(site):
    from wms.core.domain.model import HandlingUnit, HandlingUnitKind
    from wms.core.domain.sscc import make_sscc

    supplier, stored = make_sscc("6901234", 77), make_sscc("6901234", 78)
    with site.uow() as uow:
        uow.handling_units.add(HandlingUnit(stored, "CMN1", HandlingUnitKind.PALLET, "A-04-01-1"))
        uow.commit()
    session = logged_in(site, mode="receiving")
    paced(session, "ASN:ASN-CN-0001")
    assert not paced(session, supplier[:-1] + str((int(supplier[-1]) + 1) % 10))[0].ok
    ok = paced(session, supplier)[0]
    assert ok.ok and f"pallet {supplier} registered at DOCK-01" in ok.message
    elsewhere = paced(session, stored)[0]
    assert not elsewhere.ok and elsewhere.error == "unit_elsewhere"
    assert paced(session, GTIN["teapot"])[0].ok
    [movement] = receipts(site)
    assert movement.to_handling_unit == supplier
    with site.uow() as uow:
        assert uow.handling_units.get(supplier).location == "DOCK-01"


def test_dock_can_be_chosen(site):
    session = logged_in(site, mode="receiving")
    paced(session, "ASN:ASN-CN-0001")
    assert paced(session, "LOC:DOCK-03")[0].ok
    assert paced(session, "LOC:A-01-01-1")[0].error == "wrong_location_type"
    paced(session, GTIN["teapot"])
    [movement] = receipts(site)
    assert movement.to_location == "DOCK-03" and movement.to_handling_unit == ""
