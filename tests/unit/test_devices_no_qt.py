"""wms.devices never imports Qt (DESIGN.md section 1)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import wms.devices


def test_device_modules_do_not_import_pyside6():
    names = [m.name for m in pkgutil.walk_packages(wms.devices.__path__, prefix="wms.devices.")] + [
        "wms.cli.devices",
        "wms.core.persistence.print_jobs",
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""
    assert "wms.devices.simulators.scale" in names
