"""PDF labels reuse the embedded font subsets they made before, and print the same bytes.

Each PDF embeds the subset of DejaVu Sans its text uses; the renderer keeps the subset and its
compressed stream for glyph sets it has embedded before. A label rendered that way is the same
PDF, byte for byte, as one rendered with a font that makes every subset anew, whatever text
(accented, Arabic, Cyrillic) it carries.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from wms.labels import Address, LocationLabel, ProductLabel, SsccLabel, build_sscc, render_pdf
from wms.labels.pdf import fonts

NAMES = st.text(
    alphabet=st.sampled_from("ABCxyz019 -éèçÉ" + "الدار" + "Москва"), min_size=1, max_size=24
).filter(str.strip)  # a name of spaces only is refused by the label model, as it should be


def labels(name: str, serial: int) -> list[object]:
    origin = Address("Hub CMN1 - Société Générale", ("Lot 12",), "20190", "Casablanca", "MA")
    target = Address(name, ("12 rue de la Paix",), "75002", "Paris", "FR")
    return [
        SsccLabel(
            build_sscc("6111234", serial), origin, target, "Colissimo", "Expert", "SO-1", "2.5",
            1, 1, "03612345678904", 12,
        ),
        ProductLabel("03612345678904", "ARG-OIL-100", name, "L1", date(2027, 5, 31), 6),
        LocationLabel("CMN1", "A-01-02-1"),
    ]  # fmt: skip


@pytest.fixture
def fresh_fonts():
    """Render with fonts that make every subset anew, then put the renderer's back."""
    regular_name, bold_name = fonts()
    if regular_name == "Helvetica":
        pytest.skip("no TrueType font found: nothing is embedded")
    kept = (pdfmetrics.getFont(regular_name), pdfmetrics.getFont(bold_name))

    def use_fresh() -> None:
        for font in kept:
            pdfmetrics.registerFont(TTFont(font.fontName, font.face.filename))

    def use_kept() -> None:
        for font in kept:
            pdfmetrics.registerFont(font)

    yield use_fresh, use_kept
    use_kept()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=NAMES, serial=st.integers(min_value=0, max_value=10**9 - 1))
def test_a_label_with_reused_subsets_is_the_same_pdf(fresh_fonts, name, serial) -> None:
    use_fresh, use_kept = fresh_fonts
    items = labels(name, serial)
    use_kept()
    reused = [render_pdf(item) for item in items] + [render_pdf(item) for item in items]
    use_fresh()
    anew = [render_pdf(item) for item in items]
    use_kept()
    assert reused[: len(items)] == anew
    assert reused[len(items) :] == anew  # the second time from the kept subsets
