"""``wms devices ...``: the installer's tools for scanners, printers and scales.

* ``list`` - serial ports present and the configured devices with their health;
* ``listen URL`` - print each scan a scanner sends, framed and interpreted;
* ``print URL FILE`` - send a file to a printer (``--queue``: through the durable queue);
* ``status URL`` - ask a ZPL printer for its status (``~HS``);
* ``weigh URL`` - read a stable weight from a scale;
* ``queue list|retry|cancel|reprint|reroute`` - the station's print queue;
* ``simulate printer|scale|scanner`` - stand-ins for the demo and for testing without hardware.

``URL`` may also be the name of a device configured in ``wms.toml``.

Over 500 lines on purpose: one command group whose actions share their option parsers and
their way of printing device state; each action is short.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import queue
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wms.cli.interrupts import stop_on_signals
from wms.config import load_config
from wms.core.domain.errors import ConfigError, StorageError, WmsError
from wms.devices.config import DeviceConfig, DeviceSettings
from wms.devices.framing import BadFrame, FramedScan, IncompleteScan, Terminator, visible
from wms.devices.transports import SerialSettings

if TYPE_CHECKING:
    from wms.devices.print_queue import PrintQueue


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    devices = subparsers.add_parser(
        "devices", help="scanners, label printers and scales: list, listen, print, weigh"
    )
    commands = devices.add_subparsers(dest="devices_command", metavar="ACTION")
    devices.set_defaults(handler=lambda args: _help(devices))

    listing = commands.add_parser("list", help="serial ports and configured devices with health")
    listing.add_argument("--json", action="store_true", help="one JSON document")
    listing.add_argument("--no-probe", action="store_true", help="do not contact the devices")
    listing.set_defaults(handler=run_list)

    listen = commands.add_parser("listen", help="print each scan a serial scanner sends")
    listen.add_argument("url", help="port (/dev/..., serial://, socket://) or device name")
    _serial_options(listen)
    listen.add_argument(
        "--terminator", choices=[t.value for t in Terminator], help="what ends a scan (cr)"
    )
    listen.add_argument(
        "--inter-byte-timeout",
        type=float,
        metavar="S",
        help="report a scan without terminator after S seconds of silence (0.2)",
    )
    listen.add_argument("--json", action="store_true", help="one JSON object per line")
    listen.add_argument("--count", type=int, metavar="N", help="stop after N scans")
    listen.add_argument("--timeout", type=float, metavar="S", help="stop after S seconds")
    listen.set_defaults(handler=run_listen)

    printing = commands.add_parser("print", help="send a file (ZPL, PDF...) to a printer")
    printing.add_argument(
        "url", help="tcp://host:9100, serial://..., file://..., cups://... or name"
    )
    printing.add_argument("file", help="file to send, or - for standard input")
    printing.add_argument("--content-type", choices=("zpl", "pdf", "raw"), help="(from suffix)")
    printing.add_argument(
        "--queue", action="store_true", help="go through the durable print queue (--db)"
    )
    printing.add_argument("--check-status", action="store_true", help="ask ~HS before sending")
    _serial_options(printing)
    printing.set_defaults(handler=run_print)

    status = commands.add_parser("status", help="ask a ZPL printer for its status (~HS)")
    status.add_argument("url", help="tcp://host:9100, serial://... or a configured name")
    status.add_argument("--timeout", type=float, default=2.0, metavar="S")
    status.add_argument("--json", action="store_true")
    _serial_options(status)
    status.set_defaults(handler=run_status)

    weigh = commands.add_parser("weigh", help="read a stable weight from a scale")
    weigh.add_argument("url", help="port (/dev/..., serial://, socket://) or device name")
    weigh.add_argument("--protocol", choices=("mt-sics", "toledo"), help="(mt-sics)")
    weigh.add_argument("--timeout", type=float, metavar="S", help="seconds to wait (1.0)")
    weigh.add_argument("--json", action="store_true")
    _serial_options(weigh)
    weigh.set_defaults(handler=run_weigh)

    jobs = commands.add_parser("queue", help="the station's print queue")
    jobs_commands = jobs.add_subparsers(dest="queue_command", metavar="ACTION")
    jobs.set_defaults(handler=lambda args: _help(jobs))
    jobs_list = jobs_commands.add_parser("list", help="recent print jobs")
    jobs_list.add_argument("--state", action="append", help="only jobs in this state")
    jobs_list.add_argument("--json", action="store_true")
    jobs_list.set_defaults(handler=run_queue_list)
    for name, text in (
        ("retry", "try pending and failed jobs now (optionally for one printer)"),
        ("cancel", "cancel a pending or failed job"),
        ("reprint", "print a job again (same payload, same SSCC)"),
        ("reroute", "send a pending or failed job to another printer"),
    ):
        sub = jobs_commands.add_parser(name, help=text)
        if name == "retry":
            sub.add_argument("printer", nargs="?", help="printer URL or name")
        else:
            sub.add_argument("job_id")
        if name in ("reprint", "reroute"):
            sub.add_argument("printer", nargs="?" if name == "reprint" else None)
        sub.set_defaults(handler=run_queue_action, queue_action=name)

    simulate = commands.add_parser("simulate", help="run a device simulator until Ctrl+C")
    sims = simulate.add_subparsers(dest="simulate_command", metavar="DEVICE")
    simulate.set_defaults(handler=lambda args: _help(simulate))
    sim_printer = sims.add_parser("printer", help="a ZPL printer on a TCP port")
    sim_printer.add_argument("--host", default="127.0.0.1")
    sim_printer.add_argument("--port", type=int, default=9100)
    sim_printer.add_argument("--spool", metavar="DIR", help="also write each job to DIR")
    sim_printer.add_argument(
        "--fault", choices=("paper_out", "head_open", "ribbon_out", "paused", "silent")
    )
    sim_printer.set_defaults(handler=run_simulate_printer)
    sim_scale = sims.add_parser("scale", help="a scale on a new pty linked at PTY_PATH")
    sim_scale.add_argument("pty_path", help="where to link the pty (point the scale URL here)")
    sim_scale.add_argument("--protocol", choices=("mt-sics", "toledo"), default="mt-sics")
    sim_scale.add_argument("--weight", default="1.234", help="weight shown, in kg")
    sim_scale.add_argument(
        "--mode",
        default="stable",
        choices=("stable", "dynamic", "overload", "underload", "busy", "half", "silent"),
    )
    sim_scale.set_defaults(handler=run_simulate_scale)
    sim_scanner = sims.add_parser(
        "scanner", help="send each line of FILE (or stdin) as a scan into a port"
    )
    sim_scanner.add_argument("url", help="the scanner end of a pty pair (socat) or any port")
    sim_scanner.add_argument("file", nargs="?", default="-")
    sim_scanner.add_argument("--terminator", choices=[t.value for t in Terminator], default="cr")
    sim_scanner.set_defaults(handler=run_simulate_scanner)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _serial_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--baud", type=int, metavar="N", help="serial speed (9600)")
    parser.add_argument("--parity", choices=("N", "E", "O", "M", "S"), help="serial parity (N)")


# -- helpers ------------------------------------------------------------------------------


def _settings(args: argparse.Namespace) -> DeviceSettings:
    return load_config(getattr(args, "config", None)).require_devices()


def _device(args: argparse.Namespace, role: str) -> tuple[str, DeviceConfig | None]:
    """The URL to use: ``args.url`` itself, or the URL of the device configured by that name."""
    target = args.url
    if "://" in target or target.startswith("/") or target.startswith("COM"):
        return target, None
    settings = _settings(args)
    if target in settings.devices:
        device = settings.devices[target]
        if device.role != role:
            raise ConfigError(f"device '{target}' is a {device.role}, not a {role}")
        return device.url, device
    return target, None


def _serial_settings(args: argparse.Namespace, device: DeviceConfig | None) -> SerialSettings:
    base = device.serial_settings() if device is not None else SerialSettings()
    return SerialSettings(
        baudrate=args.baud or base.baudrate,
        parity=args.parity or base.parity,
        bytesize=base.bytesize,
        stopbits=base.stopbits,
        rtscts=base.rtscts,
        xonxoff=base.xonxoff,
    )


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, default=str), flush=True)


# -- list ---------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    from wms.devices.health import DeviceHealth, probe, serial_ports

    ports = serial_ports()
    settings = _settings(args)
    health = [
        DeviceHealth(device.name, device.role, device.url, None, "not probed")
        if args.no_probe
        else probe(device)
        for device in settings.devices.values()
    ]
    if args.json:
        _print_json(
            {
                "ports": [p.as_dict() for p in ports],
                "devices": [item.as_dict() for item in health],
                "config": settings.source or None,
            }
        )
        return 0
    print("Serial ports:")
    if not ports:
        print("  (none found)")
    for port in ports:
        stable = f"  stable name: {port.by_id}" if port.by_id else ""
        print(f"  {port.device:<16} {port.description}{stable}")
    where = settings.source or "no wms.toml found"
    print(f"Configured devices ({where}):")
    if not health:
        print("  (none)")
    for item in health:
        mark = {True: "ok ", False: "ERR", None: "-  "}[item.ok]
        print(f"  {mark} {item.name:<16} {item.role:<8} {item.url}  {item.message}")
    return 0


# -- listen -------------------------------------------------------------------------------


def _scan_record(event: FramedScan) -> dict[str, Any]:
    from wms.core.barcodes import interpret

    record: dict[str, Any] = {
        "event": "scan",
        "raw": event.text,
        "shown": visible(event.text),
        "aim": event.symbology,
    }
    try:
        scan = interpret(event.text)
    except WmsError as error:
        record.update(ok=False, error=str(error), code=error.code)
        return record
    record.update(
        ok=True,
        kind=str(scan.kind),
        value=scan.value,
        symbology=scan.symbology,
        symbology_name=scan.symbology_name,
        is_gs1=scan.is_gs1,
        gtin=scan.gtin,
        sscc=scan.sscc,
        lot=scan.lot,
        expiry=scan.expiry.isoformat() if scan.expiry else None,
        count=scan.count,
        elements=[list(element) for element in scan.elements],
    )
    return record


def _print_scan(number: int, record: dict[str, Any]) -> None:
    symbology = record.get("symbology_name") or record.get("aim") or "no AIM identifier"
    print(f"scan {number}: {symbology}  raw '{record['shown']}'", flush=False)
    if not record["ok"]:
        print(f"  refused: {record['error']}", flush=True)
        return
    facts = [f"{record['kind']} {record['value']}"]
    for key in ("gtin", "sscc", "lot", "expiry", "count"):
        if record.get(key) not in (None, "") and record.get(key) != record["value"]:
            facts.append(f"{key} {record[key]}")
    print("  " + ", ".join(facts))
    for ai, value in record.get("elements", []):
        print(f"  ({ai}) {visible(value)}")
    sys.stdout.flush()


def run_listen(args: argparse.Namespace) -> int:
    from wms.devices.scanner import (
        ScannerConnected,
        ScannerDisconnected,
        ScannerEvent,
        SerialScanner,
    )

    url, device = _device(args, "scanner")
    options = device.options if device is not None else {}
    terminator = args.terminator or options.get("terminator", "cr")
    inter_byte = args.inter_byte_timeout or float(options.get("inter_byte_timeout", 0.2))
    events: queue.Queue[ScannerEvent] = queue.Queue()
    scanner = SerialScanner(
        url,
        settings=_serial_settings(args, device),
        terminator=terminator,
        inter_byte_timeout=inter_byte,
        events=events,
    )
    deadline = time.monotonic() + args.timeout if args.timeout else None
    received = 0
    if not args.json:
        print(f"listening to {url} (terminator {Terminator.parse(terminator).name}); Ctrl+C stops")
        sys.stdout.flush()
    scanner.start()
    try:
        while args.count is None or received < args.count:
            wait = 0.2 if deadline is None else min(0.2, deadline - time.monotonic())
            if wait <= 0:
                break
            try:
                event = events.get(timeout=wait)
            except queue.Empty:
                continue
            if isinstance(event, FramedScan):
                received += 1
                record = _scan_record(event)
                if args.json:
                    _print_json(record)
                else:
                    _print_scan(received, record)
            elif isinstance(event, IncompleteScan | BadFrame):
                received += 1
                kind = "incomplete" if isinstance(event, IncompleteScan) else "unreadable"
                if args.json:
                    _print_json(
                        {
                            "event": kind,
                            "ok": False,
                            "shown": visible(event.data.decode("latin-1")),
                            "error": event.message,
                        }
                    )
                else:
                    print(f"scan {received}: {event.message}", flush=True)
            elif isinstance(event, ScannerConnected | ScannerDisconnected):
                if args.json:
                    name = "connected" if isinstance(event, ScannerConnected) else "disconnected"
                    _print_json({"event": name, "message": event.message})
                else:
                    print(f"# {event.message}", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        scanner.stop()
    if args.count is not None and received < args.count:
        print(
            f"wms devices listen: stopped after {args.timeout:g} s with {received} of "
            f"{args.count} scans",
            file=sys.stderr,
        )
        return 1
    return 0


# -- print / status -----------------------------------------------------------------------


def run_print(args: argparse.Namespace) -> int:
    from wms.devices.print_queue import print_now

    if args.file == "-":
        payload = sys.stdin.buffer.read()
        suffix = ""
    else:
        path = Path(args.file)
        try:
            payload = path.read_bytes()
        except OSError as error:
            raise ConfigError(f"cannot read '{path}': {error.strerror}") from None
        suffix = path.suffix.lower().lstrip(".")
    content_type = args.content_type or (suffix if suffix in ("zpl", "pdf") else "raw")
    if not payload:
        raise ConfigError(f"'{args.file}' is empty: nothing to print")
    if args.queue:
        return _print_through_queue(args, payload, content_type)
    url, device = _device(args, "printer")
    print_now(
        url,
        payload,
        content_type=content_type,
        check_status=args.check_status,
        settings=_serial_settings(args, device),
    )
    print(f"sent {len(payload)} bytes to {url}")
    return 0


def _open_queue(args: argparse.Namespace) -> PrintQueue:
    from wms.cli.context import database_url
    from wms.core.persistence.engine import create_station_engine, session_factory
    from wms.station import print_queue_for

    config = load_config(getattr(args, "config", None))
    engine = create_station_engine(database_url(args) or config.database or None, must_exist=True)
    queue = print_queue_for(engine, session_factory(engine), config.require_devices())
    if queue is None:
        raise StorageError(
            f"database {engine.url.database} has no print queue table: run 'wms init' first"
        )
    return queue


def _print_through_queue(args: argparse.Namespace, payload: bytes, content_type: str) -> int:
    print_queue = _open_queue(args)
    job = print_queue.enqueue(
        args.url, payload, content_type=content_type, description=Path(args.file).name
    )
    print_queue.run_due_jobs()
    job = print_queue.get(job.id)
    if job.state == "done":
        print(f"job {job.id} printed on {job.printer}")
    else:
        print(
            f"job {job.id} is {job.state} (attempt {job.attempts}): {job.last_error}; the "
            "station app prints it when the printer is back"
        )
    return 0


def run_status(args: argparse.Namespace) -> int:
    from wms.devices.printers import open_printer

    url, device = _device(args, "printer")
    printer = open_printer(
        url, settings=_serial_settings(args, device), status_timeout=args.timeout
    )
    status = printer.status()
    if status is None:
        message, ready, flags = f"Printer {url} is ready", True, {}
    else:
        message, ready = status.message(url), status.ready
        flags = {
            key: getattr(status, key)
            for key in (
                "paper_out",
                "paused",
                "head_open",
                "ribbon_out",
                "buffer_full",
                "over_temperature",
                "under_temperature",
                "corrupt_ram",
                "formats_in_buffer",
                "labels_remaining",
            )
        }
    if args.json:
        _print_json({"url": url, "ready": ready, "message": message, **flags})
    else:
        print(message)
    return 0 if ready else 1


# -- weigh --------------------------------------------------------------------------------


def run_weigh(args: argparse.Namespace) -> int:
    from wms.devices.scales import open_scale

    url, device = _device(args, "scale")
    options = device.options if device is not None else {}
    protocol = args.protocol or options.get("protocol", "mt-sics")
    timeout = args.timeout or float(options.get("timeout", 1.0))
    if device is not None:
        settings = _serial_settings(args, device)
    elif protocol == "toledo":
        settings = SerialSettings(baudrate=args.baud or 9600, parity=args.parity or "E", bytesize=7)
    else:
        settings = _serial_settings(args, None)
    scale = open_scale(url, protocol, settings=settings, timeout=timeout)
    with scale:
        reading = scale.weigh()
    if args.json:
        _print_json(
            {
                "url": url,
                "weight": str(reading.weight),
                "unit": reading.unit,
                "kg": str(reading.kg),
                "stable": reading.stable,
            }
        )
    else:
        print(f"{reading.weight} {reading.unit}")
    return 0


# -- queue --------------------------------------------------------------------------------


def run_queue_list(args: argparse.Namespace) -> int:
    print_queue = _open_queue(args)
    jobs = print_queue.jobs(states=args.state) if args.state else print_queue.jobs()
    rows = [
        {
            "id": job.id,
            "created_at": job.created_at.isoformat(timespec="seconds"),
            "printer": job.printer,
            "type": job.content_type,
            "state": str(job.state),
            "attempts": job.attempts,
            "reference": job.reference or "",
            "description": job.description,
            "last_error": job.last_error or "",
        }
        for job in jobs
    ]
    if args.json:
        _print_json(rows)
        return 0
    if not rows:
        print("no print jobs")
    for row in rows:
        print(
            f"{row['id']}  {row['created_at']}  {row['state']:<9} x{row['attempts']}  "
            f"{row['printer']}  {row['reference'] or row['description']}"
            + (f"\n    last error: {row['last_error']}" if row["last_error"] else "")
        )
    return 0


def run_queue_action(args: argparse.Namespace) -> int:
    print_queue = _open_queue(args)
    action = args.queue_action
    if action == "retry":
        count = print_queue.retry_now(args.printer)
        done = print_queue.run_due_jobs()
        printed = sum(1 for job in done if job.state == "done")
        print(f"{count} job(s) retried, {printed} printed")
    elif action == "cancel":
        job = print_queue.cancel(args.job_id)
        print(f"job {job.id} cancelled")
    elif action == "reprint":
        job = print_queue.reprint(args.job_id, args.printer)
        print_queue.run_due_jobs()
        job = print_queue.get(job.id)
        print(f"reprint job {job.id} ({job.state}) of {args.job_id} on {job.printer}")
    else:
        job = print_queue.reroute(args.job_id, args.printer)
        print_queue.run_due_jobs()
        job = print_queue.get(job.id)
        print(f"job {job.id} sent to {job.printer} ({job.state})")
    return 0


# -- simulators ---------------------------------------------------------------------------


def run_simulate_printer(args: argparse.Namespace) -> int:
    from wms.devices.simulators.printer import ZplPrinterSimulator

    simulator = ZplPrinterSimulator(args.host, args.port, spool=args.spool, fault=args.fault)
    try:
        simulator.start()
    except OSError as error:
        raise WmsError(f"cannot listen on {args.host}:{args.port}: {error.strerror}") from None
    seen = 0
    try:
        with stop_on_signals():
            print(f"printer simulator on {simulator.url}; Ctrl+C stops", flush=True)
            while True:
                jobs = simulator.wait_for_jobs(seen + 1, 0.5)
                for job in jobs[seen:]:
                    seen += 1
                    print(f"job {seen}: {len(job)} bytes", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
    return 0


def run_simulate_scale(args: argparse.Namespace) -> int:
    from wms.devices.simulators.ptys import PtyLink
    from wms.devices.simulators.scale import MtSicsScaleSimulator, ToledoScaleSimulator

    kind = MtSicsScaleSimulator if args.protocol == "mt-sics" else ToledoScaleSimulator
    with PtyLink(args.pty_path) as link:
        simulator = kind(link, weight=args.weight, mode=args.mode)
        with contextlib.suppress(KeyboardInterrupt), stop_on_signals():
            print(
                f"{args.protocol} scale simulator at {args.pty_path} ({link.device}), "
                f"{args.weight} kg {args.mode}; Ctrl+C stops",
                flush=True,
            )
            simulator.serve_forever()
    return 0


def run_simulate_scanner(args: argparse.Namespace) -> int:
    from wms.devices.simulators.scanner import ScannerSimulator

    lines = sys.stdin if args.file == "-" else Path(args.file).open(encoding="utf-8")  # noqa: SIM115
    sent = 0
    with ScannerSimulator(args.url, args.terminator) as simulator:
        for line in lines:
            text = line.rstrip("\r\n").replace("<GS>", "\x1d").replace("\\x1d", "\x1d")
            if not text or text.startswith("#"):
                continue
            simulator.scan(text)
            sent += 1
    print(f"sent {sent} scan(s) to {args.url}")
    return 0
