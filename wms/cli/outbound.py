"""``wms orders``, ``wms waves``, ``wms parcels``, ``wms shipments``: the outbound flow.

* ``wms orders [--status S] [--format F]`` lists orders with ordered / held / picked units;
  ``wms orders lines NUMBER`` shows each line's allocations; ``wms orders allocate NUMBER...``
  and ``wms orders deallocate NUMBER`` reserve or free stock outside a wave.
* ``wms waves release [--orders N...] [--carrier C] [--country X] [--mode single|batch|zone]``
  allocates and releases a wave and prints its pick lists with the walking distance in order-line
  order and sequenced; ``wms waves`` lists waves, ``wms waves show ID`` the picks in order.
* ``wms parcels [--order N] [--state S]`` lists packed parcels.
* ``wms shipments create --carrier C [--trailer T | --flight F]``, ``load ID SSCC...``,
  ``close ID``, ``manifest ID [--format csv|json|table]``, and ``wms shipments`` to list them.

Actions are recorded for ``--operator`` (default ``$WMS_OPERATOR`` or ``cli``) at this station.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

from wms.cli.context import open_station
from wms.cli.output import add_format_option, emit
from wms.core.persistence.outbound_tables import ShipmentRow
from wms.core.services.ledger import Actor
from wms.core.services.outbound import allocation, manifests, queries, shipping, waves
from wms.core.services.outbound.common import ORDER_STATUSES

ORDER_COLUMNS = (
    "number",
    "status",
    "customer",
    "ship_to_name",
    "country",
    "postcode",
    "carrier",
    "service",
    "lines",
    "ordered",
    "held",
    "picked",
    "value",
    "currency",
)
LINE_COLUMNS = (
    "order",
    "line",
    "sku",
    "ordered",
    "location",
    "lot",
    "handling_unit",
    "allocated",
    "picked",
    "state",
    "strategy",
    "wave",
)
PICK_LIST_COLUMNS = (
    "pick_list",
    "zone",
    "orders",
    "stops",
    "units",
    "unsequenced_m",
    "sequenced_m",
    "first_location",
)
WAVE_COLUMNS = (
    "id",
    "mode",
    "status",
    "criteria",
    "orders",
    "lines",
    "units",
    "distance_unsequenced_m",
    "distance_sequenced_m",
    "created_at",
)
TASK_COLUMNS = (
    "pick_list",
    "sequence",
    "location",
    "sku",
    "lot",
    "quantity",
    "picked",
    "order",
    "state",
    "tote",
)
SHIPMENT_COLUMNS = (
    "id",
    "carrier",
    "trailer",
    "flight",
    "location",
    "status",
    "parcels",
    "created_at",
    "closed_at",
)


def _operator_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--operator",
        default=os.environ.get("WMS_OPERATOR", "cli"),
        help="who is recorded as doing it (default $WMS_OPERATOR or 'cli')",
    )


def _date_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--date",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day expiry and shelf life are judged on (default today)",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    orders = subparsers.add_parser("orders", help="outbound orders: list, lines, allocate")
    orders.add_argument("--status", choices=ORDER_STATUSES)
    add_format_option(orders)
    orders.set_defaults(handler=run_orders)
    actions = orders.add_subparsers(dest="action", metavar="ACTION")
    lines = actions.add_parser("lines", help="an order's lines and their allocations")
    lines.add_argument("number")
    add_format_option(lines)
    lines.set_defaults(handler=run_order_lines)
    allocate = actions.add_parser("allocate", help="reserve stock for orders (FEFO/FIFO)")
    allocate.add_argument("numbers", nargs="+", metavar="NUMBER")
    _operator_option(allocate)
    _date_option(allocate)
    allocate.set_defaults(handler=run_allocate)
    deallocate = actions.add_parser("deallocate", help="free an order's reservations")
    deallocate.add_argument("number")
    _operator_option(deallocate)
    deallocate.set_defaults(handler=run_deallocate)

    wave = subparsers.add_parser("waves", help="waves and pick lists")
    add_format_option(wave)
    wave.set_defaults(handler=run_waves)
    wave_actions = wave.add_subparsers(dest="action", metavar="ACTION")
    release = wave_actions.add_parser("release", help="allocate orders and release a wave")
    release.add_argument("--orders", nargs="+", metavar="NUMBER")
    release.add_argument("--carrier")
    release.add_argument("--country", help="ship-to country (ISO code, e.g. FR)")
    release.add_argument("--mode", choices=waves.MODES, default="single")
    release.add_argument("--batch-size", type=int, default=waves.DEFAULT_BATCH_SIZE)
    _operator_option(release)
    _date_option(release)
    add_format_option(release)
    release.set_defaults(handler=run_release)
    show = wave_actions.add_parser("show", help="a wave's picks in walking order")
    show.add_argument("wave")
    add_format_option(show)
    show.set_defaults(handler=run_wave_show)

    parcels = subparsers.add_parser("parcels", help="packed parcels")
    parcels.add_argument("--order")
    parcels.add_argument("--state", choices=("packed", "sorted", "loaded", "shipped"))
    add_format_option(parcels)
    parcels.set_defaults(handler=run_parcels)

    shipments = subparsers.add_parser("shipments", help="shipments: create, load, close, manifest")
    shipments.add_argument("--status", choices=("open", "closed"))
    add_format_option(shipments)
    shipments.set_defaults(handler=run_shipments)
    ship_actions = shipments.add_subparsers(dest="action", metavar="ACTION")
    create = ship_actions.add_parser("create", help="open a shipment for a carrier")
    create.add_argument("--carrier", required=True)
    create.add_argument("--trailer", default="")
    create.add_argument("--flight", default="")
    create.add_argument("--location", help="shipping location (default: the first one)")
    _operator_option(create)
    create.set_defaults(handler=run_shipment_create)
    load = ship_actions.add_parser("load", help="load parcels or bags by SSCC")
    load.add_argument("shipment")
    load.add_argument("ssccs", nargs="+", metavar="SSCC")
    _operator_option(load)
    load.set_defaults(handler=run_shipment_load)
    close = ship_actions.add_parser("close", help="dispatch: ship movements remove the stock")
    close.add_argument("shipment")
    _operator_option(close)
    close.set_defaults(handler=run_shipment_close)
    manifest = ship_actions.add_parser("manifest", help="one row per parcel of a shipment")
    manifest.add_argument("shipment")
    add_format_option(manifest)
    manifest.set_defaults(handler=run_manifest)


def _today(args: argparse.Namespace) -> date:
    return args.date or date.today()


# --- orders -------------------------------------------------------------------------------------


def run_orders(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = station.warehouse
    with station.unit_of_work() as uow:
        orders = uow.orders.of_warehouse(warehouse, args.status)
        numbers = [o.number for o in orders]
        line_totals = queries.line_totals(uow, numbers)
        held = queries.held_totals(uow, warehouse, numbers, allocation.HOLDING_STATES)
        rows = []
        for order in orders:
            totals = line_totals.get(order.number)
            holding = held.get(order.number)
            rows.append(
                {
                    "number": order.number,
                    "status": order.status,
                    "customer": order.customer,
                    "ship_to_name": order.ship_to_name,
                    "country": order.ship_to_country,
                    "postcode": order.ship_to_postcode,
                    "carrier": order.carrier,
                    "service": order.service,
                    "lines": totals.lines if totals else 0,
                    "ordered": int(totals.units or 0) if totals else 0,
                    "held": int(holding.held or 0) if holding else 0,
                    "picked": int(holding.picked or 0) if holding else 0,
                    "value": totals.value if totals else 0,
                    "currency": totals.currency if totals else "",
                }
            )
    emit(rows, ORDER_COLUMNS, args.format)
    return 0


def run_order_lines(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = station.warehouse
    with station.unit_of_work() as uow:
        from wms.core.services.outbound.common import order_lines, require_order

        order = require_order(uow, warehouse, args.number)
        rows = []
        allocations = allocation.allocations_of(uow, warehouse, order.number)
        for line in order_lines(uow, order.number):
            mine = [a for a in allocations if a.line == line.line]
            base = {"order": order.number, "line": line.line, "sku": line.sku,
                    "ordered": line.quantity}  # fmt: skip
            if not mine:
                rows.append({**base, "state": "unallocated"})
            for a in mine:
                rows.append(
                    {
                        **base,
                        "location": a.location,
                        "lot": a.lot,
                        "handling_unit": a.handling_unit,
                        "allocated": a.quantity,
                        "picked": a.picked,
                        "state": a.state,
                        "strategy": a.strategy,
                        "wave": a.wave,
                    }
                )
    emit(rows, LINE_COLUMNS, args.format)
    return 0


def run_allocate(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = station.warehouse
    actor = Actor(warehouse, station.station, args.operator)
    cache = allocation.AllocationCache()
    with station.unit_of_work() as uow:
        results = [
            allocation.allocate_order(uow, actor, number, today=_today(args), cache=cache)
            for number in args.numbers
        ]
        uow.commit()
    short = 0
    for result in results:
        held = sum(line.held for line in result.lines)
        ordered = sum(line.ordered for line in result.lines)
        detail = f": {result.shortages()}" if not result.complete else ""
        print(f"{result.order} {result.status} ({held} of {ordered} units held){detail}")
        short += not result.complete
    return 1 if short else 0


def run_deallocate(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = station.warehouse
    with station.unit_of_work() as uow:
        actor = Actor(warehouse, station.station, args.operator)
        freed = allocation.deallocate_order(uow, actor, args.number)
        uow.commit()
    print(f"{args.number}: {freed} units freed, order is open")
    return 0


# --- waves --------------------------------------------------------------------------------------


def run_release(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = station.warehouse
    with station.unit_of_work() as uow:
        result = waves.release_wave(
            uow,
            Actor(warehouse, station.station, args.operator),
            today=_today(args),
            orders=args.orders,
            carrier=args.carrier,
            country=args.country,
            mode=args.mode,
            batch_size=args.batch_size,
        )
        uow.commit()
    rows = [
        {
            "pick_list": p.id,
            "zone": p.zone,
            "orders": " ".join(p.orders),
            "stops": p.tasks,
            "units": p.units,
            "unsequenced_m": p.unsequenced_m,
            "sequenced_m": p.sequenced_m,
            "first_location": p.first_location,
        }
        for p in result.pick_lists
    ]
    out = sys.stderr if args.format != "table" else sys.stdout
    if result.wave:
        print(
            f"wave {result.wave} ({result.mode}) released: {len(result.released)} orders "
            f"({' '.join(result.released)}), {len(result.pick_lists)} pick lists",
            file=out,
        )
        print(
            f"walking distance: {result.unsequenced_m:g} m in order-line order, "
            f"{result.sequenced_m:g} m sequenced along the path "
            f"(saves {result.saved_m:g} m)",
            file=out,
        )
    else:
        print("no order could be released (nothing fully allocated)", file=out)
    for back in result.backordered:
        print(f"{back.order} back-ordered: {back.shortages()}", file=out)
    if rows or args.format != "table":
        emit(rows, PICK_LIST_COLUMNS, args.format)
    return 0 if result.wave else 1


def run_waves(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = station.warehouse
    with station.unit_of_work() as uow:
        rows = [{c: getattr(w, c) for c in WAVE_COLUMNS} for w in uow.picking.waves(warehouse)]
    emit(rows, WAVE_COLUMNS, args.format)
    return 0


def run_wave_show(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = station.warehouse
    with station.unit_of_work() as uow:
        lists = uow.picking.lists_of_wave(warehouse, args.wave)
        if not lists:
            from wms.core.domain.errors import NotFound

            raise NotFound("wave", args.wave, "see 'wms waves'")
        rows = [
            {c: getattr(task, c) for c in TASK_COLUMNS}
            for pick_list in lists
            for task in uow.picking.tasks(pick_list.id)
        ]
    emit(rows, TASK_COLUMNS, args.format)
    return 0


# --- parcels and shipments ----------------------------------------------------------------------


def run_parcels(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = station.warehouse
    with station.unit_of_work() as uow:
        rows = manifests.parcels(uow, warehouse, order=args.order, state=args.state)
    emit(rows, manifests.MANIFEST_COLUMNS, args.format)
    return 0


def run_shipments(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = station.warehouse
    with station.unit_of_work() as uow:
        rows = []
        for row in shipping.shipments(uow, warehouse, args.status):
            data = {c: getattr(row, c, None) for c in SHIPMENT_COLUMNS}
            data["parcels"] = len(shipping.loaded_parcels(uow, row.id))
            rows.append(data)
    emit(rows, SHIPMENT_COLUMNS, args.format)
    return 0


def run_shipment_create(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = station.warehouse
    with station.unit_of_work() as uow:
        row = shipping.create_shipment(
            uow,
            Actor(warehouse, station.station, args.operator),
            args.carrier,
            trailer=args.trailer,
            flight=args.flight,
            location=args.location,
        )
        shipment_id, where = row.id, row.location
        uow.commit()
    print(shipment_id)
    print(f"shipment {shipment_id} open for {args.carrier.upper()} at {where}", file=sys.stderr)
    return 0


def run_shipment_load(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = station.warehouse
    actor = Actor(warehouse, station.station, args.operator)
    with station.unit_of_work() as uow:
        loaded = []
        for sscc in args.ssccs:
            result = shipping.load(uow, actor, args.shipment, sscc, sscc)
            loaded.extend(result.parcels)
        uow.commit()
    print(f"{len(loaded)} parcels loaded on {args.shipment.upper()}")
    return 0


def run_shipment_close(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = station.warehouse
    with station.unit_of_work() as uow:
        actor = Actor(warehouse, station.station, args.operator)
        result = shipping.close_shipment(uow, actor, args.shipment)
        uow.commit()
    shipped = ""
    if result.orders_shipped:
        shipped = f"; orders shipped: {' '.join(result.orders_shipped)}"
    print(
        f"shipment {result.shipment} dispatched: {result.parcels} parcels, {result.units} units, "
        f"{len(result.movements)} ship movements{shipped}"
    )
    return 0


def run_manifest(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = station.warehouse
    with station.unit_of_work() as uow:
        shipment, rows = manifests.shipment_manifest(uow, warehouse, args.shipment)
        header = asdict_shipment(shipment)
    if args.format == "table":
        print(
            f"shipment {header['id']} {header['carrier']} {header['trailer'] or header['flight']}"
            f" ({header['status']}), {len(rows)} parcels"
        )
    emit(rows, manifests.MANIFEST_COLUMNS, args.format)
    return 0


def asdict_shipment(row: ShipmentRow) -> dict[str, object]:
    return {c: getattr(row, c, None) for c in ("id", "carrier", "trailer", "flight", "status")}
