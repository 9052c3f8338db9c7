"""Customs at the parcel hub: the declaration data of a MAWB (close to the EU H7 data set) and
the decisions customs sends per parcel, before or after the parcel is scanned; a decision for a
parcel the hub does not know is reported and kept, never dropped."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_wms
from tests.integration import test_workflow_support as support
from tests.integration.hub_fixtures import MAWB, Parcel, Prealert, lastmile_plan, sample, tracking
from tests.integration.test_workflow_support import feed, logged_in
from wms.core.domain.errors import ImportRefused
from wms.core.services.hub import customs
from wms.core.services.hub.prealert import import_prealert_bytes

demo_template = support.demo_template
site = support.site


@pytest.fixture
def hub(site):
    lastmile_plan(site)
    import_prealert_bytes(site.sessions, sample(4, 1).csv(), warehouse="CMN1")
    return site


def customs_of(site, number: str) -> tuple[str, str]:
    with site.uow() as uow:
        row = uow.hub.parcel("CMN1", number)
        assert row is not None
        return row.customs, row.customs_reason


def test_the_declaration_holds_consignee_items_hs_codes_values_and_ioss(hub):
    document = customs.declaration(hub.sessions, MAWB, warehouse="CMN1")
    first = document["house_consignments"][0]
    assert document["transport_document"] == MAWB
    assert first["house_consignment"] == tracking(0)
    assert first["ioss_number"] == "IM2500000001"
    assert first["consignee"]["country"] == "FR"
    assert first["goods_items"][0] == {
        "item_number": 1,
        "goods_description": "phone case 1",
        "commodity_code": "392690",
        "quantity": 1,
        "intrinsic_value": "9.45",
        "country_of_origin": "CN",
    }
    rows = customs.rows_of(document)
    assert len(rows) == 8 and set(rows[0]) == set(customs.DECLARATION_COLUMNS)
    out = run_wms("hub", "declaration", MAWB, "--format", "json", db=hub.path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["house_consignments"][3]["house_consignment"] == tracking(3)


def test_decisions_before_the_scan_send_the_parcel_to_the_hold_cage(hub):
    data = (
        "tracking,decision,reason,decided_at\n"
        f"{tracking(0)},held,inspection,2026-12-02T08:00:00Z\n"
        f"{tracking(1)},released,,2026-12-02T08:00:00Z\n"
        f"{tracking(2)},seized,,2026-12-02T08:00:00Z\n"
    )
    result = customs.import_decisions_bytes(hub.sessions, data, warehouse="CMN1")
    assert (result.decisions, result.applied, result.unknown) == (3, 3, ())
    assert customs_of(hub, tracking(0)) == ("held", "inspection")
    session = logged_in(hub, mode="deconsolidation")
    _bag, shown = feed(session, "BAG001", tracking(0))
    assert shown.destination == "HOLD" and "customs held: inspection" in shown.message


def test_a_hold_after_the_parcel_was_sorted_says_where_to_fetch_it(hub):
    session = logged_in(hub, mode="deconsolidation")
    feed(session, "BAG001", tracking(0), "LOC:SORT-CA")
    result = customs.import_decisions_bytes(
        hub.sessions,
        f"tracking,decision,reason\n{tracking(0)},held,duty_unpaid\n",
        warehouse="CMN1",
    )
    assert result.to_hold == ((tracking(0), "SORT-CA"),)
    assert f"take them to the hold cage: {tracking(0)} at SORT-CA" in result.summary()


def test_a_decision_for_an_unknown_parcel_is_reported_and_kept(hub):
    stranger = tracking(77)
    result = customs.import_decisions_bytes(
        hub.sessions, f"tracking,decision,reason\n{stranger},held,documents\n", warehouse="CMN1"
    )
    assert result.unknown == (stranger,)
    assert "for parcels not pre-alerted, kept for review" in result.summary()
    assert [row["tracking"] for row in customs.unknown_decisions(hub.sessions)] == [stranger]
    # the pre-alert that comes later picks the decision up
    later = import_prealert_bytes(
        hub.sessions, Prealert([Parcel(stranger, "BAG009")]).csv(), warehouse="CMN1"
    )
    assert later.early_decisions == 1
    assert customs_of(hub, stranger) == ("held", "documents")
    assert customs.unknown_decisions(hub.sessions) == []


def test_the_latest_decision_wins_whatever_the_order_of_the_file(hub):
    later = {"tracking": tracking(1), "decision": "released", "decided_at": "2026-12-02T10:00Z"}
    earlier = {
        "tracking": tracking(1),
        "decision": "held",
        "reason": "documents",
        "decided_at": "2026-12-02T09:00Z",
    }
    data = json.dumps({"decisions": [later, earlier]}, indent=2)
    result = customs.import_decisions_bytes(hub.sessions, data, json_format=True)
    assert customs_of(hub, tracking(1)) == ("released", "")
    assert result.applied == 2


def test_bad_decision_files_are_refused_whole(hub):
    data = (
        "tracking,decision,reason\n"
        f"{tracking(0)},held,\n"
        f"{tracking(1)},maybe,\n"
        f"{tracking(2)},released,2026-13-01\n"
    )
    with pytest.raises(ImportRefused) as refused:
        customs.import_decisions_bytes(hub.sessions, data)
    message = str(refused.value)
    assert "line 2, column reason: expected one of inspection, documents, duty_unpaid" in message
    assert (
        "line 3, column decision: expected one of released, held, seized, found 'maybe'" in message
    )
    assert "line 4, column reason" in message
    assert customs_of(hub, tracking(0)) == ("none", "")


def test_wms_import_customs(hub, tmp_path):
    (tmp_path / "d.csv").write_text(f"tracking,decision\n{tracking(3)},released\n")
    done = run_wms("import", "customs", str(tmp_path / "d.csv"), db=hub.path)
    assert done.returncode == 0, done.stderr
    assert "imported 1 customs decision (1 applied)" in done.stdout


def test_a_released_parcel_is_found_at_the_cage_and_sorted_on(hub):
    customs.import_decisions_bytes(
        hub.sessions, f"tracking,decision,reason\n{tracking(0)},held,inspection\n"
    )
    session = logged_in(hub, mode="deconsolidation")
    feed(session, "BAG001", tracking(0), "LOC:HOLD")
    release = logged_in(hub, mode="release")
    still = release.handle(tracking(0))
    assert not still.ok and "still held by customs (inspection)" in still.message
    result = customs.import_decisions_bytes(
        hub.sessions, f"tracking,decision\n{tracking(0)},released\n"
    )
    assert result.to_release == (tracking(0),)
    hub.clock.advance(seconds=5)
    shown = release.handle(tracking(0))
    assert shown.ok and shown.destination == "SORT-CA"
    assert not release.handle("LOC:SORT-FR").ok
    done = release.handle("LOC:SORT-CA")
    assert done.ok and "released from the hold cage to SORT-CA" in done.message
    with hub.uow() as uow:
        kinds = [e.kind for e in uow.hub.events_of("CMN1", tracking(0))]
        row = uow.hub.parcel("CMN1", tracking(0))
        assert row is not None and (row.state, row.location) == ("sorted", "SORT-CA")
    assert kinds == ["held", "wrong_destination", "released", "sorted"]


def test_release_refuses_parcels_not_in_the_cage_and_seized_ones(hub):
    release = logged_in(hub, mode="release")
    outside = release.handle(tracking(1))
    assert not outside.ok and "is not in the hold cage: it is expected" in outside.message
    customs.import_decisions_bytes(hub.sessions, f"tracking,decision\n{tracking(2)},seized\n")
    session = logged_in(hub, mode="deconsolidation")
    feed(session, "BAG001", tracking(2), "LOC:HOLD")
    seized = release.handle(tracking(2))
    assert not seized.ok and "seized by customs: it stays in the cage" in seized.message
