"""Label rendering throughput: ZPL, PDF and PNG renders per second, with median and p99 per label.

    .venv/bin/python benchmarks/bench_labels.py [--count 300] [--png-count 60]

Renders a realistic GS1 logistic (SSCC) label, a product label and a location label in turn.
PNG goes PDF → pdftoppm, so it includes a process start per label.

Two rates: labels per second of wall time, and per second of this process's CPU time
(``time.process_time``), which other work on a shared machine hardly moves. The CPU rate of PNG
leaves out pdftoppm's own CPU time (a child process), so only its wall rate means anything.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date

from wms.labels import (
    Address,
    LocationLabel,
    ProductLabel,
    SsccLabel,
    build_sscc,
    render_pdf,
    render_png,
    render_zpl,
)


def labels(n: int) -> list[object]:
    origin = Address(
        "Hub CMN1 - Société Générale", ("Zone Industrielle", "Lot 12"), "20190", "Casablanca", "MA"
    )
    out: list[object] = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            target = Address(f"Client {i}", ("12 rue de la Paix",), "75002", "Paris", "FR")
            out.append(
                SsccLabel(
                    build_sscc("6111234", i),
                    origin,
                    target,
                    "Colissimo",
                    "Expert",
                    f"SO-{i}",
                    "2.5",
                    1,
                    1,
                    "03612345678904",
                    12,
                )
            )
        elif kind == 1:
            out.append(
                ProductLabel(
                    "03612345678904", f"SKU-{i}", "Argan oil 50 ml", f"L{i}", date(2026, 5, 31), 6
                )
            )
        else:
            out.append(LocationLabel("CMN1", f"A-{i % 40:02d}-{i % 7:02d}-{i % 5}"))
    return out


def measure(name: str, render: Callable[[object], object], items: list[object]) -> None:
    render(items[0])  # warm caches (templates, fonts)
    times = []
    start = time.perf_counter()
    cpu_start = time.process_time()
    for item in items:
        t0 = time.perf_counter()
        render(item)
        times.append(time.perf_counter() - t0)
    cpu = time.process_time() - cpu_start
    total = time.perf_counter() - start
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(
        f"{name:4s} {len(items):5d} labels  {len(items) / total:9.1f} labels/s   "
        f"{len(items) / cpu:9.1f} labels/s CPU   "
        f"median {statistics.median(times) * 1000:7.2f} ms   p99 {p99 * 1000:7.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=300, help="labels rendered (at least 1)")
    parser.add_argument("--png-count", type=int, default=60)
    args = parser.parse_args()
    items = labels(args.count)
    measure("ZPL", render_zpl, items)
    measure("PDF", render_pdf, items)
    if args.png_count > 0:  # 0: no PNG (each one starts pdftoppm)
        measure("PNG", render_png, items[: args.png_count])


if __name__ == "__main__":
    main()
