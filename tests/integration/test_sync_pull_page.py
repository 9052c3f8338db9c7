"""A pulled page leaves the station exactly as posting its movements one by one would.

The pull applies a page of the feed with one ``executemany`` for the movements and one for the
stock projection, on plain ledger tuples. These properties hold it to the station's own rule
(``LedgerRepository.append``, one movement at a time, the projection of
``Movement.stock_deltas``): the same ledger rows, the same stock, the lots and handling units
the movements name, the acknowledgements of other stations, and nothing applied twice.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import copy_site
from wms.core.domain.errors import SyncError
from wms.core.domain.model import Movement, MovementKind, StockStatus
from wms.core.persistence.ledger_repository import movement_from_row
from wms.core.persistence.sync_tables import SyncAckRow
from wms.core.persistence.tables import HandlingUnitRow, LotRow, MovementRow, StationRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.sync.pull import LEDGER_COLUMNS, apply_page, sync_state

demo_template = support.demo_template

WAREHOUSE = "CMN1"
STATION = "PULLER-1"
SKUS = ("CER-TAJ-28", "SAF-1G", "NOT-A-PRODUCT")
LOCATIONS = ("", "DOCK-01", "C-01-01-1", "C-01-02-1", "QUAR-01")
LOTS = ("", "L1", "L2")
UNITS = ("", "361112340000000010", "361112340000000027")
ORIGINS = ("BENCH-A", "BENCH-B", STATION)
START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def as_feed_row(movement: Movement) -> tuple[object, ...]:
    """A movement as central's feed SELECT hands it over: the station ledger's columns, ids and
    dates as text, ``created_at`` as UTC text."""
    values = {
        "id": movement.id,
        "warehouse": movement.warehouse,
        "station": movement.station,
        "station_seq": movement.station_seq,
        "operator": movement.operator,
        "kind": movement.kind.value,
        "sku": movement.sku,
        "quantity": movement.quantity,
        "from_location": movement.from_location,
        "to_location": movement.to_location,
        "lot": movement.lot,
        "expiry": movement.expiry.isoformat() if movement.expiry else None,
        "from_handling_unit": movement.from_handling_unit,
        "to_handling_unit": movement.to_handling_unit,
        "from_status": movement.from_status.value,
        "to_status": movement.to_status.value,
        "reference": movement.reference,
        "transfer_id": movement.transfer_id,
        "created_at": movement.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),
        "raw_scan": movement.raw_scan,
        "owner": movement.owner,
    }
    return tuple(values[column] for column in LEDGER_COLUMNS)


@st.composite
def movements(draw: st.DrawFn) -> list[Movement]:
    count = draw(st.integers(min_value=1, max_value=40))
    seqs = dict.fromkeys(ORIGINS, 0)
    made = []
    for index in range(count):
        origin = draw(st.sampled_from(ORIGINS))
        seqs[origin] += draw(st.integers(min_value=1, max_value=3))
        source = draw(st.sampled_from(LOCATIONS))
        target = draw(st.sampled_from([loc for loc in LOCATIONS if loc != source]))
        lot = draw(st.sampled_from(LOTS))
        made.append(
            Movement(
                id=str(uuid.UUID(int=draw(st.integers(min_value=1, max_value=2**64)))),
                warehouse=WAREHOUSE,
                station=origin,
                station_seq=seqs[origin],
                operator="1001",
                kind=draw(st.sampled_from(list(MovementKind))),
                sku=draw(st.sampled_from(SKUS)),
                quantity=draw(st.integers(min_value=1, max_value=30)),
                created_at=START + timedelta(seconds=index, microseconds=draw(st.integers(0, 999))),
                from_location=source,
                to_location=target,
                lot=lot,
                expiry=date(2027, 5, 1) if lot == "L1" else None,
                from_handling_unit=draw(st.sampled_from(UNITS)) if source else "",
                to_handling_unit=draw(st.sampled_from(UNITS)) if target else "",
                from_status=draw(st.sampled_from(list(StockStatus))),
                to_status=draw(st.sampled_from(list(StockStatus))),
                reference=draw(st.sampled_from(["", "ASN-1", "tab\there"])),
                raw_scan=draw(st.sampled_from(["", "]C1010123\x1d10L1"])),
            )
        )
    unique = {movement.id: movement for movement in made}
    return [movement for movement in made if unique[movement.id] is movement]


def station_state(sessions) -> dict[str, object]:  # type: ignore[no-untyped-def]
    with UnitOfWork(sessions) as uow:
        session = uow.session
        ledger = sorted(
            (movement_from_row(row) for row in session.scalars(select(MovementRow))),
            key=lambda movement: movement.id,
        )
        return {
            "ledger": ledger,
            "stock": uow.ledger.stock_by_key(),
            "lots": set(session.execute(select(LotRow.sku, LotRow.code, LotRow.expiry))),
            "units": set(
                session.execute(
                    select(HandlingUnitRow.sscc, HandlingUnitRow.kind, HandlingUnitRow.location)
                )
            ),
            "acks": dict(session.execute(select(SyncAckRow.origin, SyncAckRow.acked_seq)).all()),
            "own_seq": session.scalar(
                select(StationRow.last_seq).where(StationRow.code == STATION)
            ),
        }


def pull_page(sessions, page: list[Movement], after: int = 0) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    rows = [as_feed_row(movement) for movement in page]
    return apply_page(sessions, STATION, WAREHOUSE, after, after + len(rows), rows, [])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(page=movements(), held=st.integers(min_value=0, max_value=5))
def test_a_pulled_page_matches_posting_each_movement(
    demo_template, tmp_path_factory, page, held
) -> None:
    folder = tmp_path_factory.mktemp("pull")
    pulled, posted = (
        copy_site(demo_template, folder / "a.db"),
        copy_site(demo_template, folder / "b.db"),
    )
    try:
        # the station already holds the first ``held`` movements (its own, or pulled before)
        already = page[:held]
        pull_page(pulled.sessions, already)
        applied, known = pull_page(pulled.sessions, page, after=len(already))
        assert (applied, known) == (len(page) - len(already), len(already))

        # the reference: each movement appended through the ledger repository's rule, with the
        # lots, handling units and acknowledgements the pull promises
        with UnitOfWork(posted.sessions) as uow:
            for movement in page:
                uow.ledger.append(movement)
            uow.commit()
        reference = station_state(posted.sessions)
        state = station_state(pulled.sessions)
        assert state["ledger"] == reference["ledger"]
        # a feed movement without an owner (protocol 2) takes its product's: the demo's are HUB
        arrived = {replace(m, owner=m.owner or "HUB") for m in page}
        assert arrived <= set(state["ledger"])  # type: ignore[call-overload]
        assert state["stock"] == reference["stock"]
        # lots of known products (the demo's), with the expiry of their first movement
        assert {(sku, lot) for sku, lot, _ in state["lots"]} >= {  # type: ignore[attr-defined]
            (m.sku, m.lot) for m in page if m.lot and m.sku != "NOT-A-PRODUCT"
        }
        assert all(sku != "NOT-A-PRODUCT" for sku, _, _ in state["lots"])  # type: ignore[attr-defined]
        # every handling unit a movement leaves somewhere is where the last such movement left it
        last_place: dict[str, str] = {}
        for movement in page:
            if movement.to_handling_unit and movement.to_location:
                last_place[movement.to_handling_unit] = movement.to_location
        units = {sscc: location for sscc, _kind, location in state["units"]}  # type: ignore[attr-defined]
        for sscc, location in last_place.items():
            assert units[sscc] == location
        tops: dict[str, int] = {}
        for movement in page:
            tops[movement.station] = max(tops.get(movement.station, 0), movement.station_seq)
        assert state["acks"] == {o: s for o, s in tops.items() if o != STATION}
        if STATION in tops:
            assert state["own_seq"] == tops[STATION]
    finally:
        pulled.engine.dispose()  # type: ignore[attr-defined]
        posted.engine.dispose()  # type: ignore[attr-defined]


def test_a_page_with_an_unknown_movement_kind_is_refused_whole(demo_template, tmp_path) -> None:
    site = copy_site(demo_template, tmp_path / "station.db")
    try:
        good = Movement(
            id=str(uuid.uuid4()),
            warehouse=WAREHOUSE,
            station="BENCH-A",
            station_seq=1,
            operator="1001",
            kind=MovementKind.RECEIVE,
            sku="CER-TAJ-28",
            quantity=3,
            created_at=START,
            to_location="DOCK-01",
        )
        strange = list(as_feed_row(good))
        strange[LEDGER_COLUMNS.index("id")] = str(uuid.uuid4())
        strange[LEDGER_COLUMNS.index("kind")] = "teleport"
        rows = [as_feed_row(good), tuple(strange)]
        with pytest.raises(SyncError, match=r"kind 'teleport': expected one of .*receive"):
            apply_page(site.sessions, STATION, WAREHOUSE, 0, 2, rows, [])
        state = station_state(site.sessions)
        assert good not in state["ledger"]  # type: ignore[operator]
        with UnitOfWork(site.sessions) as uow:
            assert sync_state(uow.session, STATION, WAREHOUSE).feed_seq == 0
    finally:
        site.engine.dispose()  # type: ignore[attr-defined]


def test_a_page_applied_twice_is_refused_and_changes_nothing(demo_template, tmp_path) -> None:
    site = copy_site(demo_template, tmp_path / "station.db")
    try:
        movement = Movement(
            id=str(uuid.uuid4()),
            warehouse=WAREHOUSE,
            station="BENCH-A",
            station_seq=1,
            operator="1001",
            kind=MovementKind.RECEIVE,
            sku="CER-TAJ-28",
            quantity=3,
            created_at=START,
            to_location="DOCK-01",
        )
        assert pull_page(site.sessions, [movement]) == (1, 0)
        before = station_state(site.sessions)
        with pytest.raises(SyncError, match="high-water mark moved from 0 to 1"):
            pull_page(site.sessions, [movement])
        assert station_state(site.sessions) == before
    finally:
        site.engine.dispose()  # type: ignore[attr-defined]
