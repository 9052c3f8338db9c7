"""PDF rendering with reportlab: every label type on a page of its own size, plus the packing list
and the CN22 / CN23 customs declaration.

Barcodes: Code 128 and GS1-128 with reportlab's ``Code128`` (FNC1 as ``\\xf1`` first, which makes
the symbol GS1-128: start C, FNC1, digit pairs) and GS1 DataMatrix with
:class:`wms.labels.datamatrix.Gs1DataMatrix`. On label pages the bar module is a whole number of
203 dpi printer dots so a thermal printer or a 203 dpi raster reproduces it exactly.

Over 500 lines on purpose: one drawing vocabulary (the page, fonts, barcodes) used by every
label and document; each drawing function is short.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from string import ascii_letters, ascii_uppercase

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4, inch, mm
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from wms.core.domain.errors import InvalidValue
from wms.labels.bidi_text import visual
from wms.labels.datamatrix import Gs1DataMatrix
from wms.labels.documents import (
    CATEGORIES,
    ActivityReport,
    CustomsDeclaration,
    Document,
    PackingList,
    format_hs_code,
)
from wms.labels.gs1 import FNC1, Element, tokens
from wms.labels.model import (
    Address,
    BadgeLabel,
    BagLabel,
    CommandSheet,
    Label,
    LocationLabel,
    ProductLabel,
    SsccLabel,
    format_weight,
    validated_decimal,
)

DOT = 72 / 203  # one 203 dpi printer dot in points

#: Page size (width, height in points) of each label or document type.
PAGE_SIZES: dict[type, tuple[float, float]] = {
    SsccLabel: (4 * inch, 6 * inch),
    BagLabel: (4 * inch, 6 * inch),
    LocationLabel: (100 * mm, 50 * mm),
    ProductLabel: (4 * inch, 3 * inch),
    BadgeLabel: (85.6 * mm, 54 * mm),
    CommandSheet: A4,
    PackingList: A4,
    CustomsDeclaration: A4,
    ActivityReport: A4,
}

_FONT_CANDIDATES = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("/Library/Fonts/DejaVuSans.ttf", "/Library/Fonts/DejaVuSans-Bold.ttf"),
    ("C:/Windows/Fonts/DejaVuSans.ttf", "C:/Windows/Fonts/DejaVuSans-Bold.ttf"),
)


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans when installed (Latin, Greek, Cyrillic, Arabic
    glyphs), else reportlab's bundled Vera (Latin)."""
    import reportlab

    bundled = Path(reportlab.__file__).parent / "fonts"
    candidates = [*_FONT_CANDIDATES, (str(bundled / "Vera.ttf"), str(bundled / "VeraBd.ttf"))]
    for regular, bold in candidates:
        if Path(regular).is_file() and Path(bold).is_file():
            pdfmetrics.registerFont(_reusing_subsets(TTFont("WmsSans", regular)))
            pdfmetrics.registerFont(_reusing_subsets(TTFont("WmsSans-Bold", bold)))
            return "WmsSans", "WmsSans-Bold"
    return "Helvetica", "Helvetica-Bold"


# Each PDF embeds the subset of a font its text uses. reportlab's subset 0 is printable ASCII
# in a fixed order, plus the first few other letters in order of first use, so label after
# label embeds the same bytes; making and compressing them (two 35 kB DejaVu subsets, ~5 ms)
# was most of a label's rendering. The subset and its compressed stream are kept, per font,
# for the last few glyph sets; so are the subset's font dictionary parts that depend on its
# glyphs only: the /Widths array, formatted (a few hundred numbers, the largest part of
# writing a label PDF after that), and the ToUnicode map, compressed.
_SUBSETS_KEPT = 64


@lru_cache(maxsize=2 * _SUBSETS_KEPT)
def _compressed(raw: bytes) -> bytes:
    return zlib.compress(raw)


