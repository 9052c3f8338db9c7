"""What reaches a workflow and what comes back: inputs (scan, typed entry, scale reading),
the :class:`Outcome` a workflow reports for an accepted input and the :class:`Feedback` a screen
or ``wms replay`` shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from wms.core.domain.model import Movement
from wms.core.domain.text import Text

if TYPE_CHECKING:
    from wms.core.services.workflows.work import WorkList

# --- inputs -------------------------------------------------------------------------------


class InputKind(StrEnum):
    SCAN = "scan"
    KEY = "key"
    WEIGHT = "weight"


@dataclass(frozen=True)
class Input:
    """One input at a bench: a barcode read, a typed entry or a scale reading.

    A scale reading carries whether the scale reported it stable; workflows decide what an
    unstable reading may do (packing refuses to close a parcel on one).
    """

    kind: InputKind
    text: str = ""
    weight_kg: Decimal | None = None
    stable: bool = True

    @classmethod
    def scan(cls, raw: str) -> Input:
        return cls(InputKind.SCAN, raw)

    @classmethod
    def key(cls, text: str) -> Input:
        return cls(InputKind.KEY, text)

    @classmethod
    def weight(cls, kg: Decimal | float | str, *, stable: bool = True) -> Input:
        return cls(InputKind.WEIGHT, str(kg), Decimal(str(kg)), stable)

    def describe(self) -> str:
        if self.kind is InputKind.SCAN:
            return self.text
        if self.kind is InputKind.KEY:
            return f"@key {self.text}"
        return f"@weight {self.weight_kg}" + ("" if self.stable else " unstable")


# --- feedback -----------------------------------------------------------------------------


class Level(StrEnum):
    OK = "ok"
    ERROR = "error"
    ATTENTION = "attention"


@dataclass(frozen=True)
class Feedback:
    """What a screen (or ``wms replay``) shows after one input.

    ``ok`` is False only for a refusal (then ``error`` holds a stable code); ``level`` chooses the
    colour and sound (``attention`` for an accepted input the operator must notice: quarantine,
    an override, a double read ignored). ``prompt`` is always the next thing to do.
    ``destination`` is the location the workflow directs to (putaway); ``summary`` the table
    shown when a task is finished (``CMD:DONE``); ``context`` the task at hand.

    ``message`` and ``prompt`` are English; when they are :class:`Text` (they are, from the
    core) they also carry their templates and params, so a screen or ``wms replay --lang``
    shows them in the station's language; :meth:`as_dict` writes those under ``"text"``.
    """

    ok: bool
    message: str
    prompt: str
    level: Level = Level.OK
    error: str = ""
    movement_ids: tuple[str, ...] = ()
    context: Mapping[str, Any] = field(default_factory=dict)
    destination: str = ""
    summary: tuple[Mapping[str, Any], ...] = ()
    mode: str = ""
    operator: str = ""
    work: WorkList | None = None  # the rows of the task at hand (ASN lines, items to pack...)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "ok": self.ok,
            "level": self.level.value,
            "message": self.message,
            "prompt": self.prompt,
            "mode": self.mode,
            "operator": self.operator,
        }
        if self.error:
            data["error"] = self.error
        if self.movement_ids:
            data["movement_ids"] = list(self.movement_ids)
        if self.destination:
            data["destination"] = self.destination
        if self.context:
            data["context"] = _plain(dict(self.context))
        if self.summary:
            data["summary"] = [_plain(dict(row)) for row in self.summary]
        if self.work is not None:
            data["work"] = _plain(self.work.as_dict())
        texts = {
            name: value.as_dict()
            for name, value in (
                ("message", self.message),
                ("prompt", self.prompt),
                ("work_title", self.work.title if self.work is not None else None),
            )
            if isinstance(value, Text)
        }
        if texts:
            data["text"] = texts
        return data


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, StrEnum):
        return value.value
    return value


@dataclass
class Outcome:
    """An accepted input, as a workflow reports it (the session turns it into Feedback)."""

    message: str
    level: Level = Level.OK
    movements: list[Movement] = field(default_factory=list)
    destination: str = ""
    summary: list[dict[str, Any]] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
