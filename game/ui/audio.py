"""Sound that never stops the game: no sound device -> silent (pygame.error is caught).

The sounds are synthesised (no downloaded assets) and made on first use.
"""

from __future__ import annotations

import logging
import time

import pygame

log = logging.getLogger(__name__)


class Audio:
    """Sound that never stops the game: no device -> silent (pygame.error is caught)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.available: bool | None = None  # None: not tried yet
        self._sounds: dict[str, pygame.mixer.Sound] = {}

    def start(self) -> bool:
        if self.available is None:
            try:
                pygame.mixer.init(frequency=44100, size=-16, channels=2, buffer=512)
                self.available = True
            except pygame.error as exc:
                log.info("no sound device, running silent: %s", exc)
                self.available = False
        return self.available

    def play(self, name: str) -> None:
        if not self.enabled or not self.start():
            return
        try:
            sound = self._sounds.get(name) or self._make(name)
            sound.play()
        except pygame.error as exc:
            log.info("sound %s failed: %s", name, exc)

    def _make(self, name: str) -> pygame.mixer.Sound:
        """A soft click, synthesised (no downloaded assets): a short decaying 660 Hz tick."""
        import array
        import math

        freq, _fmt, channels = pygame.mixer.get_init()
        tone = {"click": 660.0, "open": 440.0}.get(name, 520.0)
        n = int(freq * 0.045)
        samples = array.array("h")
        for i in range(n):
            amp = 0.18 * math.exp(-i / (n / 5))
            value = int(32767 * amp * math.sin(2 * math.pi * tone * i / freq))
            samples.extend([value] * channels)
        sound = pygame.mixer.Sound(buffer=samples.tobytes())
        self._sounds[name] = sound
        return sound

    def stop(self) -> None:
        if self.available and pygame.mixer.get_init():  # (pygame may have quit it already)
            # Quitting the mixer while a sound ends can hang: SDL's audio thread calls back into
            # Python (the channel's end) while quit holds Python's lock and waits for that thread.
            # Halt every sound first and let the audio thread go quiet, then quit.
            pygame.mixer.stop()
            for _ in range(20):  # at most ~0.2 s; a click lasts 45 ms
                if not pygame.mixer.get_busy():
                    break
                time.sleep(0.01)
            time.sleep(0.02)  # the audio thread's last callback, if any, has run
            pygame.mixer.quit()
        self.available = None
        self._sounds.clear()
