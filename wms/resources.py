"""Locate the ``resources/`` folder (label templates, demo data, scan scripts, sounds...).

In a source checkout it is the repository's ``resources/``; in a built wheel it is packaged as
``wms/_resources``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    packaged = _PACKAGE_DIR / "_resources"
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
