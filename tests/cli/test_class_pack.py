"""docs/class-pack: the files exist in English and Chinese, and render: balanced code fences,
tables whose rows have their header's columns, links to files and evidence anchors that exist,
a 90-minute plan whose rows run from 0 to 90 without gap, and the essay paraphrased, not pasted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "docs" / "class-pack"
NAMES = ["README", "plan-90", "student-sheet", "talking-points", "rubric", "questions"]
FILES = [PACK / f"{n}{lang}.md" for n in NAMES for lang in ("", ".zh")]
ESSAY = Path("/work/shared/seed/laying-off-responsibility.txt")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    ids = set(re.findall(r'<a id="([^"]+)"', text))
    heads = {_slug(h) for h in re.findall(r"^#+\s+(.*)$", text, re.M)}
    return ids | heads


def _tables(text: str) -> list[list[list[str]]]:
    tables, current = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif current:
            tables.append(current)
            current = []
    return tables


def test_every_file_is_there_in_both_languages() -> None:
    missing = [p.name for p in FILES if not p.is_file()]
    assert not missing


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_file_renders(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert text.count("```") % 2 == 0, "an unclosed code block"
    for table in _tables(text):
        assert len(table) >= 2 and set("".join(table[1])) <= set("-: "), "a table without its rule"
        widths = {len(row) for row in table}
        assert widths == {len(table[0])}, f"rows with other than {len(table[0])} columns"
    for target in re.findall(r"\]\(([^)]+)\)", text):
        if target.startswith("http"):
            continue
        file, _, anchor = target.partition("#")
        dest = (path.parent / file).resolve() if file else path
        assert dest.is_file(), f"a link to {target} that does not exist"
        if anchor:
            assert anchor in _anchors(dest), f"no anchor #{anchor} in {dest.name}"
    for name in re.findall(r"scenarios/examples/[a-z0-9_]+\.yaml", text):
        assert (ROOT / name).is_file(), name


@pytest.mark.parametrize("lang", ["", ".zh"])
def test_the_plan_fits_ninety_minutes(lang: str) -> None:
    text = (PACK / f"plan-90{lang}.md").read_text(encoding="utf-8")
    spans = [tuple(map(int, m)) for m in re.findall(r"^\| (\d+)-(\d+) \|", text, re.M)]
    assert spans[0][0] == 0 and spans[-1][1] == 90
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False)), spans


def test_both_languages_say_the_same_number_of_things() -> None:
    for name in NAMES:
        en = (PACK / f"{name}.md").read_text(encoding="utf-8")
        zh = (PACK / f"{name}.zh.md").read_text(encoding="utf-8")
        assert [len(t) for t in _tables(en)] == [len(t) for t in _tables(zh)], name
        assert len(re.findall(r"^\*\*\d+\.", en, re.M)) == len(re.findall(r"^\*\*\d+\.", zh, re.M))


@pytest.mark.skipif(not ESSAY.is_file(), reason="the essay's text is not on this machine")
def test_the_essay_is_paraphrased_not_pasted() -> None:
    words = re.findall(r"[a-z']+", ESSAY.read_text(encoding="utf-8").lower())
    runs = {" ".join(words[i : i + 10]) for i in range(len(words) - 10)}
    for path in FILES:
        ours = re.findall(r"[a-z']+", path.read_text(encoding="utf-8").lower())
        pasted = [" ".join(ours[i : i + 10]) for i in range(len(ours) - 10)]
        assert not [r for r in pasted if r in runs], path.name
