"""Overrides are deliberate: a putaway to another location than the proposed one, or a move into
quarantine, takes the same location scanned a second time; quarantined stock is released only
by a supervisor's explicit act with a reason; receiving never builds a pallet that no location
can hold."""

from __future__ import annotations

import json

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import (
    GTIN,
    SCRIPTS,
    gs1,
    logged_in,
    paced,
    run_cli,
    run_replay,
)
from wms.core.domain.model import StockKey, StockStatus
from wms.core.services.workflows import Input

demo_template = support.demo_template
site = support.site

SUPERVISOR = ("2001", "9876")


def on_hand(site, location, sku, lot="", status=StockStatus.AVAILABLE, unit=""):
    with site.uow() as uow:
        return uow.ledger.on_hand(StockKey("CMN1", location, sku, lot, unit, status))


def movements(site, kind):
    with site.uow() as uow:
        return uow.ledger.movements(kind=kind)


def tea_pallet(site, count=20):
    """A new pallet of ``count`` tea received blind at the dock; returns its SSCC."""
    session = logged_in(site, mode="receiving")
    out = paced(session, "CMD:BLIND", "CMD:NEWHU")
    sscc = out[1].context["new_sscc"]
    received = paced(session, gs1(GTIN["tea"], lot="GP2611A", expiry="281031", count=count))[0]
    assert received.ok and received.movement_ids, received.message
    return sscc


# --- putaway ----------------------------------------------------------------------------------


def test_a_putaway_elsewhere_than_proposed_is_only_asked_about_at_first(site):
    sscc = tea_pallet(site)
    session = logged_in(site, mode="putaway")
    directed = paced(session, sscc)[0]
    assert directed.destination != "C-01-01-1"
    asked = paced(session, "LOC:C-01-01-1")[0]  # a bin of tajines
    assert asked.ok and asked.level == "attention" and not asked.movement_ids
    assert f"C-01-01-1 is not the proposed {directed.destination}" in asked.message
    assert "warning: C-01-01-1 holds other products (CER-TAJ-28)" in asked.message
    assert asked.context["other_products"] == ["CER-TAJ-28"]
    assert "Scan C-01-01-1 again" in asked.prompt
    assert asked.destination == directed.destination  # still directed where it should go
    assert movements(site, "putaway") == []


def test_the_same_location_scanned_again_is_the_override_recorded_with_the_operator(site):
    sscc = tea_pallet(site)
    session = logged_in(site, mode="putaway")
    directed = paced(session, sscc)[0]
    paced(session, "LOC:C-01-01-1")
    done = paced(session, "LOC:C-01-01-1")[0]
    assert done.ok and done.level == "attention" and done.context["override"] is True
    assert done.context["proposed"] == directed.destination
    [movement] = movements(site, "putaway")
    assert (movement.reference, movement.to_location, movement.operator) == (
        "override", "C-01-01-1", "1003",
    )  # fmt: skip


def test_a_double_read_of_the_other_location_confirms_nothing(site):
    sscc = tea_pallet(site)
    session = logged_in(site, mode="putaway")
    paced(session, sscc, "LOC:C-01-01-1")
    site.clock.advance(seconds=0.1)
    double = session.handle(Input.scan("LOC:C-01-01-1"))
    assert double.ok and double.context["double_read"] is True
    assert movements(site, "putaway") == []


def test_the_proposed_location_after_an_other_one_puts_away_as_directed(site):
    sscc = tea_pallet(site)
    session = logged_in(site, mode="putaway")
    directed = paced(session, sscc)[0]
    paced(session, "LOC:C-01-01-1")
    done = paced(session, f"LOC:{directed.destination}")[0]
    assert done.ok and done.level == "ok" and "override" not in done.context
    [movement] = movements(site, "putaway")
    assert movement.to_location == directed.destination and movement.reference != "override"


def test_a_third_location_is_asked_about_in_its_turn(site):
    sscc = tea_pallet(site)
    session = logged_in(site, mode="putaway")
    paced(session, sscc, "LOC:C-01-01-1")
    other = paced(session, "LOC:D-01-01-1")[0]
    assert other.ok and not other.movement_ids and "D-01-01-1 is not the proposed" in other.message
    assert paced(session, "LOC:D-01-01-1")[0].movement_ids


def test_an_override_into_an_empty_location_warns_of_no_other_products(site):
    sscc = tea_pallet(site)
    session = logged_in(site, mode="putaway")
    paced(session, sscc)
    asked = paced(session, "LOC:D-01-01-1")[0]
    assert "holds other products" not in asked.message and asked.context["other_products"] == []


