"""Returns at a bench: a customer's parcel comes back, each item is scanned and graded, the
return closes with its refund summary. The demo site ships ORD-0902 (4 Fez bowls, 1 tajine) in
parcel RETURNABLE_SSCC with tracking number CD000090202BE; ORD-0901 came back already."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from tests.conftest import run_wms
from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import (
    SCRIPTS,
    each_gtin,
    logged_in,
    paced,
    run_cli,
    run_replay,
)
from wms.core.domain.model import StockStatus
from wms.core.persistence.returns_tables import ReturnLineRow, ReturnRow
from wms.core.persistence.tables import (
    MovementRow,
    OrderRow,
    ProductRow,
    StockRow,
)
from wms.core.services.returns_demo import RETURNABLE_SSCC, RETURNABLE_TRACKING

BOWL, TAJINE, ARGAN, TEA = each_gtin(52), each_gtin(51), each_gtin(11), each_gtin(91)
UNKNOWN_GTIN = "6111234999993"

demo_template = support.demo_template
site = support.site


def owned_by_fez(site) -> None:  # type: ignore[no-untyped-def]
    """Fez Ceramics (a demo merchant) owns the bowls, the tajine and ORD-0902; the argan
    cooperative the hub's argan oil."""
    with site.uow() as uow:
        s = uow.session
        for skus, owner in ((("CER-BWL-15", "CER-TAJ-28"), "FEZPOT"), (("ARG-OIL-100",), "ARGAN")):
            for table in (ProductRow, StockRow, MovementRow):
                s.execute(update(table).where(table.sku.in_(skus)).values(owner=owner))
        s.execute(update(OrderRow).where(OrderRow.number == "ORD-0902").values(owner="FEZPOT"))
        uow.commit()


def stock_at(site, location: str) -> dict[tuple[str, str, str], int]:  # type: ignore[no-untyped-def]
    with site.uow() as uow:
        rows = uow.session.scalars(select(StockRow).where(StockRow.location == location))
        return {
            (r.sku, r.status, r.owner): r.quantity
            for r in rows
            if r.quantity and r.sku != "TIS-FOUTA-01"
        }  # fmt: skip (the demo's return)


