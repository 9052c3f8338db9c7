"""Stock owners in the services: whose a product is, an owner's name, and the one check every
workflow makes before it posts (``require_same_owner``), refusing with both owners named."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wms.core.domain.errors import NotFound, OwnerMismatch, RuleViolation
from wms.core.domain.owners import HUB_OWNER, Owner
from wms.core.domain.text import Text, msg
from wms.core.persistence.tables import (
    AsnLineRow,
    AsnRow,
    OrderLineRow,
    OrderRow,
    OwnerRow,
    ProductRow,
    StockRow,
)

#: states of an ASN or an order that is done with (any other state is open)
DONE_DOCUMENT_STATES = ("closed", "cancelled", "shipped")


def owner_of_product(session: Session, sku: str) -> str:
    """The owner code of product ``sku`` (``HUB`` for an unknown product: owner-neutral)."""
    owner = session.scalar(select(ProductRow.owner).where(ProductRow.sku == sku))
    return owner if owner is not None else HUB_OWNER


def order_owner(session: Session, number: str) -> str:
    """The owner of order ``number`` (``HUB`` for an unknown order)."""
    owner = session.scalar(select(OrderRow.owner).where(OrderRow.number == number))
    return owner if owner is not None else HUB_OWNER


def owner_name(session: Session, code: str) -> str:
    """The owner's name (its code when the owner is unknown, so a message still names it)."""
    name = session.scalar(select(OwnerRow.name).where(OwnerRow.code == code))
    return name if name is not None else code


def get_owner(session: Session, code: str) -> Owner:
    row = session.get(OwnerRow, code)
    if row is None:
        raise NotFound(msg("owner"), code, msg("import it with 'wms import owners FILE.csv'"))
    return owner_from_row(row)


def owner_from_row(row: OwnerRow) -> Owner:
    return Owner(
        code=row.code,
        name=row.name,
        country=row.country,
        tax_id=row.tax_id,
        contact_name=row.contact_name,
        contact_email=row.contact_email,
        contact_phone=row.contact_phone,
        active=row.active,
    )


def list_owners(session: Session) -> list[Owner]:
    """Every owner, by code (``HUB`` among them)."""
    return [
        owner_from_row(row) for row in session.scalars(select(OwnerRow).order_by(OwnerRow.code))
    ]


def products_per_owner(session: Session) -> dict[str, int]:
    """How many products each owner has (owners without products absent)."""
    rows = session.execute(select(ProductRow.owner, func.count()).group_by(ProductRow.owner)).all()
    return {owner: int(count) for owner, count in rows}


def require_same_owner(
    session: Session,
    thing: str,
    thing_owner: str,
    document: Text,
    document_owner: str,
) -> None:
    """Refuse (``OwnerMismatch``, both owners named) when ``thing`` (a product's SKU) of
    ``thing_owner`` meets ``document`` (e.g. ``msg("this order")``) of ``document_owner``."""
    if thing_owner == document_owner:
        return
    raise OwnerMismatch(
        thing,
        thing_owner,
        owner_name(session, thing_owner),
        document,
        document_owner,
        owner_name(session, document_owner),
    )


def require_product_of(session: Session, sku: str, document: Text, document_owner: str) -> None:
    """Refuse a product of another owner than the document's (the scan checks)."""
    require_same_owner(session, sku, owner_of_product(session, sku), document, document_owner)


def require_owner_change_allowed(session: Session, sku: str, new_owner: str) -> None:
    """A product's owner cannot change while it has stock or open ASN/order lines: its stock
    and movements would belong to the old owner and its documents to the new one."""
    current = owner_of_product(session, sku)
    if current == new_owner:
        return
    stock = session.scalar(
        select(func.coalesce(func.sum(StockRow.quantity), 0)).where(StockRow.sku == sku)
    )
    if stock:
        raise RuleViolation(
            msg(
                "product {sku} belongs to {owner}: it cannot pass to {new_owner} while it has "
                "{units} units in stock",
                sku=sku,
                owner=current,
                new_owner=new_owner,
                units=stock,
            ),
            "owner_change",
        )
    open_asn = session.scalar(
        select(AsnRow.number)
        .join(AsnLineRow, AsnLineRow.asn == AsnRow.number)
        .where(AsnLineRow.sku == sku, AsnRow.status.not_in(DONE_DOCUMENT_STATES))
        .limit(1)
    )
    open_order = session.scalar(
        select(OrderRow.number)
        .join(OrderLineRow, OrderLineRow.order == OrderRow.number)
        .where(OrderLineRow.sku == sku, OrderRow.status.not_in(DONE_DOCUMENT_STATES))
        .limit(1)
    )
    document = open_asn or open_order
    if document:
        raise RuleViolation(
            msg(
                "product {sku} belongs to {owner}: it cannot pass to {new_owner} while "
                "{document} is open with it",
                sku=sku,
                owner=current,
                new_owner=new_owner,
                document=document,
            ),
            "owner_change",
        )
