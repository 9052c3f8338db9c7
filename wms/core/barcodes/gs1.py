"""GS1 element strings and Digital Link URIs: biip parses, this module adds the warehouse's checks.

biip reads the Application Identifiers (AIs), their patterns and check digits. On top of that
the station refuses what biip lets through but a warehouse must not accept: a check digit error
reported only in an ``*_error`` field, an impossible date, a variable-length field that swallowed
the next AI because a GS separator was missing, and AI combinations the GS1 General
Specifications forbid (section 4.14, mandatory and invalid pairs).

The mandatory associations ("requires" rules) come from the GS1 General Specifications,
section 4.14.2, in the machine-readable form GS1 maintains with them: the ``req=`` entries of the
GS1 Barcode Syntax Dictionary (``gs1-syntax-dictionary.txt``, github.com/gs1/gs1-syntax-dictionary).
:data:`_REQUIRES` holds those for the AIs a warehouse meets (dates, lot, serial, variant, counts,
measures, ship-to data, amounts); an AI outside it is not checked for associations.

Barcodes carry ASCII only, so GS1 data (element strings, the ``(AI)`` form, Digital Link URIs)
with any other character is refused before biip reads it: Arabic-Indic ``١٢٠`` or fullwidth
``０７…`` digits are digits to Python's ``str.isdigit`` and ``int``, but no scanner sends them.
Quantities an operator keys in (``@key``) are not GS1 data and keep accepting the digits they
accept today.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from biip import ParseConfig, ParseError
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString
from biip.gs1_messages import GS1Message

from wms.core.domain.check_digits import gs1_check_digit, has_valid_gs1_check_digit, is_ascii_digits
from wms.core.domain.errors import ScanError, describe
from wms.core.domain.text import msg

GS = "\x1d"

# Dates are checked here, with messages an operator can read, not by biip (which would only say
# "Failed to parse"): the config turns biip's own date verification off.
_CONFIG = ParseConfig(gs1_element_strings_verify_date=False, separator_chars=(GS,))

_NAMES = {
    "00": "SSCC",
    "01": "GTIN",
    "02": "content GTIN",
    "10": "lot",
    "11": "production date",
    "12": "due date",
    "13": "packaging date",
    "15": "best before date",
    "16": "sell by date",
    "17": "expiry date",
    "21": "serial",
    "30": "count",
    "37": "count of trade items",
    "420": "ship-to postcode",
    "421": "ship-to postcode with country",
}
_SHORT_DATE_NAMES = {
    "11": "production",
    "12": "due",
    "13": "packaging",
    "15": "best before",
    "16": "sell by",
    "17": "expiry",
}
# AIs whose data starts with a YYMMDD date (biip parses these into ``element.date``).
_DATE_AIS = frozenset(
    {"11", "12", "13", "15", "16", "17", "4324", "4325", "4326", "7003", "7006", "7007", "7011",
     "8008"}
)  # fmt: skip
# Fixed-length AIs whose content can be told apart from lot or serial characters: if a
# variable-length field ends with one of these, a GS separator was probably missing.
_SWALLOW_CANDIDATES = re.compile(
    r"(?P<ai>11|13|15|17)(?P<date>\d{6})|(?P<key>01|02)(?P<gtin>\d{14})"
)
# AIs that describe a trade item and so need its GTIN (AI 01 or 02) in the same barcode.
_NEEDS_GTIN = ("10", "11", "13", "15", "16", "17", "21", "30", "3100", "3101", "3102", "3103",
               "3104", "3105")  # fmt: skip
_WEIGHT_KG_AIS = ("3100", "3101", "3102", "3103", "3104", "3105")

_TRADE_ITEM_KEYS = ("01", "02", "8006", "8026")
# GS1 mandatory associations (General Specifications 4.14.2, the Syntax Dictionary's ``req=``):
# an AI matching the pattern needs, for each group, at least one AI of that group in the same
# barcode. Patterns are regular expressions over the AI; groups name AIs or AI patterns.
_REQUIRES: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("02", (("37",),)),
    ("1[01356]", (_TRADE_ITEM_KEYS,)),
    ("12", (("8020",),)),
    ("17", (("01", "02", "255", "8006", "8026"),)),
    ("20", (_TRADE_ITEM_KEYS,)),
    ("21", (("01", "8006"),)),
    ("22", (("01",),)),
    ("235", (("01",),)),
    ("24[012]", (_TRADE_ITEM_KEYS,)),
    ("243", (("01",),)),
    ("250", (("01", "8006"), ("21",))),
    ("251", (("01", "8006"),)),
    ("254", (("414",),)),
    ("30", (("01", "02"),)),
    ("3[12][0-9][0-5]|35[0-2][0-5]|35[67][0-5]|36[0-1][0-5]|36[4-6][0-5]", (("01", "02"),)),
    ("33[0-6][0-5]|34[0-9][0-5]|35[3-5][0-5]|36[2-3][0-5]|36[7-9][0-5]", (("00", "01"),)),
    ("337[0-5]", (("01",),)),
    ("37", (("00",), ("02", "8026"))),
    ("391[0-9]", (("8020",),)),
    ("392[0-9]", (("01",), ("30", "31..", "32..", "35..", "36.."))),
    ("403", (("00",),)),
    ("415", (("8020",),)),
    ("422", (_TRADE_ITEM_KEYS,)),
    ("42[3-6]", (("01", "02"),)),
    ("427", (("01", "02"), ("422",))),
    ("430[0-24-9]|431[0-24-9]|432[0-3]", (("00",),)),
    ("4303", (("4302",),)),
    ("4313", (("4312",),)),
)


def element_name(ai: str) -> str:
    """How messages name an AI's field: ``lot``, ``expiry date (AI 17)``..."""
    if ai in _NAMES:
        return _NAMES[ai]
    if ai[:3] in ("410", "411", "412", "413", "414", "415"):
        return f"GLN (AI {ai})"
    try:
        title = GS1ApplicationIdentifier.extract(ai).data_title
    except ParseError:
        return f"AI {ai}"
    return f"{title.lower()} (AI {ai})"


