"""One way to build a station: the station app, ``wms replay``, the CLI and the benchmarks.

* :func:`open_database` opens the station database of a :class:`~wms.config.StationConfig`
  (every ``wms`` command that reads or writes the station's data);
* :func:`build_station` adds what a scanning bench runs on: a read-only engine for the
  supervisor screens, the devices, the durable print queue, the print routing and — for
  ``wms demo`` — demo printers; :meth:`Station.new_session` builds the scan session with the
  workflow rules, the allowed workflows and the print routing of the configuration.

The configuration is read once (:func:`wms.config.load_config`) and passed in; nothing here
parses command lines, imports Qt, or reads or writes the environment.
"""

from __future__ import annotations

import logging
import logging.handlers
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from wms.config import StationConfig, default_station_id
from wms.core.domain.clock import Clock, utc_now
from wms.core.domain.errors import ConfigError
from wms.core.persistence.engine import BUSY_TIMEOUT_MS, create_station_engine, session_factory
from wms.core.persistence.migrate import require_current_schema
from wms.core.persistence.print_jobs import PrintJobStore
from wms.core.services.outbound.printing import PrintRouting
from wms.devices.config import DeviceConfig, DeviceSettings
from wms.devices.print_queue import PrintQueue

if TYPE_CHECKING:  # the workflows load when the first session is built (see Station.new_session)
    from wms.core.persistence.unit_of_work import UnitOfWork
    from wms.core.services.workflows.session import StationSession
    from wms.devices.simulators.printer import ZplPrinterSimulator

log = logging.getLogger("wms.station")

LOG_FILE_NAME = "wms-station.log"
LOG_MAX_BYTES = 2_000_000
LOG_BACKUPS = 5

DEMO_LABEL_PRINTER = "demo_labels"
DEMO_DOCUMENT_PRINTER = "demo_papers"


# -- the database -----------------------------------------------------------------------------


class StationDatabase:
    """The station database and who this station is: what every command needs."""

    def __init__(self, config: StationConfig, engine: Engine, sessions: sessionmaker[Session]):
        self.config = config
        self.engine = engine
        self.sessions = sessions
        self._warehouse = config.warehouse

    def unit_of_work(self) -> UnitOfWork:
        # the repositories and the table models behind them load at the first use, after the
        # station app's login screen is painted
        from wms.core.persistence.unit_of_work import UnitOfWork

        return UnitOfWork(self.sessions)

    @property
    def station(self) -> str:
        return self.config.station or default_station_id()

    @property
    def warehouse(self) -> str:
        """The configured warehouse, or the database's only one."""
        if not self._warehouse:
            with self.unit_of_work() as uow:
                warehouses = uow.warehouses.all()
            if len(warehouses) != 1:
                found = ", ".join(w.code for w in warehouses) or "none"
                raise ConfigError(
                    "which warehouse? expected [station] warehouse in wms.toml or "
                    f"$WMS_WAREHOUSE, found warehouses: {found}"
                )
            self._warehouse = warehouses[0].code
        return self._warehouse

    def database_label(self) -> str:
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return str(url.database or ":memory:")
        return url.render_as_string(hide_password=True)


def open_database(
    config: StationConfig, database_url: str | None = None, *, create: bool = False
) -> StationDatabase:
    """The station database (``database_url``, else ``[station] database``, else the default
    file); unless ``create``, it must exist at the newest schema."""
    engine = create_station_engine(database_url or config.database or None, must_exist=not create)
    if not create:
        require_current_schema(engine)
    return StationDatabase(config, engine, session_factory(engine))


# -- the station --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPrinters:
    """``wms demo``'s printers: a ZPL printer simulator and a PDF spool folder."""

    simulator: ZplPrinterSimulator
    folder: Path
    devices: tuple[DeviceConfig, DeviceConfig]

    @property
    def routing(self) -> PrintRouting:
        return PrintRouting(DEMO_LABEL_PRINTER, DEMO_DOCUMENT_PRINTER)


