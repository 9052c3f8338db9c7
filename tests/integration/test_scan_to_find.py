"""Scan to find: the supervisor's stock and ledger searches answer any scan the station reads."""

from __future__ import annotations

from dataclasses import replace

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import GTIN, feed, gs1, logged_in
from wms.core.services import queries
from wms.core.services.queries import scan_search

demo_template = support.demo_template
site = support.site

ARGAN_EACH = "6111234000118"
ARGAN_CASE = "16111234000115"


def stock_for(site, scan: str, view: str = "rows") -> list[tuple]:
    filters = replace(queries.Filters(warehouse="CMN1"), **scan_search(scan).filters())
    with site.sessions() as session:
        return queries.stock_source(view).page(session, filters, limit=1000).rows


def ledger_for(site, scan: str) -> list[tuple]:
    filters = replace(queries.Filters(warehouse="CMN1"), **scan_search(scan).filters())
    with site.sessions() as session:
        return queries.movements_source().page(session, filters, descending=True).rows


def test_a_location_label_finds_the_stock_in_that_location(site):
    rows = stock_for(site, "LOC:A-01-02-1")
    assert [(r[0], r[1], r[3], r[7]) for r in rows] == [("A-01-02-1", "ARG-OIL-100", "ARG2603", 40)]


def test_a_gtin_of_any_packaging_level_finds_its_product_everywhere(site):
    each = stock_for(site, ARGAN_EACH)
    case = stock_for(site, ARGAN_CASE)
    assert {r[0] for r in each} == {"A-01-01-1", "A-01-02-1", "P-01-01-1"}
    assert each == case
    assert {r[1] for r in each} == {"ARG-OIL-100"}


def test_a_gs1_label_with_a_lot_finds_that_lot_only(site):
    rows = stock_for(site, f"(01)0{ARGAN_EACH}(10)ARG2603")
    assert [(r[0], r[3]) for r in rows] == [("A-01-02-1", "ARG2603")]


def test_an_unknown_gtin_finds_nothing(site):
    assert stock_for(site, "4006381333931") == []


def test_a_pallet_sscc_and_its_asn_find_the_received_stock_and_its_movements(site):
    session = logged_in(site, mode="receiving")
    _opened, pallet = feed(session, "ASN:ASN-CN-0001", "CMD:NEWHU")
    sscc = pallet.context["new_sscc"]
    received = feed(session, gs1(GTIN["tea"], lot="GP2611A", expiry="281031", count=120))[0]
    assert received.ok, received.message

    by_sscc = stock_for(site, f"00{sscc}")
    assert [(r[1], r[3], r[5], r[7]) for r in by_sscc] == [("CN-TEA-GP", "GP2611A", sscc, 120)]
    assert stock_for(site, "ASN:ASN-CN-0001") == by_sscc
    assert [r[0] for r in stock_for(site, f"00{sscc}", view="handling_unit")] == [sscc]

    moved = ledger_for(site, "ASN:ASN-CN-0001")
    assert [(r[1], r[2], r[3], r[7]) for r in moved] == [("receive", "CN-TEA-GP", 120, sscc)]
    assert ledger_for(site, f"00{sscc}") == moved
    assert ledger_for(site, "ORD:SO-NOTHING") == []
    # the product's ledger by its GTIN: the receipt and the opening balance of the tea, if any
    tea = ledger_for(site, GTIN["tea"])
    assert moved[0] in tea and {r[2] for r in tea} == {"CN-TEA-GP"}


def test_a_location_scan_finds_its_ledger_both_ways(site):
    rows = ledger_for(site, "LOC:A-01-02-1")
    assert rows and all("A-01-02-1" in (r[4], r[5]) for r in rows)
