"""The benchmarks that load their own station data still run against today's schema.

Three of them loaded rows with a column list of their own and broke silently when the owners
migration added a column to the ledger and the products (nothing runs them but `./dev.sh
bench`). Each runs here on a few rows, its files in the test's folder; the figures are not
looked at (tests never assert on timings), only that the script reaches its end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SMALL_RUNS = {
    "bench_scans.py": ["--scans", "3", "--sizes", "0,40"],
    "bench_ledger.py": ["--commits", "5", "--sizes", "60"],
    "bench_import.py": ["--products", "30", "--locations", "30"],
    "bench_outbound.py": ["--parcels", "200", "--commits", "5", "--lines", "40"],
    "bench_hub.py": ["--parcels", "30", "--prealerted", "60", "--sorts", "5", "--rounds", "1"],
    "bench_scan_statements.py": ["--scans", "2", "--orders", "2"],
}


@pytest.mark.parametrize("script", sorted(SMALL_RUNS))
def test_a_benchmark_runs_to_its_end_on_a_few_rows(script: str, tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path), "HOME": str(tmp_path)}
    env.pop("WMS_CONFIG", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *SMALL_RUNS[script]],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip()
