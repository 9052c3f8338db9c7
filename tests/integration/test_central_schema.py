# ruff: noqa: F811 - pytest fixtures are imported from pg_fixtures and used as arguments
"""The central migrations and the Table objects the sync code queries agree."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from tests.integration.pg_fixtures import CentralFactory, central_factory  # noqa: F401
from wms.core.sync.central_migrate import create_central_engine, current_revision, head_revision
from wms.core.sync.central_schema import REFERENCE_TABLES, central_metadata

pytestmark = pytest.mark.postgres


def test_migrated_tables_match_the_metadata(central_factory: CentralFactory) -> None:
    url = central_factory.database()
    assert current_revision(url) == head_revision() == "c0012"
    engine = create_central_engine(url)
    try:
        inspector = inspect(engine)
        for table in central_metadata.sorted_tables:
            columns = {c["name"]: c for c in inspector.get_columns(table.name)}
            assert set(columns) == {c.name for c in table.columns}, table.name
            for column in table.columns:
                assert columns[column.name]["nullable"] == column.nullable, (
                    table.name,
                    column.name,
                )
            key = inspector.get_pk_constraint(table.name)["constrained_columns"]
            assert key == [c.name for c in table.primary_key.columns], table.name
            if table.name not in (*REFERENCE_TABLES, "central_roles"):
                assert key[0] == "warehouse_id", table.name
    finally:
        engine.dispose()
