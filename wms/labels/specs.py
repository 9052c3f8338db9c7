"""Rendering a stored print spec (:mod:`wms.core.domain.print_specs`) when its job is delivered.

The core writes *what* to print into the print job; the print queue calls :func:`render_spec`
just before sending, which reads the spec, builds the label or document data classes (their
validation is the last check of the content) and renders ZPL or PDF. A payload that is not a
readable spec, or whose content the label refuses, raises :class:`PrintSpecError` naming the
spec and the problem, and the queue fails that job with the message.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from wms.core.domain.errors import InvalidValue
from wms.core.domain.print_specs import (
    BagLabelSpec,
    CustomsSpec,
    PackingListSpec,
    PalletLabelSpec,
    PostalAddress,
    PrintSpec,
    PrintSpecError,
    ShippingLabelSpec,
    read_spec,
)
from wms.labels.documents import CustomsDeclaration, CustomsLine, PackingLine, PackingList
from wms.labels.model import Address, BagLabel, PalletLabel, SsccLabel
from wms.labels.pdf import render_pdf
from wms.labels.zpl import render_zpl


@dataclass(frozen=True)
class Rendered:
    """What the printer receives: ``content_type`` ``zpl`` or ``pdf`` and the bytes."""

    content_type: str
    data: bytes


#: the last character the printer's resident font 0 (with ^CI28) draws: Latin scripts; Arabic,
#: Chinese... need a TrueType font stored on the printer
_RESIDENT_FONT_LAST = "\u024f"


def render_spec(payload: bytes, font: str | None = None) -> Rendered:
    """The ZPL or PDF for a print-spec payload; :class:`PrintSpecError` if it cannot be made.
    ``font``: the TrueType font stored on the label printer (``E:NAME.TTF``), which a ZPL label
    with text in other than Latin script needs (the resident font 0 has no such glyphs)."""
    spec = read_spec(payload)
    if font is None and isinstance(spec, ShippingLabelSpec | BagLabelSpec | PalletLabelSpec):
        foreign = sorted({ch for ch in _texts(spec) if ch > _RESIDENT_FONT_LAST})
        if foreign:
            raise PrintSpecError(
                f"print spec {spec.KIND.value}: label text",
                "".join(foreign[:5]),
                "text the printer's resident font draws (Latin script), or a TrueType font "
                'stored on the printer: font = "E:NAME.TTF" in its [devices.NAME] table',
                f"{len(foreign)} character(s) of another script, such as {foreign[0]!r}",
            )
    try:
        return _render(spec, font)
    except PrintSpecError:
        raise
    except InvalidValue as error:
        raise PrintSpecError(
            f"print spec {spec.KIND.value}: {error.what}", error.value, error.expected, error.found
        ) from error


def _texts(value: object) -> str:
    """Every text of a spec, joined (the label's words, for the font check)."""
    if isinstance(value, str):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return "".join(_texts(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, (tuple, list)):
        return "".join(_texts(item) for item in value)
    return ""


def _render(spec: PrintSpec, font: str | None = None) -> Rendered:
    if isinstance(spec, ShippingLabelSpec):
        return Rendered("zpl", render_zpl(shipping_label(spec), font=font).encode("utf-8"))
    if isinstance(spec, BagLabelSpec):
        return Rendered("zpl", render_zpl(bag_label(spec), font=font).encode("utf-8"))
    if isinstance(spec, PalletLabelSpec):
        label = PalletLabel(
            sscc=spec.sscc,
            reference=spec.reference,
            dock=spec.dock,
            warehouse=spec.warehouse,
            company_prefix_length=spec.company_prefix_length,
        )
        return Rendered("zpl", render_zpl(label, font=font).encode("utf-8"))
    papers: list[PackingList | CustomsDeclaration] = [packing_list(spec.packing_list)]
    if spec.customs is not None:
        papers.append(customs_declaration(spec.customs))
    return Rendered("pdf", render_pdf(papers, title=spec.title))


def address(party: PostalAddress) -> Address:
    return Address(
        name=party.name,
        lines=party.lines,
        postcode=party.postcode,
        city=party.city,
        country=party.country,
    )


def shipping_label(spec: ShippingLabelSpec) -> SsccLabel:
    return SsccLabel(
        sscc=spec.sscc,
        ship_from=address(spec.ship_from),
        ship_to=address(spec.ship_to),
        carrier=spec.carrier,
        service=spec.service,
        order_reference=spec.order,
        weight_kg=spec.weight_kg,
        parcel_number=spec.parcel_number,
        parcel_count=spec.parcel_count,
        company_prefix_length=spec.company_prefix_length,
    )


def bag_label(spec: BagLabelSpec) -> BagLabel:
    return BagLabel(
        sscc=spec.sscc,
        destination_code=spec.destination_code,
        destination_name=spec.destination_name,
        carrier=spec.carrier,
        parcel_count=spec.parcel_count,
        weight_kg=spec.weight_kg,
        company_prefix_length=spec.company_prefix_length,
    )


def packing_list(spec: PackingListSpec) -> PackingList:
    return PackingList(
        order_reference=spec.order,
        ship_to=address(spec.ship_to),
        ship_from=address(spec.ship_from),
        sscc=spec.sscc,
        carrier=spec.carrier,
        packed_on=spec.packed_on,
        lines=tuple(
            PackingLine(line.sku, line.description, line.quantity, line.lot or None)
            for line in spec.lines
        ),
    )


def customs_declaration(spec: CustomsSpec) -> CustomsDeclaration:
    if spec.form not in ("CN22", "CN23"):
        raise InvalidValue("customs form", spec.form, "CN22 or CN23", repr(spec.form))
    return CustomsDeclaration(
        form="CN22" if spec.form == "CN22" else "CN23",
        sender=address(spec.sender),
        recipient=address(spec.recipient),
        category=spec.category,
        lines=tuple(
            CustomsLine(
                description=line.description,
                quantity=line.quantity,
                net_weight_kg=line.net_weight_kg,
                value=line.value,
                hs_code=line.hs_code,
                origin_country=line.origin_country,
                currency=line.currency,
            )
            for line in spec.lines
        ),
        gross_weight_kg=spec.gross_weight_kg,
        invoice_number=spec.invoice_number,
        sender_reference=spec.sender_reference,
        signed_by=spec.signed_by,
        place=spec.place,
        signed_on=spec.signed_on,
        sscc=spec.sscc,
    )