def _reusing_subsets(font: TTFont) -> TTFont:
    """``font`` making each embedded subset once and compressing it once (see above)."""
    face = font.face
    make_subset = face.makeSubset
    add_subset_objects = face.addSubsetObjects

    @lru_cache(maxsize=_SUBSETS_KEPT)
    def subset_bytes(subset: tuple[int, ...]) -> bytes:
        return bytes(make_subset(list(subset)))

    def reused_subset(subset: Sequence[int]) -> bytes:
        return subset_bytes(tuple(subset))

    def add_reused_subset(doc: pdfdoc.PDFDocument, fontname: str, subset: Sequence[int]) -> object:
        descriptor = add_subset_objects(doc, fontname, subset)
        if doc.compression:  # the font file stream, compressed once instead of on every save
            stream = doc.idToObject[f"fontFile:{face.filename}({fontname})"]
            stream.content = _compressed(stream.content)
            stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
        return descriptor

    @lru_cache(maxsize=_SUBSETS_KEPT)
    def subset_parts(
        index: int, subset: tuple[int, ...], compress: bool
    ) -> tuple[str, bytes, bytes | str]:
        """(base font name, formatted /Widths, ToUnicode stream content) of a subset."""
        tag = b"".join((ttfonts.SUBSETN(index), b"+", face.name, face.subfontNameX))
        base_font_name = tag.decode("pdfdoc")
        widths = pdfdoc.PDFArray([face.getCharWidth(code) for code in subset])
        cmap = ttfonts.makeToUnicodeCMap(base_font_name, list(subset))
        content = pdfdoc.PDFZCompress.encode(cmap) if compress else cmap
        return base_font_name, widths.format(pdfdoc.DummyDoc()), content

    def add_objects(doc: pdfdoc.PDFDocument) -> None:
        """reportlab's ``TTFont.addObjects`` with the parts above made once: the same objects."""
        state = font.state[doc]
        state.frozen = 1
        fonts_dict = doc.idToObject["BasicFonts"].dict
        for index, subset in enumerate(state.subsets):
            internal_name = font.getSubsetInternalName(index, doc)[1:]
            base_font_name, widths, cmap = subset_parts(index, tuple(subset), bool(doc.compression))
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {font.fontName} subset {index}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_font_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = widths  # bytes are written as they are
            to_unicode = pdfdoc.PDFStream(content=cmap)
            if doc.compression:
                to_unicode.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
            pdf_font.ToUnicode = doc.Reference(to_unicode, "toUnicodeCMap:" + base_font_name)
            pdf_font.FontDescriptor = face.addSubsetObjects(doc, base_font_name, subset)
            doc.Reference(pdf_font, internal_name)
            fonts_dict[internal_name] = pdf_font
        del font.state[doc]

    face.makeSubset = reused_subset
    face.addSubsetObjects = add_reused_subset
    font.addObjects = add_objects
    return font


# Code 128 symbols. reportlab's ``Code128`` encodes its value again each time its width is
# asked (once per module size tried) and when it draws, then draws bar after bar. Here a value
# is encoded once with reportlab's encoder, its width found for each module size, and the bars
# written as the PDF operators ``Code128.drawOn`` writes, in the symbol's own coordinates; the
# result is kept for the last few symbols, since a postcode, a content GTIN, a location or a
# badge comes back label after label.
_SYMBOLS_KEPT = 256


@lru_cache(maxsize=_SYMBOLS_KEPT)
def _code128(value: str, height: float, max_width: float, largest: int) -> tuple[float, str]:
    """(width, bar operators) of ``value`` in Code 128, ``height`` high, with the largest
    module of at most ``largest`` 203 dpi dots that fits ``max_width`` (else one dot)."""
    symbol = Code128(value, quiet=0)
    symbol.validate()
    symbol.encode()
    symbol.decompose()
    # a letter per bar (A to Z) or space (a to z) of 1 to 26 modules
    runs = [
        (char in ascii_uppercase, ord(char.lower()) - ord("a") + 1)
        for char in symbol.decomposed
        if char in ascii_letters
    ]
    for dots in range(largest, 0, -1):
        module = dots * DOT
        width = 0.0
        for _bar, modules in runs:  # summed in reportlab's order: the same float
            width = width + module * modules
        if width <= max_width or dots == 1:
            break
    bars = []
    left = 0.0
    for bar, modules in runs:
        if bar:
            # "f*": the canvas's default even-odd fill (the same as non-zero for bars apart)
            bars.append(f"n {fp_str(left, 0, modules * module, height)} re f*")
        left = left + modules * module
    return width, "\n".join(bars)


# --- drawing helpers -------------------------------------------------------------------------


