"""Directed putaway: strategies, confirmation by scan or check digits, overrides, quarantine."""

from __future__ import annotations

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import GTIN, feed, gs1, logged_in
from wms.core.domain.check_digits import location_check_digits
from wms.core.domain.model import StockStatus
from wms.core.services.workflows import PutawayPolicy, WorkflowSettings

# fixtures shared by the workflow tests
demo_template = support.demo_template
site = support.site


def receive(site, *scans):
    """A blind receipt of ``scans`` onto a new pallet; returns its SSCC."""
    session = logged_in(site, mode="receiving")
    feed(session, "CMD:BLIND")
    sscc = feed(session, "CMD:NEWHU")[0].context["new_sscc"]
    results = feed(session, *scans)
    assert all(r.ok for r in results), [r.message for r in results]
    feed(session, "CMD:DONE")
    return sscc


def test_pallet_goes_to_nearest_empty_and_check_digits_confirm(site):
    sscc = receive(site, gs1(GTIN["tea"], lot="GP2611A", expiry="281031", count=120))
    session = logged_in(site, mode="putaway")
    directed = feed(session, sscc)[0]
    assert directed.ok and directed.destination == "A-01-01-2"
    check = location_check_digits("CMN1", "A-01-01-2")
    assert f"(check {check})" in directed.prompt
    wrong = feed(session, f"@key {(int(check) + 1) % 100:02d}")[0]
    assert not wrong.ok and wrong.error == "wrong_check_digits"
    confirmed = feed(session, f"@key {check}")[0]
    assert confirmed.ok and len(confirmed.movement_ids) == 1
    with site.uow() as uow:
        [movement] = uow.ledger.movements(kind="putaway")
        assert (movement.from_location, movement.to_location) == ("DOCK-01", "A-01-01-2")
        assert movement.to_handling_unit == sscc and movement.reference == "empty"
        assert uow.handling_units.get(sscc).location == "A-01-01-2"
    site.invariants()


def test_scanning_the_location_label_confirms(site):
    sscc = receive(site, GTIN["bottle_case"])
    session = logged_in(site, mode="putaway")
    directed = feed(session, sscc)[0]
    done = feed(session, f"LOC:{directed.destination}")[0]
    assert done.ok and done.level == "ok" and "override" not in done.context


def test_fixed_pick_face_first_when_it_has_room(site):
    session = logged_in(site, mode="receiving")
    feed(session, "CMD:BLIND", "@key 10", gs1(GTIN["argan"], lot="ARG2609", expiry="270930"))
    putaway = logged_in(site, mode="putaway")
    directed = feed(putaway, gs1(GTIN["argan"], lot="ARG2609"))[0]
    assert directed.ok and directed.destination == "P-01-01-1" and "fixed" in directed.message
    done = feed(putaway, "P-01-01-1")[0]
    assert done.ok
    # 24 + 10 on a 60-unit pick face; 30 more do not fit: consolidation with the same lot
    feed(session, "@key 30", gs1(GTIN["argan"], lot="ARG2609"))
    again = feed(putaway, gs1(GTIN["argan"], lot="ARG2609"))[0]
    assert again.destination == "A-01-01-1" and "with ARG-OIL-100 lot ARG2609" in again.message


def test_strategy_order_is_configurable(site):
    session = logged_in(site, mode="receiving")
    feed(session, "CMD:BLIND", "@key 10", gs1(GTIN["argan"], lot="ARG2609", expiry="270930"))
    settings = WorkflowSettings(
        putaway=PutawayPolicy(order_by_sku={"ARG-OIL-100": ("consolidate", "fixed", "empty")})
    )
    putaway = site.session(settings=settings)
    putaway.login("1003", "1357")
    putaway.set_mode("putaway")
    assert feed(putaway, gs1(GTIN["argan"], lot="ARG2609"))[0].destination == "A-01-01-1"


