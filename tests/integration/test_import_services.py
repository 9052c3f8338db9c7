"""Imports into a real SQLite station database: all or nothing, with every problem listed."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.integration.test_import_reimport import station_sessions
from wms.core.domain.errors import ConfigError, ImportRefused, NotFound
from wms.core.persistence.engine import create_station_engine
from wms.core.persistence.migrate import upgrade
from wms.core.persistence.tables import (
    AsnLineRow,
    AsnRow,
    LocationRow,
    OrderLineRow,
    OrderRow,
    ProductGtinRow,
    ProductRow,
    SortRuleRow,
)
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.imports import import_bytes, import_file

TABLES = (
    ProductRow,
    ProductGtinRow,
    LocationRow,
    AsnRow,
    AsnLineRow,
    OrderRow,
    OrderLineRow,
    SortRuleRow,
)

GTIN_A = "6111234000019"
GTIN_B = "6111234000026"
GTIN_C = "6111234000033"
CASE_A = "26111234000013"

LOCATIONS_CSV = b"""code,type,zone,aisle,rack,level,bin,capacity_units,capacity_kg,walk_sequence
A-01-01-1,storage,A,A,1,1,1,40,500,1
P-01-01-1,pick_face,P,P,1,1,1,20,,2
SORT-FR,sort_destination,S,,,,,,,
SORT-MA,sort_destination,S,,,,,,,
"""

PRODUCTS_CSV = f"""sku,name,gtin,case_gtin,case_qty,tracks_lot,hs_code,origin_country,weight_kg,\
unit_value,currency,fixed_location
TEA-100,Mint tea 100 g,{GTIN_A},{CASE_A},24,yes,0902.10,MA,0.105,3.50,MAD,P-01-01-1
OIL-500,Argan oil 500 ml,{GTIN_B},,,no,1515.90,MA,0.6,12,EUR,
""".encode()


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    factory = station_sessions(str(tmp_path / "station.db"))
    yield factory
    factory.kw["bind"].dispose()


@pytest.fixture
def stocked(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    import_bytes(sessions, "locations", LOCATIONS_CSV)
    import_bytes(sessions, "products", PRODUCTS_CSV)
    return sessions


def counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0
            for t in TABLES
        }


def refusal(sessions: sessionmaker[Session], kind: str, data: bytes, **kw: str) -> list[str]:
    before = counts(sessions)
    with pytest.raises(ImportRefused) as caught:
        import_bytes(sessions, kind, data, source=f"{kind}.csv", **kw)
    assert counts(sessions) == before, "a refused file must import nothing"
    assert str(caught.value).startswith(f"{kind}.csv: refused, nothing imported")
    return [str(p) for p in caught.value.problems]


# --- products -------------------------------------------------------------------------------


def test_products_happy_path(stocked: sessionmaker[Session]) -> None:
    with UnitOfWork(stocked) as uow:
        tea = uow.products.require("TEA-100")
        found = uow.products.by_gtin(CASE_A)
    assert tea.name == "Mint tea 100 g"
    assert tea.tracks_lot and tea.hs_code == "090210" and tea.origin_country == "MA"
    assert tea.unit_value == Decimal("3.50") and tea.currency == "MAD"
    assert tea.fixed_location == "P-01-01-1"
    assert {(g.gtin, g.level.value, g.quantity) for g in tea.gtins} == {
        ("06111234000019", "each", 1),
        (CASE_A, "case", 24),
    }
    assert found is not None and found[0].sku == "TEA-100" and found[1].quantity == 24
    assert counts(stocked)["products"] == 2


def test_reimport_updates_products_and_replaces_gtins(stocked: sessionmaker[Session]) -> None:
    result = import_bytes(
        stocked,
        "products",
        f"sku,name,gtin\nTEA-100,Mint tea 250 g,{GTIN_C}\nNEW-1,New thing,\n".encode(),
    )
    assert result.summary() == "imported 2 products (1 new, 1 updated)"
    with UnitOfWork(stocked) as uow:
        tea = uow.products.require("TEA-100")
        assert uow.products.by_gtin(GTIN_A) is None
        assert uow.products.by_gtin(CASE_A) is None
    assert tea.name == "Mint tea 250 g"
    assert [g.gtin for g in tea.gtins] == ["0" + GTIN_C]
    # columns absent from the file are left as they were
    assert tea.hs_code == "090210" and tea.tracks_lot and tea.fixed_location == "P-01-01-1"


def test_reimport_without_gtin_columns_keeps_gtins(stocked: sessionmaker[Session]) -> None:
    import_bytes(stocked, "products", b"sku,name\nTEA-100,Renamed\n")
    with UnitOfWork(stocked) as uow:
        assert len(uow.products.require("TEA-100").gtins) == 2


def test_a_gtin_can_move_between_products_of_the_same_file(stocked: sessionmaker[Session]) -> None:
    import_bytes(
        stocked, "products", f"sku,name,gtin\nTEA-100,Tea,\nOIL-500,Oil,{GTIN_A}\n".encode()
    )
    with UnitOfWork(stocked) as uow:
        found = uow.products.by_gtin(GTIN_A)
    assert found is not None and found[0].sku == "OIL-500"


def test_bad_product_file_lists_every_problem_and_imports_nothing(
    stocked: sessionmaker[Session],
) -> None:
    data = f"""sku,name,gtin,case_gtin,case_qty,weight_kg
