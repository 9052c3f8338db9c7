"""The demo site: hub CMN1 (Casablanca) with locations, products, an ASN, orders, a sort plan,
operators and opening stock. ``wms demo`` builds it; tests and example scan scripts rely on it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.check_digits import with_gs1_check_digit
from wms.core.domain.model import (
    Location,
    LocationType,
    MovementDraft,
    Operator,
    PackagingLevel,
    Product,
    ProductGtin,
    Role,
    StockPlace,
    StockStatus,
    Warehouse,
)
from wms.core.domain.owners import HUB_OWNER
from wms.core.domain.pins import hash_pin
from wms.core.persistence.tables import (
    AsnLineRow,
    AsnRow,
    OrderLineRow,
    OrderRow,
    OwnerRow,
    ProductRow,
    SortRuleRow,
    ZoneRow,
)
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.hub.demo import build_hub_demo
from wms.core.services.ledger import Actor, post
from wms.core.services.returns_demo import build_returns_demo

WAREHOUSE = Warehouse(
    code="CMN1",
    name="Casablanca Export Hub",
    country="MA",
    gs1_company_prefix="6111234",
    city="Casablanca",
)
OPENING_STATION = "CMN1-SETUP"
OPENING_REFERENCE = "OPENING-BALANCE"


@dataclass(frozen=True)
class DemoOperator:
    badge: str
    name: str
    role: Role
    pin: str


OPERATORS = (
    DemoOperator("1001", "Youssef El Amrani", Role.OPERATOR, "1234"),
    DemoOperator("1002", "Fatima Zahra Benali", Role.OPERATOR, "2468"),
    DemoOperator("1003", "Li Wei", Role.OPERATOR, "1357"),
    DemoOperator("2001", "Karim Idrissi", Role.SUPERVISOR, "9876"),
    DemoOperator("9001", "Nadia Berrada", Role.ADMIN, "4321"),
)


def each_gtin(item: int) -> str:
    """GTIN-13 from the hub's Moroccan GS1 prefix 611 1234 and a 5-digit item reference."""
    return with_gs1_check_digit(f"{WAREHOUSE.gs1_company_prefix}{item:05d}")


def case_gtin(item: int) -> str:
    """GTIN-14 of the case: indicator digit 1 + the GTIN-13 payload + its own check digit."""
    return with_gs1_check_digit(f"1{WAREHOUSE.gs1_company_prefix}{item:05d}")


# sku, name, item, case qty, lot+expiry, hs, origin, kg, (l, w, h) cm, value EUR, pick face
_PRODUCTS: tuple[tuple[Any, ...], ...] = (
    ("ARG-OIL-100", "Argan oil, cosmetic, 100 ml", 11, 24, True, "151590", "MA", "0.180",
     (5, 5, 14), "18.50", "P-01-01-1"),
    ("ARG-OIL-250", "Argan oil, culinary, 250 ml", 12, 12, True, "151590", "MA", "0.420",
     (6, 6, 20), "24.00", ""),
    ("SAF-1G", "Saffron threads, Taliouine, 1 g", 21, 50, True, "091020", "MA", "0.020",
     (6, 4, 2), "9.90", "P-01-01-2"),
    ("DATE-MJ-1KG", "Medjool dates, Tafilalet, 1 kg", 31, 10, True, "080410", "MA", "1.050",
     (25, 15, 6), "14.00", ""),
    ("OLV-OIL-1L", "Extra virgin olive oil, Meknes, 1 l", 41, 12, True, "150920", "MA", "1.250",
     (8, 8, 30), "11.00", ""),
    ("CER-TAJ-28", "Ceramic tajine, Safi, 28 cm", 51, 4, False, "691200", "MA", "2.400",
     (30, 30, 25), "35.00", ""),
    ("CER-BWL-15", "Fez blue ceramic bowl, 15 cm", 52, 12, False, "691200", "MA", "0.450",
     (16, 16, 8), "12.00", ""),
    ("TXT-BLK-01", "Hand-woven Berber wool blanket", 61, 5, False, "630120", "MA", "1.800",
     (40, 30, 10), "65.00", ""),
    ("TXT-CAF-01", "Embroidered cotton caftan", 62, 10, False, "620442", "MA", "0.600",
     (35, 25, 5), "79.00", ""),
    ("LTH-BAG-01", "Leather handbag, Marrakech", 71, 6, False, "420221", "MA", "0.900",
     (35, 12, 28), "55.00", ""),
    ("LTH-BAB-42", "Leather babouche slippers, size 42", 72, 10, False, "640399", "MA", "0.500",
     (30, 12, 10), "22.00", ""),
    ("SOAP-BLK-200", "Beldi black soap, 200 g", 81, 24, True, "340119", "MA", "0.220",
     (8, 8, 6), "6.50", ""),
    ("CN-TEA-GP", "Gunpowder green tea, 500 g", 91, 20, True, "090210", "CN", "0.520",
     (15, 10, 8), "7.80", ""),
    ("CN-BTL-30", "Amber glass dropper bottle, 30 ml", 92, 100, False, "701090", "CN", "0.060",
     (4, 4, 10), "0.35", ""),
    ("CN-TEAPOT", "Stainless steel Moroccan teapot, 1 l", 93, 12, False, "732393", "CN", "0.700",
     (20, 15, 18), "16.00", ""),
)  # fmt: skip