def _labelled(ai: str) -> str:
    name = element_name(ai)
    return name if "(AI " in name else f"{name} (AI {ai})"


def date_problem(yymmdd: str, today: date) -> str | None:
    """Why ``yymmdd`` is not a GS1 date, or None if it is one (day 00 = last day of the month).

    ``today`` (the caller's clock) decides the century of the two-digit year."""
    if len(yymmdd) != 6 or not is_ascii_digits(yymmdd):
        return f"{describe(yymmdd)}, which is not 6 digits YYMMDD"
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if not 1 <= month <= 12:
        return f"month {yymmdd[2:4]}, which does not exist"
    year = gs1_year(int(yymmdd[:2]), today)
    last = calendar.monthrange(year, month)[1]
    if day > last:
        return f"day {yymmdd[4:6]} in {calendar.month_name[month]} {year}, which has {last} days"
    return None


def gs1_year(two_digits: int, today: date) -> int:
    """The full year of a 2-digit GS1 year: from 49 years past to 50 years ahead of ``today``
    (GenSpecs 7.12)."""
    this_year = today.year
    century = this_year - this_year % 100
    difference = two_digits - this_year % 100
    if 51 <= difference <= 99:
        return century - 100 + two_digits
    if -99 <= difference <= -50:
        return century + 100 + two_digits
    return century + two_digits


def gs1_date(yymmdd: str, today: date) -> date:
    """The date of a valid 6-digit GS1 date (check it with :func:`date_problem` first)."""
    year, month, day = gs1_year(int(yymmdd[:2]), today), int(yymmdd[2:4]), int(yymmdd[4:6])
    return date(year, month, day or calendar.monthrange(year, month)[1])


def _format_parts(ai: GS1ApplicationIdentifier) -> list[tuple[bool, bool, int]] | None:
    """(numeric, variable, length) for each part of the AI's data, or None if unusual."""
    data_format = ai.format.split("+", 1)[1] if "+" in ai.format else ai.format
    parts = []
    for part in data_format.replace("[", "").replace("]", "").split("+"):
        match = re.fullmatch(r"([NX])(\.\.)?(\d+)", part)
        if match is None:
            return None
        parts.append((match.group(1) == "N", bool(match.group(2)), int(match.group(3))))
    return parts


def _human_format(ai: GS1ApplicationIdentifier) -> str:
    parts = _format_parts(ai)
    if parts is None:
        return f"GS1 format {ai.format}"
    words = []
    for numeric, variable, length in parts:
        kind = "digit" if numeric else "character"
        words.append(f"{'up to ' if variable else ''}{length} {kind}{'s' if length > 1 else ''}")
    return " then ".join(words)


# The characters GS1 allows in alphanumeric fields (GS1 AI encodable character set 82).
_CSET82 = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)


