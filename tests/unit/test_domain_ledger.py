"""The ledger rule: stock on hand is the sum of movements, whatever their order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wms.core.domain.errors import InvalidValue
from wms.core.domain.model import (
    Movement,
    MovementDraft,
    MovementKind,
    Role,
    StockKey,
    StockStatus,
    sum_stock,
)
from wms.core.domain.pins import hash_pin, verify_pin


def movement(seq: int, **fields) -> Movement:
    base = dict(
        id=f"m{seq}",
        warehouse="CMN1",
        station="S1",
        station_seq=seq,
        operator="1001",
        kind=MovementKind.MOVE,
        sku="SAF-1G",
        quantity=1,
        created_at=datetime(2026, 11, 25, tzinfo=UTC),
    )
    base.update(fields)
    return Movement(**base)


def test_a_move_takes_from_one_location_and_gives_to_the_other():
    moved = movement(1, from_location="A-01-01-1", to_location="P-01-01-2", quantity=5)
    assert moved.stock_deltas() == [
        (StockKey("CMN1", "A-01-01-1", "SAF-1G"), -5),
        (StockKey("CMN1", "P-01-01-2", "SAF-1G"), 5),
    ]


def test_a_negative_adjustment_removes_stock_where_it_is_booked():
    adjusted = movement(1, kind=MovementKind.ADJUST, to_location="A-01-01-1", quantity=-3)
    assert adjusted.stock_deltas() == [(StockKey("CMN1", "A-01-01-1", "SAF-1G"), -3)]


def test_a_status_change_moves_stock_between_statuses_in_place():
    released = movement(
        1,
        kind=MovementKind.STATUS,
        from_location="QUAR-01",
        to_location="QUAR-01",
        from_status=StockStatus.QUARANTINED,
        to_status=StockStatus.AVAILABLE,
        quantity=2,
    )
    assert sum_stock([released]) == {
        StockKey("CMN1", "QUAR-01", "SAF-1G", status=StockStatus.QUARANTINED): -2,
        StockKey("CMN1", "QUAR-01", "SAF-1G"): 2,
    }


def test_a_movement_without_locations_or_quantity_is_refused():
    with pytest.raises(InvalidValue, match="neither"):
        MovementDraft(kind=MovementKind.MOVE, sku="SAF-1G", quantity=1)
    with pytest.raises(InvalidValue, match="non-zero"):
        MovementDraft(kind=MovementKind.MOVE, sku="SAF-1G", quantity=0, to_location="A")


LOCATIONS = ["DOCK-01", "A-01-01-1", "P-01-01-1", ""]
movements_strategy = st.lists(
    st.builds(
        lambda i, f, t, q, lot, hu: movement(
            i,
            from_location=f,
            to_location=t or ("A-01-01-1" if not f else t),
            quantity=q,
            lot=lot,
            to_handling_unit=hu,
        ),
        st.integers(1, 10**6),
        st.sampled_from(LOCATIONS),
        st.sampled_from(LOCATIONS),
        st.integers(-50, 50).filter(bool),
        st.sampled_from(["", "L1", "L2"]),
        st.sampled_from(["", "361112340000000012"]),
    ),
    max_size=40,
)


@given(movements_strategy, st.randoms())
def test_stock_from_the_ledger_does_not_depend_on_the_order_of_movements(rows, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert sum_stock(rows) == sum_stock(shuffled)


@given(movements_strategy)
def test_each_movement_conserves_units_unless_it_enters_or_leaves_the_warehouse(rows):
    for row in rows:
        total = sum(delta for _key, delta in row.stock_deltas())
        if row.from_location and row.to_location:
            assert total == 0


def test_pins_are_stored_salted_and_only_the_right_pin_verifies():
    first, second = hash_pin("1234"), hash_pin("1234")
    assert first != second and "1234" not in first
    assert verify_pin("1234", first) and not verify_pin("1235", first)
    assert not verify_pin("1234", "garbage")


def test_only_supervisors_and_admins_approve_adjustments():
    assert not Role.OPERATOR.may_approve_adjustments()
    assert Role.SUPERVISOR.may_approve_adjustments() and Role.ADMIN.may_approve_adjustments()
