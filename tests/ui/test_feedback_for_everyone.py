"""Feedback every operator can read: red-green colour-blind ones, ones a step away from the
screen, ones who scan the same case twice and must see the second one taken too.

The colour checks use WCAG 2 relative luminance and contrast ratio, and simulate protanopia and
deuteranopia with the matrices of Machado, Oliveira & Fernandes (2009), severity 1.0, applied
to linear RGB.
"""

from __future__ import annotations

from itertools import combinations
from types import SimpleNamespace

import pytest

from wms.ui.style import BANNERS, INK, STYLE_SHEET
from wms.ui.widgets.feedback import FeedbackBanner

LEVELS = ("ok", "attention", "error")

IDENTITY = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
PROTANOPIA = (
    (0.152286, 1.052583, -0.204868),
    (0.114503, 0.786281, 0.099216),
    (-0.003882, -0.048116, 1.051998),
)
DEUTERANOPIA = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)
VISIONS = {"normal": IDENTITY, "protanopia": PROTANOPIA, "deuteranopia": DEUTERANOPIA}

#: WCAG AA for large text (the banner is 24 pt bold) is 3:1; we ask for normal text's 4.5:1
TEXT_CONTRAST = 4.5
#: two banners side by side in grey must differ at least this much in contrast ratio
LEVEL_CONTRAST = 2.0


def linear_rgb(colour: str) -> tuple[float, float, float]:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return r, g, b


def seen(colour: str, vision) -> tuple[float, float, float]:
    rgb = linear_rgb(colour)
    r, g, b = (
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in vision
    )
    return r, g, b


def luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: float, b: float) -> float:
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_simulation_matrices_keep_grey_grey():
    for vision in VISIONS.values():
        r, g, b = seen("#808080", vision)
        assert abs(r - g) < 0.01 and abs(g - b) < 0.01


def test_the_old_green_and_red_banners_were_indistinguishable_in_grey():
    old_green, old_red = luminance(seen("#1b7f3b", IDENTITY)), luminance(seen("#c62828", IDENTITY))
    assert contrast(old_green, old_red) < 1.2  # why this test exists


@pytest.mark.parametrize("vision", VISIONS)
def test_each_level_keeps_its_text_readable(vision):
    for level in LEVELS:
        look = BANNERS[level]
        ratio = contrast(
            luminance(seen(look.background, VISIONS[vision])),
            luminance(seen(look.text, VISIONS[vision])),
        )
        assert ratio >= TEXT_CONTRAST, (vision, level, round(ratio, 2))


@pytest.mark.parametrize("vision", VISIONS)
def test_the_levels_differ_in_brightness_for_every_vision(vision):
    brightness = {
        level: luminance(seen(BANNERS[level].background, VISIONS[vision])) for level in LEVELS
    }
    for a, b in combinations(LEVELS, 2):
        ratio = contrast(brightness[a], brightness[b])
        assert ratio >= LEVEL_CONTRAST, (vision, a, b, round(ratio, 2))
    # and always in the same order: error darkest, attention brightest
    assert brightness["error"] < brightness["ok"] < brightness["attention"]


def test_each_level_has_its_own_icon_and_shape(qtbot):
    banner = FeedbackBanner()
    qtbot.addWidget(banner)
    icons, frames = set(), set()
    for level in LEVELS:
        banner.show_message("lot 120 received", level)
        assert banner.text() == f"{BANNERS[level].icon}  Lot 120 received"
        assert BANNERS[level].frame in banner.styleSheet()
        icons.add(BANNERS[level].icon)
        frames.add(BANNERS[level].frame)
    assert icons == {"✓", "!", "✗"}
    assert len(frames) == 3
    assert BANNERS["attention"].text == INK  # dark text on the light amber


def test_every_accepted_input_flashes_even_when_the_sentence_repeats(qtbot):
    banner = FeedbackBanner()
    qtbot.addWidget(banner)
    accepted = SimpleNamespace(ok=True, level="ok", message="1 x CN-TEA-GP: 7 of 12")
    banner.show_feedback(accepted)
    assert banner.flashes == 1 and banner.flashing
    qtbot.waitUntil(lambda: not banner.flashing, timeout=2_000)
    banner.show_feedback(accepted)  # the same case scanned again: the same sentence
    assert banner.flashes == 2 and banner.flashing
    assert "background: #ffffff" in banner.styleSheet()
    qtbot.waitUntil(lambda: not banner.flashing, timeout=2_000)
    assert f"background: {BANNERS['ok'].background}" in banner.styleSheet()
    banner.show_feedback(SimpleNamespace(ok=False, level="error", message="unknown product"))
    assert banner.flashes == 2  # a refusal does not flash: it stays dark red with its ✗


def test_counts_that_change_per_scan_are_in_large_type(qtbot):
    from wms.ui.screens.scan import ScanScreen

    screen = ScanScreen("receiving", operator_name="Amina", station="CMN1-T01")
    screen.setStyleSheet(STYLE_SHEET)
    qtbot.addWidget(screen)
    screen.show()
    feedback = SimpleNamespace(
        ok=True, level="ok", message="120 x CN-TEA-GP", prompt="Scan the next case",
        destination="", context={"sku": "CN-TEA-GP", "received": 120, "remaining": 120},
        summary=(),
    )  # fmt: skip
    screen.show_feedback(feedback)
    values = {
        label.text(): label
        for label in screen.context_box.findChildren(type(screen.prompt))
        if label.objectName() in ("ContextValue", "ContextCount")
    }
    assert values["120"].objectName() == "ContextCount"
    assert values["CN-TEA-GP"].objectName() == "ContextValue"
    values["120"].ensurePolished()
    values["CN-TEA-GP"].ensurePolished()
    assert values["120"].font().pointSize() >= 30
    assert values["120"].font().pointSize() > 1.5 * values["CN-TEA-GP"].font().pointSize()
