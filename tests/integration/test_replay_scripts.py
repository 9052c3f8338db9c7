"""`wms replay --json` on the shipped example scripts and on refusals (subprocess)."""

from __future__ import annotations

import pytest

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import SCRIPTS, STATION, run_cli, run_replay
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.returns_demo import OPENING_STATION

DEMO_RETURN = f"RET-{OPENING_STATION}-00001"

# fixtures shared by the workflow tests
demo_template = support.demo_template
site = support.site


@pytest.fixture
def db(site):
    site.engine.dispose()
    return site.path


def ledger(path):
    engine = create_station_engine(str(path))
    try:
        with UnitOfWork(session_factory(engine)) as uow:
            return uow.ledger.movements(), uow.ledger.stock_by_key() == uow.ledger.ledger_sums()
    finally:
        engine.dispose()


def test_example_scripts_walk_the_demo_site(db):
    code, records, stderr = run_replay(db, SCRIPTS / "01-receiving.replay")
    assert code == 0, stderr
    assert all(r["ok"] for r in records)
    assert all({"line", "input", "ok", "message", "prompt"} <= set(r) for r in records)
    assert records[0]["input"] == "@login 1003 ****"
    done = next(r for r in records if r["input"] == "CMD:DONE")
    assert [(s["sku"], s["difference"]) for s in done["summary"]] == [
        ("CN-TEA-GP", 0), ("CN-BTL-30", 0), ("CN-TEAPOT", 0),
    ]  # fmt: skip
    received_ids = [i for r in records for i in r.get("movement_ids", [])]
    assert len(received_ids) == 8

    code, records, stderr = run_replay(db, SCRIPTS / "02-putaway.replay")
    assert code == 0, stderr
    directed = [r["destination"] for r in records if r.get("destination")]
    assert directed[:2] == ["A-01-01-2", "A-01-01-2"]
    override = [r for r in records if r.get("context", {}).get("override")]
    assert len(override) == 1 and override[0]["level"] == "attention"

    code, records, stderr = run_replay(db, SCRIPTS / "03-moves.replay")
    assert code == 0, stderr

    created = run_cli(db, "counts", "create", "C-01-01-1", "--badge", "2001", "--pin", "9876")
    assert created.returncode == 0, created.stderr
    code, records, stderr = run_replay(db, SCRIPTS / "04-count.replay")
    assert code == 0, stderr
    approved = next(r for r in records if r["input"] == "@key A")
    assert approved["movement_ids"]

    movements, consistent = ledger(db)
    assert consistent
    # (the demo's opening balance and its return, RET-CMN1-SETUP-00001, are the set-up station's)
    made_here = [m for m in movements if m.reference not in ("OPENING-BALANCE", DEMO_RETURN)]
    assert {m.station for m in made_here} == {STATION}
    ids = [m.id for m in movements]
    assert len(ids) == len(set(ids))


def test_refusal_script_exits_1_with_clear_codes(db):
    code, records, stderr = run_replay(db, SCRIPTS / "90-refusals.replay")
    assert code == 1, stderr
    errors = [r["error"] for r in records if not r["ok"]]
    assert errors == [
        "login_failed", "permission_denied", "not_found", "unknown_product", "not_on_asn",
        "bad_scan", "over_receipt", "quarantine_only",
    ]  # fmt: skip
    expired = next(r for r in records if "expired" in r["message"])
    assert expired["ok"] and "put in quarantine" in expired["message"]
    _movements, consistent = ledger(db)
    assert consistent


def test_stdin_directives_gs_escapes_and_bad_lines(db):
    script = "\n".join(
        [
            "# comment",
            "",
            "@login 1001 1234",
            "@mode receiving",
            "CMD:BLIND",
            "]C10106111234000910\\x1d10L1\\x1d17281031\\x1d305",
            "]d20106111234000910<GS>10L1<GS>17281031<GS>302",
            "@weight 1.5",
            "@weight heavy",
            "@frobnicate",
            "@login 1001",
            "CMD:DONE",
            "@logout",
        ]
    )
    code, records, stderr = run_replay(db, "-", stdin=script)
    assert code == 1, stderr
    assert [r["line"] for r in records] == list(range(3, 14))
    by_line = {r["line"]: r for r in records}
    assert by_line[6]["ok"] and "5 x CN-TEA-GP lot L1" in by_line[6]["message"]
    assert by_line[7]["ok"] and by_line[7]["movement_ids"]
    assert by_line[8]["error"] == "unexpected_input"
    assert by_line[9]["error"] == by_line[10]["error"] == by_line[11]["error"] == "bad_directive"
    assert by_line[12]["summary"][0]["received"] == 7


def test_missing_script_and_database(db, tmp_path):
    code, _records, stderr = run_replay(db, tmp_path / "nope.replay")
    assert code == 2 and "cannot be read" in stderr
    code, _records, stderr = run_replay(tmp_path / "missing.db", SCRIPTS / "01-receiving.replay")
    assert code == 2 and "does not exist" in stderr


def test_human_output(db):
    done = run_cli(db, "replay", str(SCRIPTS / "03-moves.replay"))
    assert done.returncode == 1  # nothing to move from: pallet 1 was never received here
    assert "ERR" in done.stdout and "> " in done.stdout
