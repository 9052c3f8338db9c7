"""List every message template of the code and check the catalogues against them.

    python tools/messages_extract.py            # every template, with where it is made
    python tools/messages_extract.py --check    # exit 1 if a catalogue lacks or breaks one
    python tools/messages_extract.py --sync     # add missing templates ("" = untranslated)
                                                # and drop those the code no longer makes

Templates are the first arguments of ``msg(...)`` calls (:mod:`wms.core.domain.text`) in
``wms/``, read with ``ast``; a ``msg`` call whose first argument is not a string literal is an
error (extraction could not see it). A template needs a translation when its text outside the
``{fields}`` has a lowercase letter (``"CMD:{name}"`` does not). A translation must use the
template's fields, no others; it may leave out only an English plural ending glued to a word
(``"attempt{value}"``), which French keeps and Arabic and Chinese do not need. The catalogues
are ``resources/translations/messages/<lang>.json``.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import string
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "resources" / "translations" / "messages"
LANGUAGES = ("fr", "ar", "zh")


@dataclass(frozen=True)
class Site:
    template: str
    path: str
    line: int


def fields(template: str) -> frozenset[str]:
    names: set[str] = set()
    for _literal, name, spec, _conversion in string.Formatter().parse(template):
        if name is not None:
            names.add(name)
        if spec:
            names |= fields(spec)
    return frozenset(names)


#: fields a translation may leave out: English plural endings ({value} in "attempt{value}")
OPTIONAL_FIELDS = frozenset({"value", "plural"})


def _dropped(template: str, translation: str) -> bool:
    """True if the translation leaves out a field other than an English plural ending."""
    missing = fields(template) - fields(translation)
    return any(
        name not in OPTIONAL_FIELDS or not _is_plural_ending(template, name) for name in missing
    )


def _is_plural_ending(template: str, name: str) -> bool:
    """``{name}`` glued to the end of a word (``difference{value}``): an English 's'."""
    return re.search(r"[a-z]\{" + re.escape(name) + r"\}", template) is not None


def _formats(template: str) -> set[tuple[str, str | None, str]]:
    return {
        (name, conversion, spec or "")
        for _literal, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    }


def _same_formats(template: str, translation: str) -> bool:
    try:
        translated = _formats(translation)
    except ValueError:  # an unmatched brace
        return False
    return translated <= _formats(template)


def needs_translation(template: str) -> bool:
    literal = "".join(part for part, *_ in string.Formatter().parse(template))
    return any("a" <= ch <= "z" for ch in literal)


def sites(root: Path = ROOT) -> tuple[list[Site], list[str]]:
    """Every ``msg`` template in ``wms/`` and the problems (non-literal templates)."""
    found: list[Site] = []
    problems: list[str] = []
    for path in sorted((root / "wms").rglob("*.py")):
        tree = ast.parse(path.read_bytes())
        relative = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name != "msg" or relative == "wms/core/domain/text.py":
                continue
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append(Site(first.value, relative, node.lineno))
            else:
                problems.append(f"{relative}:{node.lineno}: msg() without a literal template")
    return found, problems


def templates(root: Path = ROOT) -> list[str]:
    """The templates that need a translation, sorted, each once."""
    made, _problems = sites(root)
    return sorted({s.template for s in made if needs_translation(s.template)})


def load(lang: str, folder: Path = CATALOGUES) -> dict[str, str]:
    path = folder / f"{lang}.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def check(root: Path = ROOT, folder: Path = CATALOGUES) -> list[str]:
    """One line per problem: a template missing or untranslated, fields that differ, a stale
    entry, a ``msg`` call extraction cannot read."""
    _made, problems = sites(root)
    wanted = templates(root)
    for lang in LANGUAGES:
        table = load(lang, folder)
        for template in wanted:
            translation = table.get(template, "")
            if not translation:
                problems.append(f"{lang}: no translation of {template!r}")
            elif not fields(translation) <= fields(template) or _dropped(template, translation):
                problems.append(
                    f"{lang}: the translation of {template!r} has fields "
                    f"{sorted(fields(translation))}, the template {sorted(fields(template))}"
                )
            elif not _same_formats(template, translation):
                problems.append(
                    f"{lang}: the translation of {template!r} formats a field otherwise "
                    "(conversion or format spec such as !r, :+d, :.1f must stay as they are)"
                )
        problems.extend(
            f"{lang}: {template!r} is no longer in the code (--sync drops it)"
            for template in sorted(set(table) - set(wanted))
        )
    return problems


def sync(root: Path = ROOT, folder: Path = CATALOGUES) -> None:
    wanted = templates(root)
    for lang in LANGUAGES:
        table = load(lang, folder)
        kept = {template: table.get(template, "") for template in wanted}
        text = json.dumps(kept, ensure_ascii=False, indent=1, sort_keys=True)
        (folder / f"{lang}.json").write_text(text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="check the catalogues")
    parser.add_argument("--sync", action="store_true", help="add missing, drop stale entries")
    args = parser.parse_args(argv)
    if args.sync:
        sync()
    if args.check:
        problems = check()
        for problem in problems:
            print(problem)
        print(f"{len(templates())} templates, {len(problems)} problems")
        return 1 if problems else 0
    if not args.sync:
        made, problems = sites()
        for site in sorted(made, key=lambda s: (s.template, s.path, s.line)):
            print(f"{site.path}:{site.line}: {site.template}")
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
