"""Scales answering on real ptys: MT-SICS and Toledo 8217, good and refused readings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wms.core.domain.errors import ScaleError
from wms.devices.scales import MtSicsScale, Toledo8217Scale, open_scale
from wms.devices.simulators.ptys import PtyLink, SerialChannel
from wms.devices.simulators.scale import MtSicsScaleSimulator, ToledoScaleSimulator

from .devices_fixtures import devices_socat_pair, needs_socat

__all__ = ["devices_socat_pair"]


@pytest.fixture
def mt_sics(tmp_path):
    link = PtyLink(tmp_path / "ttySCALE")
    simulator = MtSicsScaleSimulator(link, weight="1.234").start()
    scale = MtSicsScale(str(link.link), timeout=0.3)
    try:
        yield simulator, scale
    finally:
        scale.close()
        simulator.stop()
        link.close()


@pytest.fixture
def toledo(tmp_path):
    link = PtyLink(tmp_path / "ttyPOS")
    simulator = ToledoScaleSimulator(link, weight="2.500").start()
    scale = Toledo8217Scale(str(link.link), timeout=0.3)
    try:
        yield simulator, scale
    finally:
        scale.close()
        simulator.stop()
        link.close()


def test_stable_weight(mt_sics):
    simulator, scale = mt_sics
    reading = scale.weigh()
    assert (reading.weight, reading.unit, reading.stable) == (Decimal("1.234"), "kg", True)
    assert reading.kg == Decimal("1.234")
    simulator.set(weight="0.750")
    assert scale.weigh().weight == Decimal("0.750")  # port stays open between readings


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("dynamic", "could not give a stable weight"),
        ("overload", "overloaded: take weight off"),
        ("underload", "under its zero range"),
        ("half", r"sent half a reply, then nothing for 0.3 s: received 'S S"),
        ("silent", "did not answer within 0.3 s"),
        ("garbage", "unexpected reply"),
    ],
)
def test_refused_readings_say_what_was_received(mt_sics, mode, words):
    simulator, scale = mt_sics
    simulator.set(mode=mode)
    with pytest.raises(ScaleError, match=words):
        scale.weigh()
    simulator.set(mode="stable")
    assert scale.weigh().stable  # a refused reading leaves no stale bytes behind


def test_immediate_dynamic_weight_is_refused_unless_asked(mt_sics):
    simulator, scale = mt_sics
    simulator.set(mode="dynamic")
    with pytest.raises(ScaleError, match="not stable"):
        scale.weigh_immediate()
    assert not scale.weigh_immediate(accept_dynamic=True).stable


def test_zero_and_tare(mt_sics):
    simulator, scale = mt_sics
    tare = scale.tare()
    assert tare.weight == Decimal("1.234")
    simulator.set(weight="0.5")
    scale.zero()
    assert scale.weigh().weight == Decimal("0.000")
    simulator.set(mode="overload")
    with pytest.raises(ScaleError, match="did not zero: the weight is above"):
        scale.zero()


def test_toledo_weight_and_refusals(toledo):
    simulator, scale = toledo
    assert scale.weigh().weight == Decimal("2.500")
    for mode, words in [
        ("dynamic", "in motion"),
        ("overload", "over capacity"),
        ("underload", "under zero"),
        ("half", "half a reply"),
        ("silent", "did not answer"),
        ("garbage", "not a number"),
    ]:
        simulator.set(mode=mode)
        with pytest.raises(ScaleError, match=words):
            scale.weigh()
    simulator.set(mode="stable")
    scale.zero()
    assert scale.weigh().weight == Decimal("0.000")


@needs_socat
def test_scale_behind_a_socat_pair(devices_socat_pair):
    channel = SerialChannel(str(devices_socat_pair.peer_link))
    device = str(devices_socat_pair.device_link)
    with (
        MtSicsScaleSimulator(channel, weight="12.5"),
        open_scale(device, "mt-sics", timeout=0.5) as scale,
    ):
        assert scale.weigh().weight == Decimal("12.5")
    channel.close()


def test_missing_scale_port(tmp_path):
    with pytest.raises(ScaleError, match="no such device"):
        MtSicsScale(str(tmp_path / "nothing")).weigh()
