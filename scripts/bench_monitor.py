"""A bench monitor for Qt's offscreen platform, for the screenshot scripts and the UI benchmark.

The offscreen platform's own screen is 800 x 800, and the station window shrinks to a monitor
smaller than itself. :func:`use_bench_monitor` gives the platform one screen of a bench's
size (1366 x 800 by default) and no window frame, before the ``QApplication`` is made. A
platform other than plain ``offscreen`` (a real display under Xvfb, say) is left alone.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

MONITOR = (1366, 800)


def use_bench_monitor(size: tuple[int, int] = MONITOR) -> None:
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") != "offscreen":
        return
    width, height = size
    screen = {"name": "bench", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
    config = Path(tempfile.mkdtemp(prefix="wms-monitor-")) / "screen.json"
    config.write_text(json.dumps({"windowFrameMargins": False, "screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
