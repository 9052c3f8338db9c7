"""Importing stock owners (merchants): new codes are created, existing codes updated.

Format ``owners``: ``code,name,country,tax_id,contact_name,contact_email,contact_phone``
(code, name and country required). A code is upper-case letters, digits and '-' (lower case is
upper-cased), the country an ISO 3166 alpha-2 code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from wms.core.domain.errors import Problem
from wms.core.domain.owners import Owner
from wms.core.persistence.base import table_of
from wms.core.persistence.tables import OwnerRow
from wms.core.services.imports_base import ImportResult, Progress, bulk_insert, bulk_update, lookup
from wms.core.services.imports_csv import Cells, CsvFormat, CsvTable

OWNER_FIELDS = (
    "code",
    "name",
    "country",
    "tax_id",
    "contact_name",
    "contact_email",
    "contact_phone",
)

OWNERS = CsvFormat("owners", columns=OWNER_FIELDS, required=("code", "name", "country"))

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9][0-9 .()-]{3,38}")


@dataclass(frozen=True)
class OwnerRecord:
    line: int
    owner: Owner


def check_owner_row(line: int, values: dict[str, str], problems: list[Problem]) -> Owner:
    """The owner a data row describes; every bad cell is appended to ``problems``."""
    cells = Cells(line, values, problems)
    email = cells.text("contact_email", max_length=200)
    if email and not _EMAIL.fullmatch(email):
        cells.bad(
            "contact_email", f"expected an e-mail address such as name@example.ma, found '{email}'"
        )
        email = ""
    phone = cells.text("contact_phone", max_length=40)
    if phone and not _PHONE.fullmatch(phone):
        cells.bad(
            "contact_phone",
            f"expected a phone number of digits (+, spaces, dots, dashes allowed), found '{phone}'",
        )
        phone = ""
    return Owner(
        code=cells.code("code"),
        name=cells.text("name", required=True),
        country=cells.country("country", required=True),
        tax_id=cells.text("tax_id", max_length=40),
        contact_name=cells.text("contact_name", max_length=200),
        contact_email=email,
        contact_phone=phone,
    )


class OwnerImport:
    fmt = OWNERS

    def __init__(self, table: CsvTable) -> None:
        self.table = table
        self.records: list[OwnerRecord] = []
        self.existing: set[str] = set()

    def validate(self, progress: Progress) -> list[Problem]:
        problems: list[Problem] = []
        first_lines: dict[str, int] = {}
        for line, values in self.table.rows:
            owner = check_owner_row(line, values, problems)
            self.records.append(OwnerRecord(line, owner))
            if owner.code:
                first = first_lines.setdefault(owner.code, line)
                if first != line:
                    problems.append(
                        Problem(
                            line,
                            "code",
                            f"expected each owner code once, found {owner.code} again "
                            f"(first on line {first})",
                        )
                    )
            progress.advance()
        return problems

    def check(self, session: Session) -> list[Problem]:
        codes = {r.owner.code for r in self.records if r.owner.code}
        self.existing = {row.code for row in lookup(session, [OwnerRow.code], OwnerRow.code, codes)}
        return []

    def write(self, session: Session, progress: Progress) -> ImportResult:
        present = [f for f in OWNER_FIELDS if f == "code" or self.table.has(f)]
        new_rows = []
        updates = []
        for record in self.records:
            owner = record.owner
            if owner.code in self.existing:
                updates.append({f: getattr(owner, f) for f in present})
            else:
                new_rows.append({**{f: getattr(owner, f) for f in OWNER_FIELDS}, "active": True})
        bulk_insert(session, table_of(OwnerRow), new_rows, progress)
        bulk_update(session, table_of(OwnerRow), "code", updates, progress)
        return ImportResult(
            "owners",
            self.table.source,
            rows=len(self.records),
            created=len(new_rows),
            updated=len(updates),
        )
