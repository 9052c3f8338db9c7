"""Scanning pallets, cartons and bags: SSCCs alone or on GS1 logistic labels."""

import pytest

from wms.core.barcodes import ScanKind, interpret
from wms.core.domain.errors import ScanError

GS = "\x1d"
SSCC = "376130321109103420"
CONTENT_GTIN = "07032069804988"


def test_a_plain_18_digit_sscc_is_a_handling_unit():
    scan = interpret(SSCC)

    assert scan.kind is ScanKind.HANDLING_UNIT
    assert scan.value == scan.sscc == SSCC
    assert scan.gtin is None


def test_an_sscc_with_ai_00_on_a_gs1_128_label_is_a_handling_unit():
    scan = interpret(f"]C100{SSCC}")

    assert scan.kind is ScanKind.HANDLING_UNIT
    assert scan.value == SSCC
    assert scan.elements == (("00", SSCC),)


def test_an_sscc_may_carry_its_content_gtin_count_and_lot():
    scan = interpret(f"]C100{SSCC}02{CONTENT_GTIN}37120{GS}10LOT7")

    assert scan.kind is ScanKind.HANDLING_UNIT
    assert scan.sscc == SSCC
    assert scan.content_gtin == CONTENT_GTIN
    assert scan.gtin is None
    assert scan.count == 120
    assert scan.lot == "LOT7"


def test_a_shipping_label_with_sscc_and_ship_to_postcode_is_a_handling_unit():
    scan = interpret(f"]C1420{'20250'}{GS}00{SSCC}")

    assert scan.kind is ScanKind.HANDLING_UNIT
    assert scan.ship_to_postcode == "20250"


def test_an_sscc_from_a_digital_link_is_a_handling_unit():
    scan = interpret(f"https://id.gs1.org/00/{SSCC}")

    assert scan.kind is ScanKind.HANDLING_UNIT
    assert scan.sscc == SSCC


def test_a_plain_sscc_with_a_wrong_check_digit_is_refused_with_the_expected_digit():
    with pytest.raises(ScanError) as refused:
        interpret("376130321109103421")

    assert str(refused.value) == "SSCC '376130321109103421': expected check digit 0, found 1"


def test_an_sscc_with_a_wrong_check_digit_inside_a_gs1_message_is_refused():
    with pytest.raises(ScanError, match=r"SSCC \(AI 00\) '376130321109103429'.*check digit 0"):
        interpret("]C100376130321109103429")
