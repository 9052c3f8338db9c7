"""The owners (merchants) a supervisor can narrow the stock screens to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from wms.core.persistence.tables import OwnerRow


@dataclass(frozen=True)
class OwnerChoice:
    code: str
    name: str


def owner_choices(session: Session) -> list[OwnerChoice]:
    """Every active owner, by code (the hub's own ``HUB`` among them)."""
    rows = session.execute(
        select(OwnerRow.code, OwnerRow.name)
        .where(OwnerRow.active.is_(True))
        .order_by(OwnerRow.code)
    )
    return [OwnerChoice(code, name) for code, name in rows]
