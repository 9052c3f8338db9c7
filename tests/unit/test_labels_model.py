"""Label and document data: validation, GS1 encodings, ZPL escaping (no rendering)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wms.core.domain.check_digits import has_valid_gs1_check_digit, location_check_digits
from wms.core.domain.errors import InvalidValue
from wms.labels import (
    Address,
    BadgeLabel,
    BagLabel,
    CommandSheet,
    CustomsDeclaration,
    CustomsLine,
    LocationLabel,
    PackingList,
    ProductLabel,
    SsccLabel,
    build_sscc,
    format_sscc,
    render_zpl,
)
from wms.labels.datamatrix import gs1_codewords
from wms.labels.gs1 import Element, element_string
from wms.labels.zpl import code128_data, escape_field, gs1_128_data, unescape_field

PARIS = Address("Jean Dupont", ("12 rue de la Paix",), "75002", "Paris", "FR")


def fields(zpl: str) -> list[str]:
    """Every ^FH field's data, decoded as the printer decodes it."""
    return [unescape_field(m) for m in re.findall(r"\^FH\^FD(.*?)\^FS", zpl)]


def test_sscc_with_wrong_check_digit_is_refused():
    good = build_sscc("6111234", 1)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(InvalidValue) as refused:
        SsccLabel(bad, None, PARIS, "DHL")
    message = str(refused.value)
    assert bad in message
    assert f"expected check digit {good[-1]}" in message


def test_sscc_built_from_prefix_and_serial_has_valid_check_digit():
    sscc = build_sscc("6111234", 1)
    assert len(sscc) == 18 and has_valid_gs1_check_digit(sscc)
    assert format_sscc(sscc, 7) == f"(00) 3 6111234 000000001 {sscc[-1]}"
    with pytest.raises(InvalidValue, match="company prefix"):
        build_sscc("12", 1)


def test_gtin_12_is_normalised_to_gtin_14():
    label = ProductLabel("361234567890", "SKU-1", "Argan oil")
    assert label.gtin == "00361234567890"


def test_gtin_with_bad_check_digit_or_length_is_refused():
    with pytest.raises(InvalidValue, match=r"GTIN '03612345678901': expected check digit 4"):
        ProductLabel("03612345678901", "SKU-1", "x")
    with pytest.raises(InvalidValue, match="8, 12, 13 or 14 digits"):
        ProductLabel("3612345678", "SKU-1", "x")


def test_lot_outside_gs1_character_set_is_refused():
    with pytest.raises(InvalidValue, match="character set 82"):
        ProductLabel("03612345678904", "SKU-1", "x", lot="LOT#1")


def test_location_check_digits_computed_when_omitted():
    label = LocationLabel("cmn1", "A-01-02-3")
    assert label.warehouse == "CMN1"
    assert label.check_digits == location_check_digits("CMN1", "A-01-02-3")
    assert label.barcode_text == "LOC:A-01-02-3"
    with pytest.raises(InvalidValue, match="2 digits"):
        LocationLabel("CMN1", "A-01-02-3", check_digits="7")


def test_badge_role_must_be_known():
    with pytest.raises(InvalidValue, match="operator / supervisor / admin"):
        BadgeLabel("1001", "Amina", "boss")


def test_customs_line_without_hs_code_is_refused():
    with pytest.raises(InvalidValue) as refused:
        CustomsLine("Cotton T-shirt", 2, "0.4", "25", "", "MA")
    assert "HS tariff number" in str(refused.value)
    assert "Cotton T-shirt" in str(refused.value)


def test_customs_line_without_origin_is_refused():
    with pytest.raises(InvalidValue, match="country of origin"):
        CustomsLine("Cotton T-shirt", 2, "0.4", "25", "6109.10", "")


def test_customs_hs_code_normalised_and_totals():
    lines = (
        CustomsLine("Cotton T-shirt", 2, "0.4", "25", "6109.10", "ma"),
        CustomsLine("Argan oil", 1, "0.1", "12.50", "1515 90", "MA"),
    )
    declaration = CustomsDeclaration("cn23", PARIS, PARIS, "sale of goods", lines)
    assert declaration.form == "CN23" and declaration.category == "sale_of_goods"
    assert lines[0].hs_code == "610910" and lines[0].origin_country == "MA"
    assert str(declaration.total_value) == "37.50"
    assert str(declaration.total_net_weight_kg) == "0.5"


