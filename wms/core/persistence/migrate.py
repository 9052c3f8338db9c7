"""Create or upgrade the station database with Alembic; compare models against migrations.

Every command that opens the station database checks its schema first
(:func:`require_current_schema`): one query of ``alembic_version`` against the head of the
migration scripts read from their ``revision`` / ``down_revision`` lines
(:func:`script_head`, no script executed). Alembic, and the table models its environment
loads, are imported only when that check does not pass or a database is created, upgraded or
compared; importing them costs about half a second of the station app's start.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from sqlalchemy.exc import DatabaseError

from wms.core.domain.errors import StorageError
from wms.core.persistence.sqlite_reader import migrations_dir, script_head

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (creating it if it is empty)."""
    from alembic import command

    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except DatabaseError as error:
        raise StorageError(
            f"database {engine.url.render_as_string(hide_password=True)} cannot be upgraded: "
            f"expected a WMS station database, found {error.orig}"
        ) from error


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The head revision as Alembic reads it (importing and running every script's module)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def require_current_schema(engine: Engine) -> None:
    """Refuse a database that is not a WMS database at the newest schema, with what to do.

    A database at the head of the scripts' headers passes with one query; any other answer
    (another revision, no ``alembic_version`` table, an unreadable file, headers that do not
    name one head) goes through Alembic as before, for the same refusals."""
    if _at_header_head(engine):
        return
    try:
        current = current_revision(engine)
    except DatabaseError as error:
        raise StorageError(
            f"database {engine.url.database}: expected a WMS station database, found "
            f"an unreadable file ({error.orig}); restore it from backup or run 'wms init' "
            "on a new file"
        ) from error
    head = head_revision()
    if current != head:
        found = "no WMS schema" if current is None else f"schema revision {current}"
        raise StorageError(
            f"database {engine.url.database}: expected schema revision {head}, found {found}; "
            "run 'wms init' to create or upgrade it"
        )


def _at_header_head(engine: Engine) -> bool:
    head = script_head()
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except DatabaseError:
        return False
    return len(rows) == 1 and rows[0][0] == head


def schema_differences(engine: Engine) -> list[object]:
    """What autogenerate would change: empty when models and migrations agree. SQLite's
    expression indexes (0012's upper(lot), upper(handling_unit)) are not reflected, so not
    compared: SQLAlchemy's warning that it skips them is expected."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from wms.core.persistence.schema import metadata

    with engine.connect() as connection, warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Skipped unsupported reflection of expression-based index"
        )
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        return list(compare_metadata(context, metadata))
