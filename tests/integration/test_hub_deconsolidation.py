"""Deconsolidation at the parcel hub: a big bag is scanned, then each parcel out of it; the
station names the parcel's destination (hold cage, exceptions or its last-mile destination) and
the operator confirms by scanning it. Each sort is a committed parcel event."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from tests.integration import test_workflow_support as support
from tests.integration.hub_fixtures import Parcel, Prealert, lastmile_plan, sample, tracking
from tests.integration.test_station_storage import plans_of
from tests.integration.test_workflow_support import feed, logged_in
from wms.core.domain.errors import ImportRefused
from wms.core.domain.hub import ParcelState
from wms.core.domain.sscc import require_sscc
from wms.core.persistence.hub_tables import HubParcelRow
from wms.core.persistence.print_jobs import PrintJob
from wms.core.persistence.tables import LocationRow, SortRuleRow
from wms.core.services.hub import customs, lastmile
from wms.core.services.hub.prealert import import_prealert_bytes
from wms.core.services.workflows import Input

demo_template = support.demo_template
site = support.site


@pytest.fixture
def hub(site):
    lastmile_plan(site)
    prealert = Prealert(
        [
            Parcel(tracking(1), "BAG001", "FR"),
            Parcel(tracking(2), "BAG001", "BE"),
            Parcel(tracking(3), "BAG001", "NL"),
            Parcel(tracking(4), "BAG001", "ES"),
            Parcel(tracking(5), "BAG002", "FR"),
        ]
    )
    import_prealert_bytes(site.sessions, prealert.csv(), warehouse="CMN1")
    return site


def parcel(site, number: str) -> HubParcelRow:
    with site.uow() as uow:
        row = uow.hub.parcel("CMN1", number)
        assert row is not None
        uow.session.expunge(row)
        return row


def test_a_parcel_goes_to_its_last_mile_destination_and_the_sort_is_committed(hub):
    session = logged_in(hub, mode="deconsolidation")
    bag, shown, confirmed = feed(session, "BAG001", tracking(1), "LOC:SORT-CA")
    assert bag.ok and "4 parcels pre-alerted, 4 to sort" in bag.message
    assert shown.destination == "SORT-CA"
    assert "postcode prefix 75" in shown.message
    assert confirmed.ok, confirmed.message
    row = parcel(hub, tracking(1))
    assert row.state == ParcelState.SORTED and row.location == "SORT-CA"
    with hub.uow() as uow:
        events = [
            (e.kind, e.location, e.operator, e.station, e.bag, e.raw_scan)
            for e in uow.hub.events_of("CMN1", tracking(1))
        ]
    assert events == [("sorted", "SORT-CA", "1003", "CMN1-T01", "BAG001", tracking(1))]


def test_a_wrong_destination_is_refused_counted_and_the_parcel_stays_to_sort(hub):
    session = logged_in(hub, mode="deconsolidation")
    feed(session, "BAG001", tracking(2))
    wrong = session.handle("LOC:SORT-FR")
    assert not wrong.ok and wrong.error == "mis_sort"
    assert "goes to SORT-BE (wrong destination 1 for bag BAG001)" in wrong.message
    again = session.handle("LOC:SORT-ES")
    assert "wrong destination 2" in again.message
    assert parcel(hub, tracking(2)).state == ParcelState.EXPECTED
    assert session.handle("LOC:SORT-BE").ok
    assert parcel(hub, tracking(2)).location == "SORT-BE"


def test_customs_holds_go_to_the_hold_cage_with_their_reason(hub):
    with hub.uow() as uow:
        row = uow.hub.parcel("CMN1", tracking(4))
        row.customs, row.customs_reason = "held", "documents"
        uow.commit()
    session = logged_in(hub, mode="deconsolidation")
    _bag, shown = feed(session, "BAG001", tracking(4))
    assert shown.destination == "HOLD"
    assert "customs held: documents" in shown.message
    assert shown.level == "attention"
    assert session.handle("LOC:HOLD").ok
    assert parcel(hub, tracking(4)).state == ParcelState.HELD


def test_exceptions_not_prealerted_wrong_bag_already_sorted_damaged_and_no_rule(hub):
    session = logged_in(hub, mode="deconsolidation")
    feed(session, "BAG001")
    unknown = session.handle(tracking(99))
    assert unknown.destination == "EXCEPTIONS" and "not pre-alerted" in unknown.message
    assert session.handle("LOC:EXCEPTIONS").ok
    wrong_bag = session.handle(tracking(5))
    assert "wrong bag: pre-alerted in bag BAG002" in wrong_bag.message
    assert session.handle("LOC:EXCEPTIONS").ok
    no_rule = session.handle(tracking(3))  # NL by POSTNL: no rule in this plan
    assert no_rule.destination == "EXCEPTIONS" and "no sort rule" in no_rule.message
    assert session.handle("LOC:EXCEPTIONS").ok
    feed(session, tracking(1), "LOC:SORT-CA")
    again = session.handle(tracking(1))
    assert "already sorted at SORT-CA" in again.message
    assert session.handle("LOC:EXCEPTIONS").ok
    assert session.handle(Input.key("damaged")).ok
    damaged = session.handle(tracking(2))
    assert damaged.destination == "EXCEPTIONS" and "damaged" in damaged.message
    with hub.uow() as uow:
        reasons = [e.reason for e in uow.hub.events_of("CMN1", tracking(99))]
    assert reasons == ["not_prealerted"]


def test_a_misread_s10_number_is_refused_with_its_expected_check_digit(hub):
    session = logged_in(hub, mode="deconsolidation")
    feed(session, "BAG001")
    good = tracking(1)
    misread = good[:10] + str((int(good[10]) + 1) % 10) + good[11:]
    refused = session.handle(misread)
    assert not refused.ok and f"expected check digit {good[10]}" in refused.message


def test_closing_the_bag_lists_the_parcels_never_scanned(hub):
    session = logged_in(hub, mode="deconsolidation")
    feed(session, "BAG001", tracking(1), "LOC:SORT-CA", tracking(2), "LOC:SORT-BE")
    asked = session.handle("CMD:CLOSE")  # the outbound sort's close: a destination or the big bag
    assert "or CMD:CLOSE again to close big bag BAG001" in asked.message
    closed = session.handle("CMD:CLOSE")
    assert closed.ok and closed.level == "attention"
    assert "2 of 4 scanned; 2 missing" in closed.message
    assert [row["missing"] for row in closed.summary] == [tracking(3), tracking(4)]
    assert session.prompt.startswith("Scan a big bag to deconsolidate")
    assert "2 of 4 scanned" in feed(session, "BAG001", "CMD:DONE")[-1].message  # in one scan


def test_an_unknown_bag_is_refused(hub):
    session = logged_in(hub, mode="deconsolidation")
    refused = session.handle("BAG999")
    assert not refused.ok and "unknown bag 'BAG999'" in refused.message


def test_a_resent_prealert_updates_unscanned_parcels_and_refuses_changes_to_scanned_ones(hub):
    session = logged_in(hub, mode="deconsolidation")
    feed(session, "BAG001", tracking(1), "LOC:SORT-CA")
    resent = Prealert(
        [
            Parcel(tracking(1), "BAG001", "FR"),
            Parcel(tracking(2), "BAG001", "BE", weight="0.900"),
        ]
    )
    result = import_prealert_bytes(hub.sessions, resent.csv(), warehouse="CMN1")
    assert (result.updated, result.unchanged) == (1, 1)
    assert str(parcel(hub, tracking(2)).weight_kg) == "0.900"
    changed = Prealert([Parcel(tracking(1), "BAG001", "FR", weight="1.200")])
    with pytest.raises(ImportRefused) as refused:
        import_prealert_bytes(hub.sessions, changed.csv(), warehouse="CMN1")
    assert (
        f"line 2, column parcel_weight_kg: parcel {tracking(1)} was already scanned "
        "(sorted at SORT-CA): expected its parcel_weight_kg to stay '0.450', found '1.200'"
    ) in str(refused.value)


def test_sample_prealert_is_importable(site):
    assert import_prealert_bytes(site.sessions, sample().csv(), warehouse="CMN1").parcels == 6


def test_a_pickup_point_rule_sends_the_parcel_to_its_pickup_point_destination(site):
    lastmile_plan(site)
    with site.uow() as uow:
        uow.session.add(
            SortRuleRow(
                warehouse="CMN1",
                plan="LASTMILE",
                priority=5,
                destination="SORT-US",
                pickup_point="PUDO-4711",
            )
        )
        uow.commit()
    prealert = Prealert([Parcel(tracking(7), "BAG007", "FR", pickup_point="pudo-4711")])
    import_prealert_bytes(site.sessions, prealert.csv(), warehouse="CMN1")
    session = logged_in(site, mode="deconsolidation")
    _bag, shown = feed(session, "BAG007", tracking(7))
    assert shown.destination == "SORT-US"
    assert "pickup point PUDO-4711" in shown.message


def spanish_parcels(site, *numbers: int) -> None:
    """Parcels of bag BAG003 to Spain (SORT-ES), and SORT-ES holding two parcels a bag."""
    prealert = Prealert([Parcel(tracking(n), "BAG003", "ES", weight="0.400") for n in numbers])
    import_prealert_bytes(site.sessions, prealert.csv(), warehouse="CMN1")
    with site.uow() as uow:
        uow.session.execute(
            update(LocationRow)
            .where(LocationRow.warehouse == "CMN1", LocationRow.code == "SORT-ES")
            .values(capacity_units=2)
        )
        uow.commit()


def test_a_full_destination_closes_its_bag_with_its_own_sscc_label(hub):
    spanish_parcels(hub, 11, 12, 13)
    session = logged_in(hub, mode="deconsolidation")
    feed(session, "BAG003")
    first = feed(session, tracking(11), "LOC:SORT-ES")[-1]
    assert first.ok and "sorted to SORT-ES (1 of 2 in its bag)" in first.message
    full = feed(session, tracking(12), "LOC:SORT-ES")[-1]
    assert full.ok and full.level == "attention"
    sscc = full.context["last_mile_bag"]
    assert require_sscc(sscc) == sscc
    assert f"SORT-ES full: bag {sscc} closed with 2 parcels, label printed" in full.message
    assert parcel(hub, tracking(11)).last_mile_bag == sscc
    assert parcel(hub, tracking(12)).last_mile_bag == sscc
    with hub.uow() as uow:
        unit = uow.parcels.handling_unit(sscc)
        assert unit is not None and (unit.kind, unit.location, unit.state) == (
            "bag",
            "SORT-ES",
            "closed",
        )
        label = uow.session.scalars(select(PrintJob).where(PrintJob.reference == sscc)).one()
        assert label.description == f"bag label SORT-ES {sscc}"
        assert uow.sortation.sort_bin("CMN1", "SORT-ES").bags_closed == 1
    third = feed(session, tracking(13), "LOC:SORT-ES")[-1]
    assert "(1 of 2 in its bag)" in third.message  # a new bag
    assert parcel(hub, tracking(13)).last_mile_bag == ""


def test_a_destinations_bag_closes_on_demand_and_the_big_bag_stays_open(hub):
    spanish_parcels(hub, 11, 12)
    session = logged_in(hub, mode="deconsolidation")
    feed(session, "BAG003", tracking(11), "LOC:SORT-ES")
    asked = session.handle("CMD:CLOSE")
    assert session.prompt.startswith("Scan the destination whose bag to close")
    assert asked.ok
    closed = session.handle("LOC:SORT-ES")
    sscc = closed.context["last_mile_bag"]
    assert closed.ok and f"bag {sscc} closed at SORT-ES with 1 parcels" in closed.message
    assert [row["parcel"] for row in closed.summary] == [tracking(11)]
    assert session.prompt.startswith("Scan the next parcel of bag BAG003")
    empty = feed(session, "CMD:CLOSE", "LOC:SORT-ES")[-1]
    assert not empty.ok and empty.error == "nothing_to_close"
    assert "the bag at SORT-ES is empty" in empty.message
    session.handle("CMD:BACK")
    second = feed(session, tracking(12), "LOC:SORT-ES", "CMD:CLOSE", "LOC:SORT-ES")[-1]
    assert second.context["last_mile_bag"] != sscc  # the next SSCC of the station's range
    # between big bags too
    assert session.handle("CMD:DONE").ok
    assert session.handle("CMD:CLOSE").ok
    assert not session.handle("LOC:SORT-ES").ok  # empty again


def test_a_stations_parcel_events_are_numbered_without_gaps_whatever_the_unit_of_work(hub):
    """The counter starts from the station's events already held, counts once per event, in
    the event's own transaction: a refused (rolled back) sort consumes no number, and a unit of
    work that holds the counter row as an object keeps counting through it."""
    from wms.core.domain.clock import utc_now
    from wms.core.domain.hub import ParcelEventKind
    from wms.core.persistence.hub_tables import HubEventSyncRow, HubParcelEventRow

    def record(uow, n: int) -> None:
        uow.hub.record_event(
            warehouse="CMN1", station="CMN1-B09", operator="1003", tracking=tracking(n),
            kind=ParcelEventKind.SORTED, at=utc_now(), location="SORT-CA",
        )  # fmt: skip

    with hub.uow() as uow:  # no counter row yet: it starts after the events held (none)
        record(uow, 1)
        record(uow, 2)
        uow.commit()
    with hub.uow() as uow:  # rolled back: the number is not used up
        record(uow, 3)
    with hub.uow() as uow:  # one raw count, then the row held as an object counts on
        record(uow, 3)
        counter = uow.session.get(HubEventSyncRow, "CMN1-B09")
        assert counter is not None and counter.last_seq == 3
        record(uow, 4)
        uow.commit()
    with hub.uow() as uow:
        record(uow, 5)
        uow.commit()
        numbers = uow.session.scalars(
            select(HubParcelEventRow.station_seq)
            .where(HubParcelEventRow.station == "CMN1-B09")
            .order_by(HubParcelEventRow.station_seq)
        ).all()
        assert numbers == [1, 2, 3, 4, 5]
        assert uow.session.get(HubEventSyncRow, "CMN1-B09").last_seq == 5


def test_a_parcel_scan_names_its_destination_while_another_bench_is_committing(hub):
    """Naming a parcel's destination only reads: it takes no write lock, so it is answered at
    once even while another bench holds SQLite's write lock (the confirming scan writes)."""
    from tests.integration.test_station_storage import holding_the_write_lock

    session = logged_in(hub, mode="deconsolidation")
    [bag] = feed(session, "BAG001")
    assert bag.ok, bag.message
    other = holding_the_write_lock(hub)
    try:
        [shown] = feed(session, tracking(1))
    finally:
        other.rollback()
        other.close()
    assert shown.ok, shown.message
    assert shown.destination == "SORT-CA"
    [confirmed] = feed(session, "LOC:SORT-CA")
    assert confirmed.ok, confirmed.message


