"""Long-running commands turn SIGINT and SIGTERM into a stop, and put the old handlers back."""

import os
import signal

import pytest

from wms.cli.interrupts import stop_on_signals


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_signal_interrupts_the_block_even_when_sigint_was_ignored(signum):
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with pytest.raises(KeyboardInterrupt), stop_on_signals():
            os.kill(os.getpid(), signum)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
