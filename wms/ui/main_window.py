"""The station window: login → home → scanning screens / stock screens / print queue.

It wires what the screens emit to the :class:`StationController` (the workflow engine's session on
its own thread), routes every scan (keyboard wedge or serial scanner) to the screen on show, plays
the feedback sound, and keeps the status bar (devices, print queue, sync) current.

Over 500 lines on purpose: the window owns the lifecycle of every screen and device adapter
(created after login, dropped at logout); each method is one such transition.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QMoveEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from wms.core.domain.clock import utc_now
from wms.core.domain.errors import WmsError
from wms.core.services.changes import Changes, changes_of_feedback
from wms.station import Station
from wms.ui.changes import ChangeHub
from wms.ui.controller import StationController
from wms.ui.i18n import role_name, set_language, shown
from wms.ui.qt_devices import DeviceHealthMonitor, QtPrintQueue, QtScale, QtSerialScanner
from wms.ui.screens.home import HomeScreen
from wms.ui.screens.login import LoginScreen
from wms.ui.sounds import SoundPlayer
from wms.ui.style import STYLE_SHEET, named
from wms.ui.wedge_filter import WedgeFilter
from wms.ui.widgets.at_risk import HUB_MODES
from wms.ui.widgets.feedback import level_of
from wms.ui.workers import Tasks

if TYPE_CHECKING:  # the scanning screen (and the GS1 parser behind it) loads after login
    from wms.ui.screens.scan import ScanScreen

log = logging.getLogger("wms.ui.window")

GENERIC_ERROR = (
    "Something went wrong and nothing was recorded for that input: scan it again, and call a "
    "supervisor if it happens again."
)


class MainWindow(QMainWindow):
    """The whole station app in one window (full screen at a bench)."""

    screen_changed = Signal(str)

    def __init__(
        self,
        services: Station,
        *,
        tasks: Tasks | None = None,
        sounds: SoundPlayer | None = None,
        wedge: WedgeFilter | None = None,
        session: Any = None,
        start_devices: bool = True,
        defer_session: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks or Tasks(self)
        self.sounds = sounds or SoundPlayer(self)
        self.wedge = wedge
        self.setWindowTitle(self.tr("WMS station {station}").format(station=services.station))
        self.setStyleSheet(STYLE_SHEET)
        screen = self.screen()
        self.resize(QSize(1280, 800).boundedTo(screen.availableGeometry().size()))

        self.changes = ChangeHub(self)  # the one change signal every screen refreshes from
        self.stack = ScreenStack()
        self.setCentralWidget(self.stack)
        self.login = LoginScreen(services.station, services.warehouse)
        self.stack.show_screen(self.login)
        self.home: HomeScreen | None = None
        self.scan_screen: ScanScreen | None = None
        self.settings_dialog: Any = None  # the Settings dialog last opened (F9)
        self.supervisor: QWidget | None = None
        self.queue_screen: QWidget | None = None
        self._pending_badge: str | None = None

        self.controller: StationController | None = None
        self.workflows_missing = ""
        self._early_badge: str | None = None  # scanned before the workflows were loaded
        if session is not None or not defer_session:
            try:
                self._use_session(session or services.new_session())
            except WmsError as error:
                self._no_session(error)

        self.login.badge_entered.connect(self._badge)
        self.login.pin_entered.connect(self._pin)
        self.login.language_chosen.connect(self.change_language)
        self.login.settings_requested.connect(self.open_settings)
        QShortcut(QKeySequence("F9"), self).activated.connect(self.open_settings)

        if self.wedge is not None:
            self.wedge.scanned.connect(self.route_scan)

        # devices
        self.print_queue: QtPrintQueue | None = None
        self._queue_counts_later = QTimer(self)
        self._queue_counts_later.setSingleShot(True)
        self._queue_counts_later.setInterval(300)
        self._queue_counts_later.timeout.connect(self._refresh_queue_counts)
        if services.print_queue is not None:
            self.print_queue = QtPrintQueue(services.print_queue, self.tasks, self)
            self.print_queue.changed.connect(
                lambda _job: self._queue_counts_later.start(), Qt.ConnectionType.QueuedConnection
            )
        self.scanners: list[QtSerialScanner] = []
        self.scale: QtScale | None = None
        self.health = DeviceHealthMonitor(services.devices, self.tasks, parent=self)
        self._build_status_bar()
        self.changes.changed.connect(self._data_changed)
        if start_devices:
            self.start_devices()
        self.show_screen(self.login)
        self.login.reset()

    # -- the scan session -------------------------------------------------------------------

    def load_session(self) -> None:
        """Load the workflow engine and open the scan session in the background.

        ``wms app`` calls this once the login screen is painted: importing the workflows (and
        the label renderers behind packing) takes longer than showing the screen. A badge
        scanned meanwhile is kept and handled as soon as the session is there.
        """
        if self.controller is not None:
            return
        self.tasks.run(self.services.new_session, self._use_session, self._no_session)

    def _use_session(self, session: Any) -> None:
        self.controller = StationController(session, self)
        self.controller.feedback.connect(self._feedback)
        self.controller.failed.connect(self._failure)
        self.controller.operator_changed.connect(self._operator_changed)
        self.controller.mode_changed.connect(self._mode_changed)
        if self._early_badge is not None:
            badge, self._early_badge = self._early_badge, None
            self._badge(badge)

    def _no_session(self, error: BaseException) -> None:
        if not isinstance(error, WmsError):
            log.error("the scan session could not be opened", exc_info=error)
            error = WmsError(GENERIC_ERROR)
        self.workflows_missing = str(error)
        self.login.show_error(getattr(error, "message", str(error)))

    # -- devices and status bar ------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.where_label = QLabel()
        _set_text(self.where_label, f"{self.services.station} · {self.services.warehouse}")
        self.where_label.setToolTip(self.services.database_label())
        self.operator_label = QLabel(self.tr("nobody logged in"))
        self.queue_label = QLabel()
        from wms.ui.sync_status import SyncMonitor

        self.sync = SyncMonitor(self.services, self.tasks, parent=self)
        self.sync_label = QLabel()
        self.sync.changed.connect(self._show_sync)
        self._show_sync(self.sync.line)
        self.device_labels: dict[str, QLabel] = {}
        # one strip for the device dots, so a device added in Settings lands beside the others
        self.device_strip = QWidget()
        self._device_dots = QHBoxLayout(self.device_strip)
        self._device_dots.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.where_label)
        bar.addWidget(self.operator_label)
        bar.addPermanentWidget(self.device_strip)
        self._device_labels_for(self.services.devices)
        if self.services.device_error:
            problem = QLabel(self.tr("device settings have problems: see Settings (F9)"))
            problem.setStyleSheet("color: #c62828; font-weight: bold;")
            problem.setToolTip(self.services.device_error)
            bar.addPermanentWidget(problem)
        bar.addPermanentWidget(self.queue_label)
        bar.addPermanentWidget(self.sync_label)
        self.health.health.connect(self._device_health)

    def _device_labels_for(self, devices: Any) -> None:
        """A status-bar dot for each device not shown yet (devices added in Settings too)."""
        for device in devices.devices.values():
            if device.name in self.device_labels:
                continue
            label = QLabel()
            _set_text(label, f"● {device.name}")
            label.setToolTip(device.url)
            label.setStyleSheet("color: #78909c;")
            self.device_labels[device.name] = label
            self._device_dots.addWidget(label)

    def _show_sync(self, line: Any) -> None:
        _set_text(self.sync_label, line.text)
        self.sync_label.setToolTip(line.tooltip)
        self.sync_label.setStyleSheet(f"color: {line.colour}; font-weight: bold;")

    def start_background(self, *, sync_loop: bool | None = None) -> None:
        """Work that waits until the login screen is painted: the sync state (and loop)."""
        self.sync.start(run_loop=sync_loop)

    def _device_health(self, name: str, ok: bool, message: str) -> None:
        label = self.device_labels.get(name)
        if label is None:
            return
        label.setStyleSheet(f"color: {'#1b7f3b' if ok else '#c62828'}; font-weight: bold;")
        label.setText(f"● {name}")
        label.setToolTip(message)

    def start_devices(self) -> None:
        for device in self.services.devices.scanners:
            if device.is_wedge:
                self._device_health(device.name, True, self.tr("keyboard wedge"))
                continue
            scanner = QtSerialScanner(device.url, device=device, parent=self)
            self.add_serial_scanner(scanner)
            scanner.start()
        scales = self.services.devices.scales
        if scales:
            self.scale = QtScale.for_device(scales[0], self)
            self.scale.weight.connect(lambda *_: self._device_health(scales[0].name, True, "ok"))
            self.scale.failed.connect(lambda m: self._device_health(scales[0].name, False, m))
            self.scale.start()
        if self.print_queue is not None:
            self.print_queue.start()
            self._refresh_queue_counts()
        self.health.start()

    def add_serial_scanner(self, scanner: QtSerialScanner) -> None:
        """Scans of a serial scanner (its reader thread → queued signal) go where wedge scans go."""
        self.scanners.append(scanner)
        scanner.scanned.connect(self.route_scan, Qt.ConnectionType.QueuedConnection)
        scanner.problem.connect(self._scanner_problem, Qt.ConnectionType.QueuedConnection)
        scanner.connection.connect(
            lambda ok, message, name=scanner.name: self._device_health(name, ok, message),
            Qt.ConnectionType.QueuedConnection,
        )

    def _refresh_queue_counts(self) -> None:
        if self.print_queue is None:
            self.queue_label.setText("")
            return

        def show(jobs: list[Any]) -> None:
            failed = sum(1 for j in jobs if str(j.state) == "failed")
            waiting = len(jobs) - failed
            text = (
                self.tr("print: {waiting} waiting · {failed} failed").format(
                    waiting=waiting, failed=failed
                )
                if failed
                else self.tr("print: {waiting} waiting").format(waiting=waiting)
            )
            _set_text(self.queue_label, text)
            colour = "#c62828" if failed else ("#c77700" if waiting else "#1b7f3b")
            self.queue_label.setStyleSheet(f"color: {colour}; font-weight: bold;")

        self.print_queue.jobs(show, states=("pending", "printing", "failed"), limit=1000)

    def _data_changed(self, changes: Changes) -> None:
        if changes.print_jobs:
            self._queue_counts_later.start()

    def _scanner_problem(self, message: str) -> None:
        self.sounds.play("error")
        self._show_error(message)

    # -- screens ---------------------------------------------------------------------------

    def current(self) -> QWidget | None:
        return self.stack.current()

    def show_screen(self, widget: QWidget) -> None:
        self.stack.show_screen(widget)
        self._grow_to_fit(widget)
        widget.setFocus()
        self.screen_changed.emit(type(widget).__name__)

    def _grow_to_fit(self, screen: QWidget) -> None:
        """Grow the window so ``screen`` fits without scrolling, as far as the monitor allows;
        never shrink it (a window sized by hand, maximised or full screen keeps its size)."""
        if self.isFullScreen() or self.isMaximized() or self.screen() is None:
            return
        chrome = self.size() - self.stack.size()
        room = self.screen().availableGeometry().size() - (self.frameSize() - self.size())
        wanted = screen.minimumSizeHint() + chrome
        if wanted.height() > room.height():  # it scrolls: leave room for the scroll bar
            bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            wanted.setWidth(wanted.width() + bar)
        self.resize(self.size().expandedTo(wanted.boundedTo(room)))  # never shrinks it

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._keep_within_monitor)  # dropped if the window goes

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        self._keep_within_monitor()

    def _keep_within_monitor(self) -> None:
        """Shrink a window whose frame is bigger than the monitor until it fits. The window
        manager's frame is known only once the window is on the screen, so the first size
        (bounded by the monitor alone) put the title bar and the window together past the
        bottom edge of an 800 px screen, the status bar (sync, print queue, devices) below it."""
        if self.isFullScreen() or self.isMaximized() or self.screen() is None:
            return
        room = self.screen().availableGeometry()
        frame = self.frameGeometry()
        too_wide = max(0, frame.width() - room.width())
        too_tall = max(0, frame.height() - room.height())
        if not (too_wide or too_tall):
            return  # a window that fits stays where the operator put it
        self.resize(self.width() - too_wide, self.height() - too_tall)
        frame = self.frameGeometry()
        x = min(max(frame.x(), room.left()), room.right() + 1 - frame.width())
        y = min(max(frame.y(), room.top()), room.bottom() + 1 - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)  # back inside the monitor, as little as needed

    def _drop(self, widget: QWidget | None) -> None:
        if widget is not None:
            self.stack.drop(widget)
            widget.deleteLater()

    def route_scan(self, text: str) -> None:
        """A whole scan from any scanner: to the screen on show, or typed into a dialog's text
        field (without Enter: a scan fills a field, it never presses the dialog's button)."""
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not self:
            if self.wedge is not None and isinstance(QApplication.focusWidget(), QLineEdit):
                self.wedge.type_text(text.replace("\x1d", ""))
            return
        screen = self.current()
        if screen is self.login:
            self.login.on_scan(text)
        elif self.controller is not None and screen in (self.home, self.scan_screen):
            if screen is self.scan_screen and self.scan_screen is not None:
                self.scan_screen.clear_unsent_entry()  # a typed value never waits for later
            self.controller.submit_scan(text)
        elif screen is not None and hasattr(screen, "on_scan"):
            screen.on_scan(text)

    # -- login -----------------------------------------------------------------------------

    def _badge(self, text: str) -> None:
        if self.controller is None:
            if self.workflows_missing:
                self.login.show_error(self.workflows_missing)
            else:
                self._early_badge = text  # the session is still loading
            return
        self._pending_badge = text
        self.controller.submit_scan(text)

    def _pin(self, pin: str) -> None:
        if self.controller is not None:
            self.controller.submit_key(pin)

    def change_language(self, code: str) -> None:
        set_language(code)

    def _operator_changed(self, operator: Any) -> None:
        if operator is None:
            self.operator_label.setText(self.tr("nobody logged in"))
            for widget in (self.home, self.scan_screen, self.supervisor, self.queue_screen):
                self._drop(widget)
            self.home = self.scan_screen = self.supervisor = self.queue_screen = None
            self.show_screen(self.login)
            self.login.reset()
            return
        _set_text(
            self.operator_label,
            self.tr("{name} ({role})").format(
                name=operator.name, role=role_name(operator.role.value)
            ),
        )
        assert self.controller is not None
        self.home = HomeScreen(
            self.controller.modes(),
            available=self.controller.available_modes(),
            operator_name=operator.name,
            supervisor=operator.role.may_approve_adjustments(),
            has_queue=self.print_queue is not None,
        )
        self.home.workflow_chosen.connect(self.controller.set_mode)
        self.home.stock_requested.connect(self.open_stock_screens)
        self.home.queue_requested.connect(self.open_print_queue)
        self.home.settings_requested.connect(self.open_settings)
        self.home.logout_requested.connect(self.controller.logout)
        self.show_screen(self.home)

    def _mode_changed(self, mode: str) -> None:
        assert self.controller is not None
        old = self.scan_screen
        if not mode:
            self.scan_screen = None
            if self.home is not None:
                self.show_screen(self.home)
            self._drop(old)
            return
        from wms.ui.screens.scan import ScanScreen

        operator = self.controller.operator
        screen = ScanScreen(
            mode,
            operator_name=operator.name if operator else "",
            station=self.services.station,
        )
        screen.set_prompt(self.controller.prompt)
        screen.scan.connect(self.controller.submit_scan)
        screen.key.connect(self.controller.submit_key)
        screen.home_requested.connect(self.go_home)
        screen.logout_requested.connect(self.controller.logout)
        if mode == "packing":
            self._add_packing_panels(screen)
        if mode in HUB_MODES:
            self._add_at_risk_strip(screen)
        self.scan_screen = screen
        self.show_screen(screen)
        self._drop(old)

    def _add_packing_panels(self, screen: ScanScreen) -> None:
        from wms.core.services.queries import BenchCarton, bench_cartons
        from wms.ui.screens.packing import PackingBench

        services = self.services

        def load_cartons(done: Callable[[list[BenchCarton]], None]) -> None:
            self.tasks.run(lambda: bench_cartons(services.read_sessions, services.warehouse), done)

        bench = PackingBench(self.scale, self.print_queue, load_cartons=load_cartons, parent=screen)
        assert self.controller is not None
        bench.scale.weight_sent.connect(self.controller.submit_weight)
        bench.cartons.carton_chosen.connect(self.controller.submit_key)
        screen.feedback_shown.connect(bench.show_feedback)
        screen.side.addWidget(bench)
        screen.packing = bench
        screen.hidden_context.update({"carton", "suggested_carton", "label", "customs"})
        QShortcut(QKeySequence("F6"), screen).activated.connect(bench.scale.send_weight)
        bench.scale.problem.connect(screen.show_notice)  # F6 always answers
        # F7 prints the last parcel's label and papers again (instead of CMD:REPRINT)
        screen.override_key("F7", bench.prints.reprint)

    def _add_at_risk_strip(self, screen: ScanScreen) -> None:
        """The 72-hour clock beside the hub's scan screens: refreshed after each accepted
        scan and every minute."""
        from wms.core.services.hub.queries import AtRisk, at_risk
        from wms.ui.widgets.at_risk import AtRiskStrip

        services = self.services
        hours = services.config.rules.hub.at_risk_hours

        def load(done: Callable[[AtRisk], None], failed: Callable[[BaseException], None]) -> None:
            def read() -> AtRisk:
                return at_risk(
                    services.read_sessions, now=utc_now(), hours=hours, warehouse=services.warehouse
                )

            self.tasks.run(read, done, failed)

        strip = AtRiskStrip(load, parent=screen)
        screen.side.addWidget(strip)
        screen.at_risk = strip
        screen.feedback_shown.connect(lambda feedback: strip.refresh() if feedback.ok else None)
        strip.refresh()

    def go_home(self) -> None:
        """Leave the current workflow screen (the task is kept by the session until logout)."""
        if self.home is not None:
            self.show_screen(self.home)

    def open_stock_screens(self) -> None:
        from wms.ui.screens.supervisor import SupervisorScreen

        assert self.controller is not None
        operator = self.controller.operator
        assert operator is not None  # the home screen offers the stock screens once logged in
        if self.supervisor is None:
            panel = self._new_queue_panel() if self.print_queue is not None else None
            self.supervisor = SupervisorScreen(
                self.services.read_sessions,
                self.services.sessions,
                self.tasks,
                warehouse=self.services.warehouse,
                station=self.services.station,
                operator=operator,
                print_queue_panel=panel,
                changes=self.changes,
            )
            self.supervisor.home_requested.connect(self.go_home)
        self.show_screen(self.supervisor)

    def _new_queue_panel(self) -> QWidget:
        from wms.ui.screens.print_queue import PrintQueuePanel

        assert self.print_queue is not None
        printers = [d.name for d in self.services.devices.printers]
        return PrintQueuePanel(self.print_queue, printers)

    def open_print_queue(self) -> None:
        if self.print_queue is None:
            return
        if self.queue_screen is None:
            from PySide6.QtWidgets import QPushButton

            screen = QWidget()
            layout = QVBoxLayout(screen)
            title = named(QLabel(self.tr("Print queue")), "Title")
            back = QPushButton(self.tr("F11  Back to workflows"))
            back.clicked.connect(self.go_home)
            QShortcut(QKeySequence("F11"), screen).activated.connect(self.go_home)
            layout.addWidget(title)
            layout.addWidget(self._new_queue_panel(), 1)
            layout.addWidget(back)
            self.queue_screen = screen
        self.show_screen(self.queue_screen)

    def settings_refusal(self) -> str:
        """Why Settings cannot open for whoever is at the station, or "" when they can: only
        a supervisor or an admin changes the station, its workflows and devices."""
        operator = self.controller.operator if self.controller is not None else None
        if operator is None:
            return self.tr(
                "Settings need a supervisor or admin: log in with such a badge, then press F9"
            )
        if not operator.role.may_change_settings():
            return self.tr(
                "Settings need a supervisor or admin; {name} is logged in as {role}"
            ).format(name=operator.name, role=role_name(operator.role.value))
        return ""

    def open_settings(self) -> None:
        from wms.ui.settings_dialog import SettingsDialog, current_config

        refusal = self.settings_refusal()
        if refusal:
            self.sounds.play("error")
            self._show_error(refusal)
            return
        # the file as saved now (not as it was when the app started: a second visit must show,
        # and keep, what the first one saved)
        config = current_config(self.services.config)
        dialog = SettingsDialog(
            config,
            self.tasks,
            parent=self,
            running=(self.services.station, self.services.warehouse),
        )
        dialog.setStyleSheet(STYLE_SHEET)
        dialog.accepted.connect(self._settings_saved)
        self.settings_dialog = dialog
        dialog.open()

    def _settings_saved(self) -> None:
        dialog = self.settings_dialog
        if dialog is not None and dialog.saved:
            self.use_saved_devices(dialog.saved_config)
            self.statusBar().showMessage(
                self.tr(
                    "Settings saved to {path}: devices are used at once; station, warehouse "
                    "and workflows from the next start."
                ).format(path=dialog.path),
                15_000,
            )

    def use_saved_devices(self, config: Any) -> None:
        """The devices of the configuration just saved, without a restart: the scale is
        reconnected (a packing screen on show switches to it) and printers are resolved anew."""
        if not self.services.use_devices_of(config):
            return
        old = self.scale
        self.scale = None
        scales = self.services.devices.scales
        if scales:
            self.scale = QtScale.for_device(scales[0], self)
            self.scale.weight.connect(lambda *_: self._device_health(scales[0].name, True, "ok"))
            self.scale.failed.connect(lambda m: self._device_health(scales[0].name, False, m))
            self.scale.start()
        bench = getattr(self.scan_screen, "packing", None)
        if bench is not None:
            bench.scale.use_scale(self.scale)
        if old is not None:
            old.stop()
            old.deleteLater()
        self.health.devices = self.services.devices  # the health checks follow the new devices
        self._device_labels_for(self.services.devices)

    # -- feedback --------------------------------------------------------------------------

    def _feedback(self, feedback: Any, item: Any) -> None:
        self.changes.publish(changes_of_feedback(feedback))
        level = level_of(feedback)
        self.sounds.play(level)
        screen = self.current()
        if screen is self.login:
            self._login_feedback(feedback)
        elif screen is self.scan_screen and self.scan_screen is not None:
            self.scan_screen.show_feedback(feedback)
        elif not feedback.ok:
            self._show_error(feedback.message)

    def _login_feedback(self, feedback: Any) -> None:
        assert self.controller is not None
        if self.controller.operator is not None:
            return  # _operator_changed moved on
        if feedback.ok and self._pending_badge is not None:
            self.login.ask_pin(self._pending_badge)
            self.login.feedback.show_message("", "")
        else:
            self.login.reset()
            self.login.show_feedback(feedback)
        self._pending_badge = None

    def _failure(self, message: str) -> None:
        self.sounds.play("error")
        self._show_error(message)

    def _show_error(self, message: str) -> None:
        screen = self.current()
        if screen is not None and hasattr(screen, "show_error"):
            screen.show_error(message)
        else:
            self.statusBar().showMessage(shown(message), 10_000)

    # -- life cycle ------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setWindowTitle(
                self.tr("WMS station {station}").format(station=self.services.station)
            )
            self.operator_label.setText(self.tr("nobody logged in"))
            self.sync.retranslate()
            self._refresh_queue_counts()
        super().changeEvent(event)

    def shutdown(self) -> None:
        self.health.stop()
        self.sync.stop()
        for scanner in self.scanners:
            scanner.stop()
        if self.scale is not None:
            self.scale.stop()
        if self.controller is not None:
            self.controller.stop()  # waits for the input being handled, if any
            session = self.controller.session
            if session.operator is not None:
                try:
                    session.logout()
                except Exception:
                    log.exception("logout at shutdown failed")
        if self.wedge is not None:
            self.wedge.flush()
        self.tasks.wait(5000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def _set_text(label: QLabel, text: str) -> None:
    """Status-bar text that the bar may not squeeze (it clips labels otherwise)."""
    label.setText(text)
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance(text) + 16)


