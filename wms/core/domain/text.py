"""Operator-facing sentences that can be shown in the station's language.

Every prompt, feedback and refusal the core gives is built with :func:`msg`::

    raise RuleViolation(msg("handling unit {sscc} holds no stock here", sscc=sscc), "empty_unit")

:func:`msg` returns a :class:`Text`: a ``str`` whose value is the English sentence (so logs,
tests and code that treats messages as strings keep working) and which also keeps its
``template`` and ``params``. A screen or ``wms replay --lang`` shows it in another language with
:func:`render`, looking the template up in a catalogue (``resources/translations/messages/``)
and filling the same params in: numbers, codes and scanned values are never translated; a param
that is itself a :class:`Text` is rendered in the same language.

The first argument of :func:`msg` is always a string literal, so ``tools/messages_extract.py``
finds every template in the source (one source of truth: the English is in the code, the
catalogues map it to the other languages, and a test fails when a template lacks one).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from typing import Any

#: the template of two texts joined with ``+`` (not looked up in a catalogue)
JOIN = "{left}{right}"
#: the template of ``text.lower()``: the translation of ``text`` with a small first letter
LOWER = "{lowered}"

Lookup = Callable[[str], "str | None"]


class Text(str):
    """An English sentence (the ``str`` value) with the template and params it was made from."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, params: Mapping[str, object] | None = None) -> Text:
        values = dict(params or {})
        english = template.format_map(values) if values else template.format()
        text = super().__new__(cls, english)
        text.template = template
        text.params = values
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (str(self), self.template, dict(self.params)))

    def __add__(self, other: str) -> Text:  # keeps the parts
        return Text(JOIN, {"left": self, "right": other})

    def __radd__(self, other: str) -> Text:
        return Text(JOIN, {"left": other, "right": self})

    def lower(self) -> Text:  # keeps the text translatable
        """The English in lower case (as ``str.lower``); translated, the first letter only
        (``"{title} task cancelled"`` with ``title=msg("Receiving").lower()``)."""
        lowered = Text(LOWER, {"lowered": self})
        return _with_value(lowered, str.lower(str(self)))

    def as_dict(self) -> dict[str, Any]:
        """Template and params as JSON-ready values (nested texts as nested dicts)."""
        return {
            "template": self.template,
            "params": {key: _plain_param(value) for key, value in self.params.items()},
        }


def _with_value(text: Text, english: str) -> Text:
    """``text`` whose English value is ``english``."""
    return _restore(english, text.template, text.params)


def _restore(english: str, template: str, params: Mapping[str, object]) -> Text:
    made = str.__new__(Text, english)
    made.template = template
    made.params = dict(params)
    return made


def msg(template: str, /, **params: object) -> Text:
    """The sentence ``template`` (English, ``str.format`` fields) with its ``params``."""
    return Text(template, params)


def _plain_param(value: object) -> object:
    if isinstance(value, Text):
        return value.as_dict()
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


def render(text: object, lookup: Lookup, words: Lookup | None = None) -> str:
    """``text`` in the language of ``lookup`` (template -> translated template, or None).

    Anything that is not a :class:`Text` is shown as it is; a template without a translation,
    or a translation that does not fit the params, is shown in English. ``words`` translates a
    param that is a plain string (a role, a status), or returns None to leave it as it is.
    """
    if not isinstance(text, Text):
        return "" if text is None else str(text)
    params = {key: _param(value, lookup, words) for key, value in text.params.items()}
    if text.template == LOWER:
        shown = str(params["lowered"])
        return shown[:1].lower() + shown[1:]
    translated = None if text.template == JOIN else lookup(text.template)
    if translated:
        try:
            return translated.format_map(params) if params else translated.format()
        except (KeyError, IndexError, ValueError):
            pass
    return text.template.format_map(params) if params else text.template.format()


def _param(value: object, lookup: Lookup, words: Lookup | None) -> object:
    if isinstance(value, Text):
        return render(value, lookup, words)
    if words is not None and isinstance(value, str):
        return words(value) or value
    return value


def fields(template: str) -> frozenset[str]:
    """The field names of a template (a translation must use the same ones)."""
    names: set[str] = set()
    for _literal, name, spec, _conversion in string.Formatter().parse(template):
        if name is not None:
            names.add(name)
        if spec:
            names |= fields(spec)
    return frozenset(names)
