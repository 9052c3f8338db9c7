"""Only a stable weight closes a parcel: the packing workflow's rule, the same in the station app
(StationSession) and in ``wms replay``."""

from __future__ import annotations

from sqlalchemy import select

from tests.integration import test_workflow_support as support
from tests.integration.test_outbound_flow import ARGAN, SAFFRON, pick_ord_1001, release, switch
from tests.integration.test_workflow_support import logged_in, paced, run_replay
from wms.core.persistence.outbound_tables import ParcelRow
from wms.core.persistence.print_jobs import PrintJob
from wms.core.services.workflows import Input

demo_template = support.demo_template
site = support.site


def weighing(site):
    """ORD-1001 picked, verified at the packing bench: the workflow waits for the weight."""
    release(site, "ORD-1001")
    session = logged_in(site, "1001", "1234", mode="picking")
    assert all(f.ok for f in pick_ord_1001(session))
    switch(site, session, "packing")
    assert all(f.ok for f in paced(session, "ORD:ORD-1001", ARGAN, SAFFRON, ARGAN))
    assert session.workflow.context()["step"] == "weight"
    return session


def nothing_packed(site):
    with site.uow() as uow:
        return (
            # (the demo's parcels shipped last week were packed by its set-up station)
            uow.session.scalars(select(ParcelRow).where(ParcelRow.station != "CMN1-SETUP")).all()
            == []
            and uow.session.scalars(select(PrintJob)).all() == []
        )


def test_a_reading_the_scale_reports_as_settling_does_not_close_the_parcel(site):
    session = weighing(site)
    refused = session.handle(Input.weight("0.53", stable=False))
    assert not refused.ok and refused.error == "weight_unstable"
    assert refused.message == (
        "scale reading 0.53 kg: expected a stable reading to close the parcel of ORD-1001, "
        "found the scale still settling; wait until it is steady"
    )
    assert nothing_packed(site)
    assert session.workflow.context()["step"] == "weight"  # still waiting for the weight
    closed = session.handle(Input.weight("0.53"))  # the scale settled
    assert closed.ok and closed.context["sscc"], closed.message


def test_a_parcel_is_not_closed_without_a_weight(site):
    session = weighing(site)
    empty = session.handle(Input.weight("0"))
    assert empty.error == "no_weight"
    assert empty.message == (
        "scale reading 0 kg: expected the weight of the parcel of ORD-1001, found an empty "
        "scale; put the parcel on the scale"
    )
    done = session.handle(Input.scan("CMD:DONE"))
    assert done.error == "no_weight"
    assert done.message == (
        "parcel of ORD-1001 not closed: expected a stable weight from the scale or a keyed "
        "weight, found none; put the parcel on the scale or key its weight (e.g. 0.9 kg)"
    )
    assert nothing_packed(site)
    assert session.handle(Input.weight("0.53")).ok


def test_replay_refuses_an_unsettled_weight_like_the_bench(site, tmp_path):
    release(site, "ORD-1001")
    script = tmp_path / "unsettled.replay"
    script.write_text(
        "\n".join(
            [
                "@login 1001 1234",
                "@mode picking",
                "@key NEXT",
                "LOC:P-01-01-2",
                SAFFRON,
                "TOTE:T1",
                "LOC:A-01-02-1",
                ARGAN,
                "@wait 0.5",  # a second bottle, not a double read of the first
                ARGAN,
                "TOTE:T1",
                "@mode packing",
                "ORD:ORD-1001",
                ARGAN,
                SAFFRON,
                ARGAN,
                "@weight 0.53 unstable",
                "@weight 0.53",
            ]
        )
        + "\n"
    )
    site.engine.dispose()
    code, records, stderr = run_replay(site.path, script)
    assert code == 1, stderr
    refused = [(r["input"], r.get("error")) for r in records if not r["ok"]]
    assert refused == [("@weight 0.53 unstable", "weight_unstable")]
    assert "closed" in records[-1]["message"] and records[-1]["context"]["sscc"]
