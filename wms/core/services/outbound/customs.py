"""Customs data for cross-border parcels: CN22 or CN23, per the UPU rule.

* A parcel needs a customs declaration when it leaves a customs territory: its ship-to country
  differs from the warehouse's country, unless both are in the EU customs union.
* CN22 when the parcel's total declared value is at most 300 SDR (special drawing rights) and
  it has at most 4 item lines (the room on the form); otherwise CN23.
* 300 SDR is converted at ``EUR_PER_SDR`` = 1.1833 (300 SDR ≈ 355 EUR). Order values in other
  currencies are converted to EUR with ``EUR_RATES`` (reference rates, edit them here when they
  drift; a currency without a rate is refused rather than guessed).
* Every line needs an HS tariff number (6 to 10 digits), a country of origin and a net weight:
  a missing one is refused before the parcel is closed, naming the SKU.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from wms.core.domain.errors import RuleViolation
from wms.core.domain.text import msg

EUR_PER_SDR = Decimal("1.1833")
CN22_LIMIT_SDR = Decimal("300")
CN22_LIMIT_EUR = (CN22_LIMIT_SDR * EUR_PER_SDR).quantize(Decimal("0.01"))
CN22_MAX_LINES = 4

#: EUR per unit of currency (reference rates).
EUR_RATES: dict[str, Decimal] = {
    "EUR": Decimal("1"),
    "USD": Decimal("0.926"),
    "CAD": Decimal("0.676"),
    "GBP": Decimal("1.17"),
    "CHF": Decimal("1.05"),
    "MAD": Decimal("0.092"),
    "CNY": Decimal("0.128"),
}

_EU = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
EU_COUNTRIES = frozenset(_EU.split(" "))


@dataclass(frozen=True)
class CustomsItem:
    sku: str
    description: str
    quantity: int
    net_weight_kg: Decimal
    value: Decimal
    currency: str
    hs_code: str
    origin_country: str


def needs_customs(from_country: str, to_country: str) -> bool:
    a, b = from_country.upper(), to_country.upper()
    if a == b:
        return False
    return not (a in EU_COUNTRIES and b in EU_COUNTRIES)


def to_eur(amount: Decimal, currency: str) -> Decimal:
    rate = EUR_RATES.get(currency.upper())
    if rate is None:
        raise RuleViolation(
            msg(
                "currency '{currency}': expected one of {eur_rates} "
                "to compare the value with the CN22 limit",
                currency=currency,
                eur_rates=", ".join(sorted(EUR_RATES)),
            ),
            "unknown_currency",
        )
    return (amount * rate).quantize(Decimal("0.01"))


def form_for(total_value: Decimal, currency: str, lines: int) -> str:
    """``CN22`` or ``CN23`` for a parcel of ``lines`` item lines worth ``total_value``."""
    if lines > CN22_MAX_LINES:
        return "CN23"
    return "CN22" if to_eur(total_value, currency) <= CN22_LIMIT_EUR else "CN23"


def check_items(items: Sequence[CustomsItem]) -> None:
    """Refuse lines without HS code or origin (all problems in one message)."""
    problems = []
    for item in items:
        digits = item.hs_code.replace(".", "").replace(" ", "")
        if not digits:
            problems.append(f"{item.sku} has no HS code")
        elif not digits.isdigit() or not 6 <= len(digits) <= 10:
            problems.append(f"{item.sku} HS code '{item.hs_code}' is not 6 to 10 digits")
        if len(item.origin_country.strip()) != 2:
            problems.append(f"{item.sku} has no country of origin")
        if item.net_weight_kg <= 0:
            problems.append(f"{item.sku} has no net weight")
    if problems:
        raise RuleViolation(
            msg("customs declaration refused, the parcel stays open: ")
            + "; ".join(problems)
            + msg(
                " (expected an HS code, an origin and a weight "
                "on every export line; fix the product master "
                "and scan the weight again)"
            ),
            "customs_data_missing",
        )
    currencies = sorted({item.currency for item in items})
    if len(currencies) > 1:
        raise RuleViolation(
            msg(
                "customs declaration refused: lines in {currencies}, "
                "expected one currency per parcel",
                currencies=", ".join(currencies),
            ),
            "customs_currencies",
        )
