"""The parcel sort's prebuilt statements (SQLite) agree with what the ORM reads and writes.

A sort reads its parcel with one prebuilt primary-key statement (``ParcelRepository.get``), bumps
the destination's counters with one upsert and, at capacity, puts every parcel of the open bag
in the closed bag with one UPDATE per table: each must leave the same rows the ORM would.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from tests.integration import test_workflow_support as support
from wms.core.domain.model import MovementDraft, MovementKind, StockStatus
from wms.core.persistence.hub_tables import HubParcelRow
from wms.core.persistence.outbound_tables import ParcelRow, SortBinRow
from wms.core.persistence.tables import HandlingUnitRow, LocationRow, MovementRow
from wms.core.services.ledger import Actor, post
from wms.core.services.outbound.printing import PrintRouting
from wms.core.services.outbound.sortation import sort_parcel

ACTOR = Actor("CMN1", "CMN1-T01", "2001")

demo_template = support.demo_template
site = support.site


def pack(site, count: int) -> list[str]:
    """``count`` packed parcels at PACK-01 bound for France, one reserved unit each."""
    ssccs = []
    now = site.clock()
    with site.uow() as uow:
        for n in range(count):
            sscc = uow.warehouses.allocate_sscc("CMN1")
            ssccs.append(sscc)
            uow.parcels.add(
                HandlingUnitRow(
                    sscc=sscc, warehouse="CMN1", kind="parcel", location="PACK-01",
                    state="closed", reference=f"HOT-{n}", created_at=now,
                )
            )  # fmt: skip
            uow.parcels.add(
                ParcelRow(
                    sscc=sscc, warehouse="CMN1", order=f"HOT-{n}", units=1,
                    weight_kg=Decimal("0.512"), expected_weight_kg=Decimal("0.5"),
                    value=Decimal("12.30"), ship_to_country="FR", ship_to_postcode="75011",
                    carrier="COLISSIMO", location="PACK-01", state="packed", packed_at=now,
                    label_data='{"ai_00": "x"}',
                )
            )  # fmt: skip
            uow.parcels.flush()
            post(
                uow,
                ACTOR,
                MovementDraft(
                    kind=MovementKind.ADJUST, sku="CER-BWL-15", quantity=1,
                    to_location="PACK-01", to_handling_unit=sscc,
                    to_status=StockStatus.RESERVED, reference="HOT",
                ),
            )  # fmt: skip
        uow.commit()
    return ssccs


def columns(row: ParcelRow) -> dict[str, object]:
    return {column.name: getattr(row, column.key) for column in ParcelRow.__table__.columns}


def test_a_parcel_read_by_its_prebuilt_statement_is_the_one_the_orm_reads(site):
    [sscc] = pack(site, 1)
    with site.uow() as uow:
        expected = columns(
            uow.session.scalars(select(ParcelRow).where(ParcelRow.sscc == sscc)).one()
        )
    with site.uow() as uow:
        parcel = uow.parcels.get(sscc)
        assert parcel is not None
        assert columns(parcel) == expected
        assert isinstance(parcel.weight_kg, Decimal) and isinstance(parcel.packed_at, datetime)
        assert uow.parcels.get(sscc) is parcel  # the session's own row, read once
        assert uow.parcels.get("361112349999999999") is None
        parcel.carrier = "DHL"  # a change to the row is written at the commit
        uow.commit()
    with site.uow() as uow:
        assert uow.session.get(ParcelRow, sscc).carrier == "DHL"


def test_a_parcel_read_sees_the_changes_of_its_own_transaction(site):
    [sscc] = pack(site, 1)
    with site.uow() as uow:
        unit = uow.parcels.handling_unit(sscc)
        assert unit is not None
        uow.session.add(
            ParcelRow(
                sscc="361112349999999998", warehouse="CMN1", order="HOT-NEW", units=1,
                weight_kg=Decimal("1"), expected_weight_kg=Decimal("1"),
                packed_at=site.clock(),
            )
        )  # fmt: skip
        # not flushed yet: the read flushes first, as the ORM's own read would
        assert uow.parcels.get("361112349999999998").order == "HOT-NEW"


def test_a_full_destination_bags_every_parcel_sorted_there_and_starts_a_new_bag(site, tmp_path):
    ssccs = pack(site, 4)
    printing = PrintRouting(label_printer=f"file://{tmp_path}/spool/")
    with site.uow() as uow:
        location = uow.session.scalar(select(LocationRow).where(LocationRow.code == "SORT-FR"))
        location.capacity_units = 3
        uow.commit()
    results = []
    for sscc in ssccs:
        with site.uow() as uow:
            parcel = uow.parcels.get(sscc)
            assert parcel is not None
            results.append(
                sort_parcel(uow, ACTOR, None, parcel, "SORT-FR", "SORT-FR", printing=printing)
            )
            uow.commit()
    assert [(r.open_parcels, r.capacity) for r in results] == [(1, 3), (2, 3), (0, 3), (1, 3)]
    bag = results[2].closed_bag
    assert bag is not None and bag.parcels == sorted(ssccs[:3])
    assert bag.weight_kg == Decimal("1.536") and bag.print_job
    assert all(r.closed_bag is None for r in results[:2] + results[3:])
    with site.uow() as uow:
        for sscc in ssccs[:3]:
            parcel = uow.session.get(ParcelRow, sscc)
            assert (parcel.state, parcel.location, parcel.bag) == ("sorted", "SORT-FR", bag.sscc)
            assert uow.session.get(HandlingUnitRow, sscc).parent_sscc == bag.sscc
        last = uow.session.get(ParcelRow, ssccs[3])
        assert (last.state, last.bag) == ("sorted", "")
        assert uow.session.get(HandlingUnitRow, ssccs[3]).parent_sscc is None
        bin_row = uow.session.get(SortBinRow, ("CMN1", "SORT-FR"))
        assert (bin_row.open_parcels, bin_row.sorted_total, bin_row.bags_closed) == (1, 4, 1)
        moved = uow.session.scalars(
            select(MovementRow.to_handling_unit).where(
                MovementRow.kind == "sort", MovementRow.to_location == "SORT-FR"
            )
        )
        assert sorted(moved) == sorted(ssccs)  # one sort movement each, in the ledger (synced)
    site.invariants()


def test_a_hub_parcel_read_by_its_prebuilt_statement_is_the_one_the_orm_reads(site):
    with site.uow() as uow:
        rows = uow.session.scalars(select(HubParcelRow).order_by(HubParcelRow.tracking)).all()
        assert rows, "the demo site pre-alerts parcels"
        expected = [hub_columns(row) for row in rows[:20]]
    with site.uow() as uow:
        read = [uow.hub.parcel(row["warehouse"], row["tracking"]) for row in expected]
        assert [hub_columns(row) for row in read if row is not None] == expected
        assert uow.hub.parcel("CMN1", "LP000000000XX") is None


def hub_columns(row: HubParcelRow) -> dict[str, object]:
    return {column.key: getattr(row, column.key) for column in HubParcelRow.__table__.columns}


def test_the_counters_upsert_updates_the_destination_row_the_session_already_holds(site):
    with site.uow() as uow:
        row = uow.sortation.sort_bin("CMN1", "SORT-BE")  # read earlier in the transaction
        before = (row.open_parcels, row.sorted_total)
        assert uow.sortation.count_sorted("CMN1", "SORT-BE")[0] == before[0] + 1
        assert (row.open_parcels, row.sorted_total) == (before[0] + 1, before[1] + 1)
        uow.commit()
    with site.uow() as uow:
        row = uow.session.get(SortBinRow, ("CMN1", "SORT-BE"))
        assert (row.open_parcels, row.sorted_total) == (before[0] + 1, before[1] + 1)
