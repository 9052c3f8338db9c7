"""Health probes for configured devices and the serial ports present on this computer."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from serial.tools import list_ports

from wms.core.domain.errors import DeviceError, ScaleError, WmsError
from wms.devices.config import DeviceConfig
from wms.devices.printers import open_printer
from wms.devices.scales import open_scale
from wms.devices.transports import open_serial


@dataclass(frozen=True)
class PortInfo:
    device: str
    description: str
    hwid: str
    by_id: str | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class DeviceHealth:
    """What a probe found; ``ok`` is ``None`` for a device that was not probed."""

    name: str
    role: str
    url: str
    ok: bool | None
    message: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def serial_ports() -> list[PortInfo]:
    """Serial ports present, with their stable ``/dev/serial/by-id`` name when there is one."""
    by_id: dict[str, str] = {}
    try:
        from pathlib import Path

        folder = Path("/dev/serial/by-id")
        if folder.is_dir():
            for link in folder.iterdir():
                by_id[str(link.resolve())] = str(link)
    except OSError:
        pass
    ports = []
    for port in sorted(list_ports.comports(), key=lambda p: p.device):
        ports.append(
            PortInfo(port.device, port.description or "", port.hwid or "", by_id.get(port.device))
        )
    return ports


def probe(device: DeviceConfig, *, timeout: float = 2.0) -> DeviceHealth:
    """Check a configured device without changing anything on it."""

    def result(ok: bool, message: str) -> DeviceHealth:
        return DeviceHealth(device.name, device.role, device.url, ok, message)

    try:
        if device.role == "scanner":
            if device.is_wedge:
                return result(True, "keyboard wedge: checked by scanning in the station app")
            open_serial(device.url, device.serial_settings(), timeout=0.05).close()
            return result(True, "port opens")
        if device.role == "printer":
            printer = open_printer(
                device.url,
                settings=device.serial_settings() if device.is_serial else None,
                content_type=device.content_type,
                connect_timeout=timeout,
                status_timeout=timeout,
            )
            status = printer.status()
            if status is None:
                return result(True, "ready")
            return result(status.ready, status.message(device.url))
        scale = open_scale(
            device.url,
            device.protocol,
            settings=device.serial_settings(),
            timeout=float(device.options.get("timeout", min(timeout, 1.0))),
        )
        try:
            reading = scale.weigh()
        except ScaleError as error:
            text = str(error)
            answering = not any(
                phrase in text for phrase in ("did not answer", "cannot open", "half a reply")
            )
            return result(answering, ("answers, but: " if answering else "") + text)
        finally:
            scale.close()
        return result(True, f"ready (reads {reading})")
    except DeviceError as error:
        return result(False, str(error))
    except WmsError as error:
        return result(False, str(error))
