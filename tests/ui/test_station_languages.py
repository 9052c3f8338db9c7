"""A station in French, Arabic or Chinese shows the core's prompts, feedback and refusals in
that language, and the operator's role in the status bar too; scanned values stay as scanned."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import focus_target, login, person_types, wait_feedback, wedge_scan
from wms.ui.i18n import set_language
from wms.ui.screens.scan import ScanScreen

UNKNOWN_GTIN = "4006381333931"

EXPECTED = {
    "fr": {
        "prompt": "Scannez l'ASN (ou saisissez son numéro), ou CMD:BLIND pour recevoir sans ASN",
        "refusal": "GTIN d'article '04006381333931' inconnu ; il n'est pas dans la fiche article",
        "role": "Youssef El Amrani (opérateur)",
        "mode": "Réception",
    },
    "ar": {
        "prompt": "امسح إشعار الشحن (أو أدخل رقمه)، أو CMD:BLIND للاستلام بدونه",
        "refusal": "GTIN المنتج '04006381333931' غير معروف؛ غير موجود في بيانات المنتجات",
        "role": "Youssef El Amrani (مشغّل)",
        "mode": "الاستلام",
    },
    "zh": {
        "prompt": "扫描 ASN（或输入其编号），或扫描 CMD:BLIND 进行无 ASN 收货",
        "refusal": "未知的商品 GTIN '04006381333931'；不在商品主数据中",
        "role": "Youssef El Amrani（操作员）",
        "mode": "收货",
    },
}


@pytest.fixture
def in_language(request):
    code = request.param
    set_language(code)
    yield code
    set_language("en")


@pytest.mark.parametrize("in_language", ["fr", "ar", "zh"], indirect=True)
def test_a_refusal_and_the_prompts_are_shown_in_the_stations_language(
    station, qtbot, clock, in_language
):
    window, _wedge, _services = station
    expected = EXPECTED[in_language]
    login(qtbot, window, clock)
    assert window.operator_label.text() == expected["role"]
    QTest.keyClick(focus_target(window), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.current(), ScanScreen))
    screen = window.scan_screen
    qtbot.waitUntil(lambda: screen.prompt.text() == expected["prompt"])
    assert expected["mode"] in screen.feedback.text()  # the mode banner
    count = window.controller.handled
    wedge_scan(window, clock, "ASN:ASN-CN-0001")
    wedge_scan(window, clock, UNKNOWN_GTIN)
    wait_feedback(qtbot, window, count + 2)
    assert screen.feedback.level == "error"
    assert expected["refusal"] in screen.feedback.text()
    assert "unknown" not in screen.feedback.text()
    assert re.search(r"\bScan\b", screen.prompt.text()) is None
    right_to_left = QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert right_to_left is (in_language == "ar")


def test_changing_the_language_shows_the_last_message_again_in_the_new_one(station, qtbot, clock):
    window, _wedge, _services = station
    wedge_scan(window, clock, "1001")
    wait_feedback(qtbot, window, 1)
    person_types(window, clock, "0000")  # wrong PIN, refused in English
    wait_feedback(qtbot, window, 2)
    assert "Wrong PIN for badge 1001" in window.login.feedback.text()
    try:
        set_language("fr")
        assert "Code PIN erroné pour le badge 1001" in window.login.feedback.text()
    finally:
        set_language("en")
    assert "Wrong PIN for badge 1001" in window.login.feedback.text()
