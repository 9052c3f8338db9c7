"""Stock owners: the merchants the hub stores and ships for.

A merchant is master data (``wms import owners``); each product belongs to one owner; an ASN
and an order belong to one owner and hold only that owner's products; allocation takes only
the order's owner's stock; receiving, picking and packing refuse a product of another owner,
naming both; every movement and stock row carries its product's owner.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from tests.conftest import run_wms
from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import GTIN, logged_in, paced
from wms.core.domain.errors import ImportRefused, OwnerMismatch
from wms.core.domain.model import MovementKind
from wms.core.domain.owners import HUB_OWNER
from wms.core.persistence.tables import (
    AsnRow,
    MovementRow,
    OrderRow,
    OwnerRow,
    ProductRow,
    StockRow,
)
from wms.core.services.imports import import_bytes
from wms.core.services.ledger import Actor
from wms.core.services.outbound.allocation import allocate_order
from wms.core.services.outbound.waves import release_wave
from wms.core.services.owners import list_owners, require_same_owner

demo_template = support.demo_template
site = support.site
ACTOR = Actor("CMN1", "CMN1-T01", "2001")

OWNERS_CSV = """code,name,country,tax_id,contact_name,contact_email,contact_phone
ARGAN,Coopérative Tafyoucht,MA,MA-IF-40123456,Fatima Ait Ali,contact@tafyoucht.ma,+212 528 000 111
FEZPOT,Fez Ceramics,MA,MA-IF-40999999,Youssef Bennani,orders@fezceramics.ma,+212 535 000 222
"""


def owners(site):  # type: ignore[no-untyped-def]
    import_bytes(site.sessions, "owners", OWNERS_CSV, source="owners.csv")


MERCHANT_PRODUCTS = """sku,name,owner,hs_code,origin_country
ARG-CREAM-50,Argan face cream 50 ml,ARGAN,330499,MA
ARG-SOAP-100,Argan soap 100 g,ARGAN,340111,MA
FEZ-PLATE-24,Fez blue plate 24 cm,FEZPOT,691200,MA
"""


def merchants(site) -> None:  # type: ignore[no-untyped-def]
    """The two merchants and a few products of each (new: no stock yet)."""
    owners(site)
    import_bytes(site.sessions, "products", MERCHANT_PRODUCTS, source="products.csv")


def refused(site, kind: str, data: str) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportRefused) as caught:
        import_bytes(site.sessions, kind, data, source=f"{kind}.csv")
    return [str(problem) for problem in caught.value.problems]


def movements(site) -> int:  # type: ignore[no-untyped-def]
    with site.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(MovementRow)) or 0


# --- master data -------------------------------------------------------------------------------


def test_owners_are_imported_updated_and_listed_with_the_hub_among_them(site):
    owners(site)
    with site.uow() as uow:
        listed = {o.code: o for o in list_owners(uow.session)}
    # the import updates the demo's ARGAN and FEZPOT; the demo's textile workshop stays
    assert set(listed) == {"ARGAN", "FEZPOT", "TISSAGE", HUB_OWNER}
    argan = listed["ARGAN"]
    assert (argan.name, argan.country, argan.tax_id) == (
        "Coopérative Tafyoucht",
        "MA",
        "MA-IF-40123456",
    )
    assert argan.contact_email == "contact@tafyoucht.ma" and argan.active
    result = import_bytes(
        site.sessions, "owners", "code,name,country\nargan,Tafyoucht Argan,MA\n", source="o.csv"
    )
    assert result.summary() == "imported 1 owner (0 new, 1 updated)"
    with site.uow() as uow:
        row = uow.session.get(OwnerRow, "ARGAN")
        assert row.name == "Tafyoucht Argan" and row.tax_id == "MA-IF-40123456"  # kept
    shown = run_wms("owners", "list", "--format", "csv", db=site.path)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("code,name,country,tax_id")
    assert any(line.startswith("HUB,Hub own stock,") for line in lines)
    assert any(line.startswith("ARGAN,Tafyoucht Argan,MA,") for line in lines)


def test_an_owners_file_with_bad_rows_is_refused_whole_naming_line_and_column(site):
    problems = refused(
        site,
        "owners",
        "code,name,country,contact_email\n"
        "OK-1,Good Merchant,MA,a@b.ma\n"
        "BAD 2,No Country,,x@y.ma\n"
        "OK-1,Twice,FR,\n"
        "OK-3,Bad Mail,XX,not-an-email\n",
    )
    assert problems == [
        "line 3, column code: expected letters A-Z, digits and '-', found 'BAD 2'",
        "line 3, column country: expected an ISO 3166 country code such as MA or FR, found nothing",
        "line 4, column code: expected each owner code once, found OK-1 again (first on line 2)",
        "line 5, column contact_email: expected an e-mail address such as name@example.ma, "
        "found 'not-an-email'",
        "line 5, column country: expected an ISO 3166 alpha-2 country code such as MA or FR, "
        "found 'XX'",
    ]
    with site.uow() as uow:
        assert uow.session.get(OwnerRow, "OK-1") is None  # nothing imported


def test_a_product_of_an_unknown_owner_is_refused_and_a_known_one_belongs_to_it(site):
    owners(site)
    problems = refused(
        site,
        "products",
        "sku,name,owner\nNEW-1,New product,ARGAN\nNEW-2,Other product,NOBODY\n",
    )
    assert problems == [
        "line 3, column owner: expected a known owner, found NOBODY, which does not exist "
        "(import it with 'wms import owners' first)"
    ]
    import_bytes(
        site.sessions, "products", "sku,name,owner\nNEW-1,New product,argan\n", source="p.csv"
    )
    import_bytes(site.sessions, "products", "sku,name\nNEW-2,Without owner\n", source="p.csv")
    with site.uow() as uow:
        assert uow.session.get(ProductRow, "NEW-1").owner == "ARGAN"
        assert uow.session.get(ProductRow, "NEW-2").owner == HUB_OWNER
    # a later file without the owner column leaves the owner alone
    import_bytes(site.sessions, "products", "sku,name\nNEW-1,Renamed\n", source="p.csv")
    with site.uow() as uow:
        assert uow.session.get(ProductRow, "NEW-1").owner == "ARGAN"


def test_a_product_with_stock_cannot_pass_to_another_owner(site):
    owners(site)
    with site.uow() as uow:
        units = uow.session.scalar(
            select(func.sum(StockRow.quantity)).where(StockRow.sku == "ARG-OIL-100")
        )
    assert units
    problems = refused(site, "products", "sku,name,owner\nARG-OIL-100,Argan oil,ARGAN\n")
    assert problems == [
        f"line 2, column owner: product ARG-OIL-100 belongs to HUB: it cannot pass to ARGAN "
        f"while it has {units} units in stock"
    ]


# --- documents ---------------------------------------------------------------------------------


def test_an_asn_belongs_to_its_stated_owner_or_to_its_products_owner(site):
    merchants(site)
    import_bytes(
        site.sessions,
        "asn",
        "asn,supplier,line,sku,quantity,owner\n"
        "ASN-ARG-1,Tafyoucht,1,ARG-CREAM-50,40,ARGAN\n"
        "ASN-ARG-1,,2,ARG-SOAP-100,10,\n"
        "ASN-HUB-1,Packaging Co,1,CN-BTL-30,500,\n",
        source="asn.csv",
    )
    import_bytes(
        site.sessions,
        "asn",
        "asn,supplier,line,sku,quantity\nASN-ARG-2,Tafyoucht,1,ARG-SOAP-100,5\n",
        source="asn.csv",
    )
    with site.uow() as uow:
        owner_of = {n: uow.session.get(AsnRow, n).owner for n in ("ASN-ARG-1", "ASN-HUB-1")}
        owner_of["ASN-ARG-2"] = uow.session.get(AsnRow, "ASN-ARG-2").owner
    assert owner_of == {"ASN-ARG-1": "ARGAN", "ASN-HUB-1": HUB_OWNER, "ASN-ARG-2": "ARGAN"}


def test_an_asn_mixing_owners_is_refused_whole_naming_the_line_the_product_and_both_owners(site):
    merchants(site)
    problems = refused(
        site,
        "asn",
        "asn,supplier,line,sku,quantity,owner\n"
        "ASN-MIX-1,Tafyoucht,1,ARG-CREAM-50,40,\n"
        "ASN-MIX-1,,2,FEZ-PLATE-24,12,\n"
        "ASN-MIX-2,Fez,1,ARG-CREAM-50,5,FEZPOT\n"
        "ASN-MIX-3,Nobody,1,FEZ-PLATE-24,5,GHOST\n",
    )
    assert problems == [
        "line 3, column sku: product FEZ-PLATE-24 belongs to Fez Ceramics (FEZPOT), ASN ASN-MIX-1 "
        "to Coopérative Tafyoucht (ARGAN) (the owner of line 2's product ARG-CREAM-50): "
        "an ASN holds one owner's products",
        "line 4, column sku: product ARG-CREAM-50 belongs to Coopérative Tafyoucht (ARGAN), ASN "
        "ASN-MIX-2 to Fez Ceramics (FEZPOT): an ASN holds one owner's products",
        "line 5, column owner: expected a known owner, found GHOST, which does not exist "
        "(import it with 'wms import owners' first)",
    ]
    with site.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(AsnRow)) == 1  # the demo's


ORDER_HEAD = "order,ship_to_name,ship_to_country,line,sku,quantity,owner\n"


def test_an_order_mixing_owners_or_differing_from_its_owner_is_refused_whole(site):
    merchants(site)
    problems = refused(
        site,
        "orders",
        ORDER_HEAD + "WEB-1,Claire Martin,FR,1,ARG-CREAM-50,2,\n"
        "WEB-1,,,2,FEZ-PLATE-24,1,\n"
        "WEB-2,Jan Peeters,BE,1,CER-TAJ-28,1,FEZPOT\n",
    )
    assert problems == [
        "line 3, column sku: product FEZ-PLATE-24 belongs to Fez Ceramics (FEZPOT), order WEB-1 "
        "to Coopérative Tafyoucht (ARGAN) (the owner of line 2's product ARG-CREAM-50): "
        "an order holds one owner's products",
        "line 4, column sku: product CER-TAJ-28 belongs to Hub own stock (HUB), order WEB-2 "
        "to Fez Ceramics (FEZPOT): an order holds one owner's products",
    ]
    import_bytes(
        site.sessions,
        "orders",
        ORDER_HEAD + "WEB-3,Claire Martin,FR,1,FEZ-PLATE-24,2,FEZPOT\n"
        "WEB-4,Jan Peeters,BE,1,ARG-CREAM-50,1,\n",
        source="orders.csv",
    )
    with site.uow() as uow:
        assert uow.session.get(OrderRow, "WEB-3").owner == "FEZPOT"
        assert uow.session.get(OrderRow, "WEB-4").owner == "ARGAN"
        assert uow.session.get(OrderRow, "WEB-1") is None


# --- allocation and scans ----------------------------------------------------------------------


def _merchant_site(site) -> None:  # type: ignore[no-untyped-def]
    """The demo's argan oil, saffron and ORD-1001 (which orders them) belong to the argan
    cooperative, as if its stock had been received for it (set in the database directly: the
    imports refuse to move a product with stock to another owner)."""
    owners(site)
    with site.uow() as uow:
        for table in ("products", "stock", "movements"):
            uow.session.execute(
                text(f"UPDATE {table} SET owner = 'ARGAN' WHERE sku IN ('ARG-OIL-100', 'SAF-1G')")
            )
        uow.session.execute(text("UPDATE orders SET owner = 'ARGAN' WHERE number = 'ORD-1001'"))
        uow.commit()


def test_allocation_takes_only_the_orders_owners_stock(site):
    _merchant_site(site)
    today = site.clock().date()
    with site.uow() as uow:
        allocated = allocate_order(uow, ACTOR, "ORD-1001", today=today)
        uow.commit()
    assert allocated.status == "allocated"
    # ORD-1004, the hub's, orders saffron too: none of the cooperative's saffron is taken
    with site.uow() as uow:
        other = allocate_order(uow, ACTOR, "ORD-1004", today=today)
        uow.commit()
    held = {line.sku: line.held for line in other.lines}
    assert held == {"TXT-BLK-01": 1, "LTH-BAG-01": 1, "SAF-1G": 0}
    assert other.status == "backordered"
    with site.uow() as uow:
        reserved = (
            uow.session.execute(
                text(
                    "SELECT DISTINCT owner FROM stock WHERE status = 'reserved' AND sku IN "
                    "('ARG-OIL-100', 'SAF-1G')"
                )
            )
            .scalars()
            .all()
        )
    assert reserved == ["ARGAN"]
    site.invariants()


def test_receiving_refuses_a_product_of_another_owner_than_the_asns_and_posts_nothing(site):
    owners(site)
    with site.uow() as uow:
        uow.session.execute(text("UPDATE asns SET owner = 'ARGAN' WHERE number = 'ASN-CN-0001'"))
        uow.session.execute(text("UPDATE products SET owner = 'ARGAN' WHERE sku = 'CN-TEA-GP'"))
        uow.commit()
    session = logged_in(site, mode="receiving")
    assert all(f.ok for f in paced(session, "ASN:ASN-CN-0001", "CMD:NEWHU"))
    before = movements(site)
    out = paced(session, GTIN["bottle"])[0]
    assert not out.ok and out.error == "owner_mismatch"
    assert out.message == (
        "CN-BTL-30 belongs to Hub own stock (HUB), ASN ASN-CN-0001 to Coopérative Tafyoucht (ARGAN)"
    )
    assert movements(site) == before
    tea = support.gs1(GTIN["tea"], lot="GP2611A", expiry="281031", count=10)
    accepted = paced(session, tea)[0]
    assert accepted.ok, accepted.message
    with site.uow() as uow:
        (receipt,) = uow.ledger.movements(kind=MovementKind.RECEIVE.value, reference="ASN-CN-0001")
        assert (receipt.sku, receipt.owner) == ("CN-TEA-GP", "ARGAN")
        assert {s.owner for s in uow.session.scalars(
            select(StockRow).where(StockRow.sku == "CN-TEA-GP", StockRow.location == "DOCK-01")
        )} == {"ARGAN"}  # fmt: skip
    site.invariants()


def test_picking_and_packing_refuse_a_product_of_another_owner_than_the_orders(site):
    _merchant_site(site)
    with site.uow() as uow:
        release_wave(uow, ACTOR, today=site.clock().date(), orders=["ORD-1001"], mode="single")
        uow.commit()
    session = logged_in(site, "1001", "1234", mode="picking")
    assert all(f.ok for f in paced(session, "@key NEXT", "LOC:P-01-01-2"))
    before = movements(site)
    wrong = paced(session, GTIN["teapot"])[0]
    assert wrong.error == "owner_mismatch"
    assert wrong.message == (
        "CN-TEAPOT belongs to Hub own stock (HUB), order ORD-1001 to Coopérative Tafyoucht (ARGAN)"
    )
    assert movements(site) == before
    out = paced(session, GTIN["saffron"], "TOTE:T1", "LOC:A-01-02-1", GTIN["argan"], GTIN["argan"])
    out += paced(session, "TOTE:T1")
    assert all(f.ok for f in out), [f.message for f in out]
    with site.uow() as uow:
        picked = uow.ledger.movements(kind=MovementKind.PICK.value)
    assert picked and {m.owner for m in picked} == {"ARGAN"}
    site.clock.advance(seconds=1)
    assert session.set_mode("packing").ok
    out = paced(session, "TOTE:T1")
    assert out[0].ok, out[0].message
    before = movements(site)
    wrong = paced(session, GTIN["teapot"])[0]
    assert wrong.error == "owner_mismatch"
    assert "order ORD-1001 to Coopérative Tafyoucht (ARGAN)" in wrong.message
    assert movements(site) == before
    right = paced(session, GTIN["saffron"])[0]
    assert right.ok, right.message
    site.invariants()


def test_an_owner_mismatch_names_both_owners_in_the_stations_language(site):
    owners(site)
    with site.uow() as uow, pytest.raises(OwnerMismatch) as caught:
        from wms.core.domain.text import msg

        require_same_owner(
            uow.session, "AR-0001", "ARGAN", msg("order {order}", order="WEB-7"), "FEZPOT"
        )
    assert str(caught.value) == (
        "AR-0001 belongs to Coopérative Tafyoucht (ARGAN), order WEB-7 to Fez Ceramics (FEZPOT)"
    )
    from wms.messages import translate

    assert translate(caught.value.message, "fr") == (
        "AR-0001 appartient à Coopérative Tafyoucht (ARGAN), commande WEB-7 à Fez Ceramics (FEZPOT)"
    )
