"""Instructors' headless commands on scenarios: `validate`, `schema` (`sweep`, which runs
the town, is game/sweep.py: the scenario format depends on no runner).

Each `run_*` takes the argparse namespace from game/cli.py and returns an exit code:
0 done, 2 bad input (with a message that says what to change).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from game.scenario.loader import ScenarioError, load_scenario

# --- validate ------------------------------------------------------------------------------------


def run_validate(args: Any) -> int:
    """`validate FILE...`: "FILE: ok" per valid file (exit 0); every problem otherwise (exit 2)."""
    status = 0
    for name in args.files:
        t0 = time.perf_counter()
        try:
            load_scenario(name)
        except ScenarioError as exc:
            status = 2
            for problem in exc.problems:
                print(problem)
            n = len(exc.problems)
            print(f"{name}: {n} problem{'s' if n != 1 else ''}")
            continue
        ms = (time.perf_counter() - t0) * 1000
        for gap in language_gaps(name):
            print(gap)
        print(f"{name}: ok ({ms:.0f} ms)" if getattr(args, "timing", False) else f"{name}: ok")
    return status


# Fields whose value a player reads: written once, it shows in that language in both interfaces.
TEXT_KEYS = {
    "title",
    "place",
    "summary",
    "text",
    "label",
    "consequence",
    "say",
    "bio",
    "relation",
    "firm",
    "former_job",
    "briefing",
}
LANG_NAMES = {"en": "English", "zh": "Chinese"}


def language_gaps(path: str) -> list[str]:
    """Warnings (not problems) for texts a player reads in only one language:
    `file:line:column: warning: ...`. A file that loads has sound YAML, so this reads it again
    for the positions; built-in names (no file) have none to report."""
    import yaml  # noqa: PLC0415

    from game.scenario.loader import BUILTIN_DIR  # noqa: PLC0415

    f = Path(path)
    if not f.is_file():
        f = Path(BUILTIN_DIR) / f"{path}.yaml"
        if not f.is_file():
            return []
    try:
        root = yaml.compose(f.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    out: list[str] = []

    def where(node) -> str:
        return f"{path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"

    def text_value(key: str, node) -> None:
        if isinstance(node, yaml.ScalarNode) and str(node.value).strip():
            out.append(
                f"{where(node)}: warning: {key} is in one language only; write {{en: ..., zh: ...}} or the other interface shows it untranslated"
            )
        elif isinstance(node, yaml.MappingNode):
            langs = {k.value for k, _v in node.value if isinstance(k, yaml.ScalarNode)}
            if langs and langs <= set(LANG_NAMES):
                for lang in sorted(set(LANG_NAMES) - langs):
                    out.append(
                        f"{where(node)}: warning: {key} has no {LANG_NAMES[lang]} ({lang}:); that interface shows it in the other language"
                    )
        elif isinstance(node, yaml.SequenceNode) and key == "briefing":
            for item in node.value:
                text_value(key, item)

    def walk(node) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else ""
                if key in TEXT_KEYS:
                    text_value(key, v)
                    if not isinstance(v, yaml.ScalarNode):
                        walk_children(v)
                elif key == "name" and isinstance(v, (yaml.ScalarNode, yaml.MappingNode)):
                    text_value(key, v)
                else:
                    walk(v)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    def walk_children(node) -> None:
        if isinstance(node, yaml.MappingNode) and not {
            k.value for k, _v in node.value if isinstance(k, yaml.ScalarNode)
        } <= set(LANG_NAMES):
            walk(node)

    if root is not None:
        walk(root)
    return out


# --- schema --------------------------------------------------------------------------------------


def run_schema(args: Any) -> int:
    """`schema`: the JSON Schema of the scenario format on stdout (for editors)."""
    from game.scenario.json_schema import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0
