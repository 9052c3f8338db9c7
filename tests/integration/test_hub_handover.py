"""Last mile and the 72-hour clock: last-mile bags (and destinations, loose parcels) are handed
over per carrier (another carrier's bag or destination refused, both carriers named), with a
manifest of tracking numbers, weights and bag SSCCs plus bag totals; parcels at risk of missing
their promise, held parcels by reason and age, and parcels per hour per station and operator are
listed."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import run_wms
from tests.integration import test_workflow_support as support
from tests.integration.hub_fixtures import Parcel, Prealert, lastmile_plan, tracking
from tests.integration.test_workflow_support import feed, logged_in
from wms.core.domain.hub_rules import HubSettings
from wms.core.services.hub import customs, queries
from wms.core.services.hub.prealert import import_prealert_bytes
from wms.core.services.workflows.settings import WorkflowSettings

demo_template = support.demo_template
site = support.site


@pytest.fixture
def hub(site):
    lastmile_plan(site)
    prealert = Prealert(
        [
            Parcel(tracking(1), "BAG001", "ES", carrier="CORREOS"),
            Parcel(tracking(2), "BAG001", "ES", carrier="CORREOS"),
            Parcel(tracking(3), "BAG001", "BE"),  # BPOST
            Parcel(tracking(4), "BAG001", "FR"),
        ]
    )
    import_prealert_bytes(site.sessions, prealert.csv(), warehouse="CMN1")
    customs.import_decisions_bytes(
        site.sessions, f"tracking,decision,reason\n{tracking(4)},held,duty_unpaid\n"
    )
    session = logged_in(site, mode="deconsolidation")
    feed(session, "BAG001")
    for number, destination in ((1, "SORT-ES"), (2, "SORT-ES"), (3, "SORT-BE"), (4, "HOLD")):
        site.clock.advance(seconds=2)
        assert feed(session, tracking(number), f"LOC:{destination}")[-1].ok
    return site


def test_a_carrier_takes_its_destinations_and_the_manifest_lists_them(hub):
    session = logged_in(hub, mode="handover")
    assert session.handle("CORREOS").ok
    refused = session.handle("LOC:SORT-BE")
    assert not refused.ok and "SORT-BE holds parcels for BPOST, not only CORREOS" in refused.message
    taken = session.handle("LOC:SORT-ES")
    assert taken.ok and "2 parcels at SORT-ES handed over to CORREOS" in taken.message
    hub.clock.advance(seconds=5)
    empty = session.handle("LOC:SORT-ES")
    assert not empty.ok and "nothing to hand over at SORT-ES" in empty.message
    done = session.handle("CMD:DONE")
    assert "CORREOS: 2 parcels handed over from SORT-ES" in done.message
    rows = queries.manifest(hub.sessions, "correos")
    assert [(r["tracking"], r["destination"]) for r in rows] == [
        (tracking(1), "SORT-ES"),
        (tracking(2), "SORT-ES"),
    ]
    out = run_wms("hub", "handover", "CORREOS", "--format", "json", db=hub.path)
    assert out.returncode == 0, out.stderr
    document = json.loads(out.stdout)
    assert [r["tracking"] for r in document["parcels"]] == [tracking(1), tracking(2)]
    assert document["bags"] == [  # loose parcels: one line under an empty SSCC
        {
            "bag_sscc": "",
            "destination": "SORT-ES",
            "parcels": 2,
            "weight_kg": 0.9,
            "handed_over_at": document["parcels"][0]["handed_over_at"],
        }
    ]
    assert document["total"] == {"parcels": 2, "bags": 0, "loose_parcels": 2, "weight_kg": 0.9}


def close_bag(site, destination: str) -> str:
    """``CMD:CLOSE`` and the destination at a deconsolidation station: the bag's SSCC."""
    session = logged_in(site, mode="deconsolidation")
    closed = feed(session, "CMD:CLOSE", f"LOC:{destination}")[-1]
    assert closed.ok, closed.message
    return closed.context["last_mile_bag"]


