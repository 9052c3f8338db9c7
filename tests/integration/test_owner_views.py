"""Per-owner views and the billing report (issue 15, items 2 and 3).

A hub keeps stock for many merchants: each of them sees its own stock, its own ledger and the
figures the hub bills it by (unit-days, pallet-days, receipts, picks, parcels), and nothing of
any other merchant's.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from tests.conftest import run_wms
from wms.core.domain.model import (
    Location,
    LocationType,
    MovementDraft,
    Product,
    StockPlace,
    Warehouse,
)
from wms.core.persistence.outbound_tables import ParcelRow
from wms.core.persistence.tables import OwnerRow, ProductRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services import queries
from wms.core.services.demo import MERCHANT_STOCK, MERCHANTS
from wms.core.services.ledger import Actor, post
from wms.core.services.owner_report import owner_activity, report_csv_rows
from wms.core.services.queries.paging import Filters

HUB = "HUB1"


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 12, day, hour, 0, tzinfo=UTC)


def site(sessions, owners: dict[str, list[str]]) -> None:
    """A hub with docks, storage, packing and a transit location; ``owners``: code -> SKUs."""
    with UnitOfWork(sessions) as uow:
        uow.warehouses.add(Warehouse(HUB, "Test hub", "MA", "6111234", city="Casablanca"))
        places = [
            ("DOCK-01", LocationType.DOCK),
            ("PACK-01", LocationType.PACKING),
            ("TRANSIT", LocationType.TRANSIT),
            *((f"S-{n:02d}", LocationType.STORAGE) for n in range(1, 5)),
        ]
        uow.locations.add_all(
            [
                Location(HUB, code, kind, "Z", walk_sequence=i)
                for i, (code, kind) in enumerate(places)
            ]
        )
        names = {"ARGAN": "Coopérative Tafyoucht", "FEZPOT": "Fez Ceramics"}
        for code, skus in owners.items():
            uow.session.add(
                OwnerRow(
                    code=code,
                    name=names.get(code, code),
                    country="MA",
                    tax_id=f"ICE-{code}",
                    contact_name="حنان أوبلا" if code == "ARGAN" else "Driss Bennani",
                    contact_email="",
                    contact_phone="",
                    active=True,
                )
            )
            uow.session.flush()
            uow.products.add_all(
                [Product(sku, f"{sku} product", weight_kg=Decimal("1")) for sku in skus]
            )
            uow.session.flush()
            uow.session.execute(
                update(ProductRow).where(ProductRow.sku.in_(skus)).values(owner=code)
            )
        uow.commit()


def posting(sessions, when: datetime, draft: MovementDraft) -> None:
    with UnitOfWork(sessions) as uow:
        post(uow, Actor(HUB, "HUB1-T01", "1001", clock=lambda: when), draft)
        uow.commit()


def parcel(sessions, sscc: str, order: str) -> None:
    with UnitOfWork(sessions) as uow:
        uow.session.add(
            ParcelRow(
                sscc=sscc, warehouse=HUB, order=order, units=10, weight_kg=Decimal("1"),
                expected_weight_kg=Decimal("1"), packed_at=at(2), state="shipped",
            )
        )  # fmt: skip
        uow.commit()


def argan_and_fez_month(sessions) -> None:
    """ARGAN receives a pallet of oil and loose soap on 1 December, picks, packs and ships one
    parcel of 10; FEZPOT's pallet of plates is received, picked and shipped the same days."""
    site(sessions, {"ARGAN": ["OIL", "SOAP"], "FEZPOT": ["PLATE"]})
    dock, pack = "DOCK-01", "PACK-01"
    steps = [
        (at(1, 9), MovementDraft.receipt("OIL", 100, StockPlace(dock, "PAL-A"), lot="L1",
                                          reference="ASN-A1")),
        (at(1, 9), MovementDraft.receipt("PLATE", 500, StockPlace(dock, "PAL-F"),
                                          reference="ASN-F1")),
        (at(1, 10), MovementDraft.receipt("SOAP", 50, StockPlace(dock), reference="ASN-A1")),
        (at(1, 15), MovementDraft.putaway("OIL", 100, StockPlace(dock, "PAL-A"),
                                          StockPlace("S-01", "PAL-A"), lot="L1")),
        (at(1, 16), MovementDraft.putaway("PLATE", 500, StockPlace(dock, "PAL-F"),
                                          StockPlace("S-02", "PAL-F"))),
        (at(2, 10), MovementDraft.pick("OIL", 10, StockPlace("S-01", "PAL-A"),
                                       StockPlace(pack, "T1"), lot="L1", reference="ORD-A")),
        (at(2, 10), MovementDraft.pick("PLATE", 40, StockPlace("S-02", "PAL-F"),
                                       StockPlace(pack, "T2"), reference="ORD-F")),
        (at(2, 11), MovementDraft.pack("OIL", 10, StockPlace(pack, "T1"),
                                       StockPlace(pack, "PARCEL-A"), lot="L1", reference="ORD-A")),
        (at(2, 11), MovementDraft.pack("PLATE", 40, StockPlace(pack, "T2"),
                                       StockPlace(pack, "PARCEL-F"), reference="ORD-F")),
        (at(3, 17), MovementDraft.shipment("OIL", 10, StockPlace(pack, "PARCEL-A"), lot="L1",
                                           reference="ORD-A")),
        (at(3, 17), MovementDraft.shipment("PLATE", 40, StockPlace(pack, "PARCEL-F"),
                                           reference="ORD-F")),
        (at(4, 8), MovementDraft.transfer_out("SOAP", 20, StockPlace(dock),
                                              StockPlace("TRANSIT"), reference="TR-1")),
        # a customer returns 2 plates at the returns bench: received under the return's number
        (at(4, 9), MovementDraft.receipt("PLATE", 2, StockPlace(dock), reference="RET-0001")),
    ]  # fmt: skip
    parcel(sessions, "PARCEL-A", "ORD-A")
    parcel(sessions, "PARCEL-F", "ORD-F")
    for when, draft in steps:
        posting(sessions, when, draft)


