"""Screenshots of the receiving screen in French, Arabic and Chinese: ``docs/screenshots/4*.png``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_languages.py [--out DIR]

On the demo site an operator logs in at a station set to each language in turn, opens the ASN
from China, receives a pallet and scans a product the site does not know: the prompt, the
refusal, the ASN's lines (expected / received so far) and the status bar are in that language.
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
from wms.core.persistence import print_jobs  # noqa: E402, F401
from wms.core.persistence.engine import create_station_engine, session_factory  # noqa: E402
from wms.core.persistence.migrate import upgrade  # noqa: E402
from wms.core.persistence.schema import metadata  # noqa: E402
from wms.core.services.demo import build_demo  # noqa: E402
from wms.station import StationDatabase, build_station  # noqa: E402

#: per language: a product of the ASN to receive onto a new pallet
RECEIVED = {
    "fr": "]C10106111234000910\x1d10GP2611A\x1d17281031\x1d30120",  # 120 green tea
    "ar": "16111234000924",  # a case of bottles
    "zh": "]C10106111234000910\x1d10GP2611A\x1d17281031\x1d30120",
}
UNKNOWN = "4006381333931"


def wait(app: QApplication, condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the screen did not get there in time")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(10):
        app.processEvents()
        time.sleep(0.02)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])

    from wms.ui.i18n import set_language
    from wms.ui.main_window import MainWindow
    from wms.ui.screens.scan import ScanScreen
    from wms.ui.sounds import SoundPlayer
    from wms.ui.wedge_filter import WedgeFilter

    folder = Path(tempfile.mkdtemp(prefix="wms-shots-"))
    engine = create_station_engine(str(folder / "station.db"))
    upgrade(engine)
    metadata.create_all(engine, checkfirst=True)
    sessions = session_factory(engine)
    build_demo(sessions)
    config = StationConfig(station="CMN1-RCV-01", warehouse="CMN1", path=folder / "wms.toml")
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

    def feed(*inputs: str) -> None:
        for item in inputs:
            start = controller.handled
            if item.startswith("@key "):
                entry = window.current().entry  # type: ignore[union-attr]
                entry.setText(item[5:])
                entry.returnPressed.emit()
            else:
                window.route_scan(item)
            wait(app, lambda start=start: controller.handled > start)

    for code, scan in RECEIVED.items():
        set_language(code)
        feed("1003", "@key 1357")
        wait(app, lambda: window.home is not None)
        controller.set_mode("receiving")
        wait(app, lambda: isinstance(window.current(), ScanScreen))
        feed("ASN:ASN-CN-0001", "CMD:NEWHU", scan, UNKNOWN)
        path = out / f"40-receiving-refused-{code}.png"
        window.grab().save(str(path))
        print(path)
        feed("CMD:CANCEL")
        controller.logout()
        wait(app, lambda: window.current() is window.login)
        time.sleep(0.7)  # the next login's badge is not a double read of this one's
    set_language("en")
    window.shutdown()
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
