"""What the screenshot scripts share: a demo station in a temporary database with the real
window on it, driven as an operator drives it (scans, typed entries, workflows), and the demo
site's look-ups the stories need (each-level GTINs, what is in a tote, an order's put-wall slot,
a parcel's expected weight).

Imported by ``scripts/screenshots.py``, ``scripts/hub_screenshots.py``,
``scripts/returns_screenshots.py`` and ``scripts/screenshots_languages.py`` (run from the
repository; they put ``scripts/`` and the repository on ``sys.path``).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_monitor import MONITOR, use_bench_monitor

use_bench_monitor()  # the window fills a 1366 x 800 monitor, as at a bench
os.environ.setdefault("WMS_MUTE", "1")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import select  # noqa: E402

from wms.config import StationConfig  # noqa: E402
from wms.core.persistence import print_jobs  # noqa: E402, F401
from wms.core.persistence.engine import create_station_engine, session_factory  # noqa: E402
from wms.core.persistence.migrate import upgrade  # noqa: E402
from wms.core.persistence.schema import metadata  # noqa: E402
from wms.core.persistence.tables import ProductGtinRow, StockRow  # noqa: E402
from wms.core.persistence.unit_of_work import UnitOfWork  # noqa: E402
from wms.core.services.demo import build_demo  # noqa: E402
from wms.devices.config import parse_device_settings  # noqa: E402
from wms.station import StationDatabase, build_station  # noqa: E402

#: a GS1-128 scan of 120 green tea, lot GP2611A, best before 2028-10-31
TEA = "]C10106111234000910\x1d10GP2611A\x1d17281031\x1d30120"
#: a product the demo site does not know
UNKNOWN_GTIN = "4006381333931"


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


def wait(app: QApplication, condition: Callable[[], object], timeout: float = 10.0) -> None:
    """Process events until ``condition()`` holds, then a little more so the screen settles."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the screen did not get there in time")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication) -> None:
    for _ in range(10):
        app.processEvents()
        time.sleep(0.02)


class DemoStation:
    """The demo site in a fresh temporary database and the station window on it (1366×800)."""

    def __init__(
        self,
        station: str,
        *,
        language: str = "en",
        demo_printers: bool = False,
        prefix: str = "wms-shots-",
    ) -> None:
        from wms.ui.i18n import set_language
        from wms.ui.main_window import MainWindow
        from wms.ui.sounds import SoundPlayer
        from wms.ui.wedge_filter import WedgeFilter

        self.app = application()
        self.folder = Path(tempfile.mkdtemp(prefix=prefix))
        engine = create_station_engine(str(self.folder / "station.db"))
        upgrade(engine)
        metadata.create_all(engine, checkfirst=True)  # tables newer than the migrations, if any
        self.sessions = session_factory(engine)
        build_demo(self.sessions)
        config = StationConfig(
            station=station,
            warehouse="CMN1",
            devices=parse_device_settings(
                {"devices": {"wedge": {"role": "scanner", "url": "wedge:"}}}
            ),
            language=language,
            path=self.folder / "wms.toml",
        )
        # what `wms demo` does: a ZPL printer simulator for labels, a spool folder for documents
        self.services = build_station(
            StationDatabase(config, engine, self.sessions),
            demo_printers=demo_printers,
            demo_folder=self.folder / "printed",
        )
        self.wedge = WedgeFilter()
        self.app.installEventFilter(self.wedge)
        self.window = MainWindow(self.services, sounds=SoundPlayer(muted=True), wedge=self.wedge)
        set_language(language)
        self.window.resize(*MONITOR)
        self.window.show()
        self.window.load_session()
        wait(self.app, lambda: self.window.controller is not None)
        controller = self.window.controller
        assert controller is not None
        self.controller: Any = controller

    def wait(self, condition: Callable[[], object], timeout: float = 10.0) -> None:
        wait(self.app, condition, timeout)

    def shot(self, path: Path, widget: QWidget | None = None) -> Path:
        """Save a PNG of the window (or of ``widget``, e.g. a dialog) as it is now."""
        settle(self.app)
        path.parent.mkdir(parents=True, exist_ok=True)
        (widget or self.window).grab().save(str(path))
        return path

    def feed(self, *inputs: str, pause: float = 0.0) -> None:
        """Scans as the scanner delivers them; ``@key X`` typed into the screen's entry line,
        ``@weight KG`` a stable reading sent from the scale. ``pause`` after each: a scan
        repeated within 0.6 s is a double read."""
        controller = self.controller
        for item in inputs:
            start = controller.handled
            if item.startswith("@key "):
                entry = self.window.current().entry  # type: ignore[union-attr]
                entry.setText(item[5:])
                entry.returnPressed.emit()
            elif item.startswith("@weight "):
                controller.submit_weight(item[8:], True)
            else:
                self.window.route_scan(item)
            self.wait(lambda start=start: controller.handled > start)
            if pause:
                time.sleep(pause)

    def context(self) -> dict[str, Any]:
        return dict(self.controller.last_feedback.context or {})

    def mode(self, name: str) -> None:
        window = self.window
        self.controller.set_mode(name)
        self.wait(lambda: window.scan_screen is not None and window.scan_screen.mode == name)
        time.sleep(0.7)  # a scan repeated across modes within 0.6 s would be a double read

    def login(self, badge: str, pin: str) -> None:
        window = self.window
        self.feed(badge, f"@key {pin}")
        self.wait(lambda: window.home is not None and window.current() is window.home)

    def logout(self) -> None:
        window = self.window
        self.controller.logout()
        self.wait(lambda: window.current() is window.login)
        time.sleep(0.7)  # the next login's badge is not a double read of this one's

    def close(self) -> None:
        self.window.shutdown()
        self.services.close()
        self.app.removeEventFilter(self.wedge)


