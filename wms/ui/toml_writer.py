"""Writing ``wms.toml`` back with tomlkit, so the operator's comments and layout stay.

:func:`read_document` parses the file into an editable document (comments, order and spacing
kept); :func:`set_key` changes one value in place; :func:`write_atomically` writes a temporary
file and renames it over the old one (never half a file).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import tomlkit
from tomlkit.container import Container
from tomlkit.items import InlineTable, Table
from tomlkit.toml_document import TOMLDocument

from wms.core.domain.errors import ConfigError


def read_document(path: Path) -> TOMLDocument:
    """``path`` as an editable document (an empty one when the file does not exist)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return tomlkit.document()
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


def document_of(data: Mapping[str, object]) -> TOMLDocument:
    """A private, editable copy of ``data`` (a document keeps its comments)."""
    if isinstance(data, TOMLDocument):
        return tomlkit.parse(data.as_string())
    document = tomlkit.document()
    for key, value in data.items():
        document[key] = value
    return document


def table(parent: TOMLDocument | Table | InlineTable, key: str) -> Table | InlineTable:
    """The table ``key`` of ``parent`` (``[key]`` or ``key = {...}``), created when missing."""
    found = parent.get(key)
    if isinstance(found, Table | InlineTable):
        return found
    if found is not None:
        raise ConfigError(f"[{key}]: expected a table, found {type(found).__name__}")
    created = tomlkit.table(is_super_table=key == "devices")
    parent[key] = created
    return created


def set_key(target: Table | InlineTable, key: str, value: object) -> None:
    """Set ``key`` in ``target``; an existing key keeps its comment, a new one goes after the
    table's last key (not after the comments that introduce the next table)."""
    if key in target:
        if target[key] != value:
            target[key] = value
        return
    body: Container = target.value
    last_key = max(
        (index for index, (item_key, _item) in enumerate(body.body) if item_key is not None),
        default=None,
    )
    if last_key is not None and last_key + 1 < len(body.body) and isinstance(target, Table):
        # tomlkit has no public "insert at"; its private one is pinned by the version range in
        # pyproject.toml and covered by the settings-file tests
        body._insert_at(last_key + 1, key, value)
    else:
        target[key] = value


def dumps(data: Mapping[str, object]) -> str:
    """TOML text of ``data`` (a document's comments included)."""
    return tomlkit.dumps(data)


def write_atomically(path: Path, data: Mapping[str, object]) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename (never half a file)."""
    text = dumps(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".wms-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
