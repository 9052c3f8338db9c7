"""Start the station app: ``wms app`` and ``wms demo`` call :func:`run_station_app`.

Errors reach the operator as one sentence saying what to do; the details (tracebacks) go to the
rotating log file next to the station database.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from types import TracebackType

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from wms.bootstrap import StationServices, open_services
from wms.core.domain.errors import WmsError
from wms.ui.i18n import set_language
from wms.ui.sounds import SoundPlayer, generate_sounds
from wms.ui.wedge_filter import WedgeFilter, detector_for

log = logging.getLogger("wms.ui.app")


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("WMS station")
    app.setOrganizationName("wms")
    return app  # type: ignore[return-value]


def install_wedge(app: QApplication, services: StationServices) -> WedgeFilter:
    """The keyboard-wedge filter, with the settings of a configured ``wedge:`` scanner."""
    device = next((d for d in services.devices.scanners if d.is_wedge), None)
    wedge = WedgeFilter(detector_for(device), parent=app)
    app.installEventFilter(wedge)
    return wedge


def build_window(services: StationServices, app: QApplication, *, start_devices: bool = True):  # type: ignore[no-untyped-def]
    from wms.ui.main_window import MainWindow

    wedge = install_wedge(app, services)
    window = MainWindow(services, sounds=SoundPlayer(), wedge=wedge, start_devices=start_devices)
    return window


def _excepthook(window_ref: list) -> object:  # type: ignore[type-arg]
    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error in the station app", exc_info=(kind, error, tb))
        window = window_ref[0] if window_ref else None
        message = (
            str(error)
            if isinstance(error, WmsError)
            else "Something went wrong; nothing more was recorded. Carry on, and call a "
            "supervisor if it happens again (details are in the station log)."
        )
        if window is not None:
            window.statusBar().showMessage(message, 20_000)

    return hook


def run_station_app(args: argparse.Namespace) -> int:
    """Open the station database and show the login screen; returns the exit code."""
    app = application()
    try:
        services = open_services(args)
    except WmsError as error:
        # the CLI prints this one line; a double-clicked launcher shows it in a box
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen" and not getattr(
            args, "no_dialog", False
        ):
            QMessageBox.critical(None, "WMS station", str(error))
        raise
    if services.config.language:
        set_language(services.config.language, app)
    generate_sounds()  # missing files only
    window = build_window(services, app)
    holder: list = [window]  # type: ignore[type-arg]
    sys.excepthook = _excepthook(holder)  # type: ignore[assignment]
    threading.excepthook = lambda info: log.error(
        "unexpected error in thread %s",
        info.thread.name if info.thread else "?",
        exc_info=(info.exc_type, info.exc_value, info.exc_traceback),  # type: ignore[arg-type]
    )
    if getattr(args, "fullscreen", False):
        window.showFullScreen()
    else:
        window.show()
    log.info("station %s started on %s", services.station, services.database_label())
    seconds = float(getattr(args, "quit_after", 0) or 0)
    if seconds > 0:
        QTimer.singleShot(int(seconds * 1000), app.quit)
    if os.environ.get("WMS_APP_READY_FILE"):
        # for scripts that time the start: written once the login screen is on show
        ready = os.environ["WMS_APP_READY_FILE"]
        QTimer.singleShot(0, lambda: _write_ready(ready))
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    try:
        return int(app.exec())
    finally:
        window.shutdown()
        services.close()


def _write_ready(path: str) -> None:
    import time

    with open(path, "w", encoding="utf-8") as out:
        out.write(f"{time.time():.6f}\n")