class _Page:
    """Drawing on one page with y measured from the top edge."""

    def __init__(self, canvas: Canvas, size: tuple[float, float]) -> None:
        self.canvas = canvas
        self.width, self.height = size
        canvas.setPageSize(size)
        self.regular, self.bold = fonts()

    def text(
        self,
        x: float,
        top: float,
        size: float,
        text: str,
        *,
        bold: bool = False,
        max_width: float | None = None,
        align: str = "left",
    ) -> float:
        """Draw ``text`` with its cap height starting at ``top``; shrink to ``max_width``."""
        if not text:
            return size
        text = visual(text)  # Arabic joined and right to left; other text unchanged
        font = self.bold if bold else self.regular
        width = pdfmetrics.stringWidth(text, font, size)
        if max_width is not None and width > max_width:
            size = max(size * max_width / width, 4)
            width = pdfmetrics.stringWidth(text, font, size)
            while width > max_width and len(text) > 1:
                text = text[:-2] + "…"
                width = pdfmetrics.stringWidth(text, font, size)
        self.canvas.setFont(font, size)
        baseline = self.height - top - size * 0.8
        if align == "center":
            self.canvas.drawCentredString(x, baseline, text)
        elif align == "right":
            self.canvas.drawRightString(x, baseline, text)
        else:
            self.canvas.drawString(x, baseline, text)
        return size

    def hline(self, top: float, weight: float = 3 * DOT) -> None:
        self.canvas.setLineWidth(weight)
        self.canvas.line(0, self.height - top, self.width, self.height - top)

    def rule(self, x1: float, top: float, x2: float, weight: float = 0.6) -> None:
        self.canvas.setLineWidth(weight)
        self.canvas.line(x1, self.height - top, x2, self.height - top)

    def box(self, x: float, top: float, width: float, height: float, weight: float = 0.8) -> None:
        self.canvas.setLineWidth(weight)
        self.canvas.rect(x, self.height - top - height, width, height)

    def code128(
        self,
        x: float,
        top: float,
        value: str,
        height: float,
        max_width: float,
        *,
        largest: int = 4,
    ) -> float:
        """A Code 128 symbol (GS1-128 when ``value`` starts with ``\\xf1``), module a whole
        number of 203 dpi dots, quiet zones left to the layout. Returns the width drawn."""
        width, bars = _code128(value, height, max_width, largest)
        self.canvas.saveState()
        self.canvas.translate(x, self.height - top - height)
        self.canvas.addLiteral(bars)
        self.canvas.restoreState()
        return width

    def datamatrix(self, x: float, top: float, elements: Sequence[Element], module: float) -> float:
        symbol = Gs1DataMatrix(elements, barWidth=module, x=0, y=0)
        symbol.wrap(0, 0)
        size = 44 * module
        symbol.drawOn(self.canvas, x, self.height - top - size)
        return size


def gs1_128_value(elements: Sequence[Element]) -> str:
    """reportlab Code 128 input for GS1-128: FNC1 (``\\xf1``) first and as separator."""
    return "".join("\xf1" if item is FNC1 else str(item) for item in tokens(elements))


def _hri(elements: Sequence[Element]) -> str:
    return " ".join(f"({e.ai}) {e.value}" for e in elements)


# --- labels ----------------------------------------------------------------------------------


