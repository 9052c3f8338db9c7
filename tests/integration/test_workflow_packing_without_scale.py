"""Packing at a bench without a scale: the weight is keyed and recorded as keyed; the items an
operator has verified are in the database, so leaving packing or restarting the station app
resumes the parcel's checks instead of starting over."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from tests.integration import test_workflow_support as support
from tests.integration.test_outbound_flow import ARGAN, SAFFRON, pick_ord_1001, release, switch
from tests.integration.test_workflow_support import logged_in, paced, run_replay
from wms.core.persistence.outbound_tables import PackCheckRow, ParcelRow
from wms.core.services.workflows import Input
from wms.core.services.workflows.packing import keyed_weight

demo_template = support.demo_template
site = support.site


def picked(site):
    release(site, "ORD-1001")
    session = logged_in(site, "1001", "1234", mode="picking")
    assert all(f.ok for f in pick_ord_1001(session))
    switch(site, session, "packing")
    return session


def weighing(site):
    session = picked(site)
    assert all(f.ok for f in paced(session, "ORD:ORD-1001", ARGAN, SAFFRON, ARGAN))
    assert session.workflow.context()["step"] == "weight"
    return session


def parcels(site):
    """(weight kg, weight source) of every parcel."""
    with site.uow() as uow:
        # (not the demo's parcels shipped last week, packed by its set-up station)
        packed = select(ParcelRow).where(ParcelRow.station != "CMN1-SETUP")
        return [(p.weight_kg, p.weight_source) for p in uow.session.scalars(packed)]


def checks(site):
    with site.uow() as uow:
        return {
            (r.order, r.sku, r.lot): r.quantity
            for r in uow.session.scalars(select(PackCheckRow)).all()
        }


def test_a_keyed_weight_is_read_in_kilograms_or_grams():
    assert keyed_weight("0.9") == keyed_weight("0,9") == keyed_weight(" 0.9 KG ") == Decimal("0.9")
    assert keyed_weight("900 g") == keyed_weight("900g") == Decimal("0.9")
    assert keyed_weight("2") == Decimal("2")
    assert keyed_weight("M") is None and keyed_weight("0.9 lb") is None
    assert keyed_weight("1.2.3") is None


def test_a_weight_keyed_without_a_scale_closes_the_parcel_and_is_recorded_as_keyed(site):
    session = weighing(site)
    assert "or key its weight" in session.prompt
    closed = paced(session, "@key 0.53 kg")[0]
    assert closed.ok and closed.context["sscc"], closed.message
    assert "0.53 kg keyed" in closed.message
    assert closed.summary[0]["weight_source"] == "keyed"
    assert parcels(site) == [(Decimal("0.53"), "keyed")]
    with site.uow() as uow:
        packs = uow.ledger.movements(kind="pack")
    assert packs and {m.raw_scan for m in packs} == {"@key 0.53 kg"}


def test_a_weight_from_the_scale_is_recorded_as_weighed(site):
    session = weighing(site)
    closed = session.handle(Input.weight("0.53"))
    assert closed.ok and "keyed" not in closed.message
    assert parcels(site) == [(Decimal("0.53"), "scale")]


def test_a_weight_keyed_in_grams_closes_the_parcel_too(site):
    session = weighing(site)
    closed = paced(session, "@key 530 g")[0]
    assert closed.ok and parcels(site) == [(Decimal("0.53"), "keyed")]


def test_a_keyed_weight_outside_the_tolerance_is_refused_like_a_weighed_one(site):
    session = weighing(site)
    refused = paced(session, "@key 0.9")[0]
    assert not refused.ok and "weight 0.9 kg: expected" in refused.message
    assert parcels(site) == []
    assert session.workflow.context()["step"] == "weight"


def test_a_keyed_weight_of_nothing_is_refused(site):
    session = weighing(site)
    refused = paced(session, "@key 0 kg")[0]
    assert not refused.ok and refused.error == "no_weight"


def test_a_carton_code_keyed_in_the_weight_step_still_chooses_the_carton(site):
    session = weighing(site)
    chosen = paced(session, "@key M")[0]
    assert chosen.ok and session.workflow.context()["carton"] == "M"
    assert parcels(site) == []


def test_verified_items_are_recorded_with_each_scan(site):
    session = picked(site)
    paced(session, "ORD:ORD-1001", ARGAN)
    assert checks(site) == {("ORD-1001", "ARG-OIL-100", "ARG2603"): 1}
    paced(session, SAFFRON)
    assert sum(checks(site).values()) == 2


def test_a_restarted_station_resumes_the_checks_of_the_order(site):
    session = picked(site)
    paced(session, "ORD:ORD-1001", ARGAN, SAFFRON)
    session.logout()  # the station app closed: the session and its workflow are gone
    restarted = logged_in(site, "1001", "1234", mode="packing")
    opened = paced(restarted, "ORD:ORD-1001")[0]
    assert opened.ok and "2 already verified (resumed)" in opened.message
    assert opened.context["verified"] == 2 and opened.context["total"] == 3
    last = paced(restarted, ARGAN)[0]
    assert last.ok and "all 3 items verified" in last.message
    extra = paced(restarted, SAFFRON)[0]  # the saffron was already checked before the restart
    assert not extra.ok


def test_an_order_fully_verified_before_a_restart_goes_straight_to_weighing(site):
    weighing(site).logout()
    restarted = logged_in(site, "1001", "1234", mode="packing")
    opened = paced(restarted, "ORD:ORD-1001")[0]
    assert opened.ok and "3 already verified (resumed)" in opened.message
    assert restarted.workflow.context()["step"] == "weight"
    assert paced(restarted, "@key 0.53")[0].ok


def test_closing_the_parcel_clears_its_checks(site):
    session = weighing(site)
    assert sum(checks(site).values()) == 3
    assert session.handle(Input.weight("0.53")).ok
    assert checks(site) == {}


def test_going_back_from_the_items_keeps_what_was_verified(site):
    session = picked(site)
    paced(session, "ORD:ORD-1001", ARGAN)
    back = paced(session, "CMD:BACK")[0]
    assert back.ok and "its 1 verified units stay recorded" in back.message
    assert paced(session, "ORD:ORD-1001")[0].context["verified"] == 1


def test_replay_packs_with_a_keyed_weight(site, tmp_path):
    release(site, "ORD-1001")
    script = tmp_path / "keyed-weight.replay"
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
                "@wait 0.5",
                ARGAN,
                "TOTE:T1",
                "@mode packing",
                "ORD:ORD-1001",
                ARGAN,
                SAFFRON,
                ARGAN,
                "@key 0.53 kg",
            ]
        )
        + "\n"
    )
    site.engine.dispose()
    code, records, stderr = run_replay(site.path, script)
    assert code == 0, (stderr, [r["message"] for r in records if not r["ok"]])
    assert records[-1]["context"]["sscc"] and "keyed" in records[-1]["message"]


def weighing_where_a_keyed_weight_needs_a_supervisor(site):
    from wms.core.services.workflows import WorkflowSettings

    release(site, "ORD-1001")
    session = site.session(settings=WorkflowSettings(keyed_weight_needs_supervisor=True))
    assert session.login("1001", "1234").ok and session.set_mode("picking").ok
    assert all(f.ok for f in pick_ord_1001(session))
    switch(site, session, "packing")
    assert all(f.ok for f in paced(session, "ORD:ORD-1001", ARGAN, SAFFRON, ARGAN))
    return session


def test_where_configured_a_keyed_weight_waits_for_a_supervisors_badge(site):
    session = weighing_where_a_keyed_weight_needs_a_supervisor(site)
    held = paced(session, "@key 0.53 kg")[0]
    assert held.ok and held.level == "attention" and "a supervisor scans it now" in held.message
    assert parcels(site) == [] and "a supervisor scans their badge" in held.prompt
    operator = paced(session, "BADGE:1002")[0]
    assert not operator.ok and operator.error == "permission_denied"
    accepted = paced(session, "BADGE:2001")[0]
    assert accepted.ok and accepted.context["sscc"], accepted.message
    assert parcels(site) == [(Decimal("0.53"), "keyed")]
    with site.uow() as uow:
        packs = uow.ledger.movements(kind="pack")
    assert {m.raw_scan for m in packs} == {"@key 0.53 kg (accepted by 2001)"}


def test_where_configured_the_scale_still_closes_without_a_supervisor(site):
    session = weighing_where_a_keyed_weight_needs_a_supervisor(site)
    paced(session, "@key 0.53")
    closed = session.handle(Input.weight("0.53"))
    assert closed.ok and parcels(site) == [(Decimal("0.53"), "scale")]
