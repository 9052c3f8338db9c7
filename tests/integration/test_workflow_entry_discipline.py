"""Entry discipline: what an operator keys is used for the scan it was keyed for and nothing
else; lots are one code whatever the case; a lot the ASN does not name needs a second,
deliberate input; a scanner reading one barcode twice counts once, in counting steps too."""

from __future__ import annotations

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import (
    GTIN,
    feed,
    gs1,
    logged_in,
    paced,
    run_replay,
)
from wms.core.domain.model import MovementKind
from wms.core.services.workflows import Input
from wms.core.services.workflows.adjustments import create_count_tasks

demo_template = support.demo_template
site = support.site


def receipts(site, reference="ASN-CN-0001"):
    with site.uow() as uow:
        return uow.ledger.movements(kind=MovementKind.RECEIVE.value, reference=reference)


def receiving_onto_a_new_pallet(site):
    session = logged_in(site, mode="receiving")
    opened, pallet = paced(session, "ASN:ASN-CN-0001", "CMD:NEWHU")
    assert opened.ok and pallet.ok
    return session


# --- double reads -----------------------------------------------------------------------------


def test_a_repeat_within_the_double_read_window_counts_once_in_receiving(site):
    session = receiving_onto_a_new_pallet(site)
    first = session.handle(Input.scan(GTIN["teapot"]))
    site.clock.advance(seconds=0.1)  # a scanner reading the same label twice
    second = session.handle(Input.scan(GTIN["teapot"]))
    assert first.ok and first.movement_ids
    assert second.ok and second.level == "attention" and not second.movement_ids
    assert second.context["double_read"] is True
    assert "double read, counted once" in second.message
    assert sum(m.quantity for m in receipts(site)) == 1


def test_a_repeat_slower_than_the_window_counts_another_item(site):
    session = receiving_onto_a_new_pallet(site)
    session.handle(Input.scan(GTIN["teapot"]))
    site.clock.advance(seconds=0.5)  # an operator presenting the next teapot
    again = session.handle(Input.scan(GTIN["teapot"]))
    assert again.ok and again.movement_ids and "double_read" not in again.context
    assert sum(m.quantity for m in receipts(site)) == 2


def test_a_double_read_while_counting_a_location_counts_once(site):
    with site.uow() as uow:
        create_count_tasks(uow, "CMN1", ["C-01-01-1"], created_by="2001", at=site.clock())
        uow.commit()
    session = logged_in(site, mode="count")
    paced(session, "LOC:C-01-01-1")
    first = session.handle(Input.scan(GTIN["tajine"]))
    site.clock.advance(seconds=0.2)
    double = session.handle(Input.scan(GTIN["tajine"]))
    site.clock.advance(seconds=0.6)
    second = session.handle(Input.scan(GTIN["tajine"]))
    assert first.ok and double.ok and second.ok
    assert double.context.get("double_read") is True
    assert "double_read" not in second.context


def test_replay_scripts_say_how_much_time_passes_between_inputs(site, tmp_path):
    script = tmp_path / "timing.replay"
    script.write_text(
        "\n".join(
            [
                "@login 1003 1357",
                "@mode receiving",
                "ASN:ASN-CN-0001",
                "CMD:NEWHU",
                GTIN["teapot"],
                GTIN["teapot"],  # straight after: the scanner read it twice
                "@wait 0.5",
                GTIN["teapot"],  # half a second later: the next teapot
            ]
        )
        + "\n"
    )
    site.engine.dispose()
    code, records, stderr = run_replay(site.path, script)
    assert code == 0, stderr
    teapots = [r for r in records if r["input"] == GTIN["teapot"]]
    assert [bool(r.get("movement_ids")) for r in teapots] == [True, False, True]
    assert teapots[1]["level"] == "attention" and teapots[1]["context"]["double_read"] is True
    assert [r["message"] for r in records if r["input"] == "@wait 0.5"] == ["0.5 s later"]


def test_a_wait_that_is_not_a_number_of_seconds_is_refused(site, tmp_path):
    site.engine.dispose()
    code, records, _ = run_replay(site.path, "-", stdin="@wait soon\n@wait -1\n@wait 0.25\n")
    assert code == 1
    assert [r["ok"] for r in records] == [False, False, True]
    assert records[0]["error"] == "bad_directive" and "@wait SECONDS" in records[0]["message"]


# --- a keyed quantity belongs to the next product scan -----------------------------------------


def test_a_quantity_keyed_before_a_pallet_scan_is_cleared_not_kept_for_later(site):
    session = receiving_onto_a_new_pallet(site)
    keyed = paced(session, "@key 120")[0]
    assert keyed.ok and keyed.context["quantity"] == 120
    with site.uow() as uow:
        sscc = uow.warehouses.allocate_sscc("CMN1")
        uow.commit()
    pallet = paced(session, sscc)[0]
    assert pallet.ok and pallet.level == "attention"
    assert "quantity 120 keyed before was not for this scan and is cleared" in pallet.message
    assert "quantity" not in pallet.context
    product = paced(session, GTIN["teapot"])[0]
    assert product.ok and "received 1 x CN-TEAPOT" in product.message


