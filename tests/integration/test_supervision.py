"""A supervisor decides count differences in one core operation (screen and CLI alike), and the
read models the supervisor screens and the packing bench show."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from wms.core.domain.errors import AuthenticationFailed, PermissionDenied, RuleViolation
from wms.core.domain.model import Operator, Role
from wms.core.persistence.outbound_tables import CartonRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.persistence.workflow_tables import AdjustmentRow
from wms.core.services.changes import Changes
from wms.core.services.queries import adjustment_lines, bench_cartons
from wms.core.services.queries.adjustments import open_count_lines
from wms.core.services.supervision import (
    Decision,
    SupervisorBadge,
    approve_adjustment,
    plan_counts,
    reject_adjustment,
)

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
SUPERVISOR = Operator("2001", "Karim Idrissi", Role.SUPERVISOR)


def clock() -> datetime:
    return NOW


@pytest.fixture
def counted_short(demo_db):
    """A count of C-01-01-1 that found 2 units fewer than booked, waiting for a decision."""
    _engine, sessions, _path = demo_db
    with UnitOfWork(sessions) as uow:
        line = next(s for s in uow.ledger.stock(limit=None) if s.location == "C-01-01-1")
        row = AdjustmentRow(
            warehouse="CMN1", location=line.location, sku=line.sku, lot=line.lot,
            expected=line.quantity, counted=line.quantity - 2, quantity=-2, reason="count",
            requested_by="1001", requested_at=NOW,
        )  # fmt: skip
        uow.session.add(row)
        uow.commit()
        return sessions, row.id, line


def on_hand(sessions, sku: str, location: str) -> int:
    with UnitOfWork(sessions) as uow:
        return sum(
            s.quantity
            for s in uow.ledger.stock(limit=None)
            if s.sku == sku and s.location == location
        )


def test_approval_posts_the_difference_commits_and_says_what_changed(counted_short):
    sessions, adjustment_id, line = counted_short
    [pending] = adjustment_lines(sessions, "CMN1")
    assert (pending.id, pending.quantity, pending.state) == (adjustment_id, -2, "pending")
    assert pending.requested_at == NOW

    decided = approve_adjustment(
        sessions, adjustment_id, SUPERVISOR, warehouse="CMN1", station="CMN1-T01", clock=clock
    )
    assert decided.decision is Decision.APPROVED and decided.decided_by == "2001"
    assert decided.changes == Changes(stock=True, ledger=True, adjustments=True)
    assert len(decided.movement_ids) == 1 and "counted" in decided.description
    assert on_hand(sessions, line.sku, "C-01-01-1") == line.quantity - 2
    assert adjustment_lines(sessions, "CMN1") == []
    [approved] = adjustment_lines(sessions, "CMN1", "approved")
    assert approved.decided_by == "2001" and approved.decided_at == NOW
    with pytest.raises(RuleViolation, match="already approved"):
        reject_adjustment(
            sessions, adjustment_id, SUPERVISOR, warehouse="CMN1", station="CMN1-T01", clock=clock
        )


def test_rejection_with_badge_and_pin_leaves_the_stock_as_booked(counted_short):
    sessions, adjustment_id, line = counted_short
    decided = reject_adjustment(
        sessions, adjustment_id, SupervisorBadge("2001", "9876"),
        warehouse="CMN1", station="CMN1-T01", clock=clock,
    )  # fmt: skip
    assert decided.decision is Decision.REJECTED and decided.movement_ids == ()
    assert decided.changes == Changes(adjustments=True)
    assert on_hand(sessions, line.sku, "C-01-01-1") == line.quantity
    [rejected] = adjustment_lines(sessions, "CMN1", "rejected")
    assert rejected.id == adjustment_id


@pytest.mark.parametrize(
    ("who", "refusal"),
    [
        (Operator("1001", "Youssef El Amrani", Role.OPERATOR), PermissionDenied),
        (SupervisorBadge("1001", "1234"), PermissionDenied),  # a right PIN, not a supervisor
        (SupervisorBadge("2001", "0000"), AuthenticationFailed),
    ],
)
def test_only_a_supervisor_decides_and_a_refusal_changes_nothing(counted_short, who, refusal):
    sessions, adjustment_id, line = counted_short
    with pytest.raises(refusal):
        approve_adjustment(
            sessions, adjustment_id, who, warehouse="CMN1", station="CMN1-T01", clock=clock
        )
    assert [a.id for a in adjustment_lines(sessions, "CMN1")] == [adjustment_id]
    assert on_hand(sessions, line.sku, "C-01-01-1") == line.quantity


def test_the_bench_offers_the_demo_cartons_until_the_warehouse_stores_its_own(demo_db):
    _engine, sessions, _path = demo_db
    assert [c.code for c in bench_cartons(sessions, "CMN1")] == ["S", "M", "L"]
    small = bench_cartons(sessions, "CMN1")[0]
    assert small.dimensions_cm == (Decimal(25), Decimal(20), Decimal(10))
    assert small.max_kg == Decimal(5)
    with UnitOfWork(sessions) as uow:
        for code, side in (("XL", "80"), ("XS", "10")):
            uow.session.add(
                CartonRow(
                    warehouse="CMN1", code=code, description=code, length_cm=Decimal(side),
                    width_cm=Decimal(side), height_cm=Decimal(side), tare_kg=Decimal("0.1"),
                    max_weight_kg=Decimal(40),
                )
            )  # fmt: skip
        uow.commit()
    assert [c.code for c in bench_cartons(sessions, "CMN1")] == ["XS", "XL"]  # smallest first


def test_a_supervisor_plans_counts_once_per_location(demo_db):
    _engine, sessions, _path = demo_db
    with pytest.raises(PermissionDenied):
        plan_counts(
            sessions, ["C-01-01-1"], SupervisorBadge("1001", "1234"),
            warehouse="CMN1", station="CMN1-T01", clock=clock,
        )  # fmt: skip
    assert open_count_lines(sessions, "CMN1") == []
    planned = plan_counts(
        sessions, ["c-01-01-1", "C-01-02-1"], SUPERVISOR,
        warehouse="CMN1", station="CMN1-T01", clock=clock, reason="damage seen",
    )  # fmt: skip
    assert [t.location for t in planned.tasks] == ["C-01-01-1", "C-01-02-1"]
    assert planned.changes == Changes(counts=True)
    again = plan_counts(
        sessions, ["C-01-01-1"], SUPERVISOR, warehouse="CMN1", station="CMN1-T01", clock=clock
    )
    assert again.tasks == () and not again.changes  # it already has an open task
    lines = open_count_lines(sessions, "CMN1")
    assert [(t.id, t.location, t.reason, t.created_by) for t in lines] == [
        (planned.tasks[0].task_id, "C-01-01-1", "damage seen", "2001"),
        (planned.tasks[1].task_id, "C-01-02-1", "damage seen", "2001"),
    ]
    assert lines[0].created_at == NOW
