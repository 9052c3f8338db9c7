"""What an operation changed, so that every screen showing it can refresh (Anki's ``OpChanges``).

Core operations return a :class:`Changes` next to their result; the station app publishes it on
one change signal and each screen refreshes only the views whose subjects changed. An accepted
scan says what it did through its :class:`~wms.core.services.workflows.Feedback`;
:func:`changes_of_feedback` reads the same :class:`Changes` out of it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from wms.core.domain.modes import StationMode

if TYPE_CHECKING:  # the workflows (and what they import) load with the scan session
    from wms.core.services.workflows import Feedback


@dataclass(frozen=True)
class Changes:
    """Which subjects an operation changed; ``a | b`` is what either changed."""

    stock: bool = False  #: stock on hand (quantities, statuses, locations)
    ledger: bool = False  #: movements were posted
    documents: bool = False  #: ASNs and orders (their progress or status)
    adjustments: bool = False  #: adjustments were requested, approved or rejected
    counts: bool = False  #: count tasks were opened, progressed or closed
    parcels: bool = False  #: parcels were closed, sorted or shipped
    print_jobs: bool = False  #: documents were queued for printing

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @property
    def subjects(self) -> tuple[str, ...]:
        """The names of the changed subjects, in declaration order (for logs and tests)."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name))


NOTHING = Changes()
#: movements were posted: the ledger has them and stock on hand moved
MOVEMENTS = Changes(stock=True, ledger=True, documents=True)

#: what an accepted input of these workflows may change besides movements
_OWN_RECORDS: dict[StationMode, Changes] = {
    StationMode.COUNT: Changes(counts=True, adjustments=True),
    StationMode.ADJUST: Changes(adjustments=True),
}
#: these workflows change parcels (and queue their papers) when a step names a parcel (SSCC)
_PARCEL_MODES = (StationMode.PACKING, StationMode.SORTING, StationMode.SHIPPING)
_PARCELS = Changes(parcels=True, print_jobs=True, documents=True)


def changes_of_feedback(feedback: Feedback) -> Changes:
    """What an input changed, read from its feedback: nothing if it was refused; posted
    movements change the stock, the ledger and the documents they belong to; an accepted input
    of a counting or adjusting workflow may have changed its own records (count tasks,
    adjustments), and an outbound step that names a parcel (its SSCC) changed parcels and their
    print jobs."""
    if not feedback.ok:
        return NOTHING
    changes = MOVEMENTS if feedback.movement_ids else NOTHING
    try:
        mode = StationMode(feedback.mode)
    except ValueError:  # the login and home prompts have no mode
        return changes
    changes |= _OWN_RECORDS.get(mode, NOTHING)
    if mode in _PARCEL_MODES and (feedback.movement_ids or "sscc" in feedback.context):
        changes |= _PARCELS
    return changes
