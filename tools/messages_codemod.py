"""Rewrite operator-facing string messages of the core into ``msg(...)`` calls.

    python tools/messages_codemod.py            # rewrite the default paths, then ruff them
    python tools/messages_codemod.py --check    # list what would change, exit 1 if anything
    python tools/messages_codemod.py FILE...    # only these files

An f-string or string literal in a *message position* becomes a call of
:func:`wms.core.domain.text.msg` with a ``str.format`` template and keyword params::

    raise RuleViolation(f"handling unit {sscc} holds no stock here", "empty_unit")
    ->  raise RuleViolation(msg("handling unit {sscc} holds no stock here", sscc=sscc), ...)

Message positions (:data:`CALLS`, :data:`RETURNS`, :data:`CLASS_ATTRIBUTES`):

* the message arguments of ``Outcome``, ``Feedback``, ``RuleViolation``, ``InvalidValue``,
  ``NotFound`` ... (by position and keyword), of the workflow helper ``unexpected``, and of
  ``super().__init__`` in a subclass of one of them;
* what ``prompt``, ``what``, ``leave`` and the ``describe_*`` helpers return;
* a workflow's ``title``;
* both branches of a conditional, both sides of ``+`` and the operands of ``or`` in such a
  position;
* a local variable that a message position (or a placeholder of a converted message, or a
  ``msg`` param) uses: every string assigned to it in the same function is converted too.

Param names come from the placeholder (``st.location`` -> ``location``, ``scan.value!r`` ->
``scan!r``, ``st.expected(sku)`` -> ``expected``, ``text.strip()`` -> ``text``,
``len(items)`` -> ``count``); the same expression twice is one param. A literal without a
lowercase letter (``""``, ``"CMD:DONE"``) is left alone, and so is an f-string whose format
spec has a field.
It is idempotent (a ``msg`` call is not a string), so it can be re-run after a merge; it adds
``from wms.core.domain.text import msg`` where needed and runs ``ruff check --fix --select I``
and ``ruff format`` on the files it changed. Standard library only (ast): positions of the
rewritten nodes are taken from the parser, the params are written with ``ast.unparse``.
"""

from __future__ import annotations

import argparse
import ast
import json
import keyword
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: where operator-facing messages are made (the bulk loaders and the sync talk to installers)
DEFAULT_PATHS = ("wms/core",)
EXCLUDED = (
    "wms/core/sync/",
    "wms/core/domain/text.py",
    "wms/core/services/imports",
    "wms/core/services/location_generator.py",
    "wms/core/services/demo.py",
)

#: callable name -> (positions, keywords) of its message arguments
CALLS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "Outcome": ((0,), ("message",)),
    "Feedback": ((), ("message", "prompt")),
    "WmsError": ((0,), ("message",)),
    "RuleViolation": ((0,), ("message",)),
    "MisSort": ((0,), ("message",)),
    "PermissionDenied": ((0,), ("message",)),
    "AuthenticationFailed": ((0,), ("message",)),
    "InvalidValue": ((0, 2, 3), ("what", "expected", "found")),
    "ScanError": ((0, 2, 3), ("what", "expected", "found")),
    "PrintSpecError": ((0, 2, 3), ("what", "expected", "found")),
    "NotFound": ((0, 2), ("what", "hint")),
    "AlreadyExists": ((0,), ("what",)),
    "unexpected": ((0,), ("found",)),
    "refuse": ((1,), ("message",)),
}
#: functions whose return value is a message
RETURNS = frozenset({"prompt", "what", "leave", "describe_portions", "describe_adjustment"})
#: class attributes that are messages (a workflow's title)
CLASS_ATTRIBUTES = frozenset({"title"})

#: methods that only reshape a value: the param is named after the value
_TRANSFORMS = frozenset(
    {"lower", "upper", "strip", "lstrip", "rstrip", "title", "capitalize", "isoformat"}
    | {"total_seconds", "format", "replace", "quantize", "normalize", "join"}
)
_COUNTING = {"len": "count", "sum": "total"}
IMPORT = "from wms.core.domain.text import msg\n"
_LOWER = re.compile(r"[a-z]")


@dataclass(frozen=True)
class Edit:
    start: int  # byte offsets in the file
    end: int
    text: str


class _Offsets:
    def __init__(self, source: bytes) -> None:
        self.starts = [0]
        for line in source.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))

    def span(self, node: ast.expr) -> tuple[int, int]:
        assert node.end_lineno is not None and node.end_col_offset is not None
        start = self.starts[node.lineno - 1] + node.col_offset
        return start, self.starts[node.end_lineno - 1] + node.end_col_offset


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_super_init(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "__init__"
        and isinstance(func.value, ast.Call)
        and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "super"
    )


