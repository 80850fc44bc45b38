"""Loading good scenarios: defaults, sources, languages, extends, built-ins, round trips."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from game.core.params import Params, default_trades
from game.scenario import (
    ScenarioError,
    list_builtin,
    load_scenario,
    load_scenario_data,
    load_scenario_text,
    loader,
    resolve_scenario,
    tr,
)

DATA = Path(__file__).resolve().parent.parent / "data"
GOOD = DATA / "good_minimal.yaml"


def test_a_title_alone_is_a_scenario_with_every_default() -> None:
    sc = load_scenario_text("title: Just a title\n", "short.yaml")
    assert sc.params == Params()
    assert sc.title == "Just a title"
    assert sc.player.drawn
    assert sc.events == []


def test_good_minimal_sets_what_it_says_and_keeps_the_rest() -> None:
    sc = load_scenario(GOOD)
    assert sc.months == 12
    assert sc.params.policy.loan_ceiling_yuan == 50_000
    assert sc.params.policy.certificate_probability == Params().policy.certificate_probability
    assert [t.key for t in sc.params.trades] == ["noodles", "shop"]
    assert sc.params.trades[0].name == "Noodle stall"  # the core gets English
    assert sc.trade_name("noodles", "zh") == "面摊"
    assert tr(sc.title, "zh") == "测试小镇" and tr(sc.title, "en") == "A short test town"
    assert tr(sc.title, "fr") == "A short test town"  # falls back to English
    assert sc.name == "good_minimal"


def test_sources_list_every_number_with_the_files_citation_or_the_default() -> None:
    sc = load_scenario(GOOD)
    by_path = {s.path: s for s in sc.sources()}
    ceiling = by_path["policy.loan_ceiling_yuan"]
    assert ceiling.value == 50_000
    assert ceiling.source.startswith("docs/evidence.md#loan-2009: loan ceiling ~2008-09")
    assert not ceiling.assumption and ceiling.set_in.endswith("good_minimal.yaml")
    households = by_path["town.households"]
    assert households.source == "assumption" and households.assumption
    term = by_path["policy.loan_term_months"]
    assert "no source given" in term.source
    # untouched: the core's own citation
    assert by_path["income.hospital_bill_yuan"].source.startswith(
        "docs/evidence.md#health-shock: health statistics 2016"
    )
    assert by_path["income.hospital_bill_yuan"].set_in == "default"
    # only numbers and switches, no colours or keys
    assert "trades.0.key" not in by_path and "trades.1.colour" not in by_path


def test_numbers_in_the_story_may_carry_sources_too() -> None:
    sc = load_scenario_text(
        "title: x\nplayer: {name: Wang Min, age: 47, sex: female, savings_yuan: {value: 14000, source: 'a survey'}}\n",
        "p.yaml",
    )
    assert sc.player.savings_yuan == 14_000
    assert ("player.savings_yuan", 14_000, "a survey") in [
        (s.path, s.value, s.source) for s in sc.sources()
    ]


def test_to_dict_round_trips_to_the_same_scenario() -> None:
    sc = load_scenario(GOOD)
    again = load_scenario_data(sc.to_dict(), "saved")
    assert again.params == sc.params
    assert again.story == sc.story
    assert again.trade_names == sc.trade_names
    assert again.digest() == sc.digest()
    assert {
        (s.path, s.source) for s in again.sources() if s.set_in != "default" and not s.assumption
    } >= {
        (
            "policy.loan_ceiling_yuan",
            "docs/evidence.md#loan-2009: loan ceiling ~2008-09, 50k general (legal Q&A sites)",
        )
    }


def test_digest_changes_with_any_parameter() -> None:
    a = load_scenario_text("title: x\n", "a.yaml")
    b = load_scenario_text("title: x\npolicy: {loan_ceiling_yuan: 99999}\n", "b.yaml")
    assert a.digest() != b.digest()


def test_bytes_are_checked_like_a_file() -> None:
    with pytest.raises(ScenarioError, match="binary"):
        load_scenario_text(b"title: x\x00", "junk.yaml")
    assert load_scenario_text("title: café\n".encode(), "ok.yaml").title == "café"
    assert load_scenario_text(b"\xef\xbb\xbftitle: bom\n", "bom.yaml").title == "bom"


def test_scientific_notation_is_a_number() -> None:
    sc = load_scenario_text("title: x\npolicy: {loan_ceiling_yuan: 5e4}\n", "e.yaml")
    assert sc.params.policy.loan_ceiling_yuan == 50_000


# --- extends ------------------------------------------------------------------------------------


def _write(folder: Path, name: str, text: str) -> Path:
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def test_extends_lays_a_short_file_over_its_base(tmp_path: Path) -> None:
    base = _write(tmp_path, "base.yaml", GOOD.read_text(encoding="utf-8"))
    variant = _write(
        tmp_path,
        "variant.yaml",
        """
extends: base.yaml
title: Base, with a higher ceiling
policy:
  loan_ceiling_yuan: {value: 150000, source: "Global Times 2018"}
trades:
  - {key: shop, rent_yuan_per_month: 900}
  - {key: noodles, remove: true}
  - {key: hair, name: Hair salon, icon: scissors, skill_group: care, budget_share: 0.03, start_price_yuan: 25, unit_cost_yuan: 5}
