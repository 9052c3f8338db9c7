"""``wms.toml`` read into one typed model: every setting, and refusals that say file, key,
expected and found."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from wms.config import InvalidSetting, StationConfig, config_from_text, load_config
from wms.core.domain.errors import ConfigError
from wms.core.domain.modes import StationMode
from wms.core.domain.workflow_rules import WorkflowSettings

FULL = """
# bench 7 at the CMN1 hub
[station]
id = "CMN1-S07"
warehouse = "CMN1"
database = "/var/lib/wms/station.db"
workflows = ["receiving", "putaway"]
language = "fr"
dock = "dock-02"
idle_timeout_minutes = 3

[workflows]
double_read_seconds = 1.5
over_receipt_tolerance = 0.1
max_failed_pins = 3
lockout_minutes = 2
putaway_order = ["empty", "fixed"]

[central]
url = "postgresql://cmn1@central/wms"
background = false
interval = 10
max_backoff = 60

[devices.zebra]
role = "printer"
url = "tcp://zebra:9100"
default = true

[devices.a4]
role = "printer"
url = "cups://Office"
content_type = "pdf"
"""


@pytest.fixture(autouse=True)
def no_station_environment(monkeypatch):
    for name in (
        "WMS_STATION",
        "WMS_WAREHOUSE",
        "WMS_CENTRAL_URL",
        "WMS_LABEL_PRINTER",
        "WMS_DOCUMENT_PRINTER",
        "WMS_CONFIG",
    ):
        monkeypatch.delenv(name, raising=False)


def refusal(text: str) -> InvalidSetting:
    with pytest.raises(InvalidSetting) as caught:
        config_from_text(text, Path("bench.toml"))
    return caught.value


def test_every_setting_of_wms_toml_is_read_into_the_typed_model(tmp_path):
    path = tmp_path / "wms.toml"
    path.write_text(FULL, encoding="utf-8")
    config = load_config(path)
    assert (config.station, config.warehouse) == ("CMN1-S07", "CMN1")
    assert config.database == "/var/lib/wms/station.db" and config.language == "fr"
    assert config.workflows == (StationMode.RECEIVING, StationMode.PUTAWAY)
    assert config.rules == WorkflowSettings(
        double_read_window=timedelta(seconds=1.5),
        idle_timeout=timedelta(minutes=3),
        max_failed_pins=3,
        lockout=timedelta(minutes=2),
        over_receipt_tolerance=Decimal("0.1"),
        dock="DOCK-02",
        putaway=config.rules.putaway,
    )
    assert config.rules.putaway.order == ("empty", "fixed")
    assert config.central_url == "postgresql://cmn1@central/wms"
    assert not config.central.background
    assert (config.central.interval_seconds, config.central.max_backoff_seconds) == (10, 60)
    assert [d.name for d in config.devices.printers] == ["zebra", "a4"]
    assert config.devices.source == str(path) and config.device_problem is None
    # the printers the station prints on: the default one for labels, the PDF one for documents
    assert (config.label_printer, config.document_printer) == ("zebra", "a4")


def test_without_a_file_every_setting_has_its_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config == StationConfig()
    assert config.workflows == tuple(StationMode)
    assert config.rules == WorkflowSettings()
    assert config.central.background and config.devices.devices == {}


def test_the_environment_names_the_station_its_central_and_printers(monkeypatch):
    monkeypatch.setenv("WMS_STATION", "CMN1-S09")
    monkeypatch.setenv("WMS_WAREHOUSE", "CMN1")
    monkeypatch.setenv("WMS_CENTRAL_URL", "postgresql://c/w")
    monkeypatch.setenv("WMS_LABEL_PRINTER", "tcp://other:9100")
    config = config_from_text(FULL.replace('id = "CMN1-S07"\n', ""))
    assert config.station == "CMN1-S09" and config.warehouse == "CMN1"  # the file wins
    assert config.central_url == "postgresql://cmn1@central/wms"
    assert (config.label_printer, config.document_printer) == ("tcp://other:9100", "a4")


def test_a_wrong_value_names_file_key_expected_and_found():
    error = refusal('[workflows]\nmax_failed_pins = "many"\n')
    assert isinstance(error, ConfigError)
    assert (error.file, error.key) == ("bench.toml", "workflows.max_failed_pins")
    assert error.expected == "a whole number of at least 1" and error.found == "'many'"
    assert str(error) == (
        "bench.toml: workflows.max_failed_pins: expected a whole number of at least 1, found 'many'"
    )
    assert refusal("[station]\nidle_timeout_minutes = 0\n").key == "station.idle_timeout_minutes"
    assert refusal("[workflows]\ndouble_read_seconds = -1\n").expected == ("a number at least 0")
    assert refusal("[workflows]\nover_receipt_tolerance = true\n").found == "true"
    assert refusal('[central]\nbackground = "no"\n').expected == "true or false"
    assert refusal('station = "CMN1"\n').key == "[station]"


def test_unknown_keys_are_refused_with_the_known_ones():
    error = refusal("[workflows]\nmax_failed_pin = 3\n")
    assert error.key == "workflows.max_failed_pin"
    assert "unknown key 'max_failed_pin'" in str(error)
    for known in (
        "double_read_seconds",
        "over_receipt_tolerance",
        "max_failed_pins",
        "lockout_minutes",
        "putaway_order",
    ):
        assert known in error.expected
    error = refusal("[station]\nidle_timeout = 5\n")
    assert error.key == "station.idle_timeout" and "idle_timeout_minutes" in error.expected
    assert refusal("[workflow]\nmax_failed_pins = 3\n").key == "workflow"


def test_workflows_and_strategies_are_names_from_their_lists():
    error = refusal('[station]\nworkflows = ["receiving", "dancing"]\n')
    assert error.key == "station.workflows" and error.found == "'dancing'"
    assert ", ".join(StationMode.names()) in error.expected
    assert refusal("[station]\nworkflows = []\n").key == "station.workflows"
    error = refusal('[workflows]\nputaway_order = ["nearest"]\n')
    assert error.key == "workflows.putaway_order" and "fixed, consolidate, empty" in error.expected


def test_bad_devices_leave_the_station_running_and_are_kept_for_who_needs_them():
    config = config_from_text(
        '[station]\nid = "S"\n[devices.zebra]\nrole = "printer"\nurl = "htp://x"\n',
        Path("bench.toml"),
    )
    assert config.station == "S" and config.devices.devices == {}
    assert config.device_problem is not None
    with pytest.raises(ConfigError, match=r"devices\.zebra\.url: expected a printer URL"):
        config.require_devices()


def test_a_single_printer_prints_labels_and_documents_go_to_a_pdf_printer():
    only = config_from_text('[devices.p]\nrole = "printer"\nurl = "tcp://p:9100"\n')
    assert (only.label_printer, only.document_printer) == ("p", "")
    pdf_only = config_from_text(
        '[devices.a4]\nrole = "printer"\nurl = "cups://A4"\ncontent_type = "pdf"\n'
    )
    assert (pdf_only.label_printer, pdf_only.document_printer) == ("", "a4")
    two_zpl = config_from_text(
        '[devices.a]\nrole = "printer"\nurl = "tcp://a:9100"\n'
        '[devices.b]\nrole = "printer"\nurl = "tcp://b:9100"\n'
    )
    assert two_zpl.label_printer == ""  # which one? neither is default = true


def test_the_hubs_time_zone_is_an_iana_name_and_utc_unless_set():
    from datetime import UTC
    from zoneinfo import ZoneInfo

    assert config_from_text("").time_zone is UTC
    assert config_from_text('[station]\ntimezone = "utc"\n').time_zone is UTC
    zone = config_from_text('[station]\ntimezone = "Africa/Casablanca"\n').time_zone
    assert zone == ZoneInfo("Africa/Casablanca")
    for wrong in ("Mars/Olympus", "../../etc/passwd", "+01:00", "Europe/ Paris"):
        error = refusal(f'[station]\ntimezone = "{wrong}"\n')
        assert error.key == "station.timezone"
        assert error.expected == "UTC or a time zone name such as Africa/Casablanca"
    assert refusal("[station]\ntimezone = 1\n").expected == "a string"
