"""Screenshots of the returns bench in the station app on the demo site, offscreen:
``docs/screenshots/50-*.png`` … ``52-*.png``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/returns_screenshots.py [--out DIR]

Builds the demo site in a temporary database and drives the real window: ORD-0902's parcel
scanned at the returns bench with two lines graded, an over-return refused, the return closed
with its summary.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WMS_MUTE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from wms.config import StationConfig  # noqa: E402
from wms.core.persistence.engine import create_station_engine, session_factory  # noqa: E402
from wms.core.persistence.migrate import upgrade  # noqa: E402
from wms.core.services.demo import build_demo, each_gtin  # noqa: E402
from wms.core.services.returns_demo import RETURNABLE_SSCC  # noqa: E402
from wms.devices.config import parse_device_settings  # noqa: E402
from wms.station import StationDatabase, build_station  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from shotkit import wait  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])

    from wms.ui.main_window import MainWindow
    from wms.ui.screens.scan import ScanScreen
    from wms.ui.sounds import SoundPlayer
    from wms.ui.wedge_filter import WedgeFilter

    folder = Path(tempfile.mkdtemp(prefix="wms-returns-shots-"))
    engine = create_station_engine(str(folder / "station.db"))
    upgrade(engine)
    sessions = session_factory(engine)
    build_demo(sessions)
    config = StationConfig(
        station="CMN1-RET-01",
        warehouse="CMN1",
        devices=parse_device_settings({"devices": {"wedge": {"role": "scanner", "url": "wedge:"}}}),
        path=folder / "wms.toml",
    )
    services = build_station(StationDatabase(config, engine, sessions))
    wedge = WedgeFilter()
    app.installEventFilter(wedge)
    window = MainWindow(services, sounds=SoundPlayer(muted=True), wedge=wedge)
    window.resize(1366, 800)
    window.show()
    window.load_session()
    wait(app, lambda: window.controller is not None)
    controller = window.controller
    assert controller is not None
    shots: list[Path] = []

    def shot(name: str) -> None:
        for _ in range(10):
            app.processEvents()
            time.sleep(0.02)
        path = out / f"{name}.png"
        window.grab().save(str(path))
        shots.append(path)

    def feed(*inputs: str) -> None:
        for item in inputs:
            start = controller.handled
            if item.startswith("@key "):
                entry = window.current().entry  # type: ignore[attr-defined]
                entry.setText(item[5:])
                entry.returnPressed.emit()
            elif item.startswith("@weight "):
                controller.submit_weight(item[8:], True)
            else:
                window.route_scan(item)
            wait(app, lambda start=start: controller.handled > start)
            time.sleep(0.7)  # never a double read

    def mode(name: str) -> None:
        controller.set_mode(name)
        wait(app, lambda: window.scan_screen is not None and window.scan_screen.mode == name)
        time.sleep(0.7)

    bowl, tajine, tea = each_gtin(52), each_gtin(51), each_gtin(91)
    feed("2001", "@key 9876")
    wait(app, lambda: window.home is not None)
    mode("returns")
    wait(app, lambda: isinstance(window.current(), ScanScreen))
    feed(f"00{RETURNABLE_SSCC}", "@key 3", bowl, "CMD:GRADE:resellable", "CMD:REASON:changed_mind",
         tajine, "CMD:GRADE:damaged")  # fmt: skip
    shot("50-returns-grading")
    feed("CMD:REASON:damaged_in_transit", tajine)
    shot("51-returns-over-return-refused")
    feed(tea, "CMD:DONE")
    shot("52-returns-closed")
    window.shutdown()
    services.close()
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