def demo_products() -> list[Product]:
    products = []
    for sku, name, item, case_qty, tracked, hs, origin, kg, dims, value, pick_face in _PRODUCTS:
        products.append(
            Product(
                sku=sku,
                name=name,
                tracks_lot=tracked,
                tracks_expiry=tracked,
                hs_code=hs,
                origin_country=origin,
                weight_kg=Decimal(kg),
                length_cm=Decimal(dims[0]),
                width_cm=Decimal(dims[1]),
                height_cm=Decimal(dims[2]),
                unit_value=Decimal(value),
                currency="EUR",
                fixed_location=pick_face,
                gtins=(
                    ProductGtin(each_gtin(item).zfill(14), PackagingLevel.EACH, 1),
                    ProductGtin(case_gtin(item), PackagingLevel.CASE, case_qty),
                ),
            )
        )
    return products


def demo_locations() -> list[Location]:
    code = WAREHOUSE.code
    locations: list[Location] = []
    walk = 0

    def add(name: str, kind: LocationType, zone: str, **extra: object) -> None:
        nonlocal walk
        walk += 10
        locations.append(Location(code, name, kind, zone, walk_sequence=walk, **extra))  # type: ignore[arg-type]

    for n in range(1, 5):
        add(f"DOCK-{n:02d}", LocationType.DOCK, "DOCK")
    for n in range(1, 5):
        add(f"QUAR-{n:02d}", LocationType.QUARANTINE, "QUAR", capacity_units=500)
    for n in range(1, 5):
        for bin_ in range(1, 4):
            add(
                f"P-{n:02d}-01-{bin_}",
                LocationType.PICK_FACE,
                "PICK",
                aisle="P",
                rack=n,
                level=1,
                bin=bin_,
                capacity_units=60,
                capacity_kg=Decimal("60"),
            )
    for index, aisle in enumerate("ABCD"):
        racks = range(1, 7) if index % 2 == 0 else range(6, 0, -1)  # serpentine walk
        for rack in racks:
            for level in range(1, 4):
                for bin_ in range(1, 3):
                    add(
                        f"{aisle}-{rack:02d}-{level:02d}-{bin_}",
                        LocationType.STORAGE,
                        "STOR",
                        aisle=aisle,
                        rack=rack,
                        level=level,
                        bin=bin_,
                        capacity_units=200,
                        capacity_kg=Decimal("500"),
                    )
    for n in range(1, 3):
        add(f"STAGE-{n:02d}", LocationType.STAGING, "OUT")
    for n in range(1, 4):
        add(f"PACK-{n:02d}", LocationType.PACKING, "OUT")
    for country in ("FR", "BE", "ES", "US", "CA", "XX"):
        add(f"SORT-{country}", LocationType.SORT_DESTINATION, "SORT", capacity_units=50)
    for n in range(1, 9):
        add(f"PW-{n:02d}", LocationType.SORT_DESTINATION, "PUTWALL", capacity_units=20)
    add("SHIP-01", LocationType.SHIPPING, "OUT")
    add("TRANSIT", LocationType.TRANSIT, "TRANSIT")
    return locations


