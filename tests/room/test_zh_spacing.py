"""The room's Chinese runs numbers into the sentence ("第3个月", "还剩45秒"), as the rest of
the game's Chinese does: a space between a hanzi and a digit reads as a gap in the line (the
room's strings had "第 3 个月"). And sentences and names the room joins run together the
Chinese way, in the desktop seat and in the browser's pages."""

from __future__ import annotations

import json
import shutil
import string
import subprocess

import pytest

from game import i18n
from game.room import web
from game.zh import spaced_numbers

# The room over the network: the browser pages, the desktop seat, the workshop's screens.
ROOM_KEYS = ("room.", "remote.", "wsui.", "workshop.")


def _filled(text: str) -> str:
    """The string as a player reads it, every placeholder a number (most of them are)."""
    names = [f for _, f, _, _ in string.Formatter().parse(text) if f]
    return text.format(**dict.fromkeys(names, "7"))


def test_the_check_finds_a_space_beside_a_number():
    assert len(spaced_numbers("第 3 个月")) == 2
    assert spaced_numbers("第3个月") == []
    assert spaced_numbers("Month 3 of 24") == []  # English keeps its spaces
    # a slash between a number and a word, or two numbers ("¥8.50 / 笔", "0 / 4")
    assert spaced_numbers("¥8.50 / 笔") and spaced_numbers("已锁定的猜测：0 / 4")
    assert spaced_numbers("¥8.50/笔") == [] and spaced_numbers("A / B") == []


def test_the_rooms_chinese_runs_numbers_into_the_sentence():
    zh = i18n._table("zh")
    keys = [k for k in zh if k.startswith(ROOM_KEYS)]
    assert len(keys) > 100  # the room's strings were found
    bad = {k: spaced_numbers(_filled(zh[k])) for k in keys}
    assert not {k: v for k, v in bad.items() if v}


def test_the_strings_the_browser_gets_in_chinese_have_no_space_beside_a_number():
    served = json.loads(web.page_strings("zh"))
    assert served["room.month.of"] == "第{month}个月（共{months}个月）"
    bad = {k: spaced_numbers(_filled(v)) for k, v in served.items()}
    assert not {k: v for k, v in bad.items() if v}


def test_the_seat_joins_chinese_reasons_without_a_space():
    i18n.set_language("zh")
    try:
        joined = i18n.then("你还没有开业执照。", "先申请创业证。")
        assert joined == "你还没有开业执照。先申请创业证。"
    finally:
        i18n.set_language("en")
    assert i18n.then("No licence.", "Apply first.") == "No licence. Apply first."


@pytest.mark.skipif(shutil.which("node") is None, reason="no node to run the pages' script")
@pytest.mark.parametrize(
    ("lang", "joined", "names"),
    [("zh", "甲。乙。", "王敏、李华"), ("en", "A. B.", "Wang Min, Li Hua")],
)
def test_the_pages_join_sentences_and_names_as_the_language_does(lang, joined, names):
    sentences = ["甲。", "乙。"] if lang == "zh" else ["A.", "B."]
    people = ["王敏", "李华"] if lang == "zh" else ["Wang Min", "Li Hua"]
    stub = (  # the browser's globals room.js reads as it loads
        f"globalThis.localStorage = {{getItem: () => {json.dumps(lang)}, setItem() {{}}}};"
        "globalThis.navigator = {language: 'en'};"
    )
    script = (web.WEB_DIR / "room.js").read_text(encoding="utf-8")
    probe = (
        f"console.log(JSON.stringify([Room.then({json.dumps(sentences)}),"
        f" Room.listing({json.dumps(people)})]));"
    )
    out = subprocess.run(
        ["node", "-e", stub + script + probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(out.stdout) == [joined, names]
