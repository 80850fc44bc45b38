"""Every screen of a run, opened one after another on a real session: for the layout tests
(each screen at every text size and window size) and for looking at them by eye."""

from __future__ import annotations

from collections.abc import Iterator

from ui_helpers import frames

from game import i18n
from game.core import commands as C
from game.core.state import Cert
from game.session import GameSession


def _session(lang: str, seed: int = 41132) -> GameSession:
    s = GameSession.new("steel_town_2016", seed=seed, lang=lang, autosave=False)
    return s


def _with_business(lang: str) -> GameSession:
    s = _session(lang)
    h, st = s.player, s.engine.state
    s.submit(C.ChoosePath(h, "self_employ"))
    s.submit(C.ApplyForCertificate(h))
    s.end_month()
    s.pending_events.clear()
    st.cert[h] = Cert.GRANTED
    for c in s.guarantors():
        st.cash[c.household] = 1e6
        if not s.submit(C.ApplyForLoan(h, 30_000.0, c.household)) and s.facts()["has_loan"]:
            break
    s.submit(C.OpenBusiness(h, 0, -1))
    return s


def tour(app, lang: str = "en", on_open=lambda: None) -> Iterator[tuple[str, object]]:
    """Open each screen in turn; yields (name, scene) with the scene on top, settled.
    `on_open()` is called just before each screen opens (a probe forgets the last one)."""
    i18n.set_language(lang)
    # each screen built as it opens, none ahead in the frames of the one before: a probe
    # reads the words drawn while a screen is on top as that screen's
    app.prepare = lambda *_args, **_kwargs: False

    def show(name, route, **kwargs):
        on_open()
        scene = app.open(route, **kwargs)
        frames(app, 3)
        return name, scene or app.top

    def close():
        while len(app.stack) > 1:
            app.pop()
        frames(app, 1)

    yield "title", app.top
    for route in ("settings", "credits", "load", "new_game"):
        yield show(route, route)
        close()
    s = _session(lang)
    for name in ("briefing", "household", "path", "loan_office", "business"):
        yield show(name, name, session=s)
        close()
    b = _with_business(lang)
    h = b.player
    yield show("loan_office_with_loan", "loan_office", session=b)
    close()
    r = _session(lang)
    r.submit(C.ChoosePath(r.player, "self_employ"))
    r.submit(C.ApplyForCertificate(r.player))
    r.end_month()
    r.pending_events.clear()
    r.engine.state.cert[r.player] = Cert.GRANTED
    for c in r.guarantors()[:2]:
        r.engine.state.cash[c.household] = 0.0
        r.submit(C.ApplyForLoan(r.player, 30_000.0, c.household))
    yield show("loan_office_refused", "loan_office", session=r)
    close()
    m = _session(lang)
    yield show("month_path", "month", session=m)
    close()
    yield show("month_business", "month", session=b)
    report = b.end_month()
    b.pending_events.clear()
    yield show("result", "result", session=b, report=report)
    app.pop()
    frames(app, 2)
    event = max(b.scenario.events, key=lambda e: len(e.choices) * 1000 + len(str(e.text)))
    b.pending_events.append(event)
    b.event_facts[event.id] = b.facts()
    yield show("event", "event", session=b, event=event)
    b.pending_events.clear()
    app.pop()
    frames(app, 2)
    due = int(b.engine.state.loan_due_month[h])
    b.engine.state.loan_due_month[h] = b.month
    yield show("loan_due", "loan_due", session=b)
    b.engine.state.loan_due_month[h] = due
    app.pop()
    frames(app, 2)
    for tab in ("sellers", "price", "profit", "income", "debt"):
        yield show(f"charts_{tab}", "charts", session=b, tab=tab)
        app.pop()
        frames(app, 1)
    scene = app.top
    assert type(scene).__name__ == "MonthScene", scene
    for name in ("close", "repay", "borrow", "menu"):
        on_open()
        scene.press(name)
        frames(app, 3)
        yield f"dialog_{name}", app.top
        while app.top is not scene:
            app.pop()
        frames(app, 1)
    close()
    while not b.engine.done:
        b.end_month()
        b.pending_events.clear()
    yield show("ending", "ending", session=b)
    close()
