"""What a failed sync tells the operator about a Citus central: a worker it cannot reach is
named as a node of the cluster; the coordinator reaching itself while it shuts down (its own
host and port named as the remote node) is central restarting, whose unconfirmed work is sent
again once it is back."""

from __future__ import annotations

import psycopg

from wms.core.sync.runner import _describe

URL = "postgresql://wh_cmn1:secret@127.0.0.1:57800/central"


def failure(text: str) -> psycopg.OperationalError:
    return psycopg.OperationalError(text)


def test_a_worker_that_cannot_be_reached_is_named_as_a_node_of_the_cluster() -> None:
    said = str(_describe(failure(
        "connection to the remote node postgres@127.0.0.1:57801 failed with the following "
        "error: Connection refused"
    ), URL))  # fmt: skip
    assert said.startswith("node 127.0.0.1:57801 of central ")
    assert "sent again once the node is back" in said
    assert "secret" not in said


def test_the_coordinator_reaching_itself_while_it_shuts_down_is_central_restarting() -> None:
    said = str(_describe(failure(
        "connection to the remote node postgres@127.0.0.1:57800 failed with the following "
        "error: FATAL:  the database system is shutting down"
    ), URL))  # fmt: skip
    assert "is restarting or shutting down" in said
    assert "is sent again once it is back" in said
    assert "node 127.0.0.1:57800" not in said and "secret" not in said


def test_the_coordinator_unreachable_for_another_reason_stays_a_node_failure() -> None:
    said = str(_describe(failure(
        "connection to the remote node postgres@127.0.0.1:57800 failed with the following "
        "error: timeout expired"
    ), URL))  # fmt: skip
    assert said.startswith("node 127.0.0.1:57800 of central ")
