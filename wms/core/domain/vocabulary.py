"""Words the core puts into messages as plain values: operator roles, scan kinds, the states of
documents, orders, pick lists, parcels and print jobs. They are values (a message's params), not
templates, so the code that builds the message needs no change; a station shows a param that is
exactly one of these words in its language (:func:`wms.messages.translate`), and the extraction
finds them here like any other template. A value that is not listed is shown as it is."""

from __future__ import annotations

from wms.core.domain.text import Text, msg

WORDS: tuple[Text, ...] = (
    # roles
    msg("operator"),
    msg("supervisor"),
    msg("admin"),
    # scan kinds
    msg("command"),
    msg("product"),
    msg("handling_unit"),
    msg("location"),
    msg("document"),
    msg("tote"),
    msg("badge"),
    msg("text"),
    # states
    msg("open"),
    msg("closed"),
    msg("released"),
    msg("allocated"),
    msg("backordered"),
    msg("picking"),
    msg("picked"),
    msg("packed"),
    msg("sorted"),
    msg("shipped"),
    msg("done"),
    msg("pending"),
    msg("failed"),
    msg("cancelled"),
    msg("approved"),
    msg("rejected"),
)

#: the English words, for a quick membership test
WORD_SET = frozenset(str(word) for word in WORDS)