class Reading:
    def __init__(self, kg: Decimal, stable: bool) -> None:
        self.kg, self.stable = kg, stable

    def __str__(self) -> str:
        return f"{self.kg} kg"


class BenchScale:
    """The packing bench's scale: answers what is put on it (set by the script)."""

    def __init__(self) -> None:
        self.kg = Decimal("0.000")
        self.stable = True

    def set(self, kg: object, *, stable: bool) -> None:
        self.kg, self.stable = Decimal(str(kg)), stable

    def weigh_immediate(self, accept_dynamic: bool = False) -> Reading:
        return Reading(self.kg, self.stable)


def each_gtins(sessions: Any) -> dict[str, str]:
    with sessions() as session:
        rows = session.scalars(select(ProductGtinRow).where(ProductGtinRow.level == "each"))
        return {row.sku: row.gtin.lstrip("0") for row in rows}


def tote_units(sessions: Any, tote: str) -> list[str]:
    with sessions() as session:
        rows = session.scalars(select(StockRow).where(StockRow.handling_unit == tote))
        return [row.sku for row in rows for _ in range(int(row.quantity)) if row.quantity > 0]


def order_slot(sessions: Any, order: str) -> str:
    from wms.core.services.outbound.sortation import order_in_slot, put_wall_slots

    with UnitOfWork(sessions) as uow:
        for slot in put_wall_slots(uow, "CMN1"):
            if order_in_slot(uow, "CMN1", slot) == order:
                return str(slot)
    raise LookupError(f"{order} is in no put-wall slot")


def expected_weight(sessions: Any, skus: list[str], carton: str) -> Decimal:
    from wms.core.persistence.outbound_tables import CartonRow
    from wms.core.persistence.tables import ProductRow

    with sessions() as session:
        total = sum(Decimal(session.get(ProductRow, sku).weight_kg) for sku in skus)
        tare = session.get(CartonRow, ("CMN1", carton))
        return (total + Decimal(tare.tare_kg if tare else 0)).quantize(Decimal("0.01"))


def jobs_done(services: Any, sscc: str) -> int:
    return sum(1 for job in services.print_queue.jobs(reference=sscc) if str(job.state) == "done")
