"""Stock owners: the merchants the hub stores and ships for.

Every product belongs to one owner; stock and movements carry the owner of their product (the
ledger sets it when it posts), ASNs and orders belong to one owner. ``HUB`` is the hub's own
supplies (packaging, consumables): owner-neutral, and the owner of everything that existed
before owners did.
"""

from __future__ import annotations

from dataclasses import dataclass

#: the hub's own stock (owner-neutral); everything existing before owners belongs to it
HUB_OWNER = "HUB"
HUB_OWNER_NAME = "Hub own stock"


@dataclass(frozen=True)
class Owner:
    """A merchant's master data (code, name, country, tax id, contact)."""

    code: str
    name: str
    country: str
    tax_id: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    active: bool = True

    @property
    def label(self) -> str:
        """``Name (CODE)``, how a refusal names an owner."""
        return f"{self.name} ({self.code})"