GOOD-1,Fine,{GTIN_C},,,1
BAD-1,,6111234000017,,,
BAD-2,Case without qty,,{CASE_A[:-1]}5,,
GOOD-1,Again,,,,
BAD-3,Uses tea GTIN,{GTIN_A},,,heavy
""".encode()
    assert refusal(stocked, "products", data) == [
        "line 3, column name: expected a value, found nothing",
        "line 3, column gtin: expected check digit 9, found check digit 7",
        "line 4, column case_gtin: expected check digit 3, found check digit 5",
        "line 4, column case_qty: expected the number of units in one case (2 or more) with "
        "case_gtin, found nothing",
        "line 5, column sku: expected each SKU once, found GOOD-1 again (first on line 2)",
        "line 6, column weight_kg: expected a number like 12.5, found 'heavy'",
        "line 6, column gtin: expected a GTIN not used by another product, found "
        "06111234000019, which belongs to SKU TEA-100",
    ]


def test_fixed_location_must_be_an_existing_pick_face(stocked: sessionmaker[Session]) -> None:
    problems = refusal(
        stocked,
        "products",
        b"sku,name,fixed_location\nX1,x,A-01-01-1\nX2,y,Z-99\n",
    )
    assert problems == [
        "line 2, column fixed_location: expected a pick_face location, found A-01-01-1, "
        "a storage location",
        "line 3, column fixed_location: expected a pick_face location of warehouse TST1, "
        "found Z-99, which does not exist",
    ]


def test_bom_and_file_on_disk(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_bytes(b"\xef\xbb\xbfsku,name\r\nA1,With BOM\r\n")
    calls: list[tuple[int, int]] = []
    result = import_file(
        sessions, "products", path, progress=lambda done, total: calls.append((done, total))
    )
    assert result.summary() == "imported 1 product (1 new, 0 updated)"
    assert calls[-1] == (2, 2)
    with UnitOfWork(sessions) as uow:
        assert uow.products.require("A1").name == "With BOM"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "line 1, column -: expected a header row with columns sku, name"),
        (b"sku,name\n", "line 2, column -: expected at least one row of products after"),
        (b"sku\nA1\n", "line 1, column name: required column missing"),
        (b"sku,name,colour\nA1,x,red\n", "line 1, column colour: unknown column"),
        (b'sku,name\nA1,"open\n', 'line 2, column -: expected a closing quote (")'),
        (b"sku,name\nA1,Caf\xe9\n", "line 2, column name: expected UTF-8 text, found byte 0xE9"),
    ],
)
def test_malformed_files_are_refused(
    sessions: sessionmaker[Session], data: bytes, expected: str
) -> None:
    problems = refusal(sessions, "products", data)
    assert problems[0].startswith(expected)


def test_products_without_a_warehouse_in_the_database(tmp_path: Path) -> None:
    engine = create_station_engine(str(tmp_path / "empty.db"))
    upgrade(engine)
    assert import_bytes(engine, "products", b"sku,name\nA,b\n").created == 1
    with pytest.raises(ConfigError):
        import_bytes(engine, "locations", b"code,type\nA,storage\n")
    engine.dispose()


def test_unknown_warehouse_is_refused(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(NotFound, match="unknown warehouse 'NOPE'"):
        import_bytes(sessions, "locations", LOCATIONS_CSV, warehouse="NOPE")


# --- locations ------------------------------------------------------------------------------


def test_locations_import_and_update(sessions: sessionmaker[Session]) -> None:
    assert import_bytes(sessions, "locations", LOCATIONS_CSV).summary() == (
        "imported 4 locations (4 new, 0 updated)"
    )
    result = import_bytes(
        sessions,
        "locations",
        b"type,code,capacity_units\nquarantine,a-01-01-1,10\nstaging,STAGE-1,\n",
        warehouse="TST1",
    )
    assert result.summary() == "imported 2 locations (1 new, 1 updated)"
    with UnitOfWork(sessions) as uow:
        updated = uow.locations.require("TST1", "A-01-01-1")
        stage = uow.locations.require("TST1", "STAGE-1")
    assert updated.type.value == "quarantine"
    assert updated.capacity_units == 10
    assert updated.capacity_kg == Decimal("500")  # column absent: kept
    assert updated.walk_sequence == 1
    assert stage.type.value == "staging"


def test_bad_locations_file(sessions: sessionmaker[Session]) -> None:
    problems = refusal(
        sessions,
        "locations",
        b"code,type,rack\nA-1,storage,x\nA-1,storage,1\nB 2,bin,-1\n",
    )
    assert problems == [
        "line 2, column rack: expected a whole number, found 'x'",
        "line 3, column code: expected each location code once, found A-1 again (first on line 2)",
        "line 4, column code: expected letters A-Z, digits and '-', found 'B 2'",
        "line 4, column type: expected one of dock, receiving, storage, pick_face, staging, "
        "sort_destination, packing, shipping, quarantine, transit, returns, found 'bin'",
        "line 4, column rack: expected a number of 0 or more, found -1",
    ]


# --- ASNs -----------------------------------------------------------------------------------

ASN_CSV = b"""asn,supplier,origin_country,expected_date,line,sku,quantity,lot,expiry
ASN-1,Atlas Teas,MA,2026-03-01,1,TEA-100,240,L2403,2027-03-01
ASN-1,Atlas Teas,,,2,OIL-500,60,,
ASN-2,Souss Oils,MA,2026-03-02,1,OIL-500,12,,
"""


def test_asn_happy_path(stocked: sessionmaker[Session]) -> None:
    assert import_bytes(stocked, "asn", ASN_CSV).summary() == "imported 2 ASNs (3 lines)"
    with stocked() as session:
        asn = session.get(AsnRow, "ASN-1")
        line = session.get(AsnLineRow, ("ASN-1", 1))
    assert asn is not None and asn.supplier == "Atlas Teas" and asn.warehouse == "TST1"
    assert str(asn.expected_date) == "2026-03-01" and asn.status == "open"
    assert line is not None and line.quantity == 240 and line.lot == "L2403"
    assert str(line.expiry) == "2027-03-01"


def test_bad_asn_file(stocked: sessionmaker[Session]) -> None:
    import_bytes(stocked, "asn", ASN_CSV)
    data = b"""asn,supplier,expected_date,line,sku,quantity,expiry
