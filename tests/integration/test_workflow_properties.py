"""Property: any interleaving of valid and invalid inputs keeps the ledger invariants (the
stock projection equals the ledger sums; local operations never make stock negative) and never
raises out of the engine."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import GTIN, copy_site, gs1
from wms.core.persistence.tables import StockRow
from wms.core.services.workflows import Input

# fixtures shared by the workflow tests
demo_template = support.demo_template

INPUTS = [
    "CMD:MODE:receiving", "CMD:MODE:putaway", "CMD:MODE:move", "CMD:MODE:count",
    "CMD:MODE:transfer", "CMD:BLIND", "ASN:ASN-CN-0001", "CMD:NEWHU", "CMD:DONE", "CMD:BACK",
    "CMD:CANCEL", "CMD:SKIP", "CMD:FOO", GTIN["tajine"], GTIN["bottle"], GTIN["bottle_case"],
    GTIN["teapot"], GTIN["tea"], GTIN["argan"], gs1(GTIN["tea"], lot="GP2611A", expiry="281031"),
    gs1(GTIN["dates"], lot="OLD1", expiry="240131", count=3), "LOC:C-01-01-1", "LOC:C-01-02-1",
    "LOC:DOCK-01", "LOC:QUAR-02", "LOC:STAGE-01", "LOC:A-03-01-1", "LOC:P-01-01-1", "4006381333931",
    "6111234000111", "garbage text", "361112340000000010", "361112340000000027",
    "@key 3", "@key 40", "@key -1", "@key 0", "@key 999999999", "@key GP2611A", "@key 2028-10-31",
    "@key damaged", "@key 90", "@key LGG1",
]  # fmt: skip


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(INPUTS), st.sampled_from([0.0, 0.1, 2.0])),
        min_size=5,
        max_size=60,
    )
)
def test_random_inputs_keep_invariants(demo_template, tmp_path_factory, steps):
    site = copy_site(demo_template, tmp_path_factory.mktemp("prop") / "station.db")
    try:
        session = site.session()
        assert session.login("1003", "1357").ok
        for text, pause in steps:
            site.clock.advance(seconds=pause)
            item = Input.key(text[5:]) if text.startswith("@key ") else Input.scan(text)
            feedback = session.handle(item)
            assert feedback.error != "internal", feedback.message
            assert feedback.prompt
        with site.uow() as uow:
            assert uow.ledger.stock_by_key() == uow.ledger.ledger_sums()
            negatives = uow.session.scalars(select(StockRow).where(StockRow.quantity < 0)).all()
            assert negatives == []
    finally:
        site.engine.dispose()
