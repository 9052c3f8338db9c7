"""The print-spec format: what packing and sorting store in a print job, read back exactly, and
every payload that is not a spec this station knows refused with what was expected."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from wms.core.domain.errors import InvalidValue
from wms.core.domain.print_specs import (
    BagLabelSpec,
    CustomsSpec,
    DeclaredLine,
    PackedLine,
    PackingListSpec,
    ParcelDocumentsSpec,
    PostalAddress,
    PrintSpecError,
    ShippingLabelSpec,
    fit,
    read_spec,
    ship_to_postcode,
    write_spec,
)

FROM = PostalAddress("Atlas Logistique", city="Casablanca", country="MA")
TO = PostalAddress("Marie Dubois", ("12 rue de la Roquette",), "75011", "Paris", "FR")
LABEL = ShippingLabelSpec(
    sscc="361112340000000010",
    ship_from=FROM,
    ship_to=TO,
    carrier="COLISSIMO",
    service="EXPERT",
    order="ORD-1001",
    weight_kg=Decimal("0.53"),
)
PAPERS = ParcelDocumentsSpec(
    "Parcel 361112340000000010",
    PackingListSpec(
        order="ORD-1001",
        sscc="361112340000000010",
        carrier="COLISSIMO",
        packed_on=date(2026, 11, 25),
        ship_from=FROM,
        ship_to=TO,
        lines=(PackedLine("ARG-OIL-100", "Argan oil 100 ml", 2, "ARG2603"),),
    ),
    CustomsSpec(
        form="CN22",
        category="sale_of_goods",
        sender=FROM,
        recipient=TO,
        lines=(
            DeclaredLine(
                "Argan oil 100 ml", 2, Decimal("0.24"), Decimal("25.00"), "EUR", "151590", "MA"
            ),
        ),
        gross_weight_kg=Decimal("0.53"),
        invoice_number="ORD-1001",
        sender_reference="ORD-1001",
        signed_by="Youssef",
        place="Casablanca",
        signed_on=date(2026, 11, 25),
        sscc="361112340000000010",
    ),
)
BAG = BagLabelSpec("361112340000000027", "SORT-FR", "SORT-FR (3 parcels)", "COLISSIMO", 3, None)


@pytest.mark.parametrize("spec", [LABEL, PAPERS, BAG], ids=["label", "papers", "bag"])
def test_a_spec_reads_back_as_it_was_written(spec):
    assert read_spec(write_spec(spec)) == spec


def test_the_payload_is_json_with_format_kind_version_and_data():
    envelope = json.loads(write_spec(LABEL))
    assert (envelope["format"], envelope["kind"], envelope["version"]) == (
        "wms-print-spec", "shipping-label", 1
    )  # fmt: skip
    assert envelope["data"]["weight_kg"] == "0.53"  # decimals as text, never floats
    assert envelope["data"]["ship_to"]["lines"] == ["12 rue de la Roquette"]
    papers = json.loads(write_spec(PAPERS))["data"]
    assert papers["packing_list"]["packed_on"] == "2026-11-25"
    assert json.loads(write_spec(BAG))["data"]["weight_kg"] is None


def edited(spec, change):
    envelope = json.loads(write_spec(spec))
    change(envelope)
    return json.dumps(envelope).encode()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"^XA^FDzpl^FS^XZ", "expected a wms-print-spec JSON object, found other bytes"),
        (b'{"format": "other"}', "expected format 'wms-print-spec', found 'other'"),
        (
            edited(LABEL, lambda e: e.update(kind="crate-label")),
            "print spec kind 'crate-label': expected shipping-label / bag-label / "
            "pallet-label / parcel-documents",
        ),
        (
            edited(LABEL, lambda e: e.update(version=2)),
            "print spec shipping-label version '2': expected version 1, found 2",
        ),
        (
            edited(LABEL, lambda e: e["data"].pop("sscc")),
            "shipping-label.sscc '': expected a value, found nothing",
        ),
        (
            edited(LABEL, lambda e: e["data"].update(colour="red")),
            "shipping-label 'colour': expected known fields, found unknown fields",
        ),
        (
            edited(LABEL, lambda e: e["data"].update(weight_kg=0.53)),
            "shipping-label.weight_kg '0.53': expected a decimal number as text",
        ),
        (
            edited(PAPERS, lambda e: e["data"]["packing_list"].update(packed_on="25/11/2026")),
            "parcel-documents.packing_list.packed_on '25/11/2026': expected an ISO date",
        ),
        (
            edited(PAPERS, lambda e: e["data"]["packing_list"]["lines"][0].update(quantity="2")),
            "parcel-documents.packing_list.lines[0].quantity '2': expected a whole number, "
            "found str",
        ),
    ],
    ids=["zpl", "format", "kind", "version", "missing", "unknown", "float", "date", "type"],
)
def test_a_payload_that_is_not_a_known_spec_is_refused_with_what_was_expected(payload, message):
    with pytest.raises(PrintSpecError) as refused:
        read_spec(payload)
    assert message in str(refused.value)


def test_the_ship_to_postcode_rule_is_the_gs1_ai_420_value():
    assert ship_to_postcode("nw1 0jh") == "NW10JH"
    assert ship_to_postcode("H2J 2L3") == "H2J2L3"
    with pytest.raises(InvalidValue, match="expected a postal code, found nothing"):
        ship_to_postcode(" ")
    with pytest.raises(InvalidValue, match="letters and digits"):
        ship_to_postcode("75011 é")


def test_texts_are_cut_to_the_room_on_the_label():
    name = "  Société Générale de Distribution et de Logistique du Grand Casablanca  "
    assert fit(name, "name") == "Société Générale de Distribution et de Logistique du Grand C"
    assert len(fit("x" * 100, "city")) == 40