def _draw_sscc(page: _Page, label: SsccLabel) -> None:
    d = DOT
    w = page.width
    left = 30 * d
    origin, target = label.ship_from, label.ship_to
    if origin is not None:
        page.text(left, 22 * d, 20 * d, "FROM", bold=True)
        page.text(left, 46 * d, 26 * d, origin.name, bold=True, max_width=370 * d)
        place = ", ".join(p for p in (origin.postcode_city, origin.country) if p)
        for index, line in enumerate([*origin.lines[:2], place]):
            page.text(left, (76 + 26 * index) * d, 22 * d, line, max_width=370 * d)
    page.canvas.setLineWidth(3 * d)
    page.canvas.line(410 * d, page.height - 15 * d, 410 * d, page.height - 160 * d)
    page.text(430 * d, 22 * d, 20 * d, "CARRIER", bold=True)
    page.text(430 * d, 46 * d, 50 * d, label.carrier, bold=True, max_width=360 * d)
    page.text(430 * d, 104 * d, 30 * d, label.service, max_width=360 * d)
    page.hline(162 * d)
    page.text(left, 176 * d, 20 * d, "TO", bold=True)
    page.text(left, 202 * d, 44 * d, target.name, bold=True, max_width=750 * d)
    for index, line in enumerate(target.lines):
        page.text(left, (254 + 40 * index) * d, 34 * d, line, max_width=750 * d)
    page.text(left, 378 * d, 52 * d, target.postcode_city, bold=True, max_width=750 * d)
    page.text(left, 436 * d, 30 * d, target.country, bold=True)
    page.hline(474 * d)
    page.text(left, 488 * d, 20 * d, "SHIP TO POSTAL CODE", bold=True)
    page.code128(left, 516 * d, gs1_128_value(label.postcode_elements), 130 * d, 500 * d, largest=3)
    page.text(left, 656 * d, 26 * d, _hri(label.postcode_elements))
    page.text(560 * d, 488 * d, 20 * d, "PARCEL", bold=True)
    page.text(560 * d, 512 * d, 48 * d, f"{label.parcel_number} / {label.parcel_count}", bold=True)
    page.text(560 * d, 578 * d, 20 * d, "WEIGHT", bold=True)
    page.text(560 * d, 602 * d, 40 * d, label.weight_text, bold=True, max_width=240 * d)
    page.hline(700 * d)
    page.text(left, 712 * d, 20 * d, "ORDER", bold=True)
    page.text(left, 736 * d, 34 * d, label.order_reference, max_width=380 * d)
    if label.content_elements:
        count = f" × {label.content_count}" if label.content_count is not None else ""
        page.text(430 * d, 712 * d, 20 * d, "CONTENT", bold=True)
        page.text(430 * d, 736 * d, 26 * d, f"{label.content_gtin}{count}", max_width=370 * d)
        page.code128(
            left, 778 * d, gs1_128_value(label.content_elements), 72 * d, 752 * d, largest=2
        )
        page.text(left, 854 * d, 22 * d, _hri(label.content_elements))
    page.hline(882 * d)
    page.text(left, 896 * d, 20 * d, "SSCC", bold=True)
    page.text(left, 922 * d, 40 * d, label.sscc_text, bold=True)
    page.code128(left, 976 * d, gs1_128_value(label.sscc_elements), 220 * d, w - 60 * d)


def _draw_bag(page: _Page, label: BagLabel) -> None:
    d = DOT
    left = 30 * d
    heading = "SORT BAG" + (f" · {label.carrier}" if label.carrier else "")
    page.text(left, 24 * d, 30 * d, heading, bold=True, max_width=750 * d)
    page.hline(66 * d)
    page.text(
        page.width / 2,
        100 * d,
        220 * d,
        label.destination_code,
        bold=True,
        max_width=772 * d,
        align="center",
    )
    page.text(
        page.width / 2, 360 * d, 56 * d, label.destination_name, max_width=772 * d, align="center"
    )
    page.hline(490 * d)
    page.text(left, 506 * d, 22 * d, "PARCELS", bold=True)
    page.text(left, 534 * d, 70 * d, str(label.parcel_count), bold=True)
    page.text(430 * d, 506 * d, 22 * d, "WEIGHT", bold=True)
    page.text(430 * d, 534 * d, 70 * d, label.weight_text or "-", bold=True, max_width=360 * d)
    page.hline(630 * d)
    page.text(left, 660 * d, 22 * d, "SSCC", bold=True)
    page.text(left, 690 * d, 40 * d, label.sscc_text, bold=True)
    page.code128(left, 760 * d, gs1_128_value(label.sscc_elements), 320 * d, page.width - 60 * d)


def _draw_location(page: _Page, label: LocationLabel) -> None:
    d = DOT
    left = 30 * d
    heading = " · ".join(
        p
        for p in (label.warehouse, f"zone {label.zone}" if label.zone else "", label.location_type)
        if p
    )
    page.text(left, 20 * d, 26 * d, heading, max_width=560 * d)
    page.text(left, 58 * d, 100 * d, label.code, bold=True, max_width=570 * d)
    page.box(620 * d, 16 * d, 170 * d, 160 * d, weight=4 * d)
    page.text(636 * d, 26 * d, 22 * d, "CHECK", bold=True)
    page.text(705 * d, 56 * d, 110 * d, label.check_digits or "", bold=True, align="center")
    page.code128(left, 190 * d, label.barcode_text, 150 * d, 752 * d, largest=3)
    page.text(left, 350 * d, 26 * d, label.barcode_text)


