"""Returns: a parcel sent back by a customer, its items graded at a bench (pure Python).

A return is opened at a returns bench by scanning the parcel (its SSCC, its carrier tracking
number, or the order number when the label is gone). Each item is scanned, then graded:

* ``resellable`` → available stock of its owner at the bench's returns location;
* ``damaged`` → the same location, quarantined (blocked until a supervisor releases it);
* ``destroy`` → written off: it arrives quarantined and is adjusted out at once, both
  movements carrying the reason;
* ``exception`` → not graded: an item of an unknown return, or one that is not on the order,
  goes to the exceptions area, quarantined, for a supervisor to sort out.

Every graded line carries one reason code of :class:`ReturnReason`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class ReturnStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ReturnGrade(StrEnum):
    RESELLABLE = "resellable"
    DAMAGED = "damaged"
    DESTROY = "destroy"
    EXCEPTION = "exception"

    @classmethod
    def gradable(cls) -> tuple[ReturnGrade, ...]:
        """The grades an operator gives (``exception`` is the workflow's, never chosen)."""
        return (cls.RESELLABLE, cls.DAMAGED, cls.DESTROY)


class ReturnReason(StrEnum):
    """Why the customer sent it back (one per line; a fixed list the merchants' refund rules
    are written against)."""

    NOT_AS_DESCRIBED = "not_as_described"
    DAMAGED_IN_TRANSIT = "damaged_in_transit"
    CHANGED_MIND = "changed_mind"
    WRONG_ITEM = "wrong_item"
    REFUSED_DELIVERY = "refused_delivery"
    UNDELIVERABLE = "undeliverable"


#: Reasons for which the merchant refunds the customer (the refund rule, see
#: :func:`refundable`): the hub or the merchant is at fault, or the customer withdrew within
#: the distance-selling period. ``undeliverable`` and ``refused_delivery`` parcels are not
#: refunded to the customer (nothing was received).
REFUNDED_REASONS = frozenset(
    {
        ReturnReason.NOT_AS_DESCRIBED,
        ReturnReason.DAMAGED_IN_TRANSIT,
        ReturnReason.CHANGED_MIND,
        ReturnReason.WRONG_ITEM,
    }
)


def refundable(grade: ReturnGrade, reason: ReturnReason | None) -> bool:
    """The refund rule: a line is refunded at its order value when its reason is one of
    :data:`REFUNDED_REASONS`, whatever its grade (resellable, damaged or destroyed); an
    exception line (unknown return, item not on the order) is never refunded until a supervisor
    has sorted it out."""
    return grade is not ReturnGrade.EXCEPTION and reason in REFUNDED_REASONS


@dataclass(frozen=True)
class ReturnLine:
    """One graded item line of a return."""

    line: int
    sku: str
    quantity: int
    grade: ReturnGrade
    reason: ReturnReason | None
    unit_value: Decimal
    currency: str
    location: str
    movement_id: str

    @property
    def value(self) -> Decimal:
        return self.unit_value * self.quantity

    @property
    def refund(self) -> Decimal:
        return self.value if refundable(self.grade, self.reason) else Decimal("0")

    def as_row(self) -> dict[str, object]:
        """The line as the bench's closing summary shows it: what went where, and its refund."""
        return {
            "line": self.line,
            "sku": self.sku,
            "quantity": self.quantity,
            "grade": self.grade.value,
            "reason": self.reason.value if self.reason else "",
            "location": self.location,
            "refund": f"{self.refund.quantize(self.unit_value)} {self.currency}",  # 0.00 too
        }
