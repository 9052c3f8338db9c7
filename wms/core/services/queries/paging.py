"""Pageable, sortable, filterable read models of the station database (no Qt, no writes).

Each :class:`Source` describes one table a supervisor can scroll: its columns, the statement for
the current filters, and how to page it. Pages are fetched with **keyset paging**
(``WHERE (sort, id) > (:last_sort, :last_id) ORDER BY sort, id LIMIT n``) wherever the sort key
is never NULL, so page 200 costs what page 1 costs even with a million movements; grouped views
page by keyset on their group keys (stock by lot, by handling unit: an index streams the groups
in order and LIMIT stops the scan) and with LIMIT/OFFSET otherwise (a sort on a sum; the
summaries of stock by product and by location, one row per product or location).

Nothing here decides anything about the warehouse: these are views of the ledger and of the
documents, queried read-only (the station app runs them on a worker thread).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from time import perf_counter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    func,
    literal,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session


class ColumnKind(StrEnum):
    """How a column's values are shown and exported."""

    TEXT = "text"
    INT = "int"
    DATE = "date"
    DATETIME = "datetime"
    PERCENT = "percent"


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # English; the Qt model translates it
    expression: Any
    kind: ColumnKind = ColumnKind.TEXT
    sortable: bool = True
    nullable: bool = False


@dataclass(frozen=True)
class Filters:
    warehouse: str | None = None
    search: str = ""
    status: str = ""
    kind: str = ""
    sku: str = ""
    location: str = ""
    days: int = 60
    # set by a scan (:mod:`~.scan_search`): the product carrying a GTIN, a lot, a handling unit
    # (SSCC or tote), a document (ASN or order) reference
    gtin: str = ""
    lot: str = ""
    handling_unit: str = ""
    reference: str = ""
    # one owner's (merchant's) rows only, in SQL: a merchant-facing view or export never
    # holds another owner's stock or movements
    owner: str = ""


@dataclass
class Page:
    rows: list[tuple[Any, ...]]
    cursor: tuple[Any, ...] | None
    offset: int
    done: bool
    total: int | None = None
    elapsed_ms: float = 0.0


@dataclass
class Source:
    """A pageable, sortable, filterable table of the database."""

    name: str
    columns: list[Column]
    build: Callable[[Filters], Select[Any]]
    tiebreak: Any = None  # a unique, non-null column: enables keyset paging
    default_sort: str = ""
    default_descending: bool = False
    count: bool = True
    # the same rows as ``build`` as disjoint statements, each of which an index returns in key
    # order (an OR of two indexed columns, e.g. a location as origin or as destination): a
    # keyset page takes a page from each and merges them, instead of sorting every match
    branches: Callable[[Filters], list[Select[Any]]] | None = None
    # the sorts that page by keyset when not every column may (a grouped view: its group keys,
    # which a WHERE can bound, unlike its sums); None: every non-null column
    keyset_sorts: tuple[str, ...] | None = None

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def keyset(self, sort: str) -> bool:
        if self.keyset_sorts is not None and sort not in self.keyset_sorts:
            return False
        return self.tiebreak is not None and not self.column(sort).nullable

    def statement(self, filters: Filters, sort: str, descending: bool) -> Select[Any]:
        statement = self.build(filters)
        column = self.column(sort or self.default_sort)
        expressions = [column.expression]
        if self.tiebreak is not None and column.expression is not self.tiebreak:
            expressions.append(self.tiebreak)
        order = [e.desc() if descending else e.asc() for e in expressions]
        return statement.order_by(*order)

    def page(
        self,
        session: Session,
        filters: Filters,
        *,
        sort: str = "",
        descending: bool = False,
        cursor: tuple[Any, ...] | None = None,
        offset: int = 0,
        limit: int = 500,
        with_total: bool = False,
    ) -> Page:
        sort = sort or self.default_sort
        statement = self.statement(filters, sort, descending)
        column = self.column(sort)
        keyset = self.keyset(sort)
        bound: ColumnElement[bool] | None = None
        if keyset and cursor is not None:
            if column.expression is self.tiebreak:
                bound = (
                    column.expression < cursor[0] if descending else column.expression > cursor[0]
                )
            else:
                pair = tuple_(column.expression, self.tiebreak)
                values = tuple_(literal(cursor[0]), literal(cursor[1]))
                bound = pair < values if descending else pair > values
            statement = statement.where(bound)
        elif not keyset:
            statement = statement.offset(offset)
        branches = self.branches(filters) if keyset and self.branches is not None else []
        if len(branches) > 1:
            statement = self._merged(branches, column, bound, descending, limit)
        started = perf_counter()
        raw = session.execute(statement.limit(limit + 1)).all()
        elapsed = (perf_counter() - started) * 1000
        done = len(raw) <= limit
        raw = raw[:limit]
        width = len(self.columns)
        rows = [tuple(r[:width]) for r in raw]
        next_cursor = None
        if keyset and raw:
            last = raw[-1]
            index = [c.key for c in self.columns].index(column.key)
            tie = last[width] if len(last) > width else last[index]
            next_cursor = (last[index], tie)
        total = self.total(session, filters) if with_total and self.count else None
        return Page(rows, next_cursor, offset + len(rows), done, total, elapsed)

    def _merged(
        self,
        branches: list[Select[Any]],
        column: Column,
        bound: ColumnElement[bool] | None,
        descending: bool,
        limit: int,
    ) -> Select[Any]:
        """The first ``limit + 1`` rows of each branch past the cursor, merged in key order."""
        keys = [column.expression]
        if column.expression is not self.tiebreak:
            keys.append(self.tiebreak)
        order = [k.desc() if descending else k.asc() for k in keys]
        parts = []
        for branch in branches:
            if bound is not None:
                branch = branch.where(bound)
            parts.append(branch.order_by(*order).limit(limit + 1).subquery().select())
        merged = union_all(*parts).subquery()
        expressions = [c.expression for c in self.columns]
        positions = [expressions.index(k) for k in keys]
        outer = [merged.c[p].desc() if descending else merged.c[p].asc() for p in positions]
        return select(*merged.c).order_by(*outer)

    def total(self, session: Session, filters: Filters) -> int:
        inner = self.build(filters).order_by(None).subquery()
        return session.scalar(select(func.count()).select_from(inner)) or 0

    def iter_all(
        self, session: Session, filters: Filters, sort: str = "", descending: bool = False
    ) -> Iterator[tuple[Any, ...]]:
        """Every row, in screen order, streamed (CSV export)."""
        statement = self.statement(filters, sort or self.default_sort, descending)
        width = len(self.columns)
        result = session.execute(statement.execution_options(yield_per=2000))
        for row in result:
            yield tuple(row[:width])


def _prefix(value: str) -> str:
    """``value`` as a case-insensitive LIKE prefix pattern, its wildcards escaped."""
    escaped = value.strip().upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def search_clause(text: str, *columns: Any) -> ColumnElement[bool] | None:
    """Every word of ``text`` must start one of ``columns`` (None when ``text`` is blank)."""
    words = [w for w in text.split() if w]
    if not words:
        return None
    clauses = []
    for word in words:
        pattern = _prefix(word)
        clauses.append(or_(*(func.upper(c).like(pattern, escape="\\") for c in columns)))
    return and_(*clauses)