# --- moves into quarantine --------------------------------------------------------------------


def test_moving_into_quarantine_needs_the_quarantine_location_scanned_twice(site):
    session = logged_in(site, mode="move")
    asked = paced(session, "LOC:C-01-01-1", GTIN["tajine"], "LOC:QUAR-03")[-1]
    assert asked.ok and asked.level == "attention" and not asked.movement_ids
    assert "QUAR-03 is a quarantine location: 1 x CER-TAJ-28" in asked.message
    assert "would be quarantined" in asked.message and "Scan QUAR-03 again" in asked.prompt
    assert movements(site, "move") == []
    moved = paced(session, "LOC:QUAR-03")[0]
    assert moved.ok and moved.movement_ids and "now quarantined" in moved.message
    assert on_hand(site, "QUAR-03", "CER-TAJ-28", status=StockStatus.QUARANTINED) == 1


def test_another_destination_after_the_quarantine_question_moves_there(site):
    session = logged_in(site, mode="move")
    paced(session, "LOC:C-01-01-1", GTIN["tajine"], "LOC:QUAR-03")
    moved = paced(session, "LOC:STAGE-01")[0]
    assert moved.ok and moved.movement_ids
    assert on_hand(site, "STAGE-01", "CER-TAJ-28") == 1


def test_quarantined_stock_moves_between_quarantine_locations_without_the_question(site):
    session = logged_in(site, mode="move")
    moved = paced(session, "LOC:QUAR-01", GTIN["dates"], "LOC:QUAR-02")[-1]
    assert moved.ok and moved.movement_ids


# --- releasing quarantined stock --------------------------------------------------------------


def test_an_operator_cannot_release_quarantined_stock(site):
    session = logged_in(site)
    refused = session.handle(Input.scan("CMD:MODE:quarantine"))
    assert not refused.ok and refused.error == "permission_denied"


def test_an_operator_is_offered_only_the_workflows_an_operator_may_open(site):
    operator = logged_in(site)
    offered = operator.available_modes()
    assert "quarantine" not in offered and "adjust" not in offered
    assert "receiving" in offered and "quarantine" not in operator.prompt
    supervisor = logged_in(site, *SUPERVISOR)
    assert supervisor.available_modes() == supervisor.modes()


def test_a_supervisor_releases_quarantined_stock_only_with_a_reason_and_cmd_done(site):
    session = logged_in(site, *SUPERVISOR, mode="quarantine")
    listed = paced(session, "LOC:QUAR-01")[0]
    assert listed.ok and "10 x DATE-MJ-1KG DAT2510" in listed.message
    assert listed.context["quarantined"][0]["quantity"] == 10
    chosen = paced(session, "@key 4", GTIN["dates"])[-1]
    assert chosen.ok and "4 x DATE-MJ-1KG lot DAT2510 at QUAR-01" in chosen.message
    short = paced(session, "@key ok")[0]
    assert not short.ok and short.error == "invalid_value"
    ready = paced(session, "@key inspected: packaging intact")[0]
    assert ready.ok and not ready.movement_ids and "CMD:DONE" in ready.prompt
    assert movements(site, "status") == []
    released = paced(session, "CMD:DONE")[0]
    assert released.ok and "released 4 x DATE-MJ-1KG" in released.message
    [movement] = [m for m in movements(site, "status") if m.reference == "quarantine-release"]
    assert movement.operator == "2001" and movement.raw_scan.endswith("packaging intact")
    assert on_hand(site, "QUAR-01", "DATE-MJ-1KG", "DAT2510") == 4
    assert on_hand(site, "QUAR-01", "DATE-MJ-1KG", "DAT2510", StockStatus.QUARANTINED) == 6
    site.invariants()


def test_cancelling_a_release_posts_nothing(site):
    session = logged_in(site, *SUPERVISOR, mode="quarantine")
    paced(session, "LOC:QUAR-01", GTIN["dates"], "@key damaged box replaced")
    assert paced(session, "CMD:CANCEL")[0].ok
    assert movements(site, "status") == []


def test_more_than_is_quarantined_is_refused(site):
    session = logged_in(site, *SUPERVISOR, mode="quarantine")
    refused = paced(session, "LOC:QUAR-01", "@key 11", GTIN["dates"])[-1]
    assert not refused.ok and refused.error == "not_enough_stock"


