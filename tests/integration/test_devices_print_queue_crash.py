"""The print queue's worker commits without waiting for the disk: a station process killed at
any point of a delivery loses none of its commits, and a job it was printing when it died is
sent again (at least once, never lost)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import wms.core.persistence.print_jobs  # noqa: F401 - registers the print_jobs table
from wms.core.persistence.base import Base
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.print_jobs import JobState, PrintJobStore
from wms.devices.print_queue import PrintQueue

from .devices_fixtures import devices_printer

__all__ = ["devices_printer"]

LABEL = b"^XA^FO40,40^BCN,120^FD(00)376123450000000019^FS^XZ"

# A station process: enqueues a label, delivers it with the queue and is killed (SIGKILL, no
# clean shutdown, no checkpoint) either right after the label went out and before it could be
# marked done, or right after it was marked done.
STATION = textwrap.dedent(
    """
    import os, signal, sys
    import wms.core.persistence.print_jobs
    from wms.core.persistence.base import Base
    from wms.core.persistence.engine import create_station_engine, session_factory
    from wms.core.persistence.print_jobs import PrintJobStore
    from wms.devices.print_queue import PrintQueue

    database, printer, moment, label = sys.argv[1:]
    LABEL = label.encode()
    engine = create_station_engine(database)
    Base.metadata.create_all(engine, tables=[Base.metadata.tables["print_jobs"]])
    store = PrintJobStore(session_factory(engine))
    queue = PrintQueue(store, check_status=False)
    job = queue.enqueue(printer, LABEL, reference="376123450000000019")
    print(job.id, flush=True)
    if moment == "after-send":
        store.mark_done = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)
    queue.run_due_jobs()
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def run_station_until_killed(database: Path, printer: str, moment: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", STATION, str(database), printer, moment, LABEL.decode()],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()
    return result.stdout.decode().strip()


def reopened_queue(database: Path) -> PrintQueue:
    engine = create_station_engine(str(database))
    Base.metadata.create_all(engine, tables=[Base.metadata.tables["print_jobs"]])
    return PrintQueue(PrintJobStore(session_factory(engine)), check_status=False)


def test_a_station_killed_after_sending_a_label_prints_it_again_when_it_restarts(
    tmp_path, devices_printer
):
    database = tmp_path / "station.db"
    job_id = run_station_until_killed(database, devices_printer.url, "after-send")
    assert devices_printer.wait_for_jobs(1, 5) == [LABEL]

    jobs = reopened_queue(database)
    interrupted = jobs.get(job_id)
    assert interrupted.state is JobState.PRINTING  # the worker's claim survived the kill
    jobs.start()  # the station app starts its worker: it puts the job back in line first
    try:
        assert devices_printer.wait_for_jobs(2, 10) == [LABEL, LABEL]  # at least once
    finally:
        jobs.stop()
    again = jobs.get(job_id)
    assert again.state is JobState.DONE and again.attempts == 2
    jobs.store.engine.dispose()


def test_a_station_killed_after_marking_a_label_done_does_not_print_it_again(
    tmp_path, devices_printer
):
    database = tmp_path / "station.db"
    job_id = run_station_until_killed(database, devices_printer.url, "after-done")
    assert devices_printer.wait_for_jobs(1, 5) == [LABEL]

    jobs = reopened_queue(database)
    assert jobs.get(job_id).state is JobState.DONE  # the worker's 'done' survived the kill
    assert jobs.store.recover_interrupted() == 0
    assert jobs.run_due_jobs() == []
    assert devices_printer.jobs == [LABEL]  # printed once
    jobs.store.engine.dispose()
