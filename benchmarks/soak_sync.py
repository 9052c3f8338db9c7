"""Sync soak: many seeded chaos runs against the local PostgreSQL; prints runs, faults by kind
and failures (no timing is asserted).

    .venv/bin/python benchmarks/soak_sync.py --runs 20 --seed 100
        [--stations 3] [--rounds 20] [--server postgresql://root@127.0.0.1:5432]

Each run (seed ``S``, ``S + 1``, ...) is one warehouse of a throwaway central database
``wms_test_<random>``: ``--stations`` benches work offline and sync while their network is cut
mid-push or goes silent mid-push, central ends their sessions, and a bench is restored from an
older backup and worked on before it syncs (``tests/integration/chaos.py``). At the end of a
run every bench syncs cleanly and the run checks that nothing was lost or doubled and that every
bench equals central. Exit status 1 if any run failed. The test suite runs three short ones
(``tests/integration/test_sync_chaos.py``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.chaos import FAULTS, chaos_run  # noqa: E402
from tests.integration.pg_fixtures import CentralFactory  # noqa: E402
from wms.core.persistence import schema  # noqa: E402
from wms.core.persistence.engine import create_station_engine, session_factory  # noqa: E402
from wms.core.persistence.migrate import upgrade as upgrade_station  # noqa: E402
from wms.core.services.demo import build_demo  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1, help="seed of the first run")
    parser.add_argument("--stations", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=20, help="steps per run")
    parser.add_argument("--server", default="postgresql://root@127.0.0.1:5432")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="wms-soak-"))
    demo = workdir / "demo.db"
    engine = create_station_engine(str(demo))
    upgrade_station(engine)
    schema.metadata.create_all(engine)
    build_demo(session_factory(engine))
    engine.dispose()
    factory = CentralFactory(workdir, demo, server=args.server)
    faults: Counter[str] = Counter()
    failures: list[str] = []
    started = time.perf_counter()
    try:
        for seed in range(args.seed, args.seed + args.runs):
            central = factory.create()
            run_dir = workdir / f"run{seed}"
            run_dir.mkdir()
            begun = time.perf_counter()
            outcome = chaos_run(central, run_dir, seed, stations=args.stations, rounds=args.rounds)
            faults.update(outcome.faults)
            failures += outcome.failures
            made = ", ".join(f"{kind} {outcome.faults[kind]}" for kind in FAULTS)
            verdict = "ok" if not outcome.failures else f"FAILED ({len(outcome.failures)})"
            print(
                f"run {seed}: {verdict}; {outcome.movements} movements in warehouse "
                f"{central.warehouse}; faults: {made}; {time.perf_counter() - begun:.1f} s",
                flush=True,
            )
            shutil.rmtree(run_dir, ignore_errors=True)
    finally:
        factory.drop_all()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"runs: {args.runs} in {time.perf_counter() - started:.0f} s")
    print("faults by kind: " + ", ".join(f"{kind} {faults[kind]}" for kind in FAULTS))
    print(f"failures: {len(failures)}")
    for failure in failures:
        print(f"  {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
