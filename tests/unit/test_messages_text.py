"""Core messages are English strings that remember their template and params, so a station
shows them in its own language with the scanned values, numbers and codes left as they are."""

from __future__ import annotations

import pickle

from wms.core.domain.errors import InvalidValue, NotFound, RuleViolation
from wms.core.domain.text import Text, fields, msg, render
from wms.core.services.workflows.inputs import Feedback

FRENCH = {
    "handling unit {sscc} holds no stock here": "l'unité {sscc} ne contient pas de stock ici",
    "expected: {prompt}; found {found}": "attendu : {prompt} ; reçu {found}",
    "Scan the location": "Scannez l'emplacement",
    "{count} units": "{count} unités",
    "unknown {what} {key}": "{what} {key} inconnu",
    "location": "emplacement",
}


def test_a_message_is_its_english_sentence_and_keeps_template_and_params() -> None:
    text = msg("handling unit {sscc} holds no stock here", sscc="376110000000000017")
    assert text == "handling unit 376110000000000017 holds no stock here"
    assert isinstance(text, str)
    assert text.template == "handling unit {sscc} holds no stock here"
    assert text.params == {"sscc": "376110000000000017"}


def test_rendering_translates_the_template_and_leaves_values_alone() -> None:
    text = msg("handling unit {sscc} holds no stock here", sscc="376110000000000017")
    assert render(text, FRENCH.get) == "l'unité 376110000000000017 ne contient pas de stock ici"
    assert render(msg("{count} units", count=1200), FRENCH.get) == "1200 unités"


def test_a_message_inside_a_message_is_rendered_in_the_same_language() -> None:
    refusal = msg(
        "expected: {prompt}; found {found}", prompt=msg("Scan the location"), found="'A-01'"
    )
    assert refusal == "expected: Scan the location; found 'A-01'"
    assert render(refusal, FRENCH.get) == "attendu : Scannez l'emplacement ; reçu 'A-01'"


def test_a_template_without_translation_or_with_a_broken_one_is_shown_in_english() -> None:
    assert render(msg("Scan the tote {tote}", tote="T1"), FRENCH.get) == "Scan the tote T1"
    broken = {"Scan the tote {tote}": "Scannez le bac {bac}"}
    assert render(msg("Scan the tote {tote}", tote="T1"), broken.get) == "Scan the tote T1"
    assert render("plain text", FRENCH.get) == "plain text"


def test_joined_messages_keep_both_parts_translatable() -> None:
    joined = msg("Scan the location") + " (A-01)"
    assert joined == "Scan the location (A-01)"
    assert isinstance(joined, Text)
    assert render(joined, FRENCH.get) == "Scannez l'emplacement (A-01)"
    assert render("→ " + msg("Scan the location"), FRENCH.get) == "→ Scannez l'emplacement"


def test_a_message_survives_pickling_with_its_template() -> None:
    text = msg("{count} units", count=3)
    copy = pickle.loads(pickle.dumps(text))
    assert copy == text and copy.template == text.template and copy.params == {"count": 3}


def test_refusals_carry_translatable_messages() -> None:
    error = NotFound(msg("location"), "Z-99")
    assert str(error) == "unknown location 'Z-99'"
    assert render(error.message, FRENCH.get) == "emplacement 'Z-99' inconnu"
    rule = RuleViolation(msg("handling unit {sscc} holds no stock here", sscc="1"), "empty_unit")
    assert render(str(rule), FRENCH.get) == "l'unité 1 ne contient pas de stock ici"
    invalid = InvalidValue("GTIN", "123", "14 digits", "3 digits")
    assert invalid.message.template == "{what} {value}: expected {expected}, found {found}"


def test_feedback_as_dict_carries_the_templates_and_params() -> None:
    feedback = Feedback(
        ok=True,
        message=msg("{count} units", count=2),
        prompt=msg("expected: {prompt}; found {found}", prompt=msg("Scan the location"), found="x"),
    )
    data = feedback.as_dict()
    assert data["message"] == "2 units"
    assert data["text"]["message"] == {"template": "{count} units", "params": {"count": 2}}
    assert data["text"]["prompt"]["params"]["prompt"] == {
        "template": "Scan the location",
        "params": {},
    }


def test_fields_of_a_template() -> None:
    assert fields("{what} {value!r}: {weight:.3f} kg") == {"what", "value", "weight"}


def test_a_lowered_message_stays_translatable() -> None:
    catalog = {"Receiving": "Réception", "{title} task cancelled": "tâche {title} annulée"}
    lowered = msg("Receiving").lower()
    assert lowered == "receiving"
    cancelled = msg("{title} task cancelled", title=lowered)
    assert cancelled == "receiving task cancelled"
    assert render(cancelled, catalog.get) == "tâche réception annulée"
    assert pickle.loads(pickle.dumps(lowered)) == "receiving"