def _misfit(ai: GS1ApplicationIdentifier, field: str) -> str:
    """What is wrong with ``field`` (the data after the AI, up to a GS) for this AI."""
    if not field:
        return "nothing"
    parts = _format_parts(ai) or []
    numeric = bool(parts) and all(part[0] for part in parts)
    fixed = bool(parts) and not any(part[1] for part in parts)
    if fixed:
        length = sum(part[2] for part in parts)
        run = len(field) - len(field.lstrip("0123456789")) if numeric else len(field)
        kind = "digit" if numeric else "character"
        if 0 < run < length:
            return f"only {run} {kind}{'s' if run != 1 else ''} ({describe(field[:length])})"
    for char in field:
        if (numeric and not char.isdigit()) or char not in _CSET82:
            return f"the character {describe(char)}, which GS1 does not allow there"
    return f"{len(field)} characters"


@dataclass(frozen=True)
class Gs1Content:
    """The parsed elements of one GS1 barcode, after every check."""

    elements: tuple[GS1ElementString, ...]

    def get(self, ai: str) -> GS1ElementString | None:
        return next((e for e in self.elements if e.ai.ai == ai), None)

    def pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple((e.ai.ai, e.value) for e in self.elements)

    def date(self, ai: str) -> date | None:
        element = self.get(ai)
        return element.date if element is not None else None

    def count(self) -> int | None:
        element = self.get("30") or self.get("37")
        return int(element.value) if element is not None else None

    def net_weight_kg(self) -> Decimal | None:
        element = next((e for e in self.elements if e.ai.ai in _WEIGHT_KG_AIS), None)
        return element.decimal if element is not None else None


def _refuse_non_ascii(data: str, what: str) -> None:
    """Refuse GS1 data with a character that is not ASCII (barcodes carry nothing else)."""
    for position, char in enumerate(data, start=1):
        if not char.isascii():
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            raise ScanError(
                what,
                data,
                msg("ASCII characters only (barcodes carry no other)"),
                msg(
                    "the character {char} ({name}) at position {position}",
                    char=describe(char),
                    name=name,
                    position=position,
                ),
            )


def parse_element_strings(data: str, what: str, today: date) -> Gs1Content:
    """Parse GS1 element strings (``GS``-separated where needed) and check them.

    ``what`` names the barcode in messages (``GS1-128 barcode``); ``today`` (the caller's
    clock) decides the century of two-digit years.
    """
    _refuse_non_ascii(data, what)
    elements = _walk(data.strip(GS), what, data, today)
    _check_swallowed_separators(elements, today)
    return _checked(elements)


def parse_hri(data: str, what: str, today: date) -> Gs1Content:
    """Parse the human-readable form ``(01)07032069804988(10)ABC`` and check it."""
    _refuse_non_ascii(data, what)
    pieces = re.findall(r"\((\d{2,4})\)([^()]*)", data)
    if not pieces or "".join(f"({ai}){value}" for ai, value in pieces) != data:
        raise ScanError(
            what, data, msg("(AI)data pairs such as (01)07032069804988(10)ABC"), msg("other text")
        )
    elements = [_parse_one(ai, value.strip(), what, data, today) for ai, value in pieces]
    return _checked(elements)


def _parse_one(ai: str, value: str, what: str, whole: str, today: date) -> GS1ElementString:
    """Parse exactly one element string whose AI and data are already known apart."""
    try:
        definition = GS1ApplicationIdentifier.extract(ai + value)
    except ParseError:
        definition = None
    if definition is None or definition.ai != ai:
        raise ScanError(
            what,
            whole,
            msg("known GS1 Application Identifiers"),
            msg("({ai}), which is not one", ai=ai),
        )
    _check_date_field(ai, value, today)
    try:
        element = GS1ElementString.parse(ai + value, config=_CONFIG)
    except ParseError:
        raise ScanError(
            _labelled(ai),
            value,
            _human_format(definition),
            _misfit(definition, value),
        ) from None
    _check_element(element, today)
    return element


def _check_date_field(ai: str, field: str, today: date) -> None:
    if ai not in _DATE_AIS:
        return
    problem = date_problem(field[:6], today)
    if problem is not None:
        raise ScanError(
            _labelled(ai),
            field[:6],
            msg("a real date as YYMMDD (day 00 means the end of the month)"),
            problem,
        )


