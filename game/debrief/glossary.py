"""Terms the game and its sources use, with Chinese characters and pinyin (tone marks).

The characters and the pinyin are data (the same in every language); what a term means is a
player-facing string (`debrief.glossary.<id>.term` and `.text` in assets/i18n). The debrief
draws them with Noto Sans SC (game.ui.fonts), which has both the characters and the tone marks;
tests/debrief checks that no glyph is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from game.debrief.argument import CITES
from game.i18n import get_language, t


def _chinese() -> bool:
    return get_language().startswith("zh")


@dataclass(frozen=True)
class Term:
    id: str
    hanzi: str
    pinyin: str

    @property
    def term(self) -> str:
        return t(f"debrief.glossary.{self.id}.term")

    @property
    def text(self) -> str:
        return t(f"debrief.glossary.{self.id}.text")

    def reading(self) -> str:
        """The pinyin as it follows the characters: in Chinese in full-width brackets."""
        return f"（{self.pinyin}）" if _chinese() else self.pinyin

    def meaning(self) -> str:
        """What the term's translated name adds to its characters ("laid off"), "" where it
        only says them again (in Chinese it mostly does: 单位 is "单位"; "“从岗位上下来”：下岗"
        explains 下岗 and then names it)."""
        meaning = self.term
        if meaning.endswith("：" + self.hanzi):
            meaning = meaning[: -len(self.hanzi) - 1]
        return "" if meaning.strip("\u201c\u201d\"' ") == self.hanzi else meaning

    def line(self) -> str:
        """One line, as the screens show it: "下岗 xiàgǎng: laid off"; in Chinese
        "下岗（xiàgǎng）：“从岗位上下来”", and "单位（dānwèi）" (not "单位 dānwèi: 单位")."""
        meaning = self.meaning()
        if _chinese():
            head = self.hanzi + self.reading()
            return f"{head}：{meaning}" if meaning else head
        head = f"{self.hanzi} {self.pinyin}"
        return f"{head}: {meaning}" if meaning else head

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "hanzi": self.hanzi,
            "pinyin": self.pinyin,
            "term": self.term,
            "meaning": self.meaning(),  # what the report shows beside the characters
            "text": self.text,
        }


TERMS: tuple[Term, ...] = (
    Term("xiagang", "下岗", "xiàgǎng"),
    Term("tiefanwan", "铁饭碗", "tiěfànwǎn"),
    Term("danwei", "单位", "dānwèi"),
    Term("guoyou_qiye", "国有企业", "guóyǒu qǐyè"),
    Term("qu_channeng", "去产能", "qù chǎnnéng"),
    Term("zaijiuye", "再就业", "zàijiùyè"),
    Term("zaijiuye_zhongxin", "再就业服务中心", "zàijiùyè fúwù zhōngxīn"),
    Term("youhuizheng", "再就业优惠证", "zàijiùyè yōuhuìzhèng"),
    Term("xiaoe_daikuan", "小额担保贷款", "xiǎo'é dānbǎo dàikuǎn"),
    Term("danbaoren", "担保人", "dānbǎorén"),
    Term("danbao_jijin", "担保基金", "dānbǎo jījīn"),
    Term("weili", "微利项目", "wēilì xiàngmù"),
    Term("chuangye", "创业", "chuàngyè"),
    Term("getihu", "个体户", "gètǐhù"),
    Term("neitui", "内退", "nèituì"),
    Term("maiduan", "买断工龄", "mǎiduàn gōnglíng"),
    Term("shiye_baoxian", "失业保险", "shīyè bǎoxiǎn"),
    Term("dibao", "低保", "dībǎo"),
    Term("nongmingong", "农民工", "nóngmíngōng"),
    Term("huikuan", "汇款", "huìkuǎn"),
    Term("liushou", "留守", "liúshǒu"),
    Term("renshe", "人力资源和社会保障部", "Rénlì Zīyuán hé Shèhuì Bǎozhàng Bù"),
)


def terms() -> list[Term]:
    return list(TERMS)


# Works the page "The other side" cites (game/debrief/complications.py).
OTHER_SIDE_CITES = (
    "Banerjee, Karlan & Zinman 2015",
    "Busso & Galiani 2019",
    "de Mel, McKenzie & Woodruff 2008",
    "McKenzie & Puerto 2021",
    "Yunus & Jolis 2001",
)

__all__ = [
    "Term",
    "TERMS",
    "terms",
    "REFERENCES",
    "listed",
    "references",
    "sources",
    "shown_source",
]


# --- sources -------------------------------------------------------------------------------------


# Every work the debrief itself cites (argument panels, the other side, questions), in full, so
# each citation on a panel resolves in the references whatever the scenario lists.
REFERENCES = {
    "Loubere 2016": "Loubere, N. (2016). Laying Off Responsibility: Microcredit, "
    "Entrepreneurship, and China's Industrial Retrenchment. Made in China 1(2).",
    "Yunus & Jolis 2001": "Yunus, M. & Jolis, A. (2001). Banker to the Poor: The Autobiography "
    "of Muhammad Yunus, Founder of the Grameen Bank. Oxford: Oxford University Press "
    "(quoted in Loubere 2016).",
    "Franceschini 2016": "Franceschini, I. (2016). Contribution to Made in China 1(2) on "
    "Chinese workers and collective rights (cited in Loubere 2016).",
    "Health statistics 2016": "National Health and Family Planning Commission (2017). Health "
    "statistics 2016.",
    "Hejiang county report": "Hejiang county (Sichuan) report on ten years of guaranteed small "
    "loans, 2004-2014: who borrowed and what they opened (periodical article, early 2015).",
    "Harbin 2008 reports": "Heilongjiang Daily via Northeast Net (19 February 2008) on Harbin's "
    "guaranteed loans; a Harbin press report (27 August 2008) on the arrears that halted new "
    "lending and the recovery drive.",
    "Busso & Galiani 2019": "Busso, M. & Galiani, S. (2019). The Causal Effect of Competition "
    "on Prices and Quality: Evidence from a Field Experiment. American Economic Journal: "
    "Applied Economics 11(1).",
    "Moretti 2010": "Moretti, E. (2010). Local Multipliers. American Economic Review: Papers & "
    "Proceedings 100(2).",
    "Taylor, Rozelle & de Brauw 2003": "Taylor, J. E., Rozelle, S. & de Brauw, A. (2003). "
    "Migration and Incomes in Source Communities: A New Economics of Migration Perspective "
    "from China. Economic Development and Cultural Change 52(1).",
    "Appleton et al. 2002": "Appleton, S., Knight, J., Song, L. & Xia, Q. (2002). Labor "
    "retrenchment in China. China Economic Review 13.",
    "Banerjee, Karlan & Zinman 2015": "Banerjee, A., Karlan, D. & Zinman, J. (2015). Six "
    "Randomized Evaluations of Microcredit: Introduction and Further Steps. American Economic "
    "Journal: Applied Economics 7(1).",
    "de Mel, McKenzie & Woodruff 2008": "de Mel, S., McKenzie, D. & Woodruff, C. (2008). "
    "Returns to Capital in Microenterprises: Evidence from a Field Experiment. Quarterly "
    "Journal of Economics 123(4).",
    "McKenzie & Puerto 2021": "McKenzie, D. & Puerto, S. (2021). Growing Markets through "
    "Business Training for Female Entrepreneurs: A Market-Level Randomized Experiment in Kenya. "
    "American Economic Journal: Applied Economics 13(2).",
}


def _cited_in(short: str, full: str) -> bool:
    """Does a scenario's reference line name the same work as a short citation?"""
    first = short.split(",")[0].split("&")[0].split(" et al")[0].split()[0]
    year = short.split()[-1]
    return first.lower() in full.lower() and year in full


