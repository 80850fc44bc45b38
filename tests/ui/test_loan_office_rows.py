"""The loan office at large text (play-test, session 9): while the certificate is pending the
guarantors' rows were cut to one or two of four (in Chinese to one). Now the certificate's
help goes to its heading's tooltip on a small window with large text (as the other panels'
help does), and the rows give up their second line when that shows everyone."""

from __future__ import annotations

import pytest
from test_month_support import fresh_session
from ui_helpers import frames

from game import i18n
from game.core import commands as C
from game.i18n import t
from game.ui.settings import Settings


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_guarantor_has_a_row_while_the_certificate_is_pending(make_app, lang, size):
    app = make_app(Settings(window_size=size, ui_scale=1.5, language=lang))
    i18n.set_language(lang)
    s = fresh_session(3)
    assert s.submit(C.ChoosePath(s.player, "self_employ")) == []
    assert s.submit(C.ApplyForCertificate(s.player)) == []
    office = app.open("loan_office", session=s)
    frames(app, 2)
    people = s.guarantors()
    assert len(people) >= 3
    assert len(office.candidates) == len(people)
    rows = [tag[0] for tag in office._tags]
    assert all(a.bottom <= b.top for a, b in zip(rows, rows[1:], strict=False))  # none overlap
    look = next(e for e in office._elements if office.name_of(e) == "look")
    assert rows[-1].bottom < look.rect.top
    # the help the panel gave up is still there, on its heading
    help_text = t("loan.cert.pending.help")
    assert any(help_text in line for tip in office.tips for line in tip.lines)


def test_where_every_row_fits_with_two_lines_it_keeps_them(make_app):
    app = make_app(Settings(window_size=(1366, 768), ui_scale=1.0))
    s = fresh_session(3)
    assert s.submit(C.ChoosePath(s.player, "self_employ")) == []
    assert s.submit(C.ApplyForCertificate(s.player)) == []
    office = app.open("loan_office", session=s)
    frames(app, 2)
    assert len(office.candidates) == len(s.guarantors())
    assert all(tag[0].h >= office.px(36) for tag in office._tags)  # name, then situation
