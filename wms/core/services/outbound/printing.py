"""Handing labels and documents to the durable print queue, in the caller's transaction.

The job rows are written with the parcel / bag they belong to, so a label is never lost nor
printed for a parcel that was rolled back. Printers: ``$WMS_LABEL_PRINTER`` (ZPL labels) and
``$WMS_DOCUMENT_PRINTER`` (PDF packing lists and customs forms; default: the label printer's
spool folder), any URL the print queue accepts; by default a ``file://`` spool folder in the
user data directory. Rendering is :mod:`wms.labels`'s; the queue worker delivers the jobs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from wms.core.persistence.print_jobs import new_job
from wms.core.persistence.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class PrintRouting:
    """Which printer gets what: device names or URLs the print queue resolves.

    ``label_printer`` takes ZPL labels (SSCC, bag labels); ``document_printer`` PDF packing
    lists and customs forms (empty: the label printer). Built once by the station factory from
    the station's device settings; ``wms.core`` never reads it from the environment.
    """

    label_printer: str = ""
    document_printer: str = ""

    def labels(self) -> str:
        return self.label_printer or label_printer()

    def documents(self) -> str:
        return self.document_printer or self.labels()


def label_printer() -> str:
    configured = os.environ.get("WMS_LABEL_PRINTER", "").strip()
    if configured:
        return configured
    spool = Path(platformdirs.user_data_dir("wms", appauthor=False)) / "spool"
    return f"file://{spool}/"


def document_printer() -> str:
    return os.environ.get("WMS_DOCUMENT_PRINTER", "").strip() or label_printer()


def enqueue(
    uow: UnitOfWork,
    *,
    printer: str,
    payload: bytes,
    content_type: str,
    description: str,
    reference: str,
) -> str:
    """Add one pending job to ``uow``'s transaction; returns its id."""
    job = new_job(
        printer=printer,
        payload=payload,
        content_type=content_type,
        description=description,
        reference=reference,
    )
    uow.session.add(job)
    return job.id
