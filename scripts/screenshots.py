"""Screenshots of the station app on the demo site, offscreen: ``docs/screenshots/*.png``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Builds the demo site in a temporary database, drives the real window as an operator would
(badge, PIN, workflow, scans through the workflow engine) and saves one PNG per screen: login,
receive → putaway → (a supervisor releases a batch wave) → pick → put-wall sort → pack (carton,
live scale, label + packing list + customs form printed by ``wms demo``'s printers) → parcel sort
to its export destination, then the supervisor's stock screens and the print queue.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("WMS_MUTE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from bench_monitor import MONITOR, use_bench_monitor  # noqa: E402

use_bench_monitor()

from datetime import date  # noqa: E402

from PySide6.QtWidgets import QApplication  # noqa: E402

from wms.config import StationConfig  # noqa: E402
from wms.core.persistence import print_jobs  # noqa: E402, F401
from wms.core.persistence.engine import create_station_engine, session_factory  # noqa: E402
from wms.core.persistence.migrate import upgrade  # noqa: E402
from wms.core.persistence.schema import metadata  # noqa: E402
from wms.core.persistence.unit_of_work import UnitOfWork  # noqa: E402
from wms.core.services.demo import build_demo  # noqa: E402
from wms.core.services.ledger import Actor  # noqa: E402
from wms.core.services.outbound.waves import release_wave  # noqa: E402
from wms.devices.config import DeviceConfig, parse_device_settings  # noqa: E402
from wms.station import StationDatabase, build_station  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from shotkit import (  # noqa: E402
    TEA,
    BenchScale,
    each_gtins,
    expected_weight,
    jobs_done,
    order_slot,
    tote_units,
    wait,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])

    from wms.ui.i18n import set_language
    from wms.ui.main_window import MainWindow
    from wms.ui.qt_devices import QtScale
    from wms.ui.screens.print_queue import PrintQueuePanel
    from wms.ui.screens.scan import ScanScreen
    from wms.ui.sounds import SoundPlayer
    from wms.ui.wedge_filter import WedgeFilter

    folder = Path(tempfile.mkdtemp(prefix="wms-shots-"))
    engine = create_station_engine(str(folder / "station.db"))
    upgrade(engine)
    metadata.create_all(engine, checkfirst=True)  # tables newer than the migrations, if any
    sessions = session_factory(engine)
    build_demo(sessions)
    config = StationConfig(
        station="CMN1-PACK-02",
        warehouse="CMN1",
        devices=parse_device_settings({"devices": {"wedge": {"role": "scanner", "url": "wedge:"}}}),
        path=folder / "wms.toml",
    )
    # what `wms demo` does: a ZPL printer simulator for labels, a spool folder for documents
    services = build_station(
        StationDatabase(config, engine, sessions),
        demo_printers=True,
        demo_folder=folder / "printed",
    )
    assert services.demo_printers is not None
    services.devices.devices["backup_printer"] = DeviceConfig(
        "backup_printer", "printer", "tcp://127.0.0.1:9", {}, "a printer that is switched off"
    )
    wedge = WedgeFilter()
    app.installEventFilter(wedge)
    window = MainWindow(services, sounds=SoundPlayer(muted=True), wedge=wedge)
    window.resize(*MONITOR)
    window.show()
    window.load_session()
    wait(app, lambda: window.controller is not None)
    window.start_background(sync_loop=False)
    bench_scale = BenchScale()
    window.scale = QtScale(lambda: bench_scale, interval=0.1, name="pack_scale", parent=window)
    window.scale.start()
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

    def context() -> dict:
        return dict(controller.last_feedback.context or {})

    def mode(name: str) -> None:
        controller.set_mode(name)
        wait(app, lambda: window.scan_screen is not None and window.scan_screen.mode == name)
        time.sleep(0.7)  # a scan repeated across modes within 0.6 s would be a double read

    shot("01-login")
    set_language("ar")
    shot("02-login-arabic")
    set_language("zh")
    shot("02b-login-chinese")
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
    mode("putaway")
    feed("361112340000000010")
    shot("08-putaway-destination")
    feed(f"LOC:{context().get('location') or window.scan_screen.destination.text()}")

    # a supervisor releases a batch wave: ORD-1001 (Paris) and ORD-1002 (Brussels)
    with UnitOfWork(sessions) as uow:
        release_wave(uow, Actor("CMN1", "CMN1-PACK-02", "2001"), today=date.today(),
                     orders=["ORD-1001", "ORD-1002"], mode="batch")  # fmt: skip
        uow.commit()
    gtins = each_gtins(sessions)

    # pick the batch into tote B1, stop by stop in walking order
    mode("picking")
    feed("@key NEXT")
    first_stop = True
    while context().get("location"):
        task = context()
        feed(f"LOC:{task['location']}")
        if first_stop:
            shot("20-picking")
            first_stop = False
        for _ in range(int(task["quantity"])):
            feed(gtins[task["sku"]])
        feed("TOTE:B1")
    # put-wall: every unit of tote B1 to its order's slot
    mode("sorting")
    feed("TOTE:B1")
    put_wall_shot = False
    for sku in tote_units(sessions, "TOTE:B1"):
        feed(gtins[sku])
        slot = controller.last_feedback.destination or context().get("destination")
        if not put_wall_shot:
            shot("21-put-wall")
            put_wall_shot = True
        feed(f"LOC:{slot}")

    # pack ORD-1001 from its put-wall slot: verify, carton, scale, close → label + papers
    mode("packing")
    slot = order_slot(sessions, "ORD-1001")
    feed(f"LOC:{slot}")
    units = context().get("total", 0)
    remaining = context().get("remaining") or {}
    skus = [key.split("|")[0] for key, n in remaining.items() for _ in range(n)]
    feed(gtins[skus[0]])
    shot("22-packing-verify")
    for sku in skus[1:]:
        feed(gtins[sku])
    assert context().get("step") == "weight", (units, controller.last_feedback.message)
    bench_scale.set(expected_weight(sessions, skus, context()["carton"]), stable=False)
    wait(app, lambda: window.scale.last_kg is not None)
    bench_scale.stable = True
    wait(app, lambda: window.scale.last_stable)
    shot("23-packing-carton")
    start = controller.handled
    window.scan_screen.packing.scale.send_weight()  # F6
    wait(app, lambda: controller.handled > start)
    sscc = context().get("sscc")
    assert sscc, controller.last_feedback.message
    bench_scale.set("0.000", stable=True)
    queue = window.print_queue
    wait(app, lambda: jobs_done(services, sscc) >= 2, timeout=20)
    window.scan_screen.packing.prints.refresh()
    wait(app, lambda: len(window.scan_screen.packing.prints.jobs) >= 2)
    shot("24-packing-closed")

    # sort the parcel to its export destination
    mode("sorting")
    feed(f"00{sscc}")
    shot("25-sorting-destination")
    feed("LOC:SORT-BE")
    shot("26-sorting-refused")
    feed("LOC:SORT-FR")
    shot("27-sorting-ok")
    controller.logout()
    wait(app, lambda: window.current() is window.login)

    # labels waiting at a printer that is off
    if queue is not None:
        services.print_queue.enqueue(
            "backup_printer",
            b"^XA^FDORD-1004^FS^XZ",
            description="packing list ORD-1004",
            reference="ORD-1004",
        )
        services.print_queue.run_due_jobs()

    # the supervisor's screens
    feed("2001", "@key 9876")
    wait(app, lambda: window.home is not None)
    shot("09-home-supervisor")
    if window.print_queue is not None:
        window.open_print_queue()
        wait(app, lambda: window.queue_screen is not None)
        panel = window.queue_screen.findChild(PrintQueuePanel)
        panel.state_box.setCurrentIndex(1)  # all jobs
        wait(app, lambda: len(panel.model.rows) >= 3)
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

    window.scale.stop()
    window.shutdown()
    services.close()
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
