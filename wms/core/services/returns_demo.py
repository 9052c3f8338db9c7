"""The demo site's returns: a returns bench location, two orders shipped last week (with their
parcels' SSCCs and carrier tracking numbers) and one closed return on the first of them, a
merchant's (Atelier de tissage Zahra's ORD-0901: one fouta back to available stock at the
returns bench, one torn in transit and written off).

``build_returns_demo`` runs at the end of :func:`wms.core.services.demo.build_demo`, after the
parcel hub's demo (which makes the exceptions area ``EXCEPTIONS``). ``ORD-0902`` is left for
the returns bench to try: scan its parcel ``00`` + :data:`RETURNABLE_SSCC`, its tracking number
:data:`RETURNABLE_TRACKING`, or ``ORD:ORD-0902``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.check_digits import with_gs1_check_digit
from wms.core.domain.model import Location, LocationType
from wms.core.domain.owners import HUB_OWNER
from wms.core.domain.returns import ReturnGrade, ReturnReason
from wms.core.persistence.outbound_tables import ParcelRow
from wms.core.persistence.tables import OrderLineRow, OrderRow, ZoneRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services import returns as svc
from wms.core.services.ledger import Actor
from wms.core.services.owners import owner_of_product

#: the demo site's set-up station (``wms.core.services.demo.OPENING_STATION``): the demo
#: return syncs with the opening balance
OPENING_STATION = "CMN1-SETUP"

RETURNS_LOCATION = "RET-01"


def demo_sscc(serial: int) -> str:
    """An SSCC of the hub's GS1 prefix with extension digit 9 (the station's own SSCC blocks
    use other extension digits, so these never meet a parcel packed at a bench)."""
    return with_gs1_check_digit(f"96111234{serial:09d}")


# number, customer, name, address, postcode, city, country, carrier, tracking, lines
SHIPPED: tuple[tuple[object, ...], ...] = (
    ("ORD-0901", "Boutique Atlas", "Camille Martin", "8 rue des Martyrs", "75009", "Paris", "FR",
     "COLISSIMO", "6A00000090101", (("TIS-FOUTA-01", 2, "18.00"), ("TIS-CUSH-45", 1, "22.00"))),
    ("ORD-0902", "Maison du Maroc", "Sofie Peeters", "Meir 12", "2000", "Antwerpen", "BE",
     "BPOST", "CD000090202BE", (("CER-BWL-15", 4, "12.00"), ("CER-TAJ-28", 1, "35.00"))),
)  # fmt: skip
RETURNED_SSCC = demo_sscc(901)
RETURNABLE_SSCC = demo_sscc(902)
RETURNABLE_TRACKING = "CD000090202BE"


def build_returns_demo(sessions: sessionmaker[Session], warehouse: str) -> None:
    """Add the returns bench, the two shipped orders and the demo return."""
    shipped_at = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    with UnitOfWork(sessions) as uow:
        session = uow.session
        session.add(ZoneRow(warehouse=warehouse, code="RET", name="Returns benches"))
        session.flush()
        uow.locations.add_all(
            [Location(warehouse, RETURNS_LOCATION, LocationType.RETURNS, "RET", walk_sequence=4900)]
        )
        for serial, shipped in enumerate(SHIPPED, start=901):
            number, customer, name, address, postcode, city, country, carrier, tracking, lines = (
                shipped
            )
            assert isinstance(lines, tuple)
            owner = owner_of_product(session, str(lines[0][0])) if lines else HUB_OWNER
            session.add(
                OrderRow(
                    number=number, warehouse=warehouse, customer=customer, ship_to_name=name,
                    ship_to_address=address, ship_to_postcode=postcode, ship_to_city=city,
                    ship_to_country=country, carrier=carrier, service="", status="shipped",
                    owner=owner,
                )
            )  # fmt: skip
            session.flush()
            session.add_all(
                OrderLineRow(order=number, line=index, sku=sku, quantity=quantity,
                             unit_value=Decimal(value), currency="EUR")
                for index, (sku, quantity, value) in enumerate(lines, start=1)
            )  # fmt: skip
            session.add(
                ParcelRow(
                    sscc=demo_sscc(serial), warehouse=warehouse, order=number, carton="M",
                    units=sum(int(q) for _s, q, _v in lines), weight_kg=Decimal("1.2"),
                    expected_weight_kg=Decimal("1.2"), currency="EUR",
                    ship_to_country=country, ship_to_postcode=postcode, carrier=carrier,
                    state="shipped", tracking=tracking, station=OPENING_STATION,
                    packed_at=shipped_at - timedelta(hours=3),
                )
            )  # fmt: skip
        session.flush()
        actor = Actor(warehouse, OPENING_STATION, "1002", lambda: shipped_at + timedelta(days=6))
        found = svc.identify(uow, warehouse, RETURNED_SSCC)
        opened, _resumed = svc.open_return(uow, actor, warehouse, found)
        info = svc.order_lines(uow, found.order)
        for sku, quantity, grade, reason in (
            ("TIS-FOUTA-01", 1, ReturnGrade.RESELLABLE, ReturnReason.CHANGED_MIND),
            ("TIS-FOUTA-01", 1, ReturnGrade.DESTROY, ReturnReason.DAMAGED_IN_TRANSIT),
        ):
            svc.record_line(
                uow, actor, opened.number, sku=sku, lot="", quantity=quantity,
                grade=grade, reason=reason, location=RETURNS_LOCATION,
                unit_value=info[sku].unit_value, currency=info[sku].currency,
            )  # fmt: skip
        svc.close_return(uow, opened.number, actor.clock())
        uow.commit()
