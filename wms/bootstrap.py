"""The one place that wires core + persistence + devices (+ the ui, which imports this).

:func:`open_services` turns the command line (``--db``, ``--config``) into a
:class:`StationServices`: the station database (a write engine for workflows, a separate
read-only engine for the supervisor screens so a long stock query never takes SQLite's write
lock), the device settings, the durable print queue and a factory for scan sessions.

Nothing here imports Qt; :mod:`wms.ui.app` builds the windows on top of it.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from wms.cli.context import StationContext, open_station
from wms.config import StationConfig
from wms.core.domain.errors import ConfigError, WmsError
from wms.core.persistence.engine import BUSY_TIMEOUT_MS, session_factory
from wms.devices.config import DeviceSettings, parse_device_settings

log = logging.getLogger("wms.station")

LOG_FILE_NAME = "wms-station.log"
LOG_MAX_BYTES = 2_000_000
LOG_BACKUPS = 5


@dataclass
class StationServices:
    """Everything the station app needs, without any Qt."""

    context: StationContext
    read_engine: Engine
    read_sessions: sessionmaker[Session]
    devices: DeviceSettings
    device_error: str = ""
    print_queue: Any = None  # wms.devices.print_queue.PrintQueue when the table exists
    log_path: Path | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def config(self) -> StationConfig:
        return self.context.config

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self.context.sessions

    @property
    def engine(self) -> Engine:
        return self.context.engine

    @property
    def station(self) -> str:
        return self.context.station

    @property
    def warehouse(self) -> str:
        return self.context.warehouse

    @property
    def workflows(self) -> tuple[str, ...]:
        return tuple(self.config.workflows)

    def new_session(self):  # type: ignore[no-untyped-def]
        """A scan session for this bench (the same class ``wms replay`` drives)."""
        StationSession = station_session_class()
        if StationSession is None:
            raise ConfigError(
                "the scan workflows are not installed in this build "
                "(wms.core.services.workflows has no StationSession)"
            )
        return StationSession(
            self.sessions,
            warehouse=self.warehouse,
            station=self.station,
            workflows=self.workflows,
        )

    def database_label(self) -> str:
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return str(url.database or ":memory:")
        return url.render_as_string(hide_password=True)

    def close(self) -> None:
        if self.print_queue is not None:
            self.print_queue.stop(timeout=3.0)
        simulator = self.extras.pop("demo_printer", None)
        if simulator is not None:
            simulator.stop()
        self.read_engine.dispose()
        self.engine.dispose()


def station_session_class():  # type: ignore[no-untyped-def]
    """``StationSession`` of the workflow engine, or None if this build has none."""
    try:
        from wms.core.services import workflows
    except ImportError:
        return None
    return getattr(workflows, "StationSession", None)


def available_workflows() -> tuple[str, ...]:
    """Workflow names the engine registers (empty if there is no engine)."""
    try:
        from wms.core.services.workflows import WORKFLOWS
    except ImportError:
        return ()
    station_session_class()  # importing the package registers every workflow
    return tuple(WORKFLOWS)


def read_only_engine(engine: Engine) -> Engine:
    """A second engine on the same database for queries.

    SQLite in WAL mode lets readers run beside the writer; this engine uses plain deferred
    transactions (no ``BEGIN IMMEDIATE``) and ``query_only``, so a supervisor's stock query never
    delays a scan's commit. Other databases get the same engine back.
    """
    url = engine.url
    if url.get_backend_name() != "sqlite" or (url.database or ":memory:") == ":memory:":
        return engine
    reader = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    def configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA query_only = 1")
            cursor.execute("PRAGMA cache_size = -32000")
        finally:
            cursor.close()

    event.listen(reader, "connect", configure)
    return reader


def log_directory(engine: Engine) -> Path:
    """Next to a SQLite database file, else the user log directory."""
    url = engine.url
    database = url.database or ""
    if url.get_backend_name() == "sqlite" and database and database != ":memory:":
        return Path(database).expanduser().resolve().parent
    return Path(platformdirs.user_log_dir("wms", appauthor=False))


def setup_logging(directory: Path, level: int = logging.INFO) -> Path:
    """A rotating log file for the station app; returns its path. Idempotent."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in root.handlers:
        if (
            isinstance(handler, logging.handlers.RotatingFileHandler)
            and Path(handler.baseFilename) == path
        ):
            return path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return path


