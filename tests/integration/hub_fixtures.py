"""Pre-alert files of the parcel hub tests (no tests here)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from sqlalchemy import delete

from wms.core.domain.parcel_ids import make_mawb, make_s10
from wms.core.persistence.tables import SortRuleRow
from wms.core.services.hub.prealert import PREALERT

MAWB = make_mawb("176", 1234567)  # 176-12345675
OTHER_MAWB = make_mawb("172", 7654321)
DEPARTURE = "2026-12-01T22:10:00+08:00"
COUNTRIES = ("FR", "BE", "NL", "DE", "ES")
POSTCODES = {"FR": "75011", "BE": "4000", "NL": "1012AB", "DE": "10115", "ES": "28001"}


def tracking(n: int) -> str:
    return make_s10("LP", 10_000_000 + n, "CN")


@dataclass
class Parcel:
    tracking: str
    bag: str
    country: str = "FR"
    carrier: str = ""
    pickup_point: str = ""
    weight: str = "0.450"
    value: str = "18.90"
    items: int = 2
    name: str = "Camille Martin"

    def rows(self, mawb: str = MAWB) -> list[dict[str, str]]:
        carrier = self.carrier or {"FR": "COLISSIMO", "BE": "BPOST", "NL": "POSTNL"}.get(
            self.country, "DHL"
        )
        return [
            {
                "mawb": mawb,
                "flight": "CA1041",
                "origin_airport": "HGH",
                "destination_airport": "LGG",
                "departure_at": DEPARTURE,
                "bag": self.bag,
                "bag_weight_kg": "",
                "tracking": self.tracking,
                "parcel_weight_kg": self.weight,
                "consignee_name": self.name,
                "consignee_address": "12 rue de la Roquette",
                "consignee_postcode": POSTCODES[self.country],
                "consignee_city": "Paris",
                "consignee_country": self.country,
                "consignee_phone": "",
                "consignee_email": "",
                "declared_value": self.value,
                "currency": "EUR",
                "tax_id": "IM2500000001",
                "service": "STANDARD",
                "carrier": carrier,
                "pickup_point": self.pickup_point,
                "item_description": f"phone case {line}",
                "hs_code": "392690",
                "quantity": "1",
                "unit_value": "9.45",
                "origin_country": "CN",
            }
            for line in range(1, self.items + 1)
        ]


@dataclass
class Prealert:
    parcels: list[Parcel] = field(default_factory=list)
    mawb: str = MAWB
    bag_weights: dict[str, str] = field(default_factory=dict)

    def rows(self) -> list[dict[str, str]]:
        rows = [row for parcel in self.parcels for row in parcel.rows(self.mawb)]
        for row in rows:
            row["bag_weight_kg"] = self.bag_weights.get(row["bag"], "")
        return rows

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=PREALERT.columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows())
        return out.getvalue()

    def json(self) -> str:
        bags: dict[str, list[Parcel]] = {}
        for parcel in self.parcels:
            bags.setdefault(parcel.bag, []).append(parcel)
        document = {
            "mawb": self.mawb,
            "flight": "CA1041",
            "origin_airport": "HGH",
            "destination_airport": "LGG",
            "departure_at": DEPARTURE,
            "bags": [
                {
                    "bag": bag,
                    "weight_kg": self.bag_weights.get(bag) or None,
                    "parcels": [_json_parcel(p.rows(self.mawb)) for p in parcels],
                }
                for bag, parcels in bags.items()
            ],
        }
        return json.dumps(document, indent=2)


def _json_parcel(rows: list[dict[str, str]]) -> dict[str, object]:
    first = rows[0]
    return {
        "tracking": first["tracking"],
        "weight_kg": first["parcel_weight_kg"],
        "consignee": {
            "name": first["consignee_name"],
            "address": first["consignee_address"],
            "postcode": first["consignee_postcode"],
            "city": first["consignee_city"],
            "country": first["consignee_country"],
        },
        "declared_value": first["declared_value"],
        "currency": first["currency"],
        "tax_id": first["tax_id"],
        "service": first["service"],
        "carrier": first["carrier"],
        "pickup_point": first["pickup_point"] or None,
        "items": [
            {
                "description": row["item_description"],
                "hs_code": row["hs_code"],
                "quantity": int(row["quantity"]),
                "unit_value": row["unit_value"],
                "origin_country": row["origin_country"],
            }
            for row in rows
        ],
    }


def sample(parcels: int = 6, bags: int = 2) -> Prealert:
    return Prealert(
        [
            Parcel(tracking(n), f"BAG{1 + n % bags:03d}", COUNTRIES[n % len(COUNTRIES)])
            for n in range(parcels)
        ],
        bag_weights={f"BAG{b:03d}": "5.000" for b in range(1, bags + 1)},
    )


def lastmile_plan(site) -> None:
    """A LASTMILE sort plan over the demo's SORT-* destinations (instead of the demo's own)."""
    rules = [
        (10, "SORT-CA", {"country": "FR", "postcode_prefix": "75"}),
        (20, "SORT-FR", {"country": "FR"}),
        (30, "SORT-BE", {"carrier": "BPOST"}),
        (40, "SORT-ES", {"country": "ES"}),
    ]
    with site.uow() as uow:
        uow.session.execute(delete(SortRuleRow).where(SortRuleRow.plan == "LASTMILE"))
        for priority, destination, criteria in rules:
            uow.session.add(
                SortRuleRow(
                    warehouse="CMN1",
                    plan="LASTMILE",
                    priority=priority,
                    destination=destination,
                    **criteria,
                )
            )
        uow.commit()
