"""Outbound rules without a database: the sort-plan index, pick paths, cartons, customs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wms.core.domain.errors import NotFound, RuleViolation
from wms.core.services.outbound.cartons import (
    DEMO_CARTONS,
    Carton,
    Item,
    require_carton,
    suggest,
    why_not,
)
from wms.core.services.outbound.customs import (
    CN22_LIMIT_EUR,
    CustomsItem,
    check_items,
    form_for,
    needs_customs,
    to_eur,
)
from wms.core.services.outbound.packing_data import weight_tolerance
from wms.core.services.outbound.picking_path import Layout, PathModel, Spot
from wms.core.services.outbound.sort_plan import SortItem, SortPlanIndex, SortRule

# --- sort plan ----------------------------------------------------------------------------------


def plan(*rules: SortRule) -> SortPlanIndex:
    return SortPlanIndex("TEST", rules)


def test_most_specific_rule_by_priority_wins():
    index = plan(
        SortRule(1, 10, "SORT-FR", country="FR"),
        SortRule(2, 5, "SORT-PARIS", country="FR", postcode_prefix="75"),
        SortRule(3, 1, "SORT-VIP", order_number="ORD-9"),
        SortRule(4, 999, "SORT-XX"),
        SortRule(5, 7, "SORT-DHL", carrier="DHL"),
    )
    assert index.decide(SortItem("FR", "75011", "COLISSIMO")).destination == "SORT-PARIS"
    assert index.decide(SortItem("FR", "69001", "COLISSIMO")).destination == "SORT-FR"
    assert index.decide(SortItem("FR", "75011", "DHL")).destination == "SORT-PARIS"
    assert index.decide(SortItem("FR", "69001", "DHL")).destination == "SORT-DHL"
    assert index.decide(SortItem("FR", "75011", order_number="ORD-9")).destination == "SORT-VIP"
    assert index.decide(SortItem("JP", "100-0001")).destination == "SORT-XX"


def test_postcode_prefix_ignores_spaces_and_case():
    index = plan(SortRule(1, 1, "SORT-MTL", country="CA", postcode_prefix="h2j"))
    assert index.decide(SortItem("ca", "H2J 2L3")).destination == "SORT-MTL"
    assert index.decide(SortItem("CA", "H3Z 1A1")) is None


_codes = st.sampled_from(["", "FR", "BE", "US"])
_prefixes = st.sampled_from(["", "7", "75", "750", "1", "10", "H2"])
_carriers = st.sampled_from(["", "DHL", "COLISSIMO"])
_routes = st.sampled_from(["", "EXPRESS", "ECO"])
_orders = st.sampled_from(["", "ORD-1", "ORD-2"])


@st.composite
def rules(draw):
    count = draw(st.integers(1, 40))
    return [
        SortRule(
            i,
            draw(st.integers(1, 30)),
            f"D{i}",
            draw(_codes),
            draw(_prefixes),
            draw(_carriers),
            draw(_routes),
            draw(_orders),
        )
        for i in range(1, count + 1)
    ]


@settings(max_examples=200, deadline=None)
@given(
    rules(),
    st.lists(
        st.builds(
            SortItem,
            st.sampled_from(["FR", "BE", "US", "MA"]),
            st.sampled_from(["75011", "7", "10001", "1000", "H2J 2L3", ""]),
            st.sampled_from(["DHL", "COLISSIMO", "UPS"]),
            st.sampled_from(["EXPRESS", "ECO", ""]),
            st.sampled_from(["ORD-1", "ORD-2", "ORD-3"]),
        ),
        min_size=1,
        max_size=10,
    ),
)
def test_index_decides_like_scanning_every_rule(rule_list, items):
    index = plan(*rule_list)
    for item in items:
        assert index.decide(item) == index.decide_linear(item)


_messy_postcodes = st.text(alphabet="71050h2j -", max_size=8)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.builds(
            SortRule,
            st.integers(1, 10_000),
            st.integers(1, 5),  # few priorities: ties are broken by rule id
            st.just("D"),
            _codes,
            st.text(alphabet="7105h2J -", max_size=4),  # prefixes written with spaces, dashes
            _carriers,
            _routes,
            _orders,
        ),
        max_size=60,
        unique_by=lambda rule: rule.id,
    ),
    st.lists(
        st.builds(
            SortItem,
            st.sampled_from(["fr", "FR", "BE", "US", ""]),
            _messy_postcodes,
            st.sampled_from(["dhl", "DHL", "COLISSIMO", ""]),
            st.sampled_from(["EXPRESS", "eco", ""]),
            st.sampled_from(["ORD-1", "ord-2", ""]),
        ),
        min_size=1,
        max_size=20,
    ),
)
def test_the_compiled_plan_decides_like_the_rule_matcher_on_messy_input(rule_list, items):
    """Prefix tables with cumulative best rules and shapes tried best first decide exactly as
    matching every rule in priority order: lowercase, spaces and dashes, ties, empty fields."""
    index = plan(*rule_list)
    for item in items:
        assert index.decide(item) == index.decide_linear(item)


# --- pick path ----------------------------------------------------------------------------------


def grid(walk: bool) -> Layout:
    spots = []
    sequence = 0
    for a, aisle in enumerate("ABC"):
        racks = range(1, 6) if a % 2 == 0 else range(5, 0, -1)
        for rack in racks:
            sequence += 10
            code = f"{aisle}-{rack:02d}"
            spots.append(Spot(code, aisle, rack, 1, 1, sequence if walk else 0))
    spots.append(Spot("STAGE-01", "", 0, 0, 0, 0))
    return Layout(spots, PathModel(Decimal("3"), Decimal("1.5")))


@pytest.mark.parametrize("walk", [True, False])
def test_serpentine_sequence_and_distance(walk):
    layout = grid(walk)
    picks = ["C-05", "A-01", "B-02", "A-05", "B-04", "STAGE-01"]
    sequenced = layout.sequence(picks)
    assert sequenced == ["A-01", "A-05", "B-04", "B-02", "C-05", "STAGE-01"]
    assert layout.route_length(sequenced) <= layout.route_length(picks)
    # A-01 then A-05 is 4 racks; depot to A-01 is 1 rack; out of A-05 to B-04 via the back
    # cross-aisle (depth 6): 1 + 2 racks and one aisle...
    assert layout.route_length(["A-01"]) == Decimal("3.0")  # 1 rack there, 1 back
    assert layout.route_length(["B-01"]) == Decimal("9.0")  # 3 m across, 1.5 m up, and back


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([f"{a}-{r:02d}" for a in "ABC" for r in range(1, 6)]),
                min_size=1, max_size=15))  # fmt: skip
def test_sequenced_route_never_longer_than_a_reversed_walk(codes):
    layout = grid(True)
    sequenced = layout.sequence(codes)
    assert sorted(sequenced) == sorted(codes)
    assert layout.route_length(sequenced) == layout.route_length(layout.sequence(codes[::-1]))


# --- cartons ------------------------------------------------------------------------------------


CARTONS = [
    Carton(code, d, Decimal(a), Decimal(b), Decimal(c), Decimal(t), Decimal(m))
    for code, d, a, b, c, t, m in DEMO_CARTONS
]


def item(sku, qty, dims, kg):
    return Item(sku, qty, *(Decimal(str(x)) for x in dims), Decimal(kg))


def test_smallest_carton_that_fits_by_volume_size_and_weight():
    argan = item("ARG", 2, (5, 5, 14), "0.18")
    assert suggest(CARTONS, [argan]).code == "S"
    tajine = item("TAJ", 1, (30, 30, 25), "2.4")
    assert suggest(CARTONS, [tajine]).code == "L"  # 30 cm does not fit M's 30x20 face twice
    heavy = item("OIL", 4, (8, 8, 30), "1.25")  # 5 kg + tare: over S's 5 kg, and too long
    assert suggest(CARTONS, [heavy]).code == "M"
    assert "more than 85%" in why_not(CARTONS[0], [tajine])
    assert "too big" in why_not(CARTONS[1], [item("ROD", 1, (5, 5, 45), "0.5")])


def test_no_carton_fits_is_refused_and_unknown_carton_named():
    with pytest.raises(RuleViolation, match="no carton fits"):
        suggest(CARTONS, [item("BIG", 1, (90, 10, 10), "1")])
    with pytest.raises(NotFound, match="cartons: S, M, L"):
        require_carton(CARTONS, "XL")


# --- customs ------------------------------------------------------------------------------------


def test_customs_needed_for_leaving_the_customs_territory():
    assert needs_customs("MA", "FR")
    assert needs_customs("FR", "GB")
    assert not needs_customs("FR", "BE")
    assert not needs_customs("MA", "MA")


def test_cn22_up_to_300_sdr_and_four_lines():
    assert Decimal("354.99") == CN22_LIMIT_EUR
    assert form_for(Decimal("354.99"), "EUR", 1) == "CN22"
    assert form_for(Decimal("355.00"), "EUR", 1) == "CN23"
    assert form_for(Decimal("380"), "USD", 2) == "CN22"  # 351.88 EUR
    assert form_for(Decimal("390"), "USD", 2) == "CN23"  # 361.14 EUR
    assert form_for(Decimal("10"), "EUR", 5) == "CN23"
    assert to_eur(Decimal("100"), "CAD") == Decimal("67.60")
    with pytest.raises(RuleViolation, match="currency 'XYZ'"):
        to_eur(Decimal("1"), "XYZ")


def test_missing_hs_code_or_origin_is_refused_naming_the_sku():
    good = CustomsItem("SAF-1G", "Saffron", 1, Decimal("0.02"), Decimal("9.9"), "EUR",
                       "091020", "MA")  # fmt: skip
    check_items([good])
    bad = CustomsItem("TEA", "Tea", 1, Decimal("0.5"), Decimal("7"), "EUR", "", "")
    with pytest.raises(RuleViolation, match="TEA has no HS code; TEA has no country of origin"):
        check_items([good, bad])


def test_weight_tolerance_is_50_grams_or_5_percent():
    assert weight_tolerance(Decimal("0.5")) == Decimal("0.050")
    assert weight_tolerance(Decimal("4")) == Decimal("0.200")
