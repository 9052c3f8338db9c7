"""Reading a SQLite station database with the standard library only, for short-lived commands.

``wms stock`` is a whole process: importing SQLAlchemy and Alembic costs more than a second on
a loaded bench PC, the query a few milliseconds. This module answers it with ``sqlite3`` alone:
where the database file is (:func:`database_url`, shared with the engine), whether it is at the
newest schema (the head of the migration scripts, read from their ``revision`` /
``down_revision`` lines; ``tests/integration/test_cli_cold_start.py`` holds it to Alembic's
head), and the stock lines of a filter - the same SQL, order and rows as
``LedgerRepository.stock``. Nothing here writes; a PostgreSQL station uses the engine.
"""

from __future__ import annotations

import ast
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from wms.core.domain.errors import ConfigError, NotFound, StorageError
from wms.core.domain.text import msg

BUSY_TIMEOUT_S = 10.0
_PACKAGE_DIR = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class StockLine:
    """One row of ``wms stock``."""

    warehouse: str
    location: str
    sku: str
    lot: str
    expiry: date | None
    handling_unit: str
    status: str
    quantity: int


@dataclass(frozen=True)
class StockFilter:
    warehouse: str | None = None
    sku: str | None = None
    location: str | None = None
    lot: str | None = None
    handling_unit: str | None = None
    status: str | None = None
    #: one owner's stock only (the WHERE clause names it: no other owner's line is read)
    owner: str | None = None