ZONES = (
    ("DOCK", "Receiving docks"),
    ("QUAR", "Quarantine cage"),
    ("PICK", "Pick faces"),
    ("STOR", "Pallet storage, aisles A-D"),
    ("OUT", "Staging, packing and shipping"),
    ("SORT", "Export sort destinations"),
    ("PUTWALL", "Put wall for batch picks"),
    ("TRANSIT", "Stock in transit between warehouses"),
)

# sku, lot, expiry, location, quantity, status
OPENING_STOCK: tuple[tuple[str, str, date | None, str, int, StockStatus], ...] = (
    ("ARG-OIL-100", "ARG2609", date(2027, 9, 30), "A-01-01-1", 120, StockStatus.AVAILABLE),
    ("ARG-OIL-100", "ARG2609", date(2027, 9, 30), "P-01-01-1", 24, StockStatus.AVAILABLE),
    ("ARG-OIL-100", "ARG2603", date(2027, 3, 31), "A-01-02-1", 40, StockStatus.AVAILABLE),
    ("ARG-OIL-250", "ARC2605", date(2027, 5, 31), "A-01-03-1", 36, StockStatus.AVAILABLE),
    ("SAF-1G", "SAF2610", date(2028, 10, 31), "A-02-01-1", 200, StockStatus.AVAILABLE),
    ("SAF-1G", "SAF2610", date(2028, 10, 31), "P-01-01-2", 30, StockStatus.AVAILABLE),
    ("DATE-MJ-1KG", "DAT2611", date(2027, 5, 31), "B-06-01-1", 80, StockStatus.AVAILABLE),
    ("DATE-MJ-1KG", "DAT2510", date(2026, 10, 31), "QUAR-01", 10, StockStatus.QUARANTINED),
    ("OLV-OIL-1L", "OLV2611", date(2028, 6, 30), "B-05-01-1", 60, StockStatus.AVAILABLE),
    ("SOAP-BLK-200", "SOP2610", date(2027, 10, 31), "B-04-01-1", 96, StockStatus.AVAILABLE),
    ("CER-TAJ-28", "", None, "C-01-01-1", 32, StockStatus.AVAILABLE),
    ("CER-BWL-15", "", None, "C-01-02-1", 48, StockStatus.AVAILABLE),
    ("TXT-BLK-01", "", None, "C-02-01-1", 25, StockStatus.AVAILABLE),
    ("TXT-CAF-01", "", None, "C-02-02-1", 30, StockStatus.AVAILABLE),
    ("LTH-BAG-01", "", None, "D-06-01-1", 18, StockStatus.AVAILABLE),
    ("LTH-BAB-42", "", None, "D-06-02-1", 40, StockStatus.AVAILABLE),
)

ASN_NUMBER = "ASN-CN-0001"
ASN_LINES = (
    (1, "CN-TEA-GP", 240, "GP2611A", date(2028, 10, 31)),
    (2, "CN-BTL-30", 500, "", None),
    (3, "CN-TEAPOT", 48, "", None),
)

