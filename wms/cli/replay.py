"""``wms replay [--json] FILE|-``: feed a scan script to the station workflows.

Script lines (one input each; blank lines and lines starting with ``#`` are skipped):

``@login BADGE PIN``   log in (the PIN is masked as ``****`` in the output)
``@logout``            log out
``@mode NAME``         switch workflow (same as scanning ``CMD:MODE:NAME``)
``@key TEXT``          a typed entry: a quantity, a PIN, check digits, a lot, a reason code...
``@weight KG``         a stable scale reading
``@weight KG unstable``  a reading the scale reported as not stable (a workflow that needs a
                       settled weight, such as closing a parcel, refuses it)
``@wait SECONDS``      time passing between two inputs, as the session's clock sees it (no real
                       waiting): without it the lines follow each other as fast as they run, so
                       the same scan twice is a double read; ``@wait 0.5`` between them makes
                       the second one count. Idle timeouts see the waited time too.
anything else          one scan, exactly as a scanner sends it; ``<GS>`` or the four characters
                       ``\\x1d`` stand for the GS1 separator; an AIM prefix (``]C1``, ``]d2``,
                       ``]Q3``, ``]E0``...) may lead

The station is the one ``wms`` is configured as (``--config``/``wms.toml``, ``$WMS_STATION``,
``$WMS_WAREHOUSE``), built by the same factory as the station app's (:mod:`wms.station`): the
rules of ``[workflows]`` and ``[station]``, the allowed workflows and the printers apply alike.

With ``--json`` each input line prints one JSON object as soon as it is processed (flushed), with
``line``, ``input``, ``ok``, ``level``, ``message``, ``prompt``, ``mode``, ``operator`` and, when
relevant, ``error`` (a stable code), ``movement_ids``, ``destination``, ``context`` and
``summary``.

With ``--lang fr|ar|zh`` messages and prompts are printed in that language (the station's
catalogues, ``resources/translations/messages``); with ``--json`` too, where ``text`` then still
carries the English templates and their params.

Exit status: 0 when every line was accepted, 1 when the script ran to its end but at least one
line was refused (``"ok": false``), 2 when the script could not be run at all (no database, no
such file, unknown station warehouse, bytes that are not UTF-8).

A script is read as UTF-8 bytes whatever the locale. A file with a byte that is not UTF-8 is
refused before any line runs, naming the line and the byte; on standard input, which is read as
it comes, the lines before the bad one have run when it is refused.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO, TextIO

from wms.cli.context import open_bench, station_config
from wms.core.domain.clock import utc_now
from wms.core.domain.errors import ConfigError
from wms.core.services.workflows import Feedback, Input, Level, StationSession
from wms.messages import LANGUAGES, translator
from wms.station import Station

EXIT_ALL_ACCEPTED = 0
EXIT_SOME_REFUSED = 1

DIRECTIVES = ("@login", "@logout", "@mode", "@key", "@weight", "@wait")

#: The longest ``@wait`` a script may ask for (a day: longer says nothing more to a session).
MAX_WAIT_SECONDS = 86_400


class ScriptClock:
    """The clock of a replayed session: the real time plus every ``@wait`` so far."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return utc_now() + self.offset

    def wait(self, seconds: Decimal) -> None:
        self.offset += timedelta(seconds=float(seconds))


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "replay",
        help="feed a scan script to the workflows",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("script", metavar="FILE|-", help="scan script, or - for standard input")
    parser.add_argument("--json", action="store_true", help="one JSON object per input line")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="print messages and prompts in this language (default en)",
    )
    parser.add_argument(
        "--double-read-window",
        type=float,
        metavar="SECONDS",
        help="ignore the same scan repeated within this time (default 0.3, or wms.toml)",
    )
    parser.set_defaults(handler=run)


def replay_station(args: argparse.Namespace) -> Station:
    """The station ``wms replay`` runs on: ``--double-read-window`` overrides the configuration."""
    config = station_config(args)
    if args.double_read_window is not None:
        window = timedelta(seconds=args.double_read_window)
        config = config.with_rules(replace(config.rules, double_read_window=window))
    return open_bench(args, config)


def run(args: argparse.Namespace) -> int:
    station = replay_station(args)
    try:
        session = station.new_session(clock=ScriptClock())
        if args.script == "-":
            return replay(
                session,
                utf8_lines(sys.stdin.buffer, "standard input"),
                json_output=args.json,
                lang=args.lang,
            )
        try:
            stream = open(args.script, "rb")  # noqa: SIM115 (closed below)
        except OSError as error:
            raise ConfigError(
                f"scan script '{args.script}' cannot be read: {error.strerror}"
            ) from error
        with stream:
            lines = list(utf8_lines(stream, f"scan script '{args.script}'"))
        return replay(session, lines, json_output=args.json, lang=args.lang)
    finally:
        station.close()


