"""Reading an import CSV file and checking its cells, without touching the database.

A file is read as a whole into a :class:`CsvTable`: UTF-8 (a byte-order mark is allowed),
comma-separated, a header row first. Header problems (empty file, unknown, missing or repeated
columns, no data rows, malformed quoting) refuse the file at once; cell problems are collected
as :class:`~wms.core.domain.errors.Problem` so that every bad cell of every row is reported.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import TypeVar

from wms.core.domain.errors import ImportRefused, InvalidValue, Problem, describe
from wms.core.domain.model import normalise_gtin
from wms.core.services.imports_codes import COUNTRIES, COUNTRY_HINTS, CURRENCIES

T = TypeVar("T")
V = TypeVar("V")

ProgressCallback = Callable[[int, int], None]
"""``progress(done, total)``: called now and then during a long import."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_EXCEPT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CODE = re.compile(r"[A-Z0-9-]+")
_COUNT = re.compile(r"[0-9]{1,9}")
_TRUE = frozenset({"true", "yes", "1", "y"})
_FALSE = frozenset({"false", "no", "0", "n"})
_SURROGATE = re.compile(r"[\udc80-\udcff]")
_POWERS = {digits: Decimal(10) ** digits for digits in range(1, 19)}


@dataclass(frozen=True)
class CsvFormat:
    """The columns of one import kind."""

    kind: str
    columns: tuple[str, ...]
    required: tuple[str, ...]

    def __post_init__(self) -> None:
        missing = set(self.required) - set(self.columns)
        if missing:
            raise ValueError(f"required columns not in columns: {sorted(missing)}")


@dataclass
class CsvTable:
    """A file read and split into cells: ``rows`` are ``(line, {column: stripped text})``.

    ``problems`` holds what was already wrong while reading (bytes that are not UTF-8, rows with
    too many or too few values); ``bad_cells`` the ``(line, column)`` of undecodable cells, so a
    validator's second complaint about the same cell can be dropped.
    """

    source: str
    kind: str
    header: tuple[str, ...]
    rows: list[tuple[int, dict[str, str]]]
    problems: list[Problem] = field(default_factory=list)
    bad_cells: set[tuple[int, str]] = field(default_factory=set)

    def has(self, column: str) -> bool:
        return column in self.header

    def finish(self, problems: Iterable[Problem]) -> list[Problem]:
        """Reading problems plus ``problems``, in line order, one complaint per bad cell."""
        found = list(self.problems)
        found.extend(p for p in problems if (p.line, p.column) not in self.bad_cells)
        found.sort(key=lambda p: p.line)
        return found