def test_a_bag_s_parcels_are_read_through_its_index_in_tracking_order_without_statistics(site):
    """A hub station's pre-alerts grow while its ledger stays small, so the planner may have no
    statistics for the parcels: opening an inbound bag, closing a last-mile bag, handing one
    over and a MAWB's customs data still read only that bag's or MAWB's parcels, already in
    tracking order (no scan of the warehouse's parcels, no sort)."""
    import_prealert_bytes(site.sessions, sample(parcels=40, bags=4).csv(), warehouse="CMN1")
    with site.uow() as uow:
        some = uow.session.scalars(select(HubParcelRow).limit(1)).one()
        bag, mawb = some.bag, some.mawb
    reads = {
        "ix_hub_parcels_bag": lambda uow: uow.hub.parcels_in_bag("CMN1", bag),
        "ix_hub_parcels_location": lambda uow: lastmile.in_open_bag(uow, "CMN1", "LM-COLISSIMO"),
        "ix_hub_parcels_last_mile_bag": lambda uow: lastmile.in_bag(uow, "CMN1", "00361112"),
    }
    for index, read in reads.items():
        plan = plans_of(site, read)
        assert index in plan and "TEMP B-TREE" not in plan, plan
    declared = plans_of(
        site, lambda _uow: customs.declaration(site.sessions, mawb, warehouse="CMN1")
    )
    assert "ix_hub_parcels_mawb" in declared
