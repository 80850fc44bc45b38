"""Problems and positions for the scenario loader: :class:`ScenarioError`, the context that
collects every problem with its ``file:line:column`` and field path, and "did you mean"."""

from __future__ import annotations

import difflib
from typing import Any

from game.scenario.schema import (
    WRAPPER_KEYS,
    SourceNote,
)
from game.scenario.yamlread import Mark, Problem, YList, YMap

HINTED = 200  # problems that get a "did you mean"
SHOWN_PROBLEMS = 50  # problems a dialog or a terminal shows, then a count
LISTED = 12  # names a message lists as "expected one of"


class ScenarioError(Exception):
    """A scenario could not be loaded. `.problems`: one line per problem, every one found."""

    def __init__(self, problems: list[str], details: list[Problem] | None = None) -> None:
        self.problems = list(problems)
        self.details = list(details or [])
        super().__init__(self.shown())

    def shown(self, limit: int = SHOWN_PROBLEMS, more: str = "... and {n} more problems") -> str:
        """The first `limit` problems, one a line, and how many more: what a screen or a
        terminal shows (a file with 20,000 problems must not freeze a dialog)."""
        lines = self.problems[:limit]
        if len(self.problems) > limit:
            lines = [*lines, more.format(n=f"{len(self.problems) - limit:,}")]
        return "\n".join(lines)


Loc = tuple[Any, ...]


class _Ctx:
    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.tree: Any = None
        self.problems: list[Problem] = []
        self.notes: dict[str, SourceNote] = {}
        self.trade_names: dict[str, Any] = {}
        self.hints = 0
        self._meant: str | None = None  # the last "did you mean", for the next problem's values

    def at(self, loc: Loc, key: bool = False) -> Mark:
        node = self.tree
        mark = getattr(node, "mark", Mark(self.shown, 1, 1))
        for i, part in enumerate(loc):
            last = i == len(loc) - 1
            if (
                isinstance(node, YMap)
                and part not in node
                and "value" in node
                and set(node) <= set(WRAPPER_KEYS)
            ):
                mark, node = node.value_marks.get("value", mark), node["value"]
            if isinstance(node, YMap) and part in node:
                mark = node.key_marks[part] if (key and last) else node.value_marks.get(part, mark)
                node = node[part]
            elif (
                isinstance(node, YList)
                and isinstance(part, int)
                and 0 <= part < len(node.item_marks)
            ):
                mark, node = node.item_marks[part], node[part]
            else:
                break
        return mark

    def add(
        self, loc: Loc, message: str, key: bool = False, kind: str = "other", **values: Any
    ) -> None:
        """A problem: `message` in English for a terminal, `kind` and `values` for a screen
        (the "did you mean" a `hint` just made goes into its values as `hint`)."""
        if self._meant is not None:
            values.setdefault("hint", self._meant)
            self._meant = None
        self.problems.append(Problem(self.at(loc, key), _path(loc), message, kind, values))

    def hint(self, name: Any, candidates: list[str]) -> str:
        """ "; did you mean 'x'?" - for the first HINTED problems only: it costs ~1 ms, and a
        file with 20,000 typos must still load in a moment. The name meant goes into the
        next problem's values."""
        self.hints += 1
        meant = _meant(name, candidates) if self.hints <= HINTED else None
        self._meant = meant
        return f"; did you mean {meant!r}?" if meant is not None else ""

    def take_hint(self) -> str | None:
        """The name the last `hint` meant (None if none), for a problem made without `add`."""
        meant, self._meant = self._meant, None
        return meant

    def unknown(self, loc: Loc, name: str, candidates: list[str], where: str) -> None:
        hint = self.hint(name, candidates)
        if hint or len(candidates) > 16:
            expected = f"a key of {where}"
        else:
            expected = f"one of: {', '.join(candidates)}"
        self.add(
            loc + (name,),
            f"unknown key {name!r} (expected {expected}; got {name!r}){hint}",
            key=True,
            kind="unknown_key",
            name=name,
        )

    def fail(self) -> None:
        if not self.problems:
            return
        order: dict[str, int] = {}
        for p in self.problems:
            order.setdefault(p.mark.file, len(order))
        seen: set[str] = set()
        unique = []
        for p in sorted(
            self.problems, key=lambda p: (order[p.mark.file], p.mark.line, p.mark.column)
        ):
            if str(p) not in seen:
                seen.add(str(p))
                unique.append(p)
        raise ScenarioError([str(p) for p in unique], unique)


def text_problem(ctx: _Ctx, loc: Loc, exc: Exception) -> None:
    """A text the players read that is not one (schema._check_text's error, its words ours)."""
    c = getattr(exc, "context", None) or {}
    if getattr(exc, "type", "") == "text_language":
        ctx.add(loc, str(exc), kind="unknown_name", thing="language", got=c.get("name", ""))
    else:
        ctx.add(loc, str(exc), kind="wrong_type", want="text")


def listed(names: list[str], limit: int = LISTED) -> str:
    """'a, b, c' - or the first `limit` and how many in all (a list of 2,000 event ids in each
    of 2,000 messages made 18 MB of text)."""
    shown = ", ".join(str(n) for n in names[:limit])
    return shown + (f", ... ({len(names):,} in all)" if len(names) > limit else "")


def _path(loc: Loc) -> str:
    return ".".join(str(p) for p in loc)


def _did_you_mean(name: str, candidates: list[str]) -> str:
    meant = _meant(name, candidates)
    return f"; did you mean {meant!r}?" if meant is not None else ""


def _meant(name: str, candidates: list[str]) -> str | None:
    """The candidate `name` is closest to (a typo's likely meaning), or None."""
    if not isinstance(name, str) or not candidates:
        return None
    lowered = {c.lower(): c for c in candidates}
    match = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None
