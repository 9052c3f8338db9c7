"""`./dev.sh demo` opens a window: Qt's xcb platform plugin finds every library it links to."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import PySide6
import pytest

PLUGINS = Path(PySide6.__file__).resolve().parent / "Qt" / "plugins" / "platforms"


@pytest.mark.skipif(shutil.which("ldd") is None, reason="no ldd on this system")
def test_the_xcb_platform_plugin_finds_all_its_libraries():
    plugin = PLUGINS / "libqxcb.so"
    assert plugin.is_file(), f"PySide6 ships no xcb plugin at {plugin}"
    linked = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
    missing = [line.split()[0] for line in linked.stdout.splitlines() if "not found" in line]
    assert missing == [], f"install the Debian packages providing {missing} (dev.sh lists them)"