""",
    )
    b, v = load_scenario(base), load_scenario(variant)
    assert v.params.policy.loan_ceiling_yuan == 150_000
    assert v.params.policy.loan_term_months == b.params.policy.loan_term_months == 12
    assert v.months == 12  # from the base
    assert [t.key for t in v.params.trades] == ["shop", "hair"]
    shop = v.params.trades[0]
    assert (
        shop.rent_yuan_per_month == 900 and shop.start_up_cost_yuan == 40_000
    )  # merged field by field
    assert v.title == "Base, with a higher ceiling"
    assert [e.id for e in v.events] == [e.id for e in b.events]  # not given: kept
    sources = {s.path: s for s in v.sources()}
    assert sources["policy.loan_ceiling_yuan"].source == "Global Times 2018"
    assert sources["town.households"].set_in.endswith("base.yaml")  # the base's note survives
    assert v.files[0].endswith("variant.yaml") and v.files[1].endswith("base.yaml")


def test_extends_without_trades_in_the_base_matches_the_default_trades(tmp_path: Path) -> None:
    _write(tmp_path, "base.yaml", "title: base\n")
    v = load_scenario(
        _write(
            tmp_path,
            "v.yaml",
            "extends: base.yaml\ntrades:\n  - {key: building, budget_share: 0.05}\n",
        )
    )
    assert [t.key for t in v.params.trades] == [t.key for t in default_trades()]
    assert v.params.trades[-1].budget_share == 0.05
    assert v.params.trades[-1].remittance_share == default_trades()[-1].remittance_share


def test_problems_in_the_base_name_the_base_file(tmp_path: Path) -> None:
    _write(tmp_path, "base.yaml", "title: base\npolicy:\n  loan_term_months: lots\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, "v.yaml", "extends: base.yaml\nmonths: 12\n"))
    assert any(
        p.startswith("base.yaml:3:21: policy.loan_term_months: not a number")
        or "base.yaml:3:21: policy.loan_term_months" in p
        for p in info.value.problems
    )


def test_extends_must_name_a_yaml_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no built-in scenario or file called '/etc/passwd'"):
        load_scenario(_write(tmp_path, "v.yaml", "title: x\nextends: /etc/passwd\n"))


def test_a_three_file_loop_is_found(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", "title: a\nextends: b.yaml\n")
    _write(tmp_path, "b.yaml", "title: b\nextends: c.yaml\n")
    _write(tmp_path, "c.yaml", "title: c\nextends: a.yaml\n")
    with pytest.raises(ScenarioError, match=r"loop \(a.yaml -> b.yaml -> c.yaml -> a.yaml\)"):
        load_scenario(tmp_path / "a.yaml")


# --- built-ins ----------------------------------------------------------------------------------


@pytest.fixture
def builtin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    monkeypatch.setattr(loader, "BUILTIN_DIR", folder)
    return folder


def test_built_ins_resolve_by_name_and_are_listed_in_order(
    builtin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        builtin_dir,
        "steel_town_2016.yaml",
        "title: Steel town\nyear: 2016\nplace: north\nsummary: s\norder: 10\n",
    )
    _write(
        builtin_dir,
        "tutorial.yaml",
        "title: Tutorial\nmonths: 6\norder: 0\npolicy: {loan_term_months: 6}\n",
    )
    _write(builtin_dir, "broken.yaml", "title: [\n")
    monkeypatch.chdir(builtin_dir.parent)
    assert resolve_scenario("steel_town_2016") == builtin_dir / "steel_town_2016.yaml"
    assert load_scenario("tutorial").months == 6
    names = [b.name for b in list_builtin()]
    assert names == ["tutorial", "steel_town_2016", "broken"]
    broken = list_builtin()[-1]
    assert broken.problems and "YAML syntax error" in broken.problems[0]
    steel = list_builtin()[1]
    assert (steel.title, steel.year, steel.place, steel.months) == ("Steel town", 2016, "north", 24)
    # a teaching variant extends a built-in by name
    v = load_scenario(
        _write(
            builtin_dir.parent,
            "v.yaml",
            "extends: steel_town_2016\npolicy: {loan_ceiling_yuan: 20000}\n",
        )
    )
    assert v.title == "Steel town" and v.params.policy.loan_ceiling_yuan == 20_000


def test_unknown_built_in_suggests_the_nearest(builtin_dir: Path) -> None:
    _write(builtin_dir, "xiagang_1998.yaml", "title: x\n")
    with pytest.raises(ScenarioError, match="did you mean 'xiagang_1998'"):
        load_scenario("xiagang_1989")


def test_the_real_built_ins_all_load() -> None:
    for info in list_builtin():
        assert not info.problems, info.problems


# --- architecture ---------------------------------------------------------------------------


def test_the_scenario_package_never_imports_pygame() -> None:
    folder = Path(loader.__file__).parent
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            assert not any(n.split(".")[0] in ("pygame", "pygame_gui") for n in names), path


def test_params_built_by_the_loader_are_the_core_dataclasses() -> None:
    sc = load_scenario(GOOD)
    assert type(sc.params) is Params
    assert replace(sc.params, months=24).months == 24  # frozen dataclass, usable with replace