# number, customer, name, address, postcode, city, country, carrier, service, currency, lines
ORDERS: tuple[tuple[Any, ...], ...] = (
    ("ORD-1001", "Boutique Atlas", "Marie Dubois", "12 rue de la Roquette", "75011", "Paris",
     "FR", "COLISSIMO", "EXPERT", "EUR", (("ARG-OIL-100", 2), ("SAF-1G", 1))),
    ("ORD-1002", "Maison du Maroc", "Luc Janssens", "Rue Haute 150", "1000", "Bruxelles",
     "BE", "BPOST", "INTL", "EUR", (("CER-TAJ-28", 1), ("CER-BWL-15", 4))),
    ("ORD-1003", "Zoco Natural", "Lucía García", "Calle de Toledo 45", "28005", "Madrid",
     "ES", "CORREOS", "EPAQ", "EUR", (("DATE-MJ-1KG", 2), ("OLV-OIL-1L", 1))),
    ("ORD-1004", "Sahara Home LLC", "Aisha Johnson", "350 W 31st St", "10001", "New York",
     "US", "DHL", "EXPRESS", "USD", (("TXT-BLK-01", 1), ("LTH-BAG-01", 1), ("SAF-1G", 3))),
    ("ORD-1005", "Épicerie Marrakech", "Jean Tremblay", "4500 rue Saint-Denis", "H2J 2L3",
     "Montréal", "CA", "CANADAPOST", "PACKET", "CAD", (("ARG-OIL-250", 2), ("SOAP-BLK-200", 6))),
)  # fmt: skip

_CURRENCY_RATES = {"EUR": Decimal("1"), "USD": Decimal("1.08"), "CAD": Decimal("1.48")}

SORT_PLAN = "EXPORT"


def build_demo(
    sessions: sessionmaker[Session], progress: Callable[[str], None] | None = None
) -> None:
    """Create the demo site in an empty database: one transaction, then the parcel hub's
    pre-alert and customs decisions through their imports."""
    say = progress or (lambda _message: None)
    products = demo_products()
    locations = demo_locations()
    with UnitOfWork(sessions) as uow:
        say("warehouse CMN1 and zones")
        uow.warehouses.add(WAREHOUSE)
        uow.session.add_all(
            ZoneRow(warehouse=WAREHOUSE.code, code=code, name=name) for code, name in ZONES
        )
        say(f"{len(locations)} locations")
        uow.locations.add_all(locations)
        say(f"{len(products)} products")
        uow.products.add_all(products)
        say(f"{len(OPERATORS)} operators")
        for operator in OPERATORS:
            uow.operators.add(
                Operator(operator.badge, operator.name, operator.role), hash_pin(operator.pin)
            )
        say("ASN from China, 5 export orders, sort plan")
        _add_documents(uow)
        say(f"{len(OPENING_STOCK)} opening stock lines")
        actor = Actor(WAREHOUSE.code, OPENING_STATION, OPERATORS[3].badge)
        for sku, lot, expiry, location, quantity, status in OPENING_STOCK:
            if lot:
                uow.lots.ensure(sku, lot, expiry)
            post(
                uow,
                actor,
                MovementDraft.adjustment(
                    sku,
                    quantity,
                    StockPlace(location, "", status),
                    lot=lot,
                    expiry=expiry,
                    reference=OPENING_REFERENCE,
                ),
            )
        say(f"{len(MERCHANTS)} merchants with their products, stock and orders")
        add_demo_merchants(uow, actor)
        uow.commit()
    say("parcel hub: a MAWB from Hangzhou with 4 bags and 300 parcels, customs decisions")
    build_hub_demo(sessions, WAREHOUSE.code)
    say("returns: a returns bench, two orders shipped last week, one return")
    build_returns_demo(sessions, WAREHOUSE.code)


