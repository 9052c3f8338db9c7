"""Every message the core can show has a French, Arabic and Chinese translation with the same
fields: the extraction of tools/messages_extract.py finds no gap, so no message is missed when
a workflow adds one (this test fails until it is translated)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from wms.core.domain.text import msg
from wms.messages import catalog, translate

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def _extract():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("messages_extract", TOOLS / "messages_extract.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["messages_extract"] = module
    spec.loader.exec_module(module)
    return module


def test_every_template_has_a_french_arabic_and_chinese_translation() -> None:
    extract = _extract()
    assert len(extract.templates()) > 400
    assert extract.check() == []


def test_a_translation_that_changes_a_format_spec_is_refused(tmp_path: Path) -> None:
    extract = _extract()
    (tmp_path / "wms").mkdir()
    (tmp_path / "wms" / "w.py").write_text(
        'msg("change {quantity:+d}: key the reason", quantity=2)\n', encoding="utf-8"
    )
    for lang, text in (("fr", "écart {quantity} : motif"), ("ar", "التغيير {quantity:+d}")):
        (tmp_path / f"{lang}.json").write_text(
            '{"change {quantity:+d}: key the reason": "' + text + '"}', encoding="utf-8"
        )
    (tmp_path / "zh.json").write_text("{}", encoding="utf-8")
    problems = extract.check(tmp_path, tmp_path)
    assert any(p.startswith("fr:") and "formats a field otherwise" in p for p in problems)
    assert not any(p.startswith("ar:") for p in problems)


def test_a_refusal_reads_in_each_language_with_its_values_untouched() -> None:
    refusal = msg("handling unit {sscc} holds no stock here", sscc="376110000000000017")
    assert translate(refusal, "fr") == (
        "l'unité de manutention 376110000000000017 n'a pas de stock ici"
    )
    assert translate(refusal, "ar") == "وحدة المناولة 376110000000000017 لا تحوي مخزونًا هنا"
    assert translate(refusal, "zh") == "搬运单元 376110000000000017 在此处没有库存"
    assert translate(refusal, "en") == str(refusal)
    assert catalog("en") == {}


def test_a_role_or_status_passed_as_a_plain_value_is_shown_in_the_language() -> None:
    welcome = msg(
        "welcome {operator} ({role}) at {station}",
        operator="Li Wei",
        role="operator",
        station="CMN1-T01",
    )
    assert translate(welcome, "ar") == "مرحبًا Li Wei (مشغّل) في المحطة CMN1-T01"
    assert translate(welcome, "fr") == "bienvenue Li Wei (opérateur) au poste CMN1-T01"
    scan = msg("a {kind} scan {scan!r}", kind="location", scan="LOC:A-01")
    assert translate(scan, "zh") == "库位 扫描 'LOC:A-01'"
    # a value that is not one of the core's words stays as it is, even if it looks like one
    assert translate(msg("tote {tote}", tote="OPEN"), "fr") == "bac OPEN"
