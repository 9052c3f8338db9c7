"""Crash safety: SIGKILL `wms replay --json` at random points; every scan acknowledged with
"ok": true before the kill is in the ledger exactly once, and the stock projection still equals
the ledger. The same for a writer whose background WAL checkpoints run right behind its commits
(kills land inside checkpoints)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

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


CHECKPOINTING_WRITER = """
import sys
from wms.core.domain.model import MovementDraft, MovementKind
from wms.core.persistence.engine import checkpointer_of, create_station_engine, session_factory
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.ledger import Actor, post

engine = create_station_engine(sys.argv[1], must_exist=True)
checkpointer_of(engine).interval_s = 0.0005  # checkpoint right behind the commits
sessions = session_factory(engine)
actor = Actor("CMN1", "CMN1-KILL", "1001")
n = 0
while True:
    n += 1
    origin, target = ("C-01-01-1", "C-01-02-1") if n % 2 else ("C-01-02-1", "C-01-01-1")
    draft = MovementDraft(MovementKind.MOVE, "CER-TAJ-28", 1, from_location=origin,
                          to_location=target, raw_scan="kill test")
    with UnitOfWork(sessions) as uow:
        movement = post(uow, actor, draft)
        uow.commit()
    print(movement.id, flush=True)
"""


@pytest.mark.slow
def test_commits_survive_sigkill_in_the_middle_of_background_checkpoints(site, tmp_path):
    """The scan's connection never checkpoints (wal_autocheckpoint=0); the checkpointer thread
    does, right behind the commits here, so kills land inside checkpoints too: every commit
    acknowledged before the kill is still there, once, and the file is intact."""
    rng = random.Random(20261202)
    site.engine.dispose()
    writer = tmp_path / "writer.py"
    writer.write_text(CHECKPOINTING_WRITER)
    acknowledged: list[str] = []
    for _kill in range(KILLS):
        process = subprocess.Popen(
            [sys.executable, str(writer), str(site.path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )
        assert process.stdout is not None
        for _ in range(rng.randint(1, 300)):
            line = process.stdout.readline().strip()
            if not line:
                break
            acknowledged.append(line)
        time.sleep(rng.uniform(0, 0.02))
        process.send_signal(signal.SIGKILL)
        rest, _ = process.communicate(timeout=30)
        acknowledged.extend(line.strip() for line in rest.splitlines() if line.strip())

        connection = sqlite3.connect(site.path)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        finally:
            connection.close()
        engine = create_station_engine(str(site.path))
        try:
            with UnitOfWork(session_factory(engine)) as uow:
                found = set(
                    uow.session.scalars(
                        select(MovementRow.id).where(MovementRow.id.in_(acknowledged))
                    )
                )
                assert found == set(acknowledged), "an acknowledged commit was lost"
                assert uow.ledger.stock_by_key() == uow.ledger.ledger_sums()
        finally:
            engine.dispose()
    assert len(acknowledged) > KILLS