def _add_documents(uow: UnitOfWork) -> None:
    session = uow.session
    session.add(
        AsnRow(
            number=ASN_NUMBER,
            warehouse=WAREHOUSE.code,
            supplier="Zhejiang Tea Import & Export Co., Ltd. (Hangzhou)",
            origin_country="CN",
            expected_date=date(2026, 12, 2),
            status="open",
        )
    )
    session.flush()
    session.add_all(
        AsnLineRow(asn=ASN_NUMBER, line=line, sku=sku, quantity=qty, lot=lot, expiry=expiry)
        for line, sku, qty, lot, expiry in ASN_LINES
    )
    values = {p.sku: p.unit_value for p in demo_products()}
    for (
        number, customer, name, address, postcode, city, country, carrier, service, currency, lines
    ) in ORDERS:  # fmt: skip
        _add_open_order(
            session, number, HUB_OWNER, customer, (name, address, postcode, city, country),
            carrier, service, currency, lines, values,
        )  # fmt: skip
    for priority, country in enumerate(("FR", "BE", "ES", "US", "CA"), start=1):
        session.add(
            SortRuleRow(
                warehouse=WAREHOUSE.code,
                plan=SORT_PLAN,
                priority=priority * 10,
                destination=f"SORT-{country}",
                country=country,
            )
        )
    session.add(
        SortRuleRow(warehouse=WAREHOUSE.code, plan=SORT_PLAN, priority=999, destination="SORT-XX")
    )
    session.flush()


# -- merchants: owners of stock the hub keeps and ships for them --------------------------------


@dataclass(frozen=True)
class DemoMerchant:
    code: str
    name: str
    city: str
    gs1_prefix: str  # the merchant's own GS1 company prefix (Morocco: 611)
    tax_id: str  # ICE, the Moroccan company identifier (15 digits)
    contact_name: str
    contact_email: str
    contact_phone: str


MERCHANTS = (
    DemoMerchant(
        "ARGAN", "Coopérative Tafyoucht", "Agadir", "6118001", "001527936000041",
        "حنان أوبلا", "contact@tafyoucht.ma", "+212 528 21 43 07",
    ),
    DemoMerchant(
        "FEZPOT", "Fez Ceramics", "Fès", "6118002", "002214587000032",
        "Driss Bennani", "atelier@fezceramics.ma", "+212 535 63 11 90",
    ),
    DemoMerchant(
        "TISSAGE", "Atelier de tissage Zahra", "Marrakech", "6118003", "001893340000075",
        "Zahra Aït Lahcen", "zahra@tissage-marrakech.ma", "+212 524 38 72 15",
    ),
)  # fmt: skip

# owner, sku, name, item, case qty, lot tracked, hs, kg, (l, w, h) cm, value EUR
_MERCHANT_PRODUCTS: tuple[tuple[Any, ...], ...] = (
    ("ARGAN", "ARGAN-OIL-50", "Huile d'argan cosmétique bio, 50 ml", 1, 24, True, "151590",
     "0.110", (4, 4, 11), "12.00"),
    ("ARGAN", "ARGAN-AMLOU-250", "Amlou amandes et argan, 250 g", 2, 12, True, "200819",
     "0.330", (8, 8, 9), "9.50"),
    ("ARGAN", "ARGAN-SOAP-100", "Savon à l'huile d'argan, 100 g", 3, 48, True, "340111",
     "0.110", (8, 5, 3), "4.50"),
    ("FEZPOT", "FEZ-PLT-30", "Assiette bleue de Fès, 30 cm", 1, 6, False, "691200",
     "1.100", (32, 32, 4), "28.00"),
    ("FEZPOT", "FEZ-VASE-25", "Vase émaillé de Fès, 25 cm", 2, 4, False, "691390",
     "1.400", (18, 18, 27), "39.00"),
    ("FEZPOT", "FEZ-TAJ-20", "Tajine décoratif peint, 20 cm", 3, 6, False, "691200",
     "0.900", (22, 22, 20), "24.00"),
    ("TISSAGE", "TIS-KIL-120", "Kilim en laine, 120 x 180 cm", 1, 4, False, "570210",
     "2.600", (60, 20, 20), "145.00"),
    ("TISSAGE", "TIS-FOUTA-01", "Fouta en coton tissée main", 2, 20, False, "630260",
     "0.350", (30, 20, 3), "18.00"),
    ("TISSAGE", "TIS-CUSH-45", "Housse de coussin brodée, 45 cm", 3, 20, False, "630492",
     "0.250", (30, 25, 3), "22.00"),
)  # fmt: skip

