"""``wms init``, ``wms demo`` and ``wms verify``: the station database itself."""

from __future__ import annotations

import argparse
import sys

from wms.cli.context import open_station
from wms.core.domain.errors import RuleViolation
from wms.core.persistence.migrate import current_revision, upgrade
from wms.core.services import demo


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = subparsers.add_parser(
        "init", help="create or upgrade the station database to the newest schema"
    )
    init.set_defaults(handler=run_init)

    demo_parser = subparsers.add_parser(
        "demo", help="build the demo site CMN1 (Casablanca) and open the station app"
    )
    demo_parser.add_argument(
        "--no-gui", action="store_true", help="only build the demo data, do not open the app"
    )
    demo_parser.set_defaults(handler=run_demo)

    verify = subparsers.add_parser(
        "verify",
        help="check that stock on hand equals the ledger sums (and rebuild it with --repair)",
    )
    verify.add_argument(
        "--repair", action="store_true", help="recompute stock on hand from the ledger"
    )
    verify.set_defaults(handler=run_verify)


def run_init(args: argparse.Namespace) -> int:
    station = open_station(args, create=True)
    before = current_revision(station.engine)
    upgrade(station.engine)
    after = current_revision(station.engine)
    where = station.engine.url.database or station.engine.url.render_as_string(hide_password=True)
    if before == after:
        print(f"database {where} is up to date (schema {after})")
    else:
        print(f"database {where} upgraded from {before or 'empty'} to schema {after}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    station = open_station(args, create=True)
    upgrade(station.engine)
    where = station.engine.url.database
    with station.unit_of_work() as uow:
        existing = [w.code for w in uow.warehouses.all()]
    if existing == [demo.WAREHOUSE.code]:
        print(f"demo site {demo.WAREHOUSE.code} is already built in {where}")
    elif existing:
        raise RuleViolation(
            f"database {where} already holds warehouse(s) {', '.join(existing)}: expected an "
            "empty database for the demo; use --db to choose another file"
        )
    else:
        demo.build_demo(
            station.sessions, progress=lambda step: print(f"  building {step}", file=sys.stderr)
        )
        print(f"demo site {demo.WAREHOUSE.code} ({demo.WAREHOUSE.name}) built in {where}")
        print("operators (badge / PIN / role):")
        for operator in demo.OPERATORS:
            print(f"  {operator.badge}  {operator.pin}  {operator.role.value:<10} {operator.name}")
    if args.no_gui:
        return 0
    from wms.cli.app import open_app

    return open_app(args, demo_printers=True)


def run_verify(args: argparse.Namespace) -> int:
    station = open_station(args)
    with station.unit_of_work() as uow:
        if args.repair:
            rows = uow.ledger.recompute_stock()
            uow.commit()
            print(f"stock on hand recomputed from {uow.ledger.count()} movements: {rows} rows")
            return 0
        projection = uow.ledger.stock_by_key()
        ledger = uow.ledger.ledger_sums()
        movements = uow.ledger.count()
    if projection == ledger:
        print(f"stock on hand agrees with the ledger ({movements} movements, {len(ledger)} rows)")
        return 0
    keys = sorted(set(projection) | set(ledger), key=str)
    for key in keys:
        if projection.get(key, 0) != ledger.get(key, 0):
            print(
                f"{key.location} {key.sku} lot {key.lot or '-'} unit {key.handling_unit or '-'} "
                f"{key.status.value}: stock says {projection.get(key, 0)}, "
                f"ledger says {ledger.get(key, 0)}"
            )
    print("stock on hand disagrees with the ledger; run 'wms verify --repair'", file=sys.stderr)
    return 1
