"""The bench's scan session, driven from the GUI without ever blocking it.

:class:`StationController` owns the workflow engine's station session (the very object
``wms replay`` drives) and a :class:`~wms.ui.workers.SerialExecutor`: every input is handled on
one worker thread, in the order it was read, and its :class:`Feedback` comes back as the
``feedback`` signal on the GUI thread. Screens only render feedback; no rule lives here.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from wms.core.domain.errors import WmsError
from wms.core.domain.model import Operator
from wms.ui.workers import SerialExecutor

log = logging.getLogger("wms.ui.station")


class StationController(QObject):
    """``submit_scan(text)``, ``submit_key(text)``, ``submit_weight(kg, stable)`` → ``feedback``."""

    feedback = Signal(object, object)  # (Feedback, Input)
    failed = Signal(str)
    operator_changed = Signal(object)  # Operator or None
    mode_changed = Signal(str)

    def __init__(self, session: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from wms.core.services.workflows import Input

        self._input = Input
        self.session = session
        self.executor = SerialExecutor("scan session", self)
        self.operator: Operator | None = None
        self.mode = ""
        self.last_feedback: Any = None
        self.handled = 0

    # -- what screens call -----------------------------------------------------------------

    def submit_scan(self, text: str) -> None:
        self.submit(self._input.scan(text))

    def submit_key(self, text: str) -> None:
        self.submit(self._input.key(text))

    def submit_weight(self, kg: Any, stable: bool) -> None:
        """A scale reading, with whether the scale reported it stable (the workflow decides)."""
        self.submit(self._input.weight(kg, stable=stable))

    def submit(self, item: Any) -> None:
        session = self.session
        self.executor.submit(
            lambda: (session.handle(item), session.operator, session.mode),
            lambda result: self._done(item, result),
            self._error,
        )

    def set_mode(self, name: str) -> None:
        session = self.session
        self.executor.submit(
            lambda: (session.set_mode(name), session.operator, session.mode),
            lambda result: self._done(None, result),
            self._error,
        )

    def logout(self) -> None:
        session = self.session
        self.executor.submit(
            lambda: (session.logout(), session.operator, session.mode),
            lambda result: self._done(None, result),
            self._error,
        )

    @property
    def prompt(self) -> str:
        return str(self.session.prompt)

    def modes(self) -> list[str]:
        """The station's workflows (their order numbers the home screen's keys)."""
        return list(self.session.modes())

    def available_modes(self) -> list[str]:
        """The workflows the logged-in operator may open."""
        return list(self.session.available_modes())

    def stop(self) -> None:
        self.executor.stop()

    # -- results ---------------------------------------------------------------------------

    def _done(self, item: Any, result: tuple[Any, Any, str]) -> None:
        feedback, operator, mode = result
        self.handled += 1
        self.last_feedback = feedback
        if operator != self.operator:
            self.operator = operator
            self.operator_changed.emit(operator)
        if mode != self.mode:
            self.mode = mode
            self.mode_changed.emit(mode)
        self.feedback.emit(feedback, item)

    def _error(self, error: BaseException) -> None:
        if isinstance(error, WmsError):
            self.failed.emit(str(error))
            return
        log.error("the scan session failed", exc_info=error)
        self.failed.emit(
            "Something went wrong and nothing was recorded for that input: scan it again, "
            "and call a supervisor if it happens again."
        )
