"""PNG rendering: the label's PDF rasterised by poppler's ``pdftoppm`` at the printer resolution.

Anti-aliasing is off so bars land on whole dots, as a thermal printer would print them. A label
of several pages (a long command sheet) becomes one PNG with the pages stacked top to bottom.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from PIL import Image

from wms.core.domain.errors import InvalidValue, WmsError
from wms.labels.documents import Document
from wms.labels.model import Label
from wms.labels.pdf import render_pdf


class RendererMissing(WmsError):
    code = "renderer_missing"


def pdftoppm_path() -> str:
    path = shutil.which("pdftoppm")
    if path is None:
        raise RendererMissing(
            "PNG labels need pdftoppm from poppler (apt-get install poppler-utils; "
            "brew install poppler); ZPL and PDF work without it"
        )
    return path


def pdf_to_images(pdf: bytes, dpi: int = 203) -> list[Image.Image]:
    """Rasterise every page of ``pdf`` at ``dpi`` (grayscale, no anti-aliasing)."""
    if not 50 <= dpi <= 1200:
        raise InvalidValue("resolution", dpi, "50 to 1200 dpi", str(dpi))
    with tempfile.TemporaryDirectory(prefix="wms-label-") as folder:
        source = Path(folder, "label.pdf")
        source.write_bytes(pdf)
        result = subprocess.run(
            [
                pdftoppm_path(),
                "-r",
                str(dpi),
                "-gray",
                "-aa",
                "no",
                "-aaVector",
                "no",
                "-png",
                str(source),
                str(Path(folder, "page")),
            ],
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            message = result.stderr.decode(errors="replace").strip()
            raise WmsError(f"pdftoppm failed (exit {result.returncode}): {message}")
        pages = sorted(Path(folder).glob("page*.png"))
        images = []
        for page in pages:
            with Image.open(page) as image:
                image.load()
                images.append(image.copy())
    return images


def render_png(item: Label | Document | Iterable[Label | Document], dpi: int = 203) -> bytes:
    """PNG bytes of a label or document (all its pages stacked vertically)."""
    images = pdf_to_images(render_pdf(item), dpi)
    if len(images) == 1:
        combined = images[0]
    else:
        width = max(image.width for image in images)
        combined = Image.new("L", (width, sum(image.height for image in images)), 255)
        top = 0
        for image in images:
            combined.paste(image, (0, top))
            top += image.height
    out = io.BytesIO()
    combined.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()
