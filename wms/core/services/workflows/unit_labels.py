"""The SSCC label of a handling unit made at a dock, queued on the station's label printer.

``CMD:NEWHU`` in receiving queues it in the transaction that registers the unit, so the pallet
gets the label that putaway will scan; ``CMD:REPRINT`` (F7) in receiving and putaway queues the
same label again (the same spec: the same SSCC). The core stores the spec
(:class:`~wms.core.domain.print_specs.PalletLabelSpec`); the print queue renders the ZPL.
"""

from __future__ import annotations

from wms.core.domain.print_specs import PalletLabelSpec, fit
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.outbound.printing import enqueue
from wms.core.services.workflows.runtime import Runtime


def queue_unit_label(
    rt: Runtime, uow: UnitOfWork, sscc: str, *, reference: str, dock: str, reprint: bool = False
) -> str:
    """Queue the label of unit ``sscc`` in ``uow``'s transaction; returns the job id."""
    warehouse = uow.warehouses.require(rt.warehouse)
    spec = PalletLabelSpec(
        sscc=sscc,
        reference=fit(reference or "-", "reference"),
        dock=fit(dock or "-", "place"),
        warehouse=rt.warehouse,
        company_prefix_length=len(warehouse.gs1_company_prefix),
    )
    again = " (reprint)" if reprint else ""
    return enqueue(
        uow,
        printer=rt.printing.labels(),
        spec=spec,
        description=f"pallet label {sscc}{again}",
        reference=sscc,
    )
