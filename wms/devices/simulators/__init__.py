"""Device simulators for the demo, the installer and the tests: real ptys and real sockets.

* :class:`~wms.devices.simulators.printer.ZplPrinterSimulator` - a TCP printer on 127.0.0.1
  that records every job byte for byte, answers ``~HS`` (with a configurable fault) and can be
  switched off and on;
* :class:`~wms.devices.simulators.scale.MtSicsScaleSimulator` and
  :class:`~wms.devices.simulators.scale.ToledoScaleSimulator` - scales answering on a pty;
* :class:`~wms.devices.simulators.scanner.ScannerSimulator` - writes framed scans into a port;
* :class:`~wms.devices.simulators.ptys.PtyLink` (a pty linked at a path) and
  :class:`~wms.devices.simulators.ptys.SocatPair` (two linked ptys; killing it = unplugging).
"""
