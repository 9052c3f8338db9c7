"""`wms replay --lang` shows every message and prompt in the station's language: French words
in a French replay, and no English left in an Arabic one (values such as SKUs, lots, locations
and command barcodes stay as they are)."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import SCRIPTS, STATION, WAREHOUSE, WMS, run_replay

demo_template = support.demo_template
site = support.site

ENGLISH_WORD = re.compile(r"\b[a-z]{3,}\b")


@pytest.fixture
def db(site):
    site.engine.dispose()
    return site.path


def leaves(params: dict) -> list[str]:
    """The values filled into a message (nested messages' values too)."""
    found: list[str] = []
    for value in params.values():
        if isinstance(value, dict) and "template" in value:
            found.extend(leaves(value["params"]))
        elif value is not None:
            found.append(str(value))
    return found


def english_left(shown: str, text: dict) -> list[str]:
    """Latin lowercase words of a shown message once its values and barcodes are taken out."""
    rest = shown
    for value in sorted(leaves(text["params"]), key=len, reverse=True):
        if value:
            rest = rest.replace(value, " ")
    rest = re.sub(r"CMD:[A-Za-z:<>|_]+", " ", rest)
    return ENGLISH_WORD.findall(rest)


def test_a_french_replay_prints_french_feedback(db):
    env = {**os.environ, "WMS_STATION": STATION, "WMS_WAREHOUSE": WAREHOUSE}
    env.pop("WMS_CONFIG", None)
    done = subprocess.run(
        [*WMS, "--db", str(db), "replay", "--lang", "fr", str(SCRIPTS / "01-receiving.replay")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "> Scannez l'ASN (ou saisissez son numéro), ou CMD:BLIND" in done.stdout
    assert "Scan the" not in done.stdout
    assert "bienvenue" in done.stdout


def test_an_arabic_replay_leaves_no_english_in_messages_or_prompts(db):
    leaked: list[tuple[str, str, list[str]]] = []
    shown = 0
    for script in ("01-receiving", "02-putaway", "03-moves", "90-refusals"):
        _code, records, stderr = run_replay(db, SCRIPTS / f"{script}.replay", "--lang", "ar")
        assert records, stderr
        for record in records:
            for part in ("message", "prompt"):
                text = record.get("text", {}).get(part)
                if text is None:
                    continue
                shown += 1
                words = english_left(record[part], text)
                if words:
                    leaked.append((record["input"], record[part], words))
    assert shown > 60
    assert leaked == [], json.dumps(leaked, ensure_ascii=False, indent=1)
