"""Properties that hold for every input: valid keys round-trip, one wrong digit is refused,
and no input string makes interpret() fail with anything but a ScanError."""

import subprocess
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

from wms.core.barcodes import ScanKind, ScanSettings, interpret
from wms.core.domain.check_digits import with_gs1_check_digit
from wms.core.domain.errors import ScanError

GS = "\x1d"


def digits(length: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=length, max_size=length)


gtins = st.sampled_from([8, 12, 13, 14]).flatmap(lambda n: digits(n - 1)).map(with_gs1_check_digit)
ssccs = digits(17).map(with_gs1_check_digit)


def with_one_digit_changed(number: str, data: st.DataObject) -> str:
    position = data.draw(st.integers(0, len(number) - 1))
    replacement = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    return number[:position] + replacement + number[position + 1 :]


@given(gtins)
def test_every_gtin_with_a_valid_check_digit_scans_as_that_product(gtin):
    scan = interpret(gtin)

    assert scan.kind is ScanKind.PRODUCT
    assert scan.value == scan.gtin == gtin.zfill(14)


@given(gtins)
def test_every_valid_gtin_in_a_gs1_128_scans_as_that_product(gtin):
    assert interpret(f"]C101{gtin.zfill(14)}").gtin == gtin.zfill(14)


@given(ssccs)
def test_every_sscc_with_a_valid_check_digit_scans_as_that_handling_unit(sscc):
    assert interpret(sscc).value == sscc
    assert interpret(f"]C100{sscc}").value == sscc


@given(gtins, st.data())
def test_a_gtin_with_one_digit_changed_is_refused(gtin, data):
    changed = with_one_digit_changed(gtin, data)

    try:
        interpret(changed)
    except ScanError as refused:
        assert "expected check digit" in str(refused)
    else:
        raise AssertionError(f"{changed} (from {gtin}) was accepted")


@given(ssccs, st.data())
def test_an_sscc_with_one_digit_changed_is_refused(sscc, data):
    changed = with_one_digit_changed(sscc, data)

    for raw in (changed, f"]C100{changed}"):
        try:
            interpret(raw)
        except ScanError as refused:
            assert "expected check digit" in str(refused)
        else:
            raise AssertionError(f"{raw} (from {sscc}) was accepted")


_PIECES = st.sampled_from(
    [*"0123456789", *"]CdQEeA0123:()/?=|-. %", GS, "\r", "\n", "\t", "LOC:", "CMD:", "ASN:",
     "https://id.gs1.org/", "01", "10", "17", "00", "02", "37", "21", "420", "3103", "]C1",
     "]d2", "]E0", "]Y", "<GS>", "07032069804988", "260231", "260131"]
)  # fmt: skip
_SCANNER_LIKE = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=1000)
@given(st.one_of(st.text(), _SCANNER_LIKE))
@example("]")
@example("]Y9")
@example("http://[")
@example("\ud800")
def test_any_text_is_either_a_scan_or_a_scan_error(raw):
    try:
        scan = interpret(raw, ScanSettings(gs_substitutes=("|", "<GS>")))
    except ScanError as refused:
        assert "could not interpret" not in str(refused)  # the safety net was not needed
    else:
        assert scan.raw == raw
        assert isinstance(scan.kind, ScanKind)


def test_the_barcode_package_never_imports_qt():
    code = "import sys, wms.core.barcodes; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    assert result.stdout.strip() == "False", result.stderr
