"""A batch of towns gives each town the bytes it gets alone (issue 13): every built-in
scenario, a batch of one and a batch of several seeds, state hashes of every month compared
with lone engines of the same seeds (which tests/core/test_town_bytes.py ties to the recorded
bytes)."""

from dataclasses import replace

import numpy as np
import pytest

from game.core.batch import Batch
from game.core.engine import Engine
from game.core.params import Params
from game.scenario.loader import builtin_names, load_scenario


def lone_hashes(params, seed, players=(0,)):
    eng = Engine(params, seed=seed, players=players)
    eng.run()
    return eng.hashes


@pytest.mark.parametrize("name", sorted(builtin_names()))
def test_every_town_of_a_batch_has_the_bytes_it_has_alone(name):
    params = load_scenario(name).params
    seeds = (3, 11, 12)
    batch = Batch(params, seeds, players=(0,))
    batch.run_months()
    for seed, eng in zip(seeds, batch.engines, strict=True):
        assert eng.hashes == lone_hashes(params, seed), f"seed {seed}"


def test_a_batch_of_one_is_todays_single_run():
    params = load_scenario("steel_town_2016").params
    batch = Batch(params, (3,), players=(0,))
    batch.run_months()
    assert batch.engines[0].hashes == lone_hashes(params, 3)


def test_towns_without_players_and_their_tables():
    p = Params()
    params = replace(p, months=6, town=replace(p.town, households=300))
    batch = Batch(params, (5, 6), players=(), fingerprint=True)
    batch.run_months()
    for seed, eng in zip((5, 6), batch.engines, strict=True):
        alone = Engine(params, seed=seed, players=())
        alone.run()
        assert eng.hashes == alone.hashes
        assert eng.metrics.to_dict() == alone.metrics.to_dict()


def test_the_layout_is_flat_and_each_town_a_view():
    p = Params()
    params = replace(p, months=2, town=replace(p.town, households=50))
    batch = Batch(params, (1, 2, 3))
    assert batch.columns["cash"].shape == (150,)
    assert batch.run.tolist() == [0] * 50 + [1] * 50 + [2] * 50
    batch.engines[1].state.cash[4] = 123.0
    assert batch.column("cash")[1, 4] == 123.0 == batch.columns["cash"][54]
    assert np.shares_memory(batch.engines[2].state.skill, batch.skill)


def test_a_player_command_addresses_run_and_household():
    from game.core.commands import SetDoctor

    params = load_scenario("tutorial").params
    batch = Batch(params, (3, 4), players=(0,))
    alone = Engine(params, seed=4, players=(0,))
    assert batch.submit(1, SetDoctor(household=0, see=False)) == []
    assert alone.submit(SetDoctor(household=0, see=False)) == []
    batch.run_months(3)
    alone.run(3)
    assert batch.engines[1].hashes == alone.hashes
    assert batch.engines[0].hashes == lone_hashes(params, 3)[:4]


def test_towns_of_one_seed_start_alike_and_go_their_own_ways():
    """Towns of the same parameters and seed (the debrief's replay and other paths) are built
    once and copied: each then takes its own commands, with the bytes it has alone."""
    from game.core.commands import ChoosePath, SetDoctor

    params = replace(load_scenario("steel_town_2016").params, months=8)
    seeds = (3, 3, 4, 3)
    commands = {1: SetDoctor(household=0, see=False), 3: ChoosePath(0, "migrate")}
    batch = Batch(params, seeds, players=(0,))
    assert len({id(e.state) for e in batch.engines}) == len({id(e.ctx) for e in batch.engines}) == 4
    for r, cmd in commands.items():
        assert batch.submit(r, cmd) == []
    batch.run_months()
    for r, (seed, eng) in enumerate(zip(seeds, batch.engines, strict=True)):
        alone = Engine(params, seed=seed, players=(0,))
        if r in commands:
            assert alone.submit(commands[r]) == []
        alone.run()
        assert eng.hashes == alone.hashes, f"town {r}"
        assert eng.metrics.to_dict() == alone.metrics.to_dict(), f"town {r}"
    assert batch.engines[0].hashes != batch.engines[3].hashes  # (the commands told)