def decode_csv(data: bytes, source: str) -> str:
    """The text of a CSV file; undecodable bytes kept as surrogates (reported per cell)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportRefused(
            source,
            [
                Problem(
                    1,
                    "-",
                    "expected UTF-8 text, found UTF-16 (save the file as 'CSV UTF-8')",
                )
            ],
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return data.decode("utf-8", errors="surrogateescape")


def read_csv(data: bytes | str, source: str, fmt: CsvFormat) -> CsvTable:
    """Split ``data`` into a :class:`CsvTable` for ``fmt``; refuse a file whose header is wrong.

    Raises :class:`ImportRefused` for an empty file, a header with unknown, repeated or missing
    columns, malformed quoting, or no data rows.
    """
    return _read(
        data, source, fmt, lambda header: lambda cells: dict(zip(header, cells, strict=True))
    )


def read_csv_tuples(data: bytes | str, source: str, fmt: CsvFormat) -> CsvTable:
    """:func:`read_csv`, each row a tuple of its cells in ``fmt.columns`` order (``""`` for a
    column the file does not have), **not stripped**: a big import reads its cells by position
    and strips the ones it looks at (a pre-alert's repeated cells are looked at once)."""

    def shaper(header: tuple[str, ...]) -> Callable[[list[str]], object]:
        blank = len(header)  # a column the file lacks reads the "" appended to each row
        return itemgetter(*[header.index(c) if c in header else blank for c in fmt.columns])

    return _read(data, source, fmt, shaper, strip=False)


def _read(
    data: bytes | str,
    source: str,
    fmt: CsvFormat,
    shaper: Callable[[tuple[str, ...]], Callable[[list[str]], object]],
    *,
    strip: bool = True,
) -> CsvTable:
    text = decode_csv(data, source) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    expected = ", ".join(fmt.columns)
    if not text.strip():
        raise ImportRefused(
            source,
            [
                Problem(
                    1, "-", f"expected a header row with columns {expected}, found an empty file"
                )
            ],
        )
    undecodable = _SURROGATE.search(text) is not None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    bad_cells: set[tuple[int, str]] = set()
    header: tuple[str, ...] = ()
    header_line = 0
    rows: list[tuple[int, object]] = []
    append = rows.append
    width = 0
    line = last = 0
    shape: Callable[[list[str]], object] = list
    try:
        for cells in reader:
            line, last = last + 1, reader.line_num  # a row starts after the one before it
            if not "".join(cells).strip():
                continue
            stripped = list(map(str.strip, cells)) if strip else cells
            if not header:
                header_line = line
                header = _check_header(cells, line, source, fmt)
                width = len(header)
                shape = shaper(header)
                continue
            if len(cells) != width:
                problems.append(_width_problem(line, cells, header))
                continue
            if undecodable:
                for position, cell in enumerate(stripped):
                    if _SURROGATE.search(cell):
                        bad_cells.add((line, header[position]))
                        problems.append(Problem(line, header[position], _undecodable_message(cell)))
                        stripped[position] = cell.encode("utf-8", "surrogateescape").decode(
                            "utf-8", "replace"
                        )
            if not strip:
                stripped.append("")  # the cell of the columns the file does not have
            append((line, shape(stripped)))
    except csv.Error as error:
        problems.append(Problem(last + 1, "-", _csv_error_message(str(error))))
        raise ImportRefused(source, problems) from None
    if not rows and not problems:
        raise ImportRefused(
            source,
            [
                Problem(
                    header_line + 1,
                    "-",
                    f"expected at least one row of {fmt.kind} after the header, found none",
                )
            ],
        )
    return CsvTable(source, fmt.kind, header, rows, problems, bad_cells)  # type: ignore[arg-type]


def _check_header(cells: Sequence[str], line: int, source: str, fmt: CsvFormat) -> tuple[str, ...]:
    names = tuple(cell.strip().lower() for cell in cells)
    problems: list[Problem] = []
    seen: set[str] = set()
    known = ", ".join(fmt.columns)
    for position, name in enumerate(names, start=1):
        if _SURROGATE.search(name):
            problems.append(Problem(line, f"#{position}", _undecodable_message(name)))
        elif not name:
            problems.append(
                Problem(line, f"#{position}", "expected a column name, found an empty one")
            )
        elif name in seen:
            problems.append(Problem(line, name, "expected each column once, found it again"))
        elif name not in fmt.columns:
            problems.append(Problem(line, name, f"unknown column: expected one of {known}"))
        seen.add(name)
    missing = [name for name in fmt.required if name not in seen]
    if missing:
        problems.append(
            Problem(
                line,
                ", ".join(missing),
                f"required column{'s' if len(missing) > 1 else ''} missing: "
                f"{fmt.kind} files need {', '.join(fmt.required)}",
            )
        )
    if problems:
        raise ImportRefused(source, problems)
    return names


def _width_problem(line: int, cells: Sequence[str], header: Sequence[str]) -> Problem:
    if len(cells) > len(header):
        extra = next((c for c in cells[len(header) :] if c.strip()), "")
        return Problem(
            line,
            f"#{len(header) + 1}",
            f"expected {len(header)} values (one per header column), found {len(cells)}"
            + (f"; extra value {describe(extra.strip())}" if extra else "")
            + " (a comma inside a value needs quotes)",
        )
    return Problem(
        line,
        header[len(cells)],
        f"expected {len(header)} values (one per header column), found {len(cells)}",
    )


def _csv_error_message(error: str) -> str:
    if "unexpected end of data" in error:
        return 'expected a closing quote ("), found the end of the file: a quote is never closed'
    if "expected after" in error:
        return f'malformed quoting: {error} (write a quote inside a quoted value as "")'
    if "NUL" in error:
        return "expected text, found a NUL byte (is this a CSV file?)"
    return f"malformed CSV: {error}"


def _undecodable_message(cell: str) -> str:
    bad = _SURROGATE.search(cell)
    assert bad is not None
    byte = ord(bad.group()) - 0xDC00
    return f"expected UTF-8 text, found byte 0x{byte:02X} (save the file as 'CSV UTF-8')"


class Cells:
    """One data row's cells, read column by column; each bad cell becomes a :class:`Problem`.

    Every reader returns a usable value (the default when the cell is bad), so a validator goes
    on and reports every problem of the row.
    """

    __slots__ = ("line", "ok", "problems", "values")

    def __init__(self, line: int, values: dict[str, str], problems: list[Problem]) -> None:
        self.line = line
        self.values = values
        self.problems = problems
        self.ok = True

    def bad(self, column: str, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.line, column, message))

    def raw(self, column: str) -> str:
        return self.values.get(column, "")

    def _missing(self, column: str, expected: str) -> None:
        self.bad(column, f"expected {expected}, found nothing")

    def text(
        self,
        column: str,
        *,
        required: bool = False,
        max_length: int = 200,
        default: str = "",
        multiline: bool = False,
    ) -> str:
        value = self.values.get(column, "")
        if not value:
            if required:
                self._missing(column, "a value")
            return default
        control = (_CONTROL_EXCEPT_NEWLINE if multiline else _CONTROL).search(value)
        if control:
            self.bad(
                column, f"expected text, found control character <0x{ord(control.group()):02X}>"
            )
            return default
        if len(value) > max_length:
            self.bad(column, f"expected at most {max_length} characters, found {len(value)}")
            return default
        return value

    def key(self, column: str, *, required: bool = True, max_length: int = 40) -> str:
        """An identifier (SKU, document number, plan name): printable, no spaces around it."""
        value = self.values.get(column, "")
        if not value:
            if required:
                self._missing(column, "a value")
            return ""
        if _CONTROL.search(value) or not value.isprintable():
            self.bad(column, f"expected printable characters, found {describe(value)}")
            return ""
        if len(value) > max_length:
            self.bad(column, f"expected at most {max_length} characters, found {len(value)}")
            return ""
        return value

    def code(self, column: str, *, required: bool = True, max_length: int = 40) -> str:
        """A location-style code: upper-case A-Z, digits and '-' (lower case is upper-cased)."""
        value = self.values.get(column, "")
        if not value:
            if required:
                self._missing(column, "a code")
            return ""
        upper = value.upper()
        if not (upper.isascii() and _CODE.fullmatch(upper)):
            self.bad(
                column,
                f"expected letters A-Z, digits and '-', found {describe(value)}",
            )
            return ""
        if len(upper) > max_length:
            self.bad(column, f"expected at most {max_length} characters, found {len(upper)}")
            return ""
        return upper

    def integer(
        self,
        column: str,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int = 2_147_483_647,
        default: int | None = None,
    ) -> int | None:
        value = self.values.get(column, "")
        if not value:
            if required:
                self._missing(column, "a whole number")
            return default
        if not _INTEGER.fullmatch(value):
            self.bad(column, f"expected a whole number, found {describe(value)}")
            return default
        number = int(value)
        if minimum is not None and number < minimum:
            self.bad(column, f"expected {_at_least(minimum)}, found {number}")
            return default
        if number > maximum:
            self.bad(column, f"expected at most {maximum}, found {number}")
            return default
        return number

    def decimal(
        self,
        column: str,
        *,
        places: int,
        default: Decimal | None = None,
        positive: bool = False,
        integer_digits: int = 11,
    ) -> Decimal | None:
        value = self.values.get(column, "")
        if not value:
            return default
        if not _DECIMAL.fullmatch(value):
            hint = " (use '.' as decimal separator)" if "," in value else ""
            self.bad(column, f"expected a number like 12.5{hint}, found {describe(value)}")
            return default
        number = Decimal(value)
        if number < 0 or (positive and number == 0):
            self.bad(
                column,
                f"expected a {'positive' if positive else 'non-negative'} number, found {value}",
            )
            return default
        if number >= _POWERS[integer_digits]:
            self.bad(column, f"expected less than {_POWERS[integer_digits]:,}, found {value}")
            return default
        dot = value.find(".")
        if dot >= 0 and len(value.rstrip("0")) - dot - 1 > places:
            self.bad(column, f"expected at most {places} decimals, found {describe(value)}")
            return default
        return number

    def boolean(self, column: str, *, default: bool = False) -> bool:
        value = self.values.get(column, "")
        if not value:
            return default
        folded = value.lower()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        self.bad(column, f"expected true/false, yes/no or 1/0, found {describe(value)}")
        return default

    def date(self, column: str) -> date | None:
        value = self.values.get(column, "")
        if not value:
            return None
        if not _DATE.fullmatch(value):
            self.bad(column, f"expected a date YYYY-MM-DD, found {describe(value)}")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.bad(column, f"expected a date YYYY-MM-DD, found {describe(value)}: no such day")
            return None

    def country(self, column: str, *, required: bool = False) -> str:
        value = self.values.get(column, "")
        if not value:
            if required:
                self._missing(column, "an ISO 3166 country code such as MA or FR")
            return ""
        upper = value.upper()
        if upper in COUNTRIES:
            return upper
        hint = f" (did you mean {COUNTRY_HINTS[upper]}?)" if upper in COUNTRY_HINTS else ""
        self.bad(
            column,
            f"expected an ISO 3166 alpha-2 country code such as MA or FR, found "
            f"{describe(value)}{hint}",
        )
        return ""

    def currency(self, column: str, *, default: str = "EUR") -> str:
        value = self.values.get(column, "")
        if not value:
            return default
        upper = value.upper()
        if upper in CURRENCIES:
            return upper
        self.bad(
            column,
            f"expected an ISO 4217 currency code such as EUR or MAD, found {describe(value)}",
        )
        return default

    def gtin(self, column: str) -> str:
        """A GTIN-8/12/13/14 as 14 digits ('' when the cell is empty or bad)."""
        value = self.values.get(column, "")
        if not value.strip():
            return ""
        try:
            return normalise_gtin(value)
        except InvalidValue as refused:
            self.bad(column, f"expected {refused.expected}, found {refused.found}")
            return ""

    def choice(self, column: str, choices: Sequence[str], *, required: bool = True) -> str:
        value = self.values.get(column, "")
        if not value:
            if required:
                self._missing(column, f"one of {', '.join(choices)}")
            return ""
        folded = value.lower().replace(" ", "_").replace("-", "_")
        if folded in choices:
            return folded
        self.bad(column, f"expected one of {', '.join(choices)}, found {describe(value)}")
        return ""


