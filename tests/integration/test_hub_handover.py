"""Last mile and the 72-hour clock: destinations are handed over per carrier (another carrier's
destination refused), with a manifest; parcels at risk of missing their promise, held parcels
by reason and age, and parcels per hour per station and operator are listed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import run_wms
from tests.integration import test_workflow_support as support
from tests.integration.hub_fixtures import Parcel, Prealert, lastmile_plan, tracking
from tests.integration.test_workflow_support import feed, logged_in
from wms.core.services.hub import customs, queries
from wms.core.services.hub.prealert import import_prealert_bytes

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
    assert [r["tracking"] for r in json.loads(out.stdout)] == [tracking(1), tracking(2)]


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
