"""Labels when the work needs them: a handling unit made at a dock (``CMD:NEWHU`` / F4) gets
its SSCC label queued on the station's label printer in the same transaction, and
``CMD:REPRINT`` (F7) prints it again in receiving and in putaway — the same spec, the same
SSCC — so putaway always has a label to scan."""

from __future__ import annotations

import pytest
from PIL import Image
from sqlalchemy import select

from tests.integration import test_workflow_support as support
from tests.integration.test_workflow_support import GTIN, logged_in, paced
from wms.core.domain.print_specs import PalletLabelSpec, read_spec
from wms.core.persistence.print_jobs import PrintJob
from wms.core.services.outbound.printing import PrintRouting
from wms.labels.specs import render_spec

demo_template = support.demo_template
site = support.site


def jobs(site) -> list[PrintJob]:
    with site.uow() as uow:
        rows = uow.session.scalars(select(PrintJob).order_by(PrintJob.created_at)).all()
        uow.session.expunge_all()
        return list(rows)


def receiving(site, **kwargs):
    session = site.session(**kwargs)
    assert session.login("1003", "1357").ok
    assert session.set_mode("receiving").ok
    assert paced(session, "ASN:ASN-CN-0001")[0].ok
    return session


def test_a_new_handling_unit_queues_its_sscc_label_on_the_label_printer(site):
    session = receiving(site, printing=PrintRouting("bench_labels"))
    new = paced(session, "CMD:NEWHU")[0]
    sscc = new.context["new_sscc"]
    assert new.ok and "its SSCC label is printing on bench_labels" in new.message
    [job] = jobs(site)
    assert (job.printer, job.reference, job.state) == ("bench_labels", sscc, "pending")
    assert new.context["print_jobs"] == [job.id]
    spec = read_spec(job.payload)
    assert spec == PalletLabelSpec(
        sscc=sscc, reference="ASN-CN-0001", dock="DOCK-01", warehouse="CMN1",
        company_prefix_length=7,
    )  # fmt: skip


def test_the_pallet_label_carries_the_sscc_as_gs1_128(site):
    zplkit = pytest.importorskip("zplkit")
    zxingcpp = pytest.importorskip("zxingcpp")
    session = receiving(site)
    sscc = paced(session, "CMD:NEWHU")[0].context["new_sscc"]
    rendered = render_spec(jobs(site)[0].payload)
    assert rendered.content_type == "zpl"
    text = rendered.data.decode("utf-8")
    assert "PALLET" in text and "ASN-CN-0001" in text and "DOCK-01" in text
    document = zplkit.render(rendered.data, zplkit.Options(dpi=203))
    found = []
    for scene in document.labels:
        raster = scene.rasterize()
        image = Image.frombytes("L", (raster.width, raster.height), raster.pixels)
        found += [b.text for b in zxingcpp.read_barcodes(image)]
    assert found == [f"00{sscc}"] or found == [f"(00){sscc}"]


def test_reprint_in_receiving_queues_the_same_label_again(site):
    session = receiving(site)
    sscc = paced(session, "CMD:NEWHU")[0].context["new_sscc"]
    again = paced(session, "CMD:REPRINT")[0]
    assert again.ok and f"label of pallet {sscc} printing again" in again.message
    first, second = jobs(site)
    assert second.reference == sscc and "reprint" in second.description
    assert read_spec(second.payload) == read_spec(first.payload)


def test_reprint_in_receiving_without_a_unit_in_hand_is_refused(site):
    session = receiving(site)
    refused = paced(session, "CMD:REPRINT")[0]
    assert not refused.ok and refused.error == "nothing_to_print"
    assert jobs(site) == []


def test_reprint_in_putaway_prints_the_label_of_the_unit_in_hand(site):
    session = receiving(site)
    sscc = paced(session, "CMD:NEWHU")[0].context["new_sscc"]
    assert paced(session, GTIN["teapot"])[0].movement_ids
    assert session.set_mode("putaway").ok
    directed = paced(session, sscc)[0]
    assert directed.ok and directed.destination
    again = paced(session, "CMD:REPRINT")[0]
    assert again.ok and again.destination == directed.destination
    assert session.workflow.context()["step"] == "confirm"  # still going there
    first, second = jobs(site)
    assert read_spec(second.payload) == read_spec(first.payload)


def test_reprint_in_putaway_needs_a_handling_unit(site):
    session = logged_in(site, mode="putaway")
    refused = paced(session, "CMD:REPRINT")[0]
    assert not refused.ok and refused.error == "nothing_to_print"
