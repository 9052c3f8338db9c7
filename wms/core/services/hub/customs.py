"""Customs: the declaration data of a MAWB (close to the EU's H7 low-value data set) and the
decisions customs sends back per parcel (released, held with a reason, seized).

Decisions may come before or after the parcel is scanned. Each is kept as received
(``hub_customs_decisions``), also one for a parcel the hub does not know (``known`` false):
the import reports it and ``wms hub customs --unknown`` lists them; nothing is dropped. A parcel
held after it was sorted on, or released while in the hold cage, is named in the result so
that someone fetches it (the release workflow sorts released parcels on from the cage).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.clock import Clock, utc_now
from wms.core.domain.errors import ImportRefused, InvalidValue, NotFound, Problem, StorageError
from wms.core.domain.hub import CustomsStatus, HoldReason, ParcelState, as_utc
from wms.core.domain.hub_rules import HubSettings
from wms.core.domain.parcel_ids import require_tracking
from wms.core.domain.text import msg
from wms.core.persistence.hub_tables import (
    HubCustomsDecisionRow,
    HubMawbRow,
    HubParcelItemRow,
    HubParcelRow,
)
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.services.hub.prealert_json import positioned_decoder
from wms.core.services.imports_base import plural, resolve_warehouse
from wms.core.services.imports_csv import Cells, CsvFormat, read_csv

#: One row per item line; the parcel's fields repeat on its rows.
DECLARATION_COLUMNS = (
    "transport_document",  # the MAWB
    "house_consignment",  # the parcel's tracking number
    "consignee_name",
    "consignee_street",
    "consignee_postcode",
    "consignee_city",
    "consignee_country",
    "ioss_number",
    "gross_mass_kg",
    "total_amount",
    "currency",
    "item_number",
    "goods_description",
    "commodity_code",
    "quantity",
    "intrinsic_value",
    "country_of_origin",
)

DECISIONS = CsvFormat(
    "customs",
    columns=("tracking", "decision", "reason", "decided_at"),
    required=("tracking", "decision"),
)


def declaration(
    sessions: sessionmaker[Session] | Engine, mawb: str, *, warehouse: str | None = None
) -> dict[str, Any]:
    """The declaration data of every parcel of ``mawb`` (the JSON form; :func:`rows_of` flattens
    it to the CSV form)."""
    with UnitOfWork(sessions, read_only=True) as uow:
        session = uow.session
        code = resolve_warehouse(session, warehouse)
        head = session.get(HubMawbRow, (code, mawb))
        if head is None:
            raise NotFound("MAWB", mawb, msg("it is in no pre-alert"))
        parcels = list(
            session.scalars(
                select(HubParcelRow)
                .where(HubParcelRow.warehouse == code, HubParcelRow.mawb == mawb)
                .order_by(HubParcelRow.tracking)
            )
        )
        items: dict[str, list[HubParcelItemRow]] = {}
        for item in session.scalars(
            select(HubParcelItemRow)
            .join(
                HubParcelRow,
                (HubParcelRow.warehouse == HubParcelItemRow.warehouse)
                & (HubParcelRow.tracking == HubParcelItemRow.tracking),
            )
            .where(HubParcelRow.warehouse == code, HubParcelRow.mawb == mawb)
            .order_by(HubParcelItemRow.tracking, HubParcelItemRow.line)
        ):
            items.setdefault(item.tracking, []).append(item)
        return {
            "transport_document": mawb,
            "flight": head.flight,
            "departure_airport": head.origin_airport,
            "arrival_airport": head.destination_airport,
            "departure_at": as_utc(head.departure_at).isoformat(),
            "house_consignments": [
                {
                    "house_consignment": p.tracking,
                    "consignee": {
                        "name": p.consignee_name,
                        "street": p.consignee_address,
                        "postcode": p.consignee_postcode,
                        "city": p.consignee_city,
                        "country": p.consignee_country,
                    },
                    "ioss_number": p.tax_id,
                    "gross_mass_kg": str(p.weight_kg),
                    "total_amount": str(p.declared_value),
                    "currency": p.currency,
                    "goods_items": [
                        {
                            "item_number": i.line,
                            "goods_description": i.description,
                            "commodity_code": i.hs_code[:6],
                            "quantity": i.quantity,
                            "intrinsic_value": str(
                                (Decimal(i.unit_value) * i.quantity).quantize(Decimal("0.01"))
                            ),
                            "country_of_origin": i.origin_country,
                        }
                        for i in items.get(p.tracking, [])
                    ],
                }
                for p in parcels
            ],
        }


def rows_of(document: dict[str, Any]) -> list[dict[str, object]]:
    """The CSV form of a declaration: one row per goods item."""
    rows: list[dict[str, object]] = []
    for parcel in document["house_consignments"]:
        consignee = parcel["consignee"]
        for item in parcel["goods_items"]:
            rows.append(
                {
                    "transport_document": document["transport_document"],
                    "house_consignment": parcel["house_consignment"],
                    "consignee_name": consignee["name"],
                    "consignee_street": consignee["street"],
                    "consignee_postcode": consignee["postcode"],
                    "consignee_city": consignee["city"],
                    "consignee_country": consignee["country"],
                    "ioss_number": parcel["ioss_number"],
                    "gross_mass_kg": parcel["gross_mass_kg"],
                    "total_amount": parcel["total_amount"],
                    "currency": parcel["currency"],
                    **item,
                }
            )
    return rows


# -- decisions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    line: int
    tracking: str
    decision: CustomsStatus
    reason: str
    decided_at: datetime


@dataclass(frozen=True)
class DecisionResult:
    source: str
    decisions: int
    applied: int
    unknown: tuple[str, ...]
    to_hold: tuple[tuple[str, str], ...] = ()  # (tracking, where it is): fetch to the cage
    to_release: tuple[str, ...] = ()  # in the cage, now released
    superseded: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"imported {plural(self.decisions, 'customs decision', 'customs decisions')} "
            f"({self.applied} applied"
        )
        if self.superseded:
            text += f", {self.superseded} older than the decision already applied"
        text += ")"
        if self.unknown:
            text += (
                f"; {plural(len(self.unknown), 'decision', 'decisions')} for parcels not "
                f"pre-alerted, kept for review: {', '.join(self.unknown)}"
            )
        if self.to_hold:
            where = ", ".join(f"{t} at {loc}" for t, loc in self.to_hold)
            text += f"; held after sorting, take them to the hold cage: {where}"
        if self.to_release:
            text += f"; released in the hold cage: {', '.join(self.to_release)}"
        return text


def _read_decisions(data: bytes | str, source: str, json_format: bool) -> list[Decision]:
    problems: list[Problem] = []
    rows: list[tuple[int, dict[str, str]]] = []
    if json_format:
        text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
        try:
            document = positioned_decoder().decode(text.removeprefix("\ufeff"))
        except ValueError as error:
            raise ImportRefused(source, [Problem(1, "-", f"expected JSON, {error}")]) from None
        entries = document.get("decisions") if isinstance(document, dict) else document
        if not isinstance(entries, list):
            raise ImportRefused(source, [Problem(1, "-", "expected a list of decisions")])
        for entry in entries:
            line = text.count("\n", 0, getattr(entry, "position", 0)) + 1
            if not isinstance(entry, dict):
                problems.append(Problem(line, "-", "expected a decision object"))
                continue
            rows.append((line, {k: "" if v is None else str(v).strip() for k, v in entry.items()}))
            unknown = sorted(set(entry) - set(DECISIONS.columns))
            if unknown:
                problems.append(
                    Problem(
                        line, unknown[0], f"unknown key: expected {', '.join(DECISIONS.columns)}"
                    )
                )
    else:
        table = read_csv(data, source, DECISIONS)
        rows = table.rows
        problems.extend(table.problems)
    decisions: list[Decision] = []
    for line, values in rows:
        cells = Cells(line, values, problems)
        tracking = ""
        try:
            tracking = require_tracking(values.get("tracking", ""), ())
        except InvalidValue:
            tracking = cells.key("tracking").upper()  # any carrier's number: kept as received
        choice = cells.choice("decision", [s.value for s in CustomsStatus if s.value != "none"])
        reason = cells.choice(
            "reason", [r.value for r in HoldReason], required=choice == CustomsStatus.HELD
        )
        at_text = values.get("decided_at", "")
        decided: datetime | None = None
        if at_text:
            try:
                decided = datetime.fromisoformat(at_text)
            except ValueError:
                cells.bad(
                    "decided_at", f"expected a time like 2026-12-02T09:30:00Z, found '{at_text}'"
                )
            else:
                if decided.tzinfo is None:
                    cells.bad(
                        "decided_at", f"expected a time with its UTC offset, found '{at_text}'"
                    )
                    decided = None
        if cells.ok and tracking and choice:
            decisions.append(
                Decision(
                    line,
                    tracking,
                    CustomsStatus(choice),
                    reason,
                    as_utc(decided) if decided is not None else datetime.min,
                )
            )
    if problems:
        raise ImportRefused(source, sorted(dict.fromkeys(problems), key=lambda p: p.line))
    if not decisions:
        raise ImportRefused(source, [Problem(1, "-", "expected at least one decision")])
    return decisions


def import_decisions_bytes(
    sessions: sessionmaker[Session] | Engine,
    data: bytes | str,
    *,
    source: str = "<customs>",
    json_format: bool = False,
    warehouse: str | None = None,
    settings: HubSettings | None = None,
    clock: Clock = utc_now,
) -> DecisionResult:
    """Import customs decisions (CSV, or JSON when ``json_format``), all or nothing."""
    decisions = _read_decisions(data, source, json_format)
    now = clock()
    with UnitOfWork(sessions) as uow:
        code = resolve_warehouse(uow.session, warehouse)
        found = uow.hub.parcels(code, sorted({d.tracking for d in decisions}))
        applied = superseded = 0
        unknown: list[str] = []
        to_hold: list[tuple[str, str]] = []
        to_release: list[str] = []
        latest: dict[str, datetime] = {}
        for decision in sorted(decisions, key=lambda d: (d.decided_at, d.line)):
            decided_at = decision.decided_at if decision.decided_at != datetime.min else now
            parcel = found.get(decision.tracking)
            uow.hub.add_decision(
                HubCustomsDecisionRow(
                    warehouse=code,
                    tracking=decision.tracking,
                    decision=decision.decision.value,
                    reason=decision.reason,
                    decided_at=decided_at,
                    received_at=now,
                    source=source[-200:],
                    known=parcel is not None,
                )
            )
            if parcel is None:
                if decision.tracking not in unknown:
                    unknown.append(decision.tracking)
                continue
            previous = latest.get(decision.tracking)
            if previous is not None and previous > decided_at:
                superseded += 1
                continue
            latest[decision.tracking] = decided_at
            parcel.customs = decision.decision.value
            parcel.customs_reason = decision.reason
            applied += 1
        for tracking in latest:
            parcel = found[tracking]
            held = parcel.customs in (CustomsStatus.HELD, CustomsStatus.SEIZED)
            if held and parcel.state in (ParcelState.SORTED, ParcelState.EXCEPTION):
                to_hold.append((tracking, parcel.location))
            if parcel.customs == CustomsStatus.RELEASED and parcel.state == ParcelState.HELD:
                to_release.append(tracking)
        uow.hub.flush()
        uow.commit()
    return DecisionResult(
        source,
        len(decisions),
        applied,
        tuple(unknown),
        tuple(to_hold),
        tuple(to_release),
        superseded,
    )


def import_decisions(
    sessions: sessionmaker[Session] | Engine,
    path: str | Path,
    *,
    warehouse: str | None = None,
    clock: Clock = utc_now,
) -> DecisionResult:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise InvalidValue(
            msg("customs file"), str(path), msg("an existing file"), msg("no such file")
        ) from error
    except OSError as error:
        raise StorageError(f"cannot read '{path}': {error.strerror or error}") from error
    return import_decisions_bytes(
        sessions,
        data,
        source=str(path),
        json_format=path.suffix.lower() == ".json",
        warehouse=warehouse,
        clock=clock,
    )


def unknown_decisions(
    sessions: sessionmaker[Session] | Engine, *, warehouse: str | None = None
) -> list[dict[str, object]]:
    """Decisions received for parcels no pre-alert announced (they wait for review)."""
    with UnitOfWork(sessions, read_only=True) as uow:
        code = resolve_warehouse(uow.session, warehouse)
        rows = uow.session.scalars(
            select(HubCustomsDecisionRow)
            .where(HubCustomsDecisionRow.warehouse == code, HubCustomsDecisionRow.known.is_(False))
            .order_by(HubCustomsDecisionRow.id)
        )
        return [
            {
                "tracking": r.tracking,
                "decision": r.decision,
                "reason": r.reason,
                "decided_at": as_utc(r.decided_at),
                "received_at": as_utc(r.received_at),
                "source": r.source,
            }
            for r in rows
        ]


def pending_decisions(
    session: Session, warehouse: str, trackings: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """The latest decision received for each of ``trackings`` before it was pre-alerted (they
    are marked known now: the pre-alert import applies them to the new parcels)."""
    found: dict[str, tuple[datetime, int, str, str]] = {}
    for start in range(0, len(trackings), 500):
        batch = trackings[start : start + 500]
        for row in session.scalars(
            select(HubCustomsDecisionRow).where(
                HubCustomsDecisionRow.warehouse == warehouse,
                HubCustomsDecisionRow.known.is_(False),
                HubCustomsDecisionRow.tracking.in_(batch),
            )
        ):
            key = (as_utc(row.decided_at), row.id, row.decision, row.reason)
            if row.tracking not in found or key[:2] > found[row.tracking][:2]:
                found[row.tracking] = key
            row.known = True
    return {tracking: (value[2], value[3]) for tracking, value in found.items()}


__all__: Sequence[str] = (
    "DECISIONS",
    "DECLARATION_COLUMNS",
    "DecisionResult",
    "declaration",
    "import_decisions",
    "import_decisions_bytes",
    "rows_of",
    "unknown_decisions",
)
