"""ZPL II rendering from the templates in ``resources/labels/*.zpl``.

Template syntax (kept deliberately small):

* ``{{ name }}`` — a value from the context, escaped for a ``^FH`` field: ``^``, ``~``, ``_``,
  ``\\`` and every non-ASCII character become ``_XX`` hex escapes of their UTF-8 bytes (the
  labels select UTF-8 with ``^CI28``), so "Société Générale", Arabic names or a stray ``^`` reach
  the printer intact and can never end a field or start a command;
* ``{{ name|raw }}`` — inserted as is (numbers computed by the renderer, rows of sub-templates);
* ``{{ font:H }}`` / ``{{ font:H,W }}`` — the text font at height H (and width W) dots, H a
  number or the name of a context value: the
  resident scalable font ``^A0`` by default, or a TrueType font stored on the printer when
  :func:`render_zpl` gets ``font="E:TT0003M_.TTF"`` (needed for scripts such as Arabic, which
  ``^A0`` has no glyphs for);
* a line starting ``{{?name}}`` is kept only when ``name`` is set (non-empty);
* ``^FX`` comment lines are dropped from the output.

Barcodes: plain Code 128 starts in subset B (``>:``); GS1-128 starts in subset C followed by
FNC1 (``>;>8``), switches to subset B (``>6``) for letters or an odd digit and back to C (``>5``)
for runs of digits, and puts an FNC1 (``>8``) after each variable-length value that is not last.
In subset B ``>``, ``^`` and ``~`` are written ``>0``, ``><`` and ``>=``. GS1 DataMatrix uses
``^BX`` quality 200 with ``|`` as escape character: ``|1`` is FNC1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from wms.core.domain.errors import InvalidValue, WmsError
from wms.labels.gs1 import FNC1, Element, element_string, tokens
from wms.labels.model import (
    BadgeLabel,
    BagLabel,
    CommandSheet,
    Label,
    LocationLabel,
    PalletLabel,
    ProductLabel,
    SsccLabel,
)
from wms.resources import resource_path

COMMANDS_PER_LABEL = 8

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)(\|raw)?\s*\}\}")
_FONT = re.compile(r"\{\{\s*font:(\d+|[a-z_]+)(?:,(\d+))?\s*\}\}")
_CONDITION = re.compile(r"^\{\{\?([a-z_][a-z0-9_]*)\}\}")
_HEX2 = re.compile(r"[0-9A-Fa-f]{2}")
_SAFE = frozenset(chr(c) for c in range(32, 127)) - {"^", "~", "_", "\\"}


class TemplateError(WmsError):
    code = "label_template"


# --- escaping and barcode data ---------------------------------------------------------------


def escape_field(text: str) -> str:
    """Field data for ``^FH`` (escape character ``_``): unsafe characters as ``_XX`` UTF-8 hex."""
    out = []
    for ch in str(text):
        if ch in _SAFE:
            out.append(ch)
        else:
            out.extend(f"_{byte:02X}" for byte in ch.encode("utf-8"))
    return "".join(out)


def unescape_field(data: str) -> str:
    """The inverse of :func:`escape_field` (what the printer does with ``^FH`` data)."""
    raw = bytearray()
    i = 0
    while i < len(data):
        if data[i] == "_" and _HEX2.fullmatch(data[i + 1 : i + 3]):
            raw.append(int(data[i + 1 : i + 3], 16))
            i += 3
        else:
            raw.extend(data[i].encode("utf-8"))
            i += 1
    return raw.decode("utf-8")


_SUBSET_B_INVOCATIONS = {">": ">0", "^": "><", "~": ">="}


def _is_digits(token: object) -> bool:
    """Whether a GS1 token (text or the FNC1 marker) is text of digits."""
    return isinstance(token, str) and token.isdigit()


def _subset_b(ch: str) -> str:
    """A subset B character as ``^BC`` field data: ``>`` is the invocation prefix, ``^`` and
    ``~`` are ZPL prefixes, so they are written as invocation codes ``>0``, ``><`` and ``>=``."""
    return _SUBSET_B_INVOCATIONS.get(ch, ch)


def code128_data(text: str) -> tuple[str, int]:
    """``^BC`` field data for plain text (subset B) and the number of symbol characters."""
    if any(not 32 <= ord(ch) < 127 for ch in text):
        raise InvalidValue("Code 128 text", text, "printable ASCII", "other characters")
    return ">:" + "".join(_subset_b(ch) for ch in text), len(text) + 2


def gs1_128_data(elements: Sequence[Element]) -> tuple[str, int]:
    """``^BC`` field data for GS1-128 with explicit subsets, and the number of symbol characters
    (start, data, switches, FNC1s and check character)."""
    items = tokens(elements)
    out = [">;", ">8"]  # start code C, FNC1: GS1-128
    count = 3  # start, FNC1, check character
    subset = "C"
    i = 1
    while i < len(items):
        item = items[i]
        if item is FNC1:
            out.append(">8")
            count += 1
            i += 1
            continue
        run = 0
        while i + run < len(items) and _is_digits(items[i + run]):
            run += 1
        if subset == "C":
            if run >= 2:
                out.append(f"{items[i]}{items[i + 1]}")
                count += 1
                i += 2
                continue
            out.append(">6")
            subset = "B"
            count += 1
            continue
        # subset B: go back to C for an even run of 4+ digits (or any even run up to the end)
        if run >= 4 and run % 2 == 0:
            out.append(">5")
            subset = "C"
            count += 1
            continue
        out.append(_subset_b(str(item)))
        count += 1
        i += 1
    return "".join(out), count


def datamatrix_data(elements: Sequence[Element]) -> str:
    """``^BX`` field data (escape character ``|``): ``|1`` FNC1 first and as separator."""
    return "".join("|1" if item is FNC1 else str(item) for item in tokens(elements))


def code128_width(symbols: int) -> int:
    """Modules of a Code 128 symbol with ``symbols`` characters (including start and check)."""
    return symbols * 11 + 13


def fit_module(symbols: int, available: int, largest: int = 4, smallest: int = 2) -> int:
    """The widest module (dots) that fits ``available`` dots, never below ``smallest``."""
    modules = code128_width(symbols)
    for width in range(largest, smallest - 1, -1):
        if modules * width <= available:
            return width
    if modules * smallest <= available or smallest == 1:
        return smallest
    if modules <= available:
        return 1
    raise InvalidValue(
        "barcode", symbols, f"at most {available // 11} characters", "too much data for the label"
    )


# --- templates -------------------------------------------------------------------------------


@cache
def load_template(name: str) -> tuple[str, ...]:
    path = resource_path("labels", name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise TemplateError(f"label template {path} cannot be read: {error}") from None
    return tuple(line for line in text.splitlines() if line.strip() and not line.startswith("^FX"))


def fill(name: str, context: Mapping[str, object], *, font: str | None = None) -> str:
    """Render template ``name`` with ``context`` (see the module docstring for the syntax)."""
    lines = []
    for line in load_template(name):
        condition = _CONDITION.match(line)
        if condition:
            if not context.get(condition.group(1)):
                continue
            line = line[condition.end() :]
        line = _FONT.sub(lambda m: _font_command(m, font, context), line)

        def value(match: re.Match[str]) -> str:
            key = match.group(1)
            if key not in context:
                raise TemplateError(f"label template {name}: no value for {{{{ {key} }}}}")
            data = context[key]
            text = "" if data is None else str(data)
            return text if match.group(2) else escape_field(text)

        lines.append(_PLACEHOLDER.sub(value, line))
    return "\n".join(lines) + "\n"


def _font_command(match: re.Match[str], font: str | None, context: Mapping[str, object]) -> str:
    size = match.group(1)
    height = int(size) if size.isdigit() else int(str(context[size]))
    width = int(match.group(2) or height)
    if font:
        return f"^A@N,{height},{width},{font}"
    return f"^A0N,{height},{width}"


# --- labels ----------------------------------------------------------------------------------


def render_zpl(label: Label | PalletLabel, *, font: str | None = None) -> str:
    """ZPL II for one label (203 dpi; a pallet label is ZPL only). ``font``: a TrueType font
    on the printer (``E:NAME.TTF``) used instead of the resident font 0, for scripts that font 0
    lacks."""
    if font is not None and not re.fullmatch(r"[REBA]:[A-Z0-9_.-]{1,16}\.(TTF|FNT|TTE)", font):
        raise InvalidValue("printer font", font, "a stored font such as E:TT0003M_.TTF", font)
    match label:
        case LocationLabel():
            return _location(label, font)
        case ProductLabel():
            return _product(label, font)
        case SsccLabel():
            return _sscc(label, font)
        case BagLabel():
            return _bag(label, font)
        case PalletLabel():
            return _pallet(label, font)
        case BadgeLabel():
            return _badge(label, font)
        case CommandSheet():
            return _commands(label, font)
    raise InvalidValue("label", type(label).__name__, "a label", "another object")


def render_zpl_batch(labels: Sequence[Label], *, font: str | None = None) -> str:
    """Several labels in one print job."""
    return "".join(render_zpl(label, font=font) for label in labels)


def _location(label: LocationLabel, font: str | None) -> str:
    data, symbols = code128_data(label.barcode_text)
    heading = " · ".join(
        part
        for part in (
            label.warehouse,
            f"zone {label.zone}" if label.zone else "",
            label.location_type,
        )
        if part
    )
    return fill(
        "location.zpl",
        {
            "heading": heading,
            "code": label.code,
            "check_digits": label.check_digits,
            "module": fit_module(symbols, 752),
            "barcode_data": data,
            "barcode_text": label.barcode_text,
        },
        font=font,
    )


def _product(label: ProductLabel, font: str | None) -> str:
    elements = label.elements
    context: dict[str, object] = {
        "sku": label.sku,
        "name": label.name,
        "gtin_text": f"GTIN {label.gtin}",
        "lot": label.lot or "",
        "expiry": label.expiry.isoformat() if label.expiry else "",
        "quantity": label.quantity if label.quantity is not None else "",
        "barcode_hri": label.barcodes()[0].human_readable,
    }
    if label.symbology == "gs1-datamatrix":
        context["module"] = 10
        context["barcode_data"] = datamatrix_data(elements)
        return fill("product_datamatrix.zpl", context, font=font)
    data, symbols = gs1_128_data(elements)
    context["module"] = fit_module(symbols, 752, largest=3)
    context["barcode_data"] = data
    return fill("product.zpl", context, font=font)


def _sscc(label: SsccLabel, font: str | None) -> str:
    sscc_data, sscc_symbols = gs1_128_data(label.sscc_elements)
    post_data, post_symbols = gs1_128_data(label.postcode_elements)
    origin = label.ship_from
    target = label.ship_to
    context: dict[str, object] = {
        "from_name": origin.name if origin else "",
        "from_line1": origin.lines[0] if origin and origin.lines else "",
        "from_line2": origin.lines[1] if origin and len(origin.lines) > 1 else "",
        "from_place": ", ".join(p for p in (origin.postcode_city, origin.country) if p)
        if origin
        else "",
        "carrier": label.carrier,
        "service": label.service,
        "to_name": target.name,
        "to_line1": target.lines[0] if target.lines else "",
        "to_line2": target.lines[1] if len(target.lines) > 1 else "",
        "to_line3": target.lines[2] if len(target.lines) > 2 else "",
        "to_place": target.postcode_city,
        "to_country": target.country,
        "postcode_module": fit_module(post_symbols, 500, largest=3),
        "postcode_data": post_data,
        "postcode_hri": _hri(label.postcode_elements),
        "parcel": f"{label.parcel_number} / {label.parcel_count}",
        "weight": label.weight_text,
        "order_reference": label.order_reference,
        "content_text": "",
        "content_data": "",
        "content_module": 2,
        "content_hri": "",
        "sscc_hri": label.sscc_text,
        "sscc_module": fit_module(sscc_symbols, 752),
        "sscc_data": sscc_data,
    }
    if label.content_elements:
        content_data, content_symbols = gs1_128_data(label.content_elements)
        count = f" x {label.content_count}" if label.content_count is not None else ""
        context.update(
            content_text=f"{label.content_gtin}{count}",
            content_data=content_data,
            content_module=fit_module(content_symbols, 752, largest=2),
            content_hri=_hri(label.content_elements),
        )
    return fill("sscc.zpl", context, font=font)


def _hri(elements: Sequence[Element]) -> str:
    return " ".join(f"({e.ai}) {e.value}" for e in elements)


def _bag(label: BagLabel, font: str | None) -> str:
    data, symbols = gs1_128_data(label.sscc_elements)
    heading = "SORT BAG" + (f" · {label.carrier}" if label.carrier else "")
    return fill(
        "bag.zpl",
        {
            "heading": heading,
            "destination_code": label.destination_code,
            "destination_name": label.destination_name,
            "parcel_count": label.parcel_count,
            "weight": label.weight_text or "-",
            "sscc_hri": label.sscc_text,
            "sscc_module": fit_module(symbols, 752),
            "sscc_data": data,
        },
        font=font,
    )


def _pallet(label: PalletLabel, font: str | None) -> str:
    data, symbols = gs1_128_data(label.sscc_elements)
    heading = "PALLET" + (f" · {label.warehouse}" if label.warehouse else "")
    return fill(
        "pallet.zpl",
        {
            "heading": heading,
            "reference": label.reference,
            "dock": label.dock,
            "sscc_hri": label.sscc_text,
            "sscc_module": fit_module(symbols, 752),
            "sscc_data": data,
        },
        font=font,
    )


def _badge(label: BadgeLabel, font: str | None) -> str:
    data, symbols = code128_data(label.barcode_text)
    return fill(
        "badge.zpl",
        {
            "name": label.name,
            "role": label.role.upper(),
            "module": fit_module(symbols, 625, largest=3),
            "barcode_data": data,
            "barcode_text": label.barcode_text,
        },
        font=font,
    )


def _commands(sheet: CommandSheet, font: str | None) -> str:
    entries = sheet.entries
    pages = [
        entries[start : start + COMMANDS_PER_LABEL]
        for start in range(0, len(entries), COMMANDS_PER_LABEL)
    ]
    out = []
    for number, page in enumerate(pages, start=1):
        rows = []
        for index, entry in enumerate(page):
            data, symbols = code128_data(entry.barcode_text)
            caption = f"{entry.caption}  [{entry.barcode_text}]"
            top = 100 + index * 138
            rows.append(
                fill(
                    "command_row.zpl",
                    {
                        "barcode_y": top,
                        "caption_y": top + 88,
                        "module": fit_module(symbols, 740, largest=3),
                        "barcode_data": data,
                        "caption": caption,
                        "caption_size": _fit_font(caption, 740, 26),
                    },
                    font=font,
                ).rstrip("\n")
            )
        out.append(
            fill(
                "command_sheet.zpl",
                {
                    "title": sheet.title,
                    "page": f"{number}/{len(pages)}" if len(pages) > 1 else "",
                    "rows": "\n".join(rows),
                },
                font=font,
            )
        )
    return "".join(out)


def _fit_font(text: str, width: int, largest: int, smallest: int = 14) -> int:
    """A font height (dots) at which ``text`` fits ``width`` dots in font 0 (about 0.55 em per
    character on average)."""
    return max(smallest, min(largest, int(width / (0.55 * max(len(text), 1)))))


__all__ = [
    "code128_data",
    "datamatrix_data",
    "element_string",
    "escape_field",
    "gs1_128_data",
    "render_zpl",
    "render_zpl_batch",
    "unescape_field",
]
