"""Cycle counts (blind), pending adjustments, approval by a supervisor, direct adjustments,
and the `wms adjustments` / `wms counts` commands."""

from __future__ import annotations

import pytest

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import GTIN, feed, logged_in, run_cli
from wms.core.domain.errors import InvalidValue, PermissionDenied
from wms.core.domain.model import Operator, Role, StockKey
from wms.core.services.workflows.adjustments import (
    approve,
    create_count_tasks,
    generate_count_tasks,
    list_adjustments,
)

# fixtures shared by the workflow tests
demo_template = support.demo_template
site = support.site


def plan(site, *locations):
    with site.uow() as uow:
        create_count_tasks(uow, "CMN1", locations, created_by="2001", at=site.clock())
        uow.commit()


def tajines(site, location="C-01-01-1"):
    with site.uow() as uow:
        return uow.ledger.on_hand(StockKey("CMN1", location, "CER-TAJ-28"))


def count_tajines(site, quantity, badge="1002", pin="2468"):
    session = logged_in(site, badge, pin, mode="count")
    results = feed(session, "LOC:C-01-01-1", f"@key {quantity}", GTIN["tajine"], "CMD:DONE")
    assert all(r.ok for r in results), [r.message for r in results]
    return results


def test_count_without_task_is_refused(site):
    session = logged_in(site, mode="count")
    assert "No count task" in session.prompt
    refused = feed(session, "LOC:C-01-01-1")[0]
    assert not refused.ok and refused.error == "no_count_task"


def test_blind_count_creates_pending_variance_and_supervisor_approves(site):
    plan(site, "C-01-01-1")
    started, keyed, scanned, done = count_tajines(site, 30)
    assert "C-01-01-1" in started.message
    for feedback in (started, keyed, scanned, done):  # blind: the book quantity never shows
        assert "32" not in feedback.message and "32" not in feedback.prompt
        assert "expected" not in str(feedback.context)
    assert done.level == "attention" and done.context["variances"] == 1
    assert done.summary == (
        {"location": "C-01-01-1", "sku": "CER-TAJ-28", "lot": "", "counted": 30},
    )
    assert tajines(site) == 32  # nothing posted before approval
    with site.uow() as uow:
        [pending] = list_adjustments(uow, "CMN1")
        assert (pending.expected, pending.counted, pending.quantity) == (32, 30, -2)
        with pytest.raises(PermissionDenied):
            approve(
                uow, warehouse="CMN1", station="S", adjustment_id=pending.id,
                approver=Operator("1001", "Youssef", Role.OPERATOR), at=site.clock(),
            )  # fmt: skip
    supervisor = logged_in(site, "2001", "9876", mode="adjust")
    review = feed(supervisor, "CMD:SKIP")[0]
    assert review.ok and "counted 30, book 32 (-2)" in review.message
    approved = feed(supervisor, "@key A")[0]
    assert approved.ok and approved.movement_ids
    assert tajines(site) == 30
    with site.uow() as uow:
        [movement] = uow.ledger.movements(kind="count")
        assert movement.operator == "2001" and movement.quantity == 2
        assert list_adjustments(uow, "CMN1") == []
    site.invariants()


def test_matching_count_creates_no_adjustment(site):
    plan(site, "C-01-01-1")
    done = count_tajines(site, 32)[-1]
    assert done.level == "ok" and done.context["variances"] == 0
    with site.uow() as uow:
        assert list_adjustments(uow, "CMN1", None) == []


def test_uncounted_items_count_as_zero_and_lot_is_asked(site):
    plan(site, "A-01-01-1")
    session = logged_in(site, mode="count")
    asked = feed(session, "LOC:A-01-01-1", GTIN["argan"])[1]
    assert asked.level == "attention" and "lot" in asked.prompt
    feed(session, "@key OTHERLOT", "CMD:DONE")
    with site.uow() as uow:
        rows = {(r.lot, r.quantity) for r in list_adjustments(uow, "CMN1")}
    assert rows == {("ARG2609", -120), ("OTHERLOT", 1)}


def test_stale_count_cannot_be_approved_and_can_be_rejected(site):
    plan(site, "C-01-01-1")
    count_tajines(site, 30)
    mover = logged_in(site, mode="move")
    feed(mover, "LOC:C-01-01-1", GTIN["tajine"], "LOC:STAGE-01")
    supervisor = logged_in(site, "2001", "9876", mode="adjust")
    stale = feed(supervisor, "CMD:SKIP", "@key A")[1]
    assert not stale.ok and stale.error == "stale_count"
    rejected = feed(supervisor, "@key R")[0]
    assert rejected.ok and "rejected" in rejected.message
    assert tajines(site) == 31


