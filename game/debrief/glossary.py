"""Terms the game and its sources use, with Chinese characters and pinyin (tone marks).

The characters and the pinyin are data (the same in every language); what a term means is a
player-facing string (`debrief.glossary.<id>.term` and `.text` in assets/i18n). The debrief
draws them with Noto Sans SC (game.ui.fonts), which has both the characters and the tone marks;
tests/debrief checks that no glyph is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.i18n import t


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

    def line(self) -> str:
        """ "下岗 xiàgǎng: laid off": one line, as the screen and the report show it."""
        return f"{self.hanzi} {self.pinyin}: {self.term}"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "hanzi": self.hanzi,
            "pinyin": self.pinyin,
            "term": self.term,
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


__all__ = ["Term", "TERMS", "terms"]


# --- sources -------------------------------------------------------------------------------------


def sources(session) -> dict:
    """Every source the run's numbers came from: the scenario's references, and its numbers
    grouped by the source each cites (`Scenario.sources()`, from the files' `source:` fields and
    the parameters' default citations). Numbers with no source are listed as assumptions."""
    sc = session.scenario
    story = getattr(sc, "story", sc)
    refs = [str(r) for r in (getattr(story, "references", None) or [])]
    groups: dict[str, dict] = {}
    try:
        rows = sc.sources() if hasattr(sc, "sources") else []
    except Exception:  # noqa: BLE001 - a scenario rebuilt from an old save may not answer
        rows = []
    for r in rows:
        key = "" if r.assumption else str(r.source)
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
