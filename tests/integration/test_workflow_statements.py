"""The data-access rule, held per input: no accepted scan sends the same query twice, and a
receiving scan against an ASN reads what it has received once; and held in the code: services,
workflows and commands reach the database through repositories and query modules only."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import GTIN, logged_in, paced
from wms.core.domain.check_digits import location_check_digits
from wms.core.persistence.engine import traced_statements
from wms.core.services.demo import each_gtin
from wms.core.services.ledger import Actor
from wms.core.services.outbound.waves import release_wave
from wms.core.services.workflows import Feedback, Input
from wms.core.services.workflows.adjustments import create_count_tasks

demo_template = support.demo_template
site = support.site


@contextmanager
def statements(site) -> Iterator[list[tuple[str, str]]]:
    """(statement, parameters) as the SQLite driver ran them (the ledger's raw statements
    included); SQLite's trace inlines the parameters, so the second element is empty."""
    sent: list[tuple[str, str]] = []
    with traced_statements(site.engine) as traced:
        try:
            yield sent
        finally:
            sent.extend((text, "") for text in traced)


def sent_by(site, session, line: str) -> list[tuple[str, str]]:
    with statements(site) as sent:
        [feedback] = paced(session, line)
    assert feedback.ok, feedback.message
    return list(sent)


def repeated(sent: list[tuple[str, str]]) -> list[str]:
    """Statements sent more than once with the same parameters."""
    return sorted({text for text, params in sent if sent.count((text, params)) > 1})


def test_a_receiving_scan_against_an_asn_reads_the_received_quantity_once(site):
    session = logged_in(site, mode="receiving")
    paced(session, "ASN:ASN-CN-0001", "CMD:NEWHU", GTIN["bottle"])
    sent = sent_by(site, session, GTIN["bottle"])
    assert repeated(sent) == []
    received_reads = [s for s, _ in sent if "sum(movements.quantity)" in s]
    assert len(received_reads) == 1
    writes = [s for s, _ in sent if not s.lstrip().upper().startswith("SELECT")]
    assert len(writes) == 3  # the station sequence, the movement, the stock row


def test_opening_an_asn_reads_what_it_has_received_once_for_its_prompt_and_its_lines(site):
    session = logged_in(site, mode="receiving")
    with statements(site) as sent:
        paced(session, "ASN:ASN-CN-0001", "CMD:NEWHU")  # the lines are shown after each
    received_reads = [s for s, _ in sent if "sum(movements.quantity)" in s]
    assert len(received_reads) == 1


def test_no_putaway_move_or_count_input_sends_a_query_twice(site):
    receiving = logged_in(site, mode="receiving")
    paced(receiving, "CMD:BLIND", GTIN["teapot"])
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
    paced(count, "LOC:C-02-01-1", each_gtin(61))  # the first scan also reads the product master
    counted = [sent_by(site, count, each_gtin(61)) for _ in range(2)]
    for sent in (directed, confirmed, *moved, *counted):
        assert repeated(sent) == []
    # the product scan of a move reads the stock there once (lot and quantity from one read)
    assert len([s for s, _ in moved[1] if s.lstrip().startswith("SELECT stock.")]) == 1
    # a counting scan is one statement: its units added to the count line
    assert [len(sent) for sent in counted] == [1, 1]


# --- the outbound flow ----------------------------------------------------------------------

ARGAN, SAFFRON = GTIN["argan"], GTIN["saffron"]
OUTBOUND_ACTOR = Actor("CMN1", "CMN1-T01", "2001")


def reads_repeated(sent: list[tuple[str, str]]) -> list[str]:
    """Reads sent more than once with the same parameters (a parcel of two stock rows posts
    two movements, each bumping the station's sequence: that write repeats by design)."""
    return [s for s in repeated(sent) if s.lstrip().upper().startswith("SELECT")]


def outbound_input(site, session, line: str | Input) -> tuple[Feedback, list[tuple[str, str]]]:
    with statements(site) as sent:
        if isinstance(line, str):
            [feedback] = paced(session, line)
        else:
            feedback = session.handle(line)
    assert feedback.ok, feedback.message
    return feedback, list(sent)


def test_no_pick_pack_sort_or_load_input_sends_a_read_twice(site):
    with site.uow() as uow:
        release_wave(uow, OUTBOUND_ACTOR, today=site.clock().date(), orders=["ORD-1001"])
        uow.commit()
    session = logged_in(site, mode="picking")
    inputs: list[str | Input] = [
        "@key NEXT", "LOC:P-01-01-2", SAFFRON, "TOTE:T1",
        "LOC:A-01-02-1", ARGAN, ARGAN, "TOTE:T1",
    ]  # fmt: skip
    sent_per_input = [outbound_input(site, session, line)[1] for line in inputs]
    site.clock.advance(seconds=1)
    assert session.set_mode("packing").ok
    for line in ("ORD:ORD-1001", ARGAN, ARGAN, SAFFRON):
        sent_per_input.append(outbound_input(site, session, line)[1])
    closed, sent = outbound_input(site, session, Input.weight("0.55"))
    sent_per_input.append(sent)
    sscc = closed.context["sscc"]
    site.clock.advance(seconds=1)
    assert session.set_mode("sorting").ok
    sorted_, sent = outbound_input(site, session, f"00{sscc}")
    sent_per_input.append(sent)
    sent_per_input.append(outbound_input(site, session, f"LOC:{sorted_.destination}")[1])
    site.clock.advance(seconds=1)
    assert session.set_mode("shipping").ok
    for line in ("@key NEW COLISSIMO TR1", f"00{sscc}", "CMD:DONE"):
        sent_per_input.append(outbound_input(site, session, line)[1])
    assert [reads_repeated(sent) for sent in sent_per_input] == [[]] * len(sent_per_input)
    # the tote scan that finishes the list reads the list's tasks once (was three times)
    last_pick = sent_per_input[len(inputs) - 1]
    list_reads = [
        s for s, _ in last_pick if re.search(r"WHERE pick_tasks\.pick_list = '[^']*' ORDER BY", s)
    ]
    assert len(list_reads) == 1
    # a new shipment's number is one statement on the counter once it exists
    with site.uow() as uow:
        assert uow.orders.next_counter("CMN1", "shipment") == 2


