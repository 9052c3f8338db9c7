"""The print queue on a station database in PostgreSQL (a site LAN): the same delivery, in order,
each job once, a printer failing mid-burst, with the worker's commits not waiting for the disk
(``synchronous_commit = off`` for its own transactions only)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import timedelta

import psycopg
import pytest

import wms.core.persistence.print_jobs  # noqa: F401 - registers the print_jobs table
from wms.core.domain.clock import utc_now
from wms.core.persistence.base import Base
from wms.core.persistence.engine import create_station_engine, session_factory
from wms.core.persistence.print_jobs import JobState, PrintJobStore
from wms.devices.print_queue import PrintQueue, RetryPolicy
from wms.devices.simulators.printer import ZplPrinterSimulator

PG_SERVER = os.environ.get("WMS_TEST_PG", "postgresql://root@127.0.0.1:5432")


@pytest.fixture
def postgres_job_store() -> Iterator[PrintJobStore]:
    name = f"wms_test_{uuid.uuid4().hex[:12]}"
    try:
        server = psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.Error:
        pytest.skip(f"no PostgreSQL server at {PG_SERVER}")
    with server:
        server.execute(f"CREATE DATABASE {name}")
    host = PG_SERVER.removeprefix("postgresql://")
    engine = create_station_engine(f"postgresql+psycopg://{host}/{name}")
    try:
        Base.metadata.create_all(engine, tables=[Base.metadata.tables["print_jobs"]])
        yield PrintJobStore(session_factory(engine))
    finally:
        engine.dispose()
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
            server.execute(f"DROP DATABASE {name} WITH (FORCE)")


def test_the_queue_delivers_in_order_and_holds_a_failed_printers_jobs_on_postgres(
    postgres_job_store,
):
    jobs = PrintQueue(
        postgres_job_store, retry=RetryPolicy(initial=60), batch_size=2, status_max_age=0.0
    )
    with ZplPrinterSimulator() as printer:
        labels = [b"^XA%d^XZ" % i for i in range(7)]
        first = [jobs.enqueue(printer.url, label).id for label in labels[:3]]
        assert [job.state for job in jobs.run_due_jobs()] == [JobState.DONE] * 3
        assert printer.wait_for_jobs(3, 5) == labels[:3]

        printer.fault = "paper_out"
        later = [jobs.enqueue(printer.url, label).id for label in labels[3:]]
        now = utc_now()
        [failed] = jobs.run_due_jobs(now)
        assert failed.id == later[0] and failed.state is JobState.PENDING
        waiting = [jobs.get(job_id) for job_id in later[1:]]
        assert all(job.state is JobState.PENDING and job.attempts == 0 for job in waiting)
        assert all(job.last_error == f"waiting: {failed.last_error}" for job in waiting)
        assert jobs.store.next_due_at(now) == failed.next_attempt_at

        printer.fault = None
        jobs.run_due_jobs(now + timedelta(seconds=120))
        assert [jobs.get(job_id).state for job_id in first + later] == [JobState.DONE] * 7
        assert printer.wait_for_jobs(7, 5) == labels  # each once, in order
        assert not jobs.store.claim(later[0])  # done: no second worker can take it again
        assert jobs.store.recover_interrupted() == 0
