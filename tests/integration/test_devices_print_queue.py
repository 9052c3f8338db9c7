"""The durable print queue against the loopback printer simulator and a real SQLite file."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from decimal import Decimal

import pytest

from wms.core.domain.clock import utc_now
from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.print_specs import PostalAddress, ShippingLabelSpec, write_spec
from wms.core.persistence.print_jobs import JobState
from wms.devices.print_queue import PrintQueue, RetryPolicy
from wms.devices.simulators.printer import ZplPrinterSimulator

from .devices_fixtures import devices_job_store, devices_printer, wait_until

__all__ = ["devices_job_store", "devices_printer"]

SSCC_LABEL = b"^XA^FO40,40^BCN,120^FD(00)376123450000000019^FS^XZ"


def test_job_is_printed_byte_for_byte_and_marked_done(devices_job_store, devices_printer):
    jobs = PrintQueue(devices_job_store)
    job = jobs.enqueue(devices_printer.url, SSCC_LABEL, reference="376123450000000019")
    assert job.state is JobState.PENDING
    [done] = jobs.run_due_jobs()
    assert done.state is JobState.DONE and done.attempts == 1 and done.printed_at
    assert devices_printer.wait_for_jobs(1, 5) == [SSCC_LABEL]
    assert jobs.run_due_jobs() == []  # nothing left: printed once


def test_printer_off_keeps_jobs_then_prints_backlog_exactly_once(devices_job_store):
    printer = ZplPrinterSimulator().start()
    url = printer.url
    printer.stop()  # switched off
    policy = RetryPolicy(initial=0.05, maximum=0.2)
    jobs = PrintQueue(devices_job_store, retry=policy, poll_interval=0.05)
    payloads = [SSCC_LABEL + str(i).encode() for i in range(5)]
    with jobs:
        ids = [jobs.enqueue(url, p, reference=f"REF{i}").id for i, p in enumerate(payloads)]
        assert wait_until(lambda: jobs.get(ids[0]).attempts >= 2, timeout=5)
        first = jobs.get(ids[0])
        assert first.state in (JobState.PENDING, JobState.PRINTING)
        assert "refused the connection" in (first.last_error or "")
        later = jobs.get(ids[-1])
        # claimed with the printer's batch while the oldest is tried (PRINTING), or given back
        assert later.state in (JobState.PENDING, JobState.PRINTING)
        assert later.attempts == 0  # never tried before the older jobs of its printer
        printer.start()  # switched on again, same port
        try:
            assert wait_until(
                lambda: all(jobs.get(i).state is JobState.DONE for i in ids), timeout=10
            )
            assert printer.wait_for_jobs(len(payloads), 5) == payloads  # in order
            assert wait_until(lambda: jobs.run_due_jobs() == [], timeout=1)
            assert len(printer.jobs) == len(payloads)  # each exactly once
        finally:
            printer.stop()


def test_failed_attempt_records_error_and_backoff(devices_job_store):
    printer = ZplPrinterSimulator(fault="paper_out").start()
    try:
        jobs = PrintQueue(devices_job_store, retry=RetryPolicy(initial=2, maximum=60))
        job = jobs.enqueue(printer.url, SSCC_LABEL)
        now = utc_now()
        [after] = jobs.run_due_jobs(now)
        assert after.state is JobState.PENDING and after.attempts == 1
        assert (
            after.last_error == f"Printer {printer.url} is out of paper: load labels and press FEED"
        )
        assert after.next_attempt_at > now
        assert jobs.run_due_jobs(now) == []  # not due yet
        [again] = jobs.run_due_jobs(now + timedelta(seconds=3))
        assert again.attempts == 2
        printer.fault = None
        [done] = jobs.run_due_jobs(now + timedelta(seconds=10))
        assert done.state is JobState.DONE and done.id == job.id
        # the printer records a job once the station has closed the connection
        assert printer.wait_for_jobs(1, 5) == [SSCC_LABEL]
    finally:
        printer.stop()


def test_max_attempts_gives_up_with_the_reason(devices_job_store):
    with ZplPrinterSimulator() as printer:
        url = printer.url
    jobs = PrintQueue(devices_job_store, retry=RetryPolicy(initial=0, max_attempts=1))
    job = jobs.enqueue(url, SSCC_LABEL)
    [failed] = jobs.run_due_jobs()
    assert failed.state is JobState.FAILED and "refused" in failed.last_error
    assert jobs.retry_now() == 1
    assert jobs.get(job.id).state is JobState.PENDING


def test_reprint_uses_the_same_payload_and_reference(devices_job_store, devices_printer):
    jobs = PrintQueue(devices_job_store)
    job = jobs.enqueue(devices_printer.url, SSCC_LABEL, reference="376123450000000019")
    jobs.run_due_jobs()
    again = jobs.reprint(job.id)
    assert again.id != job.id and again.reprint_of == job.id
    assert again.payload == SSCC_LABEL and again.reference == job.reference
    jobs.run_due_jobs()
    assert devices_printer.wait_for_jobs(2, 5) == [SSCC_LABEL, SSCC_LABEL]


def test_reroute_and_cancel(devices_job_store, devices_printer):
    with ZplPrinterSimulator() as dead:
        dead_url = dead.url
    jobs = PrintQueue(devices_job_store)
    stuck = jobs.enqueue(dead_url, b"^XAstuck^XZ")
    unwanted = jobs.enqueue(dead_url, b"^XAunwanted^XZ")
    jobs.run_due_jobs()
    assert jobs.cancel(unwanted.id).state is JobState.CANCELLED
    moved = jobs.reroute(stuck.id, devices_printer.url)
    assert moved.printer == devices_printer.url
    jobs.run_due_jobs()
    assert jobs.get(stuck.id).state is JobState.DONE
    assert devices_printer.wait_for_jobs(1, 5) == [b"^XAstuck^XZ"]
    with pytest.raises(RuleViolation, match="cannot be cancelled: it is done"):
        jobs.cancel(stuck.id)
    with pytest.raises(NotFound):
        jobs.cancel("no-such-job")
    states = {j.id: j.state for j in jobs.jobs()}
    assert states == {stuck.id: JobState.DONE, unwanted.id: JobState.CANCELLED}


def test_a_claimed_job_is_not_sent_by_a_second_worker(devices_job_store, devices_printer):
    first = PrintQueue(devices_job_store)
    second = PrintQueue(devices_job_store)
    job = first.enqueue(devices_printer.url, SSCC_LABEL)
    assert devices_job_store.claim(job.id)  # another worker is printing it right now
    assert second.run_due_jobs() == []
    assert devices_job_store.recover_interrupted() == 1  # station restarted after a crash
    [done] = second.run_due_jobs()
    assert done.state is JobState.DONE


def test_bad_printer_or_payload_is_refused_at_enqueue(devices_job_store):
    jobs = PrintQueue(devices_job_store)
    with pytest.raises(Exception, match="expected a printer URL"):
        jobs.enqueue("htp://x", SSCC_LABEL)
    with pytest.raises(RuleViolation, match="empty"):
        jobs.enqueue("tcp://127.0.0.1:9", b"")


def shipping_label_spec(sscc: str = "376123450000000016") -> ShippingLabelSpec:
    return ShippingLabelSpec(
        sscc=sscc,
        ship_from=PostalAddress("Atlas Logistique", city="Casablanca", country="MA"),
        ship_to=PostalAddress("Mme Dupont", ("12 rue de la Paix",), "75002", "Paris", "FR"),
        carrier="COLISSIMO",
        service="",
        order="ORD-1",
        weight_kg=Decimal("0.53"),
    )


def test_a_print_spec_is_rendered_to_zpl_when_the_job_is_delivered(
    devices_job_store, devices_printer
):
    jobs = PrintQueue(devices_job_store)
    job = jobs.enqueue(devices_printer.url, write_spec(shipping_label_spec()), content_type="spec")
    assert job.content_type == "spec" and job.payload.startswith(b"{")  # what, not how
    [done] = jobs.run_due_jobs()
    assert done.state is JobState.DONE
    [printed] = devices_printer.wait_for_jobs(1, 5)
    assert printed.startswith(b"^XA") and b"376123450000000016" in printed
    again = jobs.reprint(job.id)  # the same spec again: the same SSCC, never a new one
    assert again.payload == job.payload and again.content_type == "spec"
    jobs.run_due_jobs()
    assert devices_printer.wait_for_jobs(2, 5) == [printed, printed]


def test_a_spec_that_cannot_be_rendered_fails_its_job_at_once_and_the_printer_goes_on(
    devices_job_store, devices_printer
):
    jobs = PrintQueue(devices_job_store)
    newer = json.loads(write_spec(shipping_label_spec()))
    newer["version"] = 99  # written by a newer station than this one
    unknown = jobs.enqueue(devices_printer.url, json.dumps(newer).encode(), content_type="spec")
    no_postcode = dataclasses.replace(
        shipping_label_spec(), ship_to=PostalAddress("Mme Dupont", city="Paris", country="FR")
    )
    refused = jobs.enqueue(devices_printer.url, write_spec(no_postcode), content_type="spec")
    garbage = jobs.enqueue(devices_printer.url, b"^XA not a spec", content_type="spec")
    label = jobs.enqueue(devices_printer.url, SSCC_LABEL)
    results = {job.id: job for job in jobs.run_due_jobs()}
    assert results[unknown.id].state is JobState.FAILED and results[unknown.id].attempts == 1
    assert results[unknown.id].last_error == (
        "cannot be printed: print spec shipping-label version '99': expected version 1, found 99"
    )
    assert results[refused.id].state is JobState.FAILED
    assert "ship-to postcode" in results[refused.id].last_error
    assert results[refused.id].last_error.endswith("expected a postal code, found nothing")
    assert results[garbage.id].state is JobState.FAILED
    assert "expected a wms-print-spec JSON object" in results[garbage.id].last_error
    assert results[label.id].state is JobState.DONE  # the printer is not down: it goes on
    assert devices_printer.wait_for_jobs(1, 5) == [SSCC_LABEL]
    assert jobs.run_due_jobs() == []  # a spec that cannot be rendered is not retried


def arabic_address_label() -> ShippingLabelSpec:
    return dataclasses.replace(
        shipping_label_spec(),
        ship_to=PostalAddress("فاطمة الزهراء", ("12 شارع الحرية",), "20000", "الدار البيضاء", "MA"),
    )


def test_a_label_in_arabic_names_the_printer_font_it_needs_and_prints_with_it(
    devices_job_store, devices_printer
):
    without_font = PrintQueue(devices_job_store)
    refused = without_font.enqueue(
        devices_printer.url, write_spec(arabic_address_label()), content_type="spec"
    )
    [failed] = without_font.run_due_jobs()
    assert failed.id == refused.id and failed.state is JobState.FAILED
    assert "a TrueType font stored on the printer" in failed.last_error
    assert 'font = "E:NAME.TTF" in its [devices.NAME] table' in failed.last_error

    fonts = {devices_printer.url: "E:TT0003M_.TTF"}
    with_font = PrintQueue(devices_job_store, printer_font=fonts.get)
    again = with_font.reprint(refused.id)  # the same job, once the printer's font is configured
    assert again.payload == refused.payload
    [done] = with_font.run_due_jobs()
    assert done.state is JobState.DONE
    [printed] = devices_printer.wait_for_jobs(1, 5)
    assert b"^A@N," in printed and b"E:TT0003M_.TTF" in printed


def test_a_latin_label_needs_no_printer_font(devices_job_store, devices_printer):
    jobs = PrintQueue(devices_job_store)
    jobs.enqueue(devices_printer.url, write_spec(shipping_label_spec()), content_type="spec")
    [done] = jobs.run_due_jobs()
    assert done.state is JobState.DONE
    [printed] = devices_printer.wait_for_jobs(1, 5)
    assert b"^A0" in printed and b"^A@" not in printed


def test_only_the_worker_commits_without_waiting_for_the_disk(devices_job_store, devices_printer):
    jobs = PrintQueue(devices_job_store)
    jobs.enqueue(devices_printer.url, SSCC_LABEL)
    [done] = jobs.run_due_jobs()
    assert done.state is JobState.DONE
    # the worker's own connection: synchronous=NORMAL (1); every connection the station's
    # commits use (an enqueue, a scan) still waits for the disk: FULL (2)
    worker = devices_job_store._worker._sqlite_driver()
    assert worker.execute("PRAGMA synchronous").fetchone() == (1,)
    engine = devices_job_store.engine

    def pooled_safety_levels() -> list[int]:
        pooled = [engine.raw_connection() for _ in range(3)]
        try:
            return [c.driver_connection.execute("PRAGMA synchronous").fetchone()[0] for c in pooled]
        finally:
            for connection in pooled:
                connection.close()

    assert pooled_safety_levels() == [2, 2, 2]
    jobs.enqueue(devices_printer.url, SSCC_LABEL)  # and after an enqueue and another round
    jobs.run_due_jobs()
    assert pooled_safety_levels() == [2, 2, 2]


def test_a_printer_that_runs_out_of_paper_between_two_jobs_is_detected(devices_job_store):
    printer = ZplPrinterSimulator().start()
    try:
        jobs = PrintQueue(devices_job_store, status_max_age=0.0)
        first = jobs.enqueue(printer.url, SSCC_LABEL)
        [done] = jobs.run_due_jobs()
        assert done.id == first.id and done.state is JobState.DONE
        printer.fault = "paper_out"
        second = jobs.enqueue(printer.url, SSCC_LABEL + b"2")
        [waiting] = jobs.run_due_jobs()
        assert waiting.id == second.id and waiting.state is JobState.PENDING
        assert "is out of paper" in (waiting.last_error or "")
        assert printer.wait_for_jobs(2, 0.5) == [SSCC_LABEL]  # the second never reached it
    finally:
        printer.stop()


def test_a_burst_is_claimed_together_and_a_printer_failing_mid_burst_keeps_the_rest_in_order(
    devices_job_store,
):
    printer = ZplPrinterSimulator().start()
    try:
        jobs = PrintQueue(
            devices_job_store, batch_size=3, retry=RetryPolicy(initial=60), status_max_age=0.0
        )
        ids = [jobs.enqueue(printer.url, SSCC_LABEL + str(i).encode()).id for i in range(7)]
        sent = []
        original_record = ZplPrinterSimulator._record

        def record_then_break(self, job):  # the printer runs out of paper after two labels
            original_record(self, job)
            sent.append(job)
            if len(sent) == 2:
                self.fault = "paper_out"

        printer._record = record_then_break.__get__(printer)  # type: ignore[method-assign]
        now = utc_now()
        results = jobs.run_due_jobs(now)
        states = [jobs.get(i) for i in ids]
        assert [s.state for s in states[:2]] == [JobState.DONE, JobState.DONE]
        assert states[2].state is JobState.PENDING and states[2].attempts == 1
        assert "out of paper" in (states[2].last_error or "")
        for later in states[3:]:  # claimed with the burst or not: they wait, no attempt counted
            assert later.state is JobState.PENDING and later.attempts == 0
            assert later.last_error == f"waiting: {states[2].last_error}"
            assert later.next_attempt_at == states[2].next_attempt_at
        assert [r.id for r in results] == ids[:3]
        printer.fault = None
        jobs.run_due_jobs(now + timedelta(seconds=120))
        assert [jobs.get(i).state for i in ids] == [JobState.DONE] * 7
        expected = [SSCC_LABEL + str(i).encode() for i in range(7)]
        assert printer.wait_for_jobs(7, 5) == expected  # each once, in order
    finally:
        printer.stop()
