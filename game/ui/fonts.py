"""The game's fonts: Noto Sans (Latin) and Noto Sans SC (Chinese), both shipped inside pygame_gui.

`get(size, bold)` gives a cached pygame Font for the current language; `for_text` picks the
Chinese font when a string needs it (the title's 铁饭碗 on an English screen).
`missing_glyphs` lists characters a font cannot draw: the default fonts draw Chinese as
empty boxes, so tests check every translated string with it.
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import cache
from pathlib import Path

import pygame

from game import i18n, resources, zh

_FILES = {
    ("sans", False, False): "NotoSans-Regular.ttf",
    ("sans", True, False): "NotoSans-Bold.ttf",
    ("sans", False, True): "NotoSans-Italic.ttf",
    ("sans", True, True): "NotoSans-BoldItalic.ttf",
    # Noto Sans SC has no italic (toolchain.md): upright stands in.
    ("sc", False, False): "NotoSansSC-Regular.otf",
    ("sc", True, False): "NotoSansSC-Bold.otf",
    ("sc", False, True): "NotoSansSC-Regular.otf",
    ("sc", True, True): "NotoSansSC-Bold.otf",
}


# Subsets standing in for whole fonts (issue 17; font_subset.py makes them): each face of a whole
# file keeps tables and caches for all its glyphs. In English, the Chinese the game shows is
# drawn with a subset of Noto Sans SC (~0.2 MB a face instead of ~1 MB); in every language,
# Latin text with a subset of Noto Sans of Latin and its punctuation (~0.15 MB a face instead of
# ~0.54: HarfBuzz's and FreeType's per-glyph data for ~4,000 glyphs). A subset draws a text it
# has every character of pixel for pixel as its whole font (tests); any other text is drawn with
# the whole font. The files, and the lists of the characters they have:
SUBSET_FILES = {False: "NotoSansSC-Regular-en.otf", True: "NotoSansSC-Bold-en.otf"}
SUBSET_CHARS_FILE = "NotoSansSC-en.txt"
LATIN_FILES = {False: "NotoSans-Regular-latin.ttf", True: "NotoSans-Bold-latin.ttf"}
LATIN_CHARS_FILE = "NotoSans-latin.txt"


def subset_dir() -> Path:
    return resources.folder("assets") / "fonts"


@cache
def data_dir() -> Path:
    """pygame_gui's data folder, found without importing pygame_gui."""
    spec = importlib.util.find_spec("pygame_gui")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("pygame_gui is not installed: its fonts are needed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def font_path(family: str = "sans", bold: bool = False, italic: bool = False) -> Path:
    if family == "sc_en":  # the game's own subsets (no italic either)
        return subset_dir() / SUBSET_FILES[bold]
    if family == "sans_latin":
        return subset_dir() / LATIN_FILES[bold]
    return data_dir() / _FILES[(family, bold, italic)]


def _chars_of(family: str, listing: str) -> frozenset[str]:
    """The characters of a subset (none if its files or their list are missing)."""
    try:
        chars = (subset_dir() / listing).read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    ok = all(font_path(family, bold).is_file() for bold in (False, True))
    return frozenset(chars) if ok else frozenset()


@cache
def _subset_chars() -> frozenset[str]:
    """The characters of the English screens' Noto Sans SC subset (none if it is missing)."""
    return _chars_of("sc_en", SUBSET_CHARS_FILE)


@cache
def _latin_chars() -> frozenset[str]:
    """The characters of the Latin subset of Noto Sans (none if it is missing)."""
    return _chars_of("sans_latin", LATIN_CHARS_FILE)


def cjk_family(text: str) -> str:
    """The font family for Chinese `text`: in English the small subset of Noto Sans SC when it has
    every character of the text (font_subset.py: the same pixels, ~1 MB less a face), else the
    whole font."""
    if i18n.get_language().startswith("zh") or not text or not set(text) <= _subset_chars():
        return "sc"
    return "sc_en"


_FITS_MAX = 8192


@cache
def _stand_ins() -> dict[str, tuple[str, frozenset[str], bool, dict[str, bool]]]:
    """Each whole font file that has a subset: (the subset's file, its characters, whether it
    stands in only on English screens, the texts asked about: whether it has every character)."""
    found: dict[str, tuple[str, frozenset[str], bool, dict[str, bool]]] = {}
    for family, small, chars, english in (
        ("sc", "sc_en", _subset_chars(), True),
        ("sans", "sans_latin", _latin_chars(), False),
    ):
        if chars:
            for b in (False, True):
                found[str(font_path(family, bold=b))] = (
                    str(font_path(small, bold=b)),
                    chars,
                    english,
                    {},
                )
    return found


def _subsets() -> dict[str, str]:
    """The whole font files, and the subset file standing in for each."""
    return {path: entry[0] for path, entry in _stand_ins().items()}


def _subset_of(path: str) -> str | None:
    """The subset file standing in for the whole font file at `path` now, or None (another
    file, Noto Sans SC on Chinese screens, no subset installed)."""
    entry = _stand_ins().get(path)
    if entry is None or (entry[2] and i18n.get_language().startswith("zh")):
        return None
    return entry[0]


def family_for_language(lang: str) -> str:
    return "sc" if lang.startswith("zh") else "sans"


def needs_cjk(text: str) -> bool:
    """True if the text has characters Noto Sans (Latin) lacks, e.g. Chinese or full-width."""
    return not text.isascii() and _CJK.search(text) is not None


_CJK = re.compile("[\u2e80-\U0010ffff]")  # (a search in C: wrapping asks for every character)
_ASCII_WORDS = re.compile(r"[^ ]* |[^ ]+$")  # words with their trailing space (_tokens)


# Faces shared between sizes (issue 17): each pygame Font is its own FreeType face with HarfBuzz's
# copies of the file's tables, ~0.6 MB for Noto Sans once it has drawn and ~1 MB for Noto Sans SC,
# and fitting loops measure a file at many sizes (29-41 faces open in an English run). A
# `SizedFont` is a file at one size. The sizes pygame_gui uses (the theme's roles at the UI scale:
# what most frames draw) have a face of their own, opened when first drawn; every other size of a
# file shares one face, set to its size before each use (pygame-ce's `point_size`: the same
# pixels and metrics as a face opened at that size; test). A switch empties SDL_ttf's glyph
# cache, so the next measure rasterises its glyphs again (~0.2 ms): sharing the drawn sizes too
# saved ~5 MB more but cost 2-9 ms in most screens' build frames (benchmarks/README.md, eighth
# round). pygame_gui reaches a face through a `_GuiFace`, which also applies its script ("Latn";
# it shapes text a pixel differently from no script).
_shared: dict[str, pygame.font.Font] = {}  # per file: the face its rare sizes take turns on
_own: list[pygame.font.Font] = []  # the faces of the drawn sizes
_sized: dict[tuple[str, int], SizedFont] = {}
NO_SCRIPT = "Zzzz"  # ISO 15924 "unknown": what a face has until a script is set
switches = 0  # size switches so far (benchmarks/bench_memory.py reports them)


class SizedFont:
    """A font file at one size (what `get` gives): has pygame.font.Font's methods, each drawn
    with this size's own face or the file's shared face set to this size first.

    A whole font with a subset (Noto Sans SC in English, where any Chinese may come: pygame_gui's
    text fields, where a player may type it, a Chinese line's height; Noto Sans, where any
    letter may come) lets the subset (font_subset.py, the same pixels and metrics) draw the
    text it has every character of and answer for the metrics, so the whole face opens only for
    text the subset lacks (issue 17)."""

    __slots__ = ("path", "point_size", "drawn", "own")

    def __init__(self, path: str, size: int) -> None:
        self.path = path
        self.point_size = size
        self.drawn = False  # one of pygame_gui's sizes, drawn in most frames: a face of its own
        self.own: pygame.font.Font | None = None

    def stand_in(self) -> SizedFont:
        """The font that answers for this one's metrics: itself, or in English the subset."""
        subset = _subset_of(self.path)
        if subset is None:
            return self
        small = _face(subset, self.point_size)
        small.drawn = small.drawn or self.drawn
        return small

    def for_text(self, text) -> SizedFont:
        """The font that draws `text` as this one does: the subset when it has every character."""
        entry = _stand_ins().get(self.path)
        if entry is None or not isinstance(text, str):
            return self
        fits = entry[3].get(text)
        if fits is None:  # (remembered: a set of the text's characters is ~1.5 us a call)
            if len(entry[3]) >= _FITS_MAX:
                entry[3].clear()
            fits = entry[3][text] = set(text) <= entry[1]
        return self.stand_in() if fits else self

    def face(self) -> pygame.font.Font:
        """A face at this size (a shared one: until another size of the file is used)."""
        global switches
        if self.own is not None:
            return self.own
        if self.drawn:
            self.own = pygame.font.Font(self.path, self.point_size)
            _own.append(self.own)
            return self.own
        face = _shared.get(self.path)
        if face is None:
            face = _shared[self.path] = pygame.font.Font(self.path, self.point_size)
        elif face.point_size != self.point_size:
            face.point_size = self.point_size
            switches += 1
        return face

    def render(self, *args):
        return self.for_text(args[0] if args else "").face().render(*args)

    def size(self, text: str):
        return self.for_text(text).face().size(text)

    def metrics(self, text: str):
        return glyph_metrics(self.for_text(text).face(), text)

    def get_linesize(self) -> int:
        return self.stand_in().face().get_linesize()

    def get_height(self) -> int:
        return self.stand_in().face().get_height()

    def get_ascent(self) -> int:
        return self.stand_in().face().get_ascent()

    def get_descent(self) -> int:
        return self.stand_in().face().get_descent()

    def get_point_size(self) -> int:
        return self.point_size

    def __getattr__(self, name: str):
        attr = getattr(self.face(), name)
        if not callable(attr):
            return attr
        return lambda *args, **kwargs: getattr(self.face(), name)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"SizedFont({os.path.basename(self.path)!r}, {self.point_size})"


def glyph_metrics(font, text: str):
    """pygame's `Font.metrics`: each character's box and advance (read through getattr: the
    screens read no `.metrics` attribute, the town's tables, tests/test_imports.py)."""
    return getattr(font, "metrics")(text)  # noqa: B009


def _face(path: str, size: int) -> SizedFont:
    font = _sized.get((path, size))
    if font is None:
        font = _sized[(path, size)] = SizedFont(path, size)
    return font


@cache
def _font(size: int, bold: bool, family: str) -> SizedFont:
    return _face(str(font_path(family, bold=bold)), size)


class _GuiFace:
    """What pygame_gui holds as its font (`GUIFontPygame`'s internal one): the shared face, with
    pygame_gui's script, direction and styles applied only while one of its calls runs (text is
    drawn on the main thread only, so no widget draws in between)."""

    def __init__(self, path: str, size: int) -> None:
        self._path = path
        self._face = _face(path, size)
        self._face.drawn = True
        self._script: str | None = None
        self._direction: int | None = None
        self._styles: dict[str, bool] = {}

    def set_point_size(self, size) -> None:
        if int(size) != self._face.get_point_size():  # pygame_gui asks for the size it opened
            self._face = _face(self._path, int(size))
            self._face.drawn = True

    def set_script(self, script: str) -> None:
        self._script = script

    def set_direction(self, direction: int) -> None:
        self._direction = direction

    def __setattr__(self, name: str, value) -> None:
        if name in ("bold", "italic", "underline", "strikethrough"):
            self._styles[name] = bool(value)
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str):
        if name in ("bold", "italic", "underline", "strikethrough"):
            return self._styles.get(name, False)
        return getattr(self._face, name)

    def _shaped(self, method: str, *args):
        face = self._face.for_text(args[0] if args else "").face()
        if self._script is not None:
            face.set_script(self._script)
        if self._direction is not None:
            face.set_direction(self._direction)
        for name, value in self._styles.items():
            setattr(face, name, value)
        try:
            return getattr(face, method)(*args)
        finally:
            if self._script is not None:
                face.set_script(NO_SCRIPT)
            if self._direction is not None:
                face.set_direction(pygame.DIRECTION_LTR)
            for name in self._styles:
                setattr(face, name, False)

    def render(self, *args):
        return self._shaped("render", *args)

    def size(self, text: str):
        return self._shaped("size", text)

    def metrics(self, text: str):
        return self._shaped("metrics", text)


