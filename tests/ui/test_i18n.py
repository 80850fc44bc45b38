"""The translation layer: lookups, fallbacks, number formats, and that every string can be drawn."""

from __future__ import annotations

import ast
import json
import logging
import re
import string
from pathlib import Path

import pygame
import pytest

from game import i18n
from game.ui import fonts

ROOT = Path(__file__).resolve().parents[2]
TRANSLATION_CALLS = {"t", "plural"}


def _table(lang: str) -> dict[str, str]:
    return json.loads((ROOT / "assets" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


def _placeholders(text: str) -> set[str]:
    """Placeholders a caller must fill (a term, such as the loan's name, fills itself)."""
    return {
        name for _, name, _, _ in string.Formatter().parse(text) if name and name not in i18n.TERMS
    }


def test_the_loan_programme_has_its_era_name():
    i18n.set_language("zh")
    try:
        i18n.set_term("loan_name", i18n.loan_programme_terms(2016))
        assert i18n.t("loan.loan.title") == "创业担保贷款"
        i18n.set_term("loan_name", i18n.loan_programme_terms(1998))
        assert i18n.t("loan.loan.title") == "小额担保贷款"
    finally:
        i18n.set_term("loan_name", None)
        i18n.set_language("en")


def test_lookup_formats_and_falls_back(caplog, monkeypatch):
    i18n.set_language("en")
    assert i18n.t("title.menu.quit") == "Quit"
    assert i18n.t("title.version", version="9") == "version 9"
    i18n.set_language("zh")
    assert i18n.t("title.menu.quit") == "退出"
    # a string zh lacks: English shows, not the key
    monkeypatch.delitem(i18n._table("zh"), "credits.title")
    assert i18n.t("credits.title") == "Sources & credits"
    monkeypatch.undo()
    with caplog.at_level(logging.WARNING, logger="game.i18n"):
        assert i18n.t("no.such.key") == "no.such.key"
        assert i18n.t("no.such.key") == "no.such.key"
    assert sum("no.such.key" in r.getMessage() for r in caplog.records) == 1  # logged once


def test_unknown_language_falls_back_to_english():
    assert i18n.set_language("xx") is False
    assert i18n.get_language() == "en"
    assert i18n.available_languages()[0] == "en"
    assert "zh" in i18n.available_languages()
    assert i18n.language_name("zh") == "中文"


def test_missing_placeholder_does_not_crash():
    i18n.set_language("en")
    assert i18n.t("title.version") == "version {version}"
    assert i18n.t("title.version", wrong=1) == "version {version}"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12400, "¥12,400"),
        (12400.4, "¥12,400"),
        (8.5, "¥8.50"),
        (8, "¥8"),
        (0, "¥0"),
        (-1200, "-¥1,200"),
        (1_234_567, "¥1,234,567"),
        (float("nan"), "¥-"),
    ],
)
def test_yuan(value, text):
    assert i18n.yuan(value) == text


def test_units_and_plurals():
    i18n.set_language("en")
    assert i18n.yuan_per(8.5, "unit.bowl") == "¥8.50 / bowl"
    assert i18n.months(1) == "1 month"
    assert i18n.months(3) == "3 months"
    assert i18n.months(1200) == "1,200 months"
    assert i18n.percent(0.315) == "32%"
    i18n.set_language("zh")
    assert i18n.months(1) == "1个月"  # no singular, and no space between a digit and a character
    assert i18n.yuan_per(8.5, "unit.bowl") == "¥8.50/碗"


def _keys_used_in_code() -> dict[str, tuple[str, str]]:
    """Literal first arguments of t(...) / i18n.t(...) / plural(...) anywhere under game/."""
    used: dict[str, tuple[str, str]] = {}
    for path in (ROOT / "game").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            arg = node.args[0]
            if (
                name in TRANSLATION_CALLS
                and isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
            ):
                used[arg.value] = (f"{path.relative_to(ROOT)}:{node.lineno}", name)
    return used


