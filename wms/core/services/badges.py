"""Badges: what a badge scan or a keyed badge number identifies.

A badge label is Code 128 ``BADGE:<id>`` (see :class:`wms.labels.model.BadgeLabel`); an operator
without a badge keys the number instead. Both go through the barcode interpreter, as the scan
session's login step does, so the login screen shows the badge the session will check.
"""

from __future__ import annotations

from wms.core.barcodes import ScanKind, ScanSettings, interpret
from wms.core.domain.errors import ScanError

_DEFAULT_SETTINGS = ScanSettings()


def badge_number(text: str, settings: ScanSettings = _DEFAULT_SETTINGS) -> str | None:
    """The badge number in a scanned ``BADGE:<id>`` label or a keyed number; None when ``text``
    is empty, unreadable or another kind of barcode (a location, a product...)."""
    if not text.strip():
        return None
    try:
        scan = interpret(text, settings)
    except ScanError:
        return None
    if scan.kind is ScanKind.BADGE or scan.kind is ScanKind.TEXT:
        return scan.value.strip() or None
    return None
