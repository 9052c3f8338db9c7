"""The supervisor's parcel hub tab shows the demo's held parcels, the parcels at risk of missing
their promise and a chart of them by hours left, and a chart of parcels sorted per hour per
station and operator; the hub's scan screens show the 72-hour clock (parcels at risk, the most
urgent with hours left and where they are), refreshed after each accepted scan and on a timer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wms.core.services.hub import customs, demo, queries
from wms.core.services.workflows import StationSession
from wms.ui.screens.hub_panel import BUCKETS, HubPanel, bucket_counts
from wms.ui.screens.scan import ScanScreen
from wms.ui.widgets.at_risk import AtRiskStrip
from wms.ui.workers import Tasks

from .conftest import login, wait_feedback, wedge_scan


def test_the_hub_tab_lists_held_and_at_risk_parcels_with_a_chart(demo_db, qtbot):
    _engine, sessions, _path = demo_db
    customs.import_decisions_bytes(
        sessions, f"tracking,decision,reason\n{demo.tracking(1)},held,documents\n"
    )
    session = StationSession(sessions, warehouse="CMN1", station="CMN1-HUB-01")
    assert session.login("1003", "1357").ok and session.set_mode("deconsolidation").ok
    for scan in (demo.BAGS[0], demo.tracking(1), "LOC:HOLD"):
        assert session.handle(scan).ok
    now = datetime.now(UTC) + timedelta(hours=2)
    panel = HubPanel(sessions, Tasks(synchronous=True), warehouse="CMN1", clock=lambda: now)
    qtbot.addWidget(panel)
    panel.refresh()
    assert panel.held_model.rows == [("documents", 1, 2.0)]
    assert len(panel.at_risk_model.rows) == 300  # the demo's parcels are ~8 h from their promise
    assert "held in the cage: 1 · at risk: 300" in panel.summary.text()
    assert [row[3] for row in panel.throughput_model.rows] == [1]
    series = panel.chart.chart().series()
    assert len(series) == 1


def test_parcels_are_counted_in_their_hours_left_bucket():
    assert len(BUCKETS) == 5
    assert bucket_counts([-3, 0.5, 5, 11.9, 20, 30]) == [1, 1, 1, 1, 1]


def sort(session: StationSession, *scans: str) -> None:
    for scan in scans:
        feedback = session.handle(scan)
        assert feedback.ok, feedback.message


def test_the_hub_tab_charts_parcels_per_hour_per_station_and_operator(demo_db, qtbot):
    _engine, sessions, _path = demo_db
    first = StationSession(sessions, warehouse="CMN1", station="CMN1-HUB-01")
    assert first.login("1003", "1357").ok and first.set_mode("deconsolidation").ok
    sort(first, demo.BAGS[0], demo.tracking(1), "LOC:LM-BPOST", demo.tracking(2), "LOC:LM-POSTNL")
    second = StationSession(sessions, warehouse="CMN1", station="CMN1-HUB-02")
    assert second.login("1002", "2468").ok and second.set_mode("deconsolidation").ok
    sort(second, demo.BAGS[1], demo.tracking(76), "LOC:LM-BPOST")
    now = datetime.now(UTC)
    panel = HubPanel(sessions, Tasks(synchronous=True), warehouse="CMN1", clock=lambda: now)
    qtbot.addWidget(panel)
    panel.refresh()
    rows = queries.throughput(sessions, since=now - timedelta(hours=24), warehouse="CMN1")
    assert {(r["station"], r["operator"], r["parcels"]) for r in rows} == {
        ("CMN1-HUB-01", "1003", 2),
        ("CMN1-HUB-02", "1002", 1),
    }
    series = panel.per_hour.chart().series()
    assert len(series) == 1
    bars = {bar.label(): [bar.at(i) for i in range(bar.count())] for bar in series[0].barSets()}
    assert set(bars) == {"CMN1-HUB-01 · 1003", "CMN1-HUB-02 · 1002"}
    assert all(len(counts) == 24 for counts in bars.values())  # one bar per hour
    assert bars["CMN1-HUB-01 · 1003"][-1] == 2.0 and sum(bars["CMN1-HUB-01 · 1003"]) == 2.0
    assert bars["CMN1-HUB-02 · 1002"][-1] == 1.0 and sum(bars["CMN1-HUB-02 · 1002"]) == 1.0
    assert "3 parcels sorted in the last 24 hours" in panel.per_hour.chart().title()
    assert sorted(row[3] for row in panel.throughput_model.rows) == [1, 2]


def test_the_hub_scan_screen_shows_the_parcels_at_risk_and_refreshes_after_a_sort(
    station, qtbot, clock
):
    window, _wedge, services = station
    login(qtbot, window, clock, "1003", "1357")
    window.controller.set_mode("deconsolidation")
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    strip = window.scan_screen.at_risk
    assert isinstance(strip, AtRiskStrip) and strip.isVisible()
    qtbot.waitUntil(lambda: strip.data is not None, timeout=10_000)
    expected = queries.at_risk(
        services.read_sessions, now=datetime.now(UTC), hours=12, warehouse="CMN1"
    )
    assert strip.data.count == expected.count == 300  # the demo's parcels are ~10 h away
    assert "300 parcels at risk" in strip.count.text()
    assert "promise within 12 h" in strip.title.text()
    lines = strip.shown_lines()
    assert len(lines) == 5
    assert [line.split("  ·  ")[0] for line in lines] == [p.tracking for p in expected.soonest]
    tracking, left, where = lines[0].split("  ·  ")
    assert tracking == demo.tracking(0) and where == "not yet scanned"
    assert 9.0 <= float(left.removesuffix(" h")) <= 10.0  # built 62 h after departure
    count = window.controller.handled
    for scan in (demo.BAGS[0], demo.tracking(0), "LOC:LM-PUDO"):
        wedge_scan(window, clock, scan)
        count += 1
        wait_feedback(qtbot, window, count)
    assert window.scan_screen.feedback.level == "ok", window.scan_screen.feedback.text()
    qtbot.waitUntil(lambda: strip.shown_lines()[0].endswith("LM-PUDO"), timeout=10_000)


def test_the_at_risk_strip_refreshes_on_a_timer_one_read_at_a_time(qtbot):
    reads = []
    data = queries.AtRisk(
        2, 12, (queries.AtRiskParcel("LP800000002CN", -1.25, "held", "HOLD", "COLISSIMO"),)
    )

    def load(done, _failed):
        reads.append(len(reads))
        done(data)

    strip = AtRiskStrip(load, refresh_ms=20)
    qtbot.addWidget(strip)
    qtbot.waitUntil(lambda: len(reads) >= 2, timeout=5_000)
    assert strip.shown_lines() == ["LP800000002CN  ·  -1.2 h  ·  HOLD"]
    assert "2 parcels at risk" in strip.count.text()
    pending = AtRiskStrip(lambda done, failed: reads.append("slow"), refresh_ms=60_000)
    qtbot.addWidget(pending)
    pending.refresh()
    pending.refresh()  # still reading: not stacked
    assert reads.count("slow") == 1
