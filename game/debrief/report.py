"""The report to hand in: one self-contained HTML file (charts embedded as PNG, no network
needed to read it) and a JSON of the run's data, from the debrief screen ("Export report") or
headless: `python main.py report SAVE_OR_REPLAY --out DIR`.

    data = build_data(session, results)         # plain JSON-able dict (results: counterfactuals)
    html = render_html(data)                     # draws the charts (matplotlib, Agg, lazy)
    paths = write_report(session, out_dir)       # both files; runs the counterfactuals if needed

A *replay* is the report's own JSON: it carries the scenario, the seed, the command log and the
decisions, so `report` can rebuild the run from it (and checks the rebuilt run's fingerprint).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from game import i18n, jsonfile, runcheck, saves, userdirs
from game.core.commands import command_from_dict
from game.debrief import argument, glossary, predictions, questions, reflection, story
from game.debrief import complications as comp
from game.debrief import counterfactual as cf
from game.debrief.report_charts import charts
from game.debrief.report_html import render_html
from game.i18n import t
from game.session import Decision, GameSession

REPORT_FORMAT = "iron-rice-bowl-report"
REPORT_VERSION = 1


class ReportError(Exception):
    """A source file the report cannot use; the message is for the person at the terminal,
    `file:line:column: field: what` when a field is to blame."""


# --- the data ------------------------------------------------------------------------------------


def _plain(x: Any) -> Any:
    """numpy scalars and tuples to JSON-able values."""
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if hasattr(x, "item") and not isinstance(x, (str, bytes)):
        try:
            return x.item()
        except (AttributeError, ValueError):
            return str(x)
    return x


def _slug(text: str, limit: int = 32) -> str:
    """Letters and digits of any script, the rest as single dashes: safe in a file name."""
    out = "".join(c if c.isalnum() else "-" for c in text.strip())
    return "-".join(part for part in out.split("-") if part)[:limit].strip("-")


def default_name(session) -> str:
    """scenario, student (or household), seed, month and the run's id: a class playing one
    scenario on one seed writes one file each into a shared folder, not one file for all."""
    ref = str(session.scenario_ref or "run").replace("\\", "/").rsplit("/", 1)[-1]
    ref = ref.rsplit(".", 1)[0] if ref.endswith((".yaml", ".yml")) else ref
    parts = [
        "iron-rice-bowl",
        _slug(ref) or "run",
        _slug(reflection.data(session)["name"] or session.player_name(), 24),
        f"seed{session.seed}",
        f"month{session.month}",
        str(getattr(session, "run_id", "") or ""),
    ]
    return "-".join(p for p in parts if p)


def free_name(out: Path, name: str) -> str:
    """`name`, or `name-2`, `name-3` ... : a report is never written over another."""
    candidate, n = name, 1
    while (out / f"{candidate}.html").exists() or (out / f"{candidate}.json").exists():
        n += 1
        candidate = f"{name}-{n}"
    return candidate


def reflection_data(session, preds: list[dict], panels: list[dict]) -> dict:
    """The student's written work for the report: name, the strategy written at the start, the
    explanation, the answers with their questions, and the verdict on each claim."""
    r = reflection.data(session)
    asked = questions.by_id(session)
    asked["guess.assumed"] = t("debrief.q.guess.assumed")
    return {
        "name": r["name"],
        "strategy": r["strategy"],
        "explanation": r["explanation"],
        "answers": [
            {"id": qid, "question": asked.get(qid, qid), "answer": text}
            for qid, text in r["answers"].items()
        ],
        "verdicts": [
            {"claim": p["key"], "title": p["title"], **reflection.verdict(session, p["key"])}
            for p in panels
        ],
        "progress": reflection.progress(
            session, [p["key"] for p in preds], [p["key"] for p in panels]
        ),
    }


def build_data(session, results: dict[str, dict] | None = None) -> dict:
    """Everything the report shows, as plain data (the JSON file)."""
    spec = cf.spec_from_session(session)
    focus = cf.focus_trade(session, session.player, spec)
    actual = cf.actual_outcome(session, spec)
    results = results or {}
    replay = results.get("replay")
    eng, curves = session.engine, session.curves()
    ended = story.where_ended(session)
    panels = argument.panels(session, focus, results)
    rebuilt = bool(results) and "replay" in results
    preds = predictions.build(session, results, focus, rebuildable=rebuilt or cf.rebuildable(spec))
    sc = session.scenario
    scenario_data: dict = {}
    try:
        scenario_data = sc.to_dict() if hasattr(sc, "to_dict") else {}
    except Exception:  # noqa: BLE001
        scenario_data = {}
    data = {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "generated": time.strftime("%Y-%m-%d %H:%M"),
        "game": {
            "title": session.title(),
            "scenario": session.scenario_ref or "",
            "place": story.lang_text(session, getattr(sc, "place", "")),
            "year": getattr(sc, "year", None),
            "seed": session.seed,
            "months_played": session.month,
            "months": session.params.months,
            "player": session.player_name(),
            "student": reflection.data(session)["name"],
            "language": session.lang,
            "focus_trade": focus,
            "focus_trade_name": session.trade_name(focus),
            "focus_trade_key": session.params.trades[focus].key,
        },
        "ending": session.ending(),
        "where_ended": ended["sentence"],
        "beats": [b.to_dict() for b in story.beats(session, focus)],
        "timeline": [m.to_dict() for m in story.timeline(session)],
        "household": story.household_series(session),
        "accounts": [a.to_dict(session) for a in session.accounts()],
        "metrics": {"town": curves.town_rows(), "trades": curves.trade_rows()},
        "counterfactuals": {
            "replay_matches": cf.replay_matches(spec, replay) if replay else None,
            "actual": {k: v for k, v in actual.items() if k != "hashes"},
            "runs": {
                k: {kk: vv for kk, vv in r.items() if kk != "hashes"} for k, r in results.items()
            },
            "findings": cf.findings(session, actual, results) if results else [],
            "decomposition": cf.decomposition(actual, results) if results else [],
            # what an open business's equipment would fetch, for the note under the table
            "salvage_share": session.params.behaviour.salvage_share,
        },
        "argument": panels,
        "other_side": comp.other_side(session, results),
        "predictions": predictions.for_report(preds),
        "reflection": reflection_data(session, preds, panels),
        "income": story.income_totals(session),
        "questions": questions.sections(session),
        "sources": glossary.sources(session),
        "glossary": [term.to_dict() for term in glossary.terms()],
        "replay": {
            "scenario_ref": session.scenario_ref,
            "scenario": scenario_data,
            "seed": session.seed,
            "run_id": getattr(session, "run_id", None),
            "command_log": list(eng.command_log),
            "decisions": [[d.month, d.key, d.values] for d in session.decisions],
            "months": session.month,
            "final_hash": eng.hashes[-1] if eng.hashes else None,
            "reflection": reflection.data(session),
        },
    }
    return _plain(data)


# --- writing -------------------------------------------------------------------------------------


def complete(session, results: dict[str, dict] | None = None) -> dict:
    """build_data plus the town's chart specs (the report draws them)."""
    data = build_data(session, results)
    data["town_charts"] = _plain(story.town_curves(session, data["game"]["focus_trade"]))
    return data


