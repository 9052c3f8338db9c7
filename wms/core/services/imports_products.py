"""Importing products (master data) and their packaging-level GTINs."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from wms.core.domain.errors import Problem, RuleViolation
from wms.core.domain.model import LocationType, PackagingLevel, Product, ProductGtin
from wms.core.domain.owners import HUB_OWNER
from wms.core.persistence.base import table_of
from wms.core.persistence.tables import LocationRow, OwnerRow, ProductGtinRow, ProductRow
from wms.core.services.imports_base import (
    ImportResult,
    Progress,
    execute_many,
    insert_tuples,
    lookup,
    stored_tuples,
    tuple_builder,
)
from wms.core.services.imports_codes import COUNTRIES, CURRENCIES
from wms.core.services.imports_csv import (
    Cells,
    CsvFormat,
    CsvTable,
    Memo,
    NotPlain,
    plain_amount,
    plain_code,
)
from wms.core.services.owners import require_owner_change_allowed

PACKAGING: tuple[tuple[str, str, PackagingLevel], ...] = (
    ("gtin", "", PackagingLevel.EACH),
    ("inner_gtin", "inner_qty", PackagingLevel.INNER),
    ("case_gtin", "case_qty", PackagingLevel.CASE),
    ("pallet_gtin", "pallet_qty", PackagingLevel.PALLET),
)
GTIN_COLUMNS = tuple(gtin for gtin, _qty, _level in PACKAGING)
GTIN_FIELDS = ("gtin", "sku", "level", "quantity")
"""Columns of the product_gtins table, in the order of :data:`GtinTuple`."""
GtinTuple = tuple[str, str, str, int]

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


_GTIN_LENGTHS = frozenset({8, 12, 13, 14})
_FLAGS = {"": False, "true": True, "yes": True, "1": True, "y": True}
_FLAGS.update({"false": False, "no": False, "0": False, "n": False})
_HS_CODE = re.compile(r"[0-9]{6,10}")
_OTHER_PACKAGING = ("inner_gtin", "inner_qty", "case_gtin", "case_qty", "pallet_gtin", "pallet_qty")


def _plain_gtin(value: str) -> str:
    if not value:
        return ""
    if not (value.isascii() and value.isdigit() and len(value) in _GTIN_LENGTHS):
        raise NotPlain
    # GS1 modulo 10 over the whole number: the check digit and every second digit to its left
    # weigh 1, the others 3; a right check digit makes the sum a multiple of 10
    data = value.encode("ascii")
    single, tripled = data[-1::-2], data[-2::-2]
    if (sum(single) - 48 * len(single) + 3 * (sum(tripled) - 48 * len(tripled))) % 10:
        raise NotPlain
    return value.zfill(14)


def _plain_hs_code(value: str) -> str:
    digits = value.replace(".", "").replace(" ", "")
    if value and not _HS_CODE.fullmatch(digits):
        raise NotPlain
    return digits


def _plain_country(value: str) -> str:
    upper = value.upper()
    if value and upper not in COUNTRIES:
        raise NotPlain
    return upper


def _plain_currency(value: str) -> str:
    upper = value.upper()
    if not value:
        return "EUR"
    if upper not in CURRENCIES:
        raise NotPlain
    return upper


def plain_product_reader(header: Sequence[str]) -> Callable[[dict[str, str]], Product | None]:
    """A reader of a data row whose every cell has its plainest valid form (printable text,
    ASCII digits with a right check digit, known codes, plain numbers, at most an each-level
    GTIN): the product exactly as :func:`check_product_row` makes it, or ``None`` for a row it
    cannot vouch for, which then goes through :func:`check_product_row` for its messages.
    Each distinct good cell text of a column is checked once."""
    gtin = _plain_gtin  # not memoised: a file repeats no GTIN
    hs_code = Memo(_plain_hs_code)
    country = Memo(_plain_country)
    currency = Memo(_plain_currency)
    code = Memo(plain_code(40))
    measure = Memo(plain_amount(11, 3, _ZERO))
    money = Memo(plain_amount(12, 2, _ZERO_VALUE))
    flag = _FLAGS
    each = PackagingLevel.EACH
    packaging = [column for column in _OTHER_PACKAGING if column in header]

    def read(values: dict[str, str]) -> Product | None:
        get = values.get
        sku = get("sku", "")
        name = get("name", "")
        unit = get("unit", "") or "each"
        if not (
            sku
            and name
            and len(sku) <= 40
            and len(name) <= 200
            and len(unit) <= 20
            and sku.isprintable()
            and name.isprintable()
            and unit.isprintable()
        ) or (packaging and any(get(column) for column in packaging)):
            return None
        try:
            each_gtin = gtin(get("gtin", ""))
            return Product(
                sku,
                name,
                unit,
                flag[get("tracks_lot", "").lower()],
                flag[get("tracks_expiry", "").lower()],
                flag[get("tracks_serial", "").lower()],
                hs_code[get("hs_code", "")],
                country[get("origin_country", "")],
                measure[get("weight_kg", "")],
                measure[get("length_cm", "")],
                measure[get("width_cm", "")],
                measure[get("height_cm", "")],
                money[get("unit_value", "")],
                currency[get("currency", "")],
                code[get("fixed_location", "")],
                (ProductGtin(each_gtin, each, 1),) if each_gtin else (),
                code[get("owner", "")] or HUB_OWNER,
            )
        except (NotPlain, KeyError):
            return None

    return read


def validate_products(
    table: CsvTable, progress: Progress
) -> tuple[list[ProductRecord], list[Problem]]:
    """Check every row of ``table`` and the file as a whole (duplicate SKUs and GTINs)."""
    problems: list[Problem] = []
    records: list[ProductRecord] = []
    sku_lines: dict[str, int] = {}
    gtin_lines: dict[str, tuple[int, str]] = {}
    plain = plain_product_reader(table.header)
    for line, values in table.rows:
        product = plain(values) or check_product_row(line, values, problems)
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
        self.replaces_gtins = any(table.has(column) for column in GTIN_COLUMNS)
        self.written = tuple(f for f in PRODUCT_FIELDS if f != "sku" and table.has(f))
        """The columns an existing product takes from the file."""
        self.stored: dict[str, tuple[Any, ...]] = {}
        """Existing products of the file by SKU: their ``written`` columns then the SKU, as the
        driver returns them (the update's tuple when nothing changed)."""
        self.stored_gtins: set[GtinTuple] = set()
        """The GTIN rows of the file's existing products (when the file has GTIN columns)."""

    def validate(self, progress: Progress) -> list[Problem]:
        self.records, problems = validate_products(self.table, progress)
        return problems

    def check(self, session: Session) -> list[Problem]:
        """Cross-checks against the database: GTINs of other SKUs, fixed locations."""
        problems: list[Problem] = []
        skus = {r.product.sku for r in self.records if r.product.sku}
        self._read_stored(session, skus)
        # a GTIN a product of the file holds is no other product's: only the others are read
        held = {row[0] for row in self.stored_gtins}
        owners: dict[str, str] = dict(
            stored_tuples(
                session,
                table_of(ProductGtinRow),
                ("gtin", "sku"),
                "gtin",
                {g.gtin for r in self.records for g in r.product.gtins if g.gtin not in held},
            )
        )
        for record in self.records if owners else ():  # no GTIN of the file is another's
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

    def _read_stored(self, session: Session, skus: set[str]) -> None:
        """What the database holds of the file's existing products (and of their GTINs when
        the file replaces them), read once each, to write only what changes."""
        self.stored = {
            row[-1]: row
            for row in stored_tuples(
                session, table_of(ProductRow), (*self.written, "sku"), "sku", skus
            )
        }
        self.stored_gtins = set()
        if self.replaces_gtins and self.stored:
            self.stored_gtins.update(
                stored_tuples(
                    session, table_of(ProductGtinRow), GTIN_FIELDS, "sku", self.stored.keys()
                )
            )

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
        """Insert the new products, update the existing ones (the file's columns only) and
        replace their GTINs (when the file has GTIN columns), each as one executemany of
        driver-value tuples. An existing product whose columns already hold the file's values
        is not written, nor are the GTINs of a product already as the file has them: every
        existing product of the file still counts as updated, and the tables end the same."""
        products = table_of(ProductRow)
        gtins = table_of(ProductGtinRow)
        stored = self.stored
        in_file = [record.product for record in self.records]
        new = [product for product in in_file if product.sku not in stored]
        existing = [product for product in in_file if product.sku in stored]
        new_rows = list(map(tuple_builder(session, products, PRODUCT_FIELDS), new))
        update_row = tuple_builder(session, products, (*self.written, "sku"))
        updates = [row for row in map(update_row, existing) if row != stored[row[-1]]]
        gtin_rows: list[GtinTuple] = [
            (g.gtin, product.sku, g.level.value, g.quantity)
            for product in new
            for g in product.gtins
        ]
        replaced: list[tuple[str]] = []  # existing products whose GTINs the file changes
        if self.replaces_gtins and existing:
            wanted = [
                (g.gtin, product.sku, g.level.value, g.quantity)
                for product in existing
                for g in product.gtins
            ]
            changed = set(map(itemgetter(1), self.stored_gtins ^ set(wanted)))  # their SKUs
            replaced = [(product.sku,) for product in existing if product.sku in changed]
            gtin_rows.extend(row for row in wanted if row[1] in changed)
        preparer = session.get_bind().dialect.identifier_preparer
        sku = preparer.quote("sku")
        # the replaced GTINs go first: one may move to another product of the file
        execute_many(
            session, f"DELETE FROM {preparer.format_table(gtins)} WHERE {sku} = ?", replaced
        )
        insert_tuples(session, products, PRODUCT_FIELDS, new_rows, progress)
        if self.written:
            assignments = ", ".join(f"{preparer.quote(name)} = ?" for name in self.written)
            execute_many(
                session,
                f"UPDATE {preparer.format_table(products)} SET {assignments} WHERE {sku} = ?",
                updates,
                progress,
            )
        progress.advance(len(existing) - len(updates))
        insert_tuples(session, gtins, GTIN_FIELDS, gtin_rows)
        return ImportResult(
            "products",
            self.table.source,
            rows=len(self.records),
            created=len(new_rows),
            updated=len(existing),
        )
