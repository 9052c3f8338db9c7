"""Crash safety: SIGKILL `wms replay --json` at random points; every scan acknowledged with
"ok": true before the kill is in the ledger exactly once, and the stock projection still equals
the ledger."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time

import pytest
from sqlalchemy import func, select

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import GTIN, STATION, WAREHOUSE, WMS
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.tables import MovementRow
from wms.core.persistence.unit_of_work import UnitOfWork

# fixtures shared by the workflow tests
demo_template = support.demo_template
site = support.site

KILLS = 20


def long_script(rounds: int = 150) -> str:
    """Receipts and moves that can be replayed again and again on the same database."""
    lines = ["@login 1001 1234", "@mode receiving", "CMD:BLIND"]
    for n in range(rounds):
        lines.append(GTIN["bottle"] if n % 3 else GTIN["bottle_case"])
    lines += ["CMD:DONE", "@mode move"]
    for _ in range(rounds):
        lines += ["LOC:C-01-01-1", GTIN["tajine"], "LOC:C-01-02-1"]
        lines += ["LOC:C-01-02-1", GTIN["tajine"], "LOC:C-01-01-1"]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_acknowledged_scans_survive_sigkill(site, tmp_path):
    rng = random.Random(20261125)
    script = tmp_path / "long.replay"
    script.write_text(long_script())
    site.engine.dispose()
    env = {**os.environ, "WMS_STATION": STATION, "WMS_WAREHOUSE": WAREHOUSE}
    env.pop("WMS_CONFIG", None)
    acknowledged: list[str] = []
    for _kill in range(KILLS):
        process = subprocess.Popen(
            [*WMS, "--db", str(site.path), "replay", "--json", "--double-read-window", "0",
             str(script)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
            env=env,
        )  # fmt: skip
        assert process.stdout is not None
        wanted = rng.randint(1, 80)
        for _ in range(wanted):
            line = process.stdout.readline()
            if not line:
                break
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                break
            if record["ok"]:
                acknowledged.extend(record.get("movement_ids", []))
        time.sleep(rng.uniform(0, 0.02))  # land the kill anywhere, mid-transaction included
        process.send_signal(signal.SIGKILL)
        # whatever was printed before the kill was acknowledged too
        rest, _ = process.communicate(timeout=30)
        for line in rest.splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if record["ok"]:
                acknowledged.extend(record.get("movement_ids", []))
        assert process.returncode == -signal.SIGKILL or process.returncode in (0, 1)

        engine = create_station_engine(str(site.path))
        try:
            with UnitOfWork(session_factory(engine)) as uow:
                counts = dict(
                    uow.session.execute(
                        select(MovementRow.id, func.count())
                        .where(MovementRow.id.in_(acknowledged))
                        .group_by(MovementRow.id)
                    ).all()
                )
                assert set(counts) == set(acknowledged), "an acknowledged scan was lost"
                assert all(count == 1 for count in counts.values())
                assert uow.ledger.stock_by_key() == uow.ledger.ledger_sums()
                seqs = [
                    s
                    for (s,) in uow.session.execute(
                        select(MovementRow.station_seq)
                        .where(MovementRow.station == STATION)
                        .order_by(MovementRow.station_seq)
                    )
                ]
                assert seqs == list(range(1, len(seqs) + 1)), "station_seq has a gap"
        finally:
            engine.dispose()
    assert len(acknowledged) > KILLS  # the test really exercised acknowledged scans
