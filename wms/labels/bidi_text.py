"""Right-to-left text on PDF labels and documents.

reportlab draws characters one after the other, left to right, as they are stored. Arabic is
stored in reading order (right to left) with letters in their isolated form, so drawn as it is
it reads backwards with unjoined letters. :func:`visual` turns a line into what must be drawn:
``arabic_reshaper`` picks each letter's joined form (initial, medial, final, lam-alef
ligatures) and ``python-bidi`` (the Unicode bidirectional algorithm) orders the line for
display, so numbers, codes and Latin words inside an Arabic line keep their own direction. A
line without right-to-left characters is returned unchanged. The font must have the Arabic
presentation forms (DejaVu Sans has them; see :func:`wms.labels.pdf.fonts`).
"""

from __future__ import annotations

import re
from functools import lru_cache

import arabic_reshaper  # type: ignore[import-untyped]  # ships no type information
from bidi import get_display  # type: ignore[import-untyped]  # ships no type information

#: Hebrew, Arabic, Syriac, Thaana, NKo... and the Arabic presentation forms
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def has_right_to_left(text: str) -> bool:
    return _RIGHT_TO_LEFT.search(text) is not None


@lru_cache(maxsize=1024)
def visual(text: str) -> str:
    """``text`` as it must be drawn left to right: Arabic joined and the line in display order."""
    if not has_right_to_left(text):
        return text
    return str(get_display(arabic_reshaper.reshape(text)))