class NotPlain(Exception):
    """A cell a plain reader cannot vouch for: its row goes through :class:`Cells` instead."""


class Memo(dict[str, V]):
    """``memo[text]``: ``read(text)``, worked out once per distinct good cell text (a big file
    repeats its zones, countries, currencies, measures); a text ``read`` refuses raises
    :class:`NotPlain` each time it is met.

    Plain readers are the fast path of a big import: they accept only the plainest form of a
    valid cell, giving exactly the value :class:`Cells` gives it, and refuse everything else,
    whose row :class:`Cells` then reads again, with its messages."""

    def __init__(self, read: Callable[[str], V]) -> None:
        super().__init__()
        self.read = read

    def __missing__(self, value: str) -> V:
        found = self[value] = self.read(value)
        return found


def plain_code(max_length: int) -> Callable[[str], str]:
    """:meth:`Cells.code` (not required) of a cell of ASCII letters, digits and '-'."""
    pattern = re.compile(f"[A-Za-z0-9-]{{1,{max_length}}}")

    def read(value: str) -> str:
        if value and not pattern.fullmatch(value):
            raise NotPlain
        return value.upper()

    return read


def plain_count(value: str) -> int | None:
    """:meth:`Cells.integer` (minimum 0, no default) of up to 9 ASCII digits."""
    if not value:
        return None
    if not _COUNT.fullmatch(value):
        raise NotPlain
    return int(value)


def plain_decimal(integer_digits: int, places: int) -> Callable[[str], Decimal | None]:
    """:meth:`Cells.decimal` (non-negative, no default) of ASCII digits with at most
    ``places`` decimals."""
    pattern = re.compile(f"[0-9]{{1,{integer_digits}}}(?:\\.[0-9]{{1,{places}}})?")

    def read(value: str) -> Decimal | None:
        if not value:
            return None
        if not pattern.fullmatch(value):
            raise NotPlain
        return Decimal(value)

    return read


def plain_amount(integer_digits: int, places: int, zero: Decimal) -> Callable[[str], Decimal]:
    """``cells.decimal(..., default=zero) or zero``, read as :func:`plain_decimal` reads."""
    read_decimal = plain_decimal(integer_digits, places)

    def read(value: str) -> Decimal:
        return read_decimal(value) or zero

    return read


def _at_least(minimum: int) -> str:
    if minimum == 1:
        return "a number greater than 0"
    if minimum == 0:
        return "a number of 0 or more"
    return f"at least {minimum}"


def chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
