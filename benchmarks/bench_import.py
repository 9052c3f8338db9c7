"""How fast are CSV imports, next to a bare executemany of the same rows?

Generates 100,000 products (each with an each-level GTIN) and 50,000 locations as CSV files in a
temporary directory, imports each into a fresh SQLite station database with ``import_file``
(read, validate every row, cross-check, bulk insert, one commit), re-imports the same products
file (every product counts as updated; none of their values changes, so nothing is written),
then a file where every product has a new name and a new GTIN (every row and GTIN written),
then the locations and the same locations file again. As the physical reference it times,
right before each first import, a bare ``sqlite3`` executemany of the same rows into
same-shaped tables (DDL copied from the station schema, same pragmas) with one commit. The
whole round runs ``--rounds`` times, each in a fresh database; the medians are shown, and each
round's ratio beside them (a single bare reference of a fraction of a second is noisy).

    .venv/bin/python benchmarks/bench_import.py [--products N] [--locations N] [--rounds 3]
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wms.core.domain.check_digits import with_gs1_check_digit
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.migrate import upgrade
from wms.core.persistence.tables import WarehouseRow
from wms.core.services.imports import import_file
from wms.core.services.imports_locations import LOCATION_FIELDS

PRODUCT_COLUMNS = (
    "sku",
    "name",
    "unit",
    "gtin",
    "tracks_lot",
    "hs_code",
    "origin_country",
    "weight_kg",
    "length_cm",
    "width_cm",
    "height_cm",
    "unit_value",
    "currency",
)
LOCATION_COLUMNS = LOCATION_FIELDS


def product_rows(count: int, *, renamed: bool = False) -> list[list[str]]:
    """``renamed``: the same SKUs, each with another name and another GTIN."""
    return [
        [
            f"SKU-{n:07d}",
            f"Product number {n}" + (" (new label)" if renamed else ""),
            "each",
            with_gs1_check_digit(f"{622123 if renamed else 611123}{n:06d}"),
            "yes" if n % 3 == 0 else "no",
            "0902.10",
            "MA",
            f"{(n % 5000) / 1000:.3f}",
            "20",
            "15",
            "10",
            f"{(n % 10000) / 100:.2f}",
            "EUR",
        ]
        for n in range(count)
    ]


def location_rows(count: int) -> list[list[str]]:
    rows = []
    for n in range(count):
        aisle, rest = divmod(n, 20 * 25 * 4)
        rack, rest = divmod(rest, 25 * 4)
        level, bin_ = divmod(rest, 4)
        code = f"{aisle:02d}-{rack + 1:02d}-{level + 1:02d}-{bin_ + 1}"
        rows.append(
            [code, "storage", "A", f"{aisle:02d}", str(rack + 1), str(level + 1), str(bin_ + 1),
             "40", "500", str(n + 1)]
        )  # fmt: skip
    return rows


def write_csv(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def fresh_station(path: Path):  # type: ignore[no-untyped-def]
    engine = create_station_engine(str(path))
    upgrade(engine)
    with session_factory(engine)() as session:
        session.add(
            WarehouseRow(code="TST1", name="Bench", country="MA", gs1_company_prefix="6111234")
        )
        session.commit()
    return engine


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bare_executemany(schema_db: Path, target: Path, inserts: dict[str, list[tuple]]) -> float:
    """Seconds for executemany of ``inserts`` (table → rows) into copies of the tables (same
    DDL and indexes), one commit, WAL and synchronous=FULL like the station database."""
    source = sqlite3.connect(schema_db)
    ddl = [
        sql
        for (sql,) in source.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name IN ({}) AND sql IS NOT NULL "
            "ORDER BY type DESC".format(", ".join("?" * len(inserts))),
            list(inserts),
        )
    ]
    source.close()
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    for sql in ddl:  # tables first ('table' > 'index'), then their indexes
        connection.execute(sql)

    def run() -> None:
        connection.execute("BEGIN")
        for table, rows in inserts.items():
            marks = ", ".join("?" * len(rows[0]))
            connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        connection.execute("COMMIT")

    seconds = timed(run)
    connection.close()
    return seconds


def product_inserts(products: list[list[str]]) -> dict[str, list[tuple]]:
    """The rows a products import writes, as the bare reference inserts them."""
    return {
        "products": [
            (*r[0:3], r[4] == "yes", False, False, "090210", "MA", *r[7:12], "EUR", "", "HUB")
            for r in products
        ],
        "product_gtins": [("0" + r[3], r[0], "each", 1) for r in products],
    }


def location_inserts(locations: list[list[str]]) -> dict[str, list[tuple]]:
    """The rows a locations import writes, as the bare reference inserts them."""
    return {
        "locations": [
            (n + 1, "TST1", *r[0:4], *(int(v) for v in r[4:7]), 40, 500, n + 1, True)
            for n, r in enumerate(locations)
        ]
    }


def one_round(work: Path, files: dict[str, Path], args: argparse.Namespace) -> dict[str, float]:
    """Seconds of each import and of each bare reference, in a fresh station database; each
    bare reference is timed right before the import it is compared to."""
    work.mkdir()
    engine = fresh_station(work / "station.db")
    sessions = session_factory(engine)
    seconds: dict[str, float] = {}
    seconds["bare products"] = bare_executemany(
        work / "station.db", work / "bare-products.db", product_inserts(args.product_rows)
    )
    seconds["products new"] = timed(lambda: import_file(sessions, "products", files["products"]))
    seconds["products same"] = timed(lambda: import_file(sessions, "products", files["products"]))
    seconds["products changed"] = timed(lambda: import_file(sessions, "products", files["changed"]))
    seconds["bare locations"] = bare_executemany(
        work / "station.db", work / "bare-locations.db", location_inserts(args.location_rows)
    )
    seconds["locations new"] = timed(lambda: import_file(sessions, "locations", files["locations"]))
    seconds["locations same"] = timed(
        lambda: import_file(sessions, "locations", files["locations"])
    )
    engine.dispose()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--locations", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3, help="fresh databases, medians shown")
    args = parser.parse_args()
    args.product_rows = product_rows(args.products)
    args.location_rows = location_rows(args.locations)

    with tempfile.TemporaryDirectory(prefix="wms-bench-") as tmp:
        work = Path(tmp)
        files = {
            "products": work / "products.csv",
            "changed": work / "products-changed.csv",
            "locations": work / "locations.csv",
        }
        write_csv(files["products"], PRODUCT_COLUMNS, args.product_rows)
        write_csv(files["changed"], PRODUCT_COLUMNS, product_rows(args.products, renamed=True))
        write_csv(files["locations"], LOCATION_COLUMNS, args.location_rows)
        rounds = [one_round(work / f"round-{n}", files, args) for n in range(args.rounds)]

    median = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    lines = (
        ("import products (new, + GTINs)", args.products, "products new", "bare products"),
        ("re-import products (same file)", args.products, "products same", "bare products"),
        ("re-import products (all changed)", args.products, "products changed", "bare products"),
        ("import locations (new)", args.locations, "locations new", "bare locations"),
        ("re-import locations (same file)", args.locations, "locations same", "bare locations"),
        ("bare executemany products+GTINs", args.products, "bare products", None),
        ("bare executemany locations", args.locations, "bare locations", None),
    )
    print(f"median of {args.rounds} rounds, each in a fresh database, each bare reference "
          "timed right before the import it is compared to")  # fmt: skip
    print(f"{'what':34} {'rows':>8} {'seconds':>8} {'rows/s':>9} {'x bare':>7}  rounds x bare")
    for what, rows, key, reference in lines:
        seconds = median[key]
        ratio = f"{seconds / median[reference]:7.1f}" if reference else "      -"
        each = " / ".join(f"{r[key] / r[reference]:.1f}" for r in rounds) if reference else ""
        print(f"{what:34} {rows:8d} {seconds:8.2f} {rows / seconds:9.0f} {ratio}  {each}")


if __name__ == "__main__":
    main()