# Text files end lines with LF, CR LF or a lone CR (what Python's text mode splits on); GS and
# the other characters str.splitlines also splits on are scan data.
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def utf8_lines(stream: BinaryIO | Iterable[bytes], source: str) -> Iterator[str]:
    """The lines of ``stream`` decoded as strict UTF-8; a byte that is not UTF-8 is a
    :class:`ConfigError` naming the line and the byte's position in it."""
    number = 0
    for raw_line in stream:
        try:
            text = raw_line.decode("utf-8")
        except UnicodeDecodeError as error:
            before = raw_line[: error.start]
            line_start = before.rfind(b"\r") + 1  # a lone CR before the byte ends a line too
            line_number = number + 1 + len(_LONE_CR.findall(before.decode("utf-8")))
            raise ConfigError(
                f"{source} is not UTF-8: line {line_number}, byte {error.start - line_start + 1}"
                f" is 0x{raw_line[error.start]:02X} ({error.reason}); save the script as UTF-8"
            ) from None
        for line in _LONE_CR.split(text):
            if line:
                number += 1
                yield line


def replay(
    session: StationSession,
    lines: Iterable[str],
    *,
    json_output: bool = False,
    out: TextIO | None = None,
    lang: str = "en",
) -> int:
    """Run a script through ``session``; returns the exit status (0 all accepted, 1 refusals).
    Messages and prompts are shown in ``lang``."""
    stream = out or sys.stdout
    shown_in = translator(lang)
    refused = 0
    for number, raw_line in enumerate(lines, start=1):
        text = raw_line.rstrip("\r\n").strip()
        if not text or text.startswith("#"):
            continue
        shown, feedback = run_line(session, text)
        if not feedback.ok:
            refused += 1
        if json_output:
            record: dict[str, Any] = {"line": number, "input": shown, **feedback.as_dict()}
            record["message"] = shown_in(feedback.message)
            record["prompt"] = shown_in(feedback.prompt)
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            stream.write(_human(number, shown, feedback, shown_in))
        stream.flush()
    return EXIT_SOME_REFUSED if refused else EXIT_ALL_ACCEPTED


def run_line(session: StationSession, text: str) -> tuple[str, Feedback]:
    """One script line → (what to show as the input, the feedback)."""
    if not text.startswith("@"):
        return text, session.handle(Input.scan(text))
    directive, _, rest = text.partition(" ")
    directive = directive.lower()
    rest = rest.strip()
    if directive == "@login":
        parts = rest.split()
        if len(parts) != 2:
            return text, _bad(session, text, "@login BADGE PIN")
        return f"@login {parts[0]} ****", session.login(parts[0], parts[1])
    if directive == "@logout":
        if rest:
            return text, _bad(session, text, "@logout alone")
        return text, session.logout()
    if directive == "@mode":
        if not rest:
            return text, _bad(session, text, "@mode NAME")
        return text, session.set_mode(rest)
    if directive == "@key":
        if not rest:
            return text, _bad(session, text, "@key TEXT")
        return text, session.handle(Input.key(rest))
    if directive == "@weight":
        reading = parse_weight(rest)
        if reading is None:
            return text, _bad(session, text, WEIGHT_FORMS)
        weight, stable = reading
        return text, session.handle(Input.weight(weight, stable=stable))
    if directive == "@wait":
        return text, _wait(session, text, rest)
    return text, _bad(session, text, f"one of {', '.join(DIRECTIVES)}")


WEIGHT_FORMS = "@weight KG or @weight KG unstable, with a number of kilograms"


def parse_weight(text: str) -> tuple[Decimal, bool] | None:
    """``KG`` or ``KG unstable`` → (kilograms, stable); None when it is neither."""
    parts = text.split()
    if len(parts) == 2 and parts[1].lower() == "unstable":
        stable = False
    elif len(parts) == 1:
        stable = True
    else:
        return None
    try:
        weight = Decimal(parts[0])
    except InvalidOperation:
        return None
    if not weight.is_finite() or weight < 0:
        return None
    return weight, stable


def _wait(session: StationSession, text: str, rest: str) -> Feedback:
    """``@wait SECONDS``: advance the session's :class:`ScriptClock`."""
    try:
        seconds = Decimal(rest)
    except InvalidOperation:
        seconds = Decimal(-1)
    clock = session.rt.clock
    if not seconds.is_finite() or not 0 <= seconds <= MAX_WAIT_SECONDS:
        return _bad(session, text, f"@wait SECONDS, a number from 0 to {MAX_WAIT_SECONDS}")
    if not isinstance(clock, ScriptClock):
        return _bad(session, text, "a session on the script clock (wms replay)")
    clock.wait(seconds)
    return Feedback(
        ok=True,
        message=f"{seconds:f} s later",
        prompt=session.prompt,
        mode=session.mode,
        operator=session.operator.badge if session.operator else "",
    )


def _bad(session: StationSession, text: str, expected: str) -> Feedback:
    return Feedback(
        ok=False,
        level=Level.ERROR,
        error="bad_directive",
        message=f"script line {text!r}: expected {expected}",
        prompt=session.prompt,
        mode=session.mode,
        operator=session.operator.badge if session.operator else "",
    )


def _human(
    number: int, shown: str, feedback: Feedback, shown_in: Callable[[object], str] = str
) -> str:
    mark = "ok " if feedback.ok else "ERR"
    if feedback.ok and feedback.level is Level.ATTENTION:
        mark = "!! "
    lines = [f"{number:>5} {mark} {shown}", f"      {shown_in(feedback.message)}"]
    if feedback.destination:
        lines.append(f"      destination: {feedback.destination}")
    for row in feedback.summary:
        lines.append("      | " + "  ".join(f"{k}={v}" for k, v in row.items()))
    lines.append(f"      > {shown_in(feedback.prompt)}")
    return "\n".join(lines) + "\n"
