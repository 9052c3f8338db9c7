"""AIM symbology identifiers (ISO/IEC 15424): the ``]Cm`` prefix a scanner can put before data."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Symbology identifiers whose data must be GS1 element strings (GS1 General Specifications 5.1.2).
GS1_SYMBOLOGIES = frozenset({"]C1", "]e0", "]e1", "]e2", "]d2", "]Q3", "]J1"})
# Of those, the ones that may carry a GS1 Digital Link URI instead.
DIGITAL_LINK_SYMBOLOGIES = frozenset({"]d2", "]Q3"})
# EAN/UPC and ITF-14: the data must be a GTIN.
GTIN_SYMBOLOGIES = frozenset({"]E0", "]E3", "]E4", "]I1"})

_EXACT_NAMES = {
    "]C1": "GS1-128",
    "]e0": "GS1 DataBar",
    "]e1": "GS1 Composite",
    "]e2": "GS1 Composite",
    "]d2": "GS1 DataMatrix",
    "]Q3": "GS1 QR Code",
    "]J1": "GS1 DotCode",
    "]E0": "EAN-13",
    "]E1": "EAN 2-digit add-on",
    "]E2": "EAN 5-digit add-on",
    "]E3": "EAN-13 with add-on",
    "]E4": "EAN-8",
    "]I1": "ITF-14",
}

_FAMILY_NAMES = {
    "A": "Code 39",
    "B": "Telepen",
    "C": "Code 128",
    "D": "Code One",
    "E": "EAN/UPC",
    "F": "Codabar",
    "G": "Code 93",
    "H": "Code 11",
    "I": "Interleaved 2 of 5",
    "J": "DotCode",
    "K": "Code 16K",
    "L": "PDF417",
    "M": "MSI",
    "N": "Anker",
    "O": "Codablock",
    "P": "Plessey Code",
    "Q": "QR Code",
    "R": "Straight 2 of 5",
    "S": "Straight 2 of 5",
    "T": "Code 49",
    "U": "MaxiCode",
    "X": "Other barcode",
    "Z": "Keyboard entry",
    "c": "Channel Code",
    "d": "DataMatrix",
    "e": "GS1 DataBar",
    "o": "OCR",
    "p": "PosiCode",
    "s": "SuperCode",
    "z": "Aztec Code",
}

_AIM = re.compile(r"\]([A-Za-z])([0-9A-Za-z])")


@dataclass(frozen=True)
class Symbology:
    identifier: str
    name: str

    @property
    def is_gs1(self) -> bool:
        return self.identifier in GS1_SYMBOLOGIES

    @property
    def carries_gtin(self) -> bool:
        return self.identifier in GTIN_SYMBOLOGIES


def split_symbology(data: str) -> tuple[Symbology | None, str]:
    """Split a leading AIM symbology identifier off ``data``.

    A ``]`` followed by a code character this module does not know is not taken for an identifier:
    the data is then returned whole (it may be plain text that happens to start with ``]``).
    """
    match = _AIM.match(data)
    if match is None or match.group(1) not in _FAMILY_NAMES:
        return None, data
    identifier = match.group(0)
    return Symbology(identifier, symbology_name(identifier, data[3:])), data[3:]


def symbology_name(identifier: str, payload: str = "") -> str:
    """A human name for an AIM identifier; ``]E0`` is told apart as EAN-13 / UPC-A / UPC-E."""
    if identifier == "]E0":
        digits = payload.strip()
        if len(digits) in (6, 7, 8):
            return "UPC-E"
        if len(digits) == 12 or (len(digits) == 13 and digits.startswith("0")):
            return "UPC-A"
        return "EAN-13"
    if identifier in _EXACT_NAMES:
        return _EXACT_NAMES[identifier]
    return _FAMILY_NAMES.get(identifier[1:2], f"symbology {identifier}")
