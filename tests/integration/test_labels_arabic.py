"""Arabic on PDF labels is drawn joined and right to left: the text pdftotext reads back is the
Arabic as written (in reading order, letters joined), with numbers and codes inside it intact.
(Rendered with pdftoppm and looked at: the name and street read right to left, joined, the
street number and postcode on the right where an Arabic reader starts.)"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from wms.labels.bidi_text import visual
from wms.labels.model import Address, BadgeLabel, SsccLabel
from wms.labels.pdf import fonts, render_pdf

NAME = "كريم الإدريسي"
STREET = "12 شارع محمد الخامس"  # logical order: the number first, read rightmost
CITY = "الدار البيضاء"

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")


def read_back(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "label.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # joined letters are stored as Arabic presentation forms; NFKC gives the letters back;
    # pdftotext marks a right-to-left run with embedding controls
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u202b", "").replace("\u202c", "").replace("\u200f", "")


def test_an_arabic_line_is_drawn_joined_and_in_display_order() -> None:
    drawn = visual(NAME)
    assert drawn != NAME
    assert all(0xFE70 <= ord(ch) <= 0xFEFF or ch == " " for ch in drawn)  # joined forms
    assert unicodedata.normalize("NFKC", drawn[::-1]) == NAME  # right to left
    assert visual("SO-1001 Paris") == "SO-1001 Paris"  # nothing changes without Arabic


@needs_pdftotext
def test_an_arabic_badge_reads_back_as_written(tmp_path: Path) -> None:
    assert fonts() == ("WmsSans", "WmsSans-Bold")  # DejaVu Sans: it has the Arabic glyphs
    text = read_back(render_pdf(BadgeLabel("2001", NAME, "supervisor")), tmp_path)
    assert NAME in text
    assert "BADGE:2001" in text


@needs_pdftotext
def test_an_arabic_address_keeps_its_numbers_and_the_sscc(tmp_path: Path) -> None:
    label = SsccLabel(
        "361112340000000010",
        Address("Atlas Logistique", city="Casablanca", country="MA"),
        Address(NAME, (STREET,), "20250", CITY, "MA"),
        "Amana",
        order_reference="SO-2001",
    )
    text = read_back(render_pdf(label), tmp_path)
    lines = text.splitlines()
    assert NAME in text
    # pdftotext writes a number next to an Arabic run after it; the words read in order
    street = next(line for line in lines if "شارع محمد الخامس" in line)
    assert "12" in street
    city = next(line for line in lines if CITY in line)
    assert "20250" in city
    assert "SO-2001" in text
