"""The Chinese characters an English game shows, and the small Noto Sans SC made for them.

In English the game still shows some Chinese: the title's 铁饭碗, the sign in the title's
painting, the glossary's terms and the households' names. Each Noto Sans SC face the widgets
open is ~1 MB (its tables for 65,000 glyphs), four or five sizes by the debrief. A subset of the
font with only these characters (and Latin, for the pinyin and words beside them) draws them
pixel for pixel as the whole font does; text with any other Chinese character (an instructor's
scenario, say) is drawn with the whole font (`fonts.for_text`). Issue 17.

The same for Latin in every language: a subset of Noto Sans (regular and bold) with Latin,
its punctuation and currency signs, and every other letter of the code, en.json and the built-in
scenarios that Noto Sans has, draws what the whole font would (~0.15 MB a face against ~0.54: 14
faces in an English run); text with any other character is drawn with the whole font.

Rebuild the files after adding Chinese to an English screen, or a new kind of letter (a test
says when): `python -m game.ui.font_subset` (needs fontTools, which matplotlib brings).
"""

from __future__ import annotations

import ast
import re
import sys
import tokenize
from pathlib import Path

import pygame

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


# Latin with its extensions (pinyin's tone marks), general punctuation, currency signs
# and the f-ligatures' code points (see `drawn_alike`)
_LATIN_RANGES = [(0x20, 0x24F), (0x2000, 0x206F), (0x20A0, 0x20CF), (0xFB00, 0xFB06)]


def shown_chars(root: Path | None = None) -> set[str]:
    """Every character below the CJK blocks in the game's string literals, its English texts
    and the built-in scenarios: what Latin text the game itself may show."""
    root = root or Path(__file__).resolve().parents[2]
    text = (root / "assets" / "i18n" / "en.json").read_text(encoding="utf-8")
    for path in sorted((root / "scenarios").rglob("*.yaml")):
        text += path.read_text(encoding="utf-8")
    found = set(text)
    for path in (root / "game").rglob("*.py"):
        # the strings' values: "\u2212" in the code is the minus sign a screen shows
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found |= set(node.value)
    return {ch for ch in found if " " <= ch < "\u2e80"}


def latin_chars(root: Path | None = None) -> str:
    chars = shown_chars(root)
    for low, high in _LATIN_RANGES:
        chars |= {chr(c) for c in range(low, high + 1)}
    return "".join(sorted(chars))


# The sizes the game draws at (9-64 px at 100-150% text) and then some
CHECKED_SIZES = range(6, 73)


def drawn_alike(family: str, out: Path, names: dict[bool, str], chars: str) -> list[str]:
    """The characters the subset draws exactly as the whole font, alone at every checked size
    and weight. Noto Sans has no hinting of its own, so FreeType's autohinter hints it, and
    the autohinter sorts glyphs into styles by what the font's cmap and features reach: a
    glyph the whole font reaches another way is hinted otherwise (ª, º, ǹ and ₹ are one to
    two pixels off at every size; the f-ligatures were, until their own code points were
    kept, so the ligatures in "first" and "official" are hinted as the whole font's)."""
    pygame.font.init()
    alike = set(chars)
    for bold, name in names.items():
        for size in CHECKED_SIZES:
            whole = pygame.font.Font(str(fonts.font_path(family, bold=bold)), size)
            part = pygame.font.Font(str(out / name), size)
            for ch in sorted(alike):
                if _drawn(whole, ch) != _drawn(part, ch):
                    alike.discard(ch)
    return [ch for ch in chars if ch in alike]


def _drawn(font, text: str):
    try:
        picture = font.render(text, True, (0, 0, 0))
    except pygame.error:  # "Text has zero width": a zero-width space, say
        return None, font.size(text), fonts.glyph_metrics(font, text)
    return pygame.image.tobytes(picture, "RGBA"), font.size(text), fonts.glyph_metrics(font, text)


def subset_chars(root: Path | None = None) -> str:
    chars = set(english_cjk_chars(root))
    for low, high in _RANGES:
        chars |= {chr(c) for c in range(low, high + 1)}
    return "".join(sorted(chars))


def build(out: Path | None = None) -> list[Path]:
    """Write the subset files and the lists of their characters."""
    out = out or fonts.subset_dir()
    out.mkdir(parents=True, exist_ok=True)
    written = _build(out, "sc", fonts.SUBSET_FILES, fonts.SUBSET_CHARS_FILE, subset_chars())
    written += _build(
        out, "sans", fonts.LATIN_FILES, fonts.LATIN_CHARS_FILE, latin_chars(), only_drawn=True
    )
    return written


def _build(
    out: Path, family: str, names: dict[bool, str], listing: str, text: str, only_drawn=False
) -> list[Path]:
    """Subset the family's regular and bold files to `text`; listed: `text`, or with
    `only_drawn` the characters of it both files have (text with one the whole font lacks is
    then drawn with the whole font, as it would be without the subset)."""
    from fontTools import subset  # noqa: PLC0415 - a build step, not the game's
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    written = []
    has: set[str] = set()
    for bold, name in names.items():
        options = subset.Options()
        options.hinting = True  # FreeType hints with them: the pixels stay the same
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        font = TTFont(str(fonts.font_path(family, bold=bold)))
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        font.save(str(out / name))
        written.append(out / name)
        cmap = {chr(c) for c in font.getBestCmap()}
        has = cmap if not has else has & cmap
    listed = "".join(ch for ch in text if ch in has) if only_drawn else text
    if only_drawn:
        listed = "".join(drawn_alike(family, out, names, listed))
    (out / listing).write_text(listed, encoding="utf-8")
    written.append(out / listing)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(path)