# -- the billing figures ------------------------------------------------------------------------


def test_the_report_bills_unit_days_pallet_days_receipts_picks_and_parcels(station_db):
    _engine, sessions, _path = station_db
    argan_and_fez_month(sessions)
    with sessions() as session:
        report = owner_activity(session, HUB, "ARGAN", date(2026, 12, 1), date(2026, 12, 4))
    days = [(d.day.day, d.units_on_hand, d.positions) for d in report.days]
    # day 1: 100 oil on pallet PAL-A, 50 loose soap at the dock (one position)
    # day 2: 90 on PAL-A, 10 in parcel PARCEL-A at packing, the soap: 3 positions
    # day 3: the parcel left; day 4: 20 soap went to transit (not stored here any more)
    assert days == [(1, 150, 2), (2, 150, 3), (3, 140, 2), (4, 120, 2)]
    figures = {f.key: f.value for f in report.figures()}
    assert figures == {
        "unit_days": 150 + 150 + 140 + 120,
        "pallet_days": 2 + 3 + 2 + 2,
        "receipt_lines": 2,  # (ASN-A1, OIL, L1) and (ASN-A1, SOAP)
        "receipt_units": 150,
        "pick_lines": 1,
        "pick_units": 10,
        "parcels_shipped": 1,
        "shipped_units": 10,
        "returns": 0,
        "returned_units": 0,
        "refunded_units": 0,  # and no "refunds" row: nothing was refunded
    }
    assert [d.received_units for d in report.days] == [150, 0, 0, 0]
    assert [d.parcels_shipped for d in report.days] == [0, 0, 1, 0]


