"""Keyboard-wedge detection: scans from typing by inter-key timing or a programmed prefix."""

from __future__ import annotations

import pytest

from wms.core.domain.errors import InvalidValue
from wms.devices.wedge import TypedText, WedgeDetector, WedgeScan


def burst(detector, text, start, gap=0.008):
    events = []
    t = start
    for char in text:
        events += detector.key(char, t)
        t += gap
    return events, t


def typed(events):
    return "".join(e.text for e in events if isinstance(e, TypedText))


def scans(events):
    return [e.text for e in events if isinstance(e, WedgeScan)]


def test_fast_burst_ended_by_enter_is_a_scan_with_gs_and_aim_kept():
    detector = WedgeDetector()
    events, _ = burst(detector, "]C1010950600013435210AB\x1d17270131\r", 10.0)
    assert scans(events) == ["]C1010950600013435210AB\x1d17270131"]
    assert events[-1].ended_by == "enter"
    assert events[-1].symbology == "]C1"
    assert "<GS>" in events[-1].shown


def test_tab_ends_a_scan_too():
    events, _ = burst(WedgeDetector(), "LOC:A-01\t", 0.0)
    assert events == [WedgeScan("LOC:A-01", 0.0, pytest.approx(0.064), "tab")]


def test_slow_typing_is_given_back_as_typing():
    detector = WedgeDetector()
    events, t = burst(detector, "12\r", 0.0, gap=0.15)
    events += detector.tick(t + 1)
    assert scans(events) == []
    assert typed(events) == "12\r"


def test_slow_typing_interleaved_with_scans():
    detector = WedgeDetector()
    events = []
    t = 0.0
    for char in "3x":  # a person types, slowly
        events += detector.key(char, t)
        t += 0.2
    more, t = burst(detector, "4006381333931\r", t)  # a scan
    events += more
    t += 0.4
    for char in "5\r":  # the person again
        events += detector.key(char, t)
        t += 0.25
    events += detector.tick(t + 1)
    assert scans(events) == ["4006381333931"]
    assert typed(events) == "3x5\r"
    order = [e.text for e in events]
    assert order == ["3", "x", "4006381333931", "5", "\r"]


def test_short_fast_burst_is_typing():
    events, _t = burst(WedgeDetector(min_length=4), "ab\r", 0.0)
    assert scans(events) == [] and typed(events) == "ab\r"


def test_burst_ended_by_pause_is_a_scan_only_when_allowed():
    detector = WedgeDetector()
    events, t = burst(detector, "ABCDEFG", 0.0)
    assert events == []
    assert detector.pending == "ABCDEFG"
    assert detector.tick(t + 0.01) == []
    [event] = detector.tick(t + 0.2)
    assert event.text == "ABCDEFG" and event.ended_by == "pause"

    strict = WedgeDetector(pause_ends_scan=False)
    events, t = burst(strict, "ABCDEFG", 0.0)
    assert strict.tick(t + 0.2) == [TypedText("ABCDEFG")]


def test_a_gap_inside_a_burst_splits_it():
    detector = WedgeDetector()
    events, t = burst(detector, "AB", 0.0)
    events += detector.key("C", t + 0.5)
    assert typed(events) == "AB"


def test_programmed_prefix_and_suffix_win_over_timing():
    detector = WedgeDetector(prefix="\x02", suffix="\x03", require_prefix=True)
    events, t = burst(detector, "\x02SLOW1\x03", 0.0, gap=0.2)  # slow link, still a scan
    assert scans(events) == ["SLOW1"]
    assert events[-1].ended_by == "suffix"
    events, t = burst(detector, "typed fast\r", t + 1)
    assert scans(events) == []
    assert typed(events) == "typed fast\r"


def test_prefix_without_suffix_ends_on_enter():
    detector = WedgeDetector(prefix="##")
    events, _ = burst(detector, "##ABC\r", 0.0, gap=0.1)
    assert scans(events) == ["ABC"]


def test_prefixed_scan_cut_off_before_its_suffix_is_given_back():
    detector = WedgeDetector(prefix="\x02", suffix="\x03")
    _events, t = burst(detector, "\x02ABC", 0.0)
    assert detector.tick(t + 1.0) == [TypedText("\x02ABC")]


def test_multi_character_key_texts_are_split():
    detector = WedgeDetector()
    assert scans(detector.key("ABCDE\r", 0.0)) == ["ABCDE"]


def test_bad_settings_are_refused():
    with pytest.raises(InvalidValue):
        WedgeDetector(max_gap=0)
    with pytest.raises(InvalidValue):
        WedgeDetector(require_prefix=True)
