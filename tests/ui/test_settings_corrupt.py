"""Corrupt settings by construction (the audit's 23 settings files, generated here): other
encodings, infinity in the window size, nesting deeper than Python recurses, every field with
every wrong kind of value. Loading never raises; the game starts on defaults or repaired values
with a notice, and a bad file is kept aside, not lost."""

from __future__ import annotations

import json
import math

import pytest
from ui_helpers import frames

from game.ui import settings as s
from game.ui.settings import Settings, load_settings

GOOD = Settings(window_size=(1600, 900), ui_scale=1.5, palette="high_contrast", language="zh")
WRONG = [
    None,
    True,
    -1,
    0,
    10**100,
    1e308,
    "Infinity",
    "big",
    [],
    [1],
    [1, 2, 3],
    {},
    {"w": 1},
    "x" * 10_000,
]
FIELDS = ["window_size", "fullscreen", "ui_scale", "palette", "sound", "language", "version"]


def _valid(settings: Settings) -> bool:
    w, h = settings.window_size
    return (
        s.MIN_WINDOW[0] <= w <= s.MAX_WINDOW[0]
        and s.MIN_WINDOW[1] <= h <= s.MAX_WINDOW[1]
        and isinstance(settings.fullscreen, bool)
        and isinstance(settings.sound, bool)
        and settings.ui_scale in s.UI_SCALES
        and settings.palette in s.PALETTES
        and settings.language in ("en", "zh")
    )


def _files() -> list[tuple[str, bytes]]:
    """(what, bytes) for every broken settings file the tests build."""
    good = json.dumps(GOOD.to_dict())
    out = [
        ("utf-16 with its mark", good.encode("utf-16")),
        ("utf-16-le without a mark", good.encode("utf-16-le")),
        ("utf-8 with its mark", good.encode("utf-8-sig")),
        ("latin-1", good.replace('"zh"', '"zh", "note": "caf\u00e9"').encode("latin-1")),
        ("nested 100,000 deep", b"[" * 100_000 + b"]" * 100_000),
        ("nested object", b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
        ("truncated", good.encode()[: len(good) // 2]),
        ("binary", bytes(range(256))),
        ("empty", b""),
        ("too large", b'{"pad": "' + b"x" * 200_000 + b'"}'),
        ("a number", b"42"),
        ("a list", b"[1, 2]"),
        ("100,000 digits", b'{"ui_scale": 1' + b"0" * 100_000 + b"}"),
    ]
    for size in ([math.inf, 720], [-math.inf, 720], [1280, math.nan], [1e308, 1e308]):
        text = json.dumps({**GOOD.to_dict(), "window_size": size})  # Infinity, NaN literals
        out.append((f"window_size {size}", text.encode()))
    for field in FIELDS:
        for value in WRONG:
            out.append(
                (f"{field}={value!r:.20}", json.dumps({**GOOD.to_dict(), field: value}).encode())
            )
    return out


FILES = _files()


@pytest.mark.parametrize("what, data", FILES, ids=[w for w, _ in FILES])
def test_a_broken_settings_file_never_stops_the_game(user_dirs, what, data):
    config, _ = user_dirs
    config.mkdir(parents=True, exist_ok=True)
    path = config / "settings.json"
    path.write_bytes(data)
    settings, notices = load_settings()
    assert _valid(settings), what
    if notices:  # what was wrong is kept aside, byte for byte; the next start is quiet
        assert (config / "settings.json.bad").read_bytes() == data
        again, later = load_settings()
        assert later == [] and _valid(again)
    else:  # a file the game reads as it was meant: it says exactly these settings
        said = {k: v for k, v in json.loads(s._decode(data)).items() if k != "version"}
        assert {k: v for k, v in settings.to_dict().items() if k in said} == said, what


def test_the_counts_of_generated_files():
    assert len(FILES) > 100


@pytest.mark.parametrize(
    "what", ["utf-16 with its mark", "latin-1", "nested 100,000 deep", "window_size [inf, 720]"]
)
def test_the_game_starts_with_it_and_says_so(make_app, user_dirs, what):
    config, _ = user_dirs
    config.mkdir(parents=True, exist_ok=True)
    data = dict(FILES)[what]
    (config / "settings.json").write_bytes(data)
    settings, notices = load_settings()
    app = make_app(settings, notices)
    frames(app, 3)
    if notices:
        assert type(app.top).__name__ == "DialogScene"
    assert app.window.get_size() == settings.window_size
