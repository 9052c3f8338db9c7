"""The `wms` command on a station database: init, demo, stock, movements, products, verify."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import run_wms


def test_python_dash_m_wms_shows_the_commands():
    result = run_wms("--help")
    assert result.returncode == 0
    for command in ("init", "demo", "stock", "movements", "products", "verify"):
        assert command in result.stdout


def test_a_newcomer_builds_the_demo_and_sees_its_stock_as_json(tmp_path):
    db = tmp_path / "demo.db"
    built = run_wms("demo", "--no-gui", db=db)
    assert built.returncode == 0, built.stderr
    assert "2001  9876  supervisor" in built.stdout
    stock = run_wms("stock", "--format", "json", db=db)
    rows = json.loads(stock.stdout)
    assert {tuple(sorted(r)) for r in rows} == {
        ("expiry", "handling_unit", "location", "lot", "quantity", "sku", "status")
    }
    saffron = [r for r in rows if r["sku"] == "SAF-1G"]
    assert sum(r["quantity"] for r in saffron) == 230
    assert run_wms("demo", "--no-gui", db=db).stdout.startswith("demo site CMN1 is already built")


def test_stock_filters_and_formats(tmp_path):
    db = tmp_path / "demo.db"
    run_wms("demo", "--no-gui", db=db)
    table = run_wms("stock", "--location", "qUAR-01", db=db).stdout
    assert "DAT2510" in table and "quarantined" in table and "(1 row)" in table
    rows = list(
        csv.DictReader(
            io.StringIO(run_wms("stock", "--lot", "ARG2609", "--format", "csv", db=db).stdout)
        )
    )
    assert {r["location"] for r in rows} == {"A-01-01-1", "P-01-01-1"}
    assert json.loads(run_wms("stock", "--sku", "NOPE", "--format", "json", db=db).stdout) == []


def test_movements_and_products_list_the_ledger_and_the_master_data(tmp_path):
    db = tmp_path / "demo.db"
    run_wms("demo", "--no-gui", db=db)
    movements = json.loads(
        run_wms("movements", "--sku", "SAF-1G", "--format", "json", db=db).stdout
    )
    assert [m["to_location"] for m in movements] == ["A-02-01-1", "P-01-01-2"]
    assert all(m["reference"] == "OPENING-BALANCE" for m in movements)
    products = json.loads(run_wms("products", "--format", "json", db=db).stdout)
    tea = next(p for p in products if p["sku"] == "CN-TEA-GP")
    assert tea["origin_country"] == "CN" and tea["hs_code"] == "090210"


def test_verify_says_stock_agrees_with_the_ledger(tmp_path):
    db = tmp_path / "demo.db"
    run_wms("demo", "--no-gui", db=db)
    result = run_wms("verify", db=db)
    assert result.returncode == 0 and "agrees with the ledger" in result.stdout
    import sqlite3

    sqlite3.connect(db).execute("UPDATE stock SET quantity = 1").connection.commit()
    broken = run_wms("verify", db=db)
    assert broken.returncode == 1 and "ledger says" in broken.stdout
    assert run_wms("verify", "--repair", db=db).returncode == 0
    assert run_wms("verify", db=db).returncode == 0


def test_commands_on_a_missing_or_corrupt_database_say_what_to_do(tmp_path):
    missing = run_wms("stock", db=tmp_path / "missing.db")
    assert missing.returncode == 2 and "run 'wms init'" in missing.stderr
    assert "Traceback" not in missing.stderr
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"\x00garbage" * 500)
    result = run_wms("stock", db=corrupt)
    assert result.returncode == 2 and "expected a WMS station database" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_creates_then_reports_up_to_date(tmp_path):
    db = tmp_path / "new.db"
    first = run_wms("init", db=db)
    assert first.returncode == 0 and "upgraded from empty" in first.stdout
    assert "up to date" in run_wms("init", db=db).stdout
