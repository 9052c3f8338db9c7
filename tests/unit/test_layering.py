"""Nothing in wms.core, wms.devices or wms.labels imports PySide6 (nor reaches it indirectly)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import wms

PACKAGES = ("core", "devices", "labels")
ROOT = Path(wms.__file__).resolve().parent


def modules() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT.parent).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found.append(".".join(parts))
    return found


def test_sources_never_name_qt():
    offenders = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                elif (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute | ast.Name)
                    and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    names = [str(node.args[0].value)]
                offenders += [
                    f"{path.relative_to(ROOT.parent)}:{node.lineno} imports {name}"
                    for name in names
                    if name.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6")
                ]
    assert offenders == []


def test_importing_every_core_devices_labels_module_loads_no_qt():
    names = modules()
    assert len(names) > 20
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(len(sys.modules)); print(qt)\n"
        "sys.exit(1 if qt else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
