"""Scans the station refuses, each with a message saying what was scanned, expected and found."""

import pytest

from wms.core.barcodes import ScanSettings, interpret
from wms.core.domain.errors import ScanError, WmsError

GS = "\x1d"
GTIN = "07032069804988"
SSCC = "376130321109103420"


def refusal(raw: str, settings: ScanSettings | None = None) -> str:
    with pytest.raises(ScanError) as refused:
        interpret(raw, settings or ScanSettings())
    assert refused.value.code == "bad_scan"
    assert isinstance(refused.value, WmsError)
    return str(refused.value)


# --- the scan itself ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        ("", "an empty scan"),
        ("   ", "only spaces"),
        ("\r\n", "an empty scan"),
        ("]C1", "only the symbology identifier ]C1"),
    ],
)
def test_an_empty_scan_is_refused(raw, found):
    assert refusal(raw).endswith(f"expected barcode data, found {found}")


def test_a_control_character_is_refused_and_shown_visibly_with_its_position():
    message = refusal("AB\tC")

    assert message == (
        "scan 'AB<0x09>C': expected printable characters (and the GS1 separator GS), "
        "found the control character <0x09> at position 3"
    )


def test_a_carriage_return_inside_the_scan_is_refused_although_one_at_the_end_is_not():
    assert "found the control character <CR> at position 4" in refusal("LOC\r:A")
    assert interpret("LOC:A\r").value == "A"


def test_a_scan_longer_than_the_configured_maximum_is_refused():
    message = refusal("X" * 41, ScanSettings(max_length=40))

    assert message.endswith("expected at most 40 characters, found 41 characters")


# --- check digits -----------------------------------------------------------------------------


def test_a_retail_barcode_with_a_wrong_check_digit_is_refused_with_the_expected_digit():
    assert refusal("5901234123450") == "GTIN-13 '5901234123450': expected check digit 7, found 0"


def test_a_wrong_check_digit_from_an_ean_scanner_is_refused():
    assert "expected check digit 7, found 1" in refusal("]E05901234123451")


def test_a_gtin_with_a_wrong_check_digit_inside_a_gs1_message_is_refused():
    message = refusal(f"]C101{GTIN[:-1]}715210526100329")

    assert message == "GTIN (AI 01) '07032069804987': expected check digit 8, found 7"


def test_a_content_gtin_with_a_wrong_check_digit_is_refused():
    assert "content GTIN (AI 02) '07032069804980': expected check digit 8" in refusal(
        f"]C100{SSCC}0207032069804980"
    )


def test_a_gln_with_a_wrong_check_digit_is_refused():
    assert "GLN (AI 414) '1234567890123': expected check digit 8, found 3" in refusal(
        "]C14141234567890123"
    )


def test_a_digital_link_with_a_wrong_check_digit_is_refused():
    assert "expected check digit 8, found 7" in refusal("https://id.gs1.org/01/07032069804987")


# --- separators -------------------------------------------------------------------------------


def test_a_lot_that_swallowed_an_expiry_date_is_refused_with_a_hint_about_the_missing_separator():
    message = refusal(f"]C101{GTIN}10ABC12317260131")

    assert message == (
        "lot 'ABC12317260131': expected a lot followed by a GS separator, found what looks "
        "like AI 17 (expiry 2026-01-31) inside the lot; a GS separator is probably missing"
    )


def test_a_serial_that_swallowed_a_gtin_is_refused():
    message = refusal(f"]C121SN42{'01'}{GTIN}")

    assert "serial 'SN4201" in message
    assert f"what looks like AI 01 (GTIN {GTIN}) inside the serial" in message


def test_a_lot_that_swallowed_a_best_before_date_and_a_serial_is_refused():
    message = refusal(f"]C101{GTIN}10L7{'15'}260300{'21'}X")

    assert "AI 15 (best before 2026-03-31) inside the lot" in message


def test_the_same_lot_with_its_separator_is_accepted():
    scan = interpret(f"]C101{GTIN}10ABC123{GS}17260131")

    assert scan.lot == "ABC123"


def test_a_lot_ending_in_digits_that_are_not_a_date_is_accepted():
    assert interpret(f"]C101{GTIN}10ABC12317261399").lot == "ABC12317261399"


def test_a_lot_ending_like_an_expiry_is_accepted_when_the_expiry_is_also_present():
    scan = interpret(f"]C101{GTIN}17260131{'10'}ABC17260131")

    assert scan.lot == "ABC17260131"


