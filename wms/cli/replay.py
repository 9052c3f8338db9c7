"""``wms replay [--json] FILE|-``: feed a scan script to the station workflows.

Script lines (one input each; blank lines and lines starting with ``#`` are skipped):

``@login BADGE PIN``   log in (the PIN is masked as ``****`` in the output)
``@logout``            log out
``@mode NAME``         switch workflow (same as scanning ``CMD:MODE:NAME``)
``@key TEXT``          a typed entry: a quantity, a PIN, check digits, a lot, a reason code...
``@weight KG``         a stable scale reading
``@weight KG unstable`` a reading the scale reports as still settling
anything else          one scan, exactly as a scanner sends it; ``<GS>`` or the four characters
                       ``\\x1d`` stand for the GS1 separator; an AIM prefix (``]C1``, ``]d2``,
                       ``]Q3``, ``]E0``...) may lead

The station is the one ``wms`` is configured as (``--config``/``wms.toml``, ``$WMS_STATION``,
``$WMS_WAREHOUSE``). With ``--json`` each input line prints one JSON object as soon as it is
processed (flushed), with ``line``, ``input``, ``ok``, ``level``, ``message``, ``prompt``,
``mode``, ``operator`` and, when relevant, ``error`` (a stable code), ``movement_ids``,
``destination``, ``context`` and ``summary``.

Exit status: 0 when every line was accepted, 1 when the script ran to its end but at least one
line was refused (``"ok": false``), 2 when the script could not be run at all (no database, no
such file, unknown station warehouse).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from wms.cli.context import open_station
from wms.core.domain.errors import ConfigError
from wms.core.services.workflows import Feedback, Input, Level, StationSession
from wms.core.services.workflows.settings import settings_from_mapping

EXIT_ALL_ACCEPTED = 0
EXIT_SOME_REFUSED = 1

DIRECTIVES = ("@login", "@logout", "@mode", "@key", "@weight")


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
        "--double-read-window",
        type=float,
        metavar="SECONDS",
        help="ignore the same scan repeated within this time (default 0.6, or wms.toml)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    context = open_station(args)
    settings = settings_from_mapping(context.config.raw)
    if args.double_read_window is not None:
        from dataclasses import replace
        from datetime import timedelta

        settings = replace(settings, double_read_window=timedelta(seconds=args.double_read_window))
    session = StationSession(
        context.sessions,
        warehouse=context.warehouse,
        station=context.station,
        settings=settings,
        workflows=context.config.workflows,
    )
    if args.script == "-":
        return replay(session, sys.stdin, json_output=args.json)
    try:
        stream = open(args.script, encoding="utf-8")  # noqa: SIM115 (closed below)
    except OSError as error:
        raise ConfigError(
            f"scan script '{args.script}' cannot be read: {error.strerror}"
        ) from error
    with stream:
        return replay(session, stream, json_output=args.json)


def replay(
    session: StationSession,
    lines: Iterable[str],
    *,
    json_output: bool = False,
    out: TextIO | None = None,
) -> int:
    """Run a script through ``session``; returns the exit status (0 all accepted, 1 refusals)."""
    stream = out or sys.stdout
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
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            stream.write(_human(number, shown, feedback))
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
        reading, _, state = rest.partition(" ")
        if state.strip() not in ("", "unstable"):
            return text, _bad(session, text, "@weight KG or @weight KG unstable")
        try:
            weight = Decimal(reading)
        except InvalidOperation:
            return text, _bad(session, text, "@weight KG with a number of kilograms")
        if not weight.is_finite() or weight < 0:
            return text, _bad(session, text, "@weight KG with a number of kilograms")
        return text, session.handle(Input.weight(weight, stable=not state.strip()))
    return text, _bad(session, text, f"one of {', '.join(DIRECTIVES)}")


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


def _human(number: int, shown: str, feedback: Feedback) -> str:
    mark = "ok " if feedback.ok else "ERR"
    if feedback.ok and feedback.level is Level.ATTENTION:
        mark = "!! "
    lines = [f"{number:>5} {mark} {shown}", f"      {feedback.message}"]
    if feedback.destination:
        lines.append(f"      destination: {feedback.destination}")
    for row in feedback.summary:
        lines.append("      | " + "  ".join(f"{k}={v}" for k, v in row.items()))
    lines.append(f"      > {feedback.prompt}")
    return "\n".join(lines) + "\n"
