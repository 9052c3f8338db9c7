"""The parcel hub part of the demo site: a Liège-style import MAWB from Hangzhou.

MAWB ``999-81234565`` (flight CA1041 HGH → LGG, departed 62 hours before the demo was built, so
its parcels are 10 hours from their 72-hour promise), four big bags ``HGHLGG0001``…``0004`` with
75 parcels each (S10 numbers ``LP…CN``) to FR, BE, NL, DE and ES, a few of them to a pickup
point; customs decisions: some held (inspection, documents, duty unpaid), two seized, the rest
pre-cleared. The locations HOLD and EXCEPTIONS, one last-mile destination per carrier and a
``LASTMILE`` sort plan. :data:`NOT_PREALERTED` are numbers that travel in bag 1 without being
in the pre-alert (the replay script scans one).

Everything goes through the real imports (pre-alert, customs decisions) after the rest of the
demo site is committed.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.clock import Clock, utc_now
from wms.core.domain.model import Location, LocationType
from wms.core.domain.parcel_ids import make_mawb, make_s10
from wms.core.persistence.tables import SortRuleRow, ZoneRow
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.hub.customs import import_decisions_bytes
from wms.core.services.hub.prealert import PREALERT, import_prealert_bytes

MAWB = make_mawb("999", 8123456)
BAGS = tuple(f"HGHLGG{n:04d}" for n in range(1, 5))
PER_BAG = 75
NOT_PREALERTED = tuple(make_s10("LP", 90_000_000 + n, "CN") for n in range(1, 4))

#: country -> (carrier, postcode, city, street)
_DESTINATIONS = {
    "FR": ("COLISSIMO", "75011", "Paris", "rue de la Roquette"),
    "BE": ("BPOST", "4000", "Liège", "rue Saint-Gilles"),
    "NL": ("POSTNL", "1012 AB", "Amsterdam", "Damrak"),
    "DE": ("DHL", "10115", "Berlin", "Invalidenstraße"),
    "ES": ("CORREOS", "28001", "Madrid", "Calle de Serrano"),
}
_COUNTRIES = tuple(_DESTINATIONS)
_NAMES = ("Camille Martin", "Lotte Peeters", "Sanne de Vries", "Jonas Müller", "Lucía García")
_GOODS = (
    ("phone case", "392690", "3.20"),
    ("LED strip", "940542", "7.90"),
    ("cotton T-shirt", "610910", "5.50"),
    ("toy car", "950300", "4.10"),
    ("bluetooth earbuds", "851830", "12.40"),
)
PICKUP_POINT = "PUDO-FR-0042"
_HELD = {7: "inspection", 19: "documents", 33: "duty_unpaid", 48: "inspection", 101: "documents"}
_SEIZED = (64, 150)


def tracking(n: int) -> str:
    """The S10 number of demo parcel ``n`` (0-based)."""
    return make_s10("LP", 80_000_000 + n, "CN")


def last_mile_location(country: str) -> str:
    return f"LM-{_DESTINATIONS[country][0]}"


def _prealert(departure: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PREALERT.columns, lineterminator="\n")
    writer.writeheader()
    for n in range(len(BAGS) * PER_BAG):
        country = _COUNTRIES[n % len(_COUNTRIES)]
        carrier, postcode, city, street = _DESTINATIONS[country]
        items = 1 + n % 3
        total = sum(float(_GOODS[(n + line) % len(_GOODS)][2]) for line in range(items))
        for line in range(items):
            goods, hs_code, value = _GOODS[(n + line) % len(_GOODS)]
            writer.writerow(
                {
                    "mawb": MAWB,
                    "flight": "CA1041",
                    "origin_airport": "HGH",
                    "destination_airport": "LGG",
                    "departure_at": departure,
                    "bag": BAGS[n // PER_BAG],
                    "bag_weight_kg": f"{PER_BAG * 0.4 + 1.5:.3f}",
                    "tracking": tracking(n),
                    "parcel_weight_kg": f"{0.2 + 0.1 * items:.3f}",
                    "consignee_name": _NAMES[n % len(_NAMES)],
                    "consignee_address": f"{1 + n % 90} {street}",
                    "consignee_postcode": postcode,
                    "consignee_city": city,
                    "consignee_country": country,
                    "consignee_phone": "",
                    "consignee_email": "",
                    "declared_value": f"{total:.2f}",
                    "currency": "EUR",
                    "tax_id": "IM1560000042",
                    "service": "STANDARD",
                    "carrier": carrier,
                    "pickup_point": PICKUP_POINT if country == "FR" and n % 4 == 0 else "",
                    "item_description": goods,
                    "hs_code": hs_code,
                    "quantity": "1",
                    "unit_value": value,
                    "origin_country": "CN",
                }
            )
    return out.getvalue()


def _decisions() -> str:
    rows = ["tracking,decision,reason"]
    rows += [f"{tracking(n)},held,{reason}" for n, reason in _HELD.items()]
    rows += [f"{tracking(n)},seized," for n in _SEIZED]
    rows += [f"{tracking(n)},released," for n in range(0, 40) if n not in _HELD]
    return "\n".join(rows) + "\n"


def build_hub_demo(sessions: sessionmaker[Session], warehouse: str, clock: Clock = utc_now) -> None:
    """Add the hub's locations, sort plan, pre-alert and customs decisions to the demo site."""
    with UnitOfWork(sessions) as uow:
        uow.session.add(ZoneRow(warehouse=warehouse, code="HUB", name="Parcel hub"))
        uow.session.flush()
        codes = ["HOLD", "EXCEPTIONS", *sorted({last_mile_location(c) for c in _COUNTRIES})]
        codes.append("LM-PUDO")
        uow.locations.add_all(
            Location(
                warehouse,
                code,
                LocationType.QUARANTINE if code in ("HOLD", "EXCEPTIONS") else (
                    LocationType.SORT_DESTINATION
                ),
                "HUB",
                walk_sequence=5000 + 10 * index,
            )
            for index, code in enumerate(codes)
        )  # fmt: skip
        uow.session.flush()
        uow.session.add(
            SortRuleRow(
                warehouse=warehouse,
                plan="LASTMILE",
                priority=5,
                destination="LM-PUDO",
                pickup_point=PICKUP_POINT,
            )
        )
        for priority, country in enumerate(_COUNTRIES, start=1):
            carrier = _DESTINATIONS[country][0]
            uow.session.add(
                SortRuleRow(
                    warehouse=warehouse,
                    plan="LASTMILE",
                    priority=10 * priority,
                    destination=last_mile_location(country),
                    country=country,
                    carrier=carrier,
                )
            )
        uow.commit()
    departure = (clock() - timedelta(hours=62)).replace(microsecond=0).isoformat()
    import_prealert_bytes(
        sessions, _prealert(departure), source="demo pre-alert", warehouse=warehouse, clock=clock
    )
    import_decisions_bytes(
        sessions, _decisions(), source="demo customs", warehouse=warehouse, clock=clock
    )
