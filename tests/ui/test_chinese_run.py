"""A whole run played in Chinese through the UI, with the rules of Chinese typesetting checked
on every string the game wrapped or drew: no line starts with closing punctuation or ends with
opening punctuation, nothing hyphenated, no half-width punctuation beside hanzi, no space left
by a folded line (issue 9, point 13). And the same rules over every Chinese string the game has.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from ui_helpers import frames

from game import zh
from game.ui import fonts
from game.ui.autoplay import Autoplay
from game.ui.settings import Settings
from game.ui.widgets import text as tx

ROOT = Path(__file__).resolve().parents[2]
CJK_PUNCT = "，。、；：？！（）“”‘’《》「」"
SPACE_BY_PUNCT = re.compile(f"[{CJK_PUNCT}] | [{CJK_PUNCT}]")
ASCII_QUOTE = re.compile(r'[\u4e00-\u9fff，。]"|"[\u4e00-\u9fff，。]')
# a hyphen between hanzi, or at a line's end after one (a minus before ¥ or a digit is fine)
HYPHENATED = re.compile(r"[\u4e00-\u9fff]-[\u4e00-\u9fff]|[\u4e00-\u9fff]-$|^-[\u4e00-\u9fff]")


def string_problems(text: str) -> list[str]:
    out = zh.half_width_punctuation(text)
    if SPACE_BY_PUNCT.search(text):
        out.append(f"space beside Chinese punctuation: {text!r}")
    if ASCII_QUOTE.search(text):
        out.append(f"ASCII quote in Chinese: {text!r}")
    if HYPHENATED.search(text):
        out.append(f"hyphen inside Chinese: {text!r}")
    return out


def scenario_zh_texts():
    def walk(node):
        if isinstance(node, dict):
            if "zh" in node and set(node) <= {"en", "zh"} and isinstance(node["zh"], str):
                yield zh.join_folded(node["zh"])  # as the loader gives it to the game
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        for text in walk(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield path.name, text


def test_every_chinese_string_keeps_the_rules():
    table = json.loads((ROOT / "assets" / "i18n" / "zh.json").read_text(encoding="utf-8"))
    problems = [f"zh.json {k}: {p}" for k, v in table.items() for p in string_problems(v)]
    problems += [
        f"{name}: {p}" for name, text in scenario_zh_texts() for p in string_problems(text)
    ]
    assert not problems, "\n".join(problems[:30])


def test_folded_lines_join_without_spaces():
    assert zh.join_folded("住在一起。 楼里的人") == "住在一起。楼里的人"
    assert zh.join_folded("按 Page Up 翻看") == "按Page Up翻看"
    assert zh.join_folded("Page Up and down") == "Page Up and down"


@pytest.fixture(autouse=True)
def fresh_widget_fonts():
    tx._fonts.clear()
    tx._text_cache.clear()


def test_a_whole_run_in_chinese_keeps_the_line_breaking_rules(make_app, monkeypatch):
    app = make_app(Settings(language="zh"))
    wrapped: list[tuple[str, list[str]]] = []
    drawn: set[str] = set()
    real_wrap, real_render, real_fonts_render = fonts.wrap, tx.render, fonts.render

    def wrap(text, font, width):
        lines = real_wrap(text, font, width)
        wrapped.append((text, lines))
        return lines

    def render(text, size, colour, bold=False):
        drawn.add(text)
        return real_render(text, size, colour, bold)

    def fonts_render(text, size, colour, bold=False):
        drawn.add(text)
        return real_fonts_render(text, size, colour, bold)

    monkeypatch.setattr(fonts, "wrap", wrap)
    monkeypatch.setattr(tx, "render", render)
    monkeypatch.setattr(fonts, "render", fonts_render)
    args = SimpleNamespace(months=None, seed=3, scenario=None, screenshot_dir=None)
    bot = Autoplay(app, args, pace=2, settle=2)
    app.add_frame_hook(bot)
    n = 0
    while app.running and n < 4000:
        app.step(1 / 60)
        n += 1
    assert bot.error is None and not app.running, bot.error
    s = bot.session
    assert s.lang == "zh" and s.month == s.params.months  # the whole run, to the debrief
    chinese = [(text, lines) for text, lines in wrapped if any(zh.is_cjk(c) for c in text)]
    assert len(chinese) > 100  # the run wrapped a lot of Chinese
    problems = [p for _text, lines in chinese for p in zh.bad_breaks(lines)]
    problems += [
        p for text in drawn if any(zh.is_cjk(c) for c in text) for p in string_problems(text)
    ]
    assert not problems, "\n".join(sorted(set(problems))[:30])
    frames(app, 1)
