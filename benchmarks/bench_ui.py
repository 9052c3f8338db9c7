"""Station app figures, offscreen:

1. wedge scan latency: from the last key event of a scan (its Enter) to the feedback banner
   painted, through the real window, wedge filter, workflow engine and a durable SQLite commit;
   median and p99 over ``--scans`` scans (default 500);
2. start-up: ``wms app`` spawned to its login screen painted (subprocess, median of 5), with
   and without a bytecode cache (the workflows load in the background after that paint);
3. memory: RSS with a 1,000,000-movement / 100,000-stock-row database open on the stock and
   ledger screens, with the time of their pages.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ui.py [--scans 500]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("WMS_MUTE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from bench_monitor import use_bench_monitor  # noqa: E402

use_bench_monitor()  # a 1366 x 800 monitor: the 1280 x 800 window fits it, as at a bench


def demo_database(folder: Path) -> Path:
    from wms.core.persistence import print_jobs  # noqa: F401
    from wms.core.persistence.engine import create_station_engine, session_factory
    from wms.core.persistence.migrate import upgrade
    from wms.core.persistence.schema import metadata
    from wms.core.services.demo import build_demo

    path = folder / "station.db"
    engine = create_station_engine(str(path))
    upgrade(engine)
    metadata.create_all(engine, checkfirst=True)
    build_demo(session_factory(engine))
    engine.dispose()
    return path


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# -- 1. scan latency ---------------------------------------------------------------------------


def bench_scans(count: int) -> dict[str, float]:
    from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from wms.config import StationConfig
    from wms.core.persistence.engine import create_station_engine, session_factory
    from wms.station import StationDatabase, build_station
    from wms.ui.main_window import MainWindow
    from wms.ui.screens.scan import ScanScreen
    from wms.ui.sounds import SoundPlayer
    from wms.ui.wedge_filter import WedgeFilter

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="wms-bench-ui-"))
    path = demo_database(folder)
    engine = create_station_engine(str(path))
    database = StationDatabase(
        StationConfig(station="BENCH", warehouse="CMN1"), engine, session_factory(engine)
    )
    services = build_station(database)
    wedge = WedgeFilter()
    app.installEventFilter(wedge)
    window = MainWindow(services, sounds=SoundPlayer(muted=True), wedge=wedge, start_devices=False)
    window.resize(1280, 800)
    window.show()
    controller = window.controller
    assert controller is not None

    def settle(condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
        """Run the event loop as the app does: asleep until an event comes (a busy loop of
        processEvents would hold the GIL against the worker thread that commits the scan)."""
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("no feedback")
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    def keys(text: str) -> None:
        target = QApplication.focusWidget() or window
        QTest.keyClicks(target, text)

    painted: list[float] = []

    class PaintSpy(QObject):
        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint:
                painted.append(time.perf_counter())
            return False

    # log in and start a blind receipt onto a new pallet, as an operator would
    for text in ("1003",):
        start = controller.handled
        keys(text)
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Return)
        settle(lambda start=start: controller.handled > start)
    window.login.entry.setText("1357")
    window.login.entry.returnPressed.emit()
    settle(lambda: window.home is not None)
    controller.set_mode("receiving")
    settle(lambda: isinstance(window.current(), ScanScreen))
    for text in ("CMD:BLIND", "CMD:NEWHU"):
        start = controller.handled
        window.route_scan(text)
        settle(lambda start=start: controller.handled > start)
    screen = window.scan_screen
    assert screen is not None
    spy = PaintSpy()
    screen.feedback.installEventFilter(spy)
    shown: list[float] = []  # when show_feedback finished: only a paint after it counts
    screen.feedback_shown.connect(lambda _feedback: shown.append(time.perf_counter()))
    latencies: list[float] = []
    accepted = 0
    barcode = "6111234000934"  # one teapot per scan
    for _ in range(count):
        start = controller.handled
        target = QApplication.focusWidget() or window
        QTest.keyClicks(target, barcode)  # the burst...
        painted.clear()
        shown.clear()
        t0 = time.perf_counter()
        QTest.keyClick(target, Qt.Key.Key_Return)  # ...and its last key
        settle(
            lambda start=start: (
                controller.handled > start
                and bool(shown)
                and bool(painted)
                and painted[-1] >= shown[-1]
            )
        )
        latencies.append((painted[-1] - t0) * 1000)
        accepted += bool(controller.last_feedback.ok)
        time.sleep(0.001)
    window.shutdown()
    app.removeEventFilter(wedge)
    services.close()
    return {
        "scans": count,
        "accepted": accepted,
        "median_ms": statistics.median(latencies),
        "p99_ms": percentile(latencies, 0.99),
        "max_ms": max(latencies),
    }


# -- 2. start-up -------------------------------------------------------------------------------


def bench_startup(runs: int = 5, *, bytecode: bool = True) -> dict[str, float]:
    """``wms app`` spawned → its login screen painted (the app writes ``$WMS_APP_READY_FILE``).

    ``bytecode``: with a warm ``__pycache__`` (in a temporary ``PYTHONPYCACHEPREFIX``), as an
    installed app runs; without, every module is compiled at each start (what
    ``PYTHONDONTWRITEBYTECODE=1`` does).
    """
    folder = Path(tempfile.mkdtemp(prefix="wms-bench-start-"))
    path = demo_database(folder)
    env = {**os.environ, "WMS_WAREHOUSE": "CMN1"}
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    times = []
    for run in range(-1 if bytecode else 0, runs):  # run -1 warms the bytecode cache
        ready = folder / f"ready-{run}"
        started = time.time()
        subprocess.run(
            [sys.executable, "-m", "wms", "--db", str(path), "app", "--quit-after", "0.2"],
            env={**env, "WMS_APP_READY_FILE": str(ready)}, cwd=folder, capture_output=True,
            timeout=60, check=True,
        )  # fmt: skip
        if run >= 0:
            times.append((float(ready.read_text()) - started) * 1000)
    return {"runs": runs, "median_ms": statistics.median(times), "max_ms": max(times)}


# -- 3. memory with a million movements --------------------------------------------------------


def bench_memory(movements: int, stock_rows: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from tests.ui.bulk import bulk_fill
    from wms.core.domain.model import Operator, Role
    from wms.core.persistence.engine import create_station_engine, session_factory
    from wms.station import read_only_engine
    from wms.ui.screens.supervisor import SupervisorScreen
    from wms.ui.workers import Tasks

    folder = Path(tempfile.mkdtemp(prefix="wms-bench-rss-"))
    path = demo_database(folder)
    started = time.perf_counter()
    bulk_fill(path, movements=movements, stock_rows=stock_rows)
    fill_s = time.perf_counter() - started
    app = QApplication.instance() or QApplication(sys.argv[:1])
    before = rss_mb()
    engine = create_station_engine(str(path))
    reader = read_only_engine(engine)
    screen = SupervisorScreen(
        session_factory(reader), session_factory(engine), Tasks(), warehouse="CMN1",
        station="BENCH", operator=Operator("2001", "Karim Idrissi", Role.SUPERVISOR),
    )  # fmt: skip
    screen.resize(1280, 800)
    screen.show()

    def settle(model, rows: int) -> None:  # type: ignore[no-untyped-def]
        end = time.monotonic() + 60
        while len(model.rows) < rows or model.loading:
            if time.monotonic() > end:
                raise TimeoutError("page did not arrive")
            app.processEvents()

    figures: dict[str, float] = {"fill_s": fill_s}
    stock = screen.stock_model
    settle(stock, 500)
    figures["stock_first_page_ms"] = stock.last_page_ms
    pages = []
    for n in range(2, 22):
        stock.fetchMore()
        settle(stock, 500 * n)
        pages.append(stock.last_page_ms)
    figures["stock_page_median_ms"] = statistics.median(pages)
    figures["stock_page_max_ms"] = max(pages)
    screen.show_tab(screen.ledger_tab)
    ledger = screen.ledger_model
    settle(ledger, 500)
    figures["ledger_first_page_ms"] = ledger.last_page_ms
    pages = []
    for n in range(2, 22):
        ledger.fetchMore()
        settle(ledger, 500 * n)
        pages.append(ledger.last_page_ms)
    figures["ledger_page_median_ms"] = statistics.median(pages)
    figures["ledger_page_max_ms"] = max(pages)
    screen.ledger_key.setText("BULK-00123")
    screen.apply_ledger()
    settle(ledger, 500)
    figures["ledger_one_product_first_page_ms"] = ledger.last_page_ms
    screen.ledger_of.setCurrentIndex(1)
    screen.ledger_key.setText("A-01-01-1")  # 1 in 6 of the generated movements go there
    screen.apply_ledger()
    settle(ledger, 500)
    figures["ledger_busy_location_first_page_ms"] = ledger.last_page_ms
    for _ in range(20):
        app.processEvents()
    figures["rss_before_mb"] = before
    figures["rss_mb"] = rss_mb()
    figures["movements"] = movements
    figures["stock_rows"] = stock_rows
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scans", type=int, default=500)
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--stock-rows", type=int, default=100_000)
    parser.add_argument("--part", choices=("all", "scans", "startup", "memory"), default="all")
    args = parser.parse_args()
    if args.part == "memory":
        print(json.dumps(bench_memory(args.movements, args.stock_rows)))
        return 0
    if args.part in ("all", "scans"):
        scans = bench_scans(args.scans)
        print(
            f"wedge scan -> feedback painted: {scans['scans']} scans ({scans['accepted']} "
            f"accepted, each committed): median {scans['median_ms']:.1f} ms, "
            f"p99 {scans['p99_ms']:.1f} ms, max {scans['max_ms']:.1f} ms"
        )
    if args.part in ("all", "startup"):
        for bytecode, how in ((True, "bytecode cached"), (False, "no bytecode cache")):
            start = bench_startup(bytecode=bytecode)
            print(
                f"wms app start to login screen painted ({how}): median "
                f"{start['median_ms']:.0f} ms, max {start['max_ms']:.0f} ms over "
                f"{start['runs']} runs"
            )
    if args.part == "all":
        # a fresh process, so the RSS is the stock screens' own
        result = subprocess.run(
            [sys.executable, __file__, "--part", "memory", "--movements", str(args.movements),
             "--stock-rows", str(args.stock_rows)],
            capture_output=True, text=True, timeout=1800, check=True,
        )  # fmt: skip
        memory = json.loads(result.stdout.strip().splitlines()[-1])
        print(
            f"stock screens on {memory['movements']:,} movements / {memory['stock_rows']:,} "
            f"stock rows: RSS {memory['rss_mb']:.0f} MB (Qt app before opening: "
            f"{memory['rss_before_mb']:.0f} MB)"
        )
        print(
            f"  stock page: first {memory['stock_first_page_ms']:.1f} ms, then median "
            f"{memory['stock_page_median_ms']:.1f} ms, max {memory['stock_page_max_ms']:.1f} ms"
        )
        print(
            f"  ledger page: first {memory['ledger_first_page_ms']:.1f} ms, then median "
            f"{memory['ledger_page_median_ms']:.1f} ms, max {memory['ledger_page_max_ms']:.1f} ms;"
            f" one product's ledger {memory['ledger_one_product_first_page_ms']:.1f} ms; a location"
            f" with 166,667 movements {memory['ledger_busy_location_first_page_ms']:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
