"""A batch of movements made ready for central: sorted and encoded as the JSON text central's
``wms_push`` takes (central revision c0008).

Pure Python, no connection: the push's reader thread prepares the next batch while central
works on the current one. Rows are tuples in ``MOVEMENT_COLUMNS`` order (the one movement
spec) with values as the station's driver returns them, or dictionaries keyed by those column
names. The payload is a JSON array of arrays in ``MOVEMENT_COLUMNS`` order, which
``json.dumps`` writes in C; central parses it once and checks every row itself.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from wms.core.sync.central_schema import MOVEMENT_COLUMNS

MovementTuple = tuple[object, ...]  # one movement in MOVEMENT_COLUMNS order

_STATION = MOVEMENT_COLUMNS.index("station_id")
_SEQ = MOVEMENT_COLUMNS.index("station_seq")
_RAW_SCAN = MOVEMENT_COLUMNS.index("raw_scan")
_OWNER = MOVEMENT_COLUMNS.index("owner")


@dataclass(frozen=True)
class PreparedBatch:
    """A batch ready for central: rows sorted by (station, station_seq), each origin's
    station_seqs and the JSON text sent to ``wms_push``."""

    rows: list[MovementTuple]
    by_station: dict[str, list[int]]  # origin station -> its station_seqs, ascending
    payload: str


def as_tuple(row: Mapping[str, object] | MovementTuple) -> MovementTuple:
    if isinstance(row, Mapping):
        return tuple(row[c] for c in MOVEMENT_COLUMNS)
    return tuple(row)


def prepare_batch(
    rows: Sequence[Mapping[str, object] | MovementTuple], columns: Sequence[str]
) -> PreparedBatch:
    """Sort a batch and encode it for ``wms_push``. ``columns`` are the negotiated protocol's:
    protocol 1 did not carry the raw scan, which central then stores empty, protocol 2 not the
    owner (sent empty: central before c0011 reads no such column, c0011 takes HUB)."""
    if rows and isinstance(rows[0], Mapping):
        batch = [as_tuple(row) for row in rows]
    else:
        batch = list(cast(Sequence[MovementTuple], rows))
    if not batch:
        return PreparedBatch([], {}, "[]")
    stations = [row[_STATION] for row in batch]
    seqs = [cast(int, row[_SEQ]) for row in batch]
    if not (len(set(stations)) == 1 and all(map(operator.lt, seqs, seqs[1:]))):
        batch.sort(key=lambda r: (cast(str, r[_STATION]), cast(int, r[_SEQ])))
    by_station: dict[str, list[int]] = {}
    for row in batch:
        by_station.setdefault(str(row[_STATION]), []).append(int(cast(int, row[_SEQ])))
    sent = batch
    if "raw_scan" not in columns:
        sent = [(*row[:_RAW_SCAN], "", *row[_RAW_SCAN + 1 :]) for row in sent]
    if "owner" not in columns:
        sent = [(*row[:_OWNER], "", *row[_OWNER + 1 :]) for row in sent]
    return PreparedBatch(batch, by_station, json.dumps(sent, default=str))
