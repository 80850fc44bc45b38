"""The engine takes the whole player profile at construction (former wage and skill group
included), so nothing writes the town's state outside a command: the first state hash is the
town the player starts in, and a counterfactual town is built the same way."""

from __future__ import annotations

import numpy as np
import pytest

from game.core.engine import SKILL_GROUP_SKILL, Engine
from game.debrief import counterfactual as cf
from game.session import GameSession


@pytest.fixture(scope="module")
def steel() -> GameSession:
    return GameSession.new("steel_town_2016", seed=12, autosave=False)


def test_the_scenarios_player_facts_are_in_the_first_state_hash(steel):
    s = steel
    player = s.scenario.player
    assert player.former_wage_yuan_per_month and player.skill_group  # the scenario sets both
    hv = s.household()
    assert hv.former_wage == float(player.former_wage_yuan_per_month)
    group = [i for i, tr in enumerate(s.params.trades) if tr.skill_group == player.skill_group]
    assert group and all(hv.skill[i] >= np.float32(SKILL_GROUP_SKILL) for i in group)
    assert s.engine.hashes == [s.engine.state_hash()]  # nothing changed after the hash


def test_a_counterfactual_town_starts_where_the_players_did(steel):
    spec = cf.spec_from_session(steel)
    assert spec.profile == steel.profile()
    assert cf.build_engine(spec).hashes == steel.engine.hashes[:1]


def test_the_skill_group_raises_only_its_own_trades():
    s = GameSession.new("steel_town_2016", seed=12, autosave=False)
    bare = {k: v for k, v in s.profile().items() if k != "skill_group"}
    plain = Engine(s.params, seed=12, players=(0,), player_profile=bare)
    group = s.scenario.player.skill_group
    for i, tr in enumerate(s.params.trades):
        before, after = plain.state.skill[0, i], s.engine.state.skill[0, i]
        if tr.skill_group == group:
            assert after == np.float32(max(float(before), SKILL_GROUP_SKILL))  # a float32 column
        else:
            assert after == before


def test_a_profile_key_the_engine_does_not_know_is_refused(steel):
    with pytest.raises(ValueError, match="cannot set 'wage'"):
        Engine(steel.params, seed=1, players=(0,), player_profile={"wage": 1.0})
