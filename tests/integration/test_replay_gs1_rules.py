"""`wms replay` refuses scans that break the GS1 rules, and scripts that are not UTF-8."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import STATION, WAREHOUSE, WMS, run_replay

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


NOT_UTF8 = b"# latin-1 file\n@login 1001 1234\n@mode receiving\nCMD:BLIND\n@key Caf\xe9\n"


def replay_bytes(site, script: str, stdin: bytes | None, **locale: str):
    site.engine.dispose()
    env = {**os.environ, "WMS_STATION": STATION, "WMS_WAREHOUSE": WAREHOUSE, **locale}
    env.pop("WMS_CONFIG", None)
    return subprocess.run(
        [*WMS, "--db", str(site.path), "replay", "--json", script],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
    )


def test_a_script_file_that_is_not_utf8_is_refused_with_its_line_and_byte(site, tmp_path):
    script = tmp_path / "latin1.replay"
    script.write_bytes(NOT_UTF8)

    done = replay_bytes(site, str(script), None)

    assert done.returncode == 2
    stderr = done.stderr.decode()
    assert "is not UTF-8: line 5, byte 9 is 0xE9" in stderr
    assert "Traceback" not in stderr
    assert done.stdout == b""  # refused before any line ran


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_standard_input_that_is_not_utf8_is_refused_under_any_locale(site, locale):
    done = replay_bytes(site, "-", NOT_UTF8, LC_ALL=locale, PYTHONIOENCODING="utf-8:strict")

    assert done.returncode == 2
    stderr = done.stderr.decode()
    assert "standard input is not UTF-8: line 5, byte 9 is 0xE9" in stderr
    assert "Traceback" not in stderr
    assert len(done.stdout.splitlines()) == 3  # the lines before it ran: login, mode, BLIND
