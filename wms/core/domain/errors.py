"""The one exception hierarchy of the WMS.

Every refusal the system makes is a :class:`WmsError`. Its message is a
:class:`~wms.core.domain.text.Text` where an operator may read it (so it can be shown in the
station's language) and a plain ``str`` elsewhere. Messages say *what value* was given,
*what was expected* and *what was found*, so an operator (or an installer reading a log) can act
on them without a traceback. Each class has a stable ``code`` used by ``wms replay --json`` and
the station app to choose sounds, colours and translations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wms.core.domain.text import msg


class WmsError(Exception):
    """Base of every error the WMS raises on purpose."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def describe(value: object) -> str:
    """Render a scanned or typed value for a message, making control characters visible."""
    text = str(value)
    shown = text.replace("\x1d", "<GS>").replace("\r", "<CR>").replace("\n", "<LF>")
    shown = "".join(ch if ch.isprintable() else f"<0x{ord(ch):02X}>" for ch in shown)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return f"'{shown}'"


class InvalidValue(WmsError):
    """A value does not have the form it must have (check digit, length, date...)."""

    code = "invalid_value"

    def __init__(self, what: str, value: object, expected: str, found: str) -> None:
        self.what = what
        self.value = value
        self.expected = expected
        self.found = found
        super().__init__(
            msg(
                "{what} {value}: expected {expected}, found {found}",
                what=what,
                value=describe(value),
                expected=expected,
                found=found,
            )
        )


class ScanError(InvalidValue):
    """A scan (barcode read) was refused by the interpretation rules."""

    code = "bad_scan"


class NotFound(WmsError):
    """A reference to something the warehouse does not know (unknown SKU, location, ASN...)."""

    code = "not_found"

    def __init__(self, what: str, key: object, hint: str = "") -> None:
        self.what = what
        self.key = key
        if hint:
            message = msg("unknown {what} {key}; {hint}", what=what, key=describe(key), hint=hint)
        else:
            message = msg("unknown {what} {key}", what=what, key=describe(key))
        super().__init__(message)


class AlreadyExists(WmsError):
    code = "already_exists"

    def __init__(self, what: str, key: object) -> None:
        self.what = what
        self.key = key
        super().__init__(msg("{what} {key} already exists", what=what, key=describe(key)))


class RuleViolation(WmsError):
    """A warehouse rule refuses an otherwise well-formed request (over-receipt, no room...)."""

    code = "refused"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code


class OwnerMismatch(RuleViolation):
    """Something of one stock owner met a document or stock of another: a product of another
    owner scanned on an ASN or an order, an ASN or an order whose lines mix owners. The message
    names both owners (code and name), e.g. "AR-0001 belongs to Coopérative Tafyoucht (ARGAN),
    this order to Fez Ceramics (FEZPOT)"."""

    code = "owner_mismatch"

    def __init__(
        self,
        thing: str,
        owner: str,
        owner_name: str,
        document: str,
        other: str,
        other_name: str,
    ) -> None:
        self.thing = thing
        self.owner = owner
        self.other = other
        super().__init__(
            msg(
                "{thing} belongs to {owner_name} ({owner}), {document} to {other_name} ({other})",
                thing=thing,
                owner_name=owner_name,
                owner=owner,
                document=document,
                other_name=other_name,
                other=other,
            )
        )


class PermissionDenied(WmsError):
    code = "permission_denied"


class AuthenticationFailed(WmsError):
    code = "login_failed"


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: ``line N, column C: what was wrong``."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


class ImportRefused(WmsError):
    """A CSV file was refused as a whole; nothing of it was imported."""

    code = "import_refused"

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(
            msg(
                "{source}: refused, nothing imported ({count} problem{value}):\n{lines}",
                source=source,
                count=len(self.problems),
                value="s" if len(self.problems) != 1 else "",
                lines=lines,
            )
        )


class StorageError(WmsError):
    """The local or central database cannot be used (missing, corrupt, locked, unreachable)."""

    code = "storage"


class DeviceError(WmsError):
    """A scanner, printer or scale failed or is unreachable."""

    code = "device"


class PrinterError(DeviceError):
    code = "printer"


class ScaleError(DeviceError):
    code = "scale"


class SyncError(WmsError):
    code = "sync"


class ConfigError(WmsError):
    code = "config"