def test_a_lot_longer_than_gs1_allows_is_refused_with_a_hint():
    message = refusal(f"]C101{GTIN}10{'A' * 25}")

    assert message.endswith("the lot may be longer than the 20 characters GS1 allows")


# --- dates ------------------------------------------------------------------------------------


def test_an_impossible_expiry_date_is_refused():
    message = refusal(f"]C101{GTIN}17260231")

    assert message == (
        "expiry date (AI 17) '260231': expected a real date as YYMMDD (day 00 means the end "
        "of the month), found day 31 in February 2026, which has 28 days"
    )


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        (f"]C101{GTIN}17261301", "month 13, which does not exist"),
        (f"]C101{GTIN}11250001", "month 00, which does not exist"),
        (f"]C101{GTIN}152604", "'2604', which is not 6 digits YYMMDD"),
        ("https://id.gs1.org/01/07032069804988?17=260231", "day 31 in February 2026"),
        (f"(01){GTIN}(15)250230", "day 30 in February 2025"),
    ],
)
def test_dates_that_do_not_exist_are_refused_whatever_the_barcode(raw, found):
    assert f"found {found}" in refusal(raw)


# --- AI combinations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        (f"]C101{GTIN}3712", "AI 37 with a GTIN (AI 01); a trade item's own count is AI 30"),
        ("]C13712", "AI 37 without AI 02"),
        (f"]C102{GTIN}3712", "AI 02 without AI 00"),
        (
            f"]C100{SSCC}01{GTIN}02{GTIN}",
            "both: AI 01 names a trade item, AI 02 the trade items inside a logistic unit",
        ),
        ("]C110LOT1", "lot (AI 10) without a GTIN"),
        ("]C117260131", "expiry date (AI 17) without a GTIN"),
        ("]C115260131", "best before date (AI 15) without a GTIN"),
        ("]C121SN1", "serial (AI 21) without a GTIN"),
        (f"]C100{SSCC}10LOT1", "lot (AI 10) without a GTIN"),
        (f"10LOT1{GS}21SN1", "lot (AI 10), serial (AI 21) without a GTIN"),
    ],
)
def test_ai_combinations_that_gs1_forbids_are_refused(raw, found):
    message = refusal(raw)

    assert message.startswith("GS1 barcode '(")
    assert message.endswith(f"found {found}")


def test_an_ai_repeated_in_one_barcode_is_refused():
    assert "expected lot once per barcode, found it a second time (first 'A')" in refusal(
        f"]C101{GTIN}10A{GS}10B"
    )


# --- GS1 symbologies must carry GS1 data -------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("]C1hello", "GS1-128"),
        ("]d2CMD:DONE", "GS1 DataMatrix"),
        ("]Q3LOC:A-1", "GS1 QR Code"),
        ("]e05901234123457", "GS1 DataBar"),
    ],
)
def test_a_gs1_symbology_whose_data_is_not_gs1_is_refused(raw, name):
    message = refusal(raw)

    assert message.startswith(f"{name} barcode ")
    assert "expected a GS1 Application Identifier (such as 00, 01 or 02) at the start" in message


def test_gs1_data_that_stops_fitting_is_refused_naming_the_element_and_its_format():
    assert refusal("]C137ABC") == (
        "count of trade items (AI 37) 'ABC': expected up to 8 digits, "
        "found the character 'A', which GS1 does not allow there"
    )


def test_a_lot_with_a_character_gs1_does_not_allow_is_refused():
    assert "found the character ' ', which GS1 does not allow there" in refusal(
        f"https://id.gs1.org/01/{GTIN}/10/A%20B"
    )


def test_a_gtin_too_short_in_element_strings_is_refused():
    assert "GTIN (AI 01) '0703206': expected 14 digits, found only 7 digits" in refusal(
        "]C1010703206"
    )


def test_text_with_a_gs_separator_must_be_gs1():
    assert refusal(f"A-01{GS}B").startswith("GS1 barcode 'A-01<GS>B': expected a GS1")


def test_an_ean_symbology_with_letters_or_a_wrong_length_is_refused():
    assert refusal("]E0ABC") == "EAN-13 barcode 'ABC': expected digits only, found other characters"
    assert refusal("]E41234567").endswith("expected 8 digits, found 7 digits")


def test_a_broken_digital_link_with_a_gtin_is_refused_not_taken_for_text():
    assert "GTIN (AI 01) '123': expected 8 or 12 or 13 or 14 digits" in refusal(
        "https://id.gs1.org/01/123"
    )


def test_unknown_ais_in_the_human_readable_form_are_refused():
    assert "found (0199), which is not one" in refusal("(0199)x")