def gui_font(path: str, size) -> _GuiFace:
    """pygame_gui's font for a file and size: the game's face, in pygame_gui's script."""
    return _GuiFace(path, int(size))


def open_gui_fonts_once() -> bool:
    """pygame_gui draws with the game's faces (files in its data folder, by path: its sizes get
    faces of their own, see `SizedFont`), its default fonts included; fonts from elsewhere as it
    did. True if done."""
    try:
        from pygame_gui.core import gui_font_pygame  # noqa: PLC0415
    except ImportError:
        return False
    opener = getattr(gui_font_pygame, "Font", None)
    if opener is None or getattr(opener, "shared_by_game", False):
        return opener is not None
    folder = str(data_dir())

    def font(file, size):
        if not (isinstance(file, str) and os.path.dirname(file) == folder):
            return opener(file, size)
        return gui_font(file, size)

    font.shared_by_game = True
    gui_font_pygame.Font = font
    _default_fonts_by_path()
    return True


def _default_fonts_by_path() -> None:
    """pygame_gui reads its default fonts (Noto Sans and Fira Code at 14) whole into memory from
    its package; by path they stream from the file and Noto Sans shares the game's face."""
    try:
        from pygame_gui.core import utility  # noqa: PLC0415
        from pygame_gui.core.package_resource import PackageResource  # noqa: PLC0415
    except ImportError:
        return
    load = utility.FontResource.load

    def load_by_path(self):
        where = self.location
        if isinstance(where, PackageResource) and where.package == "pygame_gui.data":
            path = data_dir() / where.resource
            if path.is_file():
                self.location = str(path)
        return load(self)

    utility.FontResource.load = load_by_path


