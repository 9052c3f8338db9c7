"""the pushes' own-station probe uses the ledger's index again (issue 16, item 3)

Revision ID: c0013
Revises: c0012
Create Date: 2026-12-02 16:50:00

``wms_push`` and ``wms_push_parcel_events`` take the batch's first and last station as
``min(i.station_id COLLATE "C")``: the "C" collation sorts station codes the same way on every
server. But the result keeps that collation, and their fast-path probe ``p.station_id =
summary.first_origin`` then compares under "C", which the ``(warehouse_id, station_id,
station_seq)`` unique index (default collation) cannot answer: every push read all of its
warehouse's ledger (and its parcel events) row by row, so a push got slower as the warehouse's
history grew (5,000 parcel events: 2.9 s a batch with 100,000 held; the same probe in a loop,
30 ms against 0.015 ms on 400,000 rows). The station codes are compared in the default
collation again (``COLLATE "default"`` on the result); nothing else changes.

The functions are rewritten from their current definitions (``pg_get_functiondef``), so this
revision fixes whatever the revisions before it made of them; on Citus ``CREATE OR REPLACE``
of a distributed function reaches every node.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c0013"
down_revision: str | None = "c0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: the parcel kinds that move a parcel (c0010's MOVING_KINDS, as its function spells them)
_MOVING = "'sorted', 'held', 'exception', 'released', 'handed_over'"
_AGG = """jsonb_agg(jsonb_build_object(
                       'event_id', o.event_id, 'station', o.station_id, 'kind', o.kind,
                       'location', o.location, 'reason', o.reason, 'at', o.at,
                       'feed_seq', o.feed_seq) ORDER BY o.feed_seq)"""

COLLATION = (
    (
        'min(i.station_id COLLATE "C") AS first_origin',
        'min(i.station_id COLLATE "C") COLLATE "default" AS first_origin',
    ),
    (
        'max(i.station_id COLLATE "C") AS last_origin',
        'max(i.station_id COLLATE "C") COLLATE "default" AS last_origin',
    ),
)
PARCEL_PROBES = (
    (
        f"""            SELECT 1 FROM parcel_events o
             WHERE o.warehouse_id = w AND o.tracking = ANY (moved)
               AND o.feed_seq > feed_seen AND o.feed_seq <= base
               AND o.station_id <> summary.first_origin AND o.kind IN ({_MOVING})) THEN""",
        f"""            SELECT 1 FROM unnest(moved) t(tracking) CROSS JOIN LATERAL (
                SELECT 1 FROM parcel_events o
                 WHERE o.warehouse_id = w AND o.tracking = t.tracking
                   AND o.feed_seq > feed_seen AND o.feed_seq <= base
                   AND o.station_id <> summary.first_origin AND o.kind IN ({_MOVING})
                 LIMIT 1) x) THEN""",
    ),
    (
        f"""            SELECT o.tracking,
                   {_AGG}
                       FILTER (WHERE o.feed_seq <= base) AS meanwhile,
                   {_AGG}
                       FILTER (WHERE o.feed_seq > base) AS pushed
              FROM parcel_events o
             WHERE o.warehouse_id = w AND o.tracking = ANY (moved)
               AND o.feed_seq > feed_seen AND o.kind IN ({_MOVING})
             GROUP BY o.tracking
            HAVING bool_or(o.feed_seq > base) AND bool_or(o.feed_seq <= base)
               AND count(DISTINCT o.station_id) > 1
             ORDER BY o.tracking""",
        f"""            SELECT t.tracking, x.meanwhile, x.pushed
              FROM unnest(moved) t(tracking) CROSS JOIN LATERAL (
                SELECT {_AGG}
                       FILTER (WHERE o.feed_seq <= base) AS meanwhile,
                   {_AGG}
                       FILTER (WHERE o.feed_seq > base) AS pushed,
                   bool_or(o.feed_seq > base) AND bool_or(o.feed_seq <= base)
                       AND count(DISTINCT o.station_id) > 1 AS twice
                  FROM parcel_events o
                 WHERE o.warehouse_id = w AND o.tracking = t.tracking
                   AND o.feed_seq > feed_seen AND o.kind IN ({_MOVING})) x
             WHERE x.twice
             ORDER BY t.tracking""",
    ),
)
#: function -> its rewrites (old, new)
FIXES: dict[str, tuple[tuple[str, str], ...]] = {
    "wms_push(text, text, bigint, jsonb)": COLLATION,
    "wms_push_parcel_events(text, text, bigint, jsonb)": COLLATION + PARCEL_PROBES,
}


def _rewrite(*, back: bool = False) -> None:
    bind = op.get_bind()
    for function, fixes in FIXES.items():
        row = bind.exec_driver_sql(
            "SELECT pg_get_functiondef(to_regprocedure(%s))", (function,)
        ).fetchone()
        if row is None or row[0] is None:
            raise RuntimeError(f"central has no {function} to rewrite")
        definition: str = row[0]
        for old, new in fixes:
            if back:
                old, new = new, old
            if definition.count(old) != 1:
                raise RuntimeError(f"{function} is not the one revision c0013 rewrites: {old!r}")
            definition = definition.replace(old, new)
        bind.exec_driver_sql(definition.replace("%", "%%"))


def upgrade() -> None:
    _rewrite()


def downgrade() -> None:
    _rewrite(back=True)