def message_args(call: ast.Call, bases: tuple[str, ...] = ()) -> Iterator[ast.expr]:
    """The message arguments of ``call``; ``super().__init__(...)`` in a class derived from a
    message-taking class (``bases``) takes that class's."""
    name = _callee(call)
    if _is_super_init(call):
        name = next((base for base in bases if base in CALLS), "")
    spec = CALLS.get(name)
    if spec is None:
        return
    positions, keywords = spec
    for index in positions:
        if index < len(call.args) and not isinstance(call.args[index], ast.Starred):
            yield call.args[index]
    for kw in call.keywords:
        if kw.arg in keywords:
            yield kw.value


def _snake(name: str) -> str:
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    name = re.sub(r"\W+", "_", name).strip("_")
    if not name or name[0].isdigit() or keyword.iskeyword(name) or name == "template":
        return "value"
    return name


def param_name(expr: ast.expr) -> str:
    if isinstance(expr, ast.Name):
        return _snake(expr.id)
    if isinstance(expr, ast.Attribute):
        if expr.attr in ("value", "name") and isinstance(expr.value, ast.Name | ast.Attribute):
            return param_name(expr.value)  # scan.kind.value -> kind
        return _snake(expr.attr)
    if isinstance(expr, ast.Subscript):
        key = expr.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return _snake(key.value)
        return param_name(expr.value)
    if isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Attribute):
            if func.attr == "join" and expr.args:  # ", ".join(names) -> names
                return param_name(expr.args[0])
            if func.attr in _TRANSFORMS and not isinstance(func.value, ast.Constant):
                return param_name(func.value)  # text.strip() -> text
            if func.attr not in _TRANSFORMS:
                return _snake(func.attr)  # st.expected(sku) -> expected
        if isinstance(func, ast.Name) and func.id in _COUNTING:
            return _COUNTING[func.id]
        if expr.args:
            return param_name(expr.args[0])
        if isinstance(func, ast.Name):
            return _snake(func.id)
    return "value"


def _literal(text: str) -> str:
    """``text`` as a Python string literal, split at spaces so no line gets too long."""
    if len(text) <= 60:
        return json.dumps(text, ensure_ascii=False)
    parts: list[str] = []
    current, depth = "", 0
    for ch in text:
        current += ch
        depth += ch == "{"
        depth -= ch == "}"
        if ch == " " and depth == 0 and len(current) >= 40:
            parts.append(current)
            current = ""
    if current:
        parts.append(current)
    return " ".join(json.dumps(part, ensure_ascii=False) for part in parts)


def expression_source(expr: ast.expr, source: str) -> str:
    """The placeholder as written when the parser's position of it is right (it is not always
    inside implicitly concatenated f-strings), else as ``ast.unparse`` writes it."""
    segment = ast.get_source_segment(source, expr)
    if segment is not None:
        try:
            parsed = ast.parse(segment.strip(), mode="eval").body
        except SyntaxError:
            parsed = None
        if parsed is not None and ast.dump(parsed) == ast.dump(expr):
            return segment.strip()
    return ast.unparse(expr)


