"""`wms label ...` through the real console script; outputs decoded with zxing-cpp."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from wms.core.domain.check_digits import location_check_digits
from wms.labels import build_sscc

zxingcpp = pytest.importorskip("zxingcpp")
WMS = str(Path(sys.executable).with_name("wms"))
needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed"
)


def wms(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([WMS, "label", *args], capture_output=True, timeout=60, check=False)


def decoded(path: Path) -> list[tuple[str, str]]:
    image = Image.open(path)
    return sorted(
        (b.symbology_identifier, b.text)
        for b in zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)
    )


SHIP_TO = [
    "--ship-to-name",
    "Société Générale",
    "--ship-to-address",
    "29 bd Haussmann",
    "--ship-to-postcode",
    "75009",
    "--ship-to-city",
    "Paris",
    "--ship-to-country",
    "fr",
    "--carrier",
    "DHL",
    "--weight",
    "3.2",
]


def test_location_zpl_to_stdout():
    result = wms("location", "A-01-02-3", "--warehouse", "CMN1", "--out", "-")
    assert result.returncode == 0, result.stderr
    zpl = result.stdout.decode()
    assert zpl.startswith("^XA") and zpl.rstrip().endswith("^XZ")
    assert ">:LOC:A-01-02-3" in zpl
    assert f"^FD{location_check_digits('CMN1', 'A-01-02-3')}^FS" in zpl


@needs_pdftoppm
def test_sscc_png_built_from_company_prefix(tmp_path):
    out = tmp_path / "sscc.png"
    result = wms(
        "sscc", "--company-prefix", "6111234", "--serial", "42", *SHIP_TO, "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    sscc = build_sscc("6111234", 42)
    assert ("]C1", "00" + sscc) in decoded(out)
    assert ("]C1", "42075009") in decoded(out)


@needs_pdftoppm
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["location", "B-02-01-1", "--warehouse", "CMN1"], [("]C0", "LOC:B-02-01-1")]),
        (
            [
                "product",
                "--gtin",
                "361234567890",
                "--sku",
                "A1",
                "--name",
                "Argan oil",
                "--lot",
                "L7",
                "--expiry",
                "2026-05-31",
            ],
            [("]C1", "01003612345678901726053110L7")],
        ),
        (
            [
                "product",
                "--gtin",
                "03612345678904",
                "--sku",
                "A1",
                "--name",
                "Argan oil",
                "--lot",
                "L7",
                "--datamatrix",
            ],
            [("]d2", "010361234567890410L7")],
        ),
        (
            [
                "bag",
                "--sscc",
                build_sscc("6111234", 7),
                "--destination-code",
                "FR-PAR",
                "--destination-name",
                "France - Paris hub",
                "--parcels",
                "12",
            ],
            [("]C1", "00" + build_sscc("6111234", 7))],
        ),
        (
            ["badge", "--badge", "1001", "--name", "Amina", "--role", "admin"],
            [("]C0", "BADGE:1001")],
        ),
    ],
)
def test_kinds_to_png_decode(tmp_path, args, expected):
    out = tmp_path / "label.png"
    result = wms(*args, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert decoded(out) == sorted(expected)


@needs_pdftoppm
def test_command_sheet_carries_every_command(tmp_path):
    from wms.cli.labels import command_sheet_entries
    from wms.core.barcodes.commands import COMMANDS

    out = tmp_path / "commands.png"
    result = wms("commands", "--out", str(out))
    assert result.returncode == 0, result.stderr
    texts = {text for _sid, text in decoded(out)}
    assert texts == {text for text, _caption in command_sheet_entries()}
    for command in COMMANDS:
        if not command.takes_argument:
            assert command.barcode in texts


def test_pdf_format_from_extension(tmp_path):
    out = tmp_path / "badge.pdf"
    result = wms("badge", "--badge", "7", "--name", "Ali", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sscc", "--sscc", "361112340000000011", *SHIP_TO], "expected check digit 0"),
        (["product", "--gtin", "3612345678", "--sku", "A", "--name", "B"], "GTIN"),
        (
            [
                "product",
                "--gtin",
                "03612345678904",
                "--sku",
                "A",
                "--name",
                "B",
                "--expiry",
                "31/05/2026",
            ],
            "YYYY-MM-DD",
        ),
        (["badge", "--badge", "1", "--name", "A", "--role", "king"], "role"),
    ],
)
def test_bad_input_is_one_clear_line(args, message):
    result = wms(*args)
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert message in stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