def test_a_parcel_by_its_sscc_graded_item_by_item_closes_with_its_refund(site) -> None:  # type: ignore[no-untyped-def]
    owned_by_fez(site)
    session = logged_in(site, "2001", "9876", mode="returns")  # a supervisor: may destroy
    opened = paced(session, f"00{RETURNABLE_SSCC}")[0]
    assert opened.ok, opened.message
    assert "of ORD-0902 (Fez Ceramics)" in opened.message and "4 × CER-BWL-15" in opened.message
    assert opened.context["owner"] == "FEZPOT" and opened.context["parcel"] == RETURNABLE_SSCC
    number = opened.context["return"]
    assert number.startswith("RET-CMN1-T01-")
    assert opened.work is not None
    assert [(r["sku"], r["shipped"], r["left"]) for r in opened.work.rows] == [
        ("CER-BWL-15", 4, 4),
        ("CER-TAJ-28", 1, 1),
    ]
    out = paced(
        session,
        "@key 2", BOWL, "CMD:GRADE:resellable", "CMD:REASON:changed_mind",
        BOWL, "CMD:GRADE:damaged", "CMD:REASON:damaged_in_transit",
        TAJINE, "@key destroy", "@key not as described",
    )  # fmt: skip
    assert all(f.ok for f in out), [f.message for f in out if not f.ok]
    assert "available at RET-01" in out[3].message and len(out[3].movement_ids) == 1
    assert "quarantined at RET-01" in out[6].message
    assert "written off" in out[9].message and len(out[9].movement_ids) == 2  # in, then out
    assert [(r["sku"], r["returned"], r["left"]) for r in out[-1].work.rows] == [
        ("CER-BWL-15", 3, 1),
        ("CER-TAJ-28", 1, 0),
    ]
    # each line was committed with its scan: the database holds it before CMD:DONE
    with site.uow() as uow:
        lines = uow.session.scalars(select(ReturnLineRow).order_by(ReturnLineRow.line)).all()
        mine = [(x.sku, x.quantity, x.grade, x.reason) for x in lines if x.number == number]
    assert mine == [
        ("CER-BWL-15", 2, "resellable", "changed_mind"),
        ("CER-BWL-15", 1, "damaged", "damaged_in_transit"),
        ("CER-TAJ-28", 1, "destroy", "not_as_described"),
    ]
    closed = paced(session, "CMD:DONE")[0]
    assert closed.ok, closed.message
    # the refund rule: every line whose reason is refunded, at its order value
    assert "2 resellable, 1 damaged, 1 destroyed, 0 to exceptions; refund 71.00" in closed.message
    # the closing summary shows the operator each line: where it went and what it refunds
    assert [(r["sku"], r["quantity"], r["grade"], r["location"]) for r in closed.summary] == [
        ("CER-BWL-15", 2, "resellable", "RET-01"),
        ("CER-BWL-15", 1, "damaged", "RET-01"),
        ("CER-TAJ-28", 1, "destroy", "RET-01"),  # written off where it was graded
    ]
    assert all(str(r["refund"]).endswith(" EUR") for r in closed.summary)
    # stock of its owner: available, quarantined, and nothing left of the destroyed tajine
    assert stock_at(site, "RET-01") == {
        ("CER-BWL-15", StockStatus.AVAILABLE.value, "FEZPOT"): 2,
        ("CER-BWL-15", StockStatus.QUARANTINED.value, "FEZPOT"): 1,
    }
    with site.uow() as uow:
        write_off = uow.session.scalars(
            select(MovementRow).where(MovementRow.kind == "adjust", MovementRow.quantity < 0,
                                      MovementRow.sku == "CER-TAJ-28")
        ).one()  # fmt: skip
        assert write_off.raw_scan.startswith(f"write-off: return {number}: destroy")
        assert write_off.reference == number
    site.invariants()


def test_the_owners_activity_report_bills_what_its_returns_refunded(site) -> None:  # type: ignore[no-untyped-def]
    """The merchant's report counts the refunds of its returns' lines graded in the period, per
    currency, at their order value, as the return's close announced them; a line whose reason
    is not refunded (a refused delivery) refunds nothing."""
    from decimal import Decimal

    from wms.core.services.owner_report import owner_activity, report_csv_rows

    owned_by_fez(site)
    session = logged_in(site, "2001", "9876", mode="returns")
    assert paced(session, f"00{RETURNABLE_SSCC}")[0].ok
    out = paced(
        session,
        "@key 2", BOWL, "CMD:GRADE:resellable", "CMD:REASON:changed_mind",
        BOWL, "CMD:GRADE:damaged", "CMD:REASON:refused_delivery",  # not refunded
        TAJINE, "CMD:GRADE:resellable", "CMD:REASON:wrong_item",
        "CMD:DONE",
    )  # fmt: skip
    assert all(f.ok for f in out), [f.message for f in out if not f.ok]
    closed = out[-1].message
    today = site.clock().date()  # the day the lines were graded, on the session's clock
    with site.uow() as uow:
        report = owner_activity(
            uow.session, "CMN1", "FEZPOT", today - timedelta(days=1), today + timedelta(days=1)
        )
        before = owner_activity(
            uow.session, "CMN1", "FEZPOT", today - timedelta(days=9), today - timedelta(days=2)
        )
    assert (report.returns, report.returned_units, report.refunded_units) == (1, 4, 3)
    [refund] = [f for f in report.figures() if f.key == "refunds"]
    assert (refund.value, refund.unit) == (Decimal(closed.split("refund ")[1].split()[0]), "EUR")
    assert ["refunds", str(refund.value), "EUR"] in report_csv_rows(report)
    assert before.refunds == {} and before.refunded_units == 0  # graded after that period


