"""``wms import`` and ``wms locations`` through the real command (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from wms.core.domain.check_digits import location_check_digits
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.migrate import upgrade
from wms.core.persistence.tables import LocationRow, ProductRow, WarehouseRow

WMS = Path(sys.executable).with_name("wms")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    engine = create_station_engine(str(path))
    upgrade(engine)
    with session_factory(engine)() as session:
        session.add(
            WarehouseRow(code="TST1", name="Test hub", country="MA", gs1_company_prefix="6111234")
        )
        session.commit()
    engine.dispose()
    return path


def wms(db: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WMS_")}
    return subprocess.run(
        [str(WMS), "--db", str(db), *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=db.parent,
        env=env,
        timeout=120,
        check=False,
    )


def count(db: Path, table: type) -> int:
    engine = create_station_engine(str(db))
    with session_factory(engine)() as session:
        total = session.scalar(select(func.count()).select_from(table)) or 0
    engine.dispose()
    return total


def test_import_products_prints_a_summary(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_text("sku,name,gtin\nA1,One,6111234000019\nA2,Two,\n", encoding="utf-8")
    done = wms(db, "import", "products", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "imported 2 products (2 new, 0 updated)"
    again = wms(db, "import", "products", str(path))
    assert again.stdout.strip() == "imported 2 products (0 new, 2 updated)"
    assert "\r" not in again.stderr  # no progress line when stderr is not a terminal


def test_refused_file_lists_every_problem_and_exits_2(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("sku,name,gtin\nA1,One,6111234000017\nA2,,\nA1,Three,abc\n", encoding="utf-8")
    done = wms(db, "import", "products", str(path))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0] == f"wms import: {path}: refused, nothing imported (4 problems):"
    assert lines[1:] == [
        "  line 2, column gtin: expected check digit 9, found check digit 7",
        "  line 3, column name: expected a value, found nothing",
        "  line 4, column gtin: expected 8, 12, 13 or 14 digits, "
        "found characters other than digits",
        "  line 4, column sku: expected each SKU once, found A1 again (first on line 2)",
    ]
    assert count(db, ProductRow) == 0


def test_import_from_stdin_with_warehouse(db: Path) -> None:
    done = wms(
        db,
        "import",
        "locations",
        "-",
        "--warehouse",
        "TST1",
        stdin=b"code,type\nDOCK-1,dock\n",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "imported 1 location (1 new, 0 updated)"


def test_missing_file_and_unknown_warehouse(db: Path, tmp_path: Path) -> None:
    done = wms(db, "import", "asn", str(tmp_path / "nope.csv"))
    assert done.returncode == 2
    assert "no such file" in done.stderr and "Traceback" not in done.stderr
    path = tmp_path / "l.csv"
    path.write_text("code,type\nX,dock\n", encoding="utf-8")
    done = wms(db, "import", "locations", str(path), "--warehouse", "ZZZ")
    assert done.returncode == 2
    assert "unknown warehouse 'ZZZ'" in done.stderr


def test_generate_list_and_refuse_existing(db: Path) -> None:
    done = wms(
        db,
        "locations",
        "generate",
        "--aisles",
        "A-B",
        "--racks",
        "1-3",
        "--levels",
        "1-2",
        "--bins",
        "1-2",
        "--zone",
        "z1",
        "--capacity-units",
        "50",
        "--capacity-kg",
        "250.5",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "generated 24 locations in TST1 (24 new, 0 updated), walk sequence 1-24"
    )
    listed = wms(db, "locations", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) == 24
    assert list(rows[0]) == [
        "code",
        "type",
        "zone",
        "aisle",
        "rack",
        "level",
        "bin",
        "capacity_units",
        "capacity_kg",
        "walk_sequence",
        "check_digits",
    ]
    assert rows[0]["code"] == "A-01-01-1"
    assert rows[0]["check_digits"] == location_check_digits("TST1", "A-01-01-1")
    assert rows[0]["capacity_kg"] == 250.5 and rows[0]["zone"] == "Z1"
    assert [r["code"] for r in rows[12:14]] == ["B-03-01-1", "B-03-01-2"]  # serpentine

    more = wms(
        db, "locations", "generate", "--aisles", "C", "--racks", "1", "--levels", "1",
        "--type", "pick_face",
    )  # fmt: skip
    assert more.stdout.strip().endswith("walk sequence 25-25")

    again = wms(db, "locations", "generate", "--aisles", "A", "--racks", "1-2", "--levels", "1")
    assert again.returncode == 2
    assert "2 of the 2 locations already exist in TST1: A-01-01-1, A-02-01-1" in again.stderr
    assert count(db, LocationRow) == 25

    update = wms(
        db, "locations", "generate", "--aisles", "A", "--racks", "1-2", "--levels", "1",
        "--type", "quarantine", "--update",
    )  # fmt: skip
    assert update.stdout.strip() == "generated 2 locations in TST1 (0 new, 2 updated)"
    table = wms(db, "locations", "--type", "quarantine")
    assert table.returncode == 0
    assert "A-01-01-1  quarantine" in table.stdout and "(2 rows)" in table.stdout
    pick = wms(db, "locations", "--type", "pick_face", "--format", "csv")
    assert pick.stdout.splitlines()[1].startswith("C-01-01-1,pick_face,,C,1,1,1,,,25,")


def test_generate_csv_and_import_it(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    done = wms(
        db, "locations", "generate", "--aisles", "A", "--racks", "1-2", "--levels", "1",
        "--csv", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote 2 locations to {out} (walk sequence 1-2)"
    assert out.read_text(encoding="utf-8").splitlines() == [
        "code,type,zone,aisle,rack,level,bin,capacity_units,capacity_kg,walk_sequence",
        "A-01-01-1,storage,,A,1,1,1,,,1",
        "A-02-01-1,storage,,A,2,1,1,,,2",
    ]
    assert count(db, LocationRow) == 0
    imported = wms(db, "import", "locations", str(out))
    assert imported.stdout.strip() == "imported 2 locations (2 new, 0 updated)"


def test_generate_refuses_bad_ranges(db: Path) -> None:
    done = wms(db, "locations", "generate", "--aisles", "D-A", "--racks", "1", "--levels", "1")
    assert done.returncode == 2
    assert done.stderr.startswith("wms locations: aisles 'D-A': expected a range from low")
