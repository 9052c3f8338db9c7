"""Alembic environment for the central PostgreSQL database (its own version history).

The version table is ``wms_central_version`` (not ``alembic_version``), so pointing the station
migrations at central, or these at a station database, finds no history instead of a wrong one.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from wms.core.sync.central_schema import central_metadata

config = context.config
VERSION_TABLE = "wms_central_version"


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("give the central database URL: alembic -x url=postgresql://...")
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    engine = create_engine(url)
    with engine.begin() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=central_metadata,
        version_table=VERSION_TABLE,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations()