# sku, lot, expiry, location, quantity: each merchant in its own storage bays, near the end of
# the pick walk (aisle D, racks 4 and 3; the tests use racks 1, 2, 5 and 6 as empty ones)
MERCHANT_STOCK: tuple[tuple[str, str, date | None, str, int], ...] = (
    ("ARGAN-OIL-50", "TAF2610", date(2028, 4, 30), "D-04-01-1", 96),
    ("ARGAN-AMLOU-250", "AML2611", date(2027, 5, 31), "D-04-01-2", 36),
    ("ARGAN-SOAP-100", "SAV2609", date(2028, 9, 30), "D-04-02-1", 144),
    ("FEZ-PLT-30", "", None, "D-04-02-2", 30),
    ("FEZ-VASE-25", "", None, "D-04-03-1", 16),
    ("FEZ-TAJ-20", "", None, "D-04-03-2", 24),
    ("TIS-KIL-120", "", None, "D-03-01-1", 12),
    ("TIS-FOUTA-01", "", None, "D-03-01-2", 60),
    ("TIS-CUSH-45", "", None, "D-03-02-1", 40),
)

# number, owner, customer, name, address, postcode, city, country, carrier, service, lines
MERCHANT_ORDERS: tuple[tuple[Any, ...], ...] = (
    ("ORD-ARG-01", "ARGAN", "Bio & Co", "Camille Martin", "8 rue Sainte-Catherine", "33000",
     "Bordeaux", "FR", "COLISSIMO", "EXPERT", (("ARGAN-OIL-50", 6), ("ARGAN-AMLOU-250", 2))),
    ("ORD-ARG-02", "ARGAN", "Argan Beauty BV", "Sanne de Vries", "Rue Neuve 30", "1000",
     "Bruxelles", "BE", "BPOST", "INTL", (("ARGAN-SOAP-100", 12),)),
    ("ORD-FEZ-01", "FEZPOT", "Casa Azul", "Carmen Ruiz", "Calle Mayor 12", "28013", "Madrid",
     "ES", "CORREOS", "EPAQ", (("FEZ-PLT-30", 4), ("FEZ-VASE-25", 1))),
    ("ORD-TIS-01", "TISSAGE", "Nomad Loft Inc.", "Emily Carter", "210 Lafayette St", "10012",
     "New York", "US", "DHL", "EXPRESS", (("TIS-KIL-120", 1), ("TIS-CUSH-45", 4))),
)  # fmt: skip


#: stock lines (and opening movements) the demo starts with: the hub's and the merchants'
DEMO_STOCK_LINES = len(OPENING_STOCK) + len(MERCHANT_STOCK)
#: open orders of the demo: the hub's export orders and the merchants'
DEMO_ORDERS = len(ORDERS) + len(MERCHANT_ORDERS)
#: stock rows after the demo's return (its resellable fouta back at RET-01)
DEMO_STOCK_ROWS = DEMO_STOCK_LINES + 1
#: movements of the demo: the opening ones, then the return's (two foutas received back, the
#: torn one written off)
DEMO_MOVEMENTS = DEMO_STOCK_LINES + 3


def merchant_gtin(prefix: str, item: int) -> str:
    """A merchant product's GTIN-13 (as GTIN-14) from its own GS1 company prefix."""
    return with_gs1_check_digit(f"{prefix}{item:05d}").zfill(14)


def merchant_case_gtin(prefix: str, item: int) -> str:
    return with_gs1_check_digit(f"1{prefix}{item:05d}")