def _is_phrase(node: ast.expr) -> bool:
    """A string of words (not a plural ending like ``"s"``) or an f-string with words."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return " " in node.value and _LOWER.search(node.value) is not None
    if isinstance(node, ast.JoinedStr):
        text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        return " " in text.strip() or (" " in text and _LOWER.search(text) is not None)
    return False


def _param_source(expr: ast.expr, source: str) -> str:
    """A placeholder's source; a conditional phrase inside it (``f" lot {lot}" if lot else
    ""``) becomes a conditional ``msg`` so it is translated too."""
    if isinstance(expr, ast.IfExp) and (_is_phrase(expr.body) or _is_phrase(expr.orelse)):
        test = expression_source(expr.test, source)
        body, orelse = _branch_source(expr.body, source), _branch_source(expr.orelse, source)
        return f"{body} if {test} else {orelse}"
    return expression_source(expr, source)


def _branch_source(expr: ast.expr, source: str) -> str:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str) and _is_phrase(expr):
        return f"msg({_literal(expr.value.replace('{', '{{').replace('}', '}}'))})"
    if isinstance(expr, ast.JoinedStr):
        made = template_of(expr, source)
        if made is not None:
            template, params = made
            args = [_literal(template)] + [f"{name}={value}" for name, value in params]
            return f"msg({', '.join(args)})"
    return expression_source(expr, source)


def template_of(node: ast.JoinedStr, source: str = "") -> tuple[str, list[tuple[str, str]]] | None:
    """The template and ``(name, expression source)`` params of an f-string, or None."""
    template = ""
    params: list[tuple[str, str]] = []
    by_source: dict[str, str] = {}
    for part in node.values:
        if isinstance(part, ast.Constant):
            template += str(part.value).replace("{", "{{").replace("}", "}}")
            continue
        assert isinstance(part, ast.FormattedValue)
        written = _param_source(part.value, source)
        name = by_source.get(written)
        if name is None:
            base = param_name(part.value)
            taken = {n for n, _ in params}
            name, number = base, 2
            while name in taken:
                name, number = f"{base}{number}", number + 1
            by_source[written] = name
            params.append((name, written))
        field = name
        if part.conversion != -1:
            field += "!" + chr(part.conversion)
        if part.format_spec is not None:
            assert isinstance(part.format_spec, ast.JoinedStr)
            if not all(isinstance(v, ast.Constant) for v in part.format_spec.values):
                return None
            field += ":" + "".join(str(v.value) for v in part.format_spec.values)  # type: ignore[attr-defined]
        template += "{" + field + "}"
    return template, params


class _Rewriter:
    def __init__(self, source: bytes) -> None:
        self.source = source.decode()
        self.offsets = _Offsets(source)
        self.edits: dict[tuple[int, int], Edit] = {}
        self.skipped: list[int] = []  # lines of f-strings left alone

    def convert(self, node: ast.expr, names: set[str], direct: bool = True) -> None:
        """Convert the strings of the message expression ``node``; collect the local names it
        relies on into ``names`` (``direct`` is False for a variable's value)."""
        if isinstance(node, ast.IfExp):
            self.convert(node.body, names, direct)
            self.convert(node.orelse, names, direct)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            self.convert(node.left, names, direct)
            self.convert(node.right, names, direct)
        elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            for value in node.values:
                self.convert(value, names, direct)
        elif isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _LOWER.search(node.value):
                template = node.value.replace("{", "{{").replace("}", "}}")
                self._edit(node, f"msg({_literal(template)})")
        elif isinstance(node, ast.JoinedStr):
            made = template_of(node, self.source)
            if made is None:
                self.skipped.append(node.lineno)
                return
            template, params = made
            args = [_literal(template)] + [f"{name}={source}" for name, source in params]
            self._edit(node, f"msg({', '.join(args)})")
            for part in node.values:
                if isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name):
                    names.add(part.value.id)
        elif isinstance(node, ast.Call) and _callee(node) == "msg":
            for kw in node.keywords:
                if isinstance(kw.value, ast.Name):
                    names.add(kw.value.id)

    def _edit(self, node: ast.expr, text: str) -> None:
        start, end = self.offsets.span(node)
        self.edits[(start, end)] = Edit(start, end, text)

    def scope(
        self, body: list[ast.stmt], returns_message: bool, bases: tuple[str, ...] = ()
    ) -> None:
        """One function (or the module): message positions, then local names to a fixpoint."""
        names: set[str] = set()
        nodes = [n for stmt in body for n in ast.walk(stmt)]
        for node in nodes:
            if isinstance(node, ast.Call):
                for arg in message_args(node, bases):
                    self.convert(arg, names)
                if _callee(node) == "msg":
                    self.convert(node, names)
            elif returns_message and isinstance(node, ast.Return) and node.value is not None:
                self.convert(node.value, names)
        done: set[str] = set()
        while names - done:
            name = next(iter(names - done))
            done.add(name)
            for node in nodes:
                if (
                    isinstance(node, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
                ) or (
                    isinstance(node, ast.AnnAssign | ast.AugAssign)
                    and isinstance(node.target, ast.Name)
                    and node.target.id == name
                    and node.value is not None
                ):
                    self.convert(node.value, names, direct=False)
                elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple):
                    for target in node.targets:  # a, b = "x", f"y {z}"
                        if not isinstance(target, ast.Tuple):
                            continue
                        if len(target.elts) != len(node.value.elts):
                            continue
                        for element, value in zip(target.elts, node.value.elts, strict=True):
                            if isinstance(element, ast.Name) and element.id == name:
                                self.convert(value, names, direct=False)

    def visit(self, tree: ast.Module) -> None:
        functions = [
            n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        for function in functions:
            self.scope(function.body, function.name in RETURNS)
        outside = [s for s in tree.body if not isinstance(s, ast.FunctionDef | ast.ClassDef)]
        self.scope(outside, False)
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            bases = tuple(
                b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in cls.bases
            )
            for stmt in cls.body:
                if isinstance(stmt, ast.FunctionDef) and stmt.name == "__init__":
                    self.scope(stmt.body, False, bases)
                target = (
                    stmt.targets[0]
                    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                    else stmt.target
                    if isinstance(stmt, ast.AnnAssign)
                    else None
                )
                value = getattr(stmt, "value", None)
                if (
                    isinstance(target, ast.Name)
                    and target.id in CLASS_ATTRIBUTES
                    and isinstance(value, ast.expr)
                ):
                    self.convert(value, set())


def _needs_import(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "wms.core.domain.text"
            and any(alias.name == "msg" for alias in node.names)
        ):
            return False
        if isinstance(node, ast.FunctionDef) and node.name == "msg":
            return False
    return True


def _import_offset(tree: ast.Module, offsets: _Offsets) -> int:
    """Where to put the import: after the last top-level import (ruff sorts it after)."""
    last = None
    for stmt in tree.body:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            last = stmt
        elif last is not None:
            break
    if last is None:
        first = tree.body[0] if tree.body else None
        docstring = (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        )
        if first is None or not docstring:
            return 0
        last = first
    assert last.end_lineno is not None
    return offsets.starts[last.end_lineno]


_FMT_SKIP = b"  # fmt: skip"


def _unskip(tree: ast.Module, source: bytes, offsets: _Offsets, edits: list[Edit]) -> list[Edit]:
    """Drop ``# fmt: skip`` from statements that get a message rewritten (ruff formats them)."""
    removals: dict[int, Edit] = {}
    for stmt in ast.walk(tree):
        if not isinstance(stmt, ast.stmt) or stmt.end_lineno is None:
            continue
        line_end = offsets.starts[stmt.end_lineno] - 1
        line = source[offsets.starts[stmt.end_lineno - 1] : line_end]
        if not line.rstrip().endswith(_FMT_SKIP.strip()):
            continue
        start, end = offsets.span(stmt)  # type: ignore[arg-type]
        if any(start <= e.start and e.end <= end for e in edits):
            at = source.rfind(_FMT_SKIP, start, line_end + 1)
            if at >= end:
                removals[at] = Edit(at, at + len(_FMT_SKIP), "")
    return list(removals.values())


def rewrite(source: bytes) -> tuple[bytes, list[int]]:
    """The rewritten source and the lines of f-strings left alone."""
    tree = ast.parse(source)
    rewriter = _Rewriter(source)
    rewriter.visit(tree)
    spans = sorted(rewriter.edits, key=lambda span: (span[0], -span[1]))
    kept: list[Edit] = []
    for span in spans:  # drop an edit inside another one (its text is written by the outer)
        if kept and span[0] < kept[-1].end:
            continue
        kept.append(rewriter.edits[span])
    if not kept:
        return source, rewriter.skipped
    kept = sorted(kept + _unskip(tree, source, rewriter.offsets, kept), key=lambda e: e.start)
    out = source
    for edit in reversed(kept):
        out = out[: edit.start] + edit.text.encode() + out[edit.end :]
    if _needs_import(tree):
        at = _import_offset(tree, rewriter.offsets)
        out = out[:at] + IMPORT.encode() + out[at:]
    ast.parse(out)  # never write a file Python cannot read
    return out, rewriter.skipped


def files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for item in paths or DEFAULT_PATHS:
        path = (ROOT / item) if not Path(item).is_absolute() else Path(item)
        candidates = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for candidate in candidates:
            relative = candidate.resolve().relative_to(ROOT).as_posix()
            if not any(relative.startswith(prefix) for prefix in EXCLUDED):
                found.append(candidate)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help=f"files or folders (default {DEFAULT_PATHS})")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    parser.add_argument("--no-ruff", action="store_true", help="do not ruff the changed files")
    args = parser.parse_args(argv)
    changed: list[Path] = []
    for path in files(args.paths):
        source = path.read_bytes()
        new, skipped = rewrite(source)
        for line in skipped:
            print(f"{path.relative_to(ROOT)}:{line}: f-string left alone (a field in its spec)")
        if new != source:
            changed.append(path)
            if not args.check:
                path.write_bytes(new)
    for path in changed:
        print(f"{'would rewrite' if args.check else 'rewrote'} {path.relative_to(ROOT)}")
    if changed and not args.check and not args.no_ruff:
        names = [str(p) for p in changed]
        ruff = [sys.executable, "-m", "ruff"]
        subprocess.run([*ruff, "check", "--fix", "--select", "I,F401", *names], check=False)
        subprocess.run([*ruff, "format", *names], check=False)
    return 1 if (changed and args.check) else 0


if __name__ == "__main__":
    raise SystemExit(main())
