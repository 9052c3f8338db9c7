"""The operator sees the work: every feedback carries the rows of the task at hand — the ASN's
lines with expected / received so far, the order's items to verify, the open pick lists or the
stops being walked, what is on the unit being put away."""

from __future__ import annotations

from tests.integration import test_workflow_support as support
from tests.integration.test_outbound_flow import ARGAN, SAFFRON, release, switch
from tests.integration.test_workflow_support import GTIN, feed, gs1, logged_in, paced
from wms.core.persistence.engine import traced_statements

demo_template = support.demo_template
site = support.site

TEA = gs1(GTIN["tea"], lot="GP2611A", expiry="281031", count=120)


def rows(feedback, *keys):
    return [tuple(row[k] for k in keys) for row in feedback.work.rows]


def test_receiving_lists_the_asn_lines_with_what_is_received_so_far(site):
    session = logged_in(site, mode="receiving")
    opened = feed(session, "ASN:ASN-CN-0001")[0]
    assert str(opened.work.title) == "Lines of ASN ASN-CN-0001"
    assert opened.work.columns == ("line", "sku", "lot", "expected", "received", "remaining")
    assert rows(opened, "sku", "expected", "received") == [
        ("CN-TEA-GP", 240, 0), ("CN-BTL-30", 500, 0), ("CN-TEAPOT", 48, 0),
    ]  # fmt: skip
    feed(session, "CMD:NEWHU")
    received = feed(session, TEA)[0]
    assert rows(received, "sku", "received", "remaining")[0] == ("CN-TEA-GP", 120, 120)
    assert received.work.current == 0  # the line being received
    # left open and continued later (or at another bench): the ledger's count is shown
    feed(session, "CMD:CANCEL")
    again = feed(session, "ASN:ASN-CN-0001")[0]
    assert rows(again, "sku", "received")[0] == ("CN-TEA-GP", 120)
    feed(session, "CMD:NEWHU")
    more = feed(session, TEA)[0]
    assert rows(more, "sku", "received", "remaining")[0] == ("CN-TEA-GP", 240, 0)
    assert more.as_dict()["work"]["rows"][0]["received"] == 240


def test_picking_lists_the_open_pick_lists_then_the_stops_of_the_one_walked(site):
    release(site, "ORD-1001")
    session = logged_in(site, "1001", "1234", mode="picking")
    choosing = feed(session, "@key 5")[0]  # refused (no such list): still choosing
    assert str(choosing.work.title) == "Open pick lists"
    assert rows(choosing, "pick_list", "stops", "units") == [("PL-CMN1-T01-00001", 2, 3)]
    walking = feed(session, "@key NEXT")[0]
    assert str(walking.work.title) == "Stops of pick list PL-CMN1-T01-00001"
    assert rows(walking, "location", "sku", "quantity", "picked") == [
        ("P-01-01-2", "SAF-1G", 1, 0), ("A-01-02-1", "ARG-OIL-100", 2, 0),
    ]  # fmt: skip
    assert walking.work.current == 0
    picked = feed(session, "LOC:P-01-01-2", SAFFRON, "TOTE:T1")[-1]
    assert rows(picked, "sku", "picked", "state")[0] == ("SAF-1G", 1, "picked")
    assert picked.work.current == 1


def test_the_stops_are_shown_from_the_pickers_own_reads_so_a_location_scan_reads_nothing(site):
    """The stops come with the list's tasks as the workflow reads them (opening the list,
    posting a pick, a short pick, a skip): the location scan, checked against the directed
    stop, sends no statement; a skip shows the stop moved to the end."""
    release(site, "ORD-1001")
    session = logged_in(site, "1001", "1234", mode="picking")
    feed(session, "@key NEXT")
    with traced_statements(site.engine) as sent:
        at_location = feed(session, "LOC:P-01-01-2")[0]
    assert sent == []
    assert rows(at_location, "location", "picked") == [("P-01-01-2", 0), ("A-01-02-1", 0)]
    skipped = feed(session, "CMD:SKIP")[0]
    assert rows(skipped, "location") == [("A-01-02-1",), ("P-01-01-2",)]
    assert skipped.work.current == 0


def test_packing_lists_the_items_to_verify(site):
    release(site, "ORD-1001")
    session = logged_in(site, "1001", "1234", mode="picking")
    feed(session, "@key NEXT", "LOC:P-01-01-2", SAFFRON, "TOTE:T1")
    out = paced(session, "LOC:A-01-02-1", ARGAN, ARGAN, "TOTE:T1")
    assert all(f.ok for f in out), [f.message for f in out]
    switch(site, session, "packing")
    started = feed(session, "TOTE:T1")[0]
    assert str(started.work.title).startswith("Items of order ORD-1001")
    assert sorted(rows(started, "sku", "quantity", "verified")) == [
        ("ARG-OIL-100", 2, 0), ("SAF-1G", 1, 0),
    ]  # fmt: skip
    verified = feed(session, SAFFRON)[0]
    assert ("SAF-1G", 1, 1) in rows(verified, "sku", "quantity", "verified")


def test_putaway_shows_what_is_on_the_pallet(site):
    session = logged_in(site, mode="receiving")
    feed(session, "CMD:BLIND")
    sscc = feed(session, "CMD:NEWHU")[0].context["new_sscc"]
    feed(session, TEA, "CMD:DONE")
    switch(site, session, "putaway")
    directed = feed(session, sscc)[0]
    assert str(directed.work.title) == f"On pallet {sscc}"
    assert rows(directed, "sku", "lot", "quantity") == [("CN-TEA-GP", "GP2611A", 120)]
