"""Languages of the station app: English (source), French, Arabic (right to left), Chinese.

The frame's own strings are Qt ``.ts`` files; the core's messages (prompts, feedback,
refusals) are :class:`~wms.core.domain.text.Text` values rendered by :func:`shown` from the
catalogues of :mod:`wms.messages`. Qt translations are ``.ts`` files in
``resources/translations/`` compiled to ``.qm`` with ``pyside6-lrelease`` (see
``resources/translations/build.py``). :func:`set_language` swaps the installed translator and
the layout direction; widgets then get a ``LanguageChange`` event.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from wms.messages import translate
from wms.resources import resource_path

log = logging.getLogger("wms.ui.i18n")

#: code -> the language's own name (shown on the login screen)
LANGUAGES: dict[str, str] = {
    "en": "English",
    "fr": "Français",
    "ar": "العربية",
    "zh": "中文",
}
RIGHT_TO_LEFT = {"ar"}

_installed: dict[str, object] = {"translator": None, "code": "en"}


def translations_dir() -> Path:
    return resource_path("translations")


def current_language() -> str:
    return str(_installed["code"])


def set_language(code: str, app: QCoreApplication | None = None) -> bool:
    """Install the translation of ``code`` (``en`` removes any); False if it is missing."""
    app = app or QCoreApplication.instance()
    if app is None:
        return False
    code = code if code in LANGUAGES else "en"
    old = _installed["translator"]
    if old is not None:
        app.removeTranslator(old)  # type: ignore[arg-type]
        _installed["translator"] = None
    found = True
    if code != "en":
        translator = QTranslator(app)
        path = translations_dir() / f"wms_{code}.qm"
        if translator.load(str(path)):
            app.installTranslator(translator)
            _installed["translator"] = translator
        else:
            log.warning("no translation file %s; showing English", path)
            found = False
    _installed["code"] = code
    QLocale.setDefault(QLocale(code))
    if isinstance(app, QApplication):
        direction = (
            Qt.LayoutDirection.RightToLeft
            if code in RIGHT_TO_LEFT
            else Qt.LayoutDirection.LeftToRight
        )
        app.setLayoutDirection(direction)
    # deliver the LanguageChange events now: the screen is retranslated before the next scan
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    QCoreApplication.sendPostedEvents(app, QEvent.Type.LanguageChange)
    return found


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def shown(text: object) -> str:
    """A core message (a :class:`~wms.core.domain.text.Text`: prompt, feedback, refusal) in the
    station's current language; any other string as it is."""
    return translate(text, current_language())


#: operator roles as the status bar shows them
ROLE_NAMES = {
    "operator": QT_TRANSLATE_NOOP("Roles", "operator"),
    "supervisor": QT_TRANSLATE_NOOP("Roles", "supervisor"),
    "admin": QT_TRANSLATE_NOOP("Roles", "admin"),
}


def role_name(role: str) -> str:
    english = ROLE_NAMES.get(role)
    return QCoreApplication.translate("Roles", str(english)) if english else role