def test_override_with_room_is_accepted_and_recorded_when_scanned_a_second_time(site):
    sscc = receive(site, GTIN["bottle_case"])
    session = logged_in(site, mode="putaway")
    directed = feed(session, sscc)[0]
    asked = feed(session, "LOC:D-01-01-1")[0]
    assert asked.ok and asked.level == "attention" and not asked.movement_ids
    assert asked.context["override_pending"] == "D-01-01-1"
    site.clock.advance(seconds=1)
    override = feed(session, "LOC:D-01-01-1")[0]
    assert override.ok and override.level == "attention"
    assert (
        override.context["override"] is True
        and override.context["proposed"] == directed.destination
    )
    assert override.destination == "D-01-01-1"
    with site.uow() as uow:
        [movement] = uow.ledger.movements(kind="putaway")
    assert movement.reference == "override" and movement.to_location == "D-01-01-1"


def test_override_without_room_or_of_wrong_type_is_refused(site):
    sscc = receive(site, GTIN["bottle_case"], GTIN["bottle_case"])
    session = logged_in(site, mode="putaway")
    feed(session, sscc)
    full = feed(session, "LOC:A-01-01-1")[0]  # 120 ARG-OIL-100 already there, capacity 200
    assert not full.ok and full.error == "no_room" and "120 of 200 units" in full.message
    wrong = feed(session, "LOC:SHIP-01")[0]
    assert not wrong.ok and wrong.error == "wrong_location_type"
    unknown = feed(session, "LOC:Z-99")[0]
    assert not unknown.ok and unknown.error == "not_found"
    with site.uow() as uow:
        assert uow.ledger.movements(kind="putaway") == []


def test_quarantined_stock_only_goes_to_quarantine(site):
    receive(site, gs1(GTIN["dates"], lot="DAT2401", expiry="240131", count=6))
    session = logged_in(site, mode="putaway")
    directed = feed(session, gs1(GTIN["dates"], lot="DAT2401"))[0]
    assert directed.ok and directed.destination.startswith("QUAR-")
    refused = feed(session, "LOC:A-04-01-1")[0]
    assert not refused.ok and refused.error == "quarantine_only"
    done = feed(session, f"LOC:{directed.destination}")[0]
    assert done.ok
    with site.uow() as uow:
        [movement] = uow.ledger.movements(kind="putaway")
    assert movement.to_status is StockStatus.QUARANTINED


def test_back_and_cancel_post_nothing(site):
    sscc = receive(site, GTIN["bottle_case"])
    session = logged_in(site, mode="putaway")
    feed(session, sscc)
    assert feed(session, "CMD:BACK")[0].ok and session.workflow.state.step == "unit"
    feed(session, sscc)
    assert feed(session, "CMD:CANCEL")[0].ok
    with site.uow() as uow:
        assert uow.ledger.movements(kind="putaway") == []


def test_nothing_to_put_away_is_refused(site):
    session = logged_in(site, mode="putaway")
    assert feed(session, GTIN["teapot"])[0].error == "nothing_to_put_away"
    from wms.core.domain.sscc import make_sscc

    assert feed(session, make_sscc("6111234", 999))[0].error == "empty_unit"


def test_pallet_on_pick_face_is_decanted(site):
    session = logged_in(site, mode="receiving")
    feed(session, "CMD:BLIND", "CMD:NEWHU")
    sscc = session.workflow.state.unit
    feed(session, "@key 5", gs1(GTIN["saffron"], lot="SAF2610", expiry="281031"))
    putaway = logged_in(site, mode="putaway")
    directed = feed(putaway, sscc)[0]
    assert directed.destination == "P-01-01-2"
    done = feed(putaway, "P-01-01-2")[0]
    assert done.ok and "decanted" in done.message
    with site.uow() as uow:
        [movement] = uow.ledger.movements(kind="putaway")
    assert movement.from_handling_unit == sscc and movement.to_handling_unit == ""
