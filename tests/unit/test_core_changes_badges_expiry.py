"""Rules the station app used to keep in its widgets, now callable without Qt: what an input
changed, which badge a scan names, and when a lot's expiry or a sort destination's fill needs the
supervisor's eye."""

from __future__ import annotations

from datetime import date

import pytest

from wms.core.services.badges import badge_number
from wms.core.services.changes import MOVEMENTS, NOTHING, Changes, changes_of_feedback
from wms.core.services.queries import ExpiryWarning, FillWarning, expiry_warning, fill_warning
from wms.core.services.workflows import Feedback


def accepted(mode: str = "", movement_ids: tuple[str, ...] = (), **context: object) -> Feedback:
    return Feedback(
        ok=True, message="ok", prompt="next", mode=mode, movement_ids=movement_ids,
        context=context,
    )  # fmt: skip


def test_changes_combine_and_say_which_subjects_changed():
    both = Changes(stock=True) | Changes(adjustments=True)
    assert both == Changes(stock=True, adjustments=True)
    assert both.subjects == ("stock", "adjustments")
    assert not NOTHING and NOTHING.subjects == ()
    assert MOVEMENTS.stock and MOVEMENTS.ledger


def test_a_refused_input_changes_nothing_even_in_a_workflow_that_posts():
    refused = Feedback(ok=False, message="no", prompt="again", mode="receiving", error="x")
    assert changes_of_feedback(refused) == NOTHING


def test_posted_movements_change_stock_ledger_and_documents():
    changes = changes_of_feedback(accepted("receiving", ("m-1",)))
    assert changes.stock and changes.ledger and changes.documents
    assert not changes.adjustments and not changes.parcels
    assert changes_of_feedback(accepted("receiving")) == NOTHING  # a document opened


def test_counting_and_adjusting_change_their_own_records():
    counted = changes_of_feedback(accepted("count"))
    assert counted.counts and counted.adjustments and not counted.stock
    approved = changes_of_feedback(accepted("adjust", ("m-2",)))
    assert approved.adjustments and approved.stock and approved.ledger


def test_an_outbound_step_that_names_a_parcel_changes_parcels_and_print_jobs():
    closed = changes_of_feedback(accepted("packing", sscc="00361234560000000018"))
    assert closed.parcels and closed.print_jobs
    verified = changes_of_feedback(accepted("packing", step="verify"))
    assert not verified.parcels and not verified.print_jobs


def test_login_and_home_feedback_change_nothing():
    assert changes_of_feedback(accepted("")) == NOTHING


@pytest.mark.parametrize(
    ("entered", "badge"),
    [("BADGE:1001", "1001"), ("1001", "1001"), ("  2001\r\n", "2001"), ("BADGE:op-17", "op-17")],
)
def test_a_badge_is_its_label_or_the_number_keyed(entered, badge):
    assert badge_number(entered) == badge


@pytest.mark.parametrize("entered", ["", "   ", "LOC:A-01-01-1", "BADGE:", "ASN:ASN-CN-0001"])
def test_other_barcodes_and_blanks_name_no_badge(entered):
    assert badge_number(entered) is None


@pytest.mark.parametrize(
    ("expiry", "warning"),
    [
        (date(2026, 10, 31), ExpiryWarning.EXPIRED),
        (date(2026, 11, 1), ExpiryWarning.EXPIRES_SOON),  # expires today: still sellable
        (date(2026, 12, 1), ExpiryWarning.EXPIRES_SOON),  # 30 days ahead
        (date(2026, 12, 2), None),
        (None, None),
    ],
)
def test_expiry_warning_within_30_days_of_the_given_day(expiry, warning):
    assert expiry_warning(expiry, date(2026, 11, 1)) is warning


@pytest.mark.parametrize(
    ("percent", "warning"),
    [(95.0, FillWarning.FULL), (90, FillWarning.FULL), (60, FillWarning.FILLING), (59.9, None),
     (None, None)],
)  # fmt: skip
def test_a_sort_destination_is_flagged_filling_from_60_and_full_from_90_per_cent(percent, warning):
    assert fill_warning(percent) is warning
