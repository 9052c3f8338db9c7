"""CLI cold start: `wms --help` and `wms stock --sku X` as whole processes; prints figures.

    .venv/bin/python benchmarks/bench_cli.py [--runs 15] [--root DIR]

Each run starts a new interpreter, interleaved with the physical reference - a bare
``python -c pass`` of the same interpreter - so all three share the machine's state at that
moment. Then ``python -X importtime`` of ``wms stock`` names the slowest imports (cumulative).
``--root`` measures another checkout (e.g. the main branch, for a before/after).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], env: dict[str, str], root: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=root, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def figure(name: str, seconds: list[float], bare: list[float]) -> str:
    median, worst = statistics.median(seconds), max(seconds)
    ratio = median / statistics.median(bare)
    return (
        f"{name:<24}: median {median * 1000:6.0f} ms, max {worst * 1000:6.0f} ms "
        f"({ratio:.1f}× bare)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure")
    args = parser.parse_args()
    root = args.root.resolve()
    env = {**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"}
    workdir = Path(tempfile.mkdtemp(prefix="wms-bench-cli-"))
    database = workdir / "demo.db"
    env["XDG_DATA_HOME"] = str(workdir)
    subprocess.run(
        [sys.executable, "-m", "wms", "--db", str(database), "demo", "--no-gui"],
        env=env,
        cwd=root,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    bare_command = [sys.executable, "-c", "pass"]
    help_command = [sys.executable, "-m", "wms", "--help"]
    stock_command = [sys.executable, "-m", "wms", "--db", str(database), "stock", "--sku", "SAF-1G"]
    bare: list[float] = []
    helps: list[float] = []
    stocks: list[float] = []
    for _ in range(args.runs):
        bare.append(timed(bare_command, env, root))
        helps.append(timed(help_command, env, root))
        stocks.append(timed(stock_command, env, root))
    print(f"checkout {root}, {args.runs} runs each, interleaved")
    print(figure("bare python -c pass", bare, bare))
    print(figure("wms --help", helps, bare))
    print(figure("wms stock --sku SAF-1G", stocks, bare))

    profile = subprocess.run(
        [sys.executable, "-X", "importtime", *stock_command[1:]],
        env=env,
        cwd=root,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ).stderr
    imports: list[tuple[int, str]] = []
    for line in profile.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            if not name.startswith("  "):  # top-level imports only (their totals)
                imports.append((int(parts[1]), name.strip()))
    total = sum(microseconds for microseconds, _ in imports)
    slowest = sorted(imports, reverse=True)[:6]
    print(
        f"wms stock imports (-X importtime): {total / 1000:.0f} ms in all; slowest: "
        + ", ".join(f"{name} {microseconds / 1000:.0f} ms" for microseconds, name in slowest)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
