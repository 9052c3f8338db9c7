"""Start the station app: ``wms app`` and ``wms demo`` call :func:`run_station_app`.

The station (database, session factory, devices, print routing) is built by :mod:`wms.station`,
the same factory ``wms replay`` uses. Errors reach the operator as one sentence saying what to
do; the details (tracebacks) go to the rotating log file next to the station database.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from wms.config import load_config
from wms.core.domain.errors import WmsError
from wms.station import Station, build_station, log_directory, open_database, setup_logging
from wms.ui.i18n import set_language
from wms.ui.sounds import SoundPlayer, generate_sounds
from wms.ui.wedge_filter import WedgeFilter, detector_for

if TYPE_CHECKING:  # the window (and the screens behind it) load after QApplication exists
    from wms.ui.main_window import MainWindow

log = logging.getLogger("wms.ui.app")


@dataclass(frozen=True)
class AppOptions:
    """How to start the app (``wms app`` / ``wms demo`` make them from the command line)."""

    config_file: str | None = None
    database: str | None = None
    demo_printers: bool = False  # wms demo: print to a simulator when no printer is configured
    fullscreen: bool = False
    quit_after: float = 0.0  # seconds; 0 runs until closed
    error_dialog: bool = True  # a box for an error at start (besides the one line on stderr)
    language: str | None = None  # --lang: instead of the [station] language of wms.toml


def open_app_station(options: AppOptions) -> Station:
    """The station the app runs on (the configuration read once, the factory's station)."""
    config = load_config(options.config_file)
    database = open_database(config, options.database)
    return build_station(database, demo_printers=options.demo_printers)


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("WMS station")
    app.setOrganizationName("wms")
    return app  # type: ignore[return-value]


def install_wedge(app: QApplication, services: Station) -> WedgeFilter:
    """The keyboard-wedge filter, with the settings of a configured ``wedge:`` scanner."""
    device = next((d for d in services.devices.scanners if d.is_wedge), None)
    wedge = WedgeFilter(detector_for(device), parent=app)
    app.installEventFilter(wedge)
    return wedge


def build_window(
    services: Station,
    app: QApplication,
    *,
    start_devices: bool = True,
    defer_session: bool = False,
) -> MainWindow:
    from wms.ui.main_window import MainWindow

    wedge = install_wedge(app, services)
    window = MainWindow(
        services,
        sounds=SoundPlayer(),
        wedge=wedge,
        start_devices=start_devices,
        defer_session=defer_session,
    )
    return window


class FirstPaint(QObject):
    """Calls ``then()`` once, just after ``widget`` is first painted."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then: Callable[[], None] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.then is not None:
            then, self.then = self.then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)  # after this paint is on screen
        return False


def _excepthook(
    window_ref: list[QMainWindow],
) -> Callable[[type[BaseException], BaseException, TracebackType | None], None]:
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


def run_station_app(options: AppOptions) -> int:
    """Open the station database and show the login screen; returns the exit code."""
    app = application()
    try:
        services = open_app_station(options)
    except WmsError as error:
        # the CLI prints this one line; a double-clicked launcher shows it in a box
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen" and options.error_dialog:
            QMessageBox.critical(None, "WMS station", str(error))
        raise
    setup_logging(log_directory(services.engine))
    if services.demo_printers is not None:
        folder = services.demo_printers.folder
        log.info("demo printers: labels and documents go to %s", folder)
        print(f"demo printers: labels and documents go to {folder}", flush=True)
    language = options.language or services.config.language
    if language:
        set_language(language, app)
    generate_sounds()  # missing files only
    # the login screen first; the workflows load once it is painted (see after_login_painted)
    window = build_window(services, app, defer_session=True)
    holder: list[QMainWindow] = [window]
    sys.excepthook = _excepthook(holder)
    threading.excepthook = _log_thread_error
    ready = os.environ.get("WMS_APP_READY_FILE", "")

    def after_login_painted() -> None:
        if ready:  # for scripts that time the start: the login screen is painted
            _write_ready(ready)
        window.load_session()
        window.start_background()
        if options.quit_after > 0:
            QTimer.singleShot(int(options.quit_after * 1000), app.quit)

    FirstPaint(window.login, after_login_painted)
    if options.fullscreen:
        window.showFullScreen()
    else:
        window.show()
    log.info("station %s started on %s", services.station, services.database_label())
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    try:
        return int(app.exec())
    finally:
        window.shutdown()
        services.close()


def _log_thread_error(info: threading.ExceptHookArgs) -> None:
    name = info.thread.name if info.thread else "?"
    if info.exc_value is None:
        log.error("unexpected error in thread %s: %s", name, info.exc_type.__name__)
        return
    log.error(
        "unexpected error in thread %s",
        name,
        exc_info=(info.exc_type, info.exc_value, info.exc_traceback),
    )


def _write_ready(path: str) -> None:
    import time

    with open(path, "w", encoding="utf-8") as out:
        out.write(f"{time.time():.6f}\n")
