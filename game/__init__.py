"""Iron Rice Bowl. The version here is the package's (pyproject.toml reads it), the title
screen's and `iron-rice-bowl --version`'s."""

__version__ = "0.1.0"