def test_the_tracking_number_or_the_order_number_finds_the_parcel_and_resumes_it(site) -> None:  # type: ignore[no-untyped-def]
    session = logged_in(site, "1001", "1234", mode="returns")
    out = paced(session, RETURNABLE_TRACKING, BOWL, "CMD:GRADE:resellable",
                "CMD:REASON:wrong_item", "CMD:CANCEL")  # fmt: skip
    assert all(f.ok for f in out), [f.message for f in out]
    assert out[0].context["order"] == "ORD-0902"
    assert "stays open" in out[-1].message
    again = paced(session, "@key ORD-0902")[0]  # the label is gone: the order number keyed
    assert again.ok and "resumed, 1 lines graded" in again.message
    assert again.context["return"] == out[0].context["return"]
    assert paced(session, "ORD:ORD-0902")[0].error == "unexpected_input"  # already open here


def test_an_unknown_parcel_opens_an_unknown_return_whose_items_go_to_exceptions(site) -> None:  # type: ignore[no-untyped-def]
    session = logged_in(site, "1001", "1234", mode="returns")
    opened = paced(session, "LX123456789CN")[0]
    assert opened.ok and opened.level.value == "attention"
    assert f"unknown return {opened.context['return']}" in opened.message
    assert "every item goes to EXCEPTIONS" in opened.message
    item = paced(session, TEA)[0]
    assert item.ok and item.level.value == "attention" and item.destination == "EXCEPTIONS"
    assert "put it in EXCEPTIONS" in item.message
    closed = paced(session, "CMD:DONE")[0]
    assert "1 to exceptions; refund 0" in closed.message
    assert stock_at(site, "EXCEPTIONS") == {("CN-TEA-GP", "quarantined", "HUB"): 1}
    site.invariants()


def test_more_returned_than_shipped_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    session = logged_in(site, "1001", "1234", mode="returns")
    out = paced(session, f"00{RETURNABLE_SSCC}", "@key 2", TAJINE)
    assert out[-1].error == "over_return"
    assert "ORD-0902 shipped 1 and 0 came back already" in out[-1].message
    # (the refused scan leaves the keyed 2 waiting: key 1 again)
    out = paced(session, "@key 1", TAJINE, "CMD:GRADE:damaged", "CMD:REASON:damaged_in_transit",
                TAJINE)  # fmt: skip
    assert [f.error for f in out] == ["", "", "", "", "over_return"]
    assert "shipped 1 and 1 came back already" in out[-1].message


def test_an_item_of_another_owner_is_refused_naming_both_owners(site) -> None:  # type: ignore[no-untyped-def]
    owned_by_fez(site)
    session = logged_in(site, "1001", "1234", mode="returns")
    out = paced(session, f"00{RETURNABLE_SSCC}", ARGAN)
    number = out[0].context["return"]
    assert out[-1].error == "owner_mismatch"
    assert "ARG-OIL-100 belongs to Coopérative Tafyoucht (ARGAN)" in out[-1].message
    assert "Fez Ceramics (FEZPOT)" in out[-1].message
    with site.uow() as uow:
        assert uow.session.scalars(select(ReturnLineRow).where(
            ReturnLineRow.number == number)).all() == []  # fmt: skip


def test_an_item_not_on_the_order_goes_to_exceptions_and_an_unknown_item_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    session = logged_in(site, "1001", "1234", mode="returns")
    out = paced(session, f"00{RETURNABLE_SSCC}", TEA, UNKNOWN_GTIN, "@key NO-SUCH-SKU")
    assert out[1].ok and out[1].level.value == "attention"
    assert "CN-TEA-GP is not on ORD-0902: put 1 × CN-TEA-GP in EXCEPTIONS" in out[1].message
    assert out[2].error == "unknown_item" and "put it in EXCEPTIONS" in out[2].message
    assert out[3].error == "unknown_item"


