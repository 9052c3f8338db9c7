"""Importing documents: ASNs, outbound orders and sort plans.

ASN and order files have one row per document line; the document's own fields (supplier,
ship-to...) are repeated on its rows. A repeated value must agree with the first one given for
that document; a blank cell on a later row means "same as above".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import CursorResult, Row, delete
from sqlalchemy.orm import InstrumentedAttribute, Session

from wms.core.domain.errors import Problem
from wms.core.domain.owners import HUB_OWNER
from wms.core.persistence.base import table_of
from wms.core.persistence.tables import (
    AsnLineRow,
    AsnRow,
    LocationRow,
    OrderLineRow,
    OrderRow,
    OwnerRow,
    ProductRow,
    SortRuleRow,
)
from wms.core.services.imports_base import ImportResult, Progress, bulk_insert, lookup
from wms.core.services.imports_csv import Cells, CsvFormat, CsvTable

ASN = CsvFormat(
    "asn",
    columns=(
        "asn",
        "supplier",
        "origin_country",
        "expected_date",
        "line",
        "sku",
        "quantity",
        "lot",
        "expiry",
        "owner",
    ),
    required=("asn", "line", "sku", "quantity"),
)

ORDERS = CsvFormat(
    "orders",
    columns=(
        "order",
        "customer",
        "ship_to_name",
        "ship_to_address",
        "ship_to_postcode",
        "ship_to_city",
        "ship_to_country",
        "carrier",
        "service",
        "min_shelf_life_days",
        "line",
        "sku",
        "quantity",
        "unit_value",
        "currency",
        "owner",
    ),
    required=("order", "ship_to_name", "ship_to_country", "line", "sku", "quantity"),
)

SORTPLAN = CsvFormat(
    "sortplan",
    columns=(
        "plan",
        "priority",
        "destination",
        "country",
        "postcode_prefix",
        "carrier",
        "route",
        "order",
        "pickup_point",
    ),
    required=("plan", "priority", "destination"),
)


@dataclass
class DocumentHeader:
    """A document's own fields as gathered from its rows."""

    number: str
    first_line: int
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def agree(self, line: int, column: str, value: Any, what: str, problems: list[Problem]) -> None:
        """Record ``value`` (blank/None ignored) or report that it differs from the first."""
        if value is None or value == "":
            return
        if column not in self.values:
            self.values[column] = value
            self.lines[column] = line
        elif self.values[column] != value:
            problems.append(
                Problem(
                    line,
                    column,
                    f"expected the same {column} as on line {self.lines[column]} for {what} "
                    f"{self.number} ({_show(self.values[column])}), found {_show(value)}",
                )
            )

    def get(self, column: str, default: Any = "") -> Any:
        return self.values.get(column, default)