def parse_digital_link(uri: str, today: date) -> Gs1Content:
    """Parse a GS1 Digital Link URI (``https://id.gs1.org/01/…/10/…?17=…``) and check it."""
    _refuse_non_ascii(uri, "GS1 Digital Link")
    try:
        link = GS1DigitalLinkURI.parse(uri, config=_CONFIG)
    except (ParseError, ValueError) as exc:
        # biip names the element string it could not match; re-read it for a clearer message.
        match = re.search(r"Failed to match '([^']*)' with GS1 AI \((\d+)\)", str(exc))
        if match is not None and match.group(1).startswith(match.group(2)):
            ai = match.group(2)
            _parse_one(ai, match.group(1)[len(ai) :], "GS1 Digital Link", uri, today)
        raise ScanError(
            msg("GS1 Digital Link"), uri, msg("a URI path like /01/<GTIN>/10/<lot>"), str(exc)
        ) from exc
    for key, number in re.findall(r"/(0[01])/([^/?#]*)", uri):
        lengths = (18,) if key == "00" else (8, 12, 13, 14)
        if not is_ascii_digits(number) or len(number) not in lengths:
            raise ScanError(
                _labelled(key),
                number,
                " or ".join(str(n) for n in lengths) + msg(" digits"),
                msg("{count} characters", count=len(number)),
            )
    elements = list(link.element_strings)
    for element in elements:
        _check_element(element, today)
    return _checked(elements)


def _walk(data: str, what: str, whole: str, today: date) -> list[GS1ElementString]:
    """Split ``data`` into element strings, refusing at the first one that does not fit."""
    elements: list[GS1ElementString] = []
    rest = data
    while rest:
        after = (
            msg(" after the {ai}", ai=element_name(elements[-1].ai.ai))
            if elements
            else msg(" (such as 00, 01 or 02) at the start")
        )
        try:
            ai = GS1ApplicationIdentifier.extract(rest)
        except ParseError:
            raise ScanError(
                what,
                whole,
                msg("a GS1 Application Identifier{after}", after=after),
                msg("{rest}, which does not start with one", rest=describe(rest[:20]))
                + (_too_long_hint(elements[-1]) if elements else ""),
            ) from None
        field = rest[len(ai.ai) :].split(GS, 1)[0]
        _check_date_field(ai.ai, field, today)
        try:
            element = GS1ElementString.extract(rest, config=_CONFIG)
        except ParseError:
            raise ScanError(
                _labelled(ai.ai),
                field,
                _human_format(ai),
                _misfit(ai, field),
            ) from None
        _check_element(element, today)
        _check_not_too_long(element, field)
        elements.append(element)
        rest = rest[len(element) :].lstrip(GS)
    return elements


def _check_not_too_long(element: GS1ElementString, field: str) -> None:
    """Refuse a variable-length field that filled its maximum and runs on without a GS.

    GS1 ends a variable-length field with a GS unless it is the last one, so data straight after
    a full field belongs to the field, which is then too long (and must not be read as the next
    AI: a 21-character lot is not a 20-character lot and a serial)."""
    parts = _format_parts(element.ai)
    if not parts or not any(variable for _numeric, variable, _length in parts):
        return
    limit = sum(length for _numeric, _variable, length in parts)
    if len(element.value) < limit or len(field) <= len(element.value):
        return
    raise ScanError(
        _labelled(element.ai.ai),
        field,
        msg("{ai}, then a GS separator", ai=_human_format(element.ai)),
        msg("{count} characters without a GS separator", count=len(field))
        + _too_long_hint(element),
    )


def _too_long_hint(element: GS1ElementString) -> str:
    parts = _format_parts(element.ai)
    if not element.ai.separator_required or not parts or len(parts) != 1:
        return ""
    limit = parts[0][2]
    if len(element.value) < limit:
        return ""
    name = element_name(element.ai.ai)
    return f"; the {name} may be longer than the {limit} characters GS1 allows"


def _check_element(element: GS1ElementString, today: date) -> None:
    """Refuse empty fields and check digit errors that biip only reports in an ``*_error``
    field."""
    ai, value = element.ai.ai, element.value
    if not value:
        raise ScanError(
            _labelled(ai), value, _human_format(element.ai), msg("nothing after the AI")
        )
    if element.gtin_error or element.sscc_error or element.gln_error:
        if is_ascii_digits(value) and len(value) >= 2:
            expected = msg("check digit {value}", value=gs1_check_digit(value[:-1]))
            found = value[-1]
        else:
            expected, found = (
                msg("a valid number"),
                str(element.gtin_error or element.sscc_error or element.gln_error),
            )
        raise ScanError(_labelled(ai), value, expected, found)
    if ai in _DATE_AIS and element.date is None:
        problem = date_problem(value[:6], today) or msg(
            "{value}, which is not a date", value=describe(value)
        )
        raise ScanError(_labelled(ai), value, msg("a real date as YYMMDD"), problem)


