"""Glossary terms render with Noto Sans SC (characters and pinyin tone marks): no missing glyph."""

from __future__ import annotations

import pygame
import pytest

from game.debrief import glossary
from game.ui import fonts
from game.ui.widgets import text as tx

REQUIRED = {
    "下岗": "xiàgǎng",
    "铁饭碗": "tiěfànwǎn",
    "单位": "dānwèi",
    "再就业": "zàijiùyè",
    "小额担保贷款": "xiǎo'é dānbǎo dàikuǎn",
    "担保人": "dānbǎorén",
    "国有企业": "guóyǒu qǐyè",
    "内退": "nèituì",
    "农民工": "nóngmíngōng",
}


def test_the_glossary_has_the_terms_of_the_essay_and_the_policy():
    by_hanzi = {term.hanzi: term.pinyin for term in glossary.terms()}
    for hanzi, pinyin in REQUIRED.items():
        assert by_hanzi.get(hanzi) == pinyin
    ids = [term.id for term in glossary.terms()]
    assert len(ids) == len(set(ids))
    for term in glossary.terms():
        assert (
            term.term != f"debrief.glossary.{term.id}.term"
            and term.text != f"debrief.glossary.{term.id}.text"
        )


@pytest.mark.parametrize("bold", [False, True])
def test_every_glossary_string_renders_with_no_missing_glyph(bold):
    pygame.font.init()
    for term in glossary.terms():
        for text in (term.hanzi, term.pinyin, term.line(), term.term, term.text):
            assert fonts.missing_glyphs(text, "sc", bold) == [], (term.id, text)
        # the screen draws pinyin and the English alone with the Latin face
        for text in (term.pinyin, term.term, term.text):
            assert fonts.missing_glyphs(text, "sans", bold) == [], (term.id, text)


def test_the_screen_picks_the_chinese_face_for_characters():
    pygame.font.init()
    assert tx.needs_cjk("下岗") and not tx.needs_cjk("xiàgǎng")
    surf = tx.render("下岗 xiàgǎng", 20, (255, 255, 255))
    assert surf.get_bounding_rect().w > 60  # drawn, not empty boxes of zero ink