class Station(StationDatabase):
    """Everything a scanning bench runs on, without Qt."""

    def __init__(
        self,
        database: StationDatabase,
        *,
        read_engine: Engine,
        read_sessions: sessionmaker[Session],
        devices: DeviceSettings,
        printing: PrintRouting,
        print_queue: PrintQueue | None,
        demo_printers: DemoPrinters | None = None,
    ) -> None:
        super().__init__(database.config, database.engine, database.sessions)
        self._warehouse = database._warehouse
        self.read_engine = read_engine
        self.read_sessions = read_sessions
        self.devices = devices
        self.printing = printing
        self.print_queue = print_queue
        self.demo_printers = demo_printers

    def use_devices_of(self, config: StationConfig) -> bool:
        """Take the devices of a configuration just saved (Settings), without a restart: the
        scales, scanners and printers the print queue resolves. Returns whether the devices
        changed. Identity, rules and workflows still apply from the next start."""
        devices = config.devices
        if self.demo_printers is not None and not devices.printers:
            devices = devices.with_devices(*self.demo_printers.devices)
        changed = devices != self.devices
        self.config = replace(
            self.config, devices=config.devices, device_problem=config.device_problem
        )
        self.devices = devices
        if self.print_queue is not None:
            self.print_queue.resolve = devices.printer_url
        return changed

    @property
    def device_error(self) -> str:
        """Why the configured devices are not used (empty when they are)."""
        problem = self.config.device_problem
        return str(problem) if problem is not None else ""

    def new_session(self, *, clock: Clock = utc_now) -> StationSession:
        """A scan session for this bench, with the configuration's rules, workflows and printers
        (the same for the station app and ``wms replay``)."""
        from wms.core.services.workflows.session import StationSession

        return StationSession(
            self.sessions,
            warehouse=self.warehouse,
            station=self.station,
            clock=clock,
            settings=self.config.rules,
            workflows=self.config.workflows,
            printing=self.printing,
        )

    def close(self) -> None:
        if self.print_queue is not None:
            self.print_queue.stop(timeout=3.0)
        if self.demo_printers is not None:
            self.demo_printers.simulator.stop()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()
        self.engine.dispose()


def build_station(
    database: StationDatabase,
    *,
    demo_printers: bool = False,
    demo_folder: Path | None = None,
) -> Station:
    """The station on ``database``.

    ``demo_printers`` (``wms demo``): when the configuration names no printer, start a ZPL
    printer simulator and a PDF spool folder under ``demo_folder`` (default ``printed/`` next to
    the station database) as devices of this station, and route labels and documents to them.
    """
    config = database.config
    devices = config.devices
    printing = PrintRouting(config.label_printer, config.document_printer)
    demo: DemoPrinters | None = None
    if demo_printers and not devices.printers and not config.label_printer:
        demo = start_demo_printers(demo_folder or log_directory(database.engine) / "printed")
        devices = devices.with_devices(*demo.devices)
        printing = demo.routing
    reader = read_only_engine(database.engine)
    read_sessions = session_factory(reader) if reader is not database.engine else database.sessions
    return Station(
        database,
        read_engine=reader,
        read_sessions=read_sessions,
        devices=devices,
        printing=printing,
        print_queue=print_queue_for(database.engine, database.sessions, devices),
        demo_printers=demo,
    )


def open_station(
    config: StationConfig,
    database_url: str | None = None,
    *,
    demo_printers: bool = False,
) -> Station:
    """:func:`open_database` then :func:`build_station`."""
    return build_station(open_database(config, database_url), demo_printers=demo_printers)


# -- the parts ----------------------------------------------------------------------------------


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


def print_queue_for(
    engine: Engine, sessions: sessionmaker[Session], devices: DeviceSettings
) -> PrintQueue | None:
    """The durable print queue on the station database (None if it has no queue table); it
    resolves device names with ``devices``."""
    if not inspect(engine).has_table("print_jobs"):
        return None
    return PrintQueue(
        PrintJobStore(sessions),
        resolve=devices.printer_url,
        serial_settings=devices.printer_serial_settings,
        printer_font=devices.printer_font,
    )


def start_demo_printers(folder: Path) -> DemoPrinters:
    """A ZPL printer simulator on 127.0.0.1 (a free port; it answers ``~HS`` like a Zebra and
    writes each label to ``<folder>/labels/job-NNNNN.zpl``) and a ``file://`` spool
    ``<folder>/documents/`` for the PDF packing lists and customs forms."""
    from wms.devices.simulators.printer import ZplPrinterSimulator

    documents = folder / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    simulator = ZplPrinterSimulator("127.0.0.1", 0, spool=folder / "labels").start()
    labels = DeviceConfig(
        DEMO_LABEL_PRINTER,
        "printer",
        simulator.url,
        {"content_type": "zpl", "default": True},
        f"ZPL printer simulator, labels in {folder / 'labels'}",
    )
    papers = DeviceConfig(
        DEMO_DOCUMENT_PRINTER,
        "printer",
        f"file://{documents}/",
        {"content_type": "pdf"},
        f"PDF spool folder {documents}",
    )
    log.info("demo printers: labels to %s, documents to %s", simulator.url, documents)
    return DemoPrinters(simulator, folder, (labels, papers))


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
