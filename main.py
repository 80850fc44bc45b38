"""Iron Rice Bowl: start the game, or run an instructor's tool (see `python main.py --help`)."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