@pytest.mark.parametrize("name", sorted(builtin_names()))
def test_a_town_without_loans_copied_from_its_twin_has_its_lone_bytes(name):
    """The debrief's "no loans" world, a copy of the town with loans of the same seed as
    built (given its own parameters): every month's hash and table and the player's reports
    are those of the no-loans town built and stepped alone; a month-0 change builds it."""
    params = load_scenario(name).params
    params = replace(params, months=min(params.months, 10))
    no_loans = replace(params, policy=replace(params.policy, loans_enabled=False))
    seeds = (3, 3, 5)
    batch = Batch([params, no_loans, no_loans], seeds, players=(0,))
    assert batch.engines[1].params is no_loans
    batch.run_months()
    for r, (p, seed) in enumerate(zip([params, no_loans, no_loans], seeds, strict=True)):
        alone = Engine(p, seed=seed, players=(0,))
        alone.run()
        eng = batch.engines[r]
        assert eng.params.policy.loans_enabled == p.policy.loans_enabled
        assert eng.hashes == alone.hashes, f"town {r}"
        assert eng.metrics.to_dict() == alone.metrics.to_dict(), f"town {r}"
        assert [m[0].to_dict() for m in eng.reports] == [m[0].to_dict() for m in alone.reports]


def test_simulate_steps_its_runs_in_batches_with_the_lone_runs_bytes():
    """`simulate`'s tables (run in batches, in one process and in two) are the CSV lines of
    each run stepped alone, as the command wrote them before batches."""
    from game import simulate as sim

    p = Params()
    params = replace(p, months=5, town=replace(p.town, households=120))
    expected = ["", "", "", ""]
    for run in range(7):
        eng = Engine(params, seed=9 + run, players=(), fingerprint=False)
        cohorts = [sim.cohort_counts(eng)]
        for _ in range(5):
            eng.end_month()
            cohorts.append(sim.cohort_counts(eng))
        tables = sim.run_tables(eng, run, cohorts)
        for i, (cols, rows) in enumerate(zip(sim.CSV_TABLES, tables, strict=True)):
            expected[i] += sim.csv_text(cols, rows)
    for jobs in (1, 2):
        texts = sim.run_many(params, 9, 7, 5, jobs=jobs, texts=True)[2:]
        assert list(texts) == expected, f"jobs={jobs}"


def test_a_batch_of_many_towns_seeds_their_streams_together_to_the_same_states():
    """From 8 towns on, a batch makes the month's seed words of all towns at once
    (`stream_words`); every town still meets the luck it meets alone."""
    p = Params()
    params = replace(p, months=4, town=replace(p.town, households=60))
    seeds = list(range(20, 30))
    batch = Batch(params, seeds, players=(0,))
    batch.run_months()
    for seed, eng in zip(seeds, batch.engines, strict=True):
        alone = Engine(params, seed=seed, players=(0,))
        alone.run()
        assert eng.hashes == alone.hashes
        assert eng.metrics.to_dict() == alone.metrics.to_dict()
        assert [r[0].to_dict() for r in eng.reports] == [r[0].to_dict() for r in alone.reports]


def test_stream_words_are_seed_sequences_words():
    from game.core.rules.context import STREAMS, seed_words, stream_words

    seeds = np.array([0, 1, 7, 123456, 2**31 + 5, 2**32 - 1], "u8")
    for month in (-1, 0, 5, 239):
        words = stream_words(seeds, month)
        for a, seed in enumerate(seeds.tolist()):
            for i in range(len(STREAMS)):
                assert words[a, i].tolist() == seed_words(seed, (i, month + 1))


def test_a_table_of_months_words_is_each_months_words():
    """A batch works out its towns' stream words a table of months at once (`months_words`):
    each month's row is SeedSequence's words for that month."""
    from game.core.rules.context import STREAMS, seed_words
    from game.core.rules.streams import months_words, stream_pools

    seeds = np.array([0, 7, 2**32 - 1], "u8")
    table = months_words(stream_pools(seeds), 3, 5)
    assert table.shape == (5, seeds.size, len(STREAMS), 4)
    for m in range(5):
        for a, seed in enumerate(seeds.tolist()):
            for i in range(len(STREAMS)):
                assert table[m, a, i].tolist() == seed_words(seed, (i, 3 + m + 1))


def test_a_town_of_a_batch_keeps_its_own_counterfactual_switch():
    """The debrief's switch (no AI household enters a trade from a month on) set on one town
    of a batch changes that town alone, as it changes a lone engine."""
    params = load_scenario("steel_town_2016").params
    seeds = list(range(3, 12))
    batch = Batch(params, seeds, players=(0,))
    batch.engines[4].block_entry_after(0, 2)
    batch.run_months(12)
    for i, (seed, eng) in enumerate(zip(seeds, batch.engines, strict=True)):
        alone = Engine(params, seed=seed, players=(0,))
        if i == 4:
            alone.block_entry_after(0, 2)
        alone.run(12)
        assert eng.hashes == alone.hashes, f"town {i}"


