"""Screenshots of the station app on the demo site, offscreen: ``docs/screenshots/*.png``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Builds the demo site in a temporary database, drives the real window as an operator would
(badge, PIN, workflow, scans through the workflow engine) and saves one PNG per screen.
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

from wms.bootstrap import services_from_context  # noqa: E402
from wms.cli.context import StationContext  # noqa: E402
from wms.config import StationConfig  # noqa: E402
from wms.core.persistence import print_jobs  # noqa: E402, F401
from wms.core.persistence.engine import create_station_engine, session_factory  # noqa: E402
from wms.core.persistence.migrate import upgrade  # noqa: E402
from wms.core.persistence.schema import metadata  # noqa: E402
from wms.core.services.demo import build_demo  # noqa: E402

TEA = "]C10106111234000910\x1d10GP2611A\x1d17281031\x1d30120"


def wait(app: QApplication, condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the screen did not get there in time")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()
        time.sleep(0.01)


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
    spool = folder / "spool"
    spool.mkdir()
    engine = create_station_engine(str(folder / "station.db"))
    upgrade(engine)
    metadata.create_all(engine, checkfirst=True)  # tables newer than the migrations, if any
    sessions = session_factory(engine)
    build_demo(sessions)
    config = StationConfig(
        station="CMN1-PACK-02",
        warehouse="CMN1",
        raw={
            "devices": {
                "wedge": {"role": "scanner", "url": "wedge:"},
                "label_printer": {"role": "printer", "url": f"file://{spool}/", "default": True},
                "backup_printer": {"role": "printer", "url": "tcp://127.0.0.1:9"},
            }
        },
        path=folder / "wms.toml",
    )
    services = services_from_context(StationContext(config, engine, sessions), logging_on=False)
    wedge = WedgeFilter()
    app.installEventFilter(wedge)
    window = MainWindow(services, sounds=SoundPlayer(muted=True), wedge=wedge)
    window.resize(1366, 800)
    window.show()
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
        """Scans as the scanner delivers them; ``@key`` typed into the screen's entry line."""
        for item in inputs:
            start = controller.handled
            if item.startswith("@key "):
                screen = window.current()
                entry = screen.entry  # type: ignore[attr-defined]
                entry.setText(item[5:])
                entry.returnPressed.emit()
            else:
                window.route_scan(item)
            wait(app, lambda start=start: controller.handled > start)

    shot("01-login")
    set_language("ar")
    shot("02-login-arabic")
    set_language("en")

    # an operator receives the ASN from China
    feed("1003")
    wait(app, lambda: window.login.badge is not None)
    shot("03-login-pin")
    feed("@key 1357")
    wait(app, lambda: window.home is not None)
    shot("04-home-operator")
    controller.set_mode("receiving")
    wait(app, lambda: isinstance(window.current(), ScanScreen))
    feed("ASN:ASN-CN-0001", "CMD:NEWHU", TEA, "CMD:NEWHU", "16111234000924")
    shot("05-receiving")
    feed("4006381333931")
    shot("06-receiving-refused")
    feed("CMD:DONE")
    shot("07-receiving-done")
    controller.set_mode("putaway")
    wait(app, lambda: window.scan_screen is not None and window.scan_screen.mode == "putaway")
    feed("361112340000000010")
    shot("08-putaway-destination")
    if "packing" in controller.modes():
        controller.set_mode("packing")
        wait(app, lambda: window.scan_screen is not None and window.scan_screen.mode == "packing")
        shot("08b-packing")
    controller.logout()
    wait(app, lambda: window.current() is window.login)

    # labels waiting at a printer that is off
    queue = services.print_queue
    if queue is not None:
        queue.enqueue("label_printer", b"^XA^FDSSCC 361112340000000010^FS^XZ",
                      description="SSCC label", reference="361112340000000010")  # fmt: skip
        queue.enqueue("backup_printer", b"^XA^FDORD-1004^FS^XZ",
                      description="packing list ORD-1004", reference="ORD-1004")  # fmt: skip
        queue.run_due_jobs()

    # the supervisor's screens
    feed("2001", "@key 9876")
    wait(app, lambda: window.home is not None)
    shot("09-home-supervisor")
    if window.print_queue is not None:
        window.open_print_queue()
        wait(app, lambda: window.queue_screen is not None)
        shot("10-print-queue")
    window.open_stock_screens()
    screen = window.supervisor
    wait(app, lambda: bool(screen.stock_model.rows))
    shot("11-stock")
    screen.show_tab(screen.expiring)
    wait(app, lambda: bool(screen.expiring_model.rows))
    shot("12-expiring-lots")
    screen.show_tab(screen.occupancy_tab)
    wait(app, lambda: bool(screen.occupancy.cells))
    shot("13-occupancy")
    screen.show_tab(screen.documents)
    wait(app, lambda: bool(screen.order_model.rows))
    shot("14-documents")
    screen.show_tab(screen.throughput_tab)
    wait(app, lambda: screen.chart.data is not None)
    shot("15-throughput")
    screen.open_location_ledger("A-01-01-1")
    wait(app, lambda: bool(screen.ledger_model.rows))
    shot("16-ledger")

    window.shutdown()
    services.close()
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
