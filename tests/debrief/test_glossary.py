"""Glossary terms render with Noto Sans SC (characters and pinyin tone marks): no missing glyph."""

from __future__ import annotations

import pygame
import pytest
from debrief_helpers import finished, frames

from game import i18n
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


def test_in_chinese_a_term_is_named_once_with_its_pinyin_in_brackets(make_app):
    """The glossary's line in Chinese: 单位（dānwèi）, not "单位 dānwèi: 单位" (the meaning
    only where it adds to the characters), the same in the run menu and the debrief's
    glossary, which draws the pinyin so and never the term again under it."""
    from game.ui.scenes.run_menu import glossary_text

    i18n.set_language("zh")
    by_id = {term.id: term for term in glossary.terms()}
    assert by_id["danwei"].line() == "单位（dānwèi）"
    assert by_id["xiagang"].line() == "下岗（xiàgǎng）：“从岗位上下来”"
    for term in glossary.terms():
        assert term.line().startswith(f"{term.hanzi}（{term.pinyin}）")
        assert term.line().count(term.hanzi) == 1 or "（" in term.line()[len(term.hanzi) + 2 :]
        assert f"{term.line()}\n{term.text}" in glossary_text()  # the run menu's, the same
    drawn: list[str] = []
    render, fit = tx.render, tx.fit_text

    def recording(f):
        return lambda text, *a, **k: drawn.append(text) or f(text, *a, **k)

    app = make_app(lang="zh")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tx, "render", recording(render))
        mp.setattr(tx, "fit_text", recording(fit))
        scene = app.open("debrief", session=finished(), tab="sources", start_runs=False)
        frames(app, 3)
        scene.scrollers["glossary"].surface.draw(app.window, (0, 0), 0, 400)
    assert "（xiàgǎng）" in drawn and "“从岗位上下来”" in drawn
    assert "“从岗位上下来”：下岗" not in drawn  # the meaning, without the term again
    assert "（dānwèi）" in drawn
    i18n.set_language("en")
    assert by_id["danwei"].line() == "单位 dānwèi: work unit"


def test_the_reports_glossary_says_each_terms_meaning_as_the_screens_do():
    # The report's glossary printed the translated name whole: in Chinese "单位 dānwèi 单位",
    # the characters twice, where the screens (Term.meaning) leave out what only says them
    # again. One source for a term's meaning.
    import copy
    import re
    from html import unescape

    from game.debrief import report, report_html

    s = copy.deepcopy(finished("steel_town_2016", 3))
    for lang in ("en", "zh"):
        i18n.set_language(lang)
        html = report_html.render_html(report.build_data(s), pngs={})
        rows = re.findall(
            r'<tr><td class="hz" lang="zh-Hans">(.*?)</td><td class="py">.*?</td><td>(.*?)</td>',
            html,
        )
        cells = {unescape(hz): unescape(cell) for hz, cell in rows}
        assert len(cells) == len(glossary.terms())
        for term in glossary.terms():
            meaning = term.meaning()
            cell = cells[term.hanzi]
            if meaning:
                assert cell.startswith(f"<b>{meaning}</b>"), (lang, term.id, cell)
            else:
                assert "<b>" not in cell and cell.startswith(term.text[:10]), (lang, term.id)
        if lang == "zh":
            assert not glossary.TERMS[2].meaning()  # 单位: nothing more than its characters
    i18n.set_language("en")