class _ScreenPage(QWidget):
    """One screen inside its scroll area. It answers the area's "how tall at this width" with
    the screen's minimum at that width (wrapped text at that width, every other widget at its
    minimum) rather than its preferred height: a screen that fits at its minimum is laid out
    in the window as it is, with no scroll bar, and only one that does not fit scrolls."""

    def __init__(self, screen: QWidget) -> None:
        super().__init__()
        self.content = screen
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(screen)

    def heightForWidth(self, width: int) -> int:
        inner = self.content.layout()
        if inner is None or not inner.hasHeightForWidth():
            return super().heightForWidth(width)
        minimum: int = inner.minimumHeightForWidth(width)
        return max(minimum, self.content.minimumSizeHint().height())


class ScreenStack(QStackedWidget):
    """The window's screens, one shown at a time, each in a scroll area: a screen bigger than
    the monitor (the supervisor's home with every workflow on a 1366 x 768 bench screen)
    scrolls instead of pushing the window past the screen's edges, where its bottom rows and
    buttons could not be reached. The scroll areas take no focus, so a wedge scan still goes to
    the screen's own input."""

    def __init__(self) -> None:
        super().__init__()
        self._areas: dict[QWidget, QScrollArea] = {}

    def show_screen(self, screen: QWidget) -> None:
        area = self._areas.get(screen)
        if area is None:
            area = named(QScrollArea(), "Screen")
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            page = _ScreenPage(screen)
            area.setWidget(page)
            page.setAutoFillBackground(False)  # setWidget turned it on: the paper shows
            self._areas[screen] = area
            self.addWidget(area)
        self.setCurrentWidget(area)

    def current(self) -> QWidget | None:
        area = self.currentWidget()
        page = area.widget() if isinstance(area, QScrollArea) else None
        return page.content if isinstance(page, _ScreenPage) else None

    def area_of(self, screen: QWidget) -> QScrollArea | None:
        """The scroll area ``screen`` is shown in (once it has been shown)."""
        return self._areas.get(screen)

    def drop(self, screen: QWidget) -> None:
        area = self._areas.pop(screen, None)
        if area is not None:
            self.removeWidget(area)
            page = area.takeWidget()
            screen.setParent(None)  # the caller deletes the screen; the page goes with its area
            page.deleteLater()
            area.deleteLater()
