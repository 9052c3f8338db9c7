"""GS1 scan interpretation: what a barcode read at a bench means to the warehouse.

``interpret(raw)`` returns a :class:`Scan` (a product, a handling unit, a location, a command...)
or raises :class:`~wms.core.domain.errors.ScanError` with a message that says what was scanned,
what was expected and what was found. Pure Python on top of biip; no Qt, no devices.
"""

from wms.core.barcodes.commands import COMMANDS, CommandBarcode, command_barcode
from wms.core.barcodes.interpret import interpret
from wms.core.barcodes.scan import Scan, ScanKind, ScanSettings

__all__ = [
    "COMMANDS",
    "CommandBarcode",
    "Scan",
    "ScanKind",
    "ScanSettings",
    "command_barcode",
    "interpret",
]
