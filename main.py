"""Iron Rice Bowl: start the game, or run an instructor's tool (see `python main.py --help`)."""

import multiprocessing
import sys

from game.cli import main

if __name__ == "__main__":
    # In the double-click build (PyInstaller) the report's chart process starts this same
    # program: freeze_support runs it as that child instead of opening a second game.
    multiprocessing.freeze_support()
    sys.exit(main(sys.argv[1:]))
