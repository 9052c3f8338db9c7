"""GS1 DataMatrix for reportlab.

reportlab's :class:`ECC200DataMatrix` draws a 44×44 ECC 200 symbol but only encodes C40 text, and
GS1 DataMatrix needs FNC1 (codeword 232) as its first codeword. This subclass keeps reportlab's
module placement and Reed-Solomon code and replaces the data encoding with ASCII mode: digit
pairs as one codeword, FNC1 first and as the separator after variable-length values.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.barcode.ecc200datamatrix import ECC200DataMatrix

from wms.core.domain.errors import InvalidValue
from wms.labels.gs1 import FNC1, Element, tokens

FNC1_CODEWORD = 232
PAD_CODEWORD = 129
DATA_CODEWORDS = 144  # the 44×44 symbol reportlab draws
ECC_CODEWORDS = 56


def gs1_codewords(elements: Sequence[Element]) -> list[int]:
    """ASCII-mode data codewords for a GS1 element string, padded to the symbol capacity."""
    items = tokens(elements)
    codewords: list[int] = []
    i = 0
    while i < len(items):
        item = items[i]
        if item is FNC1:
            codewords.append(FNC1_CODEWORD)
            i += 1
            continue
        text = str(item)
        following = items[i + 1] if i + 1 < len(items) else None
        if text.isdigit() and isinstance(following, str) and following.isdigit():
            codewords.append(130 + int(text + following))
            i += 2
            continue
        if ord(text) > 127:
            raise InvalidValue("GS1 DataMatrix data", text, "ASCII", "other characters")
        codewords.append(ord(text) + 1)
        i += 1
    if len(codewords) > DATA_CODEWORDS:
        raise InvalidValue(
            "GS1 DataMatrix data",
            len(codewords),
            f"at most {DATA_CODEWORDS} codewords",
            f"{len(codewords)} codewords",
        )
    if len(codewords) < DATA_CODEWORDS:
        codewords.append(PAD_CODEWORD)
    while len(codewords) < DATA_CODEWORDS:
        position = len(codewords) + 1
        pseudo_random = (149 * position) % 253 + 1
        value = PAD_CODEWORD + pseudo_random
        codewords.append(value if value <= 254 else value - 254)
    return codewords


class Gs1DataMatrix(ECC200DataMatrix):  # type: ignore[misc]  # reportlab has no type hints
    """A 44×44 GS1 DataMatrix; ``barWidth`` is the module size in points."""

    encoded: list[list[int]]

    def __init__(self, elements: Sequence[Element], **kwargs: object) -> None:
        self.elements = tuple(elements)
        super().__init__(value="", **kwargs)

    def validate(self) -> None:
        self.valid = 1
        self.validated = ""

    def encode(self) -> list[list[int]]:
        if hasattr(self, "encoded"):
            return self.encoded
        data = gs1_codewords(self.elements)
        data += self._get_reed_solomon_code(data, ECC_CODEWORDS)
        matrix = self._create_matrix(data)
        regions = self._create_data_regions(matrix)
        wrapped = self._wrap_data_regions_with_finders(regions)
        encoded: list[list[int]] = self._merge_data_regions(wrapped)
        encoded.reverse()  # PDF y grows upwards
        self.encoded = encoded
        return encoded
