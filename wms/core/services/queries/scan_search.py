"""Scan to find: what a scan asks the stock and ledger searches for.

A supervisor looking for stock scans what is in front of them — a location label, a product's
GTIN, a case's GS1-128 label with its lot, a pallet's SSCC, an order or ASN document — instead of
typing a code. :func:`scan_search` reads the scan exactly as a workflow would
(:func:`wms.core.barcodes.interpret`) and turns it into the :class:`~.paging.Filters` fields the
stock and ledger sources understand:

=====================  =============================================================
scan                   filters
=====================  =============================================================
``LOC:A-01-02-2``      location = A-01-02-2
a GTIN (8 to 14)       gtin: the product whose packaging level carries it
GS1 element string     gtin (01) or content gtin (02), lot (10), SSCC (00)
an SSCC                handling unit
``TOTE:…``             handling unit (the tote's code)
``ORD:…`` / ``ASN:…``  reference: the movements of that document (the ledger), the units they
                       moved (stock)
other text             a prefix search (several words narrow down), as typed
=====================  =============================================================

A command barcode (``CMD:…``) or a badge is not a search: the result says so and changes no
filter. Pure: no database, no Qt (the GTIN is resolved to its product inside the query).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from wms.core.barcodes import interpret
from wms.core.barcodes.scan import Scan, ScanKind, ScanSettings
from wms.core.domain.errors import ScanError

_DEFAULT_SETTINGS = ScanSettings(gs_substitutes=("<GS>",))


class SearchKind(StrEnum):
    """What the scan named."""

    LOCATION = "location"
    PRODUCT = "product"
    HANDLING_UNIT = "handling_unit"
    DOCUMENT = "document"
    TEXT = "text"
    NOT_A_SEARCH = "not_a_search"
    EVERYTHING = "everything"


@dataclass(frozen=True)
class ScanSearch:
    """The filters one scan sets; every other scan filter is cleared (a new scan is a new
    search). ``shown`` says in one line what is searched for."""

    kind: SearchKind
    shown: str
    search: str = ""
    sku: str = ""
    gtin: str = ""
    lot: str = ""
    location: str = ""
    handling_unit: str = ""
    reference: str = ""

    @property
    def changes_filters(self) -> bool:
        return self.kind is not SearchKind.NOT_A_SEARCH

    def filters(self) -> dict[str, Any]:
        """The :class:`~.paging.Filters` fields to set (``dataclasses.replace`` keywords)."""
        if not self.changes_filters:
            return {}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in SCAN_FILTERS}


#: the Filters fields a scan sets or clears
SCAN_FILTERS = ("search", "sku", "gtin", "lot", "location", "handling_unit", "reference")


def scan_search(raw: str, settings: ScanSettings = _DEFAULT_SETTINGS) -> ScanSearch:
    """What ``raw`` (a scan, or text typed into a search box) asks the searches for."""
    text = raw.strip().strip("\r\n")
    if not text:
        return ScanSearch(SearchKind.EVERYTHING, "everything")
    try:
        scan = interpret(text, settings)
    except ScanError:
        # not a barcode this station reads (a check digit off, a typo): search it as text
        return _text(text)
    return _search_for(scan, text)


def _text(text: str) -> ScanSearch:
    words = " ".join(text.replace("\x1d", " ").split())
    return ScanSearch(SearchKind.TEXT, f"text '{words}'", search=words)


def _search_for(scan: Scan, text: str) -> ScanSearch:
    if scan.kind is ScanKind.LOCATION:
        return ScanSearch(SearchKind.LOCATION, f"location {scan.value}", location=scan.value)
    if scan.kind is ScanKind.DOCUMENT:
        document = (scan.document_type or "document").lower()
        return ScanSearch(SearchKind.DOCUMENT, f"{document} {scan.value}", reference=scan.value)
    if scan.kind is ScanKind.TOTE:
        return ScanSearch(SearchKind.HANDLING_UNIT, f"tote {scan.value}", handling_unit=scan.value)
    if scan.kind is ScanKind.HANDLING_UNIT:
        sscc = scan.sscc or scan.value
        if scan.content_gtin:
            return _product(scan, scan.content_gtin, handling_unit=sscc)
        return ScanSearch(SearchKind.HANDLING_UNIT, f"SSCC {sscc}", handling_unit=sscc)
    if scan.kind is ScanKind.PRODUCT:
        gtin = scan.gtin or scan.content_gtin or scan.value
        return _product(scan, gtin, handling_unit=scan.sscc or "")
    if scan.kind is ScanKind.COMMAND:
        return ScanSearch(SearchKind.NOT_A_SEARCH, f"the command {text}: not a search")
    if scan.kind is ScanKind.BADGE:
        return ScanSearch(SearchKind.NOT_A_SEARCH, "a badge: not a search")
    return _text(scan.value or text)


def _product(scan: Scan, gtin: str, *, handling_unit: str) -> ScanSearch:
    lot = scan.lot or ""
    parts = [f"product GTIN {gtin}"]
    if lot:
        parts.append(f"lot {lot}")
    if handling_unit:
        parts.append(f"SSCC {handling_unit}")
    return ScanSearch(
        SearchKind.PRODUCT, ", ".join(parts), gtin=gtin, lot=lot, handling_unit=handling_unit
    )
