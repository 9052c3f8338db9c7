"""The schema check every command makes when it opens the station database (``wms app`` first).

A database at the newest schema passes with one query of ``alembic_version`` against the head
read from the migration scripts' ``revision`` / ``down_revision`` lines, without loading
Alembic; a database one revision behind, or no WMS database at all, is refused with the same
sentence as before, and ``wms init`` still upgrades it. The header reader is held to Alembic's
own head, and any script it cannot read hands the decision back to Alembic.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command

from tests.conftest import WMS, run_wms
from wms.config import load_config
from wms.core.domain.errors import StorageError
from wms.core.persistence.engine import create_station_engine
from wms.core.persistence.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    require_current_schema,
)
from wms.core.persistence.sqlite_reader import migrations_dir, script_head
from wms.station import open_database

PREVIOUS = "0011_owner_views"  # the revision before the head when these tests were written


def one_revision_behind(path: Path) -> Path:
    engine = create_station_engine(str(path))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, PREVIOUS)
    engine.dispose()
    return path


def copied_scripts(tmp_path: Path) -> Path:
    versions = tmp_path / "versions"
    shutil.copytree(migrations_dir() / "versions", versions, ignore=shutil.ignore_patterns("__*"))
    return versions


def test_the_head_read_from_the_script_headers_is_alembics_head() -> None:
    assert script_head() is not None
    assert script_head() == head_revision()


def test_a_new_migration_script_becomes_the_head_read_from_the_headers(tmp_path) -> None:
    versions = copied_scripts(tmp_path)
    head = script_head(versions)
    (versions / "0099_next.py").write_text(
        f'"""next\n\nRevision ID: 0099_next\nRevises: {head}\n"""\n\n'
        "from collections.abc import Sequence\n\n"
        "revision = '0099_next'  # a comment after the value\n"
        f"down_revision: str | None = {head!r}\n"
        "branch_labels: str | Sequence[str] | None = None\n",
        encoding="utf-8",
    )
    assert script_head(versions) == "0099_next"


def test_two_branches_merged_by_a_script_have_the_merge_as_head(tmp_path) -> None:
    versions = copied_scripts(tmp_path)
    head = script_head(versions)
    (versions / "0099_a.py").write_text(f"revision = 'a'\ndown_revision = {head!r}\n")
    (versions / "0099_b.py").write_text(f"revision = 'b'\ndown_revision = {head!r}\n")
    assert script_head(versions) is None  # two heads: Alembic decides
    (versions / "0100_merge.py").write_text("revision = 'm'\ndown_revision = ('a', 'b')\n")
    assert script_head(versions) == "m"


@pytest.mark.parametrize(
    "header",
    [
        "revision = make_revision_id()\ndown_revision = None\n",  # not a literal
        "down_revision = None\n",  # no revision line
        "revision = (\n    '0099'\n)\ndown_revision = None\n",  # over several lines
        "revision = '0099'\nrevision = '0100'\ndown_revision = None\n",  # two of them
        "revision = '0099'\ndown_revision = 12\n",  # not a revision name
    ],
)
def test_a_script_whose_header_cannot_be_read_leaves_the_head_to_alembic(tmp_path, header) -> None:
    versions = copied_scripts(tmp_path)
    (versions / "0099_odd.py").write_text(header, encoding="utf-8")
    assert script_head(versions) is None


def test_a_database_at_the_newest_schema_opens_without_loading_alembic(station_db) -> None:
    _engine, _sessions, path = station_db
    probe = (
        "import sys\n"
        "from wms.config import load_config\n"
        "from wms.station import open_database\n"
        f"open_database(load_config(None), {str(path)!r}).engine.dispose()\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'alembic', 'mako'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
        env=os.environ.copy(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_database_one_revision_behind_is_refused_with_what_to_do(tmp_path) -> None:
    path = one_revision_behind(tmp_path / "old.db")
    expected = (
        f"database {path}: expected schema revision {head_revision()}, found schema revision "
        f"{PREVIOUS}; run 'wms init' to create or upgrade it"
    )
    with pytest.raises(StorageError) as refused:
        open_database(load_config(None), str(path))
    assert str(refused.value) == expected


def test_wms_app_refuses_a_database_one_revision_behind_and_wms_init_upgrades_it(tmp_path):
    path = one_revision_behind(tmp_path / "old.db")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WMS_MUTE": "1"}
    refused = subprocess.run(
        [*WMS, "--db", str(path), "app", "--quit-after", "0.5"],
        capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr
    assert f"found schema revision {PREVIOUS}; run 'wms init'" in refused.stderr

    assert run_wms("init", db=path).returncode == 0
    engine = create_station_engine(str(path), must_exist=True)
    try:
        assert current_revision(engine) == head_revision()
        require_current_schema(engine)
    finally:
        engine.dispose()


def test_a_database_whose_version_table_names_no_revision_is_refused(station_db) -> None:
    engine, _sessions, _path = station_db
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM alembic_version")
    with pytest.raises(StorageError, match="found no WMS schema; run 'wms init'"):
        require_current_schema(engine)
