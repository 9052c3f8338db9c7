"""Handing labels and documents to the durable print queue, in the caller's transaction.

The job rows are written with the parcel / bag they belong to, so a label is never lost nor
printed for a parcel that was rolled back. Printers: ``$WMS_LABEL_PRINTER`` (ZPL labels) and
``$WMS_DOCUMENT_PRINTER`` (PDF packing lists and customs forms; default: the label printer's
spool folder), any URL the print queue accepts; by default a ``file://`` spool folder in the
user data directory. Rendering is :mod:`wms.labels`'s; the queue worker delivers the jobs.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from wms.core.persistence.print_jobs import new_job
from wms.core.persistence.unit_of_work import UnitOfWork


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
