"""Handing print specs to the durable print queue, in the caller's transaction.

The job rows are written with the parcel / bag they belong to, so a label is never lost nor
printed for a parcel that was rolled back. What a job holds is a print spec
(:mod:`wms.core.domain.print_specs`): the core decides what to print, the print queue renders
it to ZPL / PDF with :mod:`wms.labels` when it delivers the job; the core never renders.

Which printer gets what is the station's :class:`PrintRouting`, built once by the station
factory from its device settings and handed to the services as a parameter; ``wms.core`` reads
no environment variable for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from wms.core.domain.print_specs import SPEC_CONTENT_TYPE, PrintSpec, write_spec
from wms.core.persistence.print_jobs import new_job

if TYPE_CHECKING:  # the station factory builds a PrintRouting before any repository is needed
    from wms.core.persistence.unit_of_work import UnitOfWork


def default_spool() -> str:
    """Where labels go on a station without printers: a ``file://`` folder in the user data
    directory."""
    spool = Path(platformdirs.user_data_dir("wms", appauthor=False)) / "spool"
    return f"file://{spool}/"


@dataclass(frozen=True)
class PrintRouting:
    """Which printer gets what: device names or URLs the print queue resolves.

    ``label_printer`` takes ZPL labels (SSCC, bag labels); ``document_printer`` PDF packing
    lists and customs forms (empty: the label printer; both empty: :func:`default_spool`).
    Built once by the station factory from the station's device settings; ``wms.core`` never
    reads it from the environment.
    """

    label_printer: str = ""
    document_printer: str = ""

    def labels(self) -> str:
        return self.label_printer or default_spool()

    def documents(self) -> str:
        return self.document_printer or self.labels()


def enqueue(
    uow: UnitOfWork,
    *,
    printer: str,
    spec: PrintSpec,
    description: str,
    reference: str,
) -> str:
    """Add one pending job printing ``spec`` to ``uow``'s transaction; returns its id."""
    job = new_job(
        printer=printer,
        payload=write_spec(spec),
        content_type=SPEC_CONTENT_TYPE,
        description=description,
        reference=reference,
    )
    return uow.print_jobs.queue(job)
