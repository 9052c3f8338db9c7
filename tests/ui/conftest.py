"""Fixtures of the station app tests: the demo site behind a real window, offscreen."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from wms.config import StationConfig


class FakeClock:
    """A monotonic clock the test drives: every reading advances it by ``step`` seconds."""

    def __init__(self, step: float = 0.002) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def ensure_tables(engine) -> None:
    """Create tables a newer module declares but no migration creates yet (no-op once the
    migrations have them): the UI tests are about the UI, not about migration order."""
    from wms.core.persistence import print_jobs  # noqa: F401  (registers print_jobs)
    from wms.core.persistence.schema import metadata

    metadata.create_all(engine, checkfirst=True)


def make_services(db, *, config: StationConfig | None = None, tmp_path: Path | None = None):
    """The station the app runs on, built by the station factory on ``db``."""
    from wms.station import StationDatabase, build_station

    engine, sessions, _path = db
    ensure_tables(engine)
    config = config or StationConfig(station="CMN1-T01", warehouse="CMN1")
    if config.path is None and tmp_path is not None:
        config = replace(config, path=tmp_path / "wms.toml")
    return build_station(StationDatabase(config, engine, sessions))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def station(demo_db, qtbot, clock, tmp_path):
    """(window, wedge, services) on the demo site; the wedge filter uses the fake clock."""
    from wms.ui.main_window import MainWindow
    from wms.ui.sounds import SoundPlayer
    from wms.ui.wedge_filter import WedgeFilter, detector_for

    services = make_services(demo_db, tmp_path=tmp_path)
    app = QApplication.instance()
    wedge = WedgeFilter(detector_for(None), clock=clock)
    app.installEventFilter(wedge)
    window = MainWindow(services, sounds=SoundPlayer(muted=True), wedge=wedge)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, wedge, services
    window.shutdown()
    app.removeEventFilter(wedge)
    services.close()


def focus_target(window) -> QWidget:
    widget = QApplication.focusWidget()
    return widget if widget is not None and widget.window() is window else window


def wedge_scan(window, clock: FakeClock, text: str) -> None:
    """Type ``text`` as a wedge scanner does: a fast burst, GS as Ctrl+], then Enter."""
    clock.step = 0.002
    for char in text:
        target = focus_target(window)
        if char == "\x1d":
            QTest.keyClick(target, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
        else:
            QTest.keyClicks(target, char)
    QTest.keyClick(focus_target(window), Qt.Key.Key_Return)


def wedge_burst(window, clock: FakeClock, text: str, *, per_key_ms: int = 5) -> None:
    """A real wedge burst: one key every ``per_key_ms`` milliseconds (by the wall clock, with
    the event loop running in between, and by the filter's clock), GS as Ctrl+], then Enter,
    each key to whatever has the focus when it is pressed."""
    clock.step = per_key_ms / 1000
    for char in [*text, "\r"]:
        QTest.qWait(per_key_ms)
        target = focus_target(window)
        if char == "\x1d":
            QTest.keyClick(target, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
        elif char == "\r":
            QTest.keyClick(target, Qt.Key.Key_Return)
        else:
            QTest.keyClicks(target, char)
    clock.step = 0.002


def person_types(window, clock: FakeClock, text: str, *, enter: bool = True) -> None:
    """Type ``text`` slowly, as a person does (0.25 s between keys), then Enter."""
    clock.step = 0.25
    for char in text:
        QTest.keyClicks(focus_target(window), char)
    if enter:
        QTest.keyClick(focus_target(window), Qt.Key.Key_Return)
    clock.step = 0.002


def wait_feedback(qtbot, window, count: int) -> None:
    """Wait until the session has answered ``count`` inputs in total (a timeout names how many
    were answered, the last feedback and what the focused field holds)."""

    def answered() -> None:
        controller = window.controller
        assert controller.handled >= count, (
            f"answered {controller.handled} inputs of {count}; last feedback "
            f"{controller.last_feedback!r}; focused field holds {focused_text(window)!r}"
        )

    qtbot.waitUntil(answered, timeout=10_000)


def focused_text(window) -> str | None:
    target = focus_target(window)
    text = getattr(target, "text", None)
    return text() if callable(text) else None


def login(qtbot, window, clock, badge: str = "1001", pin: str = "1234") -> None:
    start = window.controller.handled
    wedge_scan(window, clock, badge)
    wait_feedback(qtbot, window, start + 1)
    assert window.login.badge == badge
    person_types(window, clock, pin)
    qtbot.waitUntil(lambda: window.home is not None and window.current() is window.home)
