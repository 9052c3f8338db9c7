"""Station-side sync state: what central has acknowledged and how far the feed has been read.

``sync_state`` has one row per station identity (normally one per database): the feed
high-water mark (the last central feed sequence applied here), the protocol version this
station speaks, when it last synced, the last error and the clock difference seen at central.

``sync_acks`` has one row per *origin* station whose movements this database holds: the highest
contiguous ``station_seq`` central has acknowledged for it. A movement is unsent while its
``station_seq`` is above its origin's acknowledged sequence. Movements pulled from central are
acknowledged by construction (central already holds them).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wms.core.persistence.base import Base
from wms.core.persistence.tables import CODE


class SyncStateRow(Base):
    __tablename__ = "sync_state"

    station: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    warehouse: Mapped[str] = mapped_column(String(CODE))
    feed_seq: Mapped[int] = mapped_column(Integer, default=0)
    protocol_version: Mapped[int] = mapped_column(Integer, default=0)
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    clock_skew_seconds: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)


class SyncAckRow(Base):
    __tablename__ = "sync_acks"

    origin: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    acked_seq: Mapped[int] = mapped_column(Integer, default=0)