def test_a_period_starting_later_carries_the_stock_on_hand_in(station_db):
    _engine, sessions, _path = station_db
    argan_and_fez_month(sessions)
    with sessions() as session:
        report = owner_activity(session, HUB, "FEZPOT", date(2026, 12, 2), date(2026, 12, 3))
    assert [(d.units_on_hand, d.positions) for d in report.days] == [(500, 2), (460, 1)]
    assert (report.unit_days, report.pallet_days) == (960, 3)
    assert (report.receipt_lines, report.pick_lines, report.parcels_shipped) == (0, 1, 1)


def test_a_return_is_billed_as_a_return_not_as_a_receipt(station_db):
    _engine, sessions, _path = station_db
    argan_and_fez_month(sessions)
    with sessions() as session:
        report = owner_activity(session, HUB, "FEZPOT", date(2026, 12, 1), date(2026, 12, 4))
    assert (report.returns, report.returned_units) == (1, 2)
    assert (report.receipt_lines, report.receipt_units) == (1, 500)  # the ASN's pallet only
    assert report.days[-1].units_on_hand == 460 + 2  # the returned plates are stored again


def test_a_period_ending_before_it_starts_or_an_unknown_owner_is_refused(station_db):
    _engine, sessions, _path = station_db
    argan_and_fez_month(sessions)
    with sessions() as session, pytest.raises(Exception, match="last day before the first"):
        owner_activity(session, HUB, "ARGAN", date(2026, 12, 4), date(2026, 12, 1))
    with sessions() as session, pytest.raises(Exception, match="unknown owner 'NOPE'"):
        owner_activity(session, HUB, "NOPE", date(2026, 12, 1), date(2026, 12, 4))