ASN-1,Atlas Teas,2026-03-01,1,TEA-100,5,
ASN-3,First,2026-13-01,1,NOPE-1,-4,
ASN-3,Second,,1,TEA-100,0,31/12/2026
"""
    assert refusal(stocked, "asn", data) == [
        "line 2, column asn: expected a new ASN number, found ASN-1, which already exists",
        "line 3, column expected_date: expected a date YYYY-MM-DD, found '2026-13-01': no such day",
        "line 3, column quantity: expected a number greater than 0, found -4",
        "line 3, column sku: expected a known product, found SKU NOPE-1, which does not exist "
        "(import it with 'wms import products' first)",
        "line 4, column quantity: expected a number greater than 0, found 0",
        "line 4, column expiry: expected a date YYYY-MM-DD, found '31/12/2026'",
        "line 4, column supplier: expected the same supplier as on line 3 for ASN ASN-3 "
        "('First'), found 'Second'",
        "line 4, column line: expected each line number once per ASN, found line 1 of ASN-3 "
        "again (first on line 3)",
    ]


# --- orders ---------------------------------------------------------------------------------

ORDERS_CSV = b"""order,customer,ship_to_name,ship_to_address,ship_to_postcode,ship_to_city,\
ship_to_country,carrier,service,min_shelf_life_days,line,sku,quantity,unit_value,currency
SO-1,Shop FR,Marie Curie,"1 rue Pierre, Bat. B",75005,Paris,FR,COLISSIMO,EXPERT,90,1,TEA-100,3,,
SO-1,Shop FR,Marie Curie,"1 rue Pierre, Bat. B",75005,Paris,FR,COLISSIMO,EXPERT,90,2,OIL-500,1,\
11.5,EUR
SO-2,,Ahmed B,,20250,Casablanca,ma,AMANA,,,1,TEA-100,10,,
"""


def test_orders_happy_path(stocked: sessionmaker[Session]) -> None:
    assert import_bytes(stocked, "orders", ORDERS_CSV).summary() == "imported 2 orders (3 lines)"
    with stocked() as session:
        order = session.get(OrderRow, "SO-1")
        tea = session.get(OrderLineRow, ("SO-1", 1))
        oil = session.get(OrderLineRow, ("SO-1", 2))
        other = session.get(OrderRow, "SO-2")
    assert order is not None and order.ship_to_address == "1 rue Pierre, Bat. B"
    assert order.ship_to_country == "FR" and order.min_shelf_life_days == 90
    assert tea is not None and tea.unit_value == Decimal("3.50") and tea.currency == "MAD"
    assert oil is not None and oil.unit_value == Decimal("11.50") and oil.currency == "EUR"
    assert other is not None and other.ship_to_country == "MA" and other.min_shelf_life_days == 0


def test_bad_orders_file(stocked: sessionmaker[Session]) -> None:
    import_bytes(stocked, "orders", ORDERS_CSV)
    data = b"""order,ship_to_name,ship_to_country,line,sku,quantity