def test_a_quantity_keyed_before_a_command_is_cleared_by_it(site):
    session = receiving_onto_a_new_pallet(site)
    paced(session, "@key 7")
    new = paced(session, "CMD:NEWHU")[0]
    assert new.ok and "quantity 7 keyed before was not for this scan" in new.message
    product = paced(session, GTIN["teapot"])[0]
    assert "received 1 x CN-TEAPOT" in product.message


def test_a_quantity_keyed_before_a_product_scan_is_that_scans_quantity(site):
    session = receiving_onto_a_new_pallet(site)
    paced(session, "@key 3")
    product = paced(session, GTIN["teapot"])[0]
    assert product.ok and product.level == "ok" and "received 3 x CN-TEAPOT" in product.message


def test_a_refused_scan_leaves_the_keyed_quantity_for_the_right_product(site):
    session = receiving_onto_a_new_pallet(site)
    paced(session, "@key 2")
    refused = paced(session, GTIN["argan"])[0]  # not on the ASN
    assert not refused.ok and refused.error == "not_on_asn"
    product = paced(session, GTIN["teapot"])[0]
    assert product.ok and "received 2 x CN-TEAPOT" in product.message


# --- lots -------------------------------------------------------------------------------------


def test_a_keyed_lot_in_lower_case_is_the_asns_lot(site):
    session = receiving_onto_a_new_pallet(site)
    asked = paced(session, GTIN["tea"])[0]
    assert "lot" in asked.prompt
    lot = paced(session, "@key  gp2611a ")[0]
    assert lot.ok and "expiry" in lot.prompt
    done = paced(session, "@key 2028-10-31")[0]
    assert done.ok and "lot GP2611A" in done.message
    [movement] = receipts(site)
    assert movement.lot == "GP2611A"
    with site.uow() as uow:
        assert uow.lots.get("CN-TEA-GP", "gp2611a") is None


def test_a_scanned_lot_in_lower_case_is_the_same_lot(site):
    session = receiving_onto_a_new_pallet(site)
    scanned = paced(session, gs1(GTIN["tea"], lot="gp2611a", expiry="281031", count=10))[0]
    assert scanned.ok and scanned.movement_ids and "lot GP2611A" in scanned.message


def test_a_keyed_lot_other_than_the_asns_asks_for_a_second_deliberate_input(site):
    session = receiving_onto_a_new_pallet(site)
    paced(session, GTIN["tea"])
    other = paced(session, "@key GP2612B")[0]
    assert other.ok and other.level == "attention" and not other.movement_ids
    assert "lot GP2612B of CN-TEA-GP is not on ASN ASN-CN-0001 (it says GP2611A)" in other.message
    assert "again" in other.prompt and other.context["step"] == "lot_check"
    assert receipts(site) == []
    with site.uow() as uow:
        assert uow.lots.get("CN-TEA-GP", "GP2612B") is None
    confirmed = paced(session, "@key gp2612b")[0]  # the same lot again: deliberate
    assert confirmed.ok and confirmed.level == "attention"
    assert "lot GP2612B confirmed (not the ASN's)" in confirmed.message
    assert "expiry" in confirmed.prompt
    received = paced(session, "@key 2028-12-31")[0]
    assert received.ok and [m.lot for m in receipts(site)] == ["GP2612B"]


def test_after_a_lot_mismatch_the_asns_lot_is_taken_without_more_questions(site):
    session = receiving_onto_a_new_pallet(site)
    paced(session, GTIN["tea"], "@key GP2612B")
    corrected = paced(session, "@key GP2611A")[0]
    assert corrected.ok and "expiry" in corrected.prompt and "confirmed" not in corrected.message


def test_a_scanned_lot_other_than_the_asns_is_not_received_until_scanned_again(site):
    session = receiving_onto_a_new_pallet(site)
    barcode = gs1(GTIN["tea"], lot="GP9999Z", expiry="281031", count=12)
    first = paced(session, barcode)[0]
    assert first.ok and not first.movement_ids and first.context["step"] == "lot_check"
    cancelled = paced(session, "CMD:BACK")[0]
    assert cancelled.ok and receipts(site) == []
    again = paced(session, barcode, barcode)
    assert [bool(f.movement_ids) for f in again] == [False, True]
    assert [(m.lot, m.quantity) for m in receipts(site)] == [("GP9999Z", 12)]


def test_a_lot_check_is_not_skipped_by_closing_the_receipt(site):
    session = receiving_onto_a_new_pallet(site)
    paced(session, GTIN["tea"], "@key GP2612B")
    refused = feed(session, "CMD:DONE")[0]
    assert not refused.ok and refused.error == "item_pending"


def test_a_quantity_keyed_for_the_next_scan_is_shown_as_pending_until_a_scan_uses_it(site):
    session = logged_in(site, mode="move")
    keyed = paced(session, "LOC:P-01-01-1", "@key 4")[1]
    assert keyed.ok and keyed.context["pending_quantity"] == 4
    used = paced(session, GTIN["argan"])[0]
    assert used.ok and "pending_quantity" not in used.context
    assert used.context["quantity"] == 4
