"""Handing labels and documents to the durable print queue, in the caller's transaction.

The job rows are written with the parcel / bag they belong to, so a label is never lost nor
printed for a parcel that was rolled back. Printers: ``$WMS_LABEL_PRINTER`` (ZPL labels) and
``$WMS_DOCUMENT_PRINTER`` (PDF packing lists and customs forms; default: the label printer's
spool folder), any URL the print queue accepts; by default a ``file://`` spool folder in the
user data directory. Rendering is :mod:`wms.labels`'s; the queue worker delivers the jobs.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import platformdirs
from sqlalchemy import inspect

from wms.core.persistence.unit_of_work import UnitOfWork

_TABLE_PRESENT: dict[str, bool] = {}


def label_printer() -> str:
    configured = os.environ.get("WMS_LABEL_PRINTER", "").strip()
    if configured:
        return configured
    spool = Path(platformdirs.user_data_dir("wms", appauthor=False)) / "spool"
    return f"file://{spool}/"


def document_printer() -> str:
    return os.environ.get("WMS_DOCUMENT_PRINTER", "").strip() or label_printer()


def queue_present(uow: UnitOfWork) -> bool:
    """True when this database has the print queue table."""
    bind = uow.session.get_bind()
    key = str(bind.url)
    present = _TABLE_PRESENT.get(key)
    if present is None:
        present = inspect(uow.session.connection()).has_table("print_jobs")
        _TABLE_PRESENT[key] = present
    return present


def enqueue(
    uow: UnitOfWork,
    *,
    printer: str,
    payload: bytes,
    content_type: str,
    description: str,
    reference: str,
) -> str:
    """Add one pending job; returns its id (empty when this database has no print queue)."""
    if not payload or not queue_present(uow):
        return ""
    from wms.core.persistence.print_jobs import JobState, PrintJob, utcnow

    now = utcnow()
    job = PrintJob(
        id=str(uuid.uuid4()),
        created_at=now,
        printer=printer,
        content_type=content_type,
        payload=payload,
        description=description[:200],
        reference=reference,
        state=JobState.PENDING.value,
        attempts=0,
        last_error=None,
        next_attempt_at=now,
        printed_at=None,
        reprint_of=None,
    )
    uow.session.add(job)
    return job.id