def write_report(
    session,
    out_dir: str | os.PathLike,
    results: dict[str, dict] | None = None,
    name: str | None = None,
) -> tuple[Path, Path]:
    """Write `<name>.html` and `<name>.json` into `out_dir` (made if missing); run the
    counterfactuals first if `results` is None. Returns both paths."""
    if results is None:
        results = cf.run_all(cf.spec_from_session(session))
    return write_data(complete(session, results), out_dir, name or default_name(session))


def write_data(data: dict, out_dir: str | os.PathLike, name: str) -> tuple[Path, Path]:
    """The two files from the report's data (drawing the charts here)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = free_name(out, name)
    html_path, json_path = out / f"{name}.html", out / f"{name}.json"
    page = render_html(data, charts(data))
    _atomic_write(html_path, page)
    _atomic_write(
        json_path, json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False, default=str)
    )
    return html_path, json_path


def _export_child(conn, data: dict, out_dir: str, name: str, lang: str) -> None:
    """Draw and write the report in a process of its own (the window keeps its interpreter)."""
    try:
        os.nice(10)
    except (AttributeError, OSError):
        pass
    try:
        i18n.set_language(lang)
        html_path, _json = write_data(data, out_dir, name)
        conn.send(("ok", str(html_path)))
    except Exception as exc:  # noqa: BLE001 - reported to the window
        conn.send(
            ("error", exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc))
        )
    finally:
        conn.close()


def export_in_background(session, out_dir: str | os.PathLike, results: dict[str, dict]) -> Path:
    """For the debrief screen: gather the data here, draw and write in a child process (a
    thread's matplotlib would hold the window's interpreter lock for seconds). Blocks until
    written; call it from a thread. Raises OSError with the reason if the files were not written."""
    data = complete(session, results)
    name = default_name(session)
    try:
        import multiprocessing  # noqa: PLC0415

        ctx = multiprocessing.get_context("spawn")
        reader, writer = ctx.Pipe(duplex=False)
        proc = ctx.Process(
            target=_export_child,
            args=(writer, data, str(out_dir), name, i18n.get_language()),
            name="debrief-report",
            daemon=True,
        )
        proc.start()
    except (OSError, ValueError, RuntimeError):
        return write_data(data, out_dir, name)[0]  # no processes here: draw in this thread
    writer.close()
    try:
        kind, value = reader.recv()
    except EOFError as exc:
        raise OSError("the process writing the report stopped") from exc
    finally:
        reader.close()
        proc.join(5.0)
    if kind != "ok":
        raise OSError(value)
    return Path(value)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def documents_dir() -> Path:
    """Where "Export report" writes by default (game/userdirs.py: the user's Documents)."""
    return userdirs.reports_dir()


# --- loading a save or a replay --------------------------------------------------------------------


MAX_SOURCE_BYTES = 64 << 20


def load_source(path: str | os.PathLike, scenario_dirs: tuple[Path, ...] = ()):
    """A GameSession from a save file (game/saves.py) or a report JSON (a replay).

    A replay may name its scenario only as a built-in or as a file inside the source file's
    folder or one of `scenario_dirs` (the folders the user chose); everything else in it is
    checked like a save (game/runcheck.py). Raises ReportError."""

    p = Path(path)
    try:
        return GameSession.load(p)
    except saves.SaveError as err:
        saved = err
    try:
        raw = p.read_bytes() if p.is_file() and p.stat().st_size <= MAX_SOURCE_BYTES else b""
        doc = jsonfile.read_json(raw) if raw.strip() else None
    except (OSError, ValueError):
        doc = None
    if not (isinstance(doc, dict) and doc.get("format") == REPORT_FORMAT):
        raise ReportError(saved.located()) from None
    try:
        return session_from_replay(doc, p, (p.resolve().parent, *scenario_dirs))
    except runcheck.BadField as exc:
        field = ".".join(x for x in ("replay", exc.field) if x)
        line, col = jsonfile.locate(raw.decode("utf-8"), field)
        what = str(exc).removeprefix(f"{exc.field}: ")
        raise ReportError(f"{p}:{line}:{col}: {field}: {what}") from None


def replay_scenario(rp: dict, where: Path | None, allowed: tuple[Path, ...]):
    """The replay's scenario: the one saved inside it (checked by the loader, never swapped
    for another), else its `scenario_ref` if that is a built-in or a file in `allowed`."""

    # (the loader brings pydantic: imported for a report, not by the debrief's screens)
    from game.scenario.loader import (  # noqa: PLC0415
        ScenarioError,
        builtin_names,
        load_scenario,
        load_scenario_data,
    )

    shown = str(where) if where else "the replay"
    data = runcheck.saved_scenario(rp.get("scenario") or {}, "scenario")
    ref = runcheck.scenario_ref(rp.get("scenario_ref"))
    try:
        if data:
            return load_scenario_data(data, f"{shown} (replay.scenario)")
        if ref is None or ref in builtin_names():
            return load_scenario(ref or "steel_town_2016")
        target = Path(ref).expanduser()
        target = (where.parent / target if where and not target.is_absolute() else target).resolve()
        inside = any(target.is_relative_to(root.resolve()) for root in allowed)
        if not inside or target.suffix not in (".yaml", ".yml"):
            raise runcheck.BadField(
                "scenario_ref",
                "a built-in scenario or a .yaml file in the report's folder or a folder given "
                "with --scenario-dir",
                ref,
            )
        return load_scenario(target)
    except ScenarioError as exc:
        raise ReportError(
            t("debrief.report.error.replay_failed", path=shown, error=exc.problems[0])
        ) from None


def session_from_replay(doc: dict, where: Path | None = None, allowed: tuple[Path, ...] = ()):
    """Rebuild a run from a report's `replay` block, and check it reached the same state.

    Raises runcheck.BadField for a field that is wrong, ReportError for a run that cannot be
    rebuilt."""

    shown = str(where) if where else "the replay"
    rp = doc.get("replay")
    if not isinstance(rp, dict):
        raise runcheck.BadField("", "", what=t("debrief.report.error.no_replay", path=shown))
    runcheck.mapping(rp, "", 40)
    seed = runcheck.whole(rp.get("seed"), "seed", 0, runcheck.MAX_SEED)
    run_id = runcheck.run_id(rp.get("run_id"))
    sc = replay_scenario(rp, where, allowed)
    months = runcheck.whole(rp.get("months", 0), "months", 0, sc.params.months)
    households = sc.params.town.households
    log = runcheck.command_log(rp.get("command_log"), households, months)
    decisions = runcheck.decisions(rp.get("decisions", []), months)
    want = runcheck.text(rp.get("final_hash"), "final_hash", 64, none=True)
    try:
        s = GameSession.new(sc, seed=seed, autosave=False)
        s.scenario_ref = rp.get("scenario_ref")
        s.run_id = run_id or s.run_id
        by_month: dict[int, list[dict]] = {}
        for entry in log:
            by_month.setdefault(int(entry["month"]), []).append(entry)
        while s.engine.month < months and not s.engine.done:
            for entry in by_month.get(s.engine.month, []):
                errors = s.engine.submit(
                    command_from_dict({k: v for k, v in entry.items() if k != "month"})
                )
                if errors:
                    raise ValueError(f"month {s.engine.month}: {errors[0]}")
            s.engine.end_month()
        s.pending_events.clear()
        s.decisions = [Decision(int(m), str(k), dict(v)) for m, k, v in decisions]
        s.reflection = reflection.clean(rp.get("reflection"))
    except Exception as exc:  # noqa: BLE001 - a replay that cannot run is the file's fault
        raise ReportError(
            t("debrief.report.error.replay_failed", path=shown, error=str(exc)[:200])
        ) from None
    if want and s.engine.hashes and s.engine.hashes[-1] != want:
        raise ReportError(t("debrief.report.error.replay_diverged", path=shown))
    return s


def run_report(args) -> int:
    """`python main.py report SAVE_OR_REPLAY --out DIR`: 0 written, 2 for a file it cannot use."""
    dirs = tuple(Path(d).expanduser().resolve() for d in getattr(args, "scenario_dir", None) or ())
    try:
        session = load_source(args.source, dirs)
    except ReportError as err:
        print(str(err), file=sys.stderr)
        print(
            t("debrief.report.error.prefix", error=t("debrief.report.error.unusable")),
            file=sys.stderr,
        )
        return 2
    try:
        html_path, json_path = write_report(session, args.out)
    except OSError as exc:
        print(
            t("debrief.report.error.write", path=args.out, error=exc.strerror or str(exc)),
            file=sys.stderr,
        )
        return 2
    print(t("debrief.report.written", html=str(html_path), json=str(json_path)))
    return 0


__all__ = [
    "build_data",
    "complete",
    "render_html",
    "charts",
    "write_report",
    "write_data",
    "export_in_background",
    "run_report",
    "load_source",
    "session_from_replay",
    "documents_dir",
    "default_name",
    "ReportError",
]
