"""The chaos runs that found issue 12's faults, in short form: a few seeded runs of three
benches of one warehouse working and syncing while the network is cut mid-push or goes silent
mid-push, central ends their sessions and a bench is restored from an older backup and worked
on before it syncs. At the end nothing is lost, nothing is doubled and every bench equals
central. ``benchmarks/soak_sync.py`` runs as many as asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.chaos import FAULTS, chaos_run
from tests.integration.citus_fixtures import (
    engine,  # noqa: F401 - fixture
    engine_central_factory,  # noqa: F401 - fixture central_factory (both engines)
    postgres_central_factory,  # noqa: F401 - fixture
)
from tests.integration.pg_fixtures import CentralFactory

pytestmark = pytest.mark.postgres

SEEDS = (1, 2, 3)
#: on Citus one seed (each run still makes every fault at least once): its runs take three
#: times as long there, and the cut, the silence and the restarts have their own Citus tests
CITUS_SEEDS = (3,)
RUNS = [("postgres", seed) for seed in SEEDS] + [("citus", seed) for seed in CITUS_SEEDS]


@pytest.mark.parametrize(("engine", "seed"), RUNS, indirect=["engine"], scope="module")
def test_three_benches_converge_through_cuts_silence_terminations_and_a_restore(
    central_factory: CentralFactory, tmp_path: Path, seed: int
) -> None:
    central = central_factory.create()
    outcome = chaos_run(central, tmp_path, seed, stations=3, rounds=10)
    assert outcome.failures == []
    for fault in FAULTS:
        assert outcome.faults[fault] >= 1, (fault, outcome.faults)
