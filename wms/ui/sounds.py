"""Feedback sounds: OK, error and attention, distinct enough to tell apart without looking.

The WAV files live in ``resources/sounds/``; :func:`generate_sounds` (re)makes them with the
standard ``wave`` module (sine beeps with short fades, 16-bit mono). :class:`SoundPlayer` plays them
with QtMultimedia's ``QSoundEffect``; on a computer without an audio output (a CI runner, the
offscreen platform) it stays silent and only remembers what it would have played.
"""

from __future__ import annotations

import logging
import math
import os
import struct
import wave
from pathlib import Path

from PySide6.QtCore import QObject, QUrl

from wms.resources import resource_path

log = logging.getLogger("wms.ui.sounds")

RATE = 22_050

#: name -> list of (frequency Hz, duration s, volume 0..1); frequency 0 is silence.
TONES: dict[str, list[tuple[float, float, float]]] = {
    # two short rising high beeps: "got it"
    "ok": [(1760.0, 0.06, 0.6), (0.0, 0.03, 0.0), (2349.0, 0.08, 0.6)],
    # a long low buzz, twice: impossible to mistake for OK
    "error": [(220.0, 0.22, 0.8), (0.0, 0.06, 0.0), (196.0, 0.30, 0.8)],
    # three mid beeps: "look at the screen"
    "attention": [(880.0, 0.09, 0.7), (0.0, 0.05, 0.0)] * 2 + [(880.0, 0.09, 0.7)],
}


def sounds_dir() -> Path:
    return resource_path("sounds")


def sound_file(name: str) -> Path:
    return sounds_dir() / f"{name}.wav"


def _samples(tones: list[tuple[float, float, float]]) -> bytes:
    frames = bytearray()
    fade = int(RATE * 0.005)
    for frequency, duration, volume in tones:
        count = int(RATE * duration)
        for i in range(count):
            envelope = min(1.0, i / fade if fade else 1.0, (count - i) / fade if fade else 1.0)
            value = 0.0
            if frequency:
                value = volume * envelope * math.sin(2 * math.pi * frequency * i / RATE)
            frames += struct.pack("<h", int(value * 32_000))
    return bytes(frames)


def generate_sounds(folder: Path | None = None, *, overwrite: bool = False) -> list[Path]:
    """Write ``ok.wav``, ``error.wav`` and ``attention.wav``; returns the files written."""
    folder = folder or sounds_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, tones in TONES.items():
        path = folder / f"{name}.wav"
        if path.exists() and not overwrite:
            continue
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(_samples(tones))
        written.append(path)
    return written


class SoundPlayer(QObject):
    """``play("ok" | "error" | "attention")``; silent when muted or without an audio device."""

    def __init__(self, parent: QObject | None = None, *, muted: bool | None = None) -> None:
        super().__init__(parent)
        self.muted = bool(os.environ.get("WMS_MUTE")) if muted is None else muted
        self.played: list[str] = []
        self._effects: dict[str, object] = {}
        self._available: bool | None = None

    @property
    def last_played(self) -> str:
        return self.played[-1] if self.played else ""

    def available(self) -> bool:
        if self._available is None:
            try:
                from PySide6.QtMultimedia import QMediaDevices

                self._available = bool(QMediaDevices.audioOutputs())
            except Exception:  # no multimedia backend at all
                log.info("no audio: QtMultimedia is not usable here", exc_info=True)
                self._available = False
            if not self._available:
                log.info("no audio output device: feedback sounds are silent")
        return self._available

    def play(self, name: str) -> None:
        if name not in TONES:
            name = "attention"
        self.played.append(name)
        del self.played[:-50]
        if self.muted or not self.available():
            return
        try:
            effect = self._effect(name)
            effect.play()  # type: ignore[attr-defined]
        except Exception:
            log.warning("could not play sound %s", name, exc_info=True)

    def _effect(self, name: str) -> object:
        effect = self._effects.get(name)
        if effect is None:
            from PySide6.QtMultimedia import QSoundEffect

            path = sound_file(name)
            if not path.exists():
                generate_sounds()
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(0.9)
            self._effects[name] = effect
        return effect


if __name__ == "__main__":
    for written in generate_sounds(overwrite=True):
        print(written)
