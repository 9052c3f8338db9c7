"""The station app's parts: wedge filter, sounds, languages, settings, print queue, scale, start."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
import wave
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.conftest import WMS
from tests.ui.conftest import FakeClock, ensure_tables
from wms.config import StationConfig, load_config
from wms.core.persistence.print_jobs import PrintJobStore
from wms.devices.print_queue import PrintQueue, RetryPolicy
from wms.devices.wedge import WedgeDetector
from wms.ui.i18n import current_language, set_language
from wms.ui.qt_devices import QtPrintQueue, QtScale
from wms.ui.settings_dialog import SettingsDialog, updated_config
from wms.ui.sounds import TONES, SoundPlayer, generate_sounds
from wms.ui.toml_writer import dumps, write_atomically
from wms.ui.wedge_filter import WedgeFilter, key_text
from wms.ui.workers import SerialExecutor, Tasks

# -- wedge filter -----------------------------------------------------------------------------


@pytest.fixture
def field(qtbot):
    clock = FakeClock()
    wedge = WedgeFilter(WedgeDetector(max_gap=0.03, prefix="", min_length=4), clock=clock)
    app = QApplication.instance()
    app.installEventFilter(wedge)
    line = QLineEdit()
    qtbot.addWidget(line)
    line.show()
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    scans: list[str] = []
    wedge.scanned.connect(scans.append)
    yield line, wedge, clock, scans
    app.removeEventFilter(wedge)


def test_burst_becomes_one_scan_with_gs_and_typing_reaches_the_field(field):
    line, wedge, clock, scans = field
    clock.step = 0.002
    QTest.keyClicks(line, "]C101")
    QTest.keyClick(line, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(line, "10AB")
    QTest.keyClick(line, Qt.Key.Key_Return)
    assert scans == ["]C101\x1d10AB"]
    assert line.text() == ""
    clock.step = 0.4  # a person
    QTest.keyClicks(line, "42")
    wedge.flush()
    assert line.text() == "42"
    assert scans == ["]C101\x1d10AB"]


def test_short_fast_input_and_shortcuts_are_not_scans(field):
    line, _wedge, clock, scans = field
    clock.step = 0.002
    QTest.keyClicks(line, "12")  # too short for a scan
    QTest.keyClick(line, Qt.Key.Key_Return)
    assert scans == [] and line.text() == "12"
    QTest.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    QTest.keyClick(line, Qt.Key.Key_Backspace)
    assert line.text() == ""


def test_pause_ends_a_scan_without_terminator(field, qtbot):
    line, wedge, clock, scans = field
    clock.step = 0.002
    QTest.keyClicks(line, "ABCDEF")
    clock.now += 1.0
    wedge.tick()
    assert scans == ["ABCDEF"] and line.text() == ""


def test_key_text_maps_gs_enter_tab():
    from PySide6.QtGui import QKeyEvent

    def press(key, modifiers=Qt.KeyboardModifier.NoModifier, text=""):
        return QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text)

    assert key_text(press(Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)) == "\x1d"
    assert key_text(press(Qt.Key.Key_unknown, text="\x1d")) == "\x1d"
    assert key_text(press(Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier, "\r")) == "\r"
    assert key_text(press(Qt.Key.Key_Tab, text="\t")) == "\t"
    assert key_text(press(Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier, "\x03")) is None
    assert key_text(press(Qt.Key.Key_F2)) is None


# -- workers ----------------------------------------------------------------------------------


def test_tasks_deliver_on_the_gui_thread_and_errors_to_on_error(qtbot):
    import threading

    tasks = Tasks()
    seen: list[object] = []
    main = threading.get_ident()
    tasks.run(
        lambda: threading.get_ident(), lambda worker: seen.append((worker, threading.get_ident()))
    )
    tasks.run(lambda: 1 / 0, None, lambda error: seen.append(type(error).__name__))
    qtbot.waitUntil(lambda: len(seen) == 2)
    worker_thread, callback_thread = next(s for s in seen if isinstance(s, tuple))
    assert worker_thread != main and callback_thread == main
    assert "ZeroDivisionError" in seen
    sync = Tasks(synchronous=True)
    sync.run(lambda: 5, seen.append)
    assert seen[-1] == 5


def test_serial_executor_keeps_order(qtbot):
    executor = SerialExecutor()
    results: list[int] = []
    for n in range(20):
        executor.submit(lambda n=n: (time.sleep(0.001 * (n % 3)), n)[1], results.append)
    qtbot.waitUntil(lambda: len(results) == 20)
    assert results == list(range(20))
    executor.stop()


# -- sounds -----------------------------------------------------------------------------------


def test_sounds_are_distinct_wav_files_and_playing_never_crashes(tmp_path, qtbot):
    written = generate_sounds(tmp_path, overwrite=True)
    assert sorted(p.name for p in written) == ["attention.wav", "error.wav", "ok.wav"]
    lengths = {}
    for path in written:
        with wave.open(str(path)) as wav:
            assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
            lengths[path.stem] = wav.getnframes()
    assert len(set(lengths.values())) == 3
    assert lengths["ok"] < lengths["attention"] < lengths["error"]
    player = SoundPlayer(muted=False)
    for name in (*TONES, "unknown"):
        player.play(name)  # silent without an audio device, but never raises
    assert player.played == ["ok", "error", "attention", "attention"]


# -- languages --------------------------------------------------------------------------------


def test_languages_switch_at_login_with_right_to_left_arabic(qtbot):
    from wms.ui.screens.login import LoginScreen

    screen = LoginScreen("CMN1-T01", "CMN1")
    qtbot.addWidget(screen)
    try:
        assert set_language("fr")
        assert screen.prompt.text() == "Scannez votre badge"
        assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert set_language("ar")
        assert screen.prompt.text() == "امسح شارتك"
        assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert set_language("zh")
        assert screen.prompt.text() == "请扫描工牌"
        assert current_language() == "zh"
        checked = [b.property("code") for b in screen.languages.buttons() if b.isChecked()]
        assert checked == ["zh"]
    finally:
        set_language("en")
    assert screen.prompt.text() == "Scan your badge"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_every_translation_file_is_complete():
    import xml.etree.ElementTree as ET

    from wms.resources import resource_path

    for code in ("fr", "ar", "zh"):
        ts = resource_path("translations", f"wms_{code}.ts")
        assert resource_path("translations", f"wms_{code}.qm").exists()
        unfinished = [
            m.findtext("source")
            for m in ET.parse(ts).getroot().iter("message")
            if m.find("translation").get("type") == "unfinished"
        ]
        assert unfinished == [], code


# -- settings ---------------------------------------------------------------------------------


def test_toml_writer_round_trips():
    data = {
        "station": {"id": "CMN1-S01", "workflows": ["receiving", "sorting"], "n": 3, "on": True},
        "central": {"url": 'postgresql://x@y/wms?a="b"\\'},
        "devices": {"label printer": {"role": "printer", "url": "tcp://p:9100", "default": True}},
    }
    assert tomllib.loads(dumps(data)) == data


def test_settings_dialog_saves_wms_toml_keeping_other_settings(qtbot, tmp_path):
    path = tmp_path / "wms.toml"
    write_atomically(
        path,
        {
            "station": {"id": "OLD", "database": "/data/station.db"},
            "central": {"url": "postgresql://c/w"},
        },
    )
    config = load_config(str(path))
    dialog = SettingsDialog(config, Tasks(synchronous=True), path=path)
    qtbot.addWidget(dialog)
    dialog.station.setText("CMN1-S07")
    dialog.warehouse.setText("cmn1")
    dialog.language.setCurrentIndex(1)  # Français
    for name, box in dialog.workflows.items():
        box.setChecked(name in ("receiving", "putaway"))
    spool = tmp_path / "spool"
    spool.mkdir()
    dialog.urls["printer"].setText(f"file://{spool}/")
    dialog.urls["scanner"].setText("wedge:")
    dialog.test("printer")
    assert dialog.results["printer"].text().startswith("✔")
    dialog.urls["scale"].setText("socket://127.0.0.1:1")
    dialog.test("scale")
    assert dialog.results["scale"].text().startswith("✘")
    dialog.urls["scale"].setText("")
    dialog.save()
    assert dialog.saved
    saved = load_config(str(path))
    assert saved.station == "CMN1-S07" and saved.warehouse == "CMN1"
    assert saved.language == "fr" and saved.workflows == ("receiving", "putaway")
    assert saved.database == "/data/station.db" and saved.central_url == "postgresql://c/w"
    assert saved.raw["devices"]["label_printer"] == {"role": "printer", "url": f"file://{spool}/"}
    assert saved.raw["devices"]["scanner"]["url"] == "wedge:"
    assert "scale" not in saved.raw["devices"]


def test_settings_refuse_a_bad_printer_url(qtbot, tmp_path):
    dialog = SettingsDialog(StationConfig(), Tasks(synchronous=True), path=tmp_path / "wms.toml")
    qtbot.addWidget(dialog)
    dialog.urls["printer"].setText("nonsense")
    dialog.save()
    assert not dialog.saved and "printer URL" in dialog.error.text()
    assert not (tmp_path / "wms.toml").exists()
    raw = updated_config(
        {}, station="", warehouse="", language="en", workflows=["sorting"], devices={}
    )
    assert raw == {"station": {"language": "en", "workflows": ["sorting"]}}


# -- print queue and scale --------------------------------------------------------------------


def test_print_queue_panel_lists_reroutes_and_reprints(qtbot, station_db, tmp_path):
    from wms.ui.screens.print_queue import PrintQueuePanel

    engine, sessions, _ = station_db
    ensure_tables(engine)
    spool = tmp_path / "spool"
    spool.mkdir()
    good = f"file://{spool}/"
    dead = "tcp://127.0.0.1:9"
    queue = PrintQueue(PrintJobStore(sessions), retry=RetryPolicy(initial=60), connect_timeout=0.5)
    qt_queue = QtPrintQueue(queue, Tasks())
    qt_queue.start()
    try:
        queue.enqueue(good, b"^XA^FDlabel^FS^XZ", description="SSCC label", reference="SSCC-1")
        queue.enqueue(dead, b"^XA^XZ", description="packing list", reference="ORD-1")
        qtbot.waitUntil(lambda: any(spool.iterdir()), timeout=10_000)
        panel = PrintQueuePanel(qt_queue, [good, dead])
        qtbot.addWidget(panel)
        qtbot.waitUntil(
            lambda: len(panel.model.rows) == 1 and bool(panel.model.rows[0][6]), timeout=10_000
        )  # the list refreshes itself when the queue's worker records the failed attempt
        row = panel.model.rows[0]
        assert row[2] == "packing list" and row[1] == "pending" and row[6]  # the error shown
        panel.target.setCurrentText(good)
        panel.table.view.selectRow(0)
        panel.reroute()
        qtbot.waitUntil(lambda: len(list(spool.iterdir())) == 2, timeout=10_000)
        qtbot.waitUntil(lambda: not panel.model.rows, timeout=10_000)
        panel._set_states(None)
        qtbot.waitUntil(lambda: len(panel.model.rows) == 2, timeout=10_000)
        printed = [
            i for i, job in enumerate(panel.model.objects) if job.description == "SSCC label"
        ]
        panel.table.view.selectRow(printed[0])
        panel.reprint()

        def reprinted():
            return [j for j in queue.jobs() if j.reprint_of and str(j.state) == "done"]

        qtbot.waitUntil(lambda: bool(reprinted()), timeout=10_000)
        reprint = reprinted()[0]
        assert reprint.reference == "SSCC-1" and reprint.payload == b"^XA^FDlabel^FS^XZ"
        qtbot.waitUntil(lambda: len(panel.model.rows) == 3, timeout=10_000)
    finally:
        qt_queue.stop()


def test_scale_panel_shows_live_weight_and_sends_the_reading_with_its_stability(qtbot):
    from wms.ui.screens.packing import ScalePanel

    class Reading:
        def __init__(self, kg, stable):
            self.kg, self.stable = Decimal(kg), stable

        def __str__(self):
            return f"{self.kg} kg"

    readings = iter([Reading("1.234", False), Reading("1.250", True)])

    class FakeScale:
        def weigh_immediate(self, accept_dynamic=False):
            try:
                return next(readings)
            except StopIteration:
                from wms.core.domain.errors import ScaleError

                raise ScaleError("scale did not answer") from None

    scale = QtScale(lambda: FakeScale(), interval=0.05)
    panel = ScalePanel(scale)
    qtbot.addWidget(panel)
    sent: list[object] = []
    stabilities: list[bool] = []
    panel.weight_sent.connect(lambda kg, stable: (sent.append(kg), stabilities.append(stable)))
    scale.start()
    try:
        qtbot.waitUntil(lambda: panel.stable, timeout=5_000)
        assert panel.value.text() == "1.250 kg"
        assert panel.button.isEnabled()  # the button is offered on a stable reading
        panel.send_weight()
        assert sent == [Decimal("1.250")]
        assert stabilities == [True]
        qtbot.waitUntil(lambda: not scale.ok, timeout=5_000)
        assert "did not answer" in panel.state.text()
        panel.send_weight()  # no reading: nothing to send
        assert sent == [Decimal("1.250")]
    finally:
        scale.stop()
    # a settling reading still goes to the workflow, marked unstable: the workflow decides
    panel.show_weight(Decimal("1.300"), False)
    assert not panel.button.isEnabled()
    panel.send_weight()
    assert sent == [Decimal("1.250"), Decimal("1.300")]
    assert stabilities == [True, False]


# -- the real command -------------------------------------------------------------------------


def test_wms_app_starts_to_the_login_screen(demo_db, tmp_path):
    engine, _sessions, path = demo_db
    ensure_tables(engine)
    ready = tmp_path / "ready"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "WMS_APP_READY_FILE": str(ready),
        "WMS_MUTE": "1",
        "WMS_WAREHOUSE": "CMN1",
    }
    result = subprocess.run(
        [*WMS, "--db", str(path), "app", "--quit-after", "0.5"],
        capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert ready.exists()
    log = Path(path).parent / "wms-station.log"
    assert "started on" in log.read_text(encoding="utf-8")


def test_wms_app_refuses_a_missing_database_in_one_line(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [*WMS, "--db", str(tmp_path / "none.db"), "app"],
        capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "does not exist" in result.stderr
    assert sys.executable  # the same interpreter as the tests


def test_every_station_mode_title_is_marked_for_translation():
    from wms.core.domain.modes import StationMode
    from wms.ui.screens.home import TRANSLATED_TITLES, offered_modes, workflow_title

    assert [str(t) for t in TRANSLATED_TITLES] == [mode.english_title for mode in StationMode]
    assert workflow_title("move") == "Moves"
    # the home screen offers what the session allows, always in the one order
    assert offered_modes(["packing", "receiving", "nonsense"]) == [
        StationMode.RECEIVING,
        StationMode.PACKING,
    ]
