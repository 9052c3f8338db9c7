"""The core's messages in the station's language: the catalogues and the translator.

The English sentences are the templates of :func:`wms.core.domain.text.msg` in the code (the one
source); ``resources/translations/messages/<lang>.json`` maps each template to its French,
Arabic or Chinese form with the same ``{fields}``. ``tools/messages_extract.py --check`` (and a
test) fails when a template has no translation in one of them or a translation's fields differ.
The station app and ``wms replay --lang`` render feedback with :func:`translator`; no Qt here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache

from wms.core.domain.text import render
from wms.core.domain.vocabulary import WORD_SET
from wms.resources import resource_path

#: languages a station can show; English is the source
LANGUAGES = ("en", "fr", "ar", "zh")
#: languages written right to left
RIGHT_TO_LEFT = frozenset({"ar"})
TRANSLATED = tuple(code for code in LANGUAGES if code != "en")


def catalog_path(lang: str) -> str:
    return str(resource_path("translations", "messages", f"{lang}.json"))


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """Template -> translated template for ``lang`` (empty for English or an unknown code)."""
    if lang not in TRANSLATED:
        return {}
    with open(catalog_path(lang), encoding="utf-8") as file:
        data = json.load(file)
    return {str(k): str(v) for k, v in data.items() if v}


def translator(lang: str) -> Callable[[object], str]:
    """A function showing a core message (a ``Text``, or anything) in ``lang``."""
    table = catalog(lang)

    def word(value: str) -> str | None:
        return table.get(value) if value in WORD_SET else None

    def translate(text: object) -> str:
        return render(text, table.get, word)

    return translate


def translate(text: object, lang: str) -> str:
    """``text`` in ``lang``; a param that is one of the core's plain words (a role, a status,
    :mod:`wms.core.domain.vocabulary`) is translated too."""
    return translator(lang)(text)
