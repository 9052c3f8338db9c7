"""The supervisor's parcel hub tab shows the demo's held parcels, the parcels at risk of missing
their promise and a chart of them by hours left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wms.core.services.hub import customs, demo
from wms.core.services.workflows import StationSession
from wms.ui.screens.hub_panel import BUCKETS, HubPanel, bucket_counts
from wms.ui.workers import Tasks


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