def get(size: int, bold: bool = False, family: str | None = None) -> SizedFont:
    """A pygame Font at pixel `size` for the current language (or the given family)."""
    return _font(max(6, int(size)), bold, family or family_for_language(i18n.get_language()))


def for_text(text: str, size: int, bold: bool = False) -> SizedFont:
    """The font that can draw `text`: Chinese font if needed, else the language's font."""
    return get(size, bold, cjk_family(text) if needs_cjk(text) else None)


def render(text: str, size: int, colour, bold: bool = False) -> pygame.Surface:
    return for_text(text, size, bold).render(text, True, colour)


def missing_glyphs(text: str, family: str, bold: bool = False) -> list[str]:
    """Characters of `text` the font has no glyph for (pygame.freetype reports None for those).

    pygame.font's metrics() returns the .notdef box's metrics instead of None in pygame-ce
    2.5, so freetype is the reliable check.
    """
    import pygame.freetype

    if not pygame.freetype.get_init():
        pygame.freetype.init()
    face = _freetype_face(family, bold)
    chars = sorted({ch for ch in text if not ch.isspace()})
    metrics = face.get_metrics("".join(chars)) if chars else []
    return [ch for ch, m in zip(chars, metrics, strict=True) if m is None]


@cache
def _freetype_face(family: str, bold: bool):
    import pygame.freetype

    return pygame.freetype.Font(str(font_path(family, bold=bold)), 16)