def test_the_report_command_writes_csv_and_a_pdf_with_the_owners_header(station_db, tmp_path):
    _engine, sessions, path = station_db
    argan_and_fez_month(sessions)
    target_csv, target_pdf = tmp_path / "argan.csv", tmp_path / "argan.pdf"
    env = {"WMS_WAREHOUSE": HUB}
    done = run_wms(
        "owners", "report", "argan", "--from", "2026-12-01", "--to", "2026-12-04",
        "--csv", str(target_csv), "--pdf", str(target_pdf), db=path, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(target_csv.open(encoding="utf-8")))
    assert rows[0] == ["owner", "ARGAN"] and rows[1] == ["name", "Coopérative Tafyoucht"]
    assert ["unit_days", "560", "unit-days"] in rows
    assert ["pallet_days", "9", "days"] in rows
    assert ["2026-12-02", "150", "3", "0", "10", "0"] in rows
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(target_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Coopérative Tafyoucht (ARGAN)" in text
    assert "Tax id: ICE-ARGAN" in text
    assert "2026-12-01 to 2026-12-04" in text
    assert "Fez" not in text and "FEZPOT" not in text and "PLATE" not in text


# -- the per-owner views of the demo --------------------------------------------------------------


def test_wms_stock_owner_lists_only_that_merchants_stock(demo_db):
    _engine, _sessions, path = demo_db
    done = run_wms("stock", "--owner", "ARGAN", "--format", "csv", db=path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    expected = {(sku, location, qty) for sku, _l, _e, location, qty in MERCHANT_STOCK
                if sku.startswith("ARGAN")}  # fmt: skip
    assert {(r["sku"], r["location"], int(r["quantity"])) for r in rows} == expected
    everyone = run_wms("stock", "--format", "csv", db=path)
    assert len(everyone.stdout.splitlines()) > len(done.stdout.splitlines())


def test_the_ledger_of_one_owner_and_an_unknown_owner(demo_db):
    _engine, _sessions, path = demo_db
    done = run_wms("movements", "--owner", "FEZPOT", "--format", "csv", db=path)
    assert done.returncode == 0, done.stderr
    skus = [r["sku"] for r in csv.DictReader(io.StringIO(done.stdout))]
    assert sorted(skus) == ["FEZ-PLT-30", "FEZ-TAJ-20", "FEZ-VASE-25"]
    # quarantine: the hub's expired dates are the hub's, no merchant has any
    hub = run_wms("quarantine", "list", "--owner", "HUB", "--format", "csv", db=path)
    assert [r["sku"] for r in csv.DictReader(io.StringIO(hub.stdout))] == ["DATE-MJ-1KG"]
    argan = run_wms("quarantine", "list", "--owner", "ARGAN", "--format", "csv", db=path)
    assert argan.returncode == 0 and list(csv.DictReader(io.StringIO(argan.stdout))) == []
    refused = run_wms("stock", "--owner", "NOPE", db=path)
    assert refused.returncode == 2 and "unknown owner 'NOPE'" in refused.stderr
    listed = run_wms("owners", "list", "--format", "csv", db=path)
    codes = [r["code"] for r in csv.DictReader(io.StringIO(listed.stdout))]
    assert set(codes) >= {"HUB", *(m.code for m in MERCHANTS)}


def test_the_demo_merchants_own_their_products_stock_and_orders(demo_db):
    from sqlalchemy import select

    from wms.core.persistence.tables import MovementRow, OrderLineRow, OrderRow, StockRow

    _engine, sessions, _path = demo_db
    with sessions() as session:
        owners = {
            sku: owner for sku, owner in session.execute(select(ProductRow.sku, ProductRow.owner))
        }
        for row in session.scalars(select(StockRow)):
            assert row.owner == owners[row.sku]
        for row in session.scalars(select(MovementRow)):
            assert row.owner == owners[row.sku]
        for order in session.scalars(select(OrderRow)):
            lines = session.scalars(
                select(OrderLineRow.sku).where(OrderLineRow.order == order.number)
            )
            assert {owners[sku] for sku in lines} == {order.owner}
        merchants = {m.code for m in MERCHANTS}
        assert merchants <= {o for o in owners.values()}
        assert owners["ARG-OIL-100"] == "HUB"  # the older demo products stay the hub's


def test_report_csv_rows_start_with_the_owner_and_list_each_figure(station_db):
    _engine, sessions, _path = station_db
    argan_and_fez_month(sessions)
    with sessions() as session:
        report = owner_activity(session, HUB, "ARGAN", date(2026, 12, 1), date(2026, 12, 2))
    rows = report_csv_rows(report)
    assert rows[:7] == [
        ["owner", "ARGAN"], ["name", "Coopérative Tafyoucht"], ["tax_id", "ICE-ARGAN"],
        ["warehouse", HUB], ["from", "2026-12-01"], ["to", "2026-12-02"], ["time_zone", "UTC"],
    ]  # fmt: skip
    assert rows[8] == ["figure", "value", "unit"]
    assert rows[-3][0] == "day" and rows[-1][:3] == ["2026-12-02", "150", "3"]


# -- the hub's days -----------------------------------------------------------------------------


def late_evening_receipts(sessions) -> None:
    """100 oil received at 23:30 UTC on 1 December (already the 2nd in Casablanca, UTC+1), and
    10 on each side of the night Paris's clocks went back (25 October, a 25-hour day)."""
    site(sessions, {"ARGAN": ["OIL"]})
    dock = StockPlace("DOCK-01")
    for when, units in (
        (datetime(2026, 10, 24, 22, 30, tzinfo=UTC), 10),  # 00:30 on the 25th, summer time
        (datetime(2026, 10, 25, 22, 30, tzinfo=UTC), 10),  # 23:30 on the 25th, winter time
        (datetime(2026, 12, 1, 23, 30, tzinfo=UTC), 100),
    ):
        posting(sessions, when, MovementDraft.receipt("OIL", units, dock, reference="ASN-N"))


def test_a_movement_belongs_to_the_day_of_the_hubs_clock(station_db):
    _engine, sessions, _path = station_db
    late_evening_receipts(sessions)
    casablanca, utc = ZoneInfo("Africa/Casablanca"), UTC
    with sessions() as session:
        local = owner_activity(
            session, HUB, "ARGAN", date(2026, 12, 1), date(2026, 12, 2), casablanca
        )
        in_utc = owner_activity(session, HUB, "ARGAN", date(2026, 12, 1), date(2026, 12, 2), utc)
        second = owner_activity(
            session, HUB, "ARGAN", date(2026, 12, 2), date(2026, 12, 2), casablanca
        )
    assert [d.received_units for d in in_utc.days] == [100, 0]
    assert [d.received_units for d in local.days] == [0, 100]
    assert [d.units_on_hand for d in local.days] == [20, 120]
    assert (local.unit_days, in_utc.unit_days) == (140, 240)
    assert (second.receipt_units, second.unit_days) == (100, 120)  # the 2nd holds the receipt
    assert ["time_zone", "Africa/Casablanca"] in report_csv_rows(local)
    assert ["time_zone", "UTC"] in report_csv_rows(in_utc)


def test_a_day_when_the_clocks_change_counts_its_own_hours(station_db):
    _engine, sessions, _path = station_db
    late_evening_receipts(sessions)
    with sessions() as session:
        paris = owner_activity(
            session, HUB, "ARGAN", date(2026, 10, 24), date(2026, 10, 26), ZoneInfo("Europe/Paris")
        )
    # both receipts fall on the 25th, the day of 25 hours; a fixed offset would split them
    assert [d.received_units for d in paris.days] == [0, 20, 0]


def test_the_report_command_takes_the_hubs_zone_from_the_settings_or_the_option(
    station_db, tmp_path
):
    _engine, sessions, path = station_db
    late_evening_receipts(sessions)
    settings = tmp_path / "wms.toml"
    settings.write_text('[station]\ntimezone = "Africa/Casablanca"\n', encoding="utf-8")
    env = {"WMS_WAREHOUSE": HUB, "WMS_CONFIG": str(settings)}
    period = ("--from", "2026-12-02", "--to", "2026-12-02")
    local = run_wms("owners", "report", "ARGAN", *period, "--csv", "-", db=path, env=env)
    assert local.returncode == 0, local.stderr
    assert "time_zone,Africa/Casablanca" in local.stdout and "receipt_units,100," in local.stdout
    utc = run_wms("owners", "report", "ARGAN", *period, "--timezone", "UTC", "--csv", "-",
                  db=path, env=env)  # fmt: skip
    assert "time_zone,UTC" in utc.stdout and "receipt_units,0," in utc.stdout
    target = tmp_path / "never.csv"
    wrong = run_wms("owners", "report", "ARGAN", *period, "--timezone", "Mars/Olympus",
                    "--csv", str(target), db=path, env=env)  # fmt: skip
    assert wrong.returncode != 0 and not target.exists()
    assert "time zone 'Mars/Olympus': expected UTC or a time zone name such as " in wrong.stderr


def test_the_documents_screen_lists_one_owners_open_orders_and_asns_by_query(demo_db):
    _engine, sessions, _path = demo_db

    def owners(source, owner: str = "") -> list[str]:
        with UnitOfWork(sessions, read_only=True) as uow:
            page = source.page(uow.session, Filters(warehouse="CMN1", owner=owner), limit=500)
        column = [c.key for c in source.columns].index("owner")
        return [row[column] for row in page.rows]

    everyone = owners(queries.order_source())
    assert {"HUB", "FEZPOT"} <= set(everyone)
    fez = owners(queries.order_source(), "FEZPOT")
    assert fez and set(fez) == {"FEZPOT"} and len(fez) == everyone.count("FEZPOT")
    assert owners(queries.asn_source(), "NOBODY") == []
    assert set(owners(queries.asn_source(), "HUB")) <= {"HUB"}
