"""The money a screen shows adds up as shown: a play-tester read "¥5,000 + ¥1,638" under
"money in ¥6,637" on a month's result (each line rounded on its own, the total from the
exact yuan). Every month of a run, the result's rows, read as the screen writes them, add
up to the change in cash it shows, the headline's money in and out are the sums of the rows
shown, and the change is the cash shown at the month's end less the cash shown at its start
(so within a yuan of the engine's)."""

from __future__ import annotations

import re

from game import i18n
from game.players.autoplay import AutoplayPlayer
from game.players.play import Seat, new_session, play
from game.ui.scenes import household
from game.ui.scenes import rows as mp
from game.ui.scenes.prerun import yuan_month
from game.ui.scenes.result import in_and_out, money_rows

# the household's spending as the result counts it (the house built from the money sent home
# too: the core spends it with the living costs)
SPENDING = ("living", "spending_above", "house_building")
YUAN = re.compile(r"([+-]?)¥([\d,]+)")


def shown(text: str) -> int:
    sign, digits = YUAN.fullmatch(text).groups()
    return int(digits.replace(",", "")) * (-1 if sign == "-" else 1)


def test_every_months_rows_add_up_to_the_totals_shown_beside_them():
    i18n.set_language("en")
    s = new_session("steel_town_2016", seed=1)
    player = AutoplayPlayer()
    split = 0  # months whose lines, each rounded on its own, would miss their total
    for _ in range(8):
        play(s, player, months=1)
        r = s.last_report
        account = s.account(r.month)
        rows = [shown(mp.signed_yuan(v)) for _label, v, _tone, _key in money_rows(s, r)]
        change = shown(mp.signed_yuan(account.shown_change))
        assert sum(rows) == change
        # the cash shown now less the cash shown when the month began (events paid after the
        # last month's end included)
        assert change == shown(mp.yuan(r.cash)) - shown(mp.yuan(account.cash_start))
        assert abs(change - account.change) <= 1  # honest to the engine within a yuan
        money_in, money_out = in_and_out(account)
        assert shown(mp.yuan(money_in)) == sum(v for v in rows if v > 0)
        assert shown(mp.yuan(money_out)) == -sum(v for v in rows if v < 0)
        # folded to fit a short box, the rows still add up
        assert sum(shown(mp.signed_yuan(v)) for _l, v, _t, _k in money_rows(s, r, 3)) == change
        split += sum(round(x.yuan) for x in account.lines) != round(account.change)
    assert split  # the run has months where rounding each line alone would not add up


def test_the_spending_the_month_screen_expects_is_what_the_result_counts():
    # A play-tester read "spending next month ¥3,061" before ending month 3 and "household
    # spending −¥3,634" on its result: the house the family builds from the money sent home
    # (seed 1 has a member working away) was left out of the estimate.
    i18n.set_language("en")
    s = new_session("steel_town_2016", seed=1)
    player = AutoplayPlayer()
    seat = Seat.of(s)
    for _ in range(6):
        player.act(seat)  # the month's decisions first, as the player makes them
        (row,) = [r for r in mp.household_rows(s) if r.key == "living"]
        expected = shown(row.shown())
        s.end_month()
        for ev in list(s.pending_events):
            s.choose(ev, player.choose(seat, ev))
        account = s.account(s.last_report.month)
        # within a yuan: the estimate and the account's lines are rounded each on its own
        assert abs(-account.shown_total(SPENDING) - expected) <= 1


def test_the_household_screens_gap_counts_what_the_month_will_spend_and_bring():
    # Seed 1's family has a member working away: the household screen showed "later, short
    # each month ¥0" beside spending above the insurance and the money sent home listed (the
    # part of the money sent home that builds the house was not counted as spending).
    i18n.set_language("en")
    s = new_session("steel_town_2016", seed=1)
    m = household.money(s)
    s.end_month()  # the month as the screen describes it: no decision taken
    account = s.account(s.last_report.month)
    assert round(m["ui"]) == account.shown_total(["unemployment_insurance"])
    assert round(m["remittance"]) == account.shown_total(["remittances"])
    assert abs(round(m["next_month"]) + account.shown_total(SPENDING)) <= 1
    later_spending = m["living"] + m["school_year"] / 12 + m["house"]
    assert later_spending > m["ui"] + m["remittance"]
    assert shown(yuan_month(max(m["gap"], 0.0)).split(" ")[0]) == round(
        later_spending - m["ui"] - m["remittance"]
    )


def test_the_household_screen_counts_no_insurance_while_a_business_runs():
    i18n.set_language("en")
    s = new_session("steel_town_2016", seed=1)
    player = AutoplayPlayer()
    play(s, player, months=1)
    assert s.status == "self_employed" and s.household().ui_months_left > 0
    m = household.money(s)
    play(s, player, months=1)
    assert s.status == "self_employed"
    assert m["ui"] == 0 == s.account(s.last_report.month).shown_total(["unemployment_insurance"])


def test_the_month_and_the_business_screen_count_the_same_sellers_after_opening():
    # A play-tester opened a shop and read 17 sellers in the month's market panel (last
    # month's street, without it) and 18 on the business screen (the street now, with it).
    from game.ui.scenes.business_cards import trade_cards

    for lang, you, card_you in (("en", "you included", "with you"), ("zh", "包括你", "含你")):
        i18n.set_language(lang)
        s = new_session("steel_town_2016", seed=1)
        AutoplayPlayer().act(Seat.of(s))  # opens a shop in the first month
        assert s.status == "self_employed"
        tr = int(s.household().trade)
        (row,) = [r for r in mp.market_rows(s) if r.key == "sellers"]
        (card,) = [c for c in trade_cards(s) if c.index == tr]
        assert row.value == card.sellers
        assert row.value == int(s.curves().latest(s.params.trades[tr].key)["sellers"]) + 1
        assert you in row.tip[1]
        assert card.yours
        assert card_you in i18n.t("business.card.sellers_you", n=card.sellers)


def test_the_result_says_apart_what_went_on_the_house_and_what_on_habit():
    # A play-tester read "the household spent ¥1,870 beyond its living costs, as households do
    # while they still live as before" where most of it built the house from the money a
    # member working away sent home (seed 1): the house was counted as habit.
    i18n.set_language("en")
    s = new_session("steel_town_2016", seed=1)
    player = AutoplayPlayer()
    seat = Seat.of(s)
    built = 0
    for _ in range(6):
        player.act(seat)
        outlook = s.spending_outlook()
        s.end_month()
        for ev in list(s.pending_events):
            s.choose(ev, player.choose(seat, ev))
        r = s.last_report
        account = s.account(r.month)
        rows = {key: shown(mp.signed_yuan(v)) for _l, v, _t, key in money_rows(s, r)}
        habit = outlook["next_month"] - outlook["living"]
        # the result's habit line and its row are the spending beyond the living costs only
        assert -account.shown_total(["spending_above"]) <= round(habit) + 1
        assert -rows.get("spending_above", 0) <= round(habit) + 1
        if outlook["house"] >= 1 and r.cash > 0:
            assert abs(-rows["house_building"] - outlook["house"]) <= 1
            built += 1
        # and every row still adds up to the change shown
        assert sum(rows.values()) == shown(mp.signed_yuan(account.shown_change))
    assert built  # months the family built its house
