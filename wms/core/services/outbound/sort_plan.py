"""The sort plan compiled into an index, so a sort decision is a few dictionary lookups.

A rule matches a parcel when every criterion it sets matches: ``order_number``, ``country``,
``carrier``, ``route`` and ``pickup_point`` (a parcel hub's pickup point) by equality
(case-insensitive), ``postcode_prefix`` as a prefix of the parcel's postcode (spaces and dashes
ignored). Among matching rules the lowest ``priority`` wins (ties: the lower rule id). A rule
with no criterion is the catch-all.

Compilation groups rules by *which* of order / country / carrier / route / pickup point they
set (at most 32 shapes, a real plan uses three or four). Each shape is a dict from those values
to a table of postcode prefixes (see :class:`SortPlanIndex`). A decision looks up each shape
once and a few prefixes, whatever the number of rules.

A parcel's *route* is its carrier service (``OrderRow.service``), e.g. ``EXPRESS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter

from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork

_KEYED = ("order_number", "country", "carrier", "route", "pickup_point")


@dataclass(frozen=True)
class SortRule:
    id: int
    priority: int
    destination: str
    country: str = ""
    postcode_prefix: str = ""
    carrier: str = ""
    route: str = ""
    order_number: str = ""
    pickup_point: str = ""

    @property
    def rank(self) -> tuple[int, int]:
        return (self.priority, self.id)

    def describe(self) -> str:
        parts = [
            f"{name.replace('_', ' ')} {getattr(self, name)}"
            for name in (
                "order_number",
                "country",
                "postcode_prefix",
                "carrier",
                "route",
                "pickup_point",
            )
            if getattr(self, name)
        ]
        return f"rule {self.priority} ({', '.join(parts) or 'any parcel'})"


@dataclass(frozen=True)
class SortItem:
    """What the sort decision looks at."""

    country: str = ""
    postcode: str = ""
    carrier: str = ""
    route: str = ""
    order_number: str = ""
    pickup_point: str = ""


def compact_postcode(postcode: str) -> str:
    return postcode.replace(" ", "").replace("-", "").upper()


_NO_RANK = (1 << 62, 0)


class _Shape:
    """The rules that set the same exact fields: a dict from those fields' values to the
    prefix table of that key (prefix -> the best rule whose prefix is that one *or any shorter
    one*, so only the longest prefix of the postcode found needs reading) and its prefix
    lengths, longest first."""

    __slots__ = ("first_rank", "key_of", "tables")

    def __init__(self, positions: list[int], first_rank: tuple[int, int]) -> None:
        self.key_of: Callable[[tuple[str, ...]], object] = (
            (lambda _values: ()) if not positions else itemgetter(*positions)
        )
        self.tables: dict[
            object, tuple[dict[str, tuple[tuple[int, int], SortRule]], tuple[int, ...]]
        ] = {}
        self.first_rank = first_rank  # the best rank of any of its rules


class SortPlanIndex:
    """A compiled sort plan: ``decide(item)`` → the winning :class:`SortRule` or None.

    Compiled once: per shape (which of order / country / carrier / route / pickup point a rule
    sets), a dict by
    those values; under each key, a dict by postcode prefix whose entry already holds the best
    rule of that prefix and of all its shorter prefixes. A decision is one dict lookup per shape
    and, per key found, one lookup per prefix length until the longest present prefix hits."""

    def __init__(self, name: str, rules: Iterable[SortRule]) -> None:
        self.name = name
        self.rules = sorted(rules, key=lambda r: r.rank)
        self.destinations = sorted({r.destination for r in self.rules})
        grouped: dict[tuple[bool, ...], dict[object, dict[str, SortRule]]] = {}
        shapes: dict[tuple[bool, ...], _Shape] = {}
        for rule in self.rules:  # best first: the first rule kept per (key, prefix) wins
            on = tuple(bool(getattr(rule, field_name)) for field_name in _KEYED)
            shape = shapes.get(on)
            if shape is None:
                positions = [i for i, flag in enumerate(on) if flag]
                shape = shapes[on] = _Shape(positions, rule.rank)
            values = tuple(getattr(rule, field_name).upper() for field_name in _KEYED)
            prefixes = grouped.setdefault(on, {}).setdefault(shape.key_of(values), {})
            prefixes.setdefault(compact_postcode(rule.postcode_prefix), rule)
        for on, keys in grouped.items():
            for key, prefixes in keys.items():
                cumulative: dict[str, tuple[tuple[int, int], SortRule]] = {}
                for prefix in prefixes:
                    best: SortRule | None = None
                    for length in range(len(prefix) + 1):
                        candidate = prefixes.get(prefix[:length])
                        if candidate is not None and (best is None or candidate.rank < best.rank):
                            best = candidate
                    assert best is not None  # the prefix itself is there
                    cumulative[prefix] = (best.rank, best)
                lengths = tuple(sorted({len(p) for p in prefixes}, reverse=True))
                shapes[on].tables[key] = (cumulative, lengths)
        # best shapes first: once a match beats a shape's best rule, no later shape can win
        self._shapes = sorted(shapes.values(), key=lambda shape: shape.first_rank)

    def __len__(self) -> int:
        return len(self.rules)

    def decide(self, item: SortItem) -> SortRule | None:
        values = (
            item.order_number.upper(),
            item.country.upper(),
            item.carrier.upper(),
            item.route.upper(),
            item.pickup_point.upper(),
        )
        postcode = item.postcode
        if " " in postcode or "-" in postcode:
            postcode = compact_postcode(postcode)
        else:
            postcode = postcode.upper()
        size = len(postcode)
        best: SortRule | None = None
        best_rank = _NO_RANK
        for shape in self._shapes:
            if shape.first_rank >= best_rank:
                break
            found = shape.tables.get(shape.key_of(values))
            if found is None:
                continue
            table, lengths = found
            for length in lengths:
                if length > size:
                    continue
                hit = table.get(postcode[:length])
                if hit is not None:
                    if hit[0] < best_rank:
                        best_rank, best = hit
                    break
        return best

    def decide_linear(self, item: SortItem) -> SortRule | None:
        """The same decision by scanning every rule (the reference the index must agree with)."""
        postcode = compact_postcode(item.postcode)
        for rule in self.rules:
            if rule.order_number and rule.order_number.upper() != item.order_number.upper():
                continue
            if rule.country and rule.country.upper() != item.country.upper():
                continue
            if rule.carrier and rule.carrier.upper() != item.carrier.upper():
                continue
            if rule.route and rule.route.upper() != item.route.upper():
                continue
            if rule.pickup_point and rule.pickup_point.upper() != item.pickup_point.upper():
                continue
            if rule.postcode_prefix and not postcode.startswith(
                compact_postcode(rule.postcode_prefix)
            ):
                continue
            return rule
        return None


def plan_names(uow: UnitOfWork, warehouse: str) -> list[str]:
    return uow.sortation.plan_names(warehouse)


def default_plan(uow: UnitOfWork, warehouse: str) -> str:
    """The warehouse's only plan, or ``EXPORT`` when there are several."""
    names = plan_names(uow, warehouse)
    if not names:
        raise RuleViolation(
            msg(
                "warehouse {warehouse} has no sort plan: import one with 'wms import sortplan'",
                warehouse=warehouse,
            ),
            "no_sort_plan",
        )
    if len(names) == 1 or "EXPORT" not in names:
        return names[0]
    return "EXPORT"


def load_plan(uow: UnitOfWork, warehouse: str, plan: str | None = None) -> SortPlanIndex:
    name = plan or default_plan(uow, warehouse)
    rows = uow.sortation.rules(warehouse, name)
    if not rows:
        raise NotFound(
            msg("sort plan"),
            name,
            msg("plans of {warehouse}: ", warehouse=warehouse)
            + ", ".join(plan_names(uow, warehouse)),
        )
    return SortPlanIndex(
        name,
        (
            SortRule(
                id=row.id,
                priority=row.priority,
                destination=row.destination,
                country=row.country or "",
                postcode_prefix=row.postcode_prefix or "",
                carrier=row.carrier or "",
                route=row.route or "",
                order_number=row.order_number or "",
                pickup_point=row.pickup_point or "",
            )
            for row in rows
        ),
    )
