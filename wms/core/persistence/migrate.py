"""Create or upgrade the station database with Alembic; compare models against migrations."""

from __future__ import annotations

import warnings

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from wms.core.domain.errors import StorageError
from wms.core.persistence.schema import metadata
from wms.core.persistence.sqlite_reader import migrations_dir


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (creating it if it is empty)."""
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
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def require_current_schema(engine: Engine) -> None:
    """Refuse a database that is not a WMS database at the newest schema, with what to do."""
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


def schema_differences(engine: Engine) -> list[object]:
    """What autogenerate would change: empty when models and migrations agree. SQLite's
    expression indexes (0012's upper(lot), upper(handling_unit)) are not reflected, so not
    compared: SQLAlchemy's warning that it skips them is expected."""
    with engine.connect() as connection, warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Skipped unsupported reflection of expression-based index"
        )
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        return list(compare_metadata(context, metadata))
