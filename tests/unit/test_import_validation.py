"""Row validators of the imports: every bad cell is one clear problem, nothing ever raises."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from wms.core.domain.errors import Problem
from wms.core.domain.model import LocationType, PackagingLevel, ProductGtin
from wms.core.services.imports_base import ImportResult, Progress
from wms.core.services.imports_csv import Cells, read_csv
from wms.core.services.imports_locations import check_location_row
from wms.core.services.imports_products import PRODUCTS, check_product_row, validate_products


def product_problems(**values: str) -> list[str]:
    problems: list[Problem] = []
    check_product_row(7, {"sku": "SKU-1", "name": "Thing", **values}, problems)
    return [str(p) for p in problems]


def test_a_complete_product_row() -> None:
    problems: list[Problem] = []
    product = check_product_row(
        2,
        {
            "sku": "TEA-100",
            "name": "Mint tea 100 g",
            "gtin": "6111234000019",
            "inner_gtin": "16111234000016",
            "inner_qty": "6",
            "case_gtin": "26111234000013",
            "case_qty": "24",
            "tracks_lot": "yes",
            "tracks_expiry": "TRUE",
            "tracks_serial": "0",
            "hs_code": "0902.10",
            "origin_country": "ma",
            "weight_kg": "0.105",
            "unit_value": "3.5",
            "currency": "mad",
            "fixed_location": "p-01-01-1",
        },
        problems,
    )
    assert problems == []
    assert product.gtins == (
        ProductGtin("06111234000019", PackagingLevel.EACH, 1),
        ProductGtin("16111234000016", PackagingLevel.INNER, 6),
        ProductGtin("26111234000013", PackagingLevel.CASE, 24),
    )
    assert product.tracks_lot and product.tracks_expiry and not product.tracks_serial
    assert product.hs_code == "090210"
    assert product.origin_country == "MA"
    assert product.currency == "MAD"
    assert product.weight_kg == Decimal("0.105")
    assert product.unit_value == Decimal("3.50")
    assert product.unit == "each"
    assert product.fixed_location == "P-01-01-1"


def test_bad_gtin_check_digit_message() -> None:
    assert product_problems(gtin="6111234000017") == [
        "line 7, column gtin: expected check digit 9, found check digit 7"
    ]


def test_gtin_length_and_characters() -> None:
    assert product_problems(gtin="12345") == [
        "line 7, column gtin: expected 8, 12, 13 or 14 digits, found 5 digits"
    ]
    assert product_problems(gtin="61112340000１7")[0].endswith("found characters other than digits")


def test_gtin_8_and_12_are_stored_as_gtin_14() -> None:
    problems: list[Problem] = []
    product = check_product_row(2, {"sku": "A", "name": "B", "gtin": "96385074"}, problems)
    assert problems == []
    assert product.gtins[0].gtin == "00000096385074"


def test_packaging_gtin_needs_a_quantity_of_two_or_more() -> None:
    assert product_problems(case_gtin="26111234000013") == [
        "line 7, column case_qty: expected the number of units in one case (2 or more) with "
        "case_gtin, found nothing"
    ]
    assert product_problems(case_gtin="26111234000013", case_qty="1") == [
        "line 7, column case_qty: expected at least 2, found 1"
    ]
    assert product_problems(pallet_qty="100") == [
        "line 7, column pallet_gtin: expected the pallet GTIN with pallet_qty, found nothing"
    ]


def test_packaging_quantities_grow_with_the_level() -> None:
    assert product_problems(
        inner_gtin="16111234000016", inner_qty="12", case_gtin="26111234000013", case_qty="6"
    ) == ["line 7, column case_qty: expected more units than inner_qty (12), found 6"]


def test_the_same_gtin_twice_in_a_row() -> None:
    assert product_problems(gtin="6111234000019", case_gtin="06111234000019", case_qty="6") == [
        "line 7, column case_gtin: expected a GTIN of its own, found the same as gtin"
    ]


def test_every_bad_cell_of_a_row_is_reported() -> None:
    problems = product_problems(
        tracks_lot="maybe",
        hs_code="12.34",
        origin_country="UK",
        weight_kg="1,5",
        length_cm="-3",
        unit_value="2.555",
        currency="EURO",
    )
    assert problems == [
        "line 7, column hs_code: expected an HS code of 6 to 10 digits (dots allowed), "
        "found 4 digits",
        "line 7, column tracks_lot: expected true/false, yes/no or 1/0, found 'maybe'",
        "line 7, column origin_country: expected an ISO 3166 alpha-2 country code such as MA "
        "or FR, found 'UK' (did you mean GB?)",
        "line 7, column weight_kg: expected a number like 12.5 (use '.' as decimal separator), "
        "found '1,5'",
        "line 7, column length_cm: expected a non-negative number, found -3",
        "line 7, column unit_value: expected at most 2 decimals, found '2.555'",
        "line 7, column currency: expected an ISO 4217 currency code such as EUR or MAD, "
        "found 'EURO'",
    ]


def test_required_values_and_lengths() -> None:
    problems: list[Problem] = []
    check_product_row(3, {"sku": "", "name": "x" * 201}, problems)
    assert [str(p) for p in problems] == [
        "line 3, column sku: expected a value, found nothing",
        "line 3, column name: expected at most 200 characters, found 201",
    ]


def test_duplicate_skus_and_gtins_in_one_file() -> None:
    table = read_csv(
        b"sku,name,gtin\nA,x,6111234000019\nB,y,6111234000019\nA,z,\n", "p.csv", PRODUCTS
    )
    records, problems = validate_products(table, Progress(None, 3))
    assert len(records) == 3
    assert [str(p) for p in problems] == [
        "line 3, column gtin: expected each GTIN once, found 06111234000019 again (line 2, SKU A)",
        "line 4, column sku: expected each SKU once, found A again (first on line 2)",
    ]


def test_location_row() -> None:
    problems: list[Problem] = []
    location = check_location_row(
        4,
        {
            "code": "a-01-02-3",
            "type": "Pick Face",
            "zone": "z1",
            "aisle": "A",
            "rack": "1",
            "level": "2",
            "bin": "3",
            "capacity_units": "40",
            "capacity_kg": "250.5",
            "walk_sequence": "17",
        },
        "TST1",
        problems,
    )
    assert problems == []
    assert location.code == "A-01-02-3"
    assert location.type is LocationType.PICK_FACE
    assert location.zone == "Z1"
    assert (location.rack, location.level, location.bin) == (1, 2, 3)
    assert location.capacity_units == 40
    assert location.capacity_kg == Decimal("250.500")
    assert location.walk_sequence == 17


def test_bad_location_row() -> None:
    problems: list[Problem] = []
    check_location_row(
        5, {"code": "A 01", "type": "shelf", "rack": "one", "capacity_units": "-1"}, "T", problems
    )
    assert [str(p) for p in problems] == [
        "line 5, column code: expected letters A-Z, digits and '-', found 'A 01'",
        "line 5, column type: expected one of dock, receiving, storage, pick_face, staging, "
        "sort_destination, packing, shipping, quarantine, transit, returns, found 'shelf'",
        "line 5, column rack: expected a whole number, found 'one'",
        "line 5, column capacity_units: expected a number of 0 or more, found -1",
    ]


def test_dates() -> None:
    problems: list[Problem] = []
    cells = Cells(9, {"a": "2025-02-29", "b": "01/02/2025", "c": "2024-02-29"}, problems)
    assert cells.date("a") is None
    assert cells.date("b") is None
    assert str(cells.date("c")) == "2024-02-29"
    assert [str(p) for p in problems] == [
        "line 9, column a: expected a date YYYY-MM-DD, found '2025-02-29': no such day",
        "line 9, column b: expected a date YYYY-MM-DD, found '01/02/2025'",
    ]


def test_summaries() -> None:
    assert (
        ImportResult("products", "p.csv", 100000, created=98000, updated=2000).summary()
        == "imported 100000 products (98000 new, 2000 updated)"
    )
    assert ImportResult("asn", "a.csv", 3, created=1, documents=1).summary() == (
        "imported 1 ASN (3 lines)"
    )
    assert ImportResult("sortplan", "s.csv", 4, documents=2, replaced=3).summary() == (
        "imported 2 sort plans (4 rules, replacing 3)"
    )


def test_progress_reports_until_done() -> None:
    calls: list[tuple[int, int]] = []
    progress = Progress(lambda done, total: calls.append((done, total)), rows=5, every=4)
    for _ in range(5):
        progress.advance()
    progress.advance(5)
    progress.finish()
    assert calls == [(4, 10), (10, 10), (10, 10)]


CELL = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"[0-9]{0,15}", fullmatch=True),
    st.sampled_from(["", "0", "1", "-1", "yes", "1e5", "NaN", "Infinity", "1.0000", "١٢", "²"]),
    st.from_regex(r"-?[0-9]{1,20}(\.[0-9]{0,8})?", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({}, optional={column: CELL for column in PRODUCTS.columns}))
def test_product_validator_only_ever_reports_problems(values: dict[str, str]) -> None:
    problems: list[Problem] = []
    cleaned = {k: v.strip() for k, v in values.items()}
    product = check_product_row(2, cleaned, problems)
    for problem in problems:
        assert problem.line == 2
        assert problem.column in PRODUCTS.columns
        assert problem.message.startswith("expected ")
    if not problems:
        assert product.sku and product.name
        assert all(len(g.gtin) == 14 and g.gtin.isdigit() for g in product.gtins)
