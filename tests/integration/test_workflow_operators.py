"""Login by badge + PIN, lockout, logout, idle timeout, roles, double reads, CANCEL/BACK."""

from __future__ import annotations

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import feed, logged_in
from wms.core.services.workflows import Input
from wms.core.services.workflows.operators import login_events

# fixtures shared by the workflow tests
demo_template = support.demo_template
site = support.site


def test_badge_scan_then_pin_logs_in_and_logout_logs_out(site):
    session = site.session()
    first = session.handle(Input.scan("BADGE:1001"))
    assert first.ok and "PIN" in first.prompt
    welcome = session.handle(Input.key("1234"))
    assert welcome.ok and session.operator.badge == "1001"
    assert "CMD:MODE" in welcome.prompt
    bye = session.handle(Input.scan("CMD:LOGOUT"))
    assert bye.ok and session.operator is None
    events = [e.event for e in login_events(site.sessions, "1001")]
    assert events == ["login", "logout"]


def test_badge_typed_works_too(site):
    session = site.session()
    assert session.handle(Input.key("2001")).ok
    assert session.handle(Input.key("9876")).ok
    assert session.operator.role.value == "supervisor"


def test_inputs_before_login_are_refused(site):
    session = site.session()
    refused = session.handle(Input.scan("CMD:MODE:receiving"))
    assert not refused.ok and refused.error == "not_logged_in"


def test_five_wrong_pins_lock_the_badge_for_five_minutes(site):
    session = site.session()
    for attempt in range(4):
        wrong = session.login("1001", "0000")
        assert not wrong.ok and wrong.error == "login_failed"
        assert f"{4 - attempt} attempt" in wrong.message
    locked = session.login("1001", "0000")
    assert not locked.ok and "locked for 5 minutes" in locked.message
    still = session.login("1001", "1234")
    assert not still.ok and "locked until" in still.message
    site.clock.advance(minutes=5, seconds=1)
    assert session.login("1001", "1234").ok
    events = [e.event for e in login_events(site.sessions, "1001")]
    assert events == ["failed"] * 4 + ["locked", "refused", "login"]


def test_unknown_badge_is_refused_and_logged(site):
    refused = site.session().login("7777", "1234")
    assert not refused.ok and "not an active operator" in refused.message
    assert [e.event for e in login_events(site.sessions, "7777")] == ["refused"]


def test_idle_timeout_logs_out_and_ignores_the_input(site):
    session = logged_in(site, mode="move")
    site.clock.advance(minutes=14, seconds=59)
    still_there = session.handle(Input.scan("LOC:C-01-01-1"))
    assert still_there.ok and session.operator is not None  # not idle long enough yet
    site.clock.advance(minutes=15, seconds=1)
    late = session.handle(Input.scan("LOC:C-01-01-1"))
    assert not late.ok and late.error == "session_timeout"
    assert "after 15 minutes idle" in late.message and "not used" in late.message
    assert session.operator is None and session.mode == ""
    assert login_events(site.sessions, "1003")[-1].event == "timeout"
    # the input that met the timeout was not used: the next one is a login step
    assert session.handle(Input.scan("LOC:C-01-01-2")).error == "not_logged_in"


def test_activity_keeps_the_session_alive(site):
    session = logged_in(site, mode="move")
    for _ in range(3):
        site.clock.advance(minutes=10)
        assert session.handle(Input.scan("LOC:C-01-01-1")).ok


def test_operator_cannot_enter_adjustments_but_supervisor_can(site):
    operator = logged_in(site, "1001", "1234")
    refused = operator.handle(Input.scan("CMD:MODE:adjust"))
    assert not refused.ok and refused.error == "permission_denied"
    supervisor = logged_in(site, "2001", "9876")
    assert supervisor.handle(Input.scan("CMD:MODE:adjust")).ok


def test_same_scan_twice_within_window_is_a_double_read(site):
    session = logged_in(site, mode="move")
    first, second = feed(session, "LOC:C-01-01-1", "LOC:C-01-01-1")
    assert first.ok and second.ok and second.level == "attention"
    assert second.context.get("double_read") is True
    site.clock.advance(seconds=1)
    third = session.handle(Input.scan("LOC:C-01-01-1"))
    assert "double_read" not in third.context


def test_the_first_scan_after_a_mode_change_is_never_a_double_read(site):
    session = logged_in(site, mode="move")
    feed(session, "LOC:C-01-01-1")
    session.set_mode("count")
    again = session.handle(Input.scan("LOC:C-01-01-1"))
    assert "double_read" not in again.context


def test_unknown_workflow_and_command_without_workflow_are_refused(site):
    session = logged_in(site)
    assert session.set_mode("dancing").error == "unknown_workflow"
    assert session.handle(Input.scan("CMD:DONE")).error == "no_workflow"
    garbage = session.handle(Input.scan("CMD:FOO"))
    assert not garbage.ok and garbage.error == "bad_scan"


def test_allowed_workflows_restrict_modes(site):
    session = site.session(workflows=("receiving",))
    session.login("1001", "1234")
    assert session.set_mode("putaway").error == "unknown_workflow"
    assert session.set_mode("receiving").ok
