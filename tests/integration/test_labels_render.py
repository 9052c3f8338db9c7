"""Every label rendered to an image and read back with a real barcode reader (zxing-cpp).

PDF → PNG goes through poppler's pdftoppm (wms.labels.render_png); ZPL → PNG through zplkit, a
local ZPL renderer (test dependency). The zplkit font 0 only has bitmap glyphs for ASCII and a
few accented letters, so ZPL images use such names; escaping of other scripts is checked in
tests/unit/test_labels_model.py.
"""

from __future__ import annotations

import io
import shutil
from datetime import date

import pytest
from PIL import Image

from wms.core.domain.check_digits import has_valid_gs1_check_digit
from wms.labels import (
    Address,
    BadgeLabel,
    BagLabel,
    CommandSheet,
    CustomsDeclaration,
    CustomsLine,
    LocationLabel,
    PackingLine,
    PackingList,
    ProductLabel,
    SsccLabel,
    build_sscc,
    render_pdf,
    render_png,
    render_zpl,
)

zxingcpp = pytest.importorskip("zxingcpp")
needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed"
)

SSCC = build_sscc("6111234", 1)
BAG_SSCC = build_sscc("6111234", 2)
FROM = Address(
    "Hub CMN1 - Société Générale", ("Zone Industrielle", "Lot 12"), "20190", "Casablanca", "MA"
)
TO = Address("Jean Dupont", ("12 rue de la Paix",), "75002", "Paris", "FR")


def sscc_label() -> SsccLabel:
    return SsccLabel(
        SSCC, FROM, TO, "Colissimo", "Expert", "SO-1001", "12.5", 1, 3, "03612345678904", 24
    )


def commands_sheet() -> CommandSheet:
    return CommandSheet.of("Packing bench", [(f"CMD:X{i}", f"Command {i}") for i in range(10)])


# label, expected [(format, symbology identifier, plain text)]
CASES = {
    "sscc": (
        sscc_label,
        [
            ("Code128", "]C1", "42075002"),
            ("Code128", "]C1", "02036123456789043724"),
            ("Code128", "]C1", "00" + SSCC),
        ],
    ),
    "location": (
        lambda: LocationLabel("CMN1", "A-01-02-3", zone="A", location_type="storage"),
        [("Code128", "]C0", "LOC:A-01-02-3")],
    ),
    "product": (
        lambda: ProductLabel(
            "03612345678904", "SKU-1", "Creme 50 ml", "LOT_A>1", date(2026, 5, 31), 12
        ),
        [("Code128", "]C1", "01036123456789041726053110LOT_A>1\x1d3012")],
    ),
    "product-datamatrix": (
        lambda: ProductLabel(
            "3612345678904", "SKU-1", "Creme", "L1", date(2026, 5, 31), symbology="gs1-datamatrix"
        ),
        [("DataMatrix", "]d2", "01036123456789041726053110L1")],
    ),
    "bag": (
        lambda: BagLabel(BAG_SSCC, "FR-PAR", "France - Paris hub", "La Poste", 42, "88.2"),
        [("Code128", "]C1", "00" + BAG_SSCC)],
    ),
    "badge": (
        lambda: BadgeLabel("1001", "Amina El Idrissi", "supervisor"),
        [("Code128", "]C0", "BADGE:1001")],
    ),
    "commands": (
        commands_sheet,
        [("Code128", "]C0", f"CMD:X{i}") for i in range(10)],
    ),
}


def decode(image: Image.Image) -> list[tuple[str, str, str]]:
    found = zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)
    return sorted((str(b.format).replace(" ", ""), b.symbology_identifier, b.text) for b in found)


def expected(rows):
    return sorted((f.replace(" ", ""), s, t) for f, s, t in rows)


@needs_pdftoppm
@pytest.mark.parametrize("kind", list(CASES))
def test_pdf_png_decodes(kind):
    make, rows = CASES[kind]
    image = Image.open(io.BytesIO(render_png(make())))
    assert decode(image) == expected(rows)


@pytest.mark.parametrize("kind", list(CASES))
def test_zpl_renders_and_decodes(kind):
    zplkit = pytest.importorskip("zplkit")
    make, rows = CASES[kind]
    document = zplkit.render(render_zpl(make()).encode("utf-8"), zplkit.Options(dpi=203))
    found = []
    for scene in document.labels:
        raster = scene.rasterize()
        image = Image.frombytes("L", (raster.width, raster.height), raster.pixels)
        found.extend(decode(image))
    assert sorted(found) == expected(rows)


@needs_pdftoppm
def test_sscc_gs1_content_is_the_valid_sscc():
    image = Image.open(io.BytesIO(render_png(sscc_label())))
    symbols = [
        b
        for b in zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)
        if b.text.startswith("00")
    ]
    assert len(symbols) == 1
    symbol = symbols[0]
    assert symbol.symbology_identifier == "]C1"
    assert symbol.content_type == zxingcpp.ContentType.GS1
    assert symbol.text == "00" + SSCC
    assert has_valid_gs1_check_digit(symbol.text[2:])
    hri = zxingcpp.read_barcodes(image)
    assert f"(00){SSCC}" in [b.text for b in hri]


def test_zpl_sscc_label_size_is_4_by_6_inches():
    zplkit = pytest.importorskip("zplkit")
    scene = zplkit.render(render_zpl(sscc_label()).encode(), zplkit.Options(dpi=203)).labels[0]
    assert (scene.width, scene.height) == (812, 1218)


@needs_pdftoppm
def test_documents_render_and_order_barcode_decodes():
    packing = PackingList(
        "SO-1001",
        TO,
        tuple(PackingLine(f"SKU-{i}", f"Article {i} - شركة", i + 1, "L1") for i in range(60)),
        ship_from=FROM,
        sscc=SSCC,
        carrier="Colissimo",
        packed_on=date(2025, 1, 2),
    )
    lines = (
        CustomsLine("Cotton T-shirt", 2, "0.4", "25.00", "6109.10", "MA"),
        CustomsLine("Argan oil 50 ml", 1, "0.1", "12.5", "151590", "MA"),
    )
    cn23 = CustomsDeclaration(
        "CN23",
        FROM,
        TO,
        "sale_of_goods",
        lines,
        gross_weight_kg="0.8",
        signed_by="A. El Idrissi",
        place="Casablanca",
    )
    cn22 = CustomsDeclaration("CN22", FROM, TO, "gift", lines)
    pdf = render_pdf([packing, cn23, cn22])
    assert pdf.startswith(b"%PDF")
    from wms.labels.png import pdf_to_images

    pages = pdf_to_images(pdf, dpi=203)
    assert len(pages) == 4  # 60 packing lines need two pages
    assert ("Code128", "]C0", "SO-1001") in decode(pages[0])