def make_print_queue(engine: Engine, sessions: sessionmaker[Session], devices: DeviceSettings):  # type: ignore[no-untyped-def]
    """The durable print queue on the station database, or None if it has no queue table."""
    try:
        if not inspect(engine).has_table("print_jobs"):
            return None
        from wms.core.persistence.print_jobs import PrintJobStore
        from wms.devices.print_queue import PrintQueue
    except (ImportError, WmsError):
        return None
    return PrintQueue(
        PrintJobStore(sessions),
        resolve=devices.printer_url,
        serial_settings=devices.printer_serial_settings,
    )


def services_from_context(context: StationContext, *, logging_on: bool = True) -> StationServices:
    devices = DeviceSettings({}, "")
    device_error = ""
    try:
        devices = parse_device_settings(context.config.raw, str(context.config.path or "wms.toml"))
    except WmsError as error:
        device_error = str(error)
    reader = read_only_engine(context.engine)
    read_sessions = session_factory(reader) if reader is not context.engine else context.sessions
    log_path = setup_logging(log_directory(context.engine)) if logging_on else None
    print_queue = make_print_queue(context.engine, context.sessions, devices)
    return StationServices(
        context=context,
        read_engine=reader,
        read_sessions=read_sessions,
        devices=devices,
        device_error=device_error,
        print_queue=print_queue,
        log_path=log_path,
    )


DEMO_LABEL_PRINTER = "demo_labels"
DEMO_DOCUMENT_PRINTER = "demo_papers"


def start_demo_printers(services: StationServices, folder: Path | None = None) -> Path | None:
    """``wms demo``: print somewhere visible when the station has no printer of its own.

    Starts the device layer's ZPL printer simulator on 127.0.0.1 (a free port; it answers
    ``~HS`` like a Zebra and writes each label to ``<folder>/labels/job-NNNNN.zpl``) and a
    ``file://`` spool ``<folder>/documents/`` for the PDF packing lists and customs forms.
    Both become devices of this station (``demo_labels``, ``demo_papers``:
    status bar, print-queue view) and the packing workflow's printers through
    ``$WMS_LABEL_PRINTER`` / ``$WMS_DOCUMENT_PRINTER``. ``folder`` defaults to ``printed/``
    next to the station database. Returns the folder, or None when printers are configured
    (``wms.toml`` or the environment), which are then used as they are.
    """
    import os

    if services.devices.printers or os.environ.get("WMS_LABEL_PRINTER"):
        return None
    from wms.devices.config import DeviceConfig
    from wms.devices.simulators.printer import ZplPrinterSimulator

    folder = folder or log_directory(services.engine) / "printed"
    documents = folder / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    simulator = ZplPrinterSimulator("127.0.0.1", 0, spool=folder / "labels").start()
    services.extras["demo_printer"] = simulator
    services.devices.devices[DEMO_LABEL_PRINTER] = DeviceConfig(
        DEMO_LABEL_PRINTER,
        "printer",
        simulator.url,
        {"content_type": "zpl", "default": True},
        f"ZPL printer simulator, labels in {folder / 'labels'}",
    )
    services.devices.devices[DEMO_DOCUMENT_PRINTER] = DeviceConfig(
        DEMO_DOCUMENT_PRINTER,
        "printer",
        f"file://{documents}/",
        {"content_type": "pdf"},
        f"PDF spool folder {documents}",
    )
    os.environ["WMS_LABEL_PRINTER"] = DEMO_LABEL_PRINTER
    os.environ["WMS_DOCUMENT_PRINTER"] = DEMO_DOCUMENT_PRINTER
    log.info("demo printers: labels to %s, documents to %s", simulator.url, documents)
    return folder


def open_services(args: argparse.Namespace) -> StationServices:
    """The station database and devices of ``wms app`` / ``wms demo``."""
    return services_from_context(open_station(args))
