"""The plain readers of big imports: a row they read becomes exactly the product or location the
full row checks make of it; any other row still gets the full checks and their messages."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wms.core.domain.check_digits import with_gs1_check_digit
from wms.core.domain.errors import ImportRefused, Problem
from wms.core.services.imports_base import Progress, paused_gc
from wms.core.services.imports_csv import read_csv
from wms.core.services.imports_locations import (
    LOCATIONS,
    check_location_row,
    plain_location_reader,
    validate_locations,
)
from wms.core.services.imports_products import (
    PRODUCTS,
    check_product_row,
    plain_product_reader,
    validate_products,
)

GOOD_GTIN = with_gs1_check_digit("611123400001")
WRONG_CHECK_DIGIT = GOOD_GTIN[:-1] + str((int(GOOD_GTIN[-1]) + 1) % 10)
FULL_WIDTH_GTIN = GOOD_GTIN.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})

PLAIN_PRODUCT: dict[str, list[str]] = {
    "sku": ["SKU-1", "tea 100", "Thé-1", "S" * 40],
    "name": ["Mint tea", "n" * 200, "Thé à la menthe"],
    "unit": ["", "each", "u" * 20],
    "gtin": ["", GOOD_GTIN, GOOD_GTIN.zfill(14), with_gs1_check_digit("6111234")],
    "inner_gtin": [""],
    "inner_qty": [""],
    "tracks_lot": ["", "yes", "NO", "1", "y"],
    "tracks_expiry": ["", "true", "False"],
    "hs_code": ["", "0902.10", "090210", "09 02 10", "0902101234"],
    "origin_country": ["", "MA", "fr"],
    "weight_kg": ["", "0", "0.000", "1.5", "007.250", "99999999999.999"],
    "length_cm": ["", "20", "0.100"],
    "unit_value": ["", "3.5", "3.50", "0.00", "999999999999.99"],
    "currency": ["", "EUR", "mad"],
    "fixed_location": ["", "P-01-01-1", "p-01", "P" * 40],
    "owner": ["", "HUB", "acme"],
}
ODD_PRODUCT: dict[str, list[str]] = {
    "sku": ["", "a\x01b", "S" * 41, "\u00a0x"],
    "name": ["", "tab\there", "n" * 201],
    "unit": ["u" * 21, "box\x7f"],
    "gtin": [
        WRONG_CHECK_DIGIT,
        FULL_WIDTH_GTIN,
        "(01)" + GOOD_GTIN.zfill(14),
        "12345",
        GOOD_GTIN[:6] + " " + GOOD_GTIN[6:],
        GOOD_GTIN.zfill(15),
    ],
    "inner_gtin": [with_gs1_check_digit("1611123400001"), GOOD_GTIN],
    "inner_qty": ["6", "1"],
    "tracks_lot": ["maybe", "２", "ja"],
    "tracks_expiry": ["t"],
    "hs_code": ["12345", "0902.10.00.00.1", "０９０２１０", "0902-10"],
    "origin_country": ["UK", "XX", "M"],
    "weight_kg": ["1.2345", "-1", "1,5", "+2", ".5", "1.", "１", "100000000000", "1e3"],
    "length_cm": ["-0", "0.0001"],
    "unit_value": ["3.555", "1000000000000", "-3"],
    "currency": ["XXX", "€", "eu"],
    "fixed_location": ["P 01", "Ｐ-1", "P" * 41, "P_1"],
    "owner": ["ac me", "ÀCME", "O" * 41],
}
PLAIN_LOCATION: dict[str, list[str]] = {
    "code": ["A-01-01-1", "a-01-01-2", "C" * 40],
    "type": ["storage", "Pick Face", "pick-face", "STAGING"],
    "zone": ["", "A", "b", "Z" * 40],
    "aisle": ["", "01", "A" * 10],
    "rack": ["", "1", "0", "007", "999999999"],
    "level": ["", "2"],
    "capacity_units": ["", "0", "40"],
    "capacity_kg": ["", "0", "0.000", "500", "500.5", "500.500"],
    "walk_sequence": ["", "10"],
}
ODD_LOCATION: dict[str, list[str]] = {
    "code": ["", "A 01", "A_01", "Ａ-1", "C" * 41],
    "type": ["", "shelf", "pick__face"],
    "zone": ["zone 1", "Z" * 41, "é"],
    "aisle": ["A" * 11, "0１"],
    "rack": ["-1", "+1", "１", "2147483648", "1.0"],
    "level": ["x"],
    "capacity_units": ["-5", "4.0"],
    "capacity_kg": ["1.2345", "-1", "1,5", ".5"],
    "walk_sequence": ["1e3"],
}


def rows_of(
    plain: dict[str, list[str]], odd: dict[str, list[str]]
) -> st.SearchStrategy[tuple[dict[str, str], int]]:
    """A data row of plain cells with up to two cells made odd (a listed odd form or any short
    text), and how many were."""
    columns = list(plain)
    oddity = st.sampled_from(columns).flatmap(
        lambda column: st.tuples(
            st.just(column), st.one_of(st.sampled_from(odd[column]), st.text(max_size=6))
        )
    )
    return st.tuples(
        st.fixed_dictionaries({c: st.sampled_from(choices) for c, choices in plain.items()}),
        st.lists(oddity, max_size=2),
    ).map(lambda drawn: ({**drawn[0], **dict(drawn[1])}, len(drawn[1])))


@settings(max_examples=400, deadline=None)
@given(drawn=rows_of(PLAIN_PRODUCT, ODD_PRODUCT))
def test_a_product_row_the_plain_reader_reads_is_the_product_the_full_checks_accept(
    drawn: tuple[dict[str, str], int],
) -> None:
    values, odd = drawn
    values = {column: cell.strip() for column, cell in values.items()}
    problems: list[Problem] = []
    checked = check_product_row(2, values, problems)
    plain = plain_product_reader(tuple(PLAIN_PRODUCT))(values)
    if not odd:
        assert plain is not None, "a row of plain cells takes the fast path"
    if plain is not None:
        assert problems == []
        assert plain == checked
        assert [str(v) for v in vars(plain).values()] == [str(v) for v in vars(checked).values()]


@settings(max_examples=400, deadline=None)
@given(drawn=rows_of(PLAIN_LOCATION, ODD_LOCATION))
def test_a_location_row_the_plain_reader_reads_is_the_location_the_full_checks_accept(
    drawn: tuple[dict[str, str], int],
) -> None:
    values, odd = drawn
    values = {column: cell.strip() for column, cell in values.items()}
    problems: list[Problem] = []
    checked = check_location_row(2, values, "CMN1", problems)
    plain = plain_location_reader("CMN1")(values)
    if not odd:
        assert plain is not None, "a row of plain cells takes the fast path"
    if plain is not None:
        assert problems == []
        assert plain == checked
        assert [str(v) for v in vars(plain).values()] == [str(v) for v in vars(checked).values()]


def test_the_usual_rows_are_read_by_the_plain_readers() -> None:
    product = plain_product_reader(("sku", "name", "gtin", "weight_kg", "currency"))(
        {"sku": "TEA-1", "name": "Tea", "gtin": GOOD_GTIN, "weight_kg": "0.105", "currency": "mad"}
    )
    assert product is not None and product.gtins[0].gtin == GOOD_GTIN.zfill(14)
    assert product.currency == "MAD"
    location = plain_location_reader("CMN1")(
        {"code": "a-01-01-1", "type": "pick face", "rack": "1", "capacity_kg": "500"}
    )
    assert location is not None and location.code == "A-01-01-1"


def test_a_file_with_bad_cells_gets_the_full_checks_messages() -> None:
    table = read_csv(
        "sku,name,gtin,weight_kg\n"
        f"TEA-1,Tea,{GOOD_GTIN},1\n"
        f"TEA-2,Tea,{WRONG_CHECK_DIGIT},1\n"
        f'TEA-3,Tea,{FULL_WIDTH_GTIN},"1,5"\n'
        f"TEA-1,Tea again,{GOOD_GTIN},x\n",
        "products.csv",
        PRODUCTS,
    )
    _records, problems = validate_products(table, Progress(None, 4))
    expected: list[Problem] = []
    for line, values in table.rows:
        check_product_row(line, values, expected)
    assert [str(p) for p in problems if "once" not in p.message] == [str(p) for p in expected]
    assert [str(p) for p in problems if "once" in p.message] == [
        "line 5, column sku: expected each SKU once, found TEA-1 again (first on line 2)",
        f"line 5, column gtin: expected each GTIN once, found {GOOD_GTIN.zfill(14)} again "
        "(line 2, SKU TEA-1)",
    ]
    assert [p.line for p in expected] == [3, 4, 4, 5]  # check digit, digits, '1,5', 'x'


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(rows_of(PLAIN_LOCATION, ODD_LOCATION).map(lambda d: d[0]), min_size=1, max_size=5)
)
def test_validating_locations_reports_what_the_full_checks_report(
    rows: list[dict[str, str]],
) -> None:
    header = tuple(PLAIN_LOCATION)
    text = "\n".join(
        [",".join(header)] + [",".join(_quoted(row[column]) for column in header) for row in rows]
    )
    try:
        table = read_csv(text + "\n", "locations.csv", LOCATIONS)
    except Exception:  # a header-level refusal is read_csv's business, not the validators'
        return
    records, problems = validate_locations(table, "CMN1", Progress(None, len(table.rows)))
    expected: list[Problem] = []
    locations = [check_location_row(line, values, "CMN1", expected) for line, values in table.rows]
    assert [r.location for r in records] == locations
    assert [str(p) for p in problems if "once" not in p.message] == [str(p) for p in expected]


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def test_the_garbage_collector_is_on_again_after_an_import_even_a_refused_one() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ImportRefused), paused_gc():
        raise ImportRefused("products.csv", [Problem(2, "sku", "expected a value")])
    assert gc.isenabled()