def test_cancel_discards_the_count_and_resume_after_restart(site):
    plan(site, "C-01-01-1")
    session = logged_in(site, mode="count")
    feed(session, "LOC:C-01-01-1", "@key 10", GTIN["tajine"])
    restarted = logged_in(site, mode="count")  # as after a crash: a new session
    resumed = feed(restarted, "LOC:C-01-01-1")[0]
    assert "resumed: 10 units counted" in resumed.message
    assert feed(restarted, "CMD:CANCEL")[0].ok
    again = feed(restarted, "LOC:C-01-01-1")[0]
    assert "resumed" not in again.message


def test_direct_adjustment_needs_supervisor_and_reason(site):
    supervisor = logged_in(site, "2001", "9876", mode="adjust")
    steps = feed(supervisor, "LOC:C-02-01-1", "6111234000613")
    assert all(s.ok for s in steps), [s.message for s in steps]
    too_many = feed(supervisor, "@key -26")[0]
    assert not too_many.ok and too_many.error == "not_enough_stock"
    feed(supervisor, "@key -2")
    bad = feed(supervisor, "@key because")[0]
    assert not bad.ok and "damaged" in bad.message
    done = feed(supervisor, "@key damaged")[0]
    assert done.ok and done.movement_ids
    with site.uow() as uow:
        [movement] = [
            m
            for m in uow.ledger.movements(kind="adjust", location="C-02-01-1")
            if m.reference.startswith("ADJ-")
        ]
        assert movement.reference.endswith(":damaged") and movement.quantity == 2
        assert movement.from_location == "C-02-01-1" and movement.operator == "2001"
        [row] = list_adjustments(uow, "CMN1", "approved")
        assert row.reason == "damaged"


def test_generate_tasks_by_activity_and_abc(site):
    with site.uow() as uow:
        by_activity = generate_count_tasks(uow, "CMN1", created_by="2001", at=site.clock())
        locations = {t.location for t in by_activity}
        uow.commit()
    assert "C-01-01-1" in locations and "DOCK-01" not in locations
    with site.uow() as uow:
        assert generate_count_tasks(uow, "CMN1", created_by="2001", at=site.clock(), abc="A") == []
    with pytest.raises(InvalidValue), site.uow() as uow:
        generate_count_tasks(uow, "CMN1", created_by="2001", at=site.clock(), abc="Z")


def test_cli_counts_and_adjustments(site):
    path = site.path
    site.engine.dispose()
    refused = run_cli(path, "counts", "create", "C-01-01-1", "--badge", "1001", "--pin", "1234")
    assert refused.returncode == 2 and "expected a supervisor" in refused.stderr
    created = run_cli(path, "counts", "create", "C-01-01-1", "--badge", "2001", "--pin", "9876")
    assert created.returncode == 0 and "count task 1: C-01-01-1" in created.stdout
    listed = run_cli(path, "counts", "list", "--format", "json")
    assert '"location": "C-01-01-1"' in listed.stdout
    count_tajines(site, 31)
    pending = run_cli(path, "adjustments", "list", "--format", "csv")
    assert pending.returncode == 0 and "pending,C-01-01-1,CER-TAJ-28" in pending.stdout
    wrong_pin = run_cli(path, "adjustments", "approve", "1", "--badge", "2001", "--pin", "0000")
    assert wrong_pin.returncode == 2 and "wrong PIN" in wrong_pin.stderr
    operator = run_cli(path, "adjustments", "approve", "1", "--badge", "1001", "--pin", "1234")
    assert operator.returncode == 2 and "expected a supervisor" in operator.stderr
    ok = run_cli(path, "adjustments", "approve", "1", "--badge", "2001", "--pin", "9876")
    assert ok.returncode == 0 and "approved by 2001" in ok.stdout
    twice = run_cli(path, "adjustments", "reject", "1", "--badge", "2001", "--pin", "9876")
    assert twice.returncode == 2 and "already approved" in twice.stderr
    assert tajines(site) == 31
    generated = run_cli(
        path, "counts", "generate", "--since", "2020-01-01", "--badge", "2001", "--pin", "9876"
    )
    assert generated.returncode == 0 and "count tasks created" in generated.stdout
