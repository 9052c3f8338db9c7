"""Seeded chaos runs against a real central: a few stations of one warehouse work offline and
sync while the network is cut mid-push, goes silent mid-push, the server ends their sessions
and a bench's disk is replaced by an older backup (worked on before it syncs again). At the end
every bench syncs cleanly and the run checks convergence: nothing lost, nothing doubled, every
station equal to central (:func:`tests.integration.pg_fixtures.assert_consistent`).

Used by ``tests/integration/test_sync_chaos.py`` (a few short runs) and
``benchmarks/soak_sync.py`` (as many as asked). Every choice comes from the seed.
"""

from __future__ import annotations

import random
import shutil
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.integration.pg_fixtures import (
    Central,
    Station,
    admin,
    assert_consistent,
    checkpoint,
)
from tests.integration.test_sync_faults import CutProxy
from tests.integration.test_sync_silent_network import SilentProxy
from wms.core.domain.errors import SyncError
from wms.core.sync import security

FAULTS = ("cut", "silent", "terminate", "restore")
STEPS = ("work", "work", "sync", "backup", *FAULTS)
# a hang guard only: far above the seconds central needs to end a silent session
GUARD_SECONDS = 120


@dataclass
class ChaosOutcome:
    seed: int
    faults: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    movements: int = 0


@dataclass
class _Bench:
    station: Station
    url: str
    backup: Path | None = None


def _restore(bench: _Bench) -> None:
    """The bench's disk is replaced by its last backup."""
    assert bench.backup is not None
    path = bench.station.path
    bench.station.close()
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(bench.backup, path)
    bench.station = Station(path, bench.station.station, bench.station.warehouse)


def _in_thread(call):  # type: ignore[no-untyped-def]
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as error:  # handed to the caller
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def _schedule(rng: random.Random, rounds: int) -> list[str]:
    """``rounds`` random steps, each fault kind at least once."""
    steps = [rng.choice(STEPS) for _ in range(rounds)]
    for fault in FAULTS:
        if fault not in steps:
            steps.insert(rng.randint(0, len(steps)), fault)
    if "backup" not in steps[: steps.index("restore")]:
        steps.insert(rng.randint(0, steps.index("restore")), "backup")
    return steps


def chaos_run(
    central: Central, workdir: Path, seed: int, *, stations: int = 3, rounds: int = 12
) -> ChaosOutcome:
    """One seeded run in ``central``'s warehouse (its own station roles); returns the faults
    made and what did not hold."""
    rng = random.Random(seed)
    outcome = ChaosOutcome(seed)
    benches: list[_Bench] = []
    for number in range(stations):
        name = f"CH{seed}-{number + 1}"
        creds = security.add_station(central.url, name, central.warehouse)
        benches.append(_Bench(central.station(workdir / f"{name}.db", name), creds.url))
    try:
        for step in _schedule(rng, rounds):
            backed_up = [b for b in benches if b.backup is not None]
            bench = rng.choice(backed_up if step == "restore" and backed_up else benches)
            others = [b for b in benches if b is not bench]
            try:
                _step(step, rng, bench, others, outcome, central.url)
            except (SyncError, AssertionError) as error:
                outcome.failures.append(f"seed {seed} {step} at {bench.station.station}: {error}")
        # the network is back everywhere: every bench pushes, then every bench pulls the rest
        for _ in range(2):
            for bench in benches:
                try:
                    bench.station.sync(bench.url)
                except SyncError as error:
                    outcome.failures.append(f"seed {seed} final sync: {error}")
        try:
            assert_consistent(central.url, [b.station for b in benches], central.warehouse)
        except AssertionError as error:
            outcome.failures.append(f"seed {seed} convergence: {error}")
        outcome.movements = len(benches[0].station.ids())
    finally:
        for bench in benches:
            bench.station.close()
    return outcome


def _step(
    step: str,
    rng: random.Random,
    bench: _Bench,
    others: list[_Bench],
    outcome: ChaosOutcome,
    admin_url: str,
) -> None:
    station = bench.station
    if step == "work":
        station.random_work(rng, rng.randint(5, 40), per_commit=rng.choice((1, 5, 10)))
    elif step == "sync":
        station.sync(bench.url, batch_size=rng.choice((7, 50, 5000)))
    elif step == "backup":
        checkpoint(station.path)
        bench.backup = station.path.with_name(station.path.stem + "-backup.db")
        shutil.copyfile(station.path, bench.backup)
        # work that reaches central after the backup: what a restore loses locally
        station.random_work(rng, rng.randint(5, 30))
        station.sync(bench.url)
    elif step == "cut":
        station.random_work(rng, rng.randint(5, 30))
        proxy = CutProxy(rng.randint(500, 60_000))
        try:
            station.sync(proxy.url(bench.url), batch_size=rng.choice((7, 50)))
        except SyncError:
            pass  # cut: the next sync finds out what central holds
        finally:
            proxy.close()
        outcome.faults["cut"] += 1
    elif step == "silent":
        _silent(rng, bench, others, outcome)
    elif step == "terminate":
        station.random_work(rng, rng.randint(20, 60))
        syncing, _result = _in_thread(lambda: station.sync(bench.url, batch_size=7))
        time.sleep(rng.uniform(0.0, 0.3))
        with admin(admin_url) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s",
                (f"wms-sync {station.station}"[:63],),
            )
        syncing.join(GUARD_SECONDS)
        assert not syncing.is_alive(), "a sync whose session central ended never returned"
        outcome.faults["terminate"] += 1
    elif step == "restore":
        if bench.backup is None:
            return
        _restore(bench)
        bench.station.random_work(rng, rng.randint(3, 20))  # worked on before it syncs
        outcome.faults["restore"] += 1
    else:
        raise ValueError(f"chaos step {step!r}: expected one of {STEPS}")


def _silent(rng: random.Random, bench: _Bench, others: list[_Bench], outcome: ChaosOutcome) -> None:
    """The bench's network goes silent mid-push; another bench syncs meanwhile; the network
    comes back."""
    bench.station.random_work(rng, rng.randint(5, 30))
    proxy = SilentProxy()
    try:
        pusher, _pushed = _in_thread(lambda: bench.station.sync(proxy.url(bench.url)))
        if proxy.silent.wait(GUARD_SECONDS):
            other = rng.choice(others)
            other.station.random_work(rng, rng.randint(1, 10))
            other.station.sync(other.url)  # not stalled by the silent one
            outcome.faults["silent"] += 1
        proxy.resume()
        pusher.join(GUARD_SECONDS)
        assert not pusher.is_alive(), "the silent bench did not notice its session had ended"
    finally:
        proxy.close()