def default_database_url() -> str:
    """``$WMS_DB`` or ``wms.db`` in the user data directory."""
    configured = os.environ.get("WMS_DB")
    if configured:
        return normalise_database_url(configured)
    import platformdirs

    data_dir = Path(platformdirs.user_data_dir("wms", appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'wms.db'}"


def normalise_database_url(value: str) -> str:
    """Accept a SQLAlchemy URL or a bare file path (taken as a SQLite file)."""
    if "://" in value:
        if value.startswith(("postgresql://", "postgres://")):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def sqlite_file(url: str | None) -> Path | None:
    """The SQLite file a station database URL names (``None`` for another database, an
    in-memory one, or a URL with options this reader does not follow)."""
    resolved = normalise_database_url(url) if url else default_database_url()
    prefix = "sqlite:///"
    if not resolved.startswith(prefix) or "?" in resolved:
        return None
    name = resolved[len(prefix) :]
    return Path(name) if name and name != ":memory:" else None


def migrations_dir() -> Path:
    packaged = _PACKAGE_DIR / "_migrations"
    return packaged if packaged.is_dir() else _PACKAGE_DIR.parent / "migrations"


# ``revision: str = "0012_stock_groups"`` / ``down_revision = None`` / ``... = ("a", "b")``
_HEADER_LINE = re.compile(
    r"^(?P<name>revision|down_revision)\s*(?::[^=\n]*)?=\s*(?P<value>.*?)\s*(?:#.*)?$",
    re.MULTILINE,
)


def script_head(directory: Path | None = None) -> str | None:
    """The newest revision of the migration scripts, read from the ``revision = ...`` and
    ``down_revision = ...`` lines of each script (no script imported): the revision no script
    names as its ``down_revision``. ``None`` - so Alembic decides - unless every script has
    exactly one readable line of each and the scripts have exactly one head."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (directory or migrations_dir() / "versions").glob("*.py"):
        if script.name == "__init__.py" or script.name.startswith(".#"):
            continue  # files Alembic does not read as revisions
        found: dict[str, list[object]] = {"revision": [], "down_revision": []}
        for line in _HEADER_LINE.finditer(script.read_text(encoding="utf-8")):
            found[line["name"]].append(_literal(line["value"]))
        if len(found["revision"]) != 1 or len(found["down_revision"]) != 1:
            return None
        revision, down = found["revision"][0], found["down_revision"][0]
        if not isinstance(revision, str):
            return None
        if isinstance(down, str):
            parents.add(down)
        elif down is None:
            pass
        elif isinstance(down, tuple | list) and all(isinstance(name, str) for name in down):
            parents.update(str(name) for name in down)
        else:
            return None
        revisions.add(revision)
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


def _literal(text: str) -> object:
    """The value of a header line; a value that is not a literal is not a revision name."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return _UNREADABLE


_UNREADABLE = object()


def open_reader(path: Path) -> sqlite3.Connection:
    """A query-only connection to the station database file ``path``, refused (as the engine
    refuses it) unless the file is a WMS station database at the newest schema."""
    if not path.exists():
        raise StorageError(
            f"database file '{path}' does not exist: expected a station database, "
            "run 'wms init' (or 'wms demo --no-gui') first"
        )
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    try:
        connection.execute("PRAGMA query_only = ON")
        current = _current_revision(connection, path)
    except BaseException:
        connection.close()
        raise
    head = script_head()
    if current != head:
        connection.close()
        found = "no WMS schema" if current is None else f"schema revision {current}"
        raise StorageError(
            f"database {path}: expected schema revision {head}, found {found}; "
            "run 'wms init' to create or upgrade it"
        )
    return connection


def _current_revision(connection: sqlite3.Connection, path: Path) -> str | None:
    try:
        has_table = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as error:
        raise StorageError(
            f"database {path}: expected a WMS station database, found an unreadable file "
            f"({error}); restore it from backup or run 'wms init' on a new file"
        ) from error
    return str(rows[0][0]) if len(rows) == 1 else None


def the_warehouse(connection: sqlite3.Connection, configured: str) -> str:
    """The configured warehouse, or the database's only one (as ``StationDatabase.warehouse``)."""
    if configured:
        return configured
    codes = [
        str(code) for (code,) in connection.execute("SELECT code FROM warehouses ORDER BY code")
    ]
    if len(codes) != 1:
        raise ConfigError(
            "which warehouse? expected [station] warehouse in wms.toml or "
            f"$WMS_WAREHOUSE, found warehouses: {', '.join(codes) or 'none'}"
        )
    return codes[0]


def require_owner(connection: sqlite3.Connection, code: str) -> str:
    """``code`` if the database knows that owner, else a :class:`NotFound` sentence."""
    row = connection.execute("SELECT code FROM owners WHERE code = ?", (code,)).fetchone()
    if row is None:
        raise NotFound(msg("owner"), code, msg("import it with 'wms import owners FILE.csv'"))
    return str(row[0])


_STOCK_FILTERS = ("warehouse", "owner", "sku", "location", "lot", "handling_unit", "status")


def stock_lines(
    connection: sqlite3.Connection, where: StockFilter = StockFilter(), limit: int | None = None
) -> list[StockLine]:
    """Stock on hand matching ``where``, in ``LedgerRepository.stock``'s order."""
    conditions: list[str] = []
    values: list[object] = []
    for column in _STOCK_FILTERS:
        wanted = getattr(where, column)
        if wanted is not None:
            conditions.append(f"stock.{column} = ?")
            values.append(wanted)
    statement = (
        "SELECT stock.warehouse, stock.location, stock.sku, stock.lot, lots.expiry, "
        "stock.handling_unit, stock.status, stock.quantity FROM stock "
        "LEFT OUTER JOIN lots ON lots.sku = stock.sku AND lots.code = stock.lot"
    )
    if conditions:
        statement += " WHERE " + " AND ".join(conditions)
    statement += " ORDER BY stock.location, stock.sku, stock.lot, stock.handling_unit"
    if limit is not None:
        statement += " LIMIT ?"
        values.append(limit)
    return [
        StockLine(
            warehouse,
            location,
            sku,
            lot,
            date.fromisoformat(expiry) if expiry else None,
            handling_unit,
            status,
            quantity,
        )
        for warehouse, location, sku, lot, expiry, handling_unit, status, quantity in (
            connection.execute(statement, values)
        )
    ]
