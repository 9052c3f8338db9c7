"""Reading a JSON pre-alert into the same rows as its CSV form, each cell with the line of the
JSON file it came from and the key that holds it, so a refusal says ``line N, column KEY``.

The JSON form nests what the CSV form repeats (see the README's "Pre-alert formats")::

    {"mawb": "176-12345675", "flight": "CA1041", "origin_airport": "HGH",
     "destination_airport": "LGG", "departure_at": "2026-12-01T22:10:00+08:00",
     "bags": [{"bag": "CNHGHB0001", "weight_kg": 12.5,
               "parcels": [{"tracking": "RR123456785CN", "weight_kg": 0.4,
                            "consignee": {"name": ..., "address": ..., "postcode": ...,
                                          "city": ..., "country": "FR", "phone": ..., "email": ...},
                            "declared_value": 18.9, "currency": "EUR", "tax_id": "IM2500000001",
                            "service": "STANDARD", "carrier": "COLISSIMO", "pickup_point": "",
                            "items": [{"description": ..., "hs_code": "950300", "quantity": 2,
                                       "unit_value": 9.45, "origin_country": "CN"}]}]}]}

A file may also hold a list of such MAWB objects. Numbers are kept as written (no float).
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wms.core.domain.errors import ImportRefused, Problem

#: JSON key -> CSV column, per level of the document.
MAWB_KEYS = {
    "mawb": "mawb",
    "flight": "flight",
    "origin_airport": "origin_airport",
    "destination_airport": "destination_airport",
    "departure_at": "departure_at",
}
BAG_KEYS = {"bag": "bag", "weight_kg": "bag_weight_kg"}
PARCEL_KEYS = {
    "tracking": "tracking",
    "weight_kg": "parcel_weight_kg",
    "declared_value": "declared_value",
    "currency": "currency",
    "tax_id": "tax_id",
    "service": "service",
    "carrier": "carrier",
    "pickup_point": "pickup_point",
}
CONSIGNEE_KEYS = {
    "name": "consignee_name",
    "address": "consignee_address",
    "postcode": "consignee_postcode",
    "city": "consignee_city",
    "country": "consignee_country",
    "phone": "consignee_phone",
    "email": "consignee_email",
}
ITEM_KEYS = {
    "description": "item_description",
    "hs_code": "hs_code",
    "quantity": "quantity",
    "unit_value": "unit_value",
    "origin_country": "origin_country",
}


class _Object(dict[str, Any]):
    """A JSON object that remembers where it started in the text."""

    position: int = 0


@dataclass
class JsonRow:
    """One item line: CSV column -> text, with the line and JSON key of each cell."""

    line: int
    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def positioned_decoder() -> json.JSONDecoder:
    decoder = json.JSONDecoder(parse_float=str, parse_int=str)
    # the pure-Python scanner calls ``decoder.parse_object`` with the position of each object
    parse_object: Callable[..., tuple[dict[str, Any], int]] = vars(json.decoder)["JSONObject"]

    def object_with_position(
        state: tuple[str, int], strict: bool, scan_once: Any, *rest: Any
    ) -> tuple[_Object, int]:
        _text, end = state
        values, after = parse_object(state, strict, scan_once, *rest)
        found = _Object(values)
        found.position = end - 1
        return found, after

    decoder.__dict__["parse_object"] = object_with_position
    decoder.__dict__["scan_once"] = vars(json.scanner)["py_make_scanner"](decoder)
    return decoder


class _Lines:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [i for i, char in enumerate(text) if char == "\n"]

    def of(self, position: int) -> int:
        return bisect.bisect_left(self.starts, position) + 1

    def of_key(self, obj: _Object, key: str) -> int:
        """The line of ``"key"`` in ``obj`` (its first occurrence after the object's start)."""
        found = self.text.find(f'"{key}"', obj.position)
        return self.of(found if found >= 0 else obj.position)


def read_json(data: bytes | str, source: str) -> list[JsonRow]:
    """The item-line rows of a JSON pre-alert; a file that is not of that shape is refused."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    text = text.removeprefix("\ufeff")
    lines = _Lines(text)
    try:
        document = positioned_decoder().decode(text)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            source, [Problem(error.lineno, f"#{error.colno}", f"expected JSON, {error.msg}")]
        ) from None
    mawbs = document if isinstance(document, list) else [document]
    problems: list[Problem] = []
    rows: list[JsonRow] = []
    for mawb in mawbs:
        if not isinstance(mawb, _Object):
            problems.append(Problem(1, "-", "expected a MAWB object or a list of them"))
            continue
        _rows_of_mawb(mawb, lines, rows, problems)
    if problems:
        raise ImportRefused(source, problems)
    if not rows:
        raise ImportRefused(source, [Problem(1, "-", "expected at least one item line")])
    return rows


def _rows_of_mawb(
    mawb: _Object, lines: _Lines, rows: list[JsonRow], problems: list[Problem]
) -> None:
    head = JsonRow(lines.of(mawb.position))
    _take(mawb, MAWB_KEYS, head, lines, problems, ("bags",))
    for bag in _list(mawb, "bags", lines, problems):
        bag_row = _copy(head, lines.of(bag.position))
        _take(bag, BAG_KEYS, bag_row, lines, problems, ("parcels",))
        for parcel in _list(bag, "parcels", lines, problems):
            parcel_row = _copy(bag_row, lines.of(parcel.position))
            _take(parcel, PARCEL_KEYS, parcel_row, lines, problems, ("consignee", "items"))
            consignee = parcel.get("consignee")
            if isinstance(consignee, _Object):
                _take(consignee, CONSIGNEE_KEYS, parcel_row, lines, problems, ())
            else:
                problems.append(
                    Problem(parcel_row.line, "consignee", "expected a consignee object")
                )
            for item in _list(parcel, "items", lines, problems):
                item_row = _copy(parcel_row, lines.of(item.position))
                _take(item, ITEM_KEYS, item_row, lines, problems, ())
                rows.append(item_row)


def _copy(row: JsonRow, line: int) -> JsonRow:
    return JsonRow(line, dict(row.values), dict(row.lines), dict(row.names))


def _list(obj: _Object, key: str, lines: _Lines, problems: list[Problem]) -> list[_Object]:
    value = obj.get(key)
    line = lines.of(obj.position)
    if not isinstance(value, list) or not value:
        problems.append(Problem(line, key, f"expected a non-empty list of {key}"))
        return []
    found = [item for item in value if isinstance(item, _Object)]
    if len(found) != len(value):
        problems.append(Problem(line, key, f"expected only objects in {key}"))
    return found


def _take(
    obj: _Object,
    keys: dict[str, str],
    row: JsonRow,
    lines: _Lines,
    problems: list[Problem],
    nested: tuple[str, ...],
) -> None:
    for key, value in obj.items():
        line = lines.of_key(obj, key)
        column = keys.get(key)
        if column is None:
            if key not in nested:
                known = ", ".join([*keys, *nested])
                problems.append(Problem(line, key, f"unknown key: expected one of {known}"))
            continue
        if value is None:
            text = ""
        elif isinstance(value, str):
            text = value.strip()
        elif isinstance(value, bool):
            text = str(value).lower()
        else:
            problems.append(Problem(line, key, "expected a string or a number"))
            continue
        row.values[column] = text
        row.lines[column] = line
        row.names[column] = key
