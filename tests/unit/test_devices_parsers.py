"""Pure parsers of the device layer: printer URLs and ~HS replies, scale replies, wms.toml."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wms.core.domain.errors import ConfigError, PrinterError, ScaleError
from wms.devices.config import parse_device_settings
from wms.devices.printers import (
    host_status_complete,
    host_status_reply,
    parse_host_status,
    parse_printer_url,
)
from wms.devices.scales import parse_mt_sics_weight, parse_toledo_reply

# -- printer URLs and status --------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind", "host", "port", "path"),
    [
        ("tcp://zebra-01:9100", "tcp", "zebra-01", 9100, ""),
        ("tcp://10.0.0.5", "tcp", "10.0.0.5", 9100, ""),
        ("serial:///dev/ttyUSB0", "serial", "", 0, "/dev/ttyUSB0"),
        ("/dev/ttyUSB1", "serial", "", 0, "/dev/ttyUSB1"),
        ("socket://127.0.0.1:7000", "serial", "", 0, "socket://127.0.0.1:7000"),
        ("file:///var/spool/labels/", "file", "", 0, "/var/spool/labels/"),
        ("cups://Zebra_ZD421", "cups", "", 0, "Zebra_ZD421"),
    ],
)
def test_printer_urls(url, kind, host, port, path):
    target = parse_printer_url(url)
    assert (target.kind, target.host, target.port, target.path) == (kind, host, port, path)


@pytest.mark.parametrize("url", ["htp://x", "tcp://", "tcp://host:port", "cups://", "lpt1"])
def test_bad_printer_urls_say_what_is_expected(url):
    with pytest.raises(PrinterError, match=r"expected a printer URL \(tcp://, serial://"):
        parse_printer_url(url)


def test_ready_status():
    status = parse_host_status(host_status_reply())
    assert status.ready
    assert status.message("tcp://p:9100") == "Printer tcp://p:9100 is ready"


def test_paper_out_status_in_operator_words():
    status = parse_host_status(host_status_reply(paper_out=True))
    assert status.paper_out and not status.ready
    assert (
        status.message("tcp://127.0.0.1:9100")
        == "Printer tcp://127.0.0.1:9100 is out of paper: load labels and press FEED"
    )
    with pytest.raises(PrinterError, match="out of paper"):
        status.raise_for_fault("tcp://127.0.0.1:9100")


def test_head_open_ribbon_out_and_pause_are_all_reported():
    status = parse_host_status(host_status_reply(head_open=True, ribbon_out=True, paused=True))
    message = status.message("P1")
    assert "print head open: close the print head" in message
    assert "out of ribbon" in message
    assert "press PAUSE" in message


def test_real_zebra_reply_layout():
    reply = (
        b"\x02030,0,0,1245,000,0,0,0,000,0,0,0\x03\r\n"
        b"\x02001,0,1,0,1,2,6,0,00000000,1,000\x03\r\n"
        b"\x021234,0\x03\r\n"
    )
    status = parse_host_status(reply)
    assert status.head_open and not status.paper_out and not status.ribbon_out


def test_incomplete_or_foreign_status_reply():
    assert not host_status_complete(host_status_reply()[:30])
    with pytest.raises(PrinterError, match="not a Zebra ~HS answer"):
        parse_host_status(b"HELLO\r\n")


# -- scales -------------------------------------------------------------------------------


def test_mt_sics_stable_weight():
    reading = parse_mt_sics_weight(b"S S      1.234 kg")
    assert reading.weight == Decimal("1.234") and reading.unit == "kg" and reading.stable
    assert parse_mt_sics_weight(b"S S    250.0 g").kg == Decimal("0.2500")


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (b"S D      1.234 kg", "not stable"),
        (b"S +", "overloaded"),
        (b"S -", "under its zero range"),
        (b"S I", "could not give a stable weight"),
        (b"ES", "syntax error"),
        (b"ET", "transmission error"),
        (b"EL", "logical error"),
        (b"S S  1.2x kg", "not a number"),
        (b"HELLO", "unexpected reply"),
    ],
)
def test_mt_sics_refusals_say_what_was_received(reply, words):
    with pytest.raises(ScaleError, match=words) as caught:
        parse_mt_sics_weight(reply, "/dev/scale")
    assert "/dev/scale" in str(caught.value)


def test_mt_sics_dynamic_accepted_on_request():
    reading = parse_mt_sics_weight(b"S D 1.2 kg", accept_dynamic=True)
    assert not reading.stable


def test_toledo_weight_and_status():
    assert parse_toledo_reply(b"\x0201.234\r").weight == Decimal("1.234")
    assert parse_toledo_reply(b"\x0201234\x03").weight == Decimal("1.234")
    assert parse_toledo_reply(b"\x0212.50LB\r").unit == "lb"
    with pytest.raises(ScaleError, match="in motion"):
        parse_toledo_reply(b"\x02?\x61\r")
    with pytest.raises(ScaleError, match="over capacity"):
        parse_toledo_reply(b"\x02?\x62\r")
    with pytest.raises(ScaleError, match="under zero"):
        parse_toledo_reply(b"\x02?\xe4\r")  # parity bit set
    with pytest.raises(ScaleError, match="<STX>"):
        parse_toledo_reply(b"01.234\r")


# -- wms.toml -----------------------------------------------------------------------------


def test_device_settings_are_parsed():
    settings = parse_device_settings(
        {
            "devices": {
                "scanner": {
                    "role": "scanner",
                    "url": "/dev/serial/by-id/usb-X",
                    "baud": 115200,
                    "terminator": "crlf",
                },
                "wedge": {"role": "scanner", "url": "wedge:", "max_gap_ms": 25},
                "label_printer": {"role": "printer", "url": "tcp://zebra:9100", "default": True},
                "a4": {"role": "printer", "url": "cups://Office", "content_type": "pdf"},
                "scale": {"role": "scale", "url": "/dev/ttyUSB0", "protocol": "toledo"},
            }
        }
    )
    assert [d.name for d in settings.scanners] == ["scanner", "wedge"]
    assert settings.get("scanner").serial_settings().baudrate == 115200
    assert settings.get("scanner").terminator == "crlf"
    assert settings.get("wedge").is_wedge
    assert settings.default_printer.name == "label_printer"
    assert settings.printer_url("label_printer") == "tcp://zebra:9100"
    assert settings.printer_url("tcp://other:9100") == "tcp://other:9100"
    toledo = settings.get("scale").serial_settings()
    assert (toledo.parity, toledo.bytesize) == ("E", 7)


def test_every_config_problem_is_reported_with_its_place():
    with pytest.raises(ConfigError) as caught:
        parse_device_settings(
            {
                "devices": {
                    "label_printer": {"role": "printer", "url": "htp://x"},
                    "scanner": {
                        "role": "scanner",
                        "url": "/dev/ttyACM0",
                        "terminator": "tab",
                        "bauds": 9600,
                    },
                    "scale": {
                        "role": "scale",
                        "url": "/dev/ttyUSB0",
                        "protocol": "dibal",
                        "baud": 1234,
                    },
                    "thing": {"role": "toaster", "url": "x"},
                }
            },
            "station.toml",
        )
    message = str(caught.value)
    assert message.startswith("station.toml: 6 problems")
    assert (
        "devices.label_printer.url: expected a printer URL (tcp://, serial://, file://, "
        "cups://), found 'htp://x'" in message
    )
    assert "devices.scanner.terminator: expected cr, lf, crlf or etx, found 'tab'" in message
    assert "devices.scanner.bauds: not a scanner setting" in message
    assert "devices.scale.protocol: expected mt-sics or toledo, found 'dibal'" in message
    assert "devices.scale.baud: expected one of" in message
    assert "devices.thing.role: expected one of scanner, printer, scale" in message


def test_unknown_printer_name():
    settings = parse_device_settings({"devices": {}})
    with pytest.raises(ConfigError, match="unknown printer 'zebra'"):
        settings.printer_url("zebra")


def test_a_label_printer_names_the_truetype_font_stored_on_it():
    settings = parse_device_settings(
        {"devices": {"zebra": {"role": "printer", "url": "tcp://z:9100", "font": "E:TT0003M_.TTF"}}}
    )
    assert settings.printer_font("zebra") == "E:TT0003M_.TTF"
    assert settings.printer_font("tcp://other:9100") is None


def test_a_printer_font_that_is_not_a_stored_font_is_refused():
    with pytest.raises(ConfigError, match=r"devices.zebra.font: expected a font stored on the"):
        parse_device_settings(
            {"devices": {"zebra": {"role": "printer", "url": "tcp://z:9100", "font": "Arial"}}}
        )
