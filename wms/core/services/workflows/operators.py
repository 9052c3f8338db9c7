"""Operator authentication at a station: badge + PIN, failed-attempt lockout, login audit.

Every attempt, logout, lockout and idle timeout is a row of ``login_events`` and a line on the
``wms.operators`` logger. A wrong PIN bumps ``operators.failed_attempts``; reaching the limit
locks the badge (``locked_until``) and resets the counter. An unknown badge still costs one PIN
hash, so timing does not tell which badges exist.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from wms.core.domain.errors import AuthenticationFailed, PermissionDenied
from wms.core.domain.model import Operator, Role
from wms.core.domain.pins import hash_pin, verify_pin
from wms.core.domain.text import msg
from wms.core.persistence.unit_of_work import UnitOfWork
from wms.core.persistence.workflow_tables import LoginEventRow
from wms.core.services.workflows.settings import WorkflowSettings

log = logging.getLogger("wms.operators")

_DUMMY_HASH = hash_pin("0000", salt=b"wms-no-such-badge")


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every time in the WMS is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def record_event(
    uow: UnitOfWork,
    *,
    warehouse: str,
    station: str,
    badge: str,
    event: str,
    at: datetime,
    detail: str = "",
) -> None:
    uow.operators.record_event(
        warehouse=warehouse, station=station, badge=badge, event=event, at=at, detail=detail
    )
    level = logging.WARNING if event == "locked" else logging.INFO
    log.log(level, "station %s badge %s: %s %s", station, badge, event, detail)


def authenticate(
    sessions: sessionmaker[Session],
    *,
    badge: str,
    pin: str,
    warehouse: str,
    station: str,
    now: datetime,
    settings: WorkflowSettings,
) -> Operator:
    """The operator of ``badge`` if ``pin`` is right; otherwise AuthenticationFailed, with the
    attempt recorded (and committed) either way."""
    badge = badge.strip()
    with UnitOfWork(sessions) as uow:
        row = uow.operators.row(badge)

        def refuse(event: str, message: str, detail: str = "") -> AuthenticationFailed:
            record_event(
                uow,
                warehouse=warehouse,
                station=station,
                badge=badge,
                event=event,
                at=now,
                detail=detail,
            )
            uow.commit()
            return AuthenticationFailed(message)

        if row is None or not row.active:
            verify_pin(pin, _DUMMY_HASH)
            raise refuse(
                "refused",
                msg(
                    "badge '{badge}' is not an active operator of this site: ask a supervisor",
                    badge=badge,
                ),
                "unknown or inactive badge",
            )
        locked_until = aware(row.locked_until)
        if locked_until is not None and locked_until > now:
            raise refuse(
                "refused",
                msg(
                    "badge {badge} is locked until {locked_until:%H:%M:%S} "
                    "UTC after {max_failed_pins} wrong PINs: "
                    "wait or ask a supervisor",
                    badge=badge,
                    locked_until=locked_until,
                    max_failed_pins=settings.max_failed_pins,
                ),
                "badge locked",
            )
        if not verify_pin(pin, row.pin_hash):
            row.failed_attempts = (row.failed_attempts or 0) + 1
            if row.failed_attempts >= settings.max_failed_pins:
                row.failed_attempts = 0
                row.locked_until = now + settings.lockout
                minutes = int(settings.lockout.total_seconds() // 60)
                raise refuse(
                    "locked",
                    msg(
                        "wrong PIN for badge {badge}: {max_failed_pins} "
                        "wrong PINs, badge locked for {minutes} minutes",
                        badge=badge,
                        max_failed_pins=settings.max_failed_pins,
                        minutes=minutes,
                    ),
                    f"locked until {row.locked_until.isoformat()}",
                )
            left = settings.max_failed_pins - row.failed_attempts
            raise refuse(
                "failed",
                msg(
                    "wrong PIN for badge {badge}: {left} attempt{value} "
                    "left before the badge is locked",
                    badge=badge,
                    left=left,
                    value="s" if left != 1 else "",
                ),
                f"attempt {row.failed_attempts}",
            )
        row.failed_attempts = 0
        row.locked_until = None
        record_event(uow, warehouse=warehouse, station=station, badge=badge, event="login", at=now)
        uow.commit()
        return Operator(row.badge, row.name, Role(row.role), row.active)


def authenticate_supervisor(
    sessions: sessionmaker[Session],
    *,
    badge: str,
    pin: str,
    warehouse: str,
    station: str,
    now: datetime,
    settings: WorkflowSettings | None = None,
) -> Operator:
    """As :func:`authenticate`, and the operator must be allowed to approve adjustments."""
    operator = authenticate(
        sessions,
        badge=badge,
        pin=pin,
        warehouse=warehouse,
        station=station,
        now=now,
        settings=settings or WorkflowSettings(),
    )
    require_supervisor(operator)
    return operator


def require_supervisor(operator: Operator) -> None:
    if not operator.role.may_approve_adjustments():
        raise PermissionDenied(
            msg(
                "badge {badge} ({operator}) is an {role}: "
                "expected a supervisor or admin to approve "
                "or make adjustments",
                badge=operator.badge,
                operator=operator.name,
                role=operator.role.value,
            )
        )


def log_event(
    sessions: sessionmaker[Session],
    *,
    warehouse: str,
    station: str,
    badge: str,
    event: str,
    at: datetime,
    detail: str = "",
) -> None:
    with UnitOfWork(sessions) as uow:
        record_event(
            uow,
            warehouse=warehouse,
            station=station,
            badge=badge,
            event=event,
            at=at,
            detail=detail,
        )
        uow.commit()


def login_events(sessions: sessionmaker[Session], badge: str | None = None) -> list[LoginEventRow]:
    with UnitOfWork(sessions, read_only=True) as uow:
        return uow.operators.login_events(badge)
