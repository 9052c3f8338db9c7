"""Station settings: who this bench is, its workflows and devices, stored in ``wms.toml``.

Each device has a "Test" button that probes it in the background (the same check as
``wms devices status``). Saving edits the file as it is on disk with tomlkit — every setting the
dialog does not show, and the operator's comments and layout, stay — checks the result with the
configuration reader (:func:`wms.config.config_from_text`), then writes it atomically.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from tomlkit.toml_document import TOMLDocument

from wms.config import StationConfig, config_from_text, load_config
from wms.core.domain.errors import WmsError
from wms.core.domain.modes import StationMode
from wms.devices.config import parse_device_settings
from wms.ui.i18n import LANGUAGES
from wms.ui.screens.home import workflow_title
from wms.ui.toml_writer import document_of, dumps, read_document, set_key, table, write_atomically
from wms.ui.workers import Tasks

if TYPE_CHECKING:
    from wms.devices.health import DeviceHealth

ROLE_DEFAULT_NAMES = {"scanner": "scanner", "printer": "label_printer", "scale": "scale"}


def device_entry(raw: Mapping[str, object], role: str) -> tuple[str, dict[str, object]]:
    """The first configured device of ``role`` as (name, a copy of its table), or a new one."""
    devices = raw.get("devices")
    if isinstance(devices, Mapping):
        for name, entry in devices.items():
            if isinstance(entry, Mapping) and entry.get("role") == role:
                return str(name), dict(entry)
    return ROLE_DEFAULT_NAMES[role], {"role": role}


def updated_config(
    raw: Mapping[str, object],
    *,
    station: str,
    warehouse: str,
    language: str,
    workflows: list[str],
    devices: Mapping[str, Mapping[str, str]],
) -> TOMLDocument:
    """A copy of ``raw`` (a tomlkit document keeps its comments) with the dialog's values;
    device tables with an empty URL are removed."""
    document = document_of(raw)
    where = table(document, "station")
    for key, value in (("id", station), ("warehouse", warehouse)):
        if value:
            set_key(where, key, value)
        elif key in where:
            del where[key]
    set_key(where, "language", language)
    set_key(where, "workflows", workflows)
    all_devices = table(document, "devices")
    for role, entry in devices.items():
        name, _current = device_entry(document, role)
        if not entry.get("url"):
            if name in all_devices:
                del all_devices[name]
            continue
        device = table(all_devices, name)
        for key, value in entry.items():
            if value not in (None, ""):
                set_key(device, key, value)
    if not all_devices:
        del document["devices"]
    return document


def current_config(config: StationConfig) -> StationConfig:
    """``config`` as its file says now (Settings may have saved it since the app started); the
    config itself when it has no file or the file cannot be read any more."""
    if config.path is None or not config.path.is_file():
        return config
    try:
        return load_config(config.path)
    except WmsError:
        return config


class SettingsDialog(QDialog):
    """``running`` is the (station, warehouse) the app runs as, shown at the top and offered
    when the file does not name them (they came from ``$WMS_STATION`` or the database)."""

    def __init__(
        self,
        config: StationConfig,
        tasks: Tasks,
        *,
        path: Path | None = None,
        parent: QWidget | None = None,
        running: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Station settings"))
        self.config = config
        self.tasks = tasks
        self.path = path or config.path or Path("wms.toml")
        self.saved = False
        raw = config.raw

        station, warehouse = running or (config.station, config.warehouse)
        self.running = QLabel(
            self.tr("This station: {station} · warehouse {warehouse}").format(
                station=station or "?", warehouse=warehouse or "?"
            )
        )
        self.running.setObjectName("Subtitle")
        self.station = QLineEdit(config.station or station)
        self.warehouse = QLineEdit(config.warehouse or warehouse)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(
            max(0, list(LANGUAGES).index(config.language)) if config.language in LANGUAGES else 0
        )
        who = QFormLayout()
        who.addRow(self.tr("Station id"), self.station)
        who.addRow(self.tr("Warehouse"), self.warehouse)
        who.addRow(self.tr("Language"), self.language)

        flows = QGroupBox(self.tr("Workflows at this station"))
        grid = QGridLayout(flows)
        self.workflows: dict[str, QCheckBox] = {}
        for index, mode in enumerate(StationMode):
            box = QCheckBox(workflow_title(mode))
            box.setChecked(mode in config.workflows)
            self.workflows[mode.value] = box
            grid.addWidget(box, index // 5, index % 5)

        devices = QGroupBox(self.tr("Devices"))
        form = QGridLayout(devices)
        self.urls: dict[str, QLineEdit] = {}
        self.results: dict[str, QLabel] = {}
        hints = {
            "scanner": self.tr("wedge: or /dev/serial/by-id/… or socket://host:port"),
            "printer": self.tr("tcp://printer:9100, file:///folder/, cups://queue"),
            "scale": self.tr("/dev/serial/by-id/… or socket://host:port"),
        }
        titles = {
            "scanner": self.tr("Scanner"),
            "printer": self.tr("Label printer"),
            "scale": self.tr("Scale"),
        }
        self.scale_protocol = QComboBox()
        self.scale_protocol.addItems(["mt-sics", "toledo"])
        for row, role in enumerate(("scanner", "printer", "scale")):
            _name, entry = device_entry(raw, role)
            url = QLineEdit(str(entry.get("url", "")))
            url.setPlaceholderText(hints[role])
            url.setMinimumWidth(380)
            test = QPushButton(self.tr("Test"))
            test.clicked.connect(lambda _=False, r=role: self.test(r))
            result = QLabel()
            result.setWordWrap(True)
            result.setMinimumWidth(260)
            self.urls[role] = url
            self.results[role] = result
            form.addWidget(QLabel(titles[role]), row, 0)
            form.addWidget(url, row, 1)
            form.addWidget(test, row, 2)
            form.addWidget(result, row, 3)
            if role == "scale":
                self.scale_protocol.setCurrentText(str(entry.get("protocol", "mt-sics")))
                form.addWidget(self.scale_protocol, row + 1, 1)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        where = QLabel(self.tr("Saved in {path}").format(path=self.path))
        where.setObjectName("Hint")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.running)
        layout.addLayout(who)
        layout.addWidget(flows)
        layout.addWidget(devices)
        layout.addWidget(self.error)
        bottom = QHBoxLayout()
        bottom.addWidget(where, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.resize(1000, 560)

    # -- values ----------------------------------------------------------------------------

    def device_tables(self) -> dict[str, dict[str, str]]:
        tables: dict[str, dict[str, str]] = {}
        for role, field in self.urls.items():
            entry = {"role": role, "url": field.text().strip()}
            if role == "scale":
                entry["protocol"] = self.scale_protocol.currentText()
            tables[role] = entry
        return tables

    def new_config(self) -> TOMLDocument:
        """The file as it is on disk (else as it was read) with the dialog's values."""
        on_disk = read_document(self.path) if self.path.is_file() else None
        return updated_config(
            on_disk if on_disk is not None else self.config.raw,
            station=self.station.text().strip(),
            warehouse=self.warehouse.text().strip().upper(),
            language=str(self.language.currentData()),
            workflows=[name for name, box in self.workflows.items() if box.isChecked()],
            devices=self.device_tables(),
        )

    # -- actions ---------------------------------------------------------------------------

    def test(self, role: str) -> None:
        label = self.results[role]
        entry = self.device_tables()[role]
        if not entry["url"]:
            self._result(label, False, self.tr("Enter the device's address first."))
            return
        try:
            device = parse_device_settings({"devices": {role: entry}}, "settings").get(role)
        except WmsError as error:
            self._result(label, False, str(error).split("\n")[-1].strip())
            return
        label.setText(self.tr("Testing…"))
        label.setStyleSheet("")

        def probe() -> DeviceHealth:
            from wms.devices.health import probe as run_probe

            return run_probe(device, timeout=2.0)

        self.tasks.run(
            probe,
            lambda health: self._result(label, health.ok, health.message),
            lambda error: self._result(label, False, str(error)),
        )

    @staticmethod
    def _result(label: QLabel, ok: bool, message: str) -> None:
        colour = "#1b7f3b" if ok else "#c62828"
        label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        label.setText(("✔ " if ok else "✘ ") + message)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def save(self) -> None:
        if not any(box.isChecked() for box in self.workflows.values()):
            self.error.setText(self.tr("Choose at least one workflow for this station."))
            return
        try:
            data = self.new_config()
            checked = config_from_text(dumps(data), self.path)
            checked.require_devices()
        except WmsError as error:
            self.error.setText(str(error))
            return
        try:
            write_atomically(self.path, data)
        except OSError as error:
            self.error.setText(
                self.tr("Could not save {path} ({reason}): check the folder's permissions.").format(
                    path=self.path, reason=error.strerror or error
                )
            )
            return
        self.saved = True
        self.saved_data = data
        self.saved_config = checked  # what the window applies at once (devices)
        self.accept()
