"""Colours, type sizes and the style sheet of the station app.

Scanning screens are read from 1–2 m away, often under warehouse lighting: high contrast, big
type, and colours that mean one thing each (green accepted, amber look at this, red refused).

The feedback banner never relies on hue alone (one operator in twelve sees red and green alike):
each level has its own icon (✓ ! ✗), its own shape (rounded, dashed frame, square with a bold
frame) and its own brightness — dark red, mid green, light amber — so the three stay apart in
grey, and under protanopia and deuteranopia (a test holds their contrast ratios to that).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)

OK = "#1b7f3b"
ATTENTION = "#c77700"
ERROR = "#c62828"
NEUTRAL = "#37474f"
INK = "#111111"
PAPER = "#f4f6f8"
ACCENT = "#0d47a1"

LEVEL_COLOURS = {"ok": OK, "attention": ATTENTION, "error": ERROR, "": NEUTRAL}


@dataclass(frozen=True)
class BannerLook:
    """How the feedback banner shows one level: background, text colour, icon and frame."""

    background: str
    text: str
    icon: str
    frame: str  # the Qt style sheet border / radius that gives the level its shape


BANNERS = {
    "ok": BannerLook(OK, "#ffffff", "✓", "border: 4px solid #0b3d1c; border-radius: 28px;"),
    "attention": BannerLook("#ffd54f", INK, "!", "border: 5px dashed #5d4300; border-radius: 6px;"),
    "error": BannerLook("#6f0000", "#ffffff", "✗", "border: 6px solid #111111; border-radius: 0;"),
    "": BannerLook(NEUTRAL, "#ffffff", "", "border: none; border-radius: 10px;"),
}


def named(widget: W, name: str) -> W:
    """``widget`` with the object name the style sheet selects it by (``QLabel#Title``...)."""
    widget.setObjectName(name)
    return widget


def colour(level: str) -> QColor:
    return QColor(LEVEL_COLOURS.get(level, NEUTRAL))


def font(points: int, bold: bool = False) -> QFont:
    result = QFont()
    result.setPointSize(points)
    result.setBold(bold)
    return result


STYLE_SHEET = f"""
QWidget {{ font-size: 13pt; color: {INK}; }}
QMainWindow, QStackedWidget > QWidget, QScrollArea#Screen > QWidget {{ background: {PAPER}; }}
QLabel#Title {{ font-size: 20pt; font-weight: bold; color: {ACCENT}; }}
QLabel#Subtitle {{ font-size: 13pt; color: #455a64; }}
QLabel#Prompt {{ font-size: 34pt; font-weight: bold; color: {INK}; }}
QLabel#Destination {{ font-size: 110pt; font-weight: bold; color: white;
    background: {ACCENT}; border-radius: 12px; padding: 4px 24px; }}
QLabel#Feedback {{ font-size: 24pt; font-weight: bold; color: white;
    border-radius: 10px; padding: 12px 18px; background: {NEUTRAL}; }}
QLabel#Hint {{ font-size: 12pt; color: #37474f; }}
QLabel#ContextKey {{ font-size: 13pt; color: #546e7a; }}
QLabel#ContextValue {{ font-size: 17pt; font-weight: bold; }}
QLabel#ContextCount {{ font-size: 34pt; font-weight: bold; }}
QLabel#Weight {{ font-size: 44pt; font-weight: bold; font-family: monospace; }}
QLineEdit#Entry {{ font-size: 26pt; padding: 6px 10px; border: 3px solid {ACCENT};
    border-radius: 8px; background: white; }}
QLineEdit#Pin {{ font-size: 30pt; padding: 6px 10px; border: 3px solid {ACCENT};
    border-radius: 8px; background: white; letter-spacing: 6px; }}
QPushButton {{ padding: 8px 16px; border: 1px solid #90a4ae; border-radius: 6px;
    background: white; }}
QPushButton:focus {{ border: 3px solid {ACCENT}; }}
QPushButton:pressed {{ background: #cfd8dc; }}
QPushButton#Workflow {{ font-size: 20pt; font-weight: bold; padding: 18px; min-height: 70px;
    text-align: left; }}
QPushButton#Carton {{ font-size: 15pt; font-weight: bold; padding: 3px 12px;
    text-align: left; border: 2px solid #b0bec5; border-radius: 8px; }}
QPushButton#Primary {{ font-size: 14pt; font-weight: bold; padding: 6px 10px; }}
QLabel#ParcelLine {{ font-size: 13pt; font-weight: bold; }}
QFrame#PackPanel QLabel#Weight {{ font-size: 38pt; }}
QLabel#JobLines {{ font-size: 13pt; }}
QPushButton#Language {{ font-size: 15pt; padding: 8px 18px; }}
QPushButton#Language:checked {{ background: {ACCENT}; color: white; }}
QTableView {{ background: white; gridline-color: #cfd8dc; font-size: 12pt;
    selection-background-color: #bbdefb; selection-color: {INK}; }}
QHeaderView::section {{ background: #e3e8ec; padding: 5px; border: none;
    border-right: 1px solid #cfd8dc; font-weight: bold; font-size: 12pt; }}
QTabBar::tab {{ padding: 8px 16px; font-size: 13pt; }}
QTabBar::tab:selected {{ font-weight: bold; color: {ACCENT}; }}
QStatusBar {{ background: #e3e8ec; }}
QStatusBar QLabel {{ font-size: 11pt; padding: 0 6px; }}
"""
