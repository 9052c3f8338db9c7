"""The data-access rule, held per input: no accepted scan sends the same query twice, and a
receiving scan against an ASN reads what it has received once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import GTIN, feed, logged_in
from wms.core.domain.check_digits import location_check_digits
from wms.core.services.demo import each_gtin
from wms.core.services.workflows.adjustments import create_count_tasks

demo_template = support.demo_template
site = support.site


@contextmanager
def statements(site) -> Iterator[list[tuple[str, str]]]:
    sent: list[tuple[str, str]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, repr(parameters)))

    event.listen(site.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(site.engine, "before_cursor_execute", record)


def sent_by(site, session, line: str) -> list[tuple[str, str]]:
    with statements(site) as sent:
        [feedback] = feed(session, line)
    assert feedback.ok, feedback.message
    return list(sent)


def repeated(sent: list[tuple[str, str]]) -> list[str]:
    """Statements sent more than once with the same parameters."""
    return sorted({text for text, params in sent if sent.count((text, params)) > 1})


def test_a_receiving_scan_against_an_asn_reads_the_received_quantity_once(site):
    session = logged_in(site, mode="receiving")
    feed(session, "ASN:ASN-CN-0001", "CMD:NEWHU", GTIN["bottle"])
    sent = sent_by(site, session, GTIN["bottle"])
    assert repeated(sent) == []
    received_reads = [s for s, _ in sent if "sum(movements.quantity)" in s]
    assert len(received_reads) == 1
    writes = [s for s, _ in sent if not s.lstrip().upper().startswith("SELECT")]
    assert len(writes) == 3  # the station sequence, the movement, the stock row


def test_no_putaway_move_or_count_input_sends_a_query_twice(site):
    receiving = logged_in(site, mode="receiving")
    feed(receiving, "CMD:BLIND", GTIN["teapot"])
    putaway = logged_in(site, badge="1002", pin="2468", mode="putaway")
    directed = sent_by(site, putaway, GTIN["teapot"])
    destination = putaway.workflow.state.destination
    confirmed = sent_by(site, putaway, f"@key {location_check_digits('CMN1', destination)}")
    move = logged_in(site, badge="1001", pin="1234", mode="move")
    moved = [
        sent_by(site, move, line) for line in ("@key C-01-01-1", GTIN["tajine"], "LOC:C-01-02-1")
    ]
    with site.uow() as uow:
        create_count_tasks(uow, "CMN1", ["C-02-01-1"], created_by="2001", at=site.clock())
        uow.commit()
    count = logged_in(site, badge="1001", pin="1234", mode="count")
    feed(count, "LOC:C-02-01-1", each_gtin(61))  # the first scan also reads the product master
    counted = [sent_by(site, count, each_gtin(61)) for _ in range(2)]
    for sent in (directed, confirmed, *moved, *counted):
        assert repeated(sent) == []
    # the product scan of a move reads the stock there once (lot and quantity from one read)
    assert len([s for s, _ in moved[1] if s.lstrip().startswith("SELECT stock.")]) == 1
    # a counting scan is one statement: its units added to the count line
    assert [len(sent) for sent in counted] == [1, 1]
