"""Labels the warehouse prints for itself: locations, documents, totes, badges; and free text."""

import pytest

from wms.core.barcodes import ScanKind, interpret
from wms.core.domain.errors import ScanError


def test_a_location_label_gives_the_location_code_in_upper_case():
    scan = interpret("LOC:a-01-02-3")

    assert scan.kind is ScanKind.LOCATION
    assert scan.value == "A-01-02-3"


def test_label_prefixes_are_read_in_any_case():
    assert interpret("loc:DOCK-1").kind is ScanKind.LOCATION
    assert interpret("Tote:T1").kind is ScanKind.TOTE


def test_a_location_label_in_a_qr_code_keeps_its_symbology():
    scan = interpret("]Q1LOC:B-02-01-1")

    assert scan.kind is ScanKind.LOCATION
    assert scan.symbology_name == "QR Code"
    assert scan.data == "LOC:B-02-01-1"


@pytest.mark.parametrize(
    ("scanned", "found"),
    [
        ("LOC:", "nothing after the prefix"),
        ("LOC:A 01", "the character ' '"),
        ("LOC:A_01", "the character '_'"),
        ("LOC:" + "A" * 31, "31 characters"),
    ],
)
def test_a_malformed_location_label_is_refused_saying_what_a_location_code_is(scanned, found):
    with pytest.raises(ScanError) as refused:
        interpret(scanned)

    message = str(refused.value)
    assert message.startswith("location label ")
    assert "expected LOC: followed by 1 to 30 letters, digits or '-'" in message
    assert message.endswith(f"found {found}")


def test_an_asn_label_is_a_document_of_type_asn():
    scan = interpret("ASN:ASN-2024-0042")

    assert scan.kind is ScanKind.DOCUMENT
    assert scan.document_type == "ASN"
    assert scan.value == "ASN-2024-0042"


def test_an_order_label_is_a_document_of_type_order():
    scan = interpret("ORD:SO/10045")

    assert scan.kind is ScanKind.DOCUMENT
    assert scan.document_type == "ORDER"
    assert scan.value == "SO/10045"


def test_a_tote_label_gives_the_tote_id_in_upper_case():
    scan = interpret("TOTE:t-0042")

    assert scan.kind is ScanKind.TOTE
    assert scan.value == "T-0042"


def test_a_badge_gives_the_badge_id_as_printed():
    scan = interpret("BADGE:op-17")

    assert scan.kind is ScanKind.BADGE
    assert scan.value == "op-17"


@pytest.mark.parametrize("scanned", ["ASN:", "ORD:A B", "TOTE:-1", "BADGE:" + "9" * 41])
def test_a_malformed_document_tote_or_badge_label_is_refused(scanned):
    with pytest.raises(ScanError, match=r"expected [A-Z]+: followed by 1 to 40 letters"):
        interpret(scanned)


@pytest.mark.parametrize("scanned", ["A-01-02-3", "3012", "10-01-02", "hello world", "LOC", "]X"])
def test_anything_else_printable_is_text_for_the_workflow_to_decide(scanned):
    scan = interpret(scanned)

    assert scan.kind is ScanKind.TEXT
    assert scan.value == scanned
    assert scan.is_gs1 is False


def test_a_text_scan_in_code_39_keeps_its_symbology():
    scan = interpret("]A0PALLET 7")

    assert scan.kind is ScanKind.TEXT
    assert scan.symbology_name == "Code 39"
    assert scan.value == "PALLET 7"


def test_spaces_around_a_scan_are_ignored():
    assert interpret("  LOC:A-1  ").value == "A-1"