def test_a_location_with_nothing_quarantined_is_refused(site):
    session = logged_in(site, *SUPERVISOR, mode="quarantine")
    refused = paced(session, "LOC:C-01-01-1")[0]
    assert not refused.ok and refused.error == "not_quarantined"


def test_released_stock_leaves_quarantine_with_a_move(site):
    session = logged_in(site, *SUPERVISOR, mode="quarantine")
    paced(session, "LOC:QUAR-01", GTIN["dates"], "@key lab test passed", "CMD:DONE")
    mover = logged_in(site, mode="move")
    moved = paced(mover, "LOC:QUAR-01", "@key 10", GTIN["dates"], "LOC:A-04-01-1")[-1]
    assert moved.ok and moved.movement_ids, moved.message
    assert on_hand(site, "A-04-01-1", "DATE-MJ-1KG", "DAT2510") == 10


def test_the_command_line_lists_and_releases_quarantined_stock(site):
    site.engine.dispose()
    listed = run_cli(site.path, "quarantine", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert {"location": "QUAR-01", "sku": "DATE-MJ-1KG", "lot": "DAT2510", "handling_unit": "",
            "quantity": 10} in rows  # fmt: skip
    operator = run_cli(site.path, "quarantine", "release", "QUAR-01", "DATE-MJ-1KG",
                       "--reason", "looks fine", "--badge", "1003", "--pin", "1357")  # fmt: skip
    assert operator.returncode == 2 and "expected a supervisor" in operator.stderr
    no_reason = run_cli(site.path, "quarantine", "release", "QUAR-01", "DATE-MJ-1KG",
                        "--badge", "2001", "--pin", "9876")  # fmt: skip
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    released = run_cli(site.path, "quarantine", "release", "QUAR-01", "DATE-MJ-1KG",
                       "--quantity", "3", "--reason", "inspected", "--badge", "2001",
                       "--pin", "9876")  # fmt: skip
    assert released.returncode == 0, released.stderr
    assert "released 3 x DATE-MJ-1KG lot DAT2510 at QUAR-01" in released.stdout
    assert "by 2001 (reason: inspected)" in released.stdout
    assert on_hand(site, "QUAR-01", "DATE-MJ-1KG", "DAT2510") == 3


# --- receiving never builds a pallet no location holds ----------------------------------------


def test_a_pallet_bigger_than_any_location_is_refused_and_a_new_pallet_proposed(site):
    session = logged_in(site, mode="receiving")
    paced(session, "ASN:ASN-CN-0001", "CMD:NEWHU")
    full = paced(session, "@key 2", GTIN["bottle_case"])[-1]  # 200 bottles: a location holds it
    assert full.ok and full.movement_ids
    refused = paced(session, GTIN["bottle"])[0]
    assert not refused.ok and refused.error == "oversize"
    assert "1 more x CN-BTL-30 would make 201 units" in refused.message
    assert "at most 200 units" in refused.message and "CMD:NEWHU" in refused.message
    paced(session, "CMD:NEWHU")
    assert paced(session, GTIN["bottle"])[0].movement_ids  # onto the new pallet


def test_an_existing_pallet_scanned_again_counts_what_it_already_holds(site):
    session = logged_in(site, mode="receiving")
    out = paced(session, "ASN:ASN-CN-0001", "CMD:NEWHU", "@key 2", GTIN["bottle_case"])
    sscc = out[1].context["new_sscc"]
    paced(session, "CMD:BACK", "CMD:BACK")  # leave the ASN, come back to it
    again = paced(session, "ASN:ASN-CN-0001", sscc, GTIN["teapot"])
    assert again[1].ok and not again[2].ok and again[2].error == "oversize"


def test_the_example_script_quarantines_on_purpose_and_releases_with_a_reason(site):
    site.engine.dispose()
    code, records, stderr = run_replay(site.path, SCRIPTS / "05-quarantine.replay")
    assert code == 0, (stderr, [r["message"] for r in records if not r["ok"]])
    released = [r for r in records if r["input"] == "CMD:DONE"]
    assert "released 4 x DATE-MJ-1KG" in released[0]["message"]
    assert on_hand(site, "QUAR-03", "CER-TAJ-28", status=StockStatus.QUARANTINED) == 1
    assert on_hand(site, "A-04-01-1", "DATE-MJ-1KG", "DAT2510") == 4
    assert on_hand(site, "QUAR-01", "DATE-MJ-1KG", "DAT2510", StockStatus.QUARANTINED) == 6
