"""`wms --help` and `wms stock` start as whole processes without the heavy libraries.

A read command on a SQLite station is answered with the standard library's sqlite3 (see
``wms.core.persistence.sqlite_reader``): the same lines as the ledger repository, the same
refusals of a wrong file, and the schema check held to Alembic's own head. What they import is
checked in a subprocess's ``sys.modules``, never by timing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from tests.conftest import run_wms
from wms.core.domain.errors import ConfigError, StorageError
from wms.core.persistence.migrate import head_revision
from wms.core.persistence.sqlite_reader import (
    StockFilter,
    open_reader,
    script_head,
    sqlite_file,
    stock_lines,
    the_warehouse,
)
from wms.core.persistence.unit_of_work import UnitOfWork

HEAVY = ("PySide6", "reportlab", "psycopg", "sqlalchemy", "alembic", "biip", "PIL")

_LOADED = """
import runpy, sys
sys.argv = ["wms", *sys.argv[1:]]
try:
    runpy.run_module("wms", run_name="__main__")
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n")
"""


def modules_loaded_by(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", _LOADED, *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )
    line = next(line for line in result.stderr.splitlines() if line.startswith("MODULES "))
    return set(line.split()[1:])


def heavy_among(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in HEAVY}


def test_wms_help_lists_the_commands_without_loading_any_heavy_library() -> None:
    assert heavy_among(modules_loaded_by("--help")) == set()
    assert "stock on hand by location" in run_wms("--help").stdout


def test_wms_stock_on_a_sqlite_station_reads_it_without_sqlalchemy(demo_db) -> None:
    _engine, _sessions, path = demo_db
    loaded = modules_loaded_by("--db", str(path), "stock", "--sku", "SAF-1G")
    assert heavy_among(loaded) == set()
    shown = json.loads(run_wms("stock", "--sku", "SAF-1G", "--format", "json", db=path).stdout)
    assert {(line["location"], line["quantity"]) for line in shown} == {
        ("A-02-01-1", 200),
        ("P-01-01-2", 30),
    }


@pytest.mark.parametrize(
    "where",
    [
        StockFilter(),
        StockFilter(warehouse="CMN1"),
        StockFilter(sku="SAF-1G"),
        StockFilter(location="QUAR-01"),
        StockFilter(status="quarantined"),
        StockFilter(lot="NO-SUCH-LOT"),
    ],
)
def test_the_reader_shows_the_same_stock_lines_as_the_ledger_repository(demo_db, where) -> None:
    _engine, sessions, path = demo_db
    with UnitOfWork(sessions) as uow:
        expected = uow.ledger.stock(where)
    connection = open_reader(path)
    try:
        assert stock_lines(connection, where) == expected
        assert [asdict(line) for line in stock_lines(connection, where, limit=3)] == [
            asdict(line) for line in expected[:3]
        ]
    finally:
        connection.close()


def test_the_schema_check_knows_the_same_newest_revision_as_alembic() -> None:
    assert script_head() is not None
    assert script_head() == head_revision()


def test_a_missing_file_an_empty_database_and_a_foreign_file_are_refused(tmp_path) -> None:
    with pytest.raises(StorageError, match="does not exist: expected a station database"):
        open_reader(tmp_path / "typo.db")
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(StorageError, match="found no WMS schema; run 'wms init'"):
        open_reader(empty)
    foreign = tmp_path / "photo.db"
    foreign.write_bytes(b"\x89PNG not a database at all" * 100)
    with pytest.raises(StorageError, match="expected a WMS station database, found an unreadable"):
        open_reader(foreign)
    refused = run_wms("stock", db=empty)
    assert refused.returncode == 2
    assert "found no WMS schema" in refused.stderr


def test_which_warehouse_is_asked_when_the_database_holds_none(tmp_path, demo_db) -> None:
    _engine, _sessions, path = demo_db
    connection = open_reader(path)
    try:
        assert the_warehouse(connection, "") == "CMN1"
        assert the_warehouse(connection, "OTHER") == "OTHER"
    finally:
        connection.close()
    bare = tmp_path / "bare.db"
    with sqlite3.connect(bare) as made:
        made.execute("CREATE TABLE warehouses (code TEXT)")
    with sqlite3.connect(bare) as check, pytest.raises(ConfigError, match="found warehouses: none"):
        the_warehouse(check, "")


def test_only_plain_sqlite_files_take_the_standard_library_path(tmp_path: Path) -> None:
    assert sqlite_file(str(tmp_path / "a.db")) == (tmp_path / "a.db").resolve()
    assert sqlite_file(f"sqlite:///{tmp_path}/a.db") == tmp_path / "a.db"
    assert sqlite_file("postgresql://wms@db.local/station") is None
    assert sqlite_file("sqlite:///:memory:") is None
    assert sqlite_file(f"sqlite:///{tmp_path}/a.db?mode=ro") is None