def _draw_product(page: _Page, label: ProductLabel) -> None:
    d = DOT
    left = 30 * d
    page.text(left, 20 * d, 24 * d, "SKU", bold=True)
    page.text(100 * d, 16 * d, 32 * d, label.sku, bold=True, max_width=680 * d)
    page.text(left, 62 * d, 40 * d, label.name, max_width=750 * d)
    details = [f"GTIN {label.gtin}"]
    if label.lot:
        details.append(f"LOT {label.lot}")
    if label.expiry:
        details.append(f"EXP {label.expiry.isoformat()}")
    if label.quantity is not None:
        details.append(f"QTY {label.quantity}")
    hri = "".join(f"({e.ai}){e.value}" for e in label.elements)
    if label.symbology == "gs1-datamatrix":
        for index, line in enumerate(details):
            page.text(left, (180 + 50 * index) * d, 28 * d, line, max_width=470 * d)
        page.datamatrix(520 * d, 170 * d, label.elements, 6 * d)
        page.text(left, 540 * d, 22 * d, hri, max_width=750 * d)
        return
    page.text(left, 160 * d, 26 * d, details[0])
    page.text(left, 196 * d, 26 * d, "   ".join(details[1:]), max_width=750 * d)
    page.code128(left, 250 * d, gs1_128_value(label.elements), 230 * d, 752 * d, largest=3)
    page.text(left, 500 * d, 26 * d, hri, max_width=750 * d)


def _draw_badge(page: _Page, label: BadgeLabel) -> None:
    d = DOT
    left = 30 * d
    page.text(left, 24 * d, 50 * d, label.name, bold=True, max_width=625 * d)
    page.text(left, 86 * d, 32 * d, label.role.upper())
    page.code128(left, 140 * d, label.barcode_text, 200 * d, 625 * d, largest=3)
    page.text(left, 360 * d, 28 * d, label.barcode_text)


COMMAND_ROWS_PER_PAGE = 8


def _command_pages(canvas: Canvas, sheet: CommandSheet, size: tuple[float, float]) -> None:
    entries = sheet.entries
    per_page = COMMAND_ROWS_PER_PAGE * 2
    pages = [entries[i : i + per_page] for i in range(0, len(entries), per_page)]
    for number, chunk in enumerate(pages, start=1):
        page = _Page(canvas, size)
        margin = 15 * mm
        page.text(margin, 12 * mm, 18, sheet.title, bold=True, max_width=page.width - 60 * mm)
        if len(pages) > 1:
            page.text(page.width - margin, 14 * mm, 10, f"{number}/{len(pages)}", align="right")
        page.rule(margin, 22 * mm, page.width - margin)
        column_width = (page.width - 2 * margin) / 2
        row_height = (page.height - 32 * mm - margin) / COMMAND_ROWS_PER_PAGE
        for index, entry in enumerate(chunk):
            column, row = divmod(index, COMMAND_ROWS_PER_PAGE)
            x = margin + column * column_width + 5 * mm
            top = 28 * mm + row * row_height
            page.code128(x, top, entry.barcode_text, 14 * mm, column_width - 15 * mm, largest=3)
            page.text(
                x, top + 16 * mm, 10, entry.caption, bold=True, max_width=column_width - 10 * mm
            )
            page.text(x, top + 21 * mm, 8, entry.barcode_text, max_width=column_width - 10 * mm)
        canvas.showPage()


# --- documents -------------------------------------------------------------------------------


def _address_block(
    page: _Page, x: float, top: float, title: str, address: Address, width: float
) -> float:
    page.text(x, top, 8, title.upper(), bold=True)
    y = top + 11
    page.text(x, y, 11, address.name, bold=True, max_width=width)
    y += 14
    for line in (*address.lines, address.postcode_city, address.country):
        if line:
            page.text(x, y, 10, line, max_width=width)
            y += 13
    return y


