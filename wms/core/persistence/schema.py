"""Every table of the station database, registered on ``Base.metadata``.

Alembic's env.py and the model/migration agreement test import this module, so a table module
missing here is a table missing from migrations.
"""

from wms.core.persistence import (
    hub_tables,
    outbound_tables,
    print_jobs,
    returns_tables,
    sscc_tables,
    sync_tables,
    tables,
    transfer_tables,
    workflow_tables,
)
from wms.core.persistence.base import Base

metadata = Base.metadata

__all__ = [
    "hub_tables",
    "metadata",
    "outbound_tables",
    "print_jobs",
    "returns_tables",
    "sscc_tables",
    "sync_tables",
    "tables",
    "transfer_tables",
    "workflow_tables",
]
