"""Mistakes an instructor makes that used to pass or point to the wrong place: a quote never
closed, a percentage where a share belongs, "unemployed" for a status, effects' defaults."""

from __future__ import annotations

import pytest

from game.scenario import docs
from game.scenario.loader import ScenarioError, load_scenario_text


def _problems(text: str) -> str:
    with pytest.raises(ScenarioError) as err:
        load_scenario_text(text, "t.yaml")
    return "\n".join(err.value.problems)


@pytest.mark.parametrize(
    "text",
    [
        'title: T\nplace: "Shanxi\nyear: 2016\nsummary: ok\n',  # runs to the end of the file
        "title: T\nplace: 'Shanxi\nyear: 2016\n",
        'title: T\nplace: "Shanxi\nyear: 2016\nsummary: "ok"\nmonths: 12\n',  # closes further down
    ],
)
def test_an_unclosed_quote_is_reported_where_it_opens(text: str) -> None:
    got = _problems(text)
    assert got.startswith("t.yaml:2:8: ")
    assert "never closed" in got


def test_a_quoted_text_over_two_lines_is_still_fine() -> None:
    text = 'title: "A long\n  title"\nmonths: 12\n'
    assert load_scenario_text(text, "t.yaml").months == 12


def test_percentages_where_shares_belong_are_refused_with_the_share_written_out() -> None:
    got = _problems(
        "title: T\nremittance_index_by_month: [100, 85]\nlayoff_waves:\n  - {month: 0, share: 40}\n"
    )
    assert "remittance_index_by_month.0: out of range" in got
    assert "layoff_waves.0.share: out of range" in got
    assert got.count("85% is 0.85") == 2


def test_unemployed_suggests_the_statuses_it_means() -> None:
    got = _problems(
        "title: T\nevents:\n  - id: a\n    title: A\n    text: B\n    when: {status: unemployed}\n"
        "    choices:\n      - {label: x, consequence: y}\n      - {label: z, consequence: w}\n"
    )
    assert "did you mean 'laid_off' or 'job_search'" in got
    assert "self_employed'?" not in got


def test_the_reference_says_every_effect_field_is_optional_with_its_default() -> None:
    text = docs.render()
    assert "Every field is optional" in text
    assert "`reason` (string, none)" in text
    assert "`lot` (int, -1: none)" in text
    assert "`guarantor` (int, -1: none)" in text


def test_the_reference_states_the_month_numbering_at_the_top() -> None:
    text = docs.render()
    assert text.index("**Months.**") < text.index("## Rules of the format")
    assert "month 0 is the month the game opens" in text


def test_validate_warns_of_a_text_in_one_language_and_still_accepts_it(tmp_path, capsys):
    from types import SimpleNamespace

    from game.scenario import tools

    f = tmp_path / "coal.yaml"
    f.write_text(
        "title: {en: Coal town, zh: 煤城}\n"
        "place: Shanxi\n"
        "firm: {en: mine}\n"
        "summary: {en: A mine lays off, zh: 煤矿裁员}\n",
        encoding="utf-8",
    )
    assert tools.run_validate(SimpleNamespace(files=[str(f)])) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"{f}: ok"
    warned = [line for line in out if ": warning: " in line]
    assert [w.split(": warning: ")[0] for w in warned] == [f"{f}:2:8", f"{f}:3:7"]
    assert "one language only" in warned[0] and "no Chinese (zh:)" in warned[1]
    for name in ("steel_town_2016", "xiagang_1998", "tutorial"):  # the built-ins: both, always
        assert tools.language_gaps(name) == []
