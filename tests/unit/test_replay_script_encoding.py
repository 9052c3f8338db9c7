"""`wms replay` reads scripts as UTF-8 bytes and names the line and byte that are not."""

import io

import pytest

from wms.cli.replay import utf8_lines
from wms.core.domain.errors import ConfigError


def lines_of(data: bytes) -> list[str]:
    return list(utf8_lines(io.BytesIO(data), "scan script 'x.replay'"))


def test_utf8_lines_keep_gs_and_arabic_text_inside_a_line():
    assert lines_of("a\x1db\n@key ١٢\r\nz".encode()) == ["a\x1db\n", "@key ١٢\r\n", "z"]


def test_a_lone_carriage_return_ends_a_line_as_in_text_files():
    assert lines_of(b"a\rb\n") == ["a\r", "b\n"]


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"ok\nCMD:BLI\xffND\n", "line 2, byte 8 is 0xFF"),
        (b"\xe9\n", "line 1, byte 1 is 0xE9"),
        (b"a\rb\r\nc\xc3(\n", "line 3, byte 2 is 0xC3"),
    ],
)
def test_a_byte_that_is_not_utf8_is_refused_with_its_line_and_position(data, where):
    with pytest.raises(ConfigError) as refused:
        lines_of(data)

    assert f"scan script 'x.replay' is not UTF-8: {where}" in str(refused.value)
