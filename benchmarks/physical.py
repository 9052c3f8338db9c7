"""The physical references the station benchmarks compare a durable step with, how many pages
a step's commit wrote, and the percentile the scripts print.

A bare commit is ``BEGIN IMMEDIATE``, one row inserted into each of ``tables`` tables and
``COMMIT`` on a SQLite file of its own in WAL mode with ``synchronous=FULL``: one fsync, with
no Python around it. With one table it writes one page, the limit of any acknowledged scan; with
as many tables as the step writes pages (:func:`last_commit_pages`) it is the limit of a step
that writes that much. Each benchmark times it interleaved with the step, so both share the
disk's state of the moment.

Imported by the benchmark scripts of this folder (run as scripts, so the folder is on
``sys.path``).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

_WAL_HEADER, _FRAME_HEADER = 32, 24


def percentile(values: list[float], fraction: float) -> float:
    """The sample at ``fraction`` (0.99: the p99) of ``values`` in order, the nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class BareCommit:
    """Bare WAL + FULL commits of one row into each of ``tables`` tables (as many pages)."""

    def __init__(self, path: Path, tables: int = 1) -> None:
        self.path = path
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode = WAL")
        self.connection.execute("PRAGMA synchronous = FULL")
        self.tables = [f"bare_{n}" for n in range(tables)]
        for table in self.tables:
            self.connection.execute(
                f"CREATE TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY, v TEXT)"
            )
        self.n = 0

    def commit(self) -> float:
        """One commit; its milliseconds."""
        self.n += 1
        start = time.perf_counter_ns()
        self.connection.execute("BEGIN IMMEDIATE")
        for table in self.tables:
            self.connection.execute(f"INSERT INTO {table} (v) VALUES (?)", (f"row {self.n}",))
        self.connection.execute("COMMIT")
        return (time.perf_counter_ns() - start) / 1e6

    def close(self) -> None:
        self.connection.close()


def last_commit_pages(database: Path) -> int:
    """The pages the last commit of ``database`` wrote: its frames in the WAL file, counted back
    from the WAL's last commit frame to the one before it (frames of the WAL's current
    generation only: a checkpointed WAL is written again from its start, under new salts)."""
    return len(last_commit_page_numbers(database))


def last_commit_page_numbers(database: Path) -> list[int]:
    """The page numbers of the frames of ``database``'s last commit in its WAL file (see
    :func:`last_commit_pages`)."""
    try:
        data = Path(f"{database}-wal").read_bytes()
    except FileNotFoundError:
        return []
    if len(data) < _WAL_HEADER:
        return []
    page_size = int.from_bytes(data[8:12], "big")
    salts = data[16:24]
    commits = [0]  # the frame count at each commit frame
    numbers: list[int] = []
    offsets = range(_WAL_HEADER, len(data) - _FRAME_HEADER + 1, _FRAME_HEADER + page_size)
    for frame, offset in enumerate(offsets, start=1):
        if data[offset + 8 : offset + 16] != salts:
            break
        numbers.append(int.from_bytes(data[offset : offset + 4], "big"))
        if int.from_bytes(data[offset + 4 : offset + 8], "big"):  # database size: a commit
            commits.append(frame)
    if len(commits) < 2:
        return []
    return numbers[commits[-2] : commits[-1]]


def pages_by_tree(database: Path, pages: list[int]) -> dict[str, int]:
    """How many of ``pages`` belong to each table's or index's b-tree of ``database`` (read
    through SQLite's ``dbstat`` table; a page of no b-tree, such as the file's header page of
    a grown file or a freed page, counts under its own name)."""
    marks = ", ".join("?" * len(pages))
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        owner = dict(
            connection.execute(f"SELECT pageno, name FROM dbstat WHERE pageno IN ({marks})", pages)
        )
    finally:
        connection.close()
    counts: dict[str, int] = {}
    for page in pages:
        name = owner.get(page, "(page 1: file header)" if page == 1 else "(no b-tree)")
        counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
