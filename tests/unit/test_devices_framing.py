"""The scan framer: pure, fed with bytes and times, no I/O."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wms.core.domain.errors import InvalidValue
from wms.devices.framing import BadFrame, FramedScan, IncompleteScan, ScanFramer, Terminator

GS1 = b"]C1010950600013435210ABC\x1d17270131"


def texts(events):
    return [e.text for e in events if isinstance(e, FramedScan)]


@pytest.mark.parametrize(
    ("terminator", "suffix"),
    [("cr", b"\r"), ("lf", b"\n"), ("crlf", b"\r\n"), ("etx", b"\x03")],
)
def test_each_terminator_ends_a_scan(terminator, suffix):
    framer = ScanFramer(terminator)
    events = framer.feed(b"4006381333931" + suffix + b"SCAN2" + suffix, now=0.0)
    assert texts(events) == ["4006381333931", "SCAN2"]
    assert framer.pending == b""


def test_etx_frames_may_start_with_stx():
    framer = ScanFramer(Terminator.ETX)
    assert texts(framer.feed(b"\x02ABC-123\x03\x02XYZ\x03", 0.0)) == ["ABC-123", "XYZ"]


def test_partial_reads_are_reassembled_byte_by_byte():
    framer = ScanFramer("crlf", inter_byte_timeout=0.5)
    events = []
    for i, byte in enumerate(GS1 + b"\r\n"):
        events += framer.feed(bytes([byte]), now=i * 0.001)
    assert texts(events) == [GS1.decode()]


def test_gs_and_aim_identifier_are_kept():
    framer = ScanFramer()
    [scan] = framer.feed(GS1 + b"\r", 0.0)
    assert "\x1d" in scan.text
    assert scan.text.startswith("]C1")
    assert scan.symbology == "]C1"
    assert scan.data == GS1
    assert "<GS>" in scan.shown


def test_scan_without_aim_has_no_symbology():
    [scan] = ScanFramer().feed(b"LOC:A-01-02-3\r", 0.0)
    assert scan.symbology is None


def test_crlf_from_a_cr_configured_scanner_makes_no_empty_or_polluted_scans():
    framer = ScanFramer("cr")
    assert texts(framer.feed(b"ONE\r\nTWO\r\n", 0.0)) == ["ONE", "TWO"]


def test_unterminated_scan_is_reported_incomplete_by_tick():
    framer = ScanFramer("cr", inter_byte_timeout=0.1)
    assert framer.feed(b"40063813", now=1.0) == []
    assert framer.tick(now=1.05) == []
    [event] = framer.tick(now=1.2)
    assert isinstance(event, IncompleteScan)
    assert event.data == b"40063813"
    assert "CR" in event.reason
    assert "incomplete scan '40063813'" in event.message
    assert framer.tick(now=5.0) == []


def test_late_bytes_are_not_joined_to_the_cut_off_scan():
    framer = ScanFramer("cr", inter_byte_timeout=0.1)
    framer.feed(b"CUT", now=0.0)
    events = framer.feed(b"NEXT\r", now=1.0)
    assert isinstance(events[0], IncompleteScan)
    assert events[0].data == b"CUT"
    assert texts(events) == ["NEXT"]


def test_invalid_utf8_is_reported_not_raised():
    framer = ScanFramer()
    events = framer.feed(b"AB\xff\xfeCD\rGOOD\r", 0.0)
    assert isinstance(events[0], BadFrame)
    assert "utf-8" in events[0].reason
    assert "0xFF" in events[0].reason
    assert texts(events) == ["GOOD"]


def test_control_characters_other_than_gs_are_reported():
    events = ScanFramer().feed(b"AB\x07CD\r", 0.0)
    assert isinstance(events[0], BadFrame)
    assert "0x07" in events[0].message


def test_over_long_frame_is_reported_once_and_resyncs():
    framer = ScanFramer(max_length=16)
    events = framer.feed(b"X" * 40, 0.0)
    assert len(events) == 1 and isinstance(events[0], BadFrame)
    events = framer.feed(b"Y" * 10 + b"\rOK\r", 0.01)
    assert texts(events) == ["OK"]
    assert not any(isinstance(e, BadFrame) for e in events)


def test_flush_reports_pending_bytes():
    framer = ScanFramer()
    framer.feed(b"HALF", 0.0)
    [event] = framer.flush(0.1, "port closed")
    assert isinstance(event, IncompleteScan) and event.reason == "port closed"
    assert framer.flush(0.2, "again") == []


def test_unknown_terminator_is_refused():
    with pytest.raises(InvalidValue, match="terminator"):
        ScanFramer("tab")


@given(
    scans=st.lists(
        st.text(
            alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.just("\x1d"),
            min_size=1,
            max_size=40,
        ),
        min_size=1,
        max_size=8,
    ),
    cuts=st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=20),
    terminator=st.sampled_from(list(Terminator)),
)
def test_any_chunking_gives_the_same_scans(scans, cuts, terminator):
    framer = ScanFramer(terminator, inter_byte_timeout=1.0)
    stream = b"".join(s.encode() + terminator.bytes for s in scans)
    events, position, i = [], 0, 0
    while position < len(stream):
        size = cuts[i % len(cuts)]
        events += framer.feed(stream[position : position + size], now=position * 0.0001)
        position += size
        i += 1
    assert texts(events) == scans
