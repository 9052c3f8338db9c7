"""The packing bench without a scale: F6 says so and the weight is keyed; a scale added in
Settings is read at once, without restarting the station app."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from tests.ui.conftest import focus_target, login, person_types, wait_feedback, wedge_scan
from tests.ui.test_outbound_screens import picked_ord_1001
from wms.config import config_from_text
from wms.core.persistence.outbound_tables import ParcelRow
from wms.devices.simulators.ptys import PtyLink
from wms.devices.simulators.scale import MtSicsScaleSimulator
from wms.ui.screens.scan import ScanScreen


def parcels(services) -> list[tuple[Decimal, str]]:
    with services.sessions() as session:
        packed = select(ParcelRow).where(ParcelRow.station != "CMN1-SETUP")  # (not the demo's)
        return [(p.weight_kg, p.weight_source) for p in session.scalars(packed)]


def verified_at_the_bench(station, qtbot, clock):
    window, _wedge, services = station
    argan, saffron = picked_ord_1001(services)
    login(qtbot, window, clock, "1002", "2468")
    window.controller.set_mode("packing")
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    screen = window.scan_screen
    count = window.controller.handled
    for text in ("ORD:ORD-1001", argan, saffron, argan):
        wedge_scan(window, clock, text)
        count += 1
        wait_feedback(qtbot, window, count)
    assert screen.packing.cartons.active  # all verified: the weight step
    return window, services, screen, count


def test_f6_without_a_scale_says_so_and_a_keyed_weight_closes_the_parcel(station, qtbot, clock):
    window, services, screen, count = verified_at_the_bench(station, qtbot, clock)
    assert window.scale is None
    QTest.keyClick(focus_target(window), Qt.Key.Key_F6)
    assert screen.feedback.level == "attention"
    assert "No scale at this bench: key the parcel's weight" in screen.feedback.text()
    assert window.controller.handled == count  # nothing was sent
    person_types(window, clock, "0.53 kg")
    wait_feedback(qtbot, window, count + 1)
    assert screen.feedback.level == "ok", screen.feedback.text()
    assert "0.53 kg keyed" in screen.feedback.text()
    assert parcels(services) == [(Decimal("0.530"), "keyed")]


def test_a_scale_added_in_settings_is_read_without_a_restart(station, qtbot, clock, tmp_path):
    window, services, screen, count = verified_at_the_bench(station, qtbot, clock)
    link = PtyLink(tmp_path / "ttySCALE")
    simulator = MtSicsScaleSimulator(link, weight="0.530").start()
    try:
        saved = config_from_text(
            f'[devices.bench_scale]\nrole = "scale"\nurl = "{link.link}"\n'
            'protocol = "mt-sics"\ntimeout = 0.5\n',
            tmp_path / "wms.toml",
        )
        window.use_saved_devices(saved)  # what saving the Settings dialog does
        assert window.scale is not None and screen.packing.scale.scale is window.scale
        assert "bench_scale" in window.device_labels
        # its dot joins the other devices' in the status bar, after them
        strip = window.device_strip.layout()
        dot = window.device_labels["bench_scale"]
        assert strip.indexOf(dot) == strip.count() - 1 == len(window.device_labels) - 1
        assert "bench_scale" in window.health.devices.devices  # its health is checked too
        bench = screen.packing.scale
        qtbot.waitUntil(lambda: bench.kg == Decimal("0.530") and bench.stable, timeout=10_000)
        QTest.keyClick(focus_target(window), Qt.Key.Key_F6)
        wait_feedback(qtbot, window, count + 1)
        assert screen.feedback.level == "ok", screen.feedback.text()
        assert parcels(services) == [(Decimal("0.530"), "scale")]
    finally:
        window.scale.stop()
        simulator.stop()
        link.close()
