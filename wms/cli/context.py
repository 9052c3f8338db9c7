"""What every command needs: the station database and who this station is."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from wms.config import StationConfig, default_station_id, load_config
from wms.core.domain.errors import ConfigError
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.migrate import require_current_schema
from wms.core.persistence.unit_of_work import UnitOfWork


@dataclass
class StationContext:
    config: StationConfig
    engine: Engine
    sessions: sessionmaker[Session]

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    @property
    def station(self) -> str:
        return self.config.station or default_station_id()

    @property
    def warehouse(self) -> str:
        """The configured warehouse, or the database's only one."""
        if self.config.warehouse:
            return self.config.warehouse
        with self.unit_of_work() as uow:
            warehouses = uow.warehouses.all()
        if len(warehouses) == 1:
            return warehouses[0].code
        found = ", ".join(w.code for w in warehouses) or "none"
        raise ConfigError(
            "which warehouse? expected [station] warehouse in wms.toml or $WMS_WAREHOUSE, "
            f"found warehouses: {found}"
        )


def database_url(args: argparse.Namespace, config: StationConfig) -> str | None:
    return getattr(args, "db", None) or config.database or None


def open_station(args: argparse.Namespace, *, create: bool = False) -> StationContext:
    """Open the station database; unless ``create``, it must exist at the newest schema."""
    config = load_config(getattr(args, "config", None))
    engine = create_station_engine(database_url(args, config), must_exist=not create)
    if not create:
        require_current_schema(engine)
    return StationContext(config, engine, session_factory(engine))