def listed(short: str, refs: list[str]) -> bool:
    """Is the work behind a short citation in a list of references (in full, or by author
    and year)?"""
    return REFERENCES.get(short) in refs or any(_cited_in(short, r) for r in refs)


def references(session, cited=()) -> list[str]:
    """The scenario's references, then every work the debrief cites that they do not name."""
    story = getattr(session.scenario, "story", session.scenario)
    refs = [str(r) for r in (getattr(story, "references", None) or [])]
    for short in cited:
        full = REFERENCES.get(short)
        if full and not listed(short, refs):
            refs.append(full)
    return refs


# The parameters' sources name the design notes they were taken from; the notes do not ship
# with the game, so the debrief shows the source itself.
_NOTE_PREFIX = re.compile(r"^(evidence\.md|design\.md)(\s+(claim|fact)\s+\d+)?:\s*", re.IGNORECASE)


# "docs/evidence.md#loan-2002: ..." and "(...: #startup-motor-taxi)": where the number is
# filed in the repository, which a player never needs to see; the words after it are the source.
_EVIDENCE_FILE = re.compile(r"(docs/)?evidence\.md(#[\w-]+)?:?\s*", re.IGNORECASE)
_EVIDENCE_ANCHOR = re.compile(r":?\s*#[a-z0-9]+(-[a-z0-9]+)+\b")


def shown_source(source: str) -> str:
    text = _NOTE_PREFIX.sub("", str(source)).strip()
    text = _EVIDENCE_ANCHOR.sub("", _EVIDENCE_FILE.sub("", text)).strip()
    if str(source).lower().startswith("design.md"):
        return t("debrief.sources.design", what=text)
    return text or str(source)


def sources(session) -> dict:
    """Every source the run's numbers came from: the scenario's references, and its numbers
    grouped by the source each cites (`Scenario.sources()`, from the files' `source:` fields and
    the parameters' default citations). Numbers with no source are listed as assumptions."""

    sc = session.scenario
    cited = [c for cites in CITES.values() for c in cites] + list(OTHER_SIDE_CITES)
    refs = references(session, dict.fromkeys(cited))
    groups: dict[str, dict] = {}
    try:
        rows = sc.sources() if hasattr(sc, "sources") else []
    except Exception:  # noqa: BLE001 - a scenario rebuilt from an old save may not answer
        rows = []
    for r in rows:
        key = "" if r.assumption else shown_source(r.source)
        g = groups.setdefault(key, {"source": key, "assumption": bool(r.assumption), "numbers": []})
        g["numbers"].append(
            {
                "path": r.path,
                "value": r.value if isinstance(r.value, (int, float, str, bool)) else str(r.value),
                "set_in": r.set_in,
            }
        )
    cited = sorted(
        (g for k, g in groups.items() if k), key=lambda g: (-len(g["numbers"]), g["source"])
    )
    assumed = groups.get("", {"source": "", "assumption": True, "numbers": []})
    return {"references": refs, "cited": cited, "assumptions": assumed["numbers"]}