def test_an_operator_may_not_destroy_and_a_grade_comes_before_the_close(site) -> None:  # type: ignore[no-untyped-def]
    session = logged_in(site, "1001", "1234", mode="returns")
    out = paced(session, f"00{RETURNABLE_SSCC}", BOWL, "CMD:GRADE:destroy", "CMD:DONE",
                "CMD:REASON:changed_mind", "@key good", "CMD:GRADE:damaged",
                "@key lost")  # fmt: skip
    assert [f.error for f in out] == [
        "", "", "permission_denied", "not_graded", "unexpected_input", "unknown_grade", "",
        "unknown_reason",
    ]  # fmt: skip


def test_an_order_not_shipped_cannot_come_back(site) -> None:  # type: ignore[no-untyped-def]
    session = logged_in(site, "1001", "1234", mode="returns")
    out = paced(session, "ORD:ORD-1001")
    assert out[0].error == "not_shipped" and "ORD-1001 is open" in out[0].message
    with site.uow() as uow:
        opened = uow.session.scalars(select(ReturnRow).where(ReturnRow.station == "CMN1-T01"))
        assert opened.all() == []


def test_replay_script_and_wms_returns_list_the_refund_data(site) -> None:  # type: ignore[no-untyped-def]
    path = site.path
    site.engine.dispose()
    code, records, stderr = run_replay(path, SCRIPTS / "returns.replay")
    assert code == 1, stderr  # the script holds deliberate refusals
    refused = [(r["input"], r.get("error")) for r in records if not r["ok"]]
    assert refused == [("6111234000514", "over_return"), ("6111234999993", "unknown_item")]
    done = [r for r in records if r["input"] == "CMD:DONE"]
    # the first return's summary: a row per graded line, in the order they were scanned
    assert [(r["sku"], r["quantity"], r["grade"]) for r in done[0]["summary"]] == [
        ("CER-BWL-15", 3, "resellable"),
        ("CER-BWL-15", 1, "damaged"),
        ("CER-TAJ-28", 1, "damaged"),
        ("CN-TEA-GP", 1, "exception"),  # not on the order: to EXCEPTIONS
    ]
    listed = json.loads(run_cli(path, "returns", "--json").stdout)
    assert [(r["order"], r["status"]) for r in listed] == [
        ("ORD-0901", "closed"),  # the demo's
        ("ORD-0902", "closed"),
        ("", "closed"),  # the unknown parcel
    ]
    fez = listed[1]
    assert fez["units"] == {"resellable": 3, "damaged": 2, "destroy": 0, "exception": 1}
    # refunded: the bowls sent back on a change of mind, the tajine broken in transit; not the
    # refused parcel's bowl, nor the tea that was never on the order
    assert (fez["value"], fez["refund"], fez["currency"]) == ("90.80", "71.00", "EUR")
    today = datetime.now(UTC).date().isoformat()
    csv_out = run_cli(path, "returns", "--csv", "--from", today, "--to", today)
    assert csv_out.returncode == 0, csv_out.stderr
    lines = csv_out.stdout.splitlines()
    assert lines[0].startswith("number,order,parcel,owner,status")
    assert len(lines) == 1 + 4 + 1  # ORD-0902's four lines and the unknown parcel's one
    assert run_cli(path, "returns", "--owner", "NOBODY", "--json").stdout.strip() == "[]"
    # the days are the hub's: on Kiritimati's clock (UTC+14) the returns were opened "today"
    # there, which is a day after UTC's for ten hours of every day
    settings = path.parent / "kiritimati.toml"
    settings.write_text('[station]\ntimezone = "Pacific/Kiritimati"\n', encoding="utf-8")
    local = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    env = {"WMS_CONFIG": str(settings), "WMS_WAREHOUSE": support.WAREHOUSE}

    def on_day(day: date) -> list[str]:
        done = run_wms("returns", "--csv", "--from", day.isoformat(), "--to", day.isoformat(),
                       db=path, env=env)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()[1:]

    assert len(on_day(local)) == 4 + 1
    assert on_day(local - timedelta(days=1)) == []
