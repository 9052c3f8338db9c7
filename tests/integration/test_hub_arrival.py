"""Arrival at the parcel hub: the MAWB is scanned, then each big bag (weighed on the bench
scale); expected, missing and unexpected bags and weight differences are shown live and in the
discrepancy report (`wms hub arrivals MAWB`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import run_wms
from tests.integration import test_workflow_support as support
from tests.integration.hub_fixtures import MAWB, OTHER_MAWB, Parcel, Prealert, sample, tracking
from tests.integration.test_workflow_support import logged_in
from wms.core.services.hub import reports
from wms.core.services.hub.prealert import import_prealert_bytes
from wms.core.services.workflows import Input

demo_template = support.demo_template
site = support.site


@pytest.fixture
def hub(site):
    prealert = sample(9, 3)  # BAG001..BAG003, 5.000 kg each
    import_prealert_bytes(site.sessions, prealert.csv(), warehouse="CMN1")
    other = Prealert([Parcel(tracking(50), "BAG050")], mawb=OTHER_MAWB)
    import_prealert_bytes(site.sessions, other.csv(), warehouse="CMN1")
    return site


def test_bags_arrive_with_their_weight_and_a_difference_beyond_tolerance_is_shown(hub):
    session = logged_in(hub, mode="arrival")
    started = session.handle(MAWB)
    assert started.ok and "3 bags pre-alerted, 0 arrived" in started.message
    assert session.handle(Input.weight("5.2")).ok
    first = session.handle("BAG001")
    assert first.ok and first.level == "ok"
    assert "3 parcels; 5.2 kg (pre-alert 5.000 kg); 1 of 3 bags in" in first.message
    session.handle(Input.weight("6.1"))
    heavy = session.handle("BAG002")
    assert heavy.level == "attention" and "WEIGHT DIFFERS BY 1.100 kg" in heavy.message


def test_an_unstable_reading_is_refused(hub):
    session = logged_in(hub, mode="arrival")
    session.handle(MAWB)
    refused = session.handle(Input.weight("5.2", stable=False))
    assert not refused.ok and "not stable" in refused.message


def test_another_mawbs_bag_is_refused_with_what_it_is(hub):
    session = logged_in(hub, mode="arrival")
    session.handle(MAWB)
    refused = session.handle("BAG050")
    assert not refused.ok
    assert f"bag BAG050 belongs to MAWB {OTHER_MAWB}, not to {MAWB}" in refused.message


def test_an_unknown_mawb_and_a_wrong_check_digit_are_refused(hub):
    session = logged_in(hub, mode="arrival")
    wrong = session.handle(MAWB[:-1] + str((int(MAWB[-1]) + 1) % 10))
    assert not wrong.ok and f"expected check digit {MAWB[-1]}" in wrong.message
    unknown = session.handle("176-00000011")
    assert not unknown.ok and "unknown MAWB '176-00000011'" in unknown.message


def test_done_reports_missing_unexpected_and_weights_and_the_report_agrees(hub):
    session = logged_in(hub, mode="arrival")
    session.handle(MAWB)
    session.handle(Input.weight("7"))
    session.handle("BAG001")
    unexpected = session.handle("BAGX99")
    assert unexpected.level == "attention" and "NOT PRE-ALERTED" in unexpected.message
    done = session.handle("CMD:DONE")
    assert done.level == "attention"
    assert "2 missing (BAG002, BAG003); 1 unexpected (BAGX99); 1 beyond" in done.message
    lines = reports.arrivals(hub.sessions, MAWB, warehouse="CMN1")
    assert [(line.bag, line.status.value, line.weight_flag) for line in lines] == [
        ("BAG002", "missing", False),
        ("BAG003", "missing", False),
        ("BAGX99", "unexpected", False),
        ("BAG001", "arrived", True),
    ]
    assert lines[-1].difference_kg == Decimal("2.000")
    with hub.uow() as uow:
        kinds = [e.kind for e in uow.hub.events_of("CMN1", tracking(0))]
    assert kinds == ["arrived"]
    report = run_wms("hub", "arrivals", MAWB, "--format", "csv", db=hub.path)
    assert report.returncode == 0, report.stderr
    assert report.stdout.splitlines()[1].startswith("BAG002,missing,5,,,")
