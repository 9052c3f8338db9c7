"""Saving the Settings dialog edits wms.toml in place: the operator's comments and layout stay."""

from __future__ import annotations

import tomllib

from wms.config import load_config
from wms.ui.settings_dialog import SettingsDialog
from wms.ui.workers import Tasks

COMMENTED = """\
# Bench 7, hall B. Ask Karim before changing anything here.

[station]
id = "CMN1-S07"          # printed on the bench
warehouse = "CMN1"
# receiving and putaway only until the second scale arrives
workflows = ["receiving", "putaway"]
idle_timeout_minutes = 10   # long shifts, gloves on

[workflows]
# the hall's pallets arrive short-shipped: be generous
over_receipt_tolerance = 0.1

# central is reached over the hub VPN
[central]
url = "postgresql://cmn1@central/wms"   # via vpn

[devices.bench_scanner]   # the Honeywell on the left
role = "scanner"
url = "wedge:"
min_length = 6            # short codes are typos
"""


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if "#" in line]


def test_saving_settings_keeps_the_operators_comments_and_layout(qtbot, tmp_path):
    path = tmp_path / "wms.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    dialog = SettingsDialog(load_config(path), Tasks(synchronous=True), path=path)
    qtbot.addWidget(dialog)
    dialog.station.setText("CMN1-S08")
    dialog.workflows["move"].setChecked(True)
    spool = tmp_path / "spool"
    spool.mkdir()
    dialog.urls["printer"].setText(f"file://{spool}/")
    dialog.save()
    assert dialog.saved, dialog.error.text()

    text = path.read_text(encoding="utf-8")
    for comment in comment_lines(COMMENTED):
        expected = comment.replace('"CMN1-S07"', '"CMN1-S08"').replace(
            '["receiving", "putaway"]', '["receiving", "putaway", "move"]'
        )
        assert expected in [line.strip() for line in text.splitlines()], comment
    # untouched lines stay where they were, in the same order
    assert text.startswith("# Bench 7, hall B.")
    assert text.index("[workflows]") < text.index("# central is reached") < text.index("[central]")
    # and the file says what the dialog said
    saved = load_config(path)
    assert saved.station == "CMN1-S08" and saved.warehouse == "CMN1"
    assert saved.workflows == ("receiving", "putaway", "move")
    assert saved.rules.idle_timeout.total_seconds() == 600
    assert str(saved.rules.over_receipt_tolerance) == "0.1"
    assert saved.label_printer == "label_printer"
    data = tomllib.loads(text)
    assert data["devices"]["bench_scanner"] == {"role": "scanner", "url": "wedge:", "min_length": 6}
    assert data["devices"]["label_printer"] == {"role": "printer", "url": f"file://{spool}/"}
    # a key the dialog adds goes into its table, not under the next table's comment
    assert data["station"]["language"] == "en"
    station_table = text[text.index("[station]") : text.index("[workflows]")]
    assert 'language = "en"' in station_table


def test_a_setting_the_reader_refuses_is_not_saved(qtbot, tmp_path):
    path = tmp_path / "wms.toml"
    path.write_text(COMMENTED + '\n[devices.zebra]\nrole = "printer"\nurl = "tcp://z:9100"\n')
    before = path.read_text(encoding="utf-8")
    dialog = SettingsDialog(load_config(path), Tasks(synchronous=True), path=path)
    qtbot.addWidget(dialog)
    dialog.urls["printer"].setText("nonsense")
    dialog.save()
    assert not dialog.saved and "devices.zebra.url: expected a printer URL" in dialog.error.text()
    assert path.read_text(encoding="utf-8") == before
