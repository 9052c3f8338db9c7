"""What packing and sorting print: stored as print specs in their transaction, rendered to ZPL and
PDF by the print queue when it delivers the jobs to the station's printers (its PrintRouting)."""

from __future__ import annotations

import pytest
from PIL import Image
from sqlalchemy import select

from tests.integration import test_workflow_support as support
from tests.integration.test_outbound_flow import ARGAN, SAFFRON, pick_ord_1001, release, switch
from tests.integration.test_workflow_support import feed, paced
from wms.core.domain.print_specs import (
    BagLabelSpec,
    ParcelDocumentsSpec,
    ShippingLabelSpec,
    read_spec,
)
from wms.core.persistence.outbound_tables import ParcelRow
from wms.core.persistence.print_jobs import JobState, PrintJob, PrintJobStore
from wms.core.persistence.tables import LocationRow, OrderRow
from wms.core.services.outbound.printing import PrintRouting
from wms.core.services.workflows import Input
from wms.devices.print_queue import PrintQueue

zplkit = pytest.importorskip("zplkit")
zxingcpp = pytest.importorskip("zxingcpp")

demo_template = support.demo_template
site = support.site


def decode_zpl(zpl: bytes) -> list[str]:
    """What a barcode reader reads off the printed label (GS1 as "(AI)value")."""
    found = []
    for scene in zplkit.render(zpl, zplkit.Options(dpi=203)).labels:
        raster = scene.rasterize()
        image = Image.frombytes("L", (raster.width, raster.height), raster.pixels)
        found += [b.text for b in zxingcpp.read_barcodes(image)]
    return sorted(found)


@pytest.fixture
def bench(site, tmp_path):
    """A packer logged in at a station whose labels and papers go to two spool folders."""
    routing = PrintRouting(
        label_printer=f"file://{tmp_path}/labels/", document_printer=f"file://{tmp_path}/papers/"
    )
    release(site, "ORD-1001")
    session = site.session(printing=routing)
    assert session.login("1001", "1234").ok
    assert session.set_mode("picking").ok
    assert all(f.ok for f in pick_ord_1001(session))
    switch(site, session, "packing")
    return session, tmp_path


def jobs_of(site, reference):
    with site.uow() as uow:
        rows = uow.session.scalars(
            select(PrintJob).where(PrintJob.reference == reference).order_by(PrintJob.printer)
        )
        return [(row.printer, row.content_type, bytes(row.payload)) for row in rows]


def deliver(site):
    return PrintQueue(PrintJobStore(site.sessions)).run_due_jobs()


def test_a_closed_parcel_stores_what_to_print_and_the_queue_prints_a_readable_label(site, bench):
    session, folder = bench
    assert all(f.ok for f in feed(session, "ORD:ORD-1001", ARGAN, SAFFRON, ARGAN))
    closed = session.handle(Input.weight("0.53"))
    assert closed.ok, closed.message
    sscc = closed.context["sscc"]

    # the packing transaction wrote what to print, rendered nothing
    [(label_printer, label_type, label), (paper_printer, paper_type, papers)] = jobs_of(site, sscc)
    assert (label_printer, paper_printer) == (
        f"file://{folder}/labels/",
        f"file://{folder}/papers/",
    )
    assert label_type == paper_type == "spec"
    spec = read_spec(label)
    assert isinstance(spec, ShippingLabelSpec)
    assert (spec.sscc, spec.order, spec.ship_to.postcode, spec.ship_to.country) == (
        sscc, "ORD-1001", "75011", "FR"
    )  # fmt: skip
    documents = read_spec(papers)
    assert isinstance(documents, ParcelDocumentsSpec)
    assert documents.customs is not None and documents.customs.form == "CN22"
    assert {line.sku for line in documents.packing_list.lines} == {"ARG-OIL-100", "SAF-1G"}

    # the queue renders on delivery: a ZPL label a scanner reads back, one PDF of papers
    assert {job.state for job in deliver(site)} == {JobState.DONE}
    [zpl] = (folder / "labels").glob("*.zpl")
    assert decode_zpl(zpl.read_bytes()) == [f"(00){sscc}", "(420)75011"]
    [pdf] = (folder / "papers").glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_full_sort_destination_queues_its_bag_label_as_a_spec_the_queue_prints(site, bench):
    session, folder = bench
    paced(session, "ORD:ORD-1001", ARGAN, ARGAN, SAFFRON)
    sscc = session.handle(Input.weight("0.55")).context["sscc"]
    with site.uow() as uow:
        location = uow.session.scalar(select(LocationRow).where(LocationRow.code == "SORT-FR"))
        location.capacity_units = 1
        uow.commit()
    switch(site, session, "sorting")
    out = feed(session, f"00{sscc}", "LOC:SORT-FR")
    bag = out[-1].context["bag"]
    [(printer, content_type, payload)] = jobs_of(site, bag)
    assert (printer, content_type) == (f"file://{folder}/labels/", "spec")
    spec = read_spec(payload)
    assert isinstance(spec, BagLabelSpec)
    assert (spec.sscc, spec.destination_code, spec.parcel_count) == (bag, "SORT-FR", 1)
    deliver(site)
    bag_labels = [p for p in (folder / "labels").glob("*.zpl") if bag in p.name]
    assert [decode_zpl(p.read_bytes()) for p in bag_labels] == [[f"(00){bag}"]]


def test_an_order_without_a_postcode_is_not_packed_since_its_label_could_not_be_printed(
    site, bench
):
    session, _folder = bench
    with site.uow() as uow:
        uow.session.get(OrderRow, "ORD-1001").ship_to_postcode = ""
        uow.commit()
    feed(session, "ORD:ORD-1001", ARGAN, SAFFRON, ARGAN)
    refused = session.handle(Input.weight("0.53"))
    assert not refused.ok
    assert refused.message == "ship-to postcode '': expected a postal code, found nothing"
    with site.uow() as uow:
        packed = select(ParcelRow).where(ParcelRow.station != "CMN1-SETUP")  # (not the demo's)
        assert uow.session.scalars(packed).all() == []
        assert uow.session.scalars(select(PrintJob)).all() == []