def _table(
    page_factory: Callable[[], _Page],
    columns: Sequence[tuple[str, float, str]],
    rows: Iterable[Sequence[str]],
    start_top: float,
    bottom: float,
) -> tuple[_Page, float]:
    """Rows under a header, continuing on new pages (from ``page_factory()``) when full."""
    page, top = page_factory(), start_top
    margin = 15 * mm

    def header(page: _Page, top: float) -> float:
        x = margin
        for title, width, align in columns:
            anchor = x + width - 2 if align == "right" else x + 2
            page.text(anchor, top, 8, title, bold=True, align=align)
            x += width
        page.rule(margin, top + 12, page.width - margin)
        return top + 16

    top = header(page, top)
    for row in rows:
        if top + 14 > page.height - bottom:
            page.canvas.showPage()
            page = page_factory()
            top = header(page, 20 * mm)
        x = margin
        for (_title, width, align), cell in zip(columns, row, strict=True):
            anchor = x + width - 2 if align == "right" else x + 2
            page.text(anchor, top, 9, cell, max_width=width - 4, align=align)
            x += width
        top += 14
    return page, top


def _packing_list(canvas: Canvas, document: PackingList, size: tuple[float, float]) -> None:
    margin = 15 * mm
    page = _Page(canvas, size)
    page.text(margin, 12 * mm, 18, "PACKING LIST", bold=True)
    page.text(
        page.width - margin,
        12 * mm,
        12,
        f"Order {document.order_reference}",
        bold=True,
        align="right",
    )
    info = [f"Parcel {document.parcel_number} / {document.parcel_count}"]
    if document.carrier:
        info.append(document.carrier)
    if document.packed_on:
        info.append(f"Packed {document.packed_on.isoformat()}")
    page.text(page.width - margin, 19 * mm, 9, " · ".join(info), align="right")
    if all(32 <= ord(ch) < 127 for ch in document.order_reference):
        page.code128(
            page.width - margin - 60 * mm,
            25 * mm,
            document.order_reference,
            10 * mm,
            60 * mm,
            largest=2,
        )
    half = (page.width - 2 * margin) / 2
    bottom_from = margin
    if document.ship_from is not None:
        bottom_from = _address_block(page, margin, 40 * mm, "From", document.ship_from, half - 10)
    bottom_to = _address_block(page, margin + half, 40 * mm, "Ship to", document.ship_to, half - 10)
    top = max(bottom_from, bottom_to) + 6 * mm
    if document.sscc:
        page.text(margin, top, 9, f"SSCC {document.sscc}")
        top += 6 * mm
    width = page.width - 2 * margin
    columns = [
        ("#", 10 * mm, "left"),
        ("SKU", 35 * mm, "left"),
        ("Description", width - 95 * mm, "left"),
        ("Lot", 30 * mm, "left"),
        ("Quantity", 20 * mm, "right"),
    ]
    rows = [
        (str(n), line.sku, line.description, line.lot or "", str(line.quantity))
        for n, line in enumerate(document.lines, start=1)
    ]
    first = [page]

    def factory() -> _Page:
        return first.pop() if first else _Page(canvas, size)

    page, top = _table(factory, columns, rows, top, 20 * mm)
    page.rule(margin, top, page.width - margin)
    page.text(
        page.width - margin - 2,
        top + 4,
        10,
        f"Total {document.total_quantity} units, {len(document.lines)} lines",
        bold=True,
        align="right",
    )
    canvas.showPage()