def _check_swallowed_separators(elements: list[GS1ElementString], today: date) -> None:
    present = {e.ai.ai for e in elements}
    for element in elements:
        if not element.ai.separator_required:
            continue
        value = element.value
        for start in range(1, len(value)):
            hint = _swallowed(value[start:], present, today)
            if hint is not None:
                name = element_name(element.ai.ai)
                raise ScanError(
                    name,
                    value,
                    msg("a {name} followed by a GS separator", name=name),
                    msg(
                        "what looks like {hint} inside the {name}; "
                        "a GS separator is probably missing",
                        hint=hint,
                        name=name,
                    ),
                )


def _swallowed(tail: str, present: set[str], today: date) -> str | None:
    """Describe the AI ``tail`` starts with if it is valid and everything after it is GS1 too."""
    match = _SWALLOW_CANDIDATES.match(tail)
    if match is None:
        return None
    rest = tail[match.end() :]
    if rest:
        try:
            GS1Message.parse(rest)
        except (ParseError, ValueError):
            return None
    if match.group("ai"):
        ai, yymmdd = match.group("ai"), match.group("date")
        if ai in present or date_problem(yymmdd, today) is not None:
            return None
        return f"AI {ai} ({_SHORT_DATE_NAMES[ai]} {gs1_date(yymmdd, today).isoformat()})"
    ai, number = match.group("key"), match.group("gtin")
    if ai in present or not has_valid_gs1_check_digit(number):
        return None
    return f"AI {ai} ({_NAMES[ai]} {number})"


def _checked(elements: list[GS1ElementString]) -> Gs1Content:
    """Refuse repeated AIs and the AI combinations GS1 forbids."""
    seen: dict[str, str] = {}
    for element in elements:
        ai = element.ai.ai
        if ai in seen:
            raise ScanError(
                _labelled(ai),
                element.value,
                msg("{ai} once per barcode", ai=element_name(ai)),
                msg("it a second time (first {seen})", seen=describe(seen[ai])),
            )
        seen[ai] = element.value
    ais = set(seen)
    message = "".join(f"({e.ai.ai}){e.value}" for e in elements)

    def refuse(expected: str, found: str) -> None:
        raise ScanError(msg("GS1 barcode"), message, expected, found)

    if "01" in ais and "02" in ais:
        refuse(
            "either a GTIN (AI 01) or a content GTIN (AI 02)",
            msg("both: AI 01 names a trade item, AI 02 the trade items inside a logistic unit"),
        )
    if "37" in ais and "01" in ais:
        refuse(
            "AI 37 (count of trade items) with a content GTIN (AI 02)",
            msg("AI 37 with a GTIN (AI 01); a trade item's own count is AI 30"),
        )
    if "37" in ais and "02" not in ais:
        refuse(
            "AI 37 (count of trade items) with a content GTIN (AI 02)", msg("AI 37 without AI 02")
        )
    if "02" in ais and "00" not in ais:
        refuse(
            "a content GTIN (AI 02) on a logistic unit label with its SSCC (AI 00)",
            msg("AI 02 without AI 00"),
        )
    if "01" not in ais and "02" not in ais:
        orphans = [ai for ai in seen if ai in _NEEDS_GTIN]
        if orphans:
            names = ", ".join(_labelled(ai) for ai in orphans)
            refuse(
                f"the GTIN (AI 01 or 02) of the item the {names} belongs to",
                msg("{names} without a GTIN", names=names),
            )
    for ai in seen:
        missing = _missing_association(ai, ais)
        if missing is not None:
            alternatives = " or ".join(_requirement_name(wanted) for wanted in missing)
            refuse(
                f"{_labelled(ai)} together with {alternatives} (GS1 mandatory association)",
                msg(
                    "AI {ai} without {value}",
                    ai=ai,
                    value=" or ".join(_requirement_ai(wanted) for wanted in missing),
                ),
            )
    return Gs1Content(tuple(elements))


def _missing_association(ai: str, present: set[str]) -> tuple[str, ...] | None:
    """The first group of AIs of which ``ai`` needs one and none is present, if any."""
    for pattern, groups in _REQUIRES:
        if not re.fullmatch(pattern, ai):
            continue
        for group in groups:
            if not any(re.fullmatch(wanted, other) for wanted in group for other in present):
                return group
        return None
    return None


def _requirement_ai(wanted: str) -> str:
    """``AI 8020``, or ``AI 31nn`` for a pattern standing for a family of AIs."""
    return f"AI {wanted.replace('.', 'n')}"


def _requirement_name(wanted: str) -> str:
    if "." in wanted:
        return f"a measure ({_requirement_ai(wanted)})"
    return _labelled(wanted)
