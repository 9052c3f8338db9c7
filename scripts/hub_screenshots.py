"""Screenshots of the parcel hub in the station app on the demo site, offscreen:
``docs/screenshots/40-*.png`` … ``46-*.png``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/hub_screenshots.py [--out docs/screenshots]

Builds the demo site in a temporary database and drives the real window
(:class:`shotkit.DemoStation`): the home screen with
the hub's modes, a bag's arrival with a weight difference, deconsolidation (a last-mile
destination, the customs hold cage, a refused wrong destination, closing the bag), then the
supervisor's parcel hub tab.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from shotkit import DemoStation  # noqa: E402

from wms.core.services.hub import demo as hub_demo  # noqa: E402
from wms.ui.screens.scan import ScanScreen  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    out = Path(parser.parse_args().out)
    hub = DemoStation("CMN1-HUB-01", prefix="wms-hub-shots-")
    window = hub.window
    shots: list[Path] = []

    def shot(name: str) -> None:
        shots.append(hub.shot(out / f"{name}.png"))

    def feed(*inputs: str) -> None:
        hub.feed(*inputs, pause=0.7)  # never a double read

    t = hub_demo.tracking
    hub.login("1003", "1357")
    shot("40-hub-home")
    hub.mode("arrival")
    hub.wait(lambda: isinstance(window.current(), ScanScreen))
    feed(hub_demo.MAWB, "@weight 31.5", hub_demo.BAGS[0], "@weight 35.5", hub_demo.BAGS[1])
    shot("41-hub-arrival")
    hub.mode("deconsolidation")
    feed(hub_demo.BAGS[0], t(1))
    shot("42-hub-deconsolidation-destination")
    feed("LOC:LM-POSTNL")
    shot("43-hub-deconsolidation-refused")
    feed("LOC:LM-BPOST", t(7))
    shot("44-hub-deconsolidation-hold")
    feed("LOC:HOLD", "CMD:CLOSE")
    shot("45-hub-bag-closed")
    feed("CMD:LOGOUT", "2001", "@key 9876")
    hub.wait(lambda: window.home is not None and window.current() is window.home)
    window.open_stock_screens()
    screen = window.supervisor
    screen.show_tab(screen.hub_tab)
    hub.wait(lambda: bool(screen.hub_tab.at_risk_model.rows))
    shot("46-hub-supervisor")
    hub.close()
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
