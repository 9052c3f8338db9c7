"""Identifiers the warehouse prints and scans: check digits, SSCCs, location checks, UUIDv7."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wms.core.domain.check_digits import (
    gs1_check_digit,
    has_valid_gs1_check_digit,
    location_check_digits,
    with_gs1_check_digit,
)
from wms.core.domain.errors import InvalidValue
from wms.core.domain.ids import uuid7
from wms.core.domain.model import normalise_gtin
from wms.core.domain.sscc import make_sscc, require_sscc


def test_gs1_check_digit_matches_published_examples():
    assert gs1_check_digit("629104150021") == 3  # GS1 General Specifications example
    assert with_gs1_check_digit("0614141123456789") == "06141411234567890"  # SSCC sample
    assert has_valid_gs1_check_digit("4006381333931")


@given(st.text(alphabet="0123456789", min_size=7, max_size=17))
def test_any_number_with_its_check_digit_validates_and_a_changed_digit_does_not(payload):
    number = with_gs1_check_digit(payload)
    assert has_valid_gs1_check_digit(number)
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not has_valid_gs1_check_digit(wrong)


def test_sscc_is_extension_prefix_serial_and_check_digit():
    sscc = make_sscc("6111234", 1)
    assert sscc == "361112340000000012"[:17] + str(gs1_check_digit(sscc[:17]))
    assert len(sscc) == 18 and sscc.startswith("36111234")
    assert require_sscc("00" + sscc) == sscc


@given(st.integers(min_value=0, max_value=10**9 - 1))
def test_every_allocated_sscc_round_trips_with_a_valid_check_digit(serial):
    sscc = make_sscc("6111234", serial)
    assert require_sscc(sscc) == sscc


def test_sscc_serials_beyond_the_company_prefix_range_are_refused():
    with pytest.raises(InvalidValue, match="SSCC serial reference"):
        make_sscc("6111234", 10**9)


def test_an_sscc_with_a_wrong_check_digit_says_which_digit_was_expected():
    good = make_sscc("6111234", 42)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(InvalidValue) as refused:
        require_sscc(bad)
    assert f"expected check digit {good[-1]}" in str(refused.value)
    assert bad in str(refused.value)


def test_gtins_of_every_length_become_gtin_14():
    assert normalise_gtin("4006381333931") == "04006381333931"
    assert normalise_gtin("96385074") == "00000096385074"


def test_a_gtin_with_letters_or_a_wrong_length_is_refused_with_what_was_found():
    with pytest.raises(InvalidValue, match="found 11 digits"):
        normalise_gtin("40063813339")
    with pytest.raises(InvalidValue, match="characters other than digits"):
        normalise_gtin("40063813339X1")


def test_location_check_digits_are_two_stable_digits_per_warehouse():
    digits = location_check_digits("CMN1", "A-01-02-3")
    assert len(digits) == 2 and digits.isdigit()
    assert digits == location_check_digits("CMN1", "A-01-02-3")


def test_uuid7_ids_are_version_7_and_strictly_increasing_within_a_process():
    ids = [uuid7() for _ in range(5000)]
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in ids)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_full_width_or_other_unicode_digits_are_not_gtin_digits():
    with pytest.raises(InvalidValue, match="characters other than digits"):
        normalise_gtin("６１１１２３４０００１１８")
    assert not has_valid_gs1_check_digit("６１１１２３４０００１１８")
