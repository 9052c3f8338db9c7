"""Reading what an operator scanned or keyed: quantities, dates, lot codes, the location or
product a scan names."""

from __future__ import annotations

import calendar
from datetime import date

from wms.core.barcodes import Scan, ScanKind
from wms.core.barcodes.gs1 import date_problem, gs1_year
from wms.core.domain.errors import InvalidValue, NotFound, RuleViolation
from wms.core.domain.model import Product, ProductGtin
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.workflows.runtime import Runtime


class UnknownProduct(NotFound):
    """A product barcode whose GTIN is not in the product master."""

    code = "unknown_product"

    def __init__(self, gtin: str) -> None:
        super().__init__(
            msg("product GTIN"),
            gtin,
            msg("it is not in the product master: set the item aside and call a supervisor"),
        )


def resolve_product(
    runtime: Runtime, uow: UnitOfWork, scan: Scan
) -> tuple[Product, ProductGtin, int]:
    """The product a scan names, its packaging level and the units the scan stands for
    (case quantity times the AI 30/37 count, if any). Unknown GTINs are refused."""
    gtin = scan.gtin or scan.content_gtin
    if gtin is None:
        raise RuleViolation(
            msg(
                "expected a product barcode, found a {kind} scan {scan!r}",
                kind=scan.kind.value,
                scan=scan.value,
            ),
            "not_a_product",
        )
    found = runtime.master.product_by_gtin(uow, gtin)
    if found is None:
        raise UnknownProduct(gtin)
    product, level = found
    return product, level, (scan.count or 1) * level.quantity


def location_code(scan: Scan) -> str | None:
    """The location a scan names: a ``LOC:`` label or a code scanned/typed as plain text."""
    if scan.kind is ScanKind.LOCATION:
        return scan.value
    if scan.kind is ScanKind.TEXT:
        return scan.value.strip().upper()
    return None


def product_gtin(scan: Scan) -> str | None:
    if scan.kind is ScanKind.PRODUCT:
        return scan.gtin or scan.value
    if scan.kind is ScanKind.HANDLING_UNIT and scan.content_gtin:
        return None  # an SSCC label: the workflow decides whether to read its content
    return None


def parse_quantity(text: str, maximum: int, *, signed: bool = False) -> int:
    value = text.strip().replace(" ", "")
    body = value[1:] if signed and value[:1] in "+-" else value
    if not body.isdigit():
        expected = (
            msg("a whole number such as +3 or -2") if signed else msg("a whole number of units")
        )
        raise InvalidValue(msg("quantity"), text, expected, msg("other characters"))
    quantity = int(value)
    if quantity == 0 or abs(quantity) > maximum:
        raise InvalidValue(
            msg("quantity"), text, msg("1 to {maximum} units", maximum=maximum), str(quantity)
        )
    return quantity


def parse_date(text: str, today: date) -> date:
    """A date keyed as ``YYYY-MM-DD`` or GS1 ``YYMMDD`` (day 00 = last day of the month;
    ``today``, the caller's clock, decides the century of ``YY``)."""
    value = text.strip()
    try:
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            return date.fromisoformat(value)
        if len(value) == 6 and value.isdigit():
            problem = date_problem(value, today)
            if problem:
                raise InvalidValue(msg("date"), text, msg("YYYY-MM-DD or YYMMDD"), problem)
            year, month, day = gs1_year(int(value[:2]), today), int(value[2:4]), int(value[4:6])
            if day == 0:
                day = calendar.monthrange(year, month)[1]
            return date(year, month, day)
    except ValueError as error:
        raise InvalidValue(msg("date"), text, msg("YYYY-MM-DD or YYMMDD"), str(error)) from error
    raise InvalidValue(
        msg("date"), text, msg("YYYY-MM-DD or YYMMDD"), msg("{count} characters", count=len(value))
    )


def check_lot_code(text: str) -> str:
    """A keyed or scanned lot, normalised: surrounding spaces removed and upper case, so
    ``gp2611a`` and ``GP2611A`` are one lot (scanned GS1 lots are upper-cased the same way)."""
    value = text.strip().upper()
    if not 1 <= len(value) <= 20 or not all(c.isascii() and c.isprintable() for c in value):
        raise InvalidValue(
            msg("lot"),
            text,
            msg("1 to 20 printable characters (GS1 AI 10)"),
            msg("{count} characters", count=len(value)),
        )
    return value
