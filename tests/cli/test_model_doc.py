"""docs/model.md stays true to the code: its parameter tables are the defaults and sources of
game/core/params.py, and every rule function it names exists.

When a default or a source changes, regenerate the tables:

    python tests/cli/test_model_doc.py --write
"""

from __future__ import annotations

import importlib
import re
import sys
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import get_args, get_type_hints

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.core import params as P  # noqa: E402

DOC = ROOT / "docs" / "model.md"
BEGIN, END = (
    "<!-- params:begin (generated: python tests/cli/test_model_doc.py --write) -->",
    "<!-- params:end -->",
)
SECTIONS = [
    ("Params", "The run", P.Params()),
    ("town", "The town at the start (`town.*`)", P.TownParams()),
    ("income", "Incomes, transfers and costs of living (`income.*`)", P.IncomeParams()),
    ("policy", "The policy (`policy.*`)", P.Policy()),
    ("market", "The market: customers, prices, capital (`market.*`)", P.MarketParams()),
    ("behaviour", "How households decide (`behaviour.*`)", P.Behaviour()),
    ("layoff_waves.0", "The default layoff wave (`layoff_waves.0.*`)", P.Params().layoff_waves[0]),
]


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:,g}"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]" if v else "[] (none)"
    return str(v)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _source(meta: dict) -> str:
    src = meta.get("source", "")
    return "**assumption**" if src == P.ASSUMPTION else _cell(src)


def params_tables() -> str:
    out = [BEGIN, ""]
    for prefix, title, obj in SECTIONS:
        out += [
            f"#### {title}",
            "",
            "| Parameter | Default | Unit | Source | Meaning |",
            "|---|---|---|---|---|",
        ]
        hints = get_type_hints(type(obj))
        for f in fields(obj):
            v = getattr(obj, f.name)
            # Nested blocks and lists of them (trades, waves, the schedule, even when empty) get
            # tables or prose of their own.
            if is_dataclass(v) or any(is_dataclass(a) for a in get_args(hints[f.name])):
                continue
            name = f.name if prefix == "Params" else f"{prefix}.{f.name}"
            meta = dict(f.metadata)
            out.append(
                f"| `{name}` | {_cell(_value(v))} | {_cell(meta.get('unit', ''))} | {_source(meta)} | "
                f"{_cell(meta.get('help', ''))} |"
            )
        out.append("")
    # The trades: one column per trade, one row per field.
    trades = P.default_trades()
    out += [
        "#### The seven default trades (`trades.N.*`, N = 0..6)",
        "",
        "| Field | "
        + " | ".join(f"{i}: `{t.key}`" for i, t in enumerate(trades))
        + " | Unit | Source |",
        "|---|" + "---|" * (len(trades) + 2),
    ]
    for f in fields(P.Trade):
        if f.name in ("key", "icon", "colour"):
            continue
        meta = dict(f.metadata)
        vals = " | ".join(_cell(_value(getattr(t, f.name))) for t in trades)
        out.append(f"| `{f.name}` | {vals} | {_cell(meta.get('unit', ''))} | {_source(meta)} |")
    out += ["", END]
    return "\n".join(out)


def _current_block(text: str) -> str:
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[start:end]


def write() -> None:
    text = DOC.read_text(encoding="utf-8")
    DOC.write_text(text.replace(_current_block(text), params_tables()), encoding="utf-8")


def test_parameter_tables_match_params_py():
    text = DOC.read_text(encoding="utf-8")
    assert _current_block(text) == params_tables(), (
        "docs/model.md's parameter tables differ from game/core/params.py; "
        "run: python tests/cli/test_model_doc.py --write (and reread the prose around changed numbers)"
    )


# The rule modules (game/core/rules/*.py) the doc may name as `module.name`.
RULE_MODULES = "agreements|business|choice|context|finance|household|informal|labour|market|setup"


def test_every_rule_the_doc_names_exists():
    """`module.name` names in the doc (e.g. `business.exits`, `labour.FROST_MONTHS`) point at
    real functions or constants of the rule modules. `market.x` may also be a parameter of the
    `market:` block (`market.demand_scale`), which shares the module's name."""
    text = DOC.read_text(encoding="utf-8")
    named = set(re.findall(rf"`({RULE_MODULES})\.([A-Za-z_]+)`", text))
    assert len(named) >= 20
    market_params = {f.name for f in fields(P.MarketParams)}
    missing = [
        f"{m}.{f}"
        for m, f in sorted(named)
        if not hasattr(importlib.import_module(f"game.core.rules.{m}"), f)
        and not (m == "market" and f in market_params)
    ]
    assert not missing, f"docs/model.md names rule functions that do not exist: {missing}"


def test_the_month_order_in_the_doc_is_the_engines():
    """The numbered steps of the month in the doc are the engine's rules (`MONTH_RULES`, the
    steps Engine.end_month and a batch of towns run), in order: the same module and function
    at every step."""
    engine = (ROOT / "game" / "core" / "engine.py").read_text(encoding="utf-8")
    start = engine.index("MONTH_RULES:")
    body = engine[start : engine.index("\n)\n", start)]
    calls = re.findall(rf"lambda e: ({RULE_MODULES})\.([a-z_]+)\(\s*e\.params, e\.state", body)
    assert len(calls) >= 10, calls
    text = DOC.read_text(encoding="utf-8")
    steps = text[text.index("<!-- month:begin -->") : text.index("<!-- month:end -->")]
    documented = re.findall(rf"^\d+\. \*\*`({RULE_MODULES})\.([a-z_]+)`", steps, re.M)
    assert documented == calls, (documented, calls)


if __name__ == "__main__":
    if "--write" in sys.argv:
        write()
        print(f"rewrote the parameter tables in {DOC}")
    else:
        print(params_tables())