# --- the rule in the code -------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2] / "wms"
#: Modules that keep to the rule: every outbound service, workflow and command.
HOLDING_THE_RULE = (
    sorted((ROOT / "core" / "services" / "outbound").glob("*.py"))
    + sorted((ROOT / "core" / "services" / "workflows").glob("*.py"))
    + sorted((ROOT / "cli").glob("*.py"))
)
#: Query modules: where the reads the rule sends elsewhere are written.
QUERY_MODULES = {"queries.py", "transfer_queries.py"}
SQL_BUILDERS = {"select", "insert", "update", "delete", "func", "text", "and_", "or_"}


def offences(path: Path) -> list[str]:
    """Where ``path`` builds SQL or reaches past the repositories into ``uow.session``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            found += [
                f"{path.name}:{node.lineno} imports {alias.name} from {node.module}"
                for alias in node.names
                if alias.name in SQL_BUILDERS
            ]
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "session"
            and isinstance(node.value, ast.Name)
            and node.value.id == "uow"
        ):
            found.append(f"{path.name}:{node.lineno} uses uow.session")
    return found


def test_services_workflows_and_commands_reach_the_database_through_repositories_and_queries():
    checked = [path for path in HOLDING_THE_RULE if path.name not in QUERY_MODULES]
    assert len(checked) > 40  # the outbound services, the workflows and the commands
    assert [offence for path in checked for offence in offences(path)] == []


def test_the_rule_check_finds_a_service_that_reads_on_its_own(tmp_path):
    service = tmp_path / "service.py"
    service.write_text(
        "from sqlalchemy import select\n\n"
        "def orders(uow):\n"
        "    return uow.session.scalars(select(OrderRow))\n",
        encoding="utf-8",
    )
    assert offences(service) == [
        "service.py:1 imports select from sqlalchemy",
        "service.py:4 uses uow.session",
    ]


# --- an input that only reads takes no write lock -------------------------------------------

WORKFLOWS = sorted((ROOT / "core" / "services" / "workflows").glob("*.py"))
PACKAGE = sorted(ROOT.rglob("*.py"))


def opens_a_writing_unit_of_work(opened: ast.expr) -> bool:
    """``rt.uow()`` / ``self.rt.uow()``, or ``UnitOfWork(...)`` without ``read_only``."""
    if not isinstance(opened, ast.Call):
        return False
    if isinstance(opened.func, ast.Attribute) and opened.func.attr == "uow":
        return True
    return ast.unparse(opened.func) == "UnitOfWork" and not any(
        keyword.arg == "read_only" for keyword in opened.keywords
    )


def writing_units_that_never_commit(path: Path) -> list[str]:
    """``with ....uow() as uow:`` and ``with UnitOfWork(...) as uow:`` blocks of ``path`` that
    neither commit nor hand the unit of work to a method of their own (which may post and
    commit): reads, which belong in ``rt.reader()`` or ``UnitOfWork(..., read_only=True)`` (a
    deferred transaction, no write lock)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.With):
            continue
        if not opens_a_writing_unit_of_work(node.items[0].context_expr):
            continue
        calls = [n for n in ast.walk(node) if isinstance(n, ast.Call)]
        commits = any(ast.unparse(c.func).endswith(".commit") for c in calls)
        hands_on = any(
            ast.unparse(c.func).startswith("self._")
            and any(isinstance(a, ast.Name) and a.id == "uow" for a in c.args)
            for c in calls
        )
        if not commits and not hands_on:
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            found.append(f"{where}:{node.lineno}")
    return found


def test_the_station_opens_a_writing_unit_of_work_only_where_it_commits():
    """Workflows, services, screens' queries and commands alike: a read takes no write lock,
    so it never waits behind another bench's commit or a sync page."""
    assert len(WORKFLOWS) > 15 and len(PACKAGE) > 150
    assert [where for path in PACKAGE for where in writing_units_that_never_commit(path)] == []


def test_the_write_lock_check_finds_a_read_in_a_writing_unit_of_work(tmp_path):
    workflow = tmp_path / "workflow.py"
    workflow.write_text(
        "def _location(self, code):\n"
        "    with self.rt.uow() as uow:\n"
        "        return self.rt.master.require_location(uow, code)\n"
        "def _post(self, code):\n"
        "    with self.rt.uow() as uow:\n"
        "        self._move(uow, code)\n"
        "def _close(self):\n"
        "    with self.rt.uow() as uow:\n"
        "        uow.commit()\n",
        encoding="utf-8",
    )
    assert writing_units_that_never_commit(workflow) == ["workflow.py:2"]


def test_the_write_lock_check_finds_a_service_reading_in_a_writing_unit_of_work(tmp_path):
    service = tmp_path / "service.py"
    service.write_text(
        "def parcels(sessions):\n"
        "    with UnitOfWork(sessions) as uow:\n"
        "        return uow.hub.parcels()\n"
        "def report(sessions):\n"
        "    with UnitOfWork(sessions, read_only=True) as uow:\n"
        "        return uow.hub.parcels()\n"
        "def release(sessions):\n"
        "    with UnitOfWork(sessions) as uow:\n"
        "        uow.commit()\n",
        encoding="utf-8",
    )
    assert writing_units_that_never_commit(service) == ["service.py:2"]
