"""Turn one raw scan into a :class:`Scan`, or refuse it with a :class:`ScanError`.

Order of work:

1. CR/LF at the very end are scanner terminators and are dropped; the length is checked.
2. Configured GS substitutes (``|``, ``<GS>``, ``\\x1d`` written out) become the real GS.
3. Control characters other than GS are refused.
4. An AIM symbology identifier (``]C1``, ``]d2``, ``]E0``...) is split off. A GS1 symbology
   means the data must be GS1; EAN/UPC and ITF-14 mean it must be a GTIN.
5. Otherwise the content decides: system labels (``CMD:``, ``LOC:``, ``ASN:``, ``ORD:``,
   ``TOTE:``, ``BADGE:``), GS1 Digital Link URIs, GS1 element strings, plain GTINs and SSCCs,
   and finally free text, which the workflow may still understand (a location keyed in).

Without a GS1 symbology identifier, text is read as GS1 element strings only when it carries
evidence of being GS1: a GS separator, the ``(AI)`` human-readable form, or a leading
identification key (AI 00 with 18 digits, AI 01/02 with 14). So a keyed bin ``3012`` or location
``10-01-02`` stays text instead of being refused as "AI 30 without a GTIN".
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from biip import ParseError
from biip.upc import Upc

from wms.core.barcodes import commands
from wms.core.barcodes.gs1 import (
    GS,
    Gs1Content,
    parse_digital_link,
    parse_element_strings,
    parse_hri,
)
from wms.core.barcodes.scan import Scan, ScanKind, ScanSettings
from wms.core.barcodes.symbology import (
    DIGITAL_LINK_SYMBOLOGIES,
    Symbology,
    split_symbology,
)
from wms.core.domain.check_digits import gs1_check_digit, has_valid_gs1_check_digit, is_ascii_digits
from wms.core.domain.clock import utc_now
from wms.core.domain.errors import ScanError, WmsError, describe
from wms.core.domain.text import msg

_DEFAULT_SETTINGS = ScanSettings()
_LOCATION = re.compile(r"[A-Z0-9-]{1,30}")
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,39}")
_GS1_KEY_START = re.compile(r"00\d{18}|0[12]\d{14}")
_HRI_START = re.compile(r"\(\d{2,4}\)")
_URI_START = re.compile(r"https?://", re.IGNORECASE)
_GTIN_LENGTHS = (8, 12, 13, 14)


def interpret(
    raw: str, settings: ScanSettings = _DEFAULT_SETTINGS, today: date | None = None
) -> Scan:
    """Interpret one scan; refusals are :class:`ScanError` (value, expected, found).

    ``today`` is the caller's date (a station session passes its clock's), which decides the
    century of GS1 two-digit years; without one the default clock's date is used.
    """
    if not isinstance(raw, str):
        raise TypeError(f"a scan is a str, not {type(raw).__name__}")
    return _interpret(raw, settings, today or utc_now().date())


@lru_cache(maxsize=4096)
def _interpret(raw: str, settings: ScanSettings, today: date) -> Scan:
    # A pure function of its (hashable) arguments and a Scan is immutable, so a station that
    # reads the same labels over and over parses each once; refusals raise and are not cached.
    try:
        return _Interpreter(raw, settings, today).run()
    except ScanError:
        raise
    except WmsError as exc:
        raise ScanError(msg("scan"), raw, msg("a barcode this station can read"), str(exc)) from exc
    except Exception as exc:  # a safety net: a scan must never crash a station
        raise ScanError(
            msg("scan"),
            raw,
            msg("a barcode this station can read"),
            msg("data it could not interpret ({name}: {exc})", name=type(exc).__name__, exc=exc),
        ) from exc


class _Interpreter:
    def __init__(self, raw: str, settings: ScanSettings, today: date) -> None:
        self.raw = raw
        self.settings = settings
        self.today = today
        self.symbology: Symbology | None = None

    def run(self) -> Scan:
        text = self.raw.rstrip("\r\n")
        if len(text) > self.settings.max_length:
            raise ScanError(
                msg("scan"),
                self.raw,
                msg("at most {max_length} characters", max_length=self.settings.max_length),
                msg("{count} characters", count=len(text)),
            )
        for substitute in sorted(self.settings.gs_substitutes, key=len, reverse=True):
            if substitute:
                text = text.replace(substitute, GS)
        for position, char in enumerate(text, start=1):
            if char != GS and not char.isprintable():
                raise ScanError(
                    msg("scan"),
                    self.raw,
                    msg("printable characters (and the GS1 separator GS)"),
                    msg(
                        "the control character {char} at position {position}",
                        char=describe(char)[1:-1],
                        position=position,
                    ),
                )
        self.symbology, payload = split_symbology(text)
        payload = payload.strip(" ")
        if not payload.strip(GS):
            raise ScanError(msg("scan"), self.raw, msg("barcode data"), self._nothing(text))

        if self.symbology is not None and self.symbology.is_gs1:
            return self._gs1_symbology(payload)
        if self.symbology is not None and self.symbology.carries_gtin:
            return self._gtin_symbology(payload)
        return self._by_content(payload)

    def _nothing(self, text: str) -> str:
        if self.symbology is not None:
            return f"only the symbology identifier {self.symbology.identifier}"
        if not text:
            return "an empty scan"
        if text.strip(GS):
            return "only spaces"
        return "only GS separators" if not text.strip(" " + GS) else "only spaces"

    # --- symbology decides ----------------------------------------------------------------

    def _gs1_symbology(self, payload: str) -> Scan:
        assert self.symbology is not None
        what = f"{self.symbology.name} barcode"
        if self.symbology.identifier in DIGITAL_LINK_SYMBOLOGIES and _URI_START.match(payload):
            return self._gs1_scan(payload, parse_digital_link(payload, self.today))
        if _HRI_START.match(payload):
            return self._gs1_scan(payload, parse_hri(payload, what, self.today))
        return self._gs1_scan(payload.strip(GS), parse_element_strings(payload, what, self.today))

    def _gtin_symbology(self, payload: str) -> Scan:
        assert self.symbology is not None
        identifier, name = self.symbology.identifier, self.symbology.name
        digits = payload
        if not is_ascii_digits(digits):
            raise ScanError(
                msg("{name} barcode", name=name),
                payload,
                msg("digits only"),
                msg("other characters"),
            )
        if identifier == "]E0" and len(digits) in (6, 7, 8):
            return self._upc_e(digits)
        if identifier == "]E3" and len(digits) in (15, 18):
            digits = digits[:13]  # the add-on (issue number, price) is left in ``data``
        allowed = {"]E0": (12, 13), "]E3": (13,), "]E4": (8,), "]I1": (14,)}[identifier]
        if len(digits) not in allowed:
            expected = " or ".join(str(length) for length in allowed)
            raise ScanError(
                msg("{name} barcode", name=name),
                payload,
                msg("{expected} digits", expected=expected),
                msg("{count} digits", count=len(digits)),
            )
        return self._gtin_scan(payload, digits)

    def _upc_e(self, digits: str) -> Scan:
        try:
            upc = Upc.parse(digits)
        except ParseError as exc:
            raise ScanError(
                msg("UPC-E barcode"), digits, msg("a valid UPC-E number"), str(exc)
            ) from exc
        return self._gtin_scan(digits, upc.as_upc_a())

    # --- content decides ------------------------------------------------------------------

    def _by_content(self, payload: str) -> Scan:
        prefix, separator, rest = payload.partition(":")
        label = _LABELS.get(prefix.upper()) if separator else None
        if label is not None:
            return label(self, payload, rest.strip())
        if _URI_START.match(payload):
            return self._uri(payload)
        if GS in payload:
            return self._gs1_scan(
                payload.strip(GS), parse_element_strings(payload, "GS1 barcode", self.today)
            )
        if _HRI_START.match(payload):
            return self._gs1_scan(payload, parse_hri(payload, "GS1 barcode", self.today))
        if is_ascii_digits(payload) and len(payload) in _GTIN_LENGTHS:
            return self._gtin_scan(payload, payload)
        if is_ascii_digits(payload) and len(payload) == 18:
            return self._sscc_scan(payload)
        if _GS1_KEY_START.match(payload):
            return self._gs1_scan(
                payload, parse_element_strings(payload, "GS1 barcode", self.today)
            )
        return self._scan(payload, ScanKind.TEXT, payload)

    def _uri(self, payload: str) -> Scan:
        try:
            content = parse_digital_link(payload, self.today)
        except ScanError:
            if re.search(r"/(00|01)/\d", payload):
                raise  # a GS1 Digital Link, but a broken one
            return self._scan(payload, ScanKind.TEXT, payload)  # some other web address
        return self._gs1_scan(payload, content)

    # --- system labels --------------------------------------------------------------------

    def _command(self, payload: str, rest: str) -> Scan:
        name, _, argument = (part.strip() for part in rest.partition(":"))
        command = commands.find_command(name)
        if command is None:
            found = (
                msg("'{name}', which is not a command", name=name.upper())
                if name
                else msg("no command name")
            )
            raise ScanError(
                msg("command"),
                payload,
                msg("one of {command_names}", command_names=commands.command_names()),
                found,
            )
        if command.name == "MODE":
            workflow = argument.lower()
            if workflow not in commands.WORKFLOWS:
                raise ScanError(
                    msg("command"),
                    payload,
                    msg(
                        "{barcode}:<workflow> with a workflow among {workflows}",
                        barcode=command.barcode,
                        workflows=", ".join(commands.WORKFLOWS),
                    ),
                    msg("'{argument}', which is not a workflow", argument=argument)
                    if argument
                    else msg("no workflow"),
                )
            return self._scan(payload, ScanKind.COMMAND, command.name, argument=workflow)
        if command.takes_argument:
            chosen = argument.lower()
            if chosen not in command.arguments:
                raise ScanError(
                    msg("command"),
                    payload,
                    msg(
                        "{barcode}:<argument> with an argument among {arguments}",
                        barcode=command.barcode,
                        arguments=", ".join(command.arguments),
                    ),
                    msg("'{argument}', which is not one of them", argument=argument)
                    if argument
                    else msg("no argument"),
                )
            return self._scan(payload, ScanKind.COMMAND, command.name, argument=chosen)
        if argument:
            raise ScanError(
                msg("command"),
                payload,
                msg("{barcode} alone", barcode=command.barcode),
                msg("the extra text '{argument}'", argument=argument),
            )
        return self._scan(payload, ScanKind.COMMAND, command.name)

    def _location(self, payload: str, rest: str) -> Scan:
        code = rest.upper()
        if not _LOCATION.fullmatch(code):
            raise ScanError(
                msg("location label"),
                payload,
                msg("LOC: followed by 1 to 30 letters, digits or '-'"),
                _what_is_wrong(code, 30, "-"),
            )
        return self._scan(payload, ScanKind.LOCATION, code)

    def _asn(self, payload: str, rest: str) -> Scan:
        return self._document(payload, rest, "ASN")

    def _order(self, payload: str, rest: str) -> Scan:
        return self._document(payload, rest, "ORDER")

    def _document(self, payload: str, rest: str, document_type: str) -> Scan:
        number = self._identifier(payload, rest, f"{document_type.lower()} label")
        return self._scan(payload, ScanKind.DOCUMENT, number, document_type=document_type)

    def _tote(self, payload: str, rest: str) -> Scan:
        tote = self._identifier(payload, rest.upper(), "tote label")
        return self._scan(payload, ScanKind.TOTE, tote)

    def _badge(self, payload: str, rest: str) -> Scan:
        return self._scan(payload, ScanKind.BADGE, self._identifier(payload, rest, "badge"))

    def _identifier(self, payload: str, rest: str, what: str) -> str:
        if not _IDENTIFIER.fullmatch(rest):
            prefix = payload.partition(":")[0].upper()
            raise ScanError(
                what,
                payload,
                msg(
                    "{prefix}: followed by 1 to 40 letters, digits, '.', '_', '/' or '-'",
                    prefix=prefix,
                ),
                _what_is_wrong(rest, 40, "._/-"),
            )
        return rest

    # --- building the result --------------------------------------------------------------

    def _gtin_scan(self, data: str, digits: str) -> Scan:
        if not has_valid_gs1_check_digit(digits):
            raise ScanError(
                msg("GTIN-{count}", count=len(digits)),
                digits,
                msg("check digit {digits}", digits=gs1_check_digit(digits[:-1])),
                digits[-1],
            )
        gtin = digits.zfill(14)
        return self._scan(data, ScanKind.PRODUCT, gtin, gtin=gtin)

    def _sscc_scan(self, digits: str) -> Scan:
        if not has_valid_gs1_check_digit(digits):
            raise ScanError(
                "SSCC",
                digits,
                msg("check digit {digits}", digits=gs1_check_digit(digits[:-1])),
                digits[-1],
            )
        return self._scan(digits, ScanKind.HANDLING_UNIT, digits, sscc=digits)

    def _gs1_scan(self, data: str, content: Gs1Content) -> Scan:
        sscc, gtin = content.get("00"), content.get("01")
        if sscc is not None:
            kind, value = ScanKind.HANDLING_UNIT, sscc.value
        elif gtin is not None:
            kind, value = ScanKind.PRODUCT, gtin.value
        else:
            kind, value = ScanKind.TEXT, data
        content_gtin, lot, serial, postcode = (content.get(ai) for ai in ("02", "10", "21", "420"))
        return self._scan(
            data,
            kind,
            value,
            gtin=gtin.value if gtin else None,
            content_gtin=content_gtin.value if content_gtin else None,
            sscc=sscc.value if sscc else None,
            lot=lot.value.upper() if lot else None,  # lots are one code whatever the case
            serial=serial.value if serial else None,
            expiry=content.date("17"),
            best_before=content.date("15"),
            production_date=content.date("11"),
            count=content.count(),
            net_weight_kg=content.net_weight_kg(),
            ship_to_postcode=postcode.value if postcode else None,
            elements=content.pairs(),
            is_gs1=True,
        )

    def _scan(self, data: str, kind: ScanKind, value: str, **fields: object) -> Scan:
        symbology = self.symbology
        return Scan(
            raw=self.raw,
            kind=kind,
            data=data,
            value=value,
            symbology=symbology.identifier if symbology else None,
            symbology_name=symbology.name if symbology else None,
            **fields,  # type: ignore[arg-type]
        )


def _what_is_wrong(text: str, max_length: int, punctuation: str) -> str:
    if not text:
        return "nothing after the prefix"
    if len(text) > max_length:
        return f"{len(text)} characters"
    for char in text:
        if not (char.isascii() and char.isalnum()) and char not in punctuation:
            return f"the character {describe(char)}"
    return f"{describe(text)}, which does not start with a letter or digit"


_LABELS = {
    "CMD": _Interpreter._command,
    "LOC": _Interpreter._location,
    "ASN": _Interpreter._asn,
    "ORD": _Interpreter._order,
    "TOTE": _Interpreter._tote,
    "BADGE": _Interpreter._badge,
}