def test_towns_with_their_own_parameter_values_keep_their_lone_bytes():
    """A sweep's batch: each town its own parameter values (the rules then step town by town
    where values differ); every town as alone."""
    p = Params()
    base = replace(p, months=8, town=replace(p.town, households=120))
    ceilings = (0.0, 20_000.0, 50_000.0, 100_000.0)
    params = [replace(base, policy=replace(base.policy, loan_ceiling_yuan=c)) for c in ceilings]
    batch = Batch(params, (7, 7, 7, 7))
    assert batch.shared_params() is None
    batch.run_months()
    for q, eng in zip(params, batch.engines, strict=True):
        assert eng.hashes == lone_hashes(q, 7, players=())


@pytest.mark.parametrize("first_offers_loans", [True, False])
def test_towns_with_and_without_loans_step_together_with_their_lone_bytes(first_offers_loans):
    """The debrief's "no loans" world steps in the batch of its other worlds: towns whose
    parameters differ only in whether loans are offered share the batched rules (each reads
    its own policy where it matters: lending, renewals), every town as alone."""
    p = load_scenario("steel_town_2016").params
    base = replace(p, policy=replace(p.policy, loan_term_months=6))  # (loans renewed too)
    off = replace(base, policy=replace(base.policy, loans_enabled=False))
    seeds = list(range(3, 12))  # (enough towns for the batch's stream words)
    offered = [(i % 2 == 0) == first_offers_loans for i in range(len(seeds))]
    params = [base if on else off for on in offered]
    batch = Batch(params, seeds, players=(0,))
    assert batch.shared_params() is not None  # stepped together, not town by town
    batch.run_months()
    for on, q, seed, eng in zip(offered, params, seeds, batch.engines, strict=True):
        assert eng.hashes == lone_hashes(q, seed), f"seed {seed}"
        assert (eng.state.loan_books["disbursed"] > 0) == on, f"seed {seed}"
    renewed = [e.state.loan_renewals.any() for e in batch.engines]
    assert any(r for r, on in zip(renewed, offered, strict=True) if on)


def test_same_shocks_households_keep_their_lone_bytes_in_a_batch():
    # a workshop's same-shocks mode: the shared draws land in each town's own rows of the
    # batch's draws (illness, injuries) as in the town alone
    params = replace(load_scenario("steel_town_2016").params, months=14)
    seeds = (21, 22, 23)
    batch = Batch(params, seeds, players=(0,))
    alone = [Engine(params, seed=s, players=(0,)) for s in seeds]
    for eng in (*batch.engines, *alone):
        eng.share_shocks(tuple(range(0, 300, 2)), seed=77)  # day labourers among them
    batch.run_months()
    for eng, lone in zip(batch.engines, alone, strict=True):
        lone.run()
        assert eng.hashes == lone.hashes


def _notes_at_close(monkeypatch, engine_cls, method):
    """Every town's notes (keys in order, indices) as each month's rules end, by town id."""
    seen: dict[int, list] = {}
    inner = getattr(engine_cls, method)

    def spy(self, *args, **kwargs):
        for e in getattr(self, "engines", [self]):
            notes = [(k, np.asarray(v).dtype.str, v.tolist()) for k, v in e.ctx.notes.items()]
            seen.setdefault(id(e), []).append(notes)
        return inner(self, *args, **kwargs)

    monkeypatch.setattr(engine_cls, method, spy)
    return seen


def test_each_town_reads_the_notes_it_makes_alone(monkeypatch):
    """The notes a batch's rules log for all towns at once (`rules/batched_notes.py`) read, in
    every town, as the notes the town makes alone: the same keys in the same order, the same
    households, with a player's command noted before the month's rules."""
    from game.core.commands import SetDoctor

    params = replace(load_scenario("steel_town_2016").params, months=14)
    seeds = (3, 11, 12, 40)
    seen = _notes_at_close(monkeypatch, Batch, "_close_months")
    batch = Batch(params, seeds, players=(0,))
    batch.submit(2, SetDoctor(household=0, see=False))
    batch.run_months()
    monkeypatch.undo()
    for seed, eng in zip(seeds, batch.engines, strict=True):
        lone_seen = _notes_at_close(monkeypatch, Engine, "close_month")
        alone = Engine(params, seed=seed, players=(0,))
        if seed == 12:
            alone.submit(SetDoctor(household=0, see=False))
        alone.run()
        monkeypatch.undo()
        assert seen[id(eng)] == lone_seen[id(alone)], f"seed {seed}"
        assert any(notes for notes in seen[id(eng)])


def _same_context(got, want) -> None:
    """Two month contexts hold the same values (the streams apart), field by field."""
    assert list(vars(got)) == list(vars(want))
    for name, value in vars(want).items():
        mine = getattr(got, name)
        if name == "rng":
            assert (mine.seed, mine.month) == (value.seed, value.month)
        elif isinstance(value, np.ndarray):
            assert mine.dtype == value.dtype and mine.shape == value.shape, name
            assert np.array_equal(mine, value), name
        elif name == "notes":
            assert list(mine) == list(value)
        else:
            assert mine == value, name