def _customs(canvas: Canvas, document: CustomsDeclaration, size: tuple[float, float]) -> None:
    margin = 15 * mm
    page = _Page(canvas, size)
    full = page.width - 2 * margin
    title = "CUSTOMS DECLARATION" if document.form == "CN22" else "CUSTOMS DECLARATION (DOUANE)"
    page.text(margin, 12 * mm, 18, f"{document.form}  {title}", bold=True, max_width=full - 50 * mm)
    page.text(page.width - margin, 13 * mm, 9, "May be opened officially", align="right")
    if document.sscc:
        page.text(page.width - margin, 18 * mm, 9, f"SSCC {document.sscc}", align="right")
    half = full / 2
    b1 = _address_block(page, margin, 26 * mm, "From (sender)", document.sender, half - 10)
    b2 = _address_block(
        page, margin + half, 26 * mm, "To (recipient)", document.recipient, half - 10
    )
    top = max(b1, b2) + 4 * mm
    if document.sender_reference:
        page.text(margin, top, 9, f"Sender's customs reference: {document.sender_reference}")
        top += 5 * mm
    page.text(margin, top, 8, "CATEGORY OF ITEM", bold=True)
    top += 12
    x = margin
    for key, caption in CATEGORIES.items():
        page.box(x, top, 8, 8)
        if key == document.category:
            page.text(x + 4, top - 0.5, 9, "X", bold=True, align="center")
        page.text(x + 11, top, 9, caption)
        x += 11 + pdfmetrics.stringWidth(caption, page.regular, 9) + 12
    top += 14
    if document.explanation:
        page.text(margin, top, 9, f"Explanation: {document.explanation}", max_width=full)
        top += 13
    top += 3 * mm
    currency = document.currency
    columns = [
        ("Detailed description of contents", full - 124 * mm, "left"),
        ("Quantity", 16 * mm, "right"),
        ("Net weight kg", 25 * mm, "right"),
        (f"Value {currency}", 25 * mm, "right"),
        ("HS tariff No.", 30 * mm, "left"),
        ("Origin", 28 * mm, "left"),
    ]
    rows = [
        (
            line.description,
            str(line.quantity),
            f"{line.net_weight_kg:f}",
            f"{line.value:f}",
            format_hs_code(line.hs_code),
            line.origin_country,
        )
        for line in document.lines
    ]
    first = [page]

    def factory() -> _Page:
        return first.pop() if first else _Page(canvas, size)

    page, top = _table(factory, columns, rows, top, 70 * mm)
    page.rule(margin, top, page.width - margin)
    top += 4
    page.text(margin + 2, top, 9, "Total", bold=True)
    x_qty = margin + full - 124 * mm + 16 * mm - 2
    page.text(x_qty, top, 9, str(document.total_quantity), bold=True, align="right")
    page.text(
        x_qty + 25 * mm, top, 9, f"{document.total_net_weight_kg:f}", bold=True, align="right"
    )
    page.text(
        x_qty + 50 * mm, top, 9, f"{document.total_value:f} {currency}", bold=True, align="right"
    )
    top += 16
    if document.gross_weight_kg is not None:
        gross = validated_decimal(document.gross_weight_kg)
        page.text(margin, top, 9, f"Total gross weight: {format_weight(gross)}")
        top += 13
    if document.postal_charges is not None:
        page.text(margin, top, 9, f"Postal charges / fees: {document.postal_charges:f} {currency}")
        top += 13
    for caption, value in (
        ("Invoice", document.invoice_number),
        ("Licence", document.licence_number),
        ("Certificate", document.certificate_number),
    ):
        if value:
            page.text(margin, top, 9, f"{caption} No.: {value}")
            top += 13
    if document.comments:
        page.text(margin, top, 9, f"Comments: {document.comments}", max_width=full)
        top += 13
    top += 4 * mm
    statement = (
        "I certify that the particulars given in this customs declaration are correct and that "
        "this item does not contain any dangerous article prohibited by legislation or by "
        "postal or customs regulations."
    )
    for line in _wrap(statement, page.regular, 8, full):
        page.text(margin, top, 8, line)
        top += 10
    top += 6 * mm
    signed_on = (document.signed_on or date.today()).isoformat()
    place = f"{document.place}, " if document.place else ""
    page.text(margin, top, 9, f"Place and date: {place}{signed_on}")
    page.text(margin + half, top, 9, "Sender's signature:")
    page.rule(margin + half + 32 * mm, top + 10, page.width - margin)
    if document.signed_by:
        page.text(margin + half + 32 * mm, top + 13, 8, document.signed_by)
    canvas.showPage()