def _show(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return f"'{value}'" if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class DocumentLine:
    """One line of an ASN or order (``unit_value``/``currency`` None: take the product's)."""

    line: int
    document: str
    number: int | None
    sku: str
    quantity: int | None
    lot: str = ""
    expiry: date | None = None
    unit_value: Decimal | None = None
    currency: str | None = None


def _duplicate_line(
    seen: dict[tuple[str, int], int], row: DocumentLine, what: str, problems: list[Problem]
) -> None:
    if not row.document or row.number is None:
        return
    first = seen.setdefault((row.document, row.number), row.line)
    if first != row.line:
        problems.append(
            Problem(
                row.line,
                "line",
                f"expected each line number once per {what}, found line {row.number} of "
                f"{row.document} again (first on line {first})",
            )
        )


def _unknown_skus(
    session: Session, rows: list[DocumentLine]
) -> tuple[dict[str, Row[Any]], list[Problem]]:
    """Products of the SKUs on ``rows`` (sku → row of sku, unit_value, currency), and a problem
    for each row naming a SKU the database does not know."""
    products = {
        row.sku: row
        for row in lookup(
            session,
            [ProductRow.sku, ProductRow.unit_value, ProductRow.currency],
            ProductRow.sku,
            (r.sku for r in rows),
        )
    }
    problems = [
        Problem(
            r.line,
            "sku",
            f"expected a known product, found SKU {r.sku}, which does not exist "
            "(import it with 'wms import products' first)",
        )
        for r in rows
        if r.sku and r.sku not in products
    ]
    return products, problems


def document_owners(
    session: Session,
    headers: dict[str, DocumentHeader],
    rows: list[DocumentLine],
    what: str,
) -> tuple[dict[str, str], list[Problem]]:
    """The owner of each document (its ``owner`` column, else its first line's product's) and
    a problem for an unknown owner and for each line whose product belongs to another owner:
    an ASN or an order holds one owner's products, so it is refused whole."""
    problems: list[Problem] = []
    stated = {n: h.get("owner") for n, h in headers.items() if h.get("owner")}
    names = {
        row.code: row.name
        for row in lookup(
            session,
            [OwnerRow.code, OwnerRow.name],
            OwnerRow.code,
            [*stated.values(), HUB_OWNER],
        )
    }
    for number, code in stated.items():
        if code not in names:
            header = headers[number]
            problems.append(
                Problem(
                    header.lines["owner"],
                    "owner",
                    f"expected a known owner, found {code}, which does not exist "
                    "(import it with 'wms import owners' first)",
                )
            )
    product_owners: dict[str, str] = {
        row.sku: row.owner
        for row in lookup(
            session, [ProductRow.sku, ProductRow.owner], ProductRow.sku, (r.sku for r in rows)
        )
    }
    names.update(
        (row.code, row.name)
        for row in lookup(
            session, [OwnerRow.code, OwnerRow.name], OwnerRow.code, set(product_owners.values())
        )
    )

    def label(code: str) -> str:
        return f"{names.get(code, code)} ({code})"

    owners: dict[str, str] = {}
    first_product: dict[str, DocumentLine] = {}
    for row in rows:
        product_owner = product_owners.get(row.sku)
        if not row.document or product_owner is None:
            continue  # an unknown SKU is reported on its own
        owner = stated.get(row.document)
        if owner is None:
            first = first_product.setdefault(row.document, row)
            owner = product_owners[first.sku]
            why = f" (the owner of line {first.line}'s product {first.sku})"
        else:
            why = ""
        owners.setdefault(row.document, owner)
        if product_owner != owner and owner in names:
            problems.append(
                Problem(
                    row.line,
                    "sku",
                    f"product {row.sku} belongs to {label(product_owner)}, {what} "
                    f"{row.document} to {label(owner)}{why}: an {what} holds one owner's products",
                )
            )
    for number in headers:
        owners.setdefault(number, stated.get(number, HUB_OWNER))
    return owners, problems


def _existing_documents(
    session: Session,
    key: InstrumentedAttribute[str],
    headers: dict[str, DocumentHeader],
    what: str,
    column: str,
) -> list[Problem]:
    existing = {row[0] for row in lookup(session, [key], key, headers)}
    return [
        Problem(
            header.first_line,
            column,
            f"expected a new {what} number, found {header.number}, which already exists",
        )
        for header in headers.values()
        if header.number in existing
    ]


class AsnImport:
    fmt = ASN

    def __init__(self, table: CsvTable, warehouse: str) -> None:
        self.table = table
        self.warehouse = warehouse
        self.headers: dict[str, DocumentHeader] = {}
        self.lines: list[DocumentLine] = []
        self.owners: dict[str, str] = {}

    def validate(self, progress: Progress) -> list[Problem]:
        problems: list[Problem] = []
        seen: dict[tuple[str, int], int] = {}
        for line, values in self.table.rows:
            cells = Cells(line, values, problems)
            number = cells.key("asn")
            supplier = cells.text("supplier")
            origin = cells.country("origin_country")
            expected = cells.date("expected_date")
            owner = cells.code("owner", required=False)
            row = DocumentLine(
                line=line,
                document=number,
                number=cells.integer("line", required=True, minimum=1),
                sku=cells.key("sku"),
                quantity=cells.integer("quantity", required=True, minimum=1),
                lot=cells.key("lot", required=False).upper(),
                expiry=cells.date("expiry"),
            )
            if number:
                header = self.headers.setdefault(number, DocumentHeader(number, line))
                header.agree(line, "supplier", supplier, "ASN", problems)
                header.agree(line, "origin_country", origin, "ASN", problems)
                header.agree(line, "expected_date", expected, "ASN", problems)
                header.agree(line, "owner", owner, "ASN", problems)
            _duplicate_line(seen, row, "ASN", problems)
            self.lines.append(row)
            progress.advance()
        return problems

    def check(self, session: Session) -> list[Problem]:
        problems = _existing_documents(session, AsnRow.number, self.headers, "ASN", "asn")
        problems.extend(_unknown_skus(session, self.lines)[1])
        self.owners, mixed = document_owners(session, self.headers, self.lines, "ASN")
        problems.extend(mixed)
        return problems

    def write(self, session: Session, progress: Progress) -> ImportResult:
        documents = [
            {
                "number": h.number,
                "warehouse": self.warehouse,
                "supplier": h.get("supplier"),
                "origin_country": h.get("origin_country"),
                "expected_date": h.get("expected_date", None),
                "status": "open",
                "owner": self.owners.get(h.number, HUB_OWNER),
            }
            for h in self.headers.values()
        ]
        bulk_insert(session, table_of(AsnRow), documents, Progress(None, 0))
        lines = [
            {
                "asn": r.document,
                "line": r.number,
                "sku": r.sku,
                "quantity": r.quantity,
                "lot": r.lot,
                "expiry": r.expiry,
            }
            for r in self.lines
        ]
        bulk_insert(session, table_of(AsnLineRow), lines, progress)
        return ImportResult(
            "asn",
            self.table.source,
            rows=len(lines),
            created=len(documents),
            documents=len(documents),
        )


_ORDER_TEXT = (
    ("customer", 200),
    ("ship_to_name", 200),
    ("ship_to_city", 100),
    ("ship_to_postcode", 20),
    ("carrier", 40),
    ("service", 40),
)


class OrderImport:
    fmt = ORDERS

    def __init__(self, table: CsvTable, warehouse: str) -> None:
        self.table = table
        self.warehouse = warehouse
        self.headers: dict[str, DocumentHeader] = {}
        self.lines: list[DocumentLine] = []
        self.products: dict[str, Row[Any]] = {}
        self.owners: dict[str, str] = {}

    def validate(self, progress: Progress) -> list[Problem]:
        problems: list[Problem] = []
        seen: dict[tuple[str, int], int] = {}
        for line, values in self.table.rows:
            cells = Cells(line, values, problems)
            number = cells.key("order")
            fields: dict[str, Any] = {
                column: cells.text(column, max_length=length) for column, length in _ORDER_TEXT
            }
            fields["ship_to_address"] = cells.text(
                "ship_to_address", max_length=400, multiline=True
            )
            fields["ship_to_country"] = cells.country("ship_to_country")
            fields["min_shelf_life_days"] = cells.integer("min_shelf_life_days", minimum=0)
            fields["owner"] = cells.code("owner", required=False)
            unit_value = cells.decimal("unit_value", places=2, integer_digits=12)
            currency = cells.currency("currency", default="") or None
            row = DocumentLine(
                line=line,
                document=number,
                number=cells.integer("line", required=True, minimum=1),
                sku=cells.key("sku"),
                quantity=cells.integer("quantity", required=True, minimum=1),
                unit_value=unit_value,
                currency=currency,
            )
            if number:
                header = self.headers.setdefault(number, DocumentHeader(number, line))
                for column, value in fields.items():
                    header.agree(line, column, value, "order", problems)
            _duplicate_line(seen, row, "order", problems)
            self.lines.append(row)
            progress.advance()
        for header in self.headers.values():
            for column in ("ship_to_name", "ship_to_country"):
                if not header.get(column) and not any(
                    p.line == header.first_line and p.column == column for p in problems
                ):
                    problems.append(
                        Problem(
                            header.first_line,
                            column,
                            f"expected a value for order {header.number}, found nothing",
                        )
                    )
        return problems

    def check(self, session: Session) -> list[Problem]:
        problems = _existing_documents(session, OrderRow.number, self.headers, "order", "order")
        self.products, unknown = _unknown_skus(session, self.lines)
        problems.extend(unknown)
        self.owners, mixed = document_owners(session, self.headers, self.lines, "order")
        problems.extend(mixed)
        return problems

    def write(self, session: Session, progress: Progress) -> ImportResult:
        documents = [
            {
                "number": h.number,
                "warehouse": self.warehouse,
                "customer": h.get("customer"),
                "ship_to_name": h.get("ship_to_name"),
                "ship_to_address": h.get("ship_to_address"),
                "ship_to_postcode": h.get("ship_to_postcode"),
                "ship_to_city": h.get("ship_to_city"),
                "ship_to_country": h.get("ship_to_country"),
                "carrier": h.get("carrier"),
                "service": h.get("service"),
                "min_shelf_life_days": h.get("min_shelf_life_days", 0),
                "status": "open",
                "owner": self.owners.get(h.number, HUB_OWNER),
            }
            for h in self.headers.values()
        ]
        bulk_insert(session, table_of(OrderRow), documents, Progress(None, 0))
        lines = []
        for r in self.lines:
            product = self.products[r.sku]
            lines.append(
                {
                    "order": r.document,
                    "line": r.number,
                    "sku": r.sku,
                    "quantity": r.quantity,
                    "unit_value": product.unit_value if r.unit_value is None else r.unit_value,
                    "currency": r.currency or product.currency,
                }
            )
        bulk_insert(session, table_of(OrderLineRow), lines, progress)
        return ImportResult(
            "orders",
            self.table.source,
            rows=len(lines),
            created=len(documents),
            documents=len(documents),
        )


@dataclass(frozen=True)
class SortRule:
    line: int
    plan: str
    priority: int | None
    destination: str
    country: str = ""
    postcode_prefix: str = ""
    carrier: str = ""
    route: str = ""
    order_number: str = ""
    pickup_point: str = ""

    def conditions(self) -> tuple[str, ...]:
        return (
            self.country,
            self.postcode_prefix,
            self.carrier,
            self.route,
            self.order_number,
            self.pickup_point,
        )


class SortPlanImport:
    fmt = SORTPLAN

    def __init__(self, table: CsvTable, warehouse: str) -> None:
        self.table = table
        self.warehouse = warehouse
        self.rules: list[SortRule] = []

    def validate(self, progress: Progress) -> list[Problem]:
        problems: list[Problem] = []
        seen: dict[tuple[str, tuple[str, ...]], int] = {}
        for line, values in self.table.rows:
            cells = Cells(line, values, problems)
            rule = SortRule(
                line=line,
                plan=cells.key("plan"),
                priority=cells.integer("priority", required=True, minimum=0),
                destination=cells.code("destination"),
                country=cells.country("country"),
                postcode_prefix=cells.text("postcode_prefix", max_length=20).upper(),
                carrier=cells.text("carrier", max_length=40),
                route=cells.text("route", max_length=40),
                order_number=cells.key("order", required=False),
                pickup_point=cells.key("pickup_point", required=False).upper(),
            )
            self.rules.append(rule)
            if rule.plan:
                first = seen.setdefault((rule.plan, rule.conditions()), line)
                if first != line:
                    problems.append(
                        Problem(
                            line,
                            "plan",
                            f"expected one rule per set of conditions in plan {rule.plan}, "
                            "found the same country, postcode_prefix, carrier, route, order and "
                            f"pickup_point as on line {first}",
                        )
                    )
            progress.advance()
        return problems

    def check(self, session: Session) -> list[Problem]:
        known = {
            row.code
            for row in lookup(
                session,
                [LocationRow.code],
                LocationRow.code,
                (r.destination for r in self.rules),
                LocationRow.warehouse == self.warehouse,
            )
        }
        return [
            Problem(
                r.line,
                "destination",
                f"expected a location of warehouse {self.warehouse}, found {r.destination}, "
                "which does not exist",
            )
            for r in self.rules
            if r.destination and r.destination not in known
        ]

    def write(self, session: Session, progress: Progress) -> ImportResult:
        plans = sorted({r.plan for r in self.rules})
        replaced = 0
        for plan in plans:
            result = cast(
                CursorResult[Any],
                session.execute(
                    delete(SortRuleRow).where(
                        SortRuleRow.warehouse == self.warehouse, SortRuleRow.plan == plan
                    )
                ),
            )
            replaced += result.rowcount
        rows = [
            {
                "warehouse": self.warehouse,
                "plan": r.plan,
                "priority": r.priority,
                "destination": r.destination,
                "country": r.country,
                "postcode_prefix": r.postcode_prefix,
                "carrier": r.carrier,
                "route": r.route,
                "order_number": r.order_number,
                "pickup_point": r.pickup_point,
            }
            for r in self.rules
        ]
        bulk_insert(session, table_of(SortRuleRow), rows, progress)
        return ImportResult(
            "sortplan", self.table.source, rows=len(rows), documents=len(plans), replaced=replaced
        )