@pytest.mark.parametrize("players", [(), (0,)])
def test_towns_open_their_months_as_alone(players):
    """A batch opens the next month of its towns together (their month contexts and the
    re-seeding of their generators, the players' reports first: `Batch._next_months`): each
    town's context, generators, reports, tables and bytes are those it has alone, month after
    month, through layoff waves, a blocked trade and same-shocks households."""
    params = replace(load_scenario("xiagang_1998").params, months=26)
    seeds = list(range(40, 52))  # from 8 towns on, the states are written at once
    batch = Batch(params, seeds, players=players)
    alone = [Engine(params, seed=s, players=players) for s in seeds]
    for towns in (batch.engines, alone):
        towns[3].block_entry_after(0, 2)
        towns[5].share_shocks(tuple(range(0, 200, 3)), seed=5)
    for _ in range(params.months):
        batch.end_month()
        for eng, lone in zip(batch.engines, alone, strict=True):
            lone.end_month()
            assert eng.hashes == lone.hashes
            _same_context(eng.ctx, lone.ctx)
            assert eng.month_start_cash == lone.month_start_cash
            assert list(eng.month_start_cash) == list(players)
            assert eng.reports == lone.reports
            assert np.array_equal(eng.last_defaulters, lone.last_defaulters)
            for name in eng._generators:  # (the lone town's made on first use)
                assert (
                    eng.ctx.rng[name].bit_generator.state == lone.ctx.rng[name].bit_generator.state
                )
    for eng, lone in zip(batch.engines, alone, strict=True):
        assert eng.metrics.to_dict() == lone.metrics.to_dict()
        assert eng.reports == lone.reports


def test_a_note_read_for_all_towns_at_once_is_each_towns_note():
    """`logged_households`: every town's notes of a key, as flat rows, are what each town's
    own `ctx.notes` reads (towns left out of a note, several notes of a key); None once a
    town holds the key itself (then each town is read as before)."""
    from game.core.rules.batched_notes import NoteLog, TownNotes, logged_households

    offsets = np.array([0, 5, 9, 14])
    log = NoteLog()
    log.add("rent_unpaid", np.array([1, 4, 0, 2, 3], "i8"), [0, 2, 2, 5], None)
    log.add("other", np.array([0], "i8"), [0, 1, 1, 1], None)
    log.add("rent_unpaid", np.array([2, 3, 1], "i8"), [0, 1, 2, 3], [True, False, True])
    towns = [TownNotes(log, r) for r in range(3)]
    flat = logged_households(log, towns, offsets, "rent_unpaid")
    want = [offsets[r] + towns[r].get("rent_unpaid", np.zeros(0, "i8")) for r in range(3)]
    assert sorted(flat.tolist()) == sorted(np.concatenate(want).tolist())
    assert logged_households(log, towns, offsets, "rent_unpaid") is None  # (now read)
    assert logged_households(log, towns, offsets, "never").size == 0
    assert logged_households(None, towns, offsets, "other") is None


def test_the_notes_naming_a_player_are_those_each_town_reads():
    """`households_noted` (the players' reports' causes, for all towns at once) says what
    `h in ctx.notes[key]` says town by town: notes logged for all towns, towns left out of a
    note, a key a town has already read, and a town's own writes after the log's."""
    from game.core.rules.batched_notes import NoteLog, TownNotes, households_noted

    log = NoteLog()
    log.add("defaulted", np.array([0, 4, 1, 0, 3], "i8"), [0, 2, 2, 5], None)
    log.add("ill", np.array([0, 0, 2], "i8"), [0, 1, 2, 3], [True, False, True])
    log.add("defaulted", np.array([2, 0], "i8"), [0, 1, 1, 2], None)
    towns = [TownNotes(log, r) for r in range(3)]
    towns[0].get("defaulted")  # read: taken in
    towns[1]["dibao"] = np.array([0], "i8")  # the town's own note
    towns[2]["ill"] = np.concatenate((towns[2]["ill"], np.array([5], "i8")))
    keys = ["defaulted", "ill", "dibao", "never"]
    got = households_noted(log, towns, (0, 2), keys)
    for r, notes in enumerate(towns):
        for h in (0, 2):
            want = {k for k in keys if k in notes and h in notes[k]}
            assert got[r][h] == want, (r, h)
    assert got[0][0] == {"defaulted", "ill"} and got[1][0] == {"dibao"}
    assert households_noted(None, towns, (0,), keys) is None