def clear_cache() -> None:
    """Drop cached fonts (after pygame.quit(), fonts must be reloaded)."""
    _font.cache_clear()
    _shared.clear()
    _own.clear()
    _sized.clear()
    _freetype_face.cache_clear()
    _subset_chars.cache_clear()
    _latin_chars.cache_clear()
    _stand_ins.cache_clear()
    _wrapped.clear()


# Wrapped texts by (text, font, width): a screen wraps the same paragraphs each time it is built
# (every month, every resize), and wrapping measures each line once per word.
_wrapped: dict[tuple, tuple[str, ...]] = {}
_WRAPPED_MAX = 4096


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Lines of `text` that fit `width` pixels; "\\n" starts a new paragraph.

    Breaks at spaces; a word (or a run of Chinese, which has no spaces) too long for a line is
    broken between characters. Remembered per text, font and width (a new list each call).
    """
    key = (text, font, width)
    lines = _wrapped.get(key)
    if lines is None:
        if len(_wrapped) >= _WRAPPED_MAX:
            _wrapped.clear()
        lines = _wrapped[key] = tuple(_wrap(text, font, width))
    return list(lines)


def _wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in _tokens(paragraph):
            candidate = line + word
            if not line or font.size(candidate.rstrip())[0] <= width:
                line = candidate
                continue
            lines.append(line.rstrip())
            line = word.lstrip()
        while line and font.size(line.rstrip())[0] > width and len(line) > 1:
            cut = _fit(line, font, width)
            # never leave closing punctuation at the start of the next line
            while 1 < cut < len(line) and line[cut] in zh.NO_LINE_START:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line.rstrip())
    return lines


def _fit(line: str, font: pygame.font.Font, width: int) -> int:
    """How many characters of `line` fit `width` (at least 1): a binary search, so a word of
    10,000 characters costs a few dozen measures, not millions."""
    lo, hi = 1, len(line)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if font.size(line[:mid])[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _tokens(paragraph: str) -> list[str]:
    """Words with their trailing space; each CJK character is its own token, except that
    closing punctuation stays with the character before it and opening punctuation with the
    one after (Chinese line-breaking rules, game/zh.py): no line starts with "，" or "。", none
    ends with "（" or "“"."""
    if paragraph.isascii():  # (no Chinese rule applies: one search in C, not a loop)
        return _ASCII_WORDS.findall(paragraph)
    return _tokens_by_character(paragraph)


def _tokens_by_character(paragraph: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for ch in paragraph:
        if needs_cjk(ch) or (ord(ch) > 127 and (ch in zh.NO_LINE_START or ch in zh.NO_LINE_END)):
            if word:
                tokens.append(word)
                word = ""
            if ch in zh.NO_LINE_START and tokens and not tokens[-1].endswith(" "):
                tokens[-1] += ch
            else:
                tokens.append(ch)
        elif ch == " ":
            tokens.append(word + " ")
            word = ""
        else:
            word += ch
    if word:
        tokens.append(word)
    merged: list[str] = []
    carry = ""
    for tok in tokens:
        if tok and tok[-1] in zh.NO_LINE_END and ord(tok[-1]) > 127:
            carry += tok
            continue
        merged.append(carry + tok)
        carry = ""
    if carry:
        merged.append(carry)
    return merged
