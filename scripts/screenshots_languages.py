"""Screenshots of the station's main screens in French, Arabic and Chinese:
``docs/screenshots/{fr,ar,zh}/*.png``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_languages.py [--out DIR]

For each language a fresh demo site and a station set to that language: the login screen, the
operator's home, receiving the ASN from China (its lines, expected / received so far) and a
refused unknown product, putaway's destination, picking a released batch wave, packing (verify,
then the weight step at a bench without a scale), the parcel's sorting destination, a hub bag's
deconsolidation destination, then the supervisor's home, stock tab, print queue and Settings.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shotkit import (
    ROOT,
    TEA,
    UNKNOWN_GTIN,
    DemoStation,
    each_gtins,
    expected_weight,
    order_slot,
    tote_units,
)

from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.hub import demo as hub_demo
from wms.core.services.ledger import Actor
from wms.core.services.outbound.waves import release_wave
from wms.devices.config import DeviceConfig

LANGUAGES = ("fr", "ar", "zh")
#: the screens, in the order of the README's gallery: file name → what it shows
SCREENS = {
    "01-login": "Login",
    "02-home-operator": "Home (operator)",
    "03-receiving": "Receiving: the ASN's lines",
    "04-receiving-refused": "Receiving: an unknown product refused",
    "05-putaway-destination": "Putaway: the destination",
    "06-picking": "Picking: a stop of the pick list",
    "07-packing-verify": "Packing: verifying the order's items",
    "08-packing-weight": "Packing: the weight step without a scale",
    "09-sorting-destination": "Sorting: the parcel's destination",
    "10-hub-deconsolidation": "Hub: deconsolidation destination",
    "11-home-supervisor": "Home (supervisor)",
    "12-stock": "Supervisor: stock",
    "13-print-queue": "Print queue",
    "14-settings": "Settings (F9)",
}


def one_language(code: str, out: Path) -> list[Path]:
    from wms.ui.i18n import set_language
    from wms.ui.screens.print_queue import PrintQueuePanel

    station = DemoStation("CMN1-PACK-02", language=code, demo_printers=True)
    window, sessions, services = station.window, station.sessions, station.services
    services.devices.devices["backup_printer"] = DeviceConfig(
        "backup_printer", "printer", "tcp://127.0.0.1:9", {}, "a printer that is switched off"
    )
    folder = out / code
    shots: list[Path] = []

    def shot(name: str, widget=None) -> None:  # type: ignore[no-untyped-def]
        assert name in SCREENS, name
        shots.append(station.shot(folder / f"{name}.png", widget))

    shot("01-login")
    station.login("1003", "1357")
    shot("02-home-operator")

    station.mode("receiving")
    station.feed("ASN:ASN-CN-0001", "CMD:NEWHU", TEA, "CMD:NEWHU", "16111234000924")
    shot("03-receiving")
    station.feed(UNKNOWN_GTIN)
    shot("04-receiving-refused")
    station.feed("CMD:DONE")
    station.mode("putaway")
    station.feed("361112340000000010")
    shot("05-putaway-destination")
    location = station.context().get("location") or window.scan_screen.destination.text()
    station.feed(f"LOC:{location}")

    # a supervisor releases a batch wave: ORD-1001 (Paris) and ORD-1002 (Brussels)
    with UnitOfWork(sessions) as uow:
        release_wave(uow, Actor("CMN1", "CMN1-PACK-02", "2001"), today=date.today(),
                     orders=["ORD-1001", "ORD-1002"], mode="batch")  # fmt: skip
        uow.commit()
    gtins = each_gtins(sessions)
    station.mode("picking")
    station.feed("@key NEXT")
    first_stop = True
    while station.context().get("location"):
        task = station.context()
        station.feed(f"LOC:{task['location']}")
        if first_stop:
            shot("06-picking")
            first_stop = False
        for _ in range(int(task["quantity"])):
            station.feed(gtins[task["sku"]])
        station.feed("TOTE:B1")
    station.mode("sorting")
    station.feed("TOTE:B1")
    for sku in tote_units(sessions, "TOTE:B1"):
        station.feed(gtins[sku])
        slot = station.controller.last_feedback.destination or station.context()["destination"]
        station.feed(f"LOC:{slot}")

    # pack ORD-1001 at a bench without a scale: verify, then key the weight
    station.mode("packing")
    station.feed(f"LOC:{order_slot(sessions, 'ORD-1001')}")
    remaining = station.context().get("remaining") or {}
    skus = [key.split("|")[0] for key, n in remaining.items() for _ in range(n)]
    station.feed(gtins[skus[0]])
    shot("07-packing-verify")
    for sku in skus[1:]:
        station.feed(gtins[sku])
    assert station.context().get("step") == "weight", station.controller.last_feedback.message
    carton = station.context()["carton"]
    window.scan_screen.packing.scale.send_weight()  # F6 without a scale: it says so
    station.wait(lambda: True)
    shot("08-packing-weight")
    station.feed(f"@key {expected_weight(sessions, skus, carton)}")
    sscc = station.context().get("sscc")
    assert sscc, station.controller.last_feedback.message
    station.mode("sorting")
    station.feed(f"00{sscc}")
    shot("09-sorting-destination")

    # the hub: a bag arrives, then its parcels are sorted to their last-mile carriers
    station.mode("arrival")
    station.feed(hub_demo.MAWB, "@weight 31.5", hub_demo.BAGS[0], pause=0.7)
    station.mode("deconsolidation")
    station.feed(hub_demo.BAGS[0], hub_demo.tracking(1), pause=0.7)
    shot("10-hub-deconsolidation")
    station.feed("CMD:CANCEL")
    station.logout()

    # labels waiting at a printer that is off
    services.print_queue.enqueue(
        "backup_printer",
        b"^XA^FDORD-1004^FS^XZ",
        description="packing list ORD-1004",
        reference="ORD-1004",
    )
    services.print_queue.run_due_jobs()

    station.login("2001", "9876")
    shot("11-home-supervisor")
    window.open_stock_screens()
    screen = window.supervisor
    station.wait(lambda: bool(screen.stock_model.rows))
    shot("12-stock")
    window.open_print_queue()
    station.wait(lambda: window.queue_screen is not None)
    panel = window.queue_screen.findChild(PrintQueuePanel)
    panel.state_box.setCurrentIndex(1)  # all jobs
    station.wait(lambda: len(panel.model.rows) >= 3)
    shot("13-print-queue")
    window.go_home()
    window.open_settings()
    station.wait(lambda: window.settings_dialog is not None and window.settings_dialog.isVisible())
    shot("14-settings", window.settings_dialog)
    window.settings_dialog.reject()
    station.close()
    set_language("en")
    return shots


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="only these")
    args = parser.parse_args()
    out = Path(args.out)
    for code in args.lang or LANGUAGES:
        for path in one_language(code, out):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
