"""Settings (F9) are for a supervisor or an admin: an operator, or nobody, gets a clear refusal.
The dialog shows the station and warehouse the app runs as, and every field it saves is shown
again on the next visit, so a second save keeps what the first one saved (the scale URL)."""

from __future__ import annotations

import tomllib

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import focus_target, login
from wms.config import load_config


def press_f9(window) -> None:
    QTest.keyClick(focus_target(window), Qt.Key.Key_F9)


def test_nobody_logged_in_gets_a_refusal_instead_of_settings(station, qtbot):
    window, _wedge, _services = station
    press_f9(window)
    assert window.settings_dialog is None
    assert window.login.feedback.level == "error"
    assert "supervisor or admin" in window.login.feedback.text()
    window.login.settings_button.click()
    assert window.settings_dialog is None


def test_an_operator_gets_a_clear_refusal(station, qtbot, clock):
    window, _wedge, _services = station
    login(qtbot, window, clock)  # Youssef El Amrani, operator
    press_f9(window)
    assert window.settings_dialog is None
    assert window.sounds.last_played == "error"
    assert "Settings need a supervisor or admin; Youssef El Amrani is logged in as operator" in (
        window.statusBar().currentMessage()
    )


def test_a_supervisor_opens_settings_showing_this_station_and_warehouse(station, qtbot, clock):
    window, _wedge, _services = station
    login(qtbot, window, clock, "2001", "9876")  # Karim Idrissi, supervisor
    press_f9(window)
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.running.text() == "This station: CMN1-T01 · warehouse CMN1"
    assert dialog.station.text() == "CMN1-T01"
    assert dialog.warehouse.text() == "CMN1"
    dialog.reject()


def test_every_field_survives_a_save_and_a_second_visit(station, qtbot, clock, tmp_path):
    window, _wedge, services = station
    login(qtbot, window, clock, "9001", "4321")  # Nadia Berrada, admin
    press_f9(window)
    dialog = window.settings_dialog
    spool = tmp_path / "spool"
    spool.mkdir()
    dialog.station.setText("CMN1-S09")
    dialog.warehouse.setText("cmn1")
    dialog.language.setCurrentIndex(2)  # العربية
    for name, box in dialog.workflows.items():
        box.setChecked(name in ("packing", "shipping"))
    dialog.urls["scanner"].setText("wedge:")
    dialog.urls["printer"].setText(f"file://{spool}/")
    dialog.urls["scale"].setText("socket://127.0.0.1:4001")
    dialog.scale_protocol.setCurrentText("toledo")
    dialog.save()
    assert dialog.saved, dialog.error.text()
    assert "Settings saved to" in window.statusBar().currentMessage()
    path = services.config.path
    first = path.read_text(encoding="utf-8")

    press_f9(window)  # again, without a restart
    again = window.settings_dialog
    assert again is not dialog
    assert again.station.text() == "CMN1-S09"
    assert again.warehouse.text() == "CMN1"
    assert again.language.currentData() == "ar"
    assert [n for n, box in again.workflows.items() if box.isChecked()] == ["packing", "shipping"]
    assert again.urls["scanner"].text() == "wedge:"
    assert again.urls["printer"].text() == f"file://{spool}/"
    assert again.urls["scale"].text() == "socket://127.0.0.1:4001"
    assert again.scale_protocol.currentText() == "toledo"
    again.save()
    assert again.saved, again.error.text()
    assert path.read_text(encoding="utf-8") == first  # nothing lost, nothing changed

    saved = load_config(path)
    assert (saved.station, saved.warehouse, saved.language) == ("CMN1-S09", "CMN1", "ar")
    assert saved.workflows == ("packing", "shipping")
    devices = tomllib.loads(first)["devices"]
    assert devices["scale"] == {
        "role": "scale",
        "url": "socket://127.0.0.1:4001",
        "protocol": "toledo",
    }
    assert devices["scanner"] == {"role": "scanner", "url": "wedge:"}
    assert devices["label_printer"] == {"role": "printer", "url": f"file://{spool}/"}