def test_every_key_used_in_code_is_in_english():
    en = _table("en")
    used = _keys_used_in_code()
    assert len(used) > 50  # the scan found the game's calls
    missing = []
    for key, (where, func) in sorted(used.items()):
        wanted = [key + ".one", key + ".other"] if func == "plural" else [key]
        if not all(k in en for k in wanted):
            missing.append(f"{key} ({where})")
    assert not missing, "keys missing from en.json:\n" + "\n".join(missing)


def test_translation_files_are_sorted_and_consistent():
    en = _table("en")
    for lang in i18n.available_languages():
        table = _table(lang)
        assert list(table) == sorted(table), f"{lang}.json keys are not sorted"
        assert all(isinstance(v, str) and v for v in table.values())
        extra = set(table) - set(en)
        assert not extra, f"{lang}.json has keys English lacks: {sorted(extra)}"
        for key, text in table.items():
            if key.endswith(".one") or key.endswith(".other"):
                continue
            assert _placeholders(text) == _placeholders(en[key]), (
                f"{lang}:{key} placeholders differ"
            )


def test_every_string_has_glyphs_in_the_font_that_draws_it():
    """Chinese in Noto Sans SC, the rest in Noto Sans: no empty boxes anywhere."""
    pygame.font.init()
    problems = []
    for lang in i18n.available_languages():
        lang_family = fonts.family_for_language(lang)
        for key, text in _table(lang).items():
            family = "sc" if fonts.needs_cjk(text) else lang_family
            for bold in (False, True):
                missing = fonts.missing_glyphs(text, family, bold)
                if missing:
                    problems.append(f"{lang}:{key} lacks {missing} in {family}")
    assert not problems, "\n".join(problems)


def test_glyph_check_can_fail():
    """The check above is real: Latin Noto Sans has no Chinese, SC has no Tamil."""
    pygame.font.init()
    assert sorted(fonts.missing_glyphs("铁饭碗", "sans")) == sorted("铁饭碗")
    assert fonts.missing_glyphs("ok ௵", "sc") == ["௵"]
    assert fonts.missing_glyphs("铁饭碗 ¥12,400", "sc") == []


def test_chinese_translation_covers_the_title_and_menu():
    zh = _table("zh")
    for key in [
        "title.game_name",
        "title.menu.new_game",
        "title.menu.continue",
        "title.menu.load",
        "title.menu.scenarios",
        "title.menu.settings",
        "title.menu.credits",
        "title.menu.quit",
    ]:
        assert key in zh and re.search(r"[\u4e00-\u9fff]", zh[key]), key


def test_the_firm_is_named_as_the_scenario_names_it():
    """'The mill laid you off' in the steel town; the 1998 machinery plant and the 2009 shoe
    factory are not called a mill (nor 钢厂) anywhere the game's own words name the employer."""
    from game.session import GameSession

    for name, en, zh in (
        ("steel_town_2016", "mill", "钢厂"),
        ("xiagang_1998", "plant", "工厂"),
        ("returnee_township_2009", "factory", "工厂"),
    ):
        GameSession.new(name, seed=1, autosave=False)
        i18n.set_language("en")
        assert i18n.t("cause.laid_off") == f"The {en} laid you off."
        i18n.set_language("zh")
        assert i18n.t("cause.laid_off") == f"{zh}让你下岗了。"
    i18n.set_language("en")


def test_a_failure_says_why_without_the_files_name():
    """An OSError's text names its file ("[Errno 13] Permission denied: '/home/…/report.html'"):
    the player reads the system's reason alone (never a file name to a player)."""
    err = PermissionError(13, "Permission denied", "/home/student/Documents/r.html")
    assert "r.html" in str(err)
    assert i18n.failure(err) == "Permission denied"
    assert i18n.failure(OSError("/tmp/x")) == i18n.t("error.see_log")  # no reason: the log
    assert "see_log" not in i18n.t("error.see_log")
    assert i18n.failure(ValueError("/tmp/x is bad")) == i18n.t("error.see_log")
    assert i18n.failure(ValueError("the file's header is damaged"), own_words=True) == (
        "the file's header is damaged"
    )


