"""Generate a big station database quickly (raw executemany): movements and stock rows.

Used by the supervisor-screen tests (200,000 movements) and ``benchmarks/bench_ui.py``
(1,000,000). The rows are consistent enough for the screens: each movement receives units into a
storage location, and the stock table holds one row per (location, sku, lot).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

STATIONS = ("CMN1-S01", "CMN1-S02", "CMN1-S03", "CMN1-S04")
OPERATORS = ("1001", "1002", "1003", "2001")


def bulk_fill(path: Path, *, movements: int, stock_rows: int, skus: int = 500) -> None:
    """Add ``movements`` ledger rows and ``stock_rows`` stock rows to a demo database."""
    connection = sqlite3.connect(str(path))
    try:
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA journal_mode = WAL")
        products = [
            (
                f"BULK-{n:05d}",
                f"Bulk product {n}",
                "each",
                0,
                0,
                0,
                "",
                "",
                0,
                0,
                0,
                0,
                0,
                "EUR",
                "",
            )
            for n in range(skus)
        ]
        connection.executemany(
            "INSERT INTO products (sku, name, unit, tracks_lot, tracks_expiry, tracks_serial,"
            " hs_code, origin_country, weight_kg, length_cm, width_cm, height_cm, unit_value,"
            " currency, fixed_location) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            products,
        )
        lots = [
            (
                f"BULK-{n:05d}",
                f"L{n:05d}",
                (datetime(2026, 1, 1) + timedelta(days=n)).date().isoformat(),
            )
            for n in range(skus)
        ]
        connection.executemany("INSERT INTO lots (sku, code, expiry) VALUES (?,?,?)", lots)
        start = datetime.now(UTC) - timedelta(hours=23)
        span = 23 * 3600
        seqs = dict.fromkeys(STATIONS, 1_000_000)

        def rows(first: int, count: int):  # type: ignore[no-untyped-def]
            for i in range(first, first + count):
                station = STATIONS[i % len(STATIONS)]
                seqs[station] += 1
                at = start + timedelta(seconds=span * i / movements)
                sku = f"BULK-{i % skus:05d}"
                yield (
                    f"00000000-0000-7000-8000-{i:012d}",
                    "CMN1",
                    station,
                    seqs[station],
                    OPERATORS[i % len(OPERATORS)],
                    "receive",
                    sku,
                    1 + i % 7,
                    "DOCK-01",
                    f"A-{1 + i % 6:02d}-{1 + i % 3:02d}-{1 + i % 2}",
                    f"L{i % skus:05d}",
                    "",
                    "",
                    "available",
                    "available",
                    f"BULK-{i // 1000:05d}",
                    "",
                    at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    "",
                )

        batch = 50_000
        for first in range(0, movements, batch):
            connection.executemany(
                "INSERT INTO movements (id, warehouse, station, station_seq, operator, kind, sku,"
                " quantity, from_location, to_location, lot, from_handling_unit,"
                " to_handling_unit, from_status, to_status, reference, transfer_id, created_at,"
                " raw_scan) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows(first, min(batch, movements - first)),
            )
        statuses = ("available", "available", "available", "quarantined", "reserved")
        connection.executemany(
            "INSERT INTO stock (warehouse, location, sku, lot, handling_unit, status, quantity)"
            " VALUES (?,?,?,?,?,?,?)",
            (
                (
                    "CMN1",
                    f"BULK-LOC-{i // skus:05d}",
                    f"BULK-{i % skus:05d}",
                    f"L{i % skus:05d}",
                    f"36111234{i:010d}" if i % 3 == 0 else "",
                    statuses[(i // skus) % len(statuses)],
                    1 + (i * 7919) % 997,
                )
                for i in range(stock_rows)
            ),
        )
        connection.commit()
    finally:
        connection.close()
