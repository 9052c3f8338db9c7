"""Screenshots of the returns bench in the station app on the demo site, offscreen:
``docs/screenshots/50-*.png`` … ``52-*.png``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/returns_screenshots.py [--out DIR]

Builds the demo site in a temporary database and drives the real window
(:class:`shotkit.DemoStation`): ORD-0902's parcel scanned at the returns bench with two lines
graded, an over-return refused, the return closed with its summary.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from shotkit import DemoStation  # noqa: E402

from wms.core.services.demo import each_gtin  # noqa: E402
from wms.core.services.returns_demo import RETURNABLE_SSCC  # noqa: E402
from wms.ui.screens.scan import ScanScreen  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    out = Path(parser.parse_args().out)
    bench = DemoStation("CMN1-RET-01", prefix="wms-returns-shots-")
    shots: list[Path] = []

    def feed(*inputs: str) -> None:
        bench.feed(*inputs, pause=0.7)  # never a double read

    bowl, tajine, tea = each_gtin(52), each_gtin(51), each_gtin(91)
    bench.login("2001", "9876")
    bench.mode("returns")
    bench.wait(lambda: isinstance(bench.window.current(), ScanScreen))
    feed(f"00{RETURNABLE_SSCC}", "@key 3", bowl, "CMD:GRADE:resellable", "CMD:REASON:changed_mind",
         tajine, "CMD:GRADE:damaged")  # fmt: skip
    shots.append(bench.shot(out / "50-returns-grading.png"))
    feed("CMD:REASON:damaged_in_transit", tajine)
    shots.append(bench.shot(out / "51-returns-over-return-refused.png"))
    feed(tea, "CMD:DONE")
    shots.append(bench.shot(out / "52-returns-closed.png"))
    bench.close()
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