def _activity_report(canvas: Canvas, report: ActivityReport, size: tuple[float, float]) -> None:
    """The owner's header (name, address, tax id, contact), the period, the billed figures,
    then one line per day; the table continues on new pages."""
    margin = 15 * mm
    page = _Page(canvas, size)
    full = page.width - 2 * margin
    page.text(margin, 12 * mm, 16, "ACTIVITY REPORT", bold=True)
    page.text(page.width - margin, 12 * mm, 10, report.hub, bold=True, align="right")
    period = f"{report.start.isoformat()} to {report.end.isoformat()}"
    page.text(page.width - margin, 18 * mm, 9, f"Period {period}", align="right")
    if report.issued_on is not None:
        issued = f"Issued {report.issued_on.isoformat()}"
        page.text(page.width - margin, 23 * mm, 9, issued, align="right")
    top = 28 * mm
    page.text(margin, top, 8, "OWNER", bold=True)
    top += 11
    page.text(margin, top, 12, f"{report.owner_name} ({report.owner_code})", bold=True,
              max_width=full)  # fmt: skip
    top += 16
    for line in report.owner_lines:
        page.text(margin, top, 10, line, max_width=full)
        top += 13
    if report.tax_id:
        page.text(margin, top, 10, f"Tax id: {report.tax_id}", max_width=full)
        top += 13
    top += 5 * mm
    columns = [
        ("Figure", full - 70 * mm, "left"),
        ("Value", 35 * mm, "right"),
        ("Unit", 35 * mm, "left"),
    ]
    rows = [(f.caption, f"{f.value:,}", f.unit) for f in report.figures]
    first = [page]

    def factory() -> _Page:
        return first.pop() if first else _Page(canvas, size)

    page, top = _table(factory, columns, rows, top, 20 * mm)
    top += 3 * mm
    for note in report.notes:
        for line in _wrap(note, page.regular, 8, full):
            page.text(margin, top, 8, line)
            top += 10
    if report.days:
        top += 5 * mm
        if top + 40 > page.height - 20 * mm:
            canvas.showPage()
            page, top = _Page(canvas, size), 20 * mm
        page.text(margin, top, 8, "DAY BY DAY (AT EACH DAY'S END, UTC)", bold=True)
        top += 12
        width = full / 6
        day_columns = [
            ("Day", width, "left"),
            ("Units on hand", width, "right"),
            ("Positions", width, "right"),
            ("Received", width, "right"),
            ("Picked", width, "right"),
            ("Parcels shipped", width, "right"),
        ]
        day_rows = [
            (
                d.day.isoformat(),
                f"{d.units_on_hand:,}",
                f"{d.positions:,}",
                f"{d.received_units:,}",
                f"{d.picked_units:,}",
                f"{d.parcels_shipped:,}",
            )
            for d in report.days
        ]
        again = [page]

        def day_pages() -> _Page:
            if again:
                return again.pop()
            continued = _Page(canvas, size)  # each further page says whose and which period
            caption = f"{report.owner_name} ({report.owner_code}) · {period} · continued"
            continued.text(margin, 10 * mm, 8, caption, max_width=full)
            return continued

        page, top = _table(day_pages, day_columns, day_rows, top, 20 * mm)
    canvas.showPage()


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if pdfmetrics.stringWidth(candidate, font, size) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


# --- entry point -----------------------------------------------------------------------------


def _draw_label(
    page: _Page, label: SsccLabel | BagLabel | LocationLabel | ProductLabel | BadgeLabel
) -> None:
    match label:
        case SsccLabel():
            _draw_sscc(page, label)
        case BagLabel():
            _draw_bag(page, label)
        case LocationLabel():
            _draw_location(page, label)
        case ProductLabel():
            _draw_product(page, label)
        case BadgeLabel():
            _draw_badge(page, label)


def render_pdf(
    items: Label | Document | Iterable[Label | Document],
    page_sizes: Mapping[type, tuple[float, float]] | None = None,
    *,
    title: str = "WMS labels",
) -> bytes:
    """One PDF with a page (or pages) per label or document, each on its type's page size
    (:data:`PAGE_SIZES`, overridable per type with ``page_sizes``)."""
    single = (
        SsccLabel, BagLabel, LocationLabel, ProductLabel, BadgeLabel, CommandSheet, PackingList,
        CustomsDeclaration, ActivityReport,
    )  # fmt: skip
    batch: list[Label | Document] = [items] if isinstance(items, single) else list(items)
    sizes = {**PAGE_SIZES, **(page_sizes or {})}
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setCreator("wms")
    count = 0
    for item in batch:
        size = sizes.get(type(item))
        if size is None:
            raise InvalidValue("label", type(item).__name__, "a label or document", "other")
        count += 1
        if isinstance(item, CommandSheet):
            _command_pages(canvas, item, size)
        elif isinstance(item, PackingList):
            _packing_list(canvas, item, size)
        elif isinstance(item, CustomsDeclaration):
            _customs(canvas, item, size)
        elif isinstance(item, ActivityReport):
            _activity_report(canvas, item, size)
        else:
            _draw_label(_Page(canvas, size), item)
            canvas.showPage()
    if count == 0:
        raise InvalidValue("labels", "", "at least one label or document", "none")
    canvas.save()
    return buffer.getvalue()
