"""`wms replay` refuses scans that break the GS1 rules, and scripts that are not UTF-8."""

from __future__ import annotations

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import run_replay

# fixtures shared by the workflow tests
demo_template = support.demo_template
site = support.site

RECEIVE_BLIND = ["@login 1001 1234", "@mode receiving", "CMD:BLIND"]
TEA = "]C10106111234000910<GS>10L1<GS>17281031<GS>"


def replay_lines(site, *lines: str):
    site.engine.dispose()
    return run_replay(site.path, "-", stdin="\n".join([*RECEIVE_BLIND, *lines, "CMD:DONE"]))


def test_arabic_indic_digits_in_a_count_receive_nothing(site):
    code, records, stderr = replay_lines(site, f"{TEA}30١٢٠", f"{TEA}302")

    assert code == 1, stderr
    refused = records[3]
    assert refused["error"] == "bad_scan"
    assert "ARABIC-INDIC DIGIT ONE" in refused["message"]
    assert not refused.get("movement_ids")
    assert records[4]["ok"] and "2 x CN-TEA-GP lot L1" in records[4]["message"]


def test_an_empty_count_is_refused_in_plain_words(site):
    code, records, stderr = replay_lines(site, f"{TEA}30", f"{TEA}30<GS>")

    assert code == 1, stderr
    for refused in records[3:5]:
        assert refused["error"] == "bad_scan"
        assert "count (AI 30) '': expected up to 8 digits, found nothing" in refused["message"]
        assert "ValueError" not in refused["message"]