def demo_merchant_products() -> dict[str, list[Product]]:
    """Each merchant's products (owner code -> products)."""
    prefixes = {m.code: m.gs1_prefix for m in MERCHANTS}
    products: dict[str, list[Product]] = {m.code: [] for m in MERCHANTS}
    for owner, sku, name, item, case_qty, tracked, hs, kg, dims, value in _MERCHANT_PRODUCTS:
        prefix = prefixes[owner]
        products[owner].append(
            Product(
                sku=sku,
                name=name,
                tracks_lot=tracked,
                tracks_expiry=tracked,
                hs_code=hs,
                origin_country="MA",
                weight_kg=Decimal(kg),
                length_cm=Decimal(dims[0]),
                width_cm=Decimal(dims[1]),
                height_cm=Decimal(dims[2]),
                unit_value=Decimal(value),
                currency="EUR",
                gtins=(
                    ProductGtin(merchant_gtin(prefix, item), PackagingLevel.EACH, 1),
                    ProductGtin(merchant_case_gtin(prefix, item), PackagingLevel.CASE, case_qty),
                ),
            )
        )
    return products


def _add_open_order(
    session: Session,
    number: str,
    owner: str,
    customer: str,
    ship_to: tuple[str, str, str, str, str],
    carrier: str,
    service: str,
    currency: str,
    lines: Sequence[tuple[str, int]],
    values: dict[str, Decimal],
) -> None:
    """An open order of the demo with its lines, valued at the products' EUR values in the
    order's currency."""
    name, address, postcode, city, country = ship_to
    session.add(
        OrderRow(
            number=number, warehouse=WAREHOUSE.code, owner=owner, customer=customer,
            ship_to_name=name, ship_to_address=address, ship_to_postcode=postcode,
            ship_to_city=city, ship_to_country=country, carrier=carrier, service=service,
            min_shelf_life_days=90, status="open",
        )
    )  # fmt: skip
    session.flush()
    rate = _CURRENCY_RATES[currency]
    session.add_all(
        OrderLineRow(
            order=number, line=index, sku=sku, quantity=quantity,
            unit_value=(values[sku] * rate).quantize(Decimal("0.01")), currency=currency,
        )
        for index, (sku, quantity) in enumerate(lines, start=1)
    )  # fmt: skip


def add_demo_merchants(uow: UnitOfWork, actor: Actor) -> None:
    """Three merchants (an argan oil cooperative, a Fez pottery, a textile workshop) with their
    products, opening stock and an order or two each; the rest of the demo stays the hub's."""
    session = uow.session
    columns = set(OwnerRow.__table__.columns.keys())
    for merchant in MERCHANTS:
        values: dict[str, object] = {
            "code": merchant.code,
            "name": merchant.name,
            "country": "MA",
            "tax_id": merchant.tax_id,
            "contact_name": merchant.contact_name,
            "contact_email": merchant.contact_email,
            "contact_phone": merchant.contact_phone,
            "active": True,
            "city": merchant.city,
        }
        session.add(OwnerRow(**{k: v for k, v in values.items() if k in columns}))
    session.flush()
    for owner, products in demo_merchant_products().items():
        uow.products.add_all(products)
        session.flush()
        session.execute(
            update(ProductRow)
            .where(ProductRow.sku.in_([p.sku for p in products]))
            .values(owner=owner)
        )
    session.flush()
    for sku, lot, expiry, location, quantity in MERCHANT_STOCK:
        if lot:
            uow.lots.ensure(sku, lot, expiry)
        post(
            uow,
            actor,
            MovementDraft.adjustment(
                sku,
                quantity,
                StockPlace(location, "", StockStatus.AVAILABLE),
                lot=lot,
                expiry=expiry,
                reference=OPENING_REFERENCE,
            ),
        )
    product_values = {
        p.sku: p.unit_value for found in demo_merchant_products().values() for p in found
    }
    for (
        number, owner, customer, name, address, postcode, city, country, carrier, service, lines
    ) in MERCHANT_ORDERS:  # fmt: skip
        _add_open_order(
            session, number, owner, customer, (name, address, postcode, city, country),
            carrier, service, "EUR", lines, product_values,
        )  # fmt: skip
    session.flush()
