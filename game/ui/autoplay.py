"""A bot that plays a whole run THROUGH THE UI: `python main.py play --autoplay [--months N]
[--screenshot-dir DIR] [--seed S] [--scenario NAME]`.

It posts the events a person makes (a mouse click at a button's centre, a key press) from a
frame hook, never calls the game directly: from the title it starts a new game, chooses
self-employment, applies for the laid-off certificate, waits for it in the month screen, asks
a guarantor for the loan, opens a business on the street, then ends month after month,
answering events and loan-due screens, and finishes on the ending and the debrief. It writes
what a student writes (the plan before the first month; in the debrief a guess and a reason for
every prediction, an explanation, a verdict and a reason on every claim, answers to three
questions), typing it into the fields as text input. It saves a
PNG of every distinct screen it visits, and exits 0 at the end, or non-zero with a message
on stderr if anything went wrong (an error dialog, a screen that does not answer, a missing
route). Headless with SDL_VIDEODRIVER=dummy; in a real window it paces itself for a projector.

What it decides (the path, the trade, the guarantor, an event's choice, a loan falling due) is
its player's, `game.players.AutoplayPlayer`, the one player protocol the scripted strategies
follow too; this module carries the decisions out through the screens and tours them (the
charts, the screenshots, the debrief's written work).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import pygame

from game import i18n
from game.debrief import reflection
from game.i18n import t
from game.players.autoplay import AutoplayPlayer
from game.scenario.builtin import BUILTIN_DIR, builtin_names
from game.session import DEFAULT_SCENARIO
from game.ui.scenes.debrief import TABS

log = logging.getLogger(__name__)

STUCK_ACTIONS = 40  # the same screen answering nothing this many times: give up
MAX_SECONDS = 600.0  # wall-clock limit for a whole run
# What the bot writes (English whatever the language: it is a test of the form, not of prose).
NAME = "Autoplay Student"
STRATEGY = (
    "Take the loan, open the trade I know best and keep my price a little under the street's."
)
REASON = "Most of my neighbours were doing the same."
EXPLANATION = (
    "I chose the loan and a business; my neighbours opened the same trade so prices fell; "
    "the state's insurance paid much of our income."
)
VERDICT_REASON = "The numbers of my run on this claim."
ANSWER = "My answer, written after the run."
VERDICT_KEYS = (pygame.K_s, pygame.K_c, pygame.K_d)


class AutoplayError(RuntimeError):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code  # 2: the input (a scenario) is bad; 1: the game went wrong


def snake(name: str) -> str:
    """ "LoanDueScene" -> "loan_due"."""
    base = name.removesuffix("Scene")
    return (
        "".join(("_" + c.lower()) if c.isupper() and i else c.lower() for i, c in enumerate(base))
        or "screen"
    )


def headless() -> bool:
    return os.environ.get("SDL_VIDEODRIVER", "") in ("dummy", "offscreen")


class Autoplay:
    """The frame hook. One action per `pace` frames; a screenshot once a screen has settled."""

    def __init__(
        self,
        app,
        args=None,
        pace: int | None = None,
        settle: int | None = None,
        exit_app: bool = True,
    ) -> None:
        self.app = app
        self.player = AutoplayPlayer()  # what it decides; this bot carries it out on screen
        self.months = getattr(args, "months", None)
        self.seed = getattr(args, "seed", None)
        self.scenario = getattr(args, "scenario", None)
        shots = getattr(args, "screenshot_dir", None)
        self.shot_dir = Path(shots) if shots else None
        fast = headless()
        # IRB_AUTOPLAY_PACE / _SETTLE: frames between actions / before a new screen is touched
        env_pace, env_settle = (
            os.environ.get("IRB_AUTOPLAY_PACE"),
            os.environ.get("IRB_AUTOPLAY_SETTLE"),
        )
        self.pace = max(
            2, pace if pace is not None else int(env_pace) if env_pace else (4 if fast else 40)
        )
        self.settle = max(
            1,
            settle
            if settle is not None
            else int(env_settle)
            if env_settle
            else (20 if fast else 30),
        )
        self.exit_app = exit_app
        self.frame = 0
        self.next_action = self.settle
        self.current = None  # the top scene, and the frame it became top
        self.current_since = 0
        self.shots: dict[str, Path] = {}
        self.dialog_titles: dict[str, str] = {}
        self.visited: list[str] = []
        self.actions = 0
        self.same_top = 0
        self.done = False
        self.error: str | None = None
        self.session = None
        self.started = time.monotonic()
        self.charts_seen = False
        self.price_lowered = False
        self.controls_tried = False
        self.result_seen = 0
        self.debrief_progress = None
        self.debrief_done = False
        self.looked = 0  # rounds of asking around for guarantors
        self.errors_at_start = len(app._errors)
        if self.shot_dir is not None:
            self.shot_dir.mkdir(parents=True, exist_ok=True)

    # ---- the hook ------------------------------------------------------------------------
    def __call__(self, app) -> None:
        if self.done:
            return
        self.frame += 1
        try:
            self._tick()
        except AutoplayError as exc:
            self.fail(str(exc), exc.code)
        except Exception as exc:  # noqa: BLE001 - the bot reports, never crashes the game
            log.exception("autoplay crashed")
            self.fail(f"{type(exc).__name__}: {exc}")

    def _tick(self) -> None:
        app = self.app
        if len(app._errors) > self.errors_at_start:
            raise AutoplayError("the game recovered from an error (see the log file)")
        if time.monotonic() - self.started > MAX_SECONDS:
            raise AutoplayError(f"the run took longer than {MAX_SECONDS:.0f} s")
        top = app.top
        if top is None:
            raise AutoplayError("no screen is open")
        if top is not self.current:
            self.current = top
            self.current_since = self.frame
            self.visited.append(type(top).__name__)
            self.next_action = max(self.next_action, self.frame + self.settle)
            self.same_top = 0
        wants_shot = self.shot_dir is not None and self.shot_name(top) not in self.shots
        if (
            wants_shot
            and self.frame >= self.current_since + self.settle - 1
            and self.app._fade_from is None
        ):
            self.screenshot(top)  # once per kind of screen, when it has settled (no cross-fade)
            wants_shot = False
        if self.frame < self.next_action or wants_shot or getattr(top, "busy", False):
            return  # a person waits, too, while the screen is about to change
        self.next_action = self.frame + self.pace
        self.same_top += 1
        if self.same_top > STUCK_ACTIONS:
            raise AutoplayError(f"stuck on {type(top).__name__}")
        self.act(top)

    # ---- screenshots -----------------------------------------------------------------------
    def shot_name(self, scene) -> str:
        name = snake(type(scene).__name__)
        session = getattr(scene, "session", None)
        if name == "month" and session is not None:
            if session.household().trade >= 0:
                return (
                    "month_business_late"
                    if session.month >= min(12, session.params.months - 2)
                    else "month_business"
                )
            return "month_path"
        if name == "charts":
            return f"charts_{getattr(scene, 'tab', '')}"
        if name == "debrief":
            return f"debrief_{scene.tab}" + ("_locked" if scene.lock_reason(scene.tab) else "")
        if name == "dialog":  # a few dialogs (each a different message), not every one
            title = getattr(scene, "title", "")
            for key, shown in self.dialog_titles.items():
                if shown == title:
                    return key
            n = len(self.dialog_titles) + 1
            key = f"dialog_{n}" if n <= 4 else "dialog_more"
            if n <= 4:
                self.dialog_titles[key] = title
            return key
        return name

    def screenshot(self, scene) -> None:
        if self.shot_dir is None:
            return
        name = self.shot_name(scene)
        if name in self.shots:
            return
        path = self.shot_dir / f"{len(self.shots) + 1:02d}_{name}.png"
        self.app.save_screenshot(path)
        self.shots[name] = path

    # ---- input, as a person makes it --------------------------------------------------------
    def element(self, scene, name: str):
        for el in scene._elements:
            if scene.name_of(el) == name:
                return el
        return None

    def names(self, scene) -> list[str]:
        return [scene.name_of(el) for el in scene._elements if scene.name_of(el)]

    def usable(self, scene, name: str) -> bool:
        el = self.element(scene, name)
        return bool(el is not None and el.alive() and el.visible and el.is_enabled)

    def click(self, scene, name: str) -> None:
        el = self.element(scene, name)
        if el is None:
            raise AutoplayError(
                f"{type(scene).__name__} has no button {name!r} (has: {', '.join(self.names(scene))})"
            )
        if not el.is_enabled:
            raise AutoplayError(f"{type(scene).__name__}: button {name!r} is disabled")
        pos = el.rect.center
        if not headless():
            try:
                pygame.mouse.set_pos(pos)  # on a projector, the pointer moves to what it clicks
            except pygame.error:
                pass
        post = pygame.event.post
        post(
            pygame.event.Event(
                pygame.MOUSEMOTION, {"pos": pos, "rel": (0, 0), "buttons": (0, 0, 0)}
            )
        )
        post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, {"pos": pos, "button": 1}))
        post(pygame.event.Event(pygame.MOUSEBUTTONUP, {"pos": pos, "button": 1}))
        self.actions += 1

    def type_text(self, text: str) -> None:
        """What a keyboard sends to the field that has the keyboard."""
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, {"text": text}))
        self.actions += 1

    def write(self, scene, field: str, text: str, done: bool) -> bool:
        """Click the field, type, let go of the keyboard; one step a call. False once written."""
        focused = self.element(scene, field) in (self.app.manager.get_focus_set() or ())
        if done:
            if focused:
                self.key(pygame.K_ESCAPE)
                return True
            return False
        if not focused:
            self.click(scene, field)
        else:
            self.type_text(text)
        return True

    def key(self, key: int) -> None:
        for kind in (pygame.KEYDOWN, pygame.KEYUP):
            pygame.event.post(
                pygame.event.Event(kind, {"key": key, "mod": 0, "unicode": "", "scancode": 0})
            )
        self.actions += 1

    # ---- what to do on each screen ----------------------------------------------------------
    def act(self, scene) -> None:
        name = type(scene).__name__
        if getattr(scene, "session", None) is not None:
            self.session = scene.session
        handler = getattr(self, f"on_{snake(name)}", None)
        if handler is None:
            raise AutoplayError(f"the bot does not know the screen {name}")
        handler(scene)

    def on_title(self, scene) -> None:
        if self.session is not None and self.session.month > 0:
            raise AutoplayError("back on the title screen in the middle of the run")
        self.click(scene, "new_game")

    def on_picker(self, scene) -> None:

        if not is_builtin(self.scenario):
            raise AutoplayError(f"the scenario {self.scenario!r} could not be started", code=2)
        want = Path(str(self.scenario)).stem if self.scenario else DEFAULT_SCENARIO
        names = [entry.name for entry in scene.entries]
        if self.scenario and want not in names:
            raise AutoplayError(f"the picker has no scenario {want!r} (has: {', '.join(names)})")
        broken = scene.entries[names.index(want)] if want in names else None
        if broken is not None and broken.broken:  # a person would read it and stop: so do we
            raise AutoplayError(
                f"the scenario {want!r} cannot be played: {broken.problems[0]}", code=2
            )
        if want in names and scene.selected != names.index(want):
            self.click(scene, f"sc.{names.index(want)}")
            return
        if self.seed is not None and getattr(scene, "seed", None) != int(self.seed):
            scene.seed = int(
                self.seed
            )  # what "new seed" (R) would show, chosen for a reproducible run
            scene._build()
            return
        self.click(scene, "next")

    def on_briefing(self, scene) -> None:
        self.click(scene, "next")

    def on_household(self, scene) -> None:
        self.click(scene, "next")

    def on_strategy(self, scene) -> None:

        r = reflection.data(scene.session)
        if self.write(scene, "strategy", STRATEGY, bool(r["strategy"])):
            return
        if self.write(scene, "name", NAME, bool(r["name"])):
            return
        self.click(scene, "next")

    def on_path(self, scene) -> None:
        self.click(scene, f"choose.{self.player.path}")

    def on_dialog(self, scene) -> None:
        title = getattr(scene, "title", "")
        if title in (t("error.title"), t("dialog.unavailable.title")):
            raise AutoplayError(f"the game showed {title!r}: {getattr(scene, 'body', '')}")
        if title == t("picker.error.title"):  # the scenario does not load: bad input, exit 2
            first = getattr(scene, "body", "").splitlines()[0]  # the first problem
            raise AutoplayError(f"the scenario cannot be played: {first}", code=2)
        primary = next((b.name for b in scene.buttons if b.primary), scene.buttons[0].name)
        self.click(scene, primary)

    def on_loan_office(self, scene) -> None:
        s = scene.session
        facts = s.facts()
        if facts["has_loan"]:
            self.click(scene, "next")
            return
        cert = facts["certificate"]
        if cert == "none":
            self.click(scene, "cert")
        elif cert == "pending":
            self.click(scene, "wait")
        elif cert == "granted" and not facts["blacklisted"] and not facts["lending_suspended"]:
            chosen = getattr(scene, "guarantor", None)
            if chosen is None:
                order = self.player.guarantors_in_order([c.chance for c in scene.candidates])
                for i in order:
                    if self.usable(scene, f"g.{i}"):
                        self.click(scene, f"g.{i}")
                        return
                if self.usable(scene, "look") and self.looked < 2:
                    self.looked += 1  # everyone said no: ask around for other names
                    self.click(scene, "look")
                    return
                self.click(scene, "business")  # still no one: open with savings if possible
                return
            if self.usable(scene, "next"):
                self.click(scene, "next")
            else:
                self.click(scene, "business")
        else:
            self.click(scene, "business")

    def on_business(self, scene) -> None:
        cards = getattr(scene, "cards", [])
        possible = [k for k, c in enumerate(cards) if c.possible]
        if not possible:
            self.key(pygame.K_ESCAPE)  # nothing affordable: back, and live on other paths
            return
        trade = self.player.trade_to_open([cards[k].index for k in possible])
        wanted = next(k for k in possible if cards[k].index == trade)
        if getattr(scene, "trade", None) != cards[wanted].index:
            self.click(scene, f"trade.{wanted}")
            return
        if self.usable(scene, "next"):
            self.click(scene, "next")
        else:
            self.key(pygame.K_ESCAPE)

    def on_month(self, scene) -> None:
        s = scene.session
        if self.months is not None and s.month >= self.months:
            self.finish()
            return
        facts = s.facts()
        if (
            not facts["has_business"]
            and facts["certificate"] in ("granted", "refused")
            and s.status in ("laid_off", "job_search", "day_labour")
            and s.household().plans_business
            and self.usable(scene, "start_business")
            and not self.gave_up_business(s)
        ):
            self.click(scene, "start_business")
            return
        if facts["has_business"] and not self.controls_tried:
            self.controls_tried = True
            self.click(scene, "price_down" if self.usable(scene, "price_down") else "end_month")
            return
        if s.month >= 4 and not self.charts_seen:
            self.charts_seen = True
            self.key(pygame.K_c)
            return
        if s.month % 2:
            self.key(pygame.K_e)
        else:
            self.click(scene, "end_month")

    def gave_up_business(self, s) -> bool:
        """After one visit to the business screen that ended without a business, stop trying."""
        return self.visited.count("BusinessScene") >= 2

    def on_result(self, scene) -> None:
        self.result_seen += 1
        if self.result_seen % 2:
            self.key(pygame.K_RETURN)
        else:
            self.click(scene, "continue")

    def on_event(self, scene) -> None:
        """The player's choice (AutoplayPlayer.choose), by its number key."""
        shown = getattr(scene, "shown", None)
        pick = self.player.choose(None, shown) if shown is not None and shown.choices else 0
        self.key(pygame.K_1 + pick)

    def on_loan_due(self, scene) -> None:
        answer = self.player.answer_due(
            [name for name in ("repay", "extend", "let_it") if self.usable(scene, name)]
        )
        if answer is not None:
            self.click(scene, answer)

    def on_charts(self, scene) -> None:
        tabs = ("sellers", "price", "profit", "income", "debt")
        seen = (
            [n for n in self.shots if n.startswith("charts_")] if self.shot_dir is not None else []
        )
        todo = (
            [tab for tab in tabs if f"charts_{tab}" not in seen]
            if self.shot_dir is not None
            else []
        )
        if todo and scene.tab != todo[0]:
            self.click(scene, f"tab_{todo[0]}")
            return
        if todo and f"charts_{scene.tab}" not in self.shots:
            self.screenshot(scene)
            return
        self.click(scene, "back")

    def on_ending(self, scene) -> None:
        self.click(scene, "debrief")

    def on_debrief_summary(self, scene) -> None:
        if self.element(scene, "full") is not None and not self.debrief_done:
            self.click(scene, "full")
        else:
            self.finish()

    def turn_to(self, scene, tab: str, page: int, want: int) -> bool:
        """One step towards page `want` of a debrief step (let go of a field, open the step,
        then Next or Previous); False once there."""
        if scene.tab == tab and page == want:
            return False
        if self.app.typing():
            self.key(pygame.K_ESCAPE)
        elif scene.tab != tab:
            self.key(pygame.K_1 + TABS.index(tab))
        else:
            self.key(pygame.K_n if page < want else pygame.K_p)
        return True

    def on_debrief(self, scene) -> None:
        """The written debrief, step by step in its own order, then the hand-in."""

        s = scene.session
        r = reflection.data(s)
        guess, claims = scene.step("guess"), scene.step("argument")
        progress = (scene.tab, guess.page, claims.page, repr(r))
        if progress != self.debrief_progress:
            self.debrief_progress, self.same_top = progress, 0
        if self.debrief_done:
            if self.app.typing():
                self.key(pygame.K_ESCAPE)
            elif scene.tab != "sources":
                self.key(pygame.K_9)  # leaving a step saves what was written
            else:
                self.finish()
            return
        answers = r["answers"]
        if "feelings.control" not in answers:
            if scene.tab != "feelings":
                self.key(pygame.K_1)
            else:
                self.write(scene, "answer_feelings", ANSWER, False)
            return
        for i, key in enumerate(scene.prediction_keys):
            g = reflection.guess(s, key)
            if g["locked"]:
                continue
            if self.turn_to(scene, "guess", guess.page, i):
                return
            if not g["guess"]:
                self.key(pygame.K_a)
            elif self.write(scene, "reason", REASON, bool(g["reason"])):
                return
            else:
                self.key(pygame.K_l)
            return
        if not reflection.explained(s):
            if scene.tab != "explain":
                self.key(pygame.K_ESCAPE if self.app.typing() else pygame.K_5)
            else:
                self.write(scene, "explanation", EXPLANATION, False)
            return
        for i, p in enumerate(scene.panels):
            v = reflection.verdict(s, p["key"])
            if v["verdict"] and v["reason"]:
                continue
            if self.turn_to(scene, "argument", claims.page, i):
                return
            if not v["verdict"]:
                self.key(VERDICT_KEYS[i % len(VERDICT_KEYS)])
            else:
                self.write(scene, "verdict_reason", VERDICT_REASON, False)
            return
        wanted = reflection.ANSWERS_WANTED
        if len(answers) < wanted:
            if scene.tab != "next":
                self.key(pygame.K_ESCAPE if self.app.typing() else pygame.K_8)
                return
            view = scene.q_index.get("next", 0)
            items = scene.step("next").next_items()
            if items[view]["id"] in answers:
                if self.app.typing():
                    self.key(pygame.K_ESCAPE)
                else:
                    free = next(k for k, q in enumerate(items) if q["id"] not in answers)
                    self.click(scene, f"q_next_{free}")
                return
            self.write(scene, "answer_next", ANSWER, False)
            return
        if scene.tab != "difference":
            self.key(pygame.K_ESCAPE if self.app.typing() else pygame.K_7)
            return
        if scene.job is not None and scene.job.running and not headless():
            self.same_top = 0  # on a projector the cards fill in while a person reads them
            return
        self.debrief_done = True

    def on_folder(self, scene) -> None:
        """The game could not save and offers another folder: keep playing (in memory)."""
        self.click(scene, "cancel")

    # ---- the end -------------------------------------------------------------------------
    def finish(self) -> None:
        self.done = True
        s = self.session
        months = s.month if s is not None else 0
        seconds = time.monotonic() - self.started
        print(
            t(
                "autoplay.done",
                months=i18n.months(months),
                seconds=f"{seconds:.1f}",
                shots=len(self.shots),
            ),
            file=sys.stderr,
        )
        if self.exit_app:
            self.app.exit(0)

    def fail(self, message: str, code: int = 1) -> None:
        self.done = True
        self.error = message
        print(t("autoplay.failed", error=message), file=sys.stderr)
        log.error("autoplay failed: %s", message)
        if self.shot_dir is not None:
            try:
                self.app.save_screenshot(self.shot_dir / "failure.png")
            except (pygame.error, OSError):
                pass
        if self.exit_app:
            self.app.exit(code)


def is_builtin(scenario) -> bool:
    """A built-in scenario, by name or by its file: the bot picks it in the picker. Any other
    file starts at its briefing, as `play --scenario FILE` does (the picker lists built-ins)."""
    if not scenario:
        return True
    text = str(scenario)
    if text in builtin_names():
        return True
    try:
        return Path(text).resolve().parent == BUILTIN_DIR.resolve() and Path(text).is_file()
    except OSError:
        return False


def start_autoplay(app, args=None, **_kwargs):
    """The "autoplay" route: attach the bot to the running app (it starts on the title, or on
    the briefing of a scenario file that is not a built-in)."""
    bot = Autoplay(app, args)
    app.add_frame_hook(bot)
    app.autoplay = bot
    return None


__all__ = ["Autoplay", "AutoplayError", "start_autoplay"]
