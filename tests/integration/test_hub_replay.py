"""The demo's parcel hub and its replay scripts: arrival → deconsolidation → release →
handover on the MAWB from Hangzhou that `wms demo` builds."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_workflow_support import SCRIPTS, run_cli, run_replay
from wms.core.domain.parcel_ids import require_mawb, require_s10
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.hub import demo, queries


def refused_lines(script: Path) -> set[int]:
    """The line after each ``# REFUSED`` comment (the input that must be refused)."""
    lines = script.read_text().splitlines()
    return {
        number + 1
        for number, text in enumerate(lines, start=1)
        if text.startswith("# REFUSED") and number < len(lines)
    }


def check(records: list[dict], script: Path) -> None:
    refused = refused_lines(script)
    wrong = [(r["line"], r["message"]) for r in records if r["ok"] == (r["line"] in refused)]
    assert not wrong, wrong
    assert {r["line"] for r in records} >= refused


def test_the_demo_has_a_valid_mawb_bags_parcels_and_customs_holds(demo_db):
    _engine, sessions, _path = demo_db
    assert require_mawb(demo.MAWB) == demo.MAWB
    assert all(require_s10(n) == n for n in demo.NOT_PREALERTED)
    with UnitOfWork(sessions) as uow:
        bags = uow.hub.bags_of("CMN1", demo.MAWB)
        assert [b.bag for b in bags] == list(demo.BAGS)
        parcels = uow.hub.parcels("CMN1", [demo.tracking(n) for n in range(300)])
        assert len(parcels) == 300
        customs = {p.customs for p in parcels.values()}
        assert customs == {"none", "released", "held", "seized"}
        countries = {p.consignee_country for p in parcels.values()}
        assert countries == {"FR", "BE", "NL", "DE", "ES"}
        assert all(n not in parcels for n in demo.NOT_PREALERTED)


def test_the_hub_replay_scripts_walk_arrival_deconsolidation_release_and_handover(demo_db):
    _engine, sessions, db = demo_db
    first = SCRIPTS / "hub-flow.replay"
    code, records, stderr = run_replay(db, first)
    assert code == 1, stderr  # 1: some lines (the REFUSED ones) were refused
    check(records, first)
    records_first = records
    assert "1 missing (HGHLGG0004); 1 beyond the weight tolerance" in records[9]["message"]
    assert run_cli(db, "import", "customs", str(SCRIPTS / "hub-release.csv")).returncode == 0
    second = SCRIPTS / "hub-release.replay"
    code, records, stderr = run_replay(db, second)
    assert code == 1, stderr  # 1: some lines (the REFUSED ones) were refused
    check(records, second)
    bpost, colissimo = "361112340000000010", "361112340000000027"
    closed = [r["context"].get("last_mile_bag") for r in records_first if "context" in r]
    assert [sscc for sscc in closed if sscc] == [bpost, colissimo]
    refused = next(r for r in records if r["input"] == colissimo)
    assert f"bag {colissimo} is for COLISSIMO, not BPOST" in refused["message"]
    assert records[-1]["message"] == f"BPOST: 2 parcels handed over from {bpost}"
    manifest = queries.manifest(sessions, "BPOST")
    assert [(row["tracking"], row["bag_sscc"]) for row in manifest] == [
        (demo.tracking(1), bpost),
        (demo.tracking(6), bpost),
    ]
