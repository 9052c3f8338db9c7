"""``wms central init|add-warehouse|add-station|publish``: set up the central database."""

from __future__ import annotations

import argparse
import os

from wms.cli.context import open_station
from wms.core.domain.errors import ConfigError
from wms.core.sync import central_migrate, citus, security
from wms.core.sync.master import publish

ADMIN_URL_ENV = "WMS_CENTRAL_ADMIN_URL"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    central = subparsers.add_parser(
        "central", help="create and administer the central PostgreSQL database"
    )
    commands = central.add_subparsers(dest="central_command", metavar="ACTION")

    def url_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--url",
            help=f"central database URL of an administrator role (default: ${ADMIN_URL_ENV}); "
            "libpq options such as ?sslmode=verify-full pass through",
        )

    init = commands.add_parser(
        "init", help="create the central database if needed and upgrade it to the newest schema"
    )
    url_option(init)
    init.add_argument(
        "--distributed",
        action="store_true",
        help="insist on a Citus coordinator (distributed by warehouse); without it Citus is "
        "detected and plain PostgreSQL is used as it is",
    )
    init.set_defaults(handler=run_init)

    warehouse = commands.add_parser(
        "add-warehouse",
        help="register a warehouse: ledger partition, feed, and a login role for its stations",
    )
    warehouse.add_argument("code", help="warehouse code, e.g. CMN1")
    warehouse.add_argument("--name", default="", help="warehouse name")
    url_option(warehouse)
    warehouse.set_defaults(handler=run_add_warehouse)

    station = commands.add_parser(
        "add-station", help="register a station with its own login role (pushes only its rows)"
    )
    station.add_argument("code", help="station id, e.g. CMN1-S01")
    station.add_argument("--warehouse", required=True, help="warehouse code")
    station.add_argument("--name", default="", help="station description")
    url_option(station)
    station.set_defaults(handler=run_add_station)

    node = commands.add_parser(
        "add-node",
        help="Citus: add a worker to the central database's cluster and move shards onto it "
        "(stations keep syncing meanwhile)",
    )
    node.add_argument("host", help="the new worker's host (as the coordinator reaches it)")
    node.add_argument("port", type=int, help="the new worker's port")
    node.add_argument(
        "--no-rebalance", action="store_true", help="only register the node; move no shards"
    )
    url_option(node)
    node.set_defaults(handler=run_add_node)

    rebalance = commands.add_parser(
        "rebalance",
        help="Citus: move shards so every worker holds as many (citus_rebalance_start, a "
        "background job; stations keep syncing meanwhile) and report its progress",
    )
    rebalance.add_argument(
        "--wait", action="store_true", help="follow the job until it ends, one line per change"
    )
    rebalance.add_argument(
        "--status", action="store_true", help="only report the newest rebalance job"
    )
    rebalance.add_argument(
        "--timeout",
        type=float,
        default=3600.0,
        help="with --wait: give up waiting after this many seconds (the job goes on); default 3600",
    )
    url_option(rebalance)
    rebalance.set_defaults(handler=run_rebalance)

    pub = commands.add_parser(
        "publish",
        help="publish this station database's master data (locations, products, operators, "
        "orders, sort plan) to central, where every station of the warehouse pulls it",
    )
    pub.add_argument("--warehouse", help="warehouse code (default: the station's)")
    url_option(pub)
    pub.set_defaults(handler=run_publish)

    central.set_defaults(handler=lambda args: _help(central))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def admin_url(args: argparse.Namespace) -> str:
    url = args.url or os.environ.get(ADMIN_URL_ENV, "")
    if not url:
        raise ConfigError(
            f"which central database? expected --url or ${ADMIN_URL_ENV}, found neither"
        )
    return url


def run_init(args: argparse.Namespace) -> int:
    url = admin_url(args)
    created = central_migrate.ensure_database(url, distributed=args.distributed)
    distributed = central_migrate.is_distributed(url)
    if args.distributed and not distributed:
        raise ConfigError(
            f"central database {central_migrate.redact(url)}: --distributed expects the citus "
            "extension in it, found plain PostgreSQL"
        )
    before = central_migrate.current_revision(url)
    central_migrate.upgrade(url)
    after = central_migrate.current_revision(url)
    group = security.install(url)
    where = central_migrate.redact(url)
    if created:
        print(f"central database created at {where}")
    if before == after:
        print(f"central database {where} is up to date (schema {after})")
    else:
        print(f"central database {where} upgraded from {before or 'empty'} to schema {after}")
    print(f"station privileges granted to role {group}")
    if distributed:
        nodes = central_migrate.cluster_workers(url)
        print(
            f"engine: Citus, distributed by warehouse over {len(nodes)} worker(s) "
            f"({', '.join(nodes)})"
        )
    else:
        print("engine: PostgreSQL (one server, not distributed)")
    return 0


def _print_credentials(what: str, creds: security.Credentials) -> None:
    print(f"{what} registered; login role {creds.role}")
    print(f"password (shown once, not stored anywhere readable): {creds.password}")
    print("station URL for wms.toml [central] url or $WMS_CENTRAL_URL:")
    print(f"  {creds.url}")


def run_add_warehouse(args: argparse.Namespace) -> int:
    creds = security.add_warehouse(admin_url(args), args.code, args.name)
    _print_credentials(f"warehouse {creds.warehouse}", creds)
    return 0


def run_add_station(args: argparse.Namespace) -> int:
    creds = security.add_station(admin_url(args), args.code, args.warehouse, args.name)
    _print_credentials(f"station {creds.station} of warehouse {creds.warehouse}", creds)
    return 0


def run_add_node(args: argparse.Namespace) -> int:
    url = admin_url(args)
    shards = citus.add_node(url, args.host, args.port, rebalance=not args.no_rebalance)
    where = central_migrate.redact(url)
    print(
        f"worker {args.host}:{args.port} added to the cluster of {where}; it holds {shards} shards"
    )
    return 0


def run_rebalance(args: argparse.Namespace) -> int:
    url = admin_url(args)
    where = central_migrate.redact(url)
    if args.status:
        job = citus.current_rebalance(url)
        print(job.line() if job else f"{where}: no rebalance job has run")
        return 0
    before = citus.shards_per_node(url)
    job = citus.start_rebalance(url)
    if job is None:
        print(f"{where}: shards are balanced, nothing to move ({_spread(before)})")
        return 0
    print(f"{where}: rebalance job {job.job_id} started ({_spread(before)})")
    if not args.wait:
        print(job.line())
        print("it runs in the background: wms central rebalance --status (or --wait) follows it")
        return 0
    done = citus.wait_rebalance(
        url, job.job_id, timeout=args.timeout, progress=lambda j: print(j.line(), flush=True)
    )
    print(f"rebalance job {done.job_id} finished: {_spread(citus.shards_per_node(url))}")
    return 0


def _spread(shards: dict[str, int]) -> str:
    return "shards per worker: " + ", ".join(f"{node} {n}" for node, n in shards.items())


def run_publish(args: argparse.Namespace) -> int:
    station = open_station(args)
    warehouse = args.warehouse or station.warehouse
    changed = publish(admin_url(args), station.sessions, warehouse)
    if not changed:
        print(f"master data of {warehouse}: central is up to date")
        return 0
    summary = ", ".join(f"{count} {entity}" for entity, count in changed.items())
    print(f"master data of {warehouse} published: {summary}")
    return 0
