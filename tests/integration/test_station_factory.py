"""One way to build a station: the station app and ``wms replay`` get the same session.

For every rule of ``wms.toml`` (``[workflows]`` and the rules of ``[station]``) a session built
the way the app builds it and one built the way ``wms replay`` builds it answer the same inputs
with the same feedback, and differently from a station without the setting.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import GTIN, FakeClock, feed, gs1, paced
from wms.cli import build_parser
from wms.cli.replay import replay_station, run_line
from wms.core.services.outbound.printing import PrintRouting
from wms.core.services.workflows import Feedback, Input, StationSession
from wms.station import (
    DEMO_DOCUMENT_PRINTER,
    DEMO_LABEL_PRINTER,
    Station,
    StationDatabase,
    build_station,
)
from wms.ui.app import AppOptions, open_app_station

demo_template = support.demo_template

IDENTITY = '[station]\nid = "CMN1-T01"\nwarehouse = "CMN1"\n'

Observation = tuple[bool, str, str, str, bool, str]
Scenario = Callable[[StationSession, FakeClock], list[Feedback]]


def observe(feedback: Feedback) -> Observation:
    """What the operator sees of a feedback (not the random ids that differ between runs)."""
    return (
        feedback.ok,
        feedback.error,
        str(feedback.level),
        feedback.destination,
        bool(feedback.context.get("double_read")),
        re.sub(r"BLIND-[0-9A-F]+", "BLIND-*", feedback.message),
    )


def idle_then_scan(session: StationSession, clock: FakeClock) -> list[Feedback]:
    done = [session.login("1003", "1357"), session.set_mode("move")]
    clock.advance(seconds=61)
    return [*done, session.handle(Input.scan("LOC:C-01-01-1"))]


def same_scan_two_seconds_apart(session: StationSession, clock: FakeClock) -> list[Feedback]:
    done = [session.login("1003", "1357"), session.set_mode("move")]
    done += feed(session, "LOC:C-01-01-1")
    clock.advance(seconds=2)
    return [*done, *feed(session, "LOC:C-01-01-1")]


def receive_51_of_48(session: StationSession, clock: FakeClock) -> list[Feedback]:
    done = [session.login("1003", "1357"), session.set_mode("receiving")]
    done += feed(session, "ASN:ASN-CN-0001", "CMD:NEWHU", "@key 4", GTIN["teapot_case"])
    return [*done, *paced(session, GTIN["teapot"], GTIN["teapot"], GTIN["teapot"])]


def receive_one(session: StationSession, clock: FakeClock) -> list[Feedback]:
    done = [session.login("1003", "1357"), session.set_mode("receiving")]
    return [*done, *feed(session, "ASN:ASN-CN-0001", GTIN["teapot"])]


def two_wrong_pins(session: StationSession, clock: FakeClock) -> list[Feedback]:
    return [
        session.login("1001", "0000"),
        session.login("1001", "0000"),
        session.login("1001", "1234"),
    ]


def locked_then_a_minute_later(session: StationSession, clock: FakeClock) -> list[Feedback]:
    done = [session.login("1001", "0000") for _ in range(5)]
    clock.advance(seconds=61)
    return [*done, session.login("1001", "1234")]


def receive_then_put_away(session: StationSession, clock: FakeClock) -> list[Feedback]:
    done = [session.login("1003", "1357"), session.set_mode("receiving")]
    done += feed(
        session, "CMD:BLIND", "@key 10", gs1(GTIN["argan"], lot="ARG2609", expiry="270930")
    )
    done.append(session.set_mode("putaway"))
    return [*done, *feed(session, gs1(GTIN["argan"], lot="ARG2609"))]


def pack_with_a_keyed_weight(session: StationSession, clock: FakeClock) -> list[Feedback]:
    from tests.integration.test_outbound_flow import ACTOR, ARGAN, SAFFRON, pick_ord_1001
    from wms.core.persistence.unit_of_work import UnitOfWork
    from wms.core.services.outbound.waves import release_wave

    with UnitOfWork(session.rt.sessions) as uow:
        release_wave(uow, ACTOR, today=clock().date(), orders=["ORD-1001"], mode="single")
        uow.commit()
    done = [session.login("1001", "1234"), session.set_mode("picking"), *pick_ord_1001(session)]
    clock.advance(seconds=1)
    done.append(session.set_mode("packing"))
    return [*done, *paced(session, "ORD:ORD-1001", ARGAN, SAFFRON, ARGAN, "@key 0.53")]


def choose_receiving(session: StationSession, clock: FakeClock) -> list[Feedback]:
    return [session.login("1003", "1357"), session.set_mode("receiving")]


@dataclass(frozen=True)
class Rule:
    setting: str
    toml: str  # what the station's wms.toml adds to IDENTITY
    scenario: Scenario


RULES = [
    Rule("idle_timeout_minutes", "idle_timeout_minutes = 1\n", idle_then_scan),
    Rule("double_read_seconds", "[workflows]\ndouble_read_seconds = 5\n",
         same_scan_two_seconds_apart),
    Rule("over_receipt_tolerance", "[workflows]\nover_receipt_tolerance = 0.5\n", receive_51_of_48),
    Rule("dock", 'dock = "dock-03"\n', receive_one),
    Rule("max_failed_pins", "[workflows]\nmax_failed_pins = 2\n", two_wrong_pins),
    Rule("lockout_minutes", "[workflows]\nlockout_minutes = 1\n", locked_then_a_minute_later),
    Rule("putaway_order", '[workflows]\nputaway_order = ["empty"]\n', receive_then_put_away),
    Rule("workflows", 'workflows = ["move", "putaway"]\n', choose_receiving),
    Rule("keyed_weight_needs_supervisor", "[workflows]\nkeyed_weight_needs_supervisor = true\n",
         pack_with_a_keyed_weight),
]  # fmt: skip


def station_files(folder: Path, template: Path, name: str, toml: str) -> tuple[Path, Path]:
    folder.mkdir()
    database = folder / f"{name}.db"
    shutil.copyfile(template, database)
    config = folder / "wms.toml"
    config.write_text(toml, encoding="utf-8")
    return config, database


def app_station(config: Path, database: Path) -> Station:
    """The station as ``wms app --config CONFIG --db DB`` opens it."""
    return open_app_station(AppOptions(config_file=str(config), database=str(database)))


def replay_bench(config: Path, database: Path) -> Station:
    """The station as ``wms --config CONFIG --db DB replay -`` opens it."""
    args = build_parser("replay").parse_args(
        ["--config", str(config), "--db", str(database), "replay", "-"]
    )
    return replay_station(args)


def run(open_bench: Callable[[Path, Path], Station], files: tuple[Path, Path], rule: Rule):
    station = open_bench(*files)
    clock = FakeClock()
    try:
        return [observe(f) for f in rule.scenario(station.new_session(clock=clock), clock)]
    finally:
        station.close()


def toml_with(rule: Rule) -> str:
    """IDENTITY plus the setting (a [station] key lands in IDENTITY's [station] table)."""
    return IDENTITY + rule.toml


@pytest.mark.parametrize("rule", RULES, ids=[r.setting for r in RULES])
def test_every_rule_of_wms_toml_changes_the_app_and_replay_alike(rule, demo_template, tmp_path):
    configured = toml_with(rule)
    app = run(app_station, station_files(tmp_path / "app", demo_template, "app", configured), rule)
    replayed = run(
        replay_bench, station_files(tmp_path / "replay", demo_template, "replay", configured), rule
    )
    default = run(
        app_station, station_files(tmp_path / "default", demo_template, "default", IDENTITY), rule
    )
    assert app == replayed
    assert app != default, f"{rule.setting} made no difference"


def test_the_rules_do_what_they_say(demo_template, tmp_path):
    """The differences the parametrised test finds are the ones each setting promises."""
    by_setting = {rule.setting: rule for rule in RULES}

    def observed(setting: str, toml: str) -> list[Observation]:
        rule = by_setting[setting]
        files = station_files(tmp_path / f"{setting}-{len(toml)}", demo_template, "s", toml)
        return run(app_station, files, rule)

    def last(setting: str, toml: str) -> Observation:
        return observed(setting, toml)[-1]

    idle = by_setting["idle_timeout_minutes"]
    assert last(idle.setting, toml_with(idle))[:2] == (False, "session_timeout")
    assert last(idle.setting, IDENTITY)[0] is True
    double = by_setting["double_read_seconds"]
    assert last(double.setting, toml_with(double))[4] is True
    assert last(double.setting, IDENTITY)[4] is False
    tolerance = by_setting["over_receipt_tolerance"]
    assert last(tolerance.setting, toml_with(tolerance))[0] is True
    assert last(tolerance.setting, IDENTITY)[:2] == (False, "over_receipt")
    dock = by_setting["dock"]
    asn_opened = observed(dock.setting, toml_with(dock))[-2]
    assert asn_opened[5].endswith("receiving at DOCK-03")
    assert not observed(dock.setting, IDENTITY)[-2][5].endswith("DOCK-03")
    pins = by_setting["max_failed_pins"]
    assert last(pins.setting, toml_with(pins))[0] is False
    assert last(pins.setting, IDENTITY)[0] is True
    lockout = by_setting["lockout_minutes"]
    assert last(lockout.setting, toml_with(lockout))[0] is True
    assert last(lockout.setting, IDENTITY)[0] is False
    putaway = by_setting["putaway_order"]
    assert last(putaway.setting, IDENTITY)[3] == "P-01-01-1"  # the fixed pick face
    assert last(putaway.setting, toml_with(putaway))[3] not in ("", "P-01-01-1")
    allowed = by_setting["workflows"]
    assert last(allowed.setting, toml_with(allowed))[0] is False
    assert last(allowed.setting, IDENTITY)[0] is True
    keyed = by_setting["keyed_weight_needs_supervisor"]
    assert "a supervisor scans it now" in last(keyed.setting, toml_with(keyed))[5]
    assert "0.53 kg keyed" in last(keyed.setting, IDENTITY)[5]  # closed at once


# -- print routing ------------------------------------------------------------------------------


def test_demo_printers_are_devices_of_the_station_and_routing_names_them(demo_template, tmp_path):
    config, database = station_files(tmp_path / "demo", demo_template, "demo", IDENTITY)
    environment = dict(os.environ)
    station = open_app_station(
        AppOptions(config_file=str(config), database=str(database), demo_printers=True)
    )
    try:
        assert dict(os.environ) == environment  # nothing is handed over through the environment
        assert station.printing == PrintRouting(DEMO_LABEL_PRINTER, DEMO_DOCUMENT_PRINTER)
        assert station.new_session().rt.printing == station.printing
        labels = station.devices.get(DEMO_LABEL_PRINTER)
        assert labels.url == station.demo_printers.simulator.url
        assert station.devices.printer_url(DEMO_DOCUMENT_PRINTER).startswith("file://")
        assert station.print_queue is not None
        assert station.demo_printers.folder == database.parent / "printed"
    finally:
        station.close()
    assert not station.demo_printers.simulator.running


def test_configured_printers_are_used_and_no_demo_printer_is_started(demo_template, tmp_path):
    toml = IDENTITY + (
        '[devices.zebra]\nrole = "printer"\nurl = "tcp://zebra:9100"\ndefault = true\n'
        f'[devices.a4]\nrole = "printer"\nurl = "file://{tmp_path}/"\ncontent_type = "pdf"\n'
    )
    files = station_files(tmp_path / "configured", demo_template, "c", toml)
    for station in (
        open_app_station(AppOptions(str(files[0]), str(files[1]), demo_printers=True)),
        replay_bench(*files),
    ):
        try:
            assert station.demo_printers is None
            assert station.printing == PrintRouting("zebra", "a4")
            assert station.new_session().rt.printing == PrintRouting("zebra", "a4")
        finally:
            station.close()


def test_a_station_without_printers_routes_nowhere_by_name(demo_template, tmp_path, monkeypatch):
    monkeypatch.delenv("WMS_LABEL_PRINTER", raising=False)
    monkeypatch.delenv("WMS_DOCUMENT_PRINTER", raising=False)
    config, database = station_files(tmp_path / "plain", demo_template, "p", IDENTITY)
    station = replay_bench(config, database)
    try:
        assert station.printing == PrintRouting()
        assert station.demo_printers is None
    finally:
        station.close()


def test_the_factory_builds_on_a_database_it_is_given(demo_db):
    from wms.config import StationConfig

    engine, sessions, _path = demo_db
    station = build_station(StationDatabase(StationConfig(warehouse="CMN1"), engine, sessions))
    session = station.new_session()
    assert session.warehouse == "CMN1" and session.login("1001", "1234").ok
    assert session.settings == station.config.rules


# -- replay: @weight ----------------------------------------------------------------------------


class RecordingSession:
    """Stands in for a session: records the inputs a script line becomes."""

    def __init__(self) -> None:
        self.inputs: list[Input] = []
        self.prompt, self.mode, self.operator = "", "", None

    def handle(self, item: Input) -> Feedback:
        self.inputs.append(item)
        return Feedback(ok=True, message="", prompt="")


def test_replay_weights_are_stable_unless_the_line_says_unstable():
    session = RecordingSession()
    assert run_line(session, "@weight 1.25")[1].ok
    assert run_line(session, "@weight 1.30 unstable")[1].ok
    assert [(i.weight_kg, i.stable) for i in session.inputs] == [
        (Decimal("1.25"), True),
        (Decimal("1.30"), False),
    ]
    for bad in ("@weight", "@weight heavy", "@weight 1.2 wobbly", "@weight -1", "@weight 1 2"):
        refused = run_line(session, bad)[1]
        assert not refused.ok and refused.error == "bad_directive"
        assert "@weight KG unstable" in refused.message
    assert len(session.inputs) == 2
