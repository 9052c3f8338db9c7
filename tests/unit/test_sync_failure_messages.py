"""What a failed sync tells the operator about a Citus central: a worker it cannot reach is
named as a node of the cluster; the coordinator reaching itself while it shuts down (its own
host and port named as the remote node) is central restarting, whose unconfirmed work is sent
again once it is back."""

from __future__ import annotations

import psycopg

from wms.core.sync.runner import _describe

URL = "postgresql://wh_cmn1:secret@127.0.0.1:57800/central"


def said_when_unreachable(node: str, error: str) -> str:
    """What the station says when central (the coordinator at ``URL``) reports that it could
    not connect to ``node``, for the reason ``error``."""
    text = f"connection to the remote node postgres@{node} failed with the following error: {error}"
    return str(_describe(psycopg.OperationalError(text), URL))


def test_a_worker_that_cannot_be_reached_is_named_as_a_node_of_the_cluster() -> None:
    said = said_when_unreachable("127.0.0.1:57801", "Connection refused")
    assert said.startswith("node 127.0.0.1:57801 of central ")
    assert "sent again once the node is back" in said
    assert "secret" not in said


def test_the_coordinator_reaching_itself_while_it_shuts_down_is_central_restarting() -> None:
    said = said_when_unreachable("127.0.0.1:57800", "FATAL:  the database system is shutting down")
    assert "is restarting or shutting down" in said
    assert "is sent again once it is back" in said
    assert "node 127.0.0.1:57800" not in said and "secret" not in said


def test_the_coordinator_unreachable_for_another_reason_stays_a_node_failure() -> None:
    said = said_when_unreachable("127.0.0.1:57800", "timeout expired")
    assert said.startswith("node 127.0.0.1:57800 of central ")
