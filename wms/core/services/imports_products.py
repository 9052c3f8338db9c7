"""Importing products (master data) and their packaging-level GTINs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete
from sqlalchemy.orm import Session

from wms.core.domain.errors import Problem, RuleViolation
from wms.core.domain.model import LocationType, PackagingLevel, Product, ProductGtin
from wms.core.domain.owners import HUB_OWNER
from wms.core.persistence.base import table_of
from wms.core.persistence.tables import LocationRow, OwnerRow, ProductGtinRow, ProductRow
from wms.core.services.imports_base import (
    LOOKUP_BATCH,
    ImportResult,
    Progress,
    bulk_insert,
    bulk_update,
    lookup,
)
from wms.core.services.imports_csv import Cells, CsvFormat, CsvTable, chunks
from wms.core.services.owners import require_owner_change_allowed

PACKAGING: tuple[tuple[str, str, PackagingLevel], ...] = (
    ("gtin", "", PackagingLevel.EACH),
    ("inner_gtin", "inner_qty", PackagingLevel.INNER),
    ("case_gtin", "case_qty", PackagingLevel.CASE),
    ("pallet_gtin", "pallet_qty", PackagingLevel.PALLET),
)
GTIN_COLUMNS = tuple(gtin for gtin, _qty, _level in PACKAGING)

PRODUCT_FIELDS = (
    "sku",
    "name",
    "unit",
    "tracks_lot",
    "tracks_expiry",
    "tracks_serial",
    "hs_code",
    "origin_country",
    "weight_kg",
    "length_cm",
    "width_cm",
    "height_cm",
    "unit_value",
    "currency",
    "fixed_location",
    "owner",
)
"""Columns of the products table, in the order of :class:`Product`."""

PRODUCTS = CsvFormat(
    "products",
    columns=(
        "sku",
        "name",
        "unit",
        "gtin",
        "inner_gtin",
        "inner_qty",
        "case_gtin",
        "case_qty",
        "pallet_gtin",
        "pallet_qty",
        "tracks_lot",
        "tracks_expiry",
        "tracks_serial",
        "hs_code",
        "origin_country",
        "weight_kg",
        "length_cm",
        "width_cm",
        "height_cm",
        "unit_value",
        "currency",
        "fixed_location",
        "owner",
    ),
    required=("sku", "name"),
)

_ZERO = Decimal("0")
_ZERO_VALUE = Decimal("0.00")


@dataclass(frozen=True)
class ProductRecord:
    line: int
    product: Product


def check_product_row(line: int, values: dict[str, str], problems: list[Problem]) -> Product:
    """The product a data row describes; every bad cell is appended to ``problems``.

    Never raises for bad input: a bad cell takes its default so the rest of the row is checked.
    """
    cells = Cells(line, values, problems)
    sku = cells.key("sku")
    name = cells.text("name", required=True)
    unit = cells.text("unit", max_length=20, default="each")
    hs_code = _hs_code(cells)
    gtins = _packaging(cells)
    return Product(
        sku=sku,
        name=name,
        unit=unit,
        tracks_lot=cells.boolean("tracks_lot"),
        tracks_expiry=cells.boolean("tracks_expiry"),
        tracks_serial=cells.boolean("tracks_serial"),
        hs_code=hs_code,
        origin_country=cells.country("origin_country"),
        weight_kg=cells.decimal("weight_kg", places=3, default=_ZERO) or _ZERO,
        length_cm=cells.decimal("length_cm", places=3, default=_ZERO) or _ZERO,
        width_cm=cells.decimal("width_cm", places=3, default=_ZERO) or _ZERO,
        height_cm=cells.decimal("height_cm", places=3, default=_ZERO) or _ZERO,
        unit_value=cells.decimal("unit_value", places=2, integer_digits=12, default=_ZERO_VALUE)
        or _ZERO_VALUE,
        currency=cells.currency("currency"),
        fixed_location=cells.code("fixed_location", required=False),
        gtins=gtins,
        owner=cells.code("owner", required=False) or HUB_OWNER,
    )


def _hs_code(cells: Cells) -> str:
    value = cells.raw("hs_code")
    if not value:
        return ""
    digits = value.replace(".", "").replace(" ", "")
    if not (digits.isascii() and digits.isdigit() and 6 <= len(digits) <= 10):
        found = (
            f"{len(digits)} digits"
            if digits.isascii() and digits.isdigit()
            else f"'{value}' (characters other than digits and dots)"
        )
        cells.bad("hs_code", f"expected an HS code of 6 to 10 digits (dots allowed), found {found}")
        return ""
    return digits


def _packaging(cells: Cells) -> tuple[ProductGtin, ...]:
    get = cells.values.get
    if not (
        get("inner_gtin")
        or get("inner_qty")
        or get("case_gtin")
        or get("case_qty")
        or get("pallet_gtin")
        or get("pallet_qty")
    ):  # the usual row: at most an each-level GTIN
        gtin = cells.gtin("gtin")
        return (ProductGtin(gtin, PackagingLevel.EACH, 1),) if gtin else ()
    gtins: list[ProductGtin] = []
    seen: dict[str, str] = {}
    previous_qty = 1
    previous_column = ""
    for gtin_column, qty_column, level in PACKAGING:
        raw_gtin = cells.raw(gtin_column)
        gtin = cells.gtin(gtin_column)
        if not qty_column:
            quantity: int | None = 1
        else:
            quantity = cells.integer(qty_column, minimum=2)
            if raw_gtin and not cells.raw(qty_column):
                cells.bad(
                    qty_column,
                    f"expected the number of units in one {level.value} (2 or more) with "
                    f"{gtin_column}, found nothing",
                )
            elif cells.raw(qty_column) and not raw_gtin:
                cells.bad(
                    gtin_column,
                    f"expected the {level.value} GTIN with {qty_column}, found nothing",
                )
            elif quantity is not None and quantity <= previous_qty and previous_column:
                cells.bad(
                    qty_column,
                    f"expected more units than {previous_column} ({previous_qty}), "
                    f"found {quantity}",
                )
        if gtin and quantity is not None:
            if gtin in seen:
                cells.bad(
                    gtin_column, f"expected a GTIN of its own, found the same as {seen[gtin]}"
                )
            else:
                seen[gtin] = gtin_column
                gtins.append(ProductGtin(gtin, level, quantity))
        if qty_column and quantity is not None:
            previous_qty, previous_column = quantity, qty_column
    return tuple(gtins)


def validate_products(
    table: CsvTable, progress: Progress
) -> tuple[list[ProductRecord], list[Problem]]:
    """Check every row of ``table`` and the file as a whole (duplicate SKUs and GTINs)."""
    problems: list[Problem] = []
    records: list[ProductRecord] = []
    sku_lines: dict[str, int] = {}
    gtin_lines: dict[str, tuple[int, str]] = {}
    for line, values in table.rows:
        product = check_product_row(line, values, problems)
        records.append(ProductRecord(line, product))
        if product.sku:
            first = sku_lines.setdefault(product.sku, line)
            if first != line:
                problems.append(
                    Problem(
                        line,
                        "sku",
                        f"expected each SKU once, found {product.sku} again "
                        f"(first on line {first})",
                    )
                )
        for gtin in product.gtins:
            other = gtin_lines.setdefault(gtin.gtin, (line, product.sku))
            if other[0] != line:
                column = GTIN_COLUMNS[list(PackagingLevel).index(gtin.level)]
                problems.append(
                    Problem(
                        line,
                        column,
                        f"expected each GTIN once, found {gtin.gtin} again "
                        f"(line {other[0]}, SKU {other[1]})",
                    )
                )
        progress.advance()
    return records, problems


class ProductImport:
    fmt = PRODUCTS

    def __init__(self, table: CsvTable, warehouse: str | None) -> None:
        self.table = table
        self.warehouse = warehouse
        self.records: list[ProductRecord] = []
        self.existing: set[str] = set()
        self.replaces_gtins = any(table.has(column) for column in GTIN_COLUMNS)

    def validate(self, progress: Progress) -> list[Problem]:
        self.records, problems = validate_products(self.table, progress)
        return problems

    def check(self, session: Session) -> list[Problem]:
        """Cross-checks against the database: GTINs of other SKUs, fixed locations."""
        problems: list[Problem] = []
        skus = {r.product.sku for r in self.records if r.product.sku}
        self.existing = {row.sku for row in lookup(session, [ProductRow.sku], ProductRow.sku, skus)}
        owners: dict[str, str] = {
            row.gtin: row.sku
            for row in lookup(
                session,
                [ProductGtinRow.gtin, ProductGtinRow.sku],
                ProductGtinRow.gtin,
                (g.gtin for r in self.records for g in r.product.gtins),
            )
        }
        for record in self.records:
            for gtin in record.product.gtins:
                owner = owners.get(gtin.gtin)
                if owner and owner != record.product.sku and owner not in skus:
                    column = GTIN_COLUMNS[list(PackagingLevel).index(gtin.level)]
                    problems.append(
                        Problem(
                            record.line,
                            column,
                            f"expected a GTIN not used by another product, found {gtin.gtin}, "
                            f"which belongs to SKU {owner}",
                        )
                    )
        problems.extend(self._check_fixed_locations(session))
        problems.extend(self._check_owners(session))
        return problems

    def _check_owners(self, session: Session) -> list[Problem]:
        """An owner must be known; a product's owner cannot change while it has stock or
        open ASN/order lines."""
        if not self.table.has("owner"):
            return []
        known = {
            row.code
            for row in lookup(
                session, [OwnerRow.code], OwnerRow.code, (r.product.owner for r in self.records)
            )
        }
        current: dict[str, str] = {
            row.sku: row.owner
            for row in lookup(
                session,
                [ProductRow.sku, ProductRow.owner],
                ProductRow.sku,
                (r.product.sku for r in self.records),
            )
        }
        problems = []
        for record in self.records:
            product = record.product
            if product.owner not in known:
                problems.append(
                    Problem(
                        record.line,
                        "owner",
                        f"expected a known owner, found {product.owner}, which does not exist "
                        "(import it with 'wms import owners' first)",
                    )
                )
            elif current.get(product.sku, product.owner) != product.owner:
                try:
                    require_owner_change_allowed(session, product.sku, product.owner)
                except RuleViolation as refusal:
                    problems.append(Problem(record.line, "owner", str(refusal)))
        return problems

    def _check_fixed_locations(self, session: Session) -> list[Problem]:
        wanted = [r for r in self.records if r.product.fixed_location]
        if not wanted:
            return []
        if not self.warehouse:
            return [
                Problem(
                    r.line,
                    "fixed_location",
                    "expected a warehouse to find the location in (pass --warehouse), found none",
                )
                for r in wanted
            ]
        types: dict[str, str] = {
            row.code: row.type
            for row in lookup(
                session,
                [LocationRow.code, LocationRow.type],
                LocationRow.code,
                (r.product.fixed_location for r in wanted),
                LocationRow.warehouse == self.warehouse,
            )
        }
        problems = []
        for record in wanted:
            code = record.product.fixed_location
            found = types.get(code)
            if found is None:
                problems.append(
                    Problem(
                        record.line,
                        "fixed_location",
                        f"expected a pick_face location of warehouse {self.warehouse}, "
                        f"found {code}, which does not exist",
                    )
                )
            elif found != LocationType.PICK_FACE.value:
                problems.append(
                    Problem(
                        record.line,
                        "fixed_location",
                        f"expected a pick_face location, found {code}, a {found} location",
                    )
                )
        return problems

    def write(self, session: Session, progress: Progress) -> ImportResult:
        new_rows = []
        updates = []
        gtin_rows: list[dict[str, object]] = []
        present = [f for f in PRODUCT_FIELDS if f == "sku" or self.table.has(f)]
        for record in self.records:
            product = record.product
            if product.sku in self.existing:
                updates.append({f: getattr(product, f) for f in present})
            else:
                new_rows.append({f: getattr(product, f) for f in PRODUCT_FIELDS})
            gtin_rows.extend(
                {"gtin": g.gtin, "sku": product.sku, "level": g.level.value, "quantity": g.quantity}
                for g in product.gtins
            )
        if self.replaces_gtins and self.existing:
            for batch in chunks(sorted(self.existing), LOOKUP_BATCH):
                session.execute(delete(ProductGtinRow).where(ProductGtinRow.sku.in_(batch)))
        bulk_insert(session, table_of(ProductRow), new_rows, progress)
        bulk_update(session, table_of(ProductRow), "sku", updates, progress)
        if gtin_rows:
            bulk_insert(session, table_of(ProductGtinRow), gtin_rows, Progress(None, 0))
        return ImportResult(
            "products",
            self.table.source,
            rows=len(self.records),
            created=len(new_rows),
            updated=len(updates),
        )