def test_bags_are_handed_over_by_sscc_and_another_carriers_bag_is_refused(hub):
    spain, belgium = close_bag(hub, "SORT-ES"), close_bag(hub, "SORT-BE")
    session = logged_in(hub, mode="handover")
    assert "scan its bags" in session.handle("CORREOS").message
    refused = session.handle(belgium)
    assert not refused.ok and refused.error == "other_carrier"
    assert f"bag {belgium} is for BPOST, not CORREOS: keep it for BPOST" in refused.message
    in_bag = session.handle(tracking(1))
    assert not in_bag.ok and f"parcel {tracking(1)} is in bag {spain}: scan the bag" in (
        in_bag.message
    )
    taken = session.handle(spain)
    assert taken.ok and f"bag {spain} (2 parcels) handed over to CORREOS" in taken.message
    hub.clock.advance(seconds=5)
    again = session.handle(spain)
    assert not again.ok and f"bag {spain} was already handed over to CORREOS" in again.message
    wrong_parcel = feed(session, "CMD:DONE", "BPOST", tracking(2))[-1]
    assert not wrong_parcel.ok and "is not ready for a carrier: it is handed over at CORREOS" in (
        wrong_parcel.message
    )
    assert session.handle(belgium).ok
    with hub.uow() as uow:
        unit = uow.parcels.handling_unit(spain)
        assert unit is not None and (unit.state, unit.location) == ("shipped", "CORREOS")
        last = uow.hub.events_of("CMN1", tracking(1))[-1]
        assert (last.kind, last.bag, last.reason) == ("handed_over", spain, "CORREOS")

    out = run_wms("hub", "handover", "CORREOS", "--format", "csv", db=hub.path)
    assert out.returncode == 0, out.stderr
    lines = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [
        (r["record"], r["tracking"], r["bag_sscc"], r["weight_kg"], r["parcels"]) for r in lines
    ] == [
        ("parcel", tracking(1), spain, "0.45", "1"),
        ("parcel", tracking(2), spain, "0.45", "1"),
        ("bag", "", spain, "0.9", "2"),
        ("total", "", "", "0.9", "2"),
    ]
    assert lines[0]["destination"] == "SORT-ES" and lines[0]["consignee_country"] == "ES"
    document = json.loads(
        run_wms("hub", "handover", "BPOST", "--format", "json", db=hub.path).stdout
    )
    assert [(r["tracking"], r["bag_sscc"]) for r in document["parcels"]] == [(tracking(3), belgium)]
    assert document["total"] == {"parcels": 1, "bags": 1, "loose_parcels": 0, "weight_kg": 0.45}


def test_a_hub_that_hands_over_bags_only_refuses_loose_parcels(hub):
    settings = WorkflowSettings(hub=HubSettings(handover_loose_parcels=False))
    session = hub.session(settings=settings)
    assert session.login("1003", "1357").ok and session.set_mode("handover").ok
    session.handle("CORREOS")
    loose = session.handle(tracking(1))
    assert not loose.ok and loose.error == "loose_parcel"
    assert "close the bag at SORT-ES (CMD:CLOSE in deconsolidation) and scan the bag" in (
        loose.message
    )
    open_bag = session.handle("LOC:SORT-ES")
    assert not open_bag.ok and "the bag at SORT-ES is still open" in open_bag.message
    spain = close_bag(hub, "SORT-ES")
    hub.clock.advance(seconds=5)
    taken = session.handle("LOC:SORT-ES")  # a destination: its closed bags
    assert taken.ok and "2 parcels at SORT-ES handed over to CORREOS" in taken.message
    done = session.handle("CMD:DONE")
    assert [row["scanned"] for row in done.summary] == ["SORT-ES"]
    assert {r["bag_sscc"] for r in queries.manifest(hub.sessions, "CORREOS")} == {spain}


def mine(lines):
    """This test's parcels (the demo site has a MAWB of its own)."""
    return [line for line in lines if line.tracking.startswith("LP1")]


def test_parcels_at_risk_show_hours_left_where_they_are_and_dwell_time(hub):
    # departure 2026-12-01 14:10 UTC + 72 h = 2026-12-04 14:10 UTC
    now = datetime(2026, 12, 4, 6, 10, tzinfo=UTC)
    at_risk = mine(queries.parcels(hub.sessions, now=now, at_risk_hours=12))
    assert {line.tracking for line in at_risk} == {tracking(n) for n in (1, 2, 3, 4)}
    assert at_risk[0].hours_left == pytest.approx(8.0)
    assert at_risk[0].dwell_hours is None  # the bag was never scanned at arrival
    assert mine(queries.parcels(hub.sessions, now=now - timedelta(days=2), at_risk_hours=12)) == []
    session = logged_in(hub, mode="handover")
    feed(session, "CORREOS", "LOC:SORT-ES")
    left = mine(queries.parcels(hub.sessions, now=now, at_risk_hours=12))
    assert {line.tracking for line in left} == {tracking(3), tracking(4)}
    assert {(line.tracking, line.location) for line in left} == {
        (tracking(3), "SORT-BE"),
        (tracking(4), "HOLD"),
    }


def test_held_parcels_by_reason_and_age_and_throughput_per_station_and_operator(hub):
    now = hub.clock.now + timedelta(hours=5)
    assert queries.held_by_reason(hub.sessions, now=now) == [
        {"reason": "duty_unpaid", "parcels": 1, "oldest_hours": 5.0}
    ]
    held = queries.parcels(hub.sessions, now=now, held=True)
    assert [line.tracking for line in held] == [tracking(4)]
    rows = queries.throughput(hub.sessions, since=hub.clock.now - timedelta(hours=1))
    assert rows == [
        {
            "hour": hub.clock.now.replace(minute=0, second=0).isoformat(),
            "station": "CMN1-T01",
            "operator": "1003",
            "parcels": 4,
        }
    ]
    out = run_wms("hub", "parcels", "--held-by-reason", "--format", "csv", db=hub.path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[1].startswith("duty_unpaid,1,")