SO-1,X,FR,1,TEA-100,1
SO-3,,XX,1,GHOST,two
SO-3,Bob,,2,TEA-100,-1
"""
    assert refusal(stocked, "orders", data) == [
        "line 2, column order: expected a new order number, found SO-1, which already exists",
        "line 3, column ship_to_country: expected an ISO 3166 alpha-2 country code such as MA "
        "or FR, found 'XX'",
        "line 3, column quantity: expected a whole number, found 'two'",
        "line 3, column sku: expected a known product, found SKU GHOST, which does not exist "
        "(import it with 'wms import products' first)",
        "line 4, column quantity: expected a number greater than 0, found -1",
    ]


# --- sort plans -----------------------------------------------------------------------------

SORTPLAN_CSV = b"""plan,priority,destination,country,postcode_prefix,carrier,route,order
DAY,10,SORT-FR,FR,75,,,
DAY,20,SORT-FR,FR,,,,
DAY,90,SORT-MA,,,,,
"""


def test_sortplan_import_replaces_the_plan(stocked: sessionmaker[Session]) -> None:
    assert import_bytes(stocked, "sortplan", SORTPLAN_CSV).summary() == (
        "imported 1 sort plan (3 rules, replacing 0)"
    )
    import_bytes(stocked, "sortplan", b"plan,priority,destination\nNIGHT,1,SORT-MA\n")
    result = import_bytes(stocked, "sortplan", b"plan,priority,destination\nDAY,5,sort-ma\n")
    assert result.summary() == "imported 1 sort plan (1 rule, replacing 3)"
    with stocked() as session:
        rules = session.execute(
            select(SortRuleRow.plan, SortRuleRow.priority, SortRuleRow.destination).order_by(
                SortRuleRow.plan
            )
        ).all()
    assert [tuple(r) for r in rules] == [("DAY", 5, "SORT-MA"), ("NIGHT", 1, "SORT-MA")]


def test_bad_sortplan_file(stocked: sessionmaker[Session]) -> None:
    data = b"""plan,priority,destination,country
DAY,10,SORT-XX,FR
DAY,high,SORT-FR,FR
DAY,30,SORT-FR,FRA
"""
    assert refusal(stocked, "sortplan", data) == [
        "line 2, column destination: expected a location of warehouse TST1, found SORT-XX, "
        "which does not exist",
        "line 3, column priority: expected a whole number, found 'high'",
        "line 3, column plan: expected one rule per set of conditions in plan DAY, found the "
        "same country, postcode_prefix, carrier, route, order and pickup_point as on line 2",
        "line 4, column country: expected an ISO 3166 alpha-2 country code such as MA or FR, "
        "found 'FRA'",
    ]


# --- the documented examples ----------------------------------------------------------------

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_example_in_the_format_documentation_imports(sessions: sessionmaker[Session]) -> None:
    text = README.read_text(encoding="utf-8").split("\n## CSV formats\n", 1)[1]
    text = text.split("\n## ", 1)[0]
    examples = {}
    for section in text.split("\n### ")[1:]:
        kind = section.split("\n", 1)[0].strip()
        if "```csv\n" in section:
            examples[kind] = section.split("```csv\n", 1)[1].split("```", 1)[0]
    assert set(examples) == {"products", "locations", "asn", "orders", "sortplan"}
    for kind in ("locations", "products", "asn", "orders", "sortplan"):
        import_bytes(sessions, kind, examples[kind].encode(), source=f"docs {kind}")
    assert counts(sessions)["sort_rules"] == 4
