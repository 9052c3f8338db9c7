"""A Code 128 symbol on a PDF label is the symbol reportlab's ``Code128`` draws, bar for bar.

The renderer encodes a value once with reportlab's encoder and writes the bars itself (kept for
symbols it drew before); what it writes is the same page, byte for byte, as reportlab's
``Code128`` at the largest whole number of 203 dpi dots per module that fits the space given,
for plain text (a location, a badge) and for GS1-128 (FNC1 first and as a separator), drawn
for the first time or again.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfgen.canvas import Canvas

from wms.labels.pdf import DOT, _Page

SIZE = (288.0, 432.0)  # a 4 × 6 inch label

TEXT = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=30)
GS1 = st.lists(
    st.one_of(st.text(alphabet="0123456789", min_size=1, max_size=20), st.just("\xf1")),
    min_size=1,
    max_size=6,
).map(lambda parts: "\xf1" + "".join(parts))


def page_with(draw) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0, invariant=1)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def reportlab_symbol(canvas, x, top, value, height, max_width, largest) -> float:
    canvas.setPageSize(SIZE)
    for dots in range(largest, 0, -1):
        symbol = Code128(value, barWidth=dots * DOT, barHeight=height, quiet=0)
        if symbol.width <= max_width or dots == 1:
            break
    symbol.drawOn(canvas, x, SIZE[1] - top - height)
    return float(symbol.width)


@settings(max_examples=60, deadline=None)
@given(
    value=st.one_of(TEXT, GS1),
    height=st.sampled_from([14.0, 72 * DOT, 220 * DOT]),
    max_width=st.floats(min_value=20, max_value=280),
    largest=st.integers(min_value=1, max_value=4),
)
def test_the_bars_are_reportlabs_code128_at_the_largest_module_that_fits(
    value, height, max_width, largest
) -> None:
    widths: list[float] = []

    def ours(canvas) -> None:
        page = _Page(canvas, SIZE)
        widths.append(page.code128(10.0, 30.0, value, height, max_width, largest=largest))
        widths.append(page.code128(10.0, 200.0, value, height, max_width, largest=largest))

    def reportlabs(canvas) -> None:
        widths.append(reportlab_symbol(canvas, 10.0, 30.0, value, height, max_width, largest))
        widths.append(reportlab_symbol(canvas, 10.0, 200.0, value, height, max_width, largest))

    assert page_with(ours) == page_with(reportlabs)
    assert widths[:2] == widths[2:]
