"""Scan to find: every scan the station understands becomes the search it names."""

from __future__ import annotations

import pytest

from wms.core.services.queries import SearchKind, scan_search

GS = "\x1d"


@pytest.mark.parametrize(
    ("scan", "kind", "filters"),
    [
        ("LOC:A-01-02-2", SearchKind.LOCATION, {"location": "A-01-02-2"}),
        ("6111234000118", SearchKind.PRODUCT, {"gtin": "06111234000118"}),
        ("]E06111234000118", SearchKind.PRODUCT, {"gtin": "06111234000118"}),
        (
            f"]C10106111234000118172710311{0}ARG2603{GS}3024",
            SearchKind.PRODUCT,
            {"gtin": "06111234000118", "lot": "ARG2603"},
        ),
        (
            "(01)06111234000118(10)ARG2603",
            SearchKind.PRODUCT,
            {"gtin": "06111234000118", "lot": "ARG2603"},
        ),
        ("00361112340000000010", SearchKind.HANDLING_UNIT, {"handling_unit": "361112340000000010"}),
        ("ORD:SO-1001", SearchKind.DOCUMENT, {"reference": "SO-1001"}),
        ("ASN:ASN-CN-0001", SearchKind.DOCUMENT, {"reference": "ASN-CN-0001"}),
        ("TOTE:T-017", SearchKind.HANDLING_UNIT, {"handling_unit": "T-017"}),
        ("arg  oil", SearchKind.TEXT, {"search": "arg oil"}),
        ("4006381333930", SearchKind.TEXT, {"search": "4006381333930"}),  # check digit off
    ],
)
def test_a_scan_names_its_search(scan, kind, filters):
    found = scan_search(scan)
    assert found.kind is kind, found
    expected = {
        "search": "", "sku": "", "gtin": "", "lot": "", "location": "", "handling_unit": "",
        "reference": "", **filters,
    }  # fmt: skip
    assert found.filters() == expected  # a new scan clears what the last one set


def test_what_is_searched_for_is_said_in_one_line():
    assert scan_search("LOC:A-01-02-2").shown == "location A-01-02-2"
    assert scan_search("ASN:ASN-CN-0001").shown == "asn ASN-CN-0001"
    assert (
        scan_search("(01)06111234000118(10)ARG2603").shown
        == "product GTIN 06111234000118, lot ARG2603"
    )


@pytest.mark.parametrize("scan", ["CMD:MODE:adjust", "CMD:DONE", "BADGE:2001"])
def test_commands_and_badges_are_not_searches(scan):
    found = scan_search(scan)
    assert found.kind is SearchKind.NOT_A_SEARCH
    assert found.filters() == {}
    assert "not a search" in found.shown


def test_an_empty_search_shows_everything():
    found = scan_search("   ")
    assert found.kind is SearchKind.EVERYTHING
    assert set(found.filters().values()) == {""}
