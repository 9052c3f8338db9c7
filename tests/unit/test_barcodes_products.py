"""Scanning trade items: retail barcodes, GS1-128 / GS1 DataMatrix element strings, Digital Link."""

from datetime import date
from decimal import Decimal

import pytest

from wms.core.barcodes import Scan, ScanKind, ScanSettings, interpret
from wms.core.domain.check_digits import with_gs1_check_digit

GS = "\x1d"
GTIN = "07032069804988"


def test_a_plain_ean_13_is_a_product_with_its_gtin_padded_to_14_digits():
    scan = interpret("5901234123457")

    assert scan.kind is ScanKind.PRODUCT
    assert scan.value == scan.gtin == "05901234123457"
    assert scan.symbology is None
    assert scan.is_gs1 is False
    assert scan.elements == ()


@pytest.mark.parametrize(
    ("scanned", "gtin"),
    [
        ("96385074", "00000096385074"),
        ("036000291452", "00036000291452"),
        ("5901234123457", "05901234123457"),
        ("17032069804985", "17032069804985"),
    ],
)
def test_gtin_8_12_13_and_14_are_products(scanned, gtin):
    assert interpret(scanned).gtin == gtin


def test_the_raw_scan_is_kept_exactly_as_received_and_the_terminator_is_ignored():
    scan = interpret("5901234123457\r\n")

    assert scan.raw == "5901234123457\r\n"
    assert scan.data == "5901234123457"
    assert scan.kind is ScanKind.PRODUCT


@pytest.mark.parametrize(
    ("scanned", "symbology_name", "gtin"),
    [
        ("]E05901234123457", "EAN-13", "05901234123457"),
        ("]E0036000291452", "UPC-A", "00036000291452"),
        ("]E00036000291452", "UPC-A", "00036000291452"),
        ("]E004252614", "UPC-E", "00042100005264"),
        ("]E496385074", "EAN-8", "00000096385074"),
        ("]I117032069804985", "ITF-14", "17032069804985"),
        ("]E3590123412345712", "EAN-13 with add-on", "05901234123457"),
        ("]C05901234123457", "Code 128", "05901234123457"),
    ],
)
def test_the_aim_symbology_identifier_is_named_and_removed_from_the_data(
    scanned, symbology_name, gtin
):
    scan = interpret(scanned)

    assert scan.kind is ScanKind.PRODUCT
    assert scan.symbology == scanned[:3]
    assert scan.symbology_name == symbology_name
    assert not scan.data.startswith("]")
    assert scan.gtin == gtin


def test_a_gs1_128_with_gtin_best_before_and_lot_needs_no_separator_after_fixed_fields():
    scan = interpret("]C1" + "0107032069804988" + "15210526" + "10" + "0329")

    assert scan.kind is ScanKind.PRODUCT
    assert scan.symbology_name == "GS1-128"
    assert scan.value == scan.gtin == GTIN
    assert scan.best_before == date(2021, 5, 26)
    assert scan.lot == "0329"
    assert scan.is_gs1 is True
    assert scan.elements == (("01", GTIN), ("15", "210526"), ("10", "0329"))


def test_a_gs1_datamatrix_carries_lot_expiry_and_serial_separated_by_gs():
    scan = interpret(f"]d201{GTIN}10LOT-42{GS}17260131{GS}21SN0001")

    assert scan.symbology_name == "GS1 DataMatrix"
    assert scan.gtin == GTIN
    assert scan.lot == "LOT-42"
    assert scan.expiry == date(2026, 1, 31)
    assert scan.serial == "SN0001"
    assert scan.data == f"01{GTIN}10LOT-42{GS}17260131{GS}21SN0001"


def test_element_strings_without_an_aim_prefix_are_recognised_by_their_leading_gtin():
    scan = interpret(f"01{GTIN}10ABC{GS}17260131")

    assert scan.kind is ScanKind.PRODUCT
    assert scan.symbology is None
    assert scan.lot == "ABC"
    assert scan.expiry == date(2026, 1, 31)


def test_a_leading_fnc1_transmitted_as_gs_is_ignored():
    scan = interpret(f"{GS}01{GTIN}10ABC{GS}")

    assert scan.gtin == GTIN
    assert scan.lot == "ABC"


def test_expiry_day_00_means_the_last_day_of_the_month():
    assert interpret(f"]C101{GTIN}17280200").expiry == date(2028, 2, 29)


def test_production_date_variable_count_and_net_weight_are_read():
    scan = interpret(f"]C101{GTIN}11250115310300125030{'12'}")

    assert scan.production_date == date(2025, 1, 15)
    assert scan.net_weight_kg == Decimal("1.250")
    assert scan.count == 12


@pytest.mark.parametrize("substitute", ["|", "<GS>", "\\x1d"])
def test_a_configured_separator_substitute_is_read_as_gs(substitute):
    settings = ScanSettings(gs_substitutes=("|", "<GS>", "\\x1d"))

    scan = interpret(f"]C101{GTIN}10ABC{substitute}17260131", settings)

    assert scan.lot == "ABC"
    assert scan.expiry == date(2026, 1, 31)
    assert scan.data == f"01{GTIN}10ABC{GS}17260131"


def test_the_human_readable_form_with_parentheses_is_understood():
    scan = interpret(f"(01){GTIN}(17)260131(10)AB-12")

    assert scan.kind is ScanKind.PRODUCT
    assert scan.expiry == date(2026, 1, 31)
    assert scan.lot == "AB-12"


def test_a_gs1_digital_link_uri_gives_the_same_fields_as_element_strings():
    scan = interpret(f"https://id.gs1.org/01/{GTIN}/10/ABC?17=260131")

    assert scan.kind is ScanKind.PRODUCT
    assert scan.gtin == GTIN
    assert scan.lot == "ABC"
    assert scan.expiry == date(2026, 1, 31)
    assert scan.is_gs1 is True


@pytest.mark.parametrize(
    ("prefix", "name"), [("]d2", "GS1 DataMatrix"), ("]Q3", "GS1 QR Code"), ("]Q1", "QR Code")]
)
def test_a_digital_link_in_a_2d_code_is_a_product(prefix, name):
    scan = interpret(f"{prefix}https://example.com/01/{GTIN}/21/X%2F1")

    assert scan.symbology_name == name
    assert scan.gtin == GTIN
    assert scan.serial == "X/1"


def test_a_web_address_that_is_not_a_digital_link_is_plain_text():
    scan = interpret("https://example.com/help")

    assert scan.kind is ScanKind.TEXT
    assert scan.value == "https://example.com/help"


def test_a_gs1_message_without_an_identification_key_is_text_with_its_elements():
    scan = interpret("]C142075001")

    assert scan.kind is ScanKind.TEXT
    assert scan.is_gs1 is True
    assert scan.ship_to_postcode == "75001"
    assert scan.elements == (("420", "75001"),)


def test_a_scan_can_be_built_with_only_the_required_fields():
    scan = Scan(raw="x", kind=ScanKind.TEXT, data="x", value="x")

    assert scan.gtin is None
    assert scan.elements == ()
    assert scan.element("10") is None


def test_a_scan_looks_up_an_element_by_its_ai():
    scan = interpret(f"]C101{GTIN}10ABC{GS}9012")

    assert scan.element("90") == "12"


def test_a_gtin_built_with_its_check_digit_from_the_shared_helper_is_accepted():
    gtin = with_gs1_check_digit("400638133393")

    assert interpret(gtin).gtin == gtin.zfill(14)
