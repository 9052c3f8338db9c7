"""The station app's one change signal.

Core operations return a :class:`~wms.core.services.changes.Changes` (and accepted scans carry
one in their feedback); whoever ran the operation publishes it here, and every screen that shows
one of the changed subjects subscribes and refreshes. No screen refreshes another directly.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from wms.core.services.changes import Changes


class ChangeHub(QObject):
    """``changed(Changes)`` after anything changed the station's data (never for nothing)."""

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.published = 0

    def publish(self, changes: Changes) -> None:
        if changes:
            self.published += 1
            self.changed.emit(changes)
