"""The game's screens: the only package that imports pygame and pygame_gui."""

import os

# Before the first `import pygame`: no banner in the player's terminal (toolchain.md).
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
