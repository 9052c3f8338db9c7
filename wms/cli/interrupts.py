"""Commands that run until interrupted stop on SIGINT and SIGTERM, whatever the shell set up.

A shell starts a background job (``wms devices simulate printer &``, a service script) with
SIGINT ignored, and Python then never installs its own Ctrl+C handler, so the job would not stop
on SIGINT. :func:`stop_on_signals` installs both handlers explicitly: each raises
:class:`KeyboardInterrupt` in the main thread, which the command's loop already treats as the
order to stop and clean up. The previous handlers are restored afterwards.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Inside the block, SIGINT and SIGTERM raise :class:`KeyboardInterrupt` (main thread only)."""
    previous = {signum: signal.signal(signum, _interrupt) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
