"""The layering of docs/ARCHITECTURE.md holds: nothing in wms.core, wms.devices or wms.labels
imports PySide6 (nor reaches it indirectly), the domain imports nothing else of wms, and every
import-linter contract of pyproject.toml is kept."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

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


# -- the domain ------------------------------------------------------------------------------


def wms_imports(path: Path, module: str) -> list[tuple[int, str]]:
    """(line, imported module) for every import of ``wms`` code in the file of ``module``,
    relative imports resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            # ``from wms.core import domain`` names a submodule: judge the module it names
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "wms"]


def test_the_domain_imports_nothing_of_wms_outside_the_domain():
    domain = ROOT / "core" / "domain"
    files = sorted(domain.rglob("*.py"))
    assert len(files) > 3
    offenders = []
    for path in files:
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        offenders += [
            f"{path.relative_to(ROOT.parent)}:{line} imports {name}"
            for line, name in wms_imports(path, module)
            if not name.startswith("wms.core.domain.")
        ]
    assert offenders == []


def test_an_import_of_the_persistence_layer_would_be_seen_in_the_domain(tmp_path):
    module = tmp_path / "model.py"
    module.write_text(
        "from wms.core.domain.errors import InvalidValue\n"
        "from wms.core.persistence.tables import StockRow\n"
        "from ..services import ledger\n",
        encoding="utf-8",
    )
    assert wms_imports(module, "wms.core.domain.model") == [
        (1, "wms.core.domain.errors.InvalidValue"),
        (2, "wms.core.persistence.tables.StockRow"),
        (3, "wms.core.services.ledger"),
    ]


# -- the import-linter contracts --------------------------------------------------------------

PYPROJECT = ROOT.parent / "pyproject.toml"
CONTRACTS = [
    contract["name"]
    for contract in tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"][
        "contracts"
    ]
]


@pytest.fixture(scope="module")
def lint_imports_report() -> str:
    """What ``lint-imports`` (the CI command) says about this checkout, cache off so that the
    test writes nothing into the repository."""
    executable = Path(sys.executable).with_name("lint-imports")
    assert executable.exists(), f"expected {executable} (import-linter, in the test extras)"
    environment = {**os.environ, "PYTHONPATH": str(ROOT.parent)}
    result = subprocess.run(
        [str(executable), "--no-cache", "--no-logo", str(PYPROJECT)],
        cwd=ROOT.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.stdout


def test_pyproject_declares_the_layering_contracts():
    assert len(CONTRACTS) >= 5
    assert "the domain imports nothing else of wms" in CONTRACTS


@pytest.mark.parametrize("contract", CONTRACTS)
def test_the_import_contract_is_kept(contract: str, lint_imports_report: str):
    verdict = re.search(
        rf"^{re.escape(contract)} (KEPT|BROKEN)( \(\d+ ignored imports?\))?$",
        lint_imports_report,
        re.M,
    )
    assert verdict is not None, f"lint-imports did not check {contract!r}:\n{lint_imports_report}"
    assert verdict.group(1) == "KEPT", broken_section(lint_imports_report, contract)


def broken_section(report: str, contract: str) -> str:
    """The imports that break ``contract``, as lint-imports lists them under its name."""
    listing = report.partition("Broken contracts")[2]
    heading = re.compile(rf"^{re.escape(contract)}\n-+\n", re.M)
    found = heading.search(listing)
    if found is None:
        return listing
    rest = listing[found.end() :]
    following = re.search(r"^\S.*\n-+\n", rest, re.M)
    return rest[: following.start() if following else None].strip()