# Strings that name a file or folder: printed to a terminal (the report command, a start that
# failed), or what the instructor typed, said back. Every other string says where in words (the
# picker names a scenario by its title, a copy by a number: never by its file).
NAMES_A_FILE = {
    "debrief.report.error.replay_diverged",  # `python main.py report`, in a terminal
    "debrief.report.error.replay_failed",
    "debrief.report.error.write",
    "error.fatal",  # printed when the game cannot go on
    "error.fatal_start",
    "picker.open_file.not_found",  # what the instructor typed, said back
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_string_on_screen_names_a_file_or_folder(lang):
    table = i18n._table(lang)
    naming = {
        k
        for k, v in table.items()
        if re.search(r"\{(file|folder|log|dir|file_name|filename)\b", v)
        or (re.search(r"\{path\b", v) and not k.startswith(("debrief.beat", "debrief.guess",
                                                            "debrief.other", "path.", "reason.")))
    }  # fmt: skip
    assert naming == NAMES_A_FILE


def test_chinese_runs_numbers_into_the_sentence_everywhere():
    """第3个月, not 第 3 个月: no Chinese string has a space between a hanzi and a digit or a
    placeholder (most placeholders are numbers), as the room's once had (tests/room)."""
    from game.zh import spaced_numbers

    table = i18n._table("zh")
    filled = {k: re.sub(r"\{[^}]*\}", "7", v) for k, v in table.items()}
    assert not {k: spaced_numbers(v) for k, v in filled.items() if spaced_numbers(v)}


def test_the_glossary_in_chinese_names_each_term_once_with_its_pinyin():
    """In Chinese a term's meaning is mostly its own characters ("单位 dānwèi: 单位"): the
    run menu's glossary shows 单位（dānwèi）, and the meaning only where it adds something."""
    from game.debrief import glossary
    from game.ui.scenes.run_menu import glossary_text

    i18n.set_language("zh")
    try:
        heads = glossary_text().split("\n\n")
    finally:
        i18n.set_language("en")
    terms = glossary.terms()
    assert len(heads) == len(terms)
    for head, term in zip(heads, terms, strict=True):
        first = head.split("\n")[0]
        assert first.startswith(f"{term.hanzi}（{term.pinyin}）"), first
        assert first.count(term.hanzi) == 1 or "（" in first[len(term.hanzi) + 2 :], first
    assert heads[0].startswith("下岗（xiàgǎng）：“从岗位上下来”\n")
    assert glossary_text().startswith("下岗 xiàgǎng: 'stepping down from the post': laid off")


def test_every_english_string_has_its_chinese():
    """A student playing in Chinese never meets English: the credits' title was "Sources &
    credits" on the Chinese screen. Only the singular plural forms are English's alone (Chinese
    has none: i18n.plural takes .other)."""
    en, zh = i18n._table("en"), i18n._table("zh")
    missing = [
        k for k in en if k not in zh and not (k.endswith(".one") and k[:-4] + ".other" in zh)
    ]
    assert missing == []


def test_a_debt_is_broken_down_without_the_parts_nobody_is_owed():
    # A play-tester read "owes ¥3,000: bank ¥3,000, relatives ¥0" (and "¥0 family, ¥0 bank").
    i18n.set_language("en")
    assert i18n.debt_parts(0.0, 3000.0) == "¥3,000 bank"
    assert i18n.debt_parts(1200.4, 0.2) == "¥1,200 family"
    assert i18n.debt_parts(1200.0, 3000.0) == "¥1,200 family, ¥3,000 bank"
    assert i18n.debt_parts(0.4, 0.0) == ""
    i18n.set_language("zh")
    assert i18n.debt_parts(0.0, 3000.0) == "银行¥3,000"
    assert i18n.debt_parts(1200.0, 3000.0) == "亲戚¥1,200，银行¥3,000"
    i18n.set_language("en")
    # every breakdown goes through it: no string sets both parts side by side on its own
    for lang in i18n.available_languages():
        both = {k for k, v in i18n._table(lang).items() if "{informal}" in v and "{loan}" in v}
        assert not both, (lang, both)
