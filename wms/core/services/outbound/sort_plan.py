"""The sort plan compiled into an index, so a sort decision is a few dictionary lookups.

A rule matches a parcel when every criterion it sets matches: ``order_number``, ``country``,
``carrier`` and ``route`` by equality (case-insensitive), ``postcode_prefix`` as a prefix of the
parcel's postcode (spaces and dashes ignored). Among matching rules the lowest ``priority`` wins
(ties: the lower rule id). A rule with no criterion is the catch-all.

Compilation groups rules by *which* of order / country / carrier / route they set (at most 16
shapes, a real plan uses three or four). Each shape is a dict from the tuple of those values to a
postcode trie whose nodes keep the best rule ending there. A decision looks up each shape once
and walks at most ``len(postcode)`` trie nodes, whatever the number of rules.

A parcel's *route* is its carrier service (``OrderRow.service``), e.g. ``EXPRESS``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork

_KEYED = ("order_number", "country", "carrier", "route")


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

    @property
    def rank(self) -> tuple[int, int]:
        return (self.priority, self.id)

    def describe(self) -> str:
        parts = [
            f"{name.replace('_', ' ')} {getattr(self, name)}"
            for name in ("order_number", "country", "postcode_prefix", "carrier", "route")
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


def compact_postcode(postcode: str) -> str:
    return postcode.replace(" ", "").replace("-", "").upper()


@dataclass
class _Node:
    best: SortRule | None = None
    children: dict[str, _Node] = field(default_factory=dict)


def _better(a: SortRule | None, b: SortRule | None) -> SortRule | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a.rank <= b.rank else b


class SortPlanIndex:
    """A compiled sort plan: ``decide(item)`` → the winning :class:`SortRule` or None."""

    def __init__(self, name: str, rules: Iterable[SortRule]) -> None:
        self.name = name
        self.rules = sorted(rules, key=lambda r: r.rank)
        self.destinations = sorted({r.destination for r in self.rules})
        self._shapes: dict[tuple[bool, ...], dict[tuple[str, ...], _Node]] = {}
        for rule in self.rules:
            shape = tuple(bool(getattr(rule, name)) for name in _KEYED)
            values = tuple(
                getattr(rule, name).upper() for name, on in zip(_KEYED, shape, strict=True) if on
            )
            node = self._shapes.setdefault(shape, {}).setdefault(values, _Node())
            for char in compact_postcode(rule.postcode_prefix):
                node = node.children.setdefault(char, _Node())
            node.best = _better(node.best, rule)
        # shapes with fewer keys are usually the broad rules; order does not change the result
        self._shape_list = [
            ([i for i, on in enumerate(shape) if on], table)
            for shape, table in sorted(self._shapes.items(), key=lambda kv: sum(kv[0]))
        ]

    def __len__(self) -> int:
        return len(self.rules)

    def decide(self, item: SortItem) -> SortRule | None:
        values = (
            item.order_number.upper(),
            item.country.upper(),
            item.carrier.upper(),
            item.route.upper(),
        )
        postcode = compact_postcode(item.postcode)
        best: SortRule | None = None
        for positions, table in self._shape_list:
            key = tuple(values[i] for i in positions)
            if any(not part for part in key):
                continue
            node = table.get(key)
            if node is None:
                continue
            best = _better(best, node.best)
            for char in postcode:
                node = node.children.get(char)
                if node is None:
                    break
                best = _better(best, node.best)
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
            )
            for row in rows
        ),
    )
