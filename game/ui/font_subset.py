"""The Chinese characters an English game shows, and the small Noto Sans SC made for them.

In English the game still shows some Chinese: the title's 铁饭碗, the sign in the title's
painting, the glossary's terms and the households' names. Each Noto Sans SC face the widgets
open is ~1 MB (its tables for 65,000 glyphs), four or five sizes by the debrief. A subset of the
font with only these characters (and Latin, for the pinyin and words beside them) draws them
pixel for pixel as the whole font does; text with any other Chinese character (an instructor's
scenario, say) is drawn with the whole font (`fonts.for_text`). Issue 17.

Rebuild the files after adding Chinese to an English screen (a test says when):
`python -m game.ui.font_subset` (needs fontTools, which matplotlib brings).
"""

from __future__ import annotations

import re
import sys
import tokenize
from pathlib import Path

from game.ui import fonts

_CJK = re.compile(r"[\u2e80-\uffff]")
# Latin (with pinyin's tone marks), general and CJK punctuation, full-width forms: the subset is
# used for a whole string, so it draws the Latin letters beside the Chinese too
_RANGES = [(0x20, 0x24F), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF)]


def english_cjk_chars(root: Path | None = None) -> set[str]:
    """Every CJK character in the game's string literals and its English texts (zh.json left
    out; comments too: they are never shown)."""
    root = root or Path(__file__).resolve().parents[2]
    found = set(_CJK.findall((root / "assets" / "i18n" / "en.json").read_text(encoding="utf-8")))
    for path in (root / "game").rglob("*.py"):
        with path.open("rb") as fh:
            for token in tokenize.tokenize(fh.readline):
                if token.type == tokenize.STRING:
                    found |= set(_CJK.findall(token.string))
    return found


def subset_chars(root: Path | None = None) -> str:
    chars = set(english_cjk_chars(root))
    for low, high in _RANGES:
        chars |= {chr(c) for c in range(low, high + 1)}
    return "".join(sorted(chars))


def build(out: Path | None = None) -> list[Path]:
    """Write the two subset files and the list of their characters."""
    from fontTools import subset  # noqa: PLC0415 - a build step, not the game's
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    out = out or fonts.subset_dir()
    out.mkdir(parents=True, exist_ok=True)
    text = subset_chars()
    written = []
    for bold, name in fonts.SUBSET_FILES.items():
        options = subset.Options()
        options.hinting = True  # FreeType hints with them: the pixels stay the same
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        font = TTFont(str(fonts.font_path("sc", bold=bold)))
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        font.save(str(out / name))
        written.append(out / name)
    (out / fonts.SUBSET_CHARS_FILE).write_text(text, encoding="utf-8")
    written.append(out / fonts.SUBSET_CHARS_FILE)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(path)
