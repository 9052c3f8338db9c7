"""The messages codemod turns f-string messages into msg() calls the same way every time, so
it can be re-run on a merged tree; the extraction lists what it made."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path
from types import ModuleType

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


codemod = tool("messages_codemod")
extract = tool("messages_extract")

BEFORE = textwrap.dedent(
    '''\
    """A workflow."""

    from wms.core.domain.errors import RuleViolation


    class Moves:
        title = "Moves"

        @property
        def prompt(self) -> str:
            if self.unit:
                return f"Scan the location to move {self.unit} to"
            return "Scan a handling unit"

        def scan(self, scan):
            onto = f"pallet {self.unit}" if self.unit else "the floor"
            if not scan.ok:
                raise RuleViolation(f"handling unit {scan.sscc} holds no stock here", "empty")
            return Outcome(f"{scan.value!r} moved onto {onto} ({len(scan.items)} items)")

        def weigh(self, kg):
            return Outcome(f"{kg:.3f} kg", level="ok")
    '''
)


def rewritten(source: str) -> str:
    new, _skipped = codemod.rewrite(source.encode())
    return str(new.decode())


def test_messages_become_msg_calls_with_named_params() -> None:
    after = rewritten(BEFORE)
    assert "from wms.core.domain.text import msg\n" in after
    assert 'title = msg("Moves")' in after
    assert 'return msg("Scan the location to move {unit} to", unit=self.unit)' in after
    assert 'return msg("Scan a handling unit")' in after
    assert (
        'RuleViolation(msg("handling unit {sscc} holds no stock here", sscc=scan.sscc), "empty")'
        in after
    )
    assert (
        'Outcome(msg("{scan!r} moved onto {onto} ({count} items)", '
        "scan=scan.value, onto=onto, count=len(scan.items)))" in after
    )
    assert 'msg("{kg:.3f} kg", kg=kg), level="ok"' in after


def test_a_local_variable_used_in_a_message_is_converted_too() -> None:
    after = rewritten(BEFORE)
    assert 'onto = msg("pallet {unit}", unit=self.unit) if self.unit else msg("the floor")' in after


def test_the_codemod_is_idempotent() -> None:
    once = rewritten(BEFORE)
    assert rewritten(once) == once


def test_codes_and_strings_without_words_are_left_alone() -> None:
    source = 'raise RuleViolation("", "empty_unit")\nx = f"{a}-{b}"\n'
    assert rewritten(source) == source


def test_a_message_under_fmt_skip_loses_the_skip_so_it_can_be_formatted() -> None:
    source = (
        "def f(x):\n    return Outcome(\n"
        '        f"{x} put away", movements=[],\n    )  # fmt: skip\n'
    )
    after = rewritten(source)
    assert "fmt: skip" not in after
    assert 'msg("{x} put away", x=x)' in after


def test_extraction_lists_templates_and_checks_catalogues(tmp_path: Path) -> None:
    (tmp_path / "wms").mkdir()
    (tmp_path / "wms" / "w.py").write_text(
        'from wms.core.domain.text import msg\nA = msg("Scan the tote {tote}", tote=1)\n'
        'B = msg("CMD:{name}", name="DONE")\nC = msg(TEMPLATE)\n',
        encoding="utf-8",
    )
    folder = tmp_path / "catalogues"
    folder.mkdir()
    assert extract.templates(tmp_path) == ["Scan the tote {tote}"]
    problems = extract.check(tmp_path, folder)
    assert "wms/w.py:4: msg() without a literal template" in problems
    assert "fr: no translation of 'Scan the tote {tote}'" in problems
    (folder / "fr.json").write_text('{"Scan the tote {tote}": "Scannez le bac {bac}"}')
    (folder / "ar.json").write_text('{"Scan the tote {tote}": "امسح الصندوق {tote}"}')
    (folder / "zh.json").write_text('{"Scan the tote {tote}": "扫描周转箱 {tote}", "old": "旧"}')
    problems = extract.check(tmp_path, folder)
    assert any(
        p.startswith("fr: the translation of 'Scan the tote {tote}' has fields") for p in problems
    )
    assert not any(p.startswith("ar:") for p in problems)
    assert "zh: 'old' is no longer in the code (--sync drops it)" in problems


def test_tuple_assignments_and_or_fallbacks_of_a_message_are_converted() -> None:
    source = (
        "def f(v, ok):\n"
        "    if ok:\n"
        '        expected, found = "a valid number", str(v)\n'
        "    else:\n"
        '        expected, found = "x", "y"\n'
        '    problem = check(v) or f"{v}, which is not a date"\n'
        "    raise ScanError(problem, v, expected, found)\n"
    )
    after = rewritten(source)
    assert 'expected, found = msg("a valid number"), str(v)' in after
    assert 'expected, found = msg("x"), msg("y")' in after
    assert 'problem = check(v) or msg("{v}, which is not a date", v=v)' in after


def test_params_are_named_after_what_they_show() -> None:
    source = (
        "def f(self, st, text, sku):\n"
        "    return Outcome(f\"{st.expected(sku)} {text.strip()} {', '.join(self.modes())}\")\n"
    )
    after = rewritten(source)
    assert 'msg("{expected} {text} {modes}", expected=st.expected(sku), text=text.strip()' in after


def test_a_conditional_phrase_inside_a_placeholder_is_translated_too() -> None:
    source = (
        "def f(sku, lot, unit, n):\n"
        "    return Outcome(f\"{sku}{f' lot {lot}' if lot else ''} in"
        "{', keep it off the pallet' if unit else ''} ({n} item{'s' if n != 1 else ''})\")\n"
    )
    after = rewritten(source)
    assert """value=msg(" lot {lot}", lot=lot) if lot else ''""" in after
    assert """value2=msg(", keep it off the pallet") if unit else ''""" in after
    assert "value3='s' if n != 1 else ''" in after


def test_the_message_a_subclass_hands_to_its_base_is_converted() -> None:
    source = (
        "class UnknownProduct(NotFound):\n"
        "    def __init__(self, gtin):\n"
        '        super().__init__("product GTIN", gtin, "it is not in the product master")\n'
    )
    after = rewritten(source)
    assert 'msg("product GTIN"), gtin, msg("it is not in the product master")' in after
