"""Labels and shipping documents: data classes, ZPL II templates, PDF and PNG rendering.

No Qt here, and nothing of ``wms.core`` but its domain: the core decides *what* to print
(:mod:`wms.core.domain.print_specs`), this package decides how it looks. The print queue and the
``wms label`` commands use:

* label data: :class:`LocationLabel`, :class:`ProductLabel`, :class:`SsccLabel` (with
  :class:`Address`), :class:`BagLabel`, :class:`BadgeLabel`, :class:`CommandSheet`;
* documents: :class:`PackingList` / :class:`PackingLine`, :class:`CustomsDeclaration` /
  :class:`CustomsLine`;
* :func:`render_zpl` (str, to send to a Zebra printer), :func:`render_pdf` (bytes),
  :func:`render_png` (bytes, needs poppler's pdftoppm);
* :func:`render_spec`: a stored print spec (a print job's payload) to ZPL or PDF.
"""

from wms.labels.documents import (
    CATEGORIES,
    CustomsDeclaration,
    CustomsLine,
    Document,
    PackingLine,
    PackingList,
)
from wms.labels.gs1 import Element, build_sscc, format_sscc, normalise_gtin, require_sscc
from wms.labels.model import (
    Address,
    BadgeLabel,
    BagLabel,
    Barcode,
    CommandEntry,
    CommandSheet,
    Label,
    LocationLabel,
    ProductLabel,
    SsccLabel,
)
from wms.labels.pdf import PAGE_SIZES, render_pdf
from wms.labels.png import render_png
from wms.labels.specs import render_spec
from wms.labels.zpl import render_zpl, render_zpl_batch

__all__ = [
    "CATEGORIES",
    "PAGE_SIZES",
    "Address",
    "BadgeLabel",
    "BagLabel",
    "Barcode",
    "CommandEntry",
    "CommandSheet",
    "CustomsDeclaration",
    "CustomsLine",
    "Document",
    "Element",
    "Label",
    "LocationLabel",
    "PackingLine",
    "PackingList",
    "ProductLabel",
    "SsccLabel",
    "build_sscc",
    "format_sscc",
    "normalise_gtin",
    "render_pdf",
    "render_png",
    "render_spec",
    "render_zpl",
    "render_zpl_batch",
    "require_sscc",
]
