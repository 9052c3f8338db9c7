"""A batch of movements made ready for central: sorted, inspected, encoded as ``COPY`` text.

Pure Python, no connection: the push's reader thread prepares the next batch while central
works on the current one. It works column by column so that most of it runs inside CPython's C
loops. Rows are tuples in ``MOVEMENT_COLUMNS`` order (the one movement spec) with values as the
station's driver returns them, or dictionaries keyed by those column names.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from wms.core.sync.central_schema import MOVEMENT_COLUMNS

MovementTuple = tuple[object, ...]  # one movement in MOVEMENT_COLUMNS order
StockDelta = tuple[str, str, str, str, str]  # location, sku, lot, handling unit, status
Touched = tuple[str, str, str]  # location, sku, lot

_ID = MOVEMENT_COLUMNS.index("id")
_WAREHOUSE = MOVEMENT_COLUMNS.index("warehouse_id")
_STATION = MOVEMENT_COLUMNS.index("station_id")
_SEQ = MOVEMENT_COLUMNS.index("station_seq")
_REFERENCE = MOVEMENT_COLUMNS.index("reference")
_KIND, _SKU, _LOT, _QUANTITY = (
    MOVEMENT_COLUMNS.index(c) for c in ("kind", "sku", "lot", "quantity")
)
# (location, handling unit, status) of each side of a movement
_FROM = tuple(
    MOVEMENT_COLUMNS.index(c) for c in ("from_location", "from_handling_unit", "from_status")
)
_TO = tuple(MOVEMENT_COLUMNS.index(c) for c in ("to_location", "to_handling_unit", "to_status"))


@dataclass
class PreparedBatch:
    """A batch ready for central: rows sorted by (station, station_seq), what the fast path
    needs to know about them, and the ``COPY`` text (rows with their ordinal) if built."""

    rows: list[MovementTuple]
    by_station: dict[str, list[int]]  # origin station -> its station_seqs, ascending
    distinct_ids: int
    fast: bool  # distinct movements, all of the pushed warehouse
    copy_text: bytes | None = None
    # stock change per key if every row goes in (fast path), as the ledger sums it
    stock_deltas: dict[StockDelta, int] = field(default_factory=dict)
    touched: set[Touched] = field(default_factory=set)
    has_counts: bool = False
    resolves: bool = False  # a movement references a conflict (CONFLICT-<id>)
    transfers: bool = False  # a transfer_out or transfer_in (central captures the transfer)

    def copy_rows(self, columns: Sequence[str]) -> Iterator[list[object]]:
        """The rows as values for psycopg's ``write_row``: ``columns`` and the batch ordinal
        (used when :attr:`copy_text` could not be built)."""
        picks = [MOVEMENT_COLUMNS.index(c) for c in columns]
        for ordinal, row in enumerate(self.rows, start=1):
            yield [*(row[i] for i in picks), ordinal]


def as_tuple(row: Mapping[str, object] | MovementTuple) -> MovementTuple:
    if isinstance(row, Mapping):
        return tuple(row[c] for c in MOVEMENT_COLUMNS)
    return tuple(row)


def prepare_batch(
    rows: Sequence[Mapping[str, object] | MovementTuple],
    columns: Sequence[str],
    warehouse: str,
) -> PreparedBatch:
    """Sort and inspect a batch for ``warehouse`` and build its ``COPY`` text of ``columns``
    (the negotiated protocol's) and the batch ordinal."""
    if rows and isinstance(rows[0], Mapping):
        batch = [as_tuple(row) for row in rows]
    else:
        batch = list(cast(Sequence[MovementTuple], rows))
    if not batch:
        return PreparedBatch([], {}, 0, False)
    values = list(zip(*batch, strict=True))
    stations = cast(tuple[str, ...], values[_STATION])
    seqs = cast(tuple[int, ...], values[_SEQ])
    in_order = len(set(stations)) == 1 and all(map(operator.lt, seqs, seqs[1:]))
    if not in_order:
        batch.sort(key=lambda r: (cast(str, r[_STATION]), cast(int, r[_SEQ])))
        values = list(zip(*batch, strict=True))
        stations = cast(tuple[str, ...], values[_STATION])
        seqs = cast(tuple[int, ...], values[_SEQ])
    by_station: dict[str, list[int]] = {}
    if in_order:
        by_station[str(stations[0])] = list(map(int, seqs))
    else:
        for station, seq in zip(stations, seqs, strict=True):
            by_station.setdefault(str(station), []).append(int(seq))
    deltas: dict[StockDelta, int] = {}
    touched: set[Touched] = set()
    quantities = cast(tuple[int, ...], values[_QUANTITY])
    skus = cast(tuple[str, ...], values[_SKU])
    lots = cast(tuple[str, ...], values[_LOT])
    for side, sign in ((_TO, 1), (_FROM, -1)):
        locations = cast(tuple[str, ...], values[side[0]])
        units = cast(tuple[str, ...], values[side[1]])
        statuses = cast(tuple[str, ...], values[side[2]])
        keys = zip(locations, skus, lots, units, statuses, strict=True)
        for key, quantity in zip(keys, quantities, strict=True):
            if key[0]:
                deltas[key] = deltas.get(key, 0) + sign * quantity
        touched.update(zip(locations, skus, lots, strict=True))
    touched = {key for key in touched if key[0]}
    distinct_ids = len(set(map(str, values[_ID])))
    fast = (
        set(values[_WAREHOUSE]) == {warehouse}
        and distinct_ids == len(batch)
        and all(len(set(seqs)) == len(seqs) for seqs in by_station.values())
    )
    return PreparedBatch(
        batch,
        by_station,
        distinct_ids,
        fast,
        copy_text(values, columns),
        deltas,
        touched,
        has_counts="count" in values[_KIND],
        # a false positive only costs one UPDATE that finds nothing
        resolves="CONFLICT-" in "\x00".join(map(str, values[_REFERENCE])),
        transfers=bool({"transfer_out", "transfer_in"} & set(values[_KIND])),
    )


_SPECIAL = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(values: Sequence[tuple[object, ...]], columns: Sequence[str]) -> bytes | None:
    """``COPY ... FROM STDIN`` text of ``columns`` and the batch ordinal, from the batch's
    ``values`` (one tuple per movement column, in ``MOVEMENT_COLUMNS`` order). Built a column at
    a time: fields joined with NUL, rows with SOH, NULL as STX, then escaped and turned into
    tabs, newlines and ``\\N`` in a few passes over one string. ``None`` (let psycopg format
    the rows) if a value holds one of those three characters."""
    count = len(values[0])
    texts: list[Sequence[str]] = []
    nulls = 0
    for column in (values[MOVEMENT_COLUMNS.index(c)] for c in columns):
        types = set(map(type, column))
        if types == {str}:
            texts.append(cast(tuple[str, ...], column))
        elif type(None) not in types:
            texts.append(list(map(str, column)))
        else:
            nulls += column.count(None)
            texts.append(["\x02" if v is None else str(v) for v in column])
    texts.append(list(map(str, range(1, count + 1))))
    text = "\x01".join(map("\x00".join, zip(*texts, strict=True))) + "\x01"
    if (
        text.count("\x01") != count
        or text.count("\x00") != count * (len(texts) - 1)
        or text.count("\x02") != nulls
    ):
        return None
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.translate(_SPECIAL)
    return text.replace("\x00", "\t").replace("\x01", "\n").replace("\x02", "\\N").encode()