def test_cn22_takes_at_most_four_lines_and_other_needs_explanation():
    line = CustomsLine("Book", 1, "0.3", "10", "490199", "FR")
    with pytest.raises(InvalidValue, match="use a CN23"):
        CustomsDeclaration("CN22", PARIS, PARIS, "gift", (line,) * 5)
    with pytest.raises(InvalidValue, match="explanation"):
        CustomsDeclaration("CN22", PARIS, PARIS, "other", (line,))


def test_packing_list_needs_lines():
    with pytest.raises(InvalidValue, match="at least one line"):
        PackingList("SO-1", PARIS, ())


def test_gs1_128_zpl_data_starts_with_start_c_and_fnc1():
    data, symbols = gs1_128_data((Element("00", "361112340000000010"),))
    assert data == ">;>800361112340000000010"
    assert symbols == 3 + 10
    lot = gs1_128_data(
        (Element("01", "03612345678904"), Element("10", "AB1"), Element("30", "12"))
    )[0]
    # digits in subset C, switch to B for the lot, FNC1 after it, back to C for (30)
    assert lot == ">;>8010361234567890410>6AB1>8>53012"


def test_code128_zpl_data_escapes_invocation_and_prefix_characters():
    assert code128_data("LOC:A>1^~")[0] == ">:LOC:A>01><>="


def test_element_string_separators():
    elements = (Element("01", "03612345678904"), Element("10", "L1"), Element("17", "260531"))
    assert element_string(elements) == "010361234567890410L1\x1d17260531"


def test_gs1_datamatrix_codewords_start_with_fnc1():
    codewords = gs1_codewords((Element("01", "03612345678904"),))
    assert codewords[0] == 232
    assert codewords[1] == 130 + 1  # "01" as one digit-pair codeword
    assert len(codewords) == 144 and codewords[9] == 129  # first pad


@pytest.mark.parametrize(
    "name",
    ["Société Générale", "شركة المغرب للتجارة", "Caret ^ and tilde ~ and _ under", "Łódź – 東京"],
)
def test_names_survive_into_zpl_fields(name):
    label = SsccLabel(
        build_sscc("6111234", 5),
        Address(name, ("Bd Zerktouni",), "20000", "Casablanca", "MA"),
        Address(name, ("1 rue X",), "75002", "Paris", "FR"),
        "DHL",
    )
    zpl = render_zpl(label)
    assert zpl.startswith("^XA\n^CI28\n")
    assert fields(zpl).count(name) == 2
    # no raw ^ or ~ inside field data, only ASCII on the wire
    for data in re.findall(r"\^FD(.*?)\^FS", zpl):
        assert "^" not in data and "~" not in data
    assert zpl.isascii()


def test_zpl_for_every_label_kind_is_one_format_per_label():
    sheet = CommandSheet.of("Bench", [(f"CMD:C{i}", f"Command {i}") for i in range(9)])
    zpl = render_zpl(sheet)
    assert zpl.count("^XA") == 2 and zpl.count("^XZ") == 2
    bag = render_zpl(BagLabel(build_sscc("6111234", 9), "fr-par", "France - Paris hub"))
    assert "FR-PAR" in fields(bag)
    assert "{{" not in zpl + bag


def test_printer_font_option_selects_stored_font():
    zpl = render_zpl(BadgeLabel("1001", "أمينة", "operator"), font="E:TT0003M_.TTF")
    assert "^A@N,50,50,E:TT0003M_.TTF" in zpl and "^A0N" not in zpl
    with pytest.raises(InvalidValue):
        render_zpl(BadgeLabel("1001", "x"), font="bad font^XZ")


@given(st.text(min_size=1, max_size=40))
def test_escape_roundtrip(text):
    escaped = escape_field(text)
    assert escaped.isascii()
    assert "^" not in escaped and "~" not in escaped
    assert unescape_field(escaped) == text


def test_expiry_in_product_elements():
    label = ProductLabel("03612345678904", "S", "N", lot="L1", expiry=date(2026, 5, 31))
    assert [(e.ai, e.value) for e in label.elements] == [
        ("01", "03612345678904"),
        ("17", "260531"),
        ("10", "L1"),
    ]


def test_labels_package_never_imports_qt():
    import subprocess
    import sys

    code = "import sys, wms.labels, wms.cli.labels; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
