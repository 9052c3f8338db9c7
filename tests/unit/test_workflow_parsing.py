"""Pure parts of the workflow engine: typed quantities and dates, settings, feedback, replay
line parsing (no database)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from wms.config import config_from_mapping
from wms.core.domain.errors import ConfigError, InvalidValue
from wms.core.services.workflows import (
    Feedback,
    Input,
    Level,
    PutawayPolicy,
    check_lot_code,
    parse_date,
    parse_quantity,
)


def test_parse_quantity():
    assert parse_quantity("12", 100) == 12
    assert parse_quantity("-3", 100, signed=True) == -3
    assert parse_quantity("+3", 100, signed=True) == 3
    for bad in ("0", "abc", "-3", "101", "1.5"):
        with pytest.raises(InvalidValue):
            parse_quantity(bad, 100)


TODAY = date(2026, 11, 25)


def test_parse_date_iso_and_gs1():
    assert parse_date("2028-10-31", TODAY) == date(2028, 10, 31)
    assert parse_date("281031", TODAY) == date(2028, 10, 31)
    assert parse_date("280200", TODAY) == date(2028, 2, 29)  # day 00: last day of the month
    for bad in ("2028-13-01", "281301", "31/10/28", ""):
        with pytest.raises(InvalidValue):
            parse_date(bad, TODAY)


def test_a_two_digit_year_is_read_in_the_century_of_the_callers_date():
    # GS1: from 49 years past to 50 years ahead of today, so "80" is 2080 in 2031, 1980 in 2030.
    assert parse_date("800101", date(2031, 1, 1)) == date(2080, 1, 1)
    assert parse_date("800101", date(2029, 1, 1)) == date(1980, 1, 1)


def test_lot_code():
    assert check_lot_code(" GP2611A ") == "GP2611A"
    with pytest.raises(InvalidValue):
        check_lot_code("X" * 21)


def test_putaway_policy_validates_and_orders():
    policy = PutawayPolicy(order_by_sku={"A": ("empty",)}, order_by_zone={"PICK": ("fixed",)})
    assert policy.order_for("A") == ("empty",)
    assert policy.order_for("B", "PICK") == ("fixed",)
    assert policy.order_for("B") == ("fixed", "consolidate", "empty")
    with pytest.raises(ConfigError):
        PutawayPolicy(order=("nearest",))


def test_settings_from_toml_mapping():
    settings = config_from_mapping(
        {
            "station": {"dock": "dock-02", "idle_timeout_minutes": 5},
            "workflows": {"over_receipt_tolerance": 0.1, "double_read_seconds": 0},
        }
    ).rules
    assert settings.dock == "DOCK-02" and settings.idle_timeout == timedelta(minutes=5)
    assert settings.over_receipt_tolerance == Decimal("0.1")
    assert settings.double_read_window == timedelta(0)
    with pytest.raises(ConfigError):
        config_from_mapping({"workflows": {"max_failed_pins": "many"}})


def test_feedback_as_dict_is_json_ready():
    feedback = Feedback(
        ok=True,
        message="m",
        prompt="p",
        level=Level.ATTENTION,
        movement_ids=("a",),
        context={"expiry": date(2028, 1, 1), "kg": Decimal("1.50")},
        summary=({"qty": Decimal("2")},),
    )
    data = feedback.as_dict()
    assert data["level"] == "attention" and data["movement_ids"] == ["a"]
    assert data["context"] == {"expiry": "2028-01-01", "kg": 1.5}
    assert data["summary"] == [{"qty": 2}]
    assert "error" not in data and "destination" not in data


def test_input_constructors():
    assert Input.scan("X").describe() == "X"
    assert Input.key("3").describe() == "@key 3"
    assert Input.weight("1.25").weight_kg == Decimal("1.25")


def test_core_workflows_do_not_import_qt():
    import subprocess
    import sys

    code = (
        "import sys, wms.core.services.workflows, wms.cli.replay, wms.cli.adjustments; "
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
