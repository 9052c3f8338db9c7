"""GS1 data held to the GS1 rules: ASCII only, lengths, empty fields, mandatory associations."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wms.core.barcodes import interpret
from wms.core.domain.errors import ScanError

GS = "\x1d"
GTIN = "07032069804988"
FULLWIDTH_GTIN = "".join(chr(0xFF10 + int(digit)) for digit in GTIN)

# Every decimal digit Unicode knows that is not one of ASCII's 0-9.
NON_ASCII_DIGITS = st.characters(categories=["Nd"]).filter(lambda char: not char.isascii())


def refusal(raw: str) -> str:
    with pytest.raises(ScanError) as refused:
        interpret(raw)
    return str(refused.value)


# --- ASCII only -------------------------------------------------------------------------------


def test_arabic_indic_digits_in_a_count_are_refused_with_the_character_found():
    message = refusal(f"01{GTIN}{GS}17281031{GS}30١٢٠")

    assert "expected ASCII characters only" in message
    assert "'١' (ARABIC-INDIC DIGIT ONE) at position 29" in message


@pytest.mark.parametrize(
    "raw",
    [f"]C101{FULLWIDTH_GTIN}", f"01{FULLWIDTH_GTIN}", f"(01){FULLWIDTH_GTIN}",
     f"]d201{FULLWIDTH_GTIN}", f"https://id.gs1.org/01/{FULLWIDTH_GTIN}"],
)  # fmt: skip
def test_fullwidth_digits_never_pass_as_a_gtin(raw):
    assert "FULLWIDTH DIGIT ZERO" in refusal(raw)


@given(digit=NON_ASCII_DIGITS, position=st.integers(min_value=0, max_value=13))
def test_any_non_ascii_digit_anywhere_in_a_gtin_is_refused(digit, position):
    gtin = GTIN[:position] + digit + GTIN[position + 1 :]

    assert "expected ASCII characters only" in refusal(f"]C101{gtin}")


@given(
    digit=NON_ASCII_DIGITS,
    count=st.text(alphabet="0123456789", min_size=0, max_size=7),
    position=st.integers(min_value=0, max_value=7),
)
def test_any_non_ascii_digit_in_a_count_or_date_is_refused_never_counted(digit, count, position):
    position = min(position, len(count))
    tainted_count = count[:position] + digit + count[position:]
    for raw in (f"]C101{GTIN}17281031{GS}30{tainted_count}", f"]C101{GTIN}17{tainted_count}"):
        assert "expected ASCII characters only" in refusal(raw)


def test_ascii_gs1_data_still_scans():
    scan = interpret(f"01{GTIN}{GS}17281031{GS}30120")

    assert scan.count == 120 and scan.gtin == GTIN


# --- a full variable-length field runs on without GS ------------------------------------------


def test_a_lot_of_20_characters_followed_by_more_data_without_gs_is_too_long_not_two_fields():
    message = refusal(f"01{GTIN}10{'A' * 20}17281031")

    assert message.startswith(f"lot (AI 10) '{'A' * 20}17281031': expected up to 20 characters")
    assert "found 28 characters without a GS separator" in message


def test_an_order_number_of_30_characters_followed_by_more_data_without_gs_is_too_long():
    message = refusal(f"]C101{GTIN}400{'B' * 30}17281031")

    assert "order number (AI 400)" in message
    assert "expected up to 30 characters, then a GS separator, found 38 characters" in message


@pytest.mark.parametrize("end", ["", GS, f"{GS}17281031"])
def test_a_full_length_lot_ended_by_gs_or_the_barcode_is_accepted(end):
    assert interpret(f"]C101{GTIN}10{'A' * 20}{end}").lot == "A" * 20


# --- empty fields -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [f"01{GTIN}{GS}30{GS}", f"01{GTIN}{GS}30", f"]C101{GTIN}30", f"(01){GTIN}(30)"],
)
def test_an_empty_count_is_refused_as_nothing_after_the_ai(raw):
    message = refusal(raw)

    assert message == "count (AI 30) '': expected up to 8 digits, found nothing after the AI"


@pytest.mark.parametrize("ai", ["30", "37", "3103", "3922", "8005", "17", "420", "7003", "10"])
@pytest.mark.parametrize("end", ["", GS])
def test_any_empty_field_is_refused_clearly_never_with_an_internal_error(ai, end):
    message = refusal(f"]C100376130321109103420{GS}02{GTIN}{ai}{end}")

    assert "''" in message and "expected" in message
    assert "invalid literal" not in message and "Error" not in message


# --- GS1 mandatory associations ---------------------------------------------------------------

SSCC = "376130321109103420"


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        ("]C112281031", "AI 12 without AI 8020"),
        (f"]C100{SSCC}02{GTIN}", "AI 02 without AI 37"),
        ("]C12001", "AI 20 without AI 01 or AI 02 or AI 8006 or AI 8026"),
        ("]C12201", "AI 22 without AI 01"),
        (f"]C101{GTIN}250SECOND", "AI 250 without AI 21"),
        ("]C1403ROUTE7", "AI 403 without AI 00"),
        ("]C13300000120", "AI 3300 without AI 00 or AI 01"),
        (f"]C101{GTIN}3922123", "AI 3922 without AI 30 or AI 31nn or AI 32nn"),
        (f"(00){SSCC}(02){GTIN}(37)12(21)S1", "AI 21 without AI 01 or AI 8006"),
    ],
)
def test_an_ai_without_the_ai_gs1_requires_with_it_is_refused(raw, found):
    message = refusal(raw)

    assert "(GS1 mandatory association)" in message
    assert message.split(", found ")[1].startswith(found)


@pytest.mark.parametrize(
    "raw",
    [
        f"]C101{GTIN}2001",
        f"]C101{GTIN}22CPV{GS}10LOT",
        f"]C101{GTIN}21S1{GS}250SECOND",
        f"]C100{SSCC}403ROUTE7",
        f"]C100{SSCC}3300000120",
        f"]C101{GTIN}3300000120",
        f"]C101{GTIN}30{'12'}{GS}3922123",
        f"]C101{GTIN}3103001250{'3922'}123",
        f"]C100{SSCC}02{GTIN}37120{GS}10LOT7",
    ],
)
def test_an_ai_with_the_ai_gs1_requires_with_it_is_accepted(raw):
    assert interpret(raw).is_gs1
