"""The month's random streams: one generator per subsystem and month, each numpy's own
`default_rng(SeedSequence(seed, spawn_key=(stream, month + 1)))`, bit for bit, made cheaply.

A town keeps one generator per subsystem across its months and re-seeds it in place: its
`bit_generator.state` set from SeedSequence's words, worked out here in plain integers (a lone
town: `stream_state`, the seed's part of the hash kept per seed and stream) or for every town of
a batch at once in numpy (`stream_words`). tests/core/test_fast_paths.py and test_streams.py
check every path against numpy on many seeds."""

from __future__ import annotations

import functools

import numpy as np

# One random stream per subsystem (architecture.md practice 2), derived from the run's
# SeedSequence and the month, so a player's choice never shifts another subsystem's draws and
# a save needs only the seed and the month to continue bit-identically.
STREAMS = (
    "setup",
    "layoffs",
    "health",
    "jobs",
    "choice",
    "finance",
    "exit",
    "agreements",
    "market",
    "events",
    "labour",
)
_STREAM_INDEX = {name: i for i, name in enumerate(STREAMS)}


class MonthStreams(dict):
    """The month's generators, made on first use (a month touches only some subsystems, and
    making a generator costs more than most of its draws).

    `np.random.default_rng(SeedSequence(seed, spawn_key=(i, month + 1)))`, bit for bit, but
    cheaper: with `reuse` (an engine's own dict, one generator per subsystem kept across its
    months) the generator of a subsystem is re-seeded in place (`pcg64_state`) instead of
    built anew, which is most of what a month at 500 households spent on its streams."""

    def __init__(self, seed: int, month: int, reuse: dict | None = None) -> None:
        super().__init__()
        self.seed, self.month, self.reuse = seed, month, reuse
        # A batch's seed words for this town and month, one list of 4 ints per stream
        # (`stream_words`, as lists).
        self.words: list[list[int]] | None = None
        # Or a batch's PCG64 states for this town and month, (streams, 4) uint64
        # (`pcg64_limbs`), written straight into each generator (`set_limbs`).
        self.limbs: np.ndarray | None = None

    def __missing__(self, name: str) -> np.random.Generator:
        i = _STREAM_INDEX[name]
        gen = self.reuse.get(name) if self.reuse is not None else None
        if gen is None:
            gen = np.random.default_rng(
                np.random.SeedSequence(self.seed, spawn_key=(i, self.month + 1))
            )
            if self.reuse is not None:
                self.reuse[name] = gen
        elif self.limbs is not None and set_limbs(gen, self.limbs[i]):
            pass
        elif self.words is not None:
            gen.bit_generator.state = _pcg64_state(*self.words[i])
        else:  # a lone town: the state written straight in where it can be (~1 us less)
            words = stream_seed_words(self.seed, i, self.month)
            if not set_limbs(gen, _limbs_of(*words)):
                gen.bit_generator.state = _pcg64_state(*words)
        self[name] = gen
        return gen


def month_streams(seed: int, month: int, reuse: dict | None = None) -> MonthStreams:
    return MonthStreams(seed, month, reuse)


# numpy's SeedSequence (numpy/random/bit_generator.pyx, O'Neill's seed_seq hash) and PCG64's
# seeding (pcg64.h: pcg_setseq_128_srandom_r), in plain integers: numpy builds a SeedSequence
# object and a bit generator for every stream, which cost more than this arithmetic.
_M32 = 0xFFFFFFFF
_INIT_A, _MULT_A, _INIT_B, _MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
_PCG_MULT = 0x2360ED051FC65DA44385DF649FCCF645
_M128 = (1 << 128) - 1


def _words32(x: int) -> list[int]:
    out = [x & _M32]
    x >>= 32
    while x:
        out.append(x & _M32)
        x >>= 32
    return out


@functools.lru_cache(maxsize=4096)  # a batch of towns: one entry per seed
def _seed_pool(seed: int, n_spawn_words: int) -> tuple[tuple[int, ...], int, tuple[int, ...]]:
    """The part of SeedSequence's hash that depends on the seed alone (the pool after mixing
    the first four entropy words), kept per seed: (pool, hash constant, entropy words left)."""
    run = _words32(seed)
    if n_spawn_words and len(run) < 4:
        run += [0] * (4 - len(run))
    h, pool = _INIT_A, []
    for i in range(4):
        v = (run[i] if i < len(run) else 0) ^ h
        h = (h * _MULT_A) & _M32
        v = (v * h) & _M32
        pool.append(v ^ (v >> 16))
    for src in range(4):
        for dst in range(4):
            if src != dst:
                v = pool[src] ^ h
                h = (h * _MULT_A) & _M32
                v = (v * h) & _M32
                r = (_MIX_L * pool[dst] - _MIX_R * (v ^ (v >> 16))) & _M32
                pool[dst] = r ^ (r >> 16)
    return tuple(pool), h, tuple(run[4:])


def _mix_in(pool: list[int], h: int, words) -> int:
    """SeedSequence's mixing of entropy words into the pool (in place); returns the hash constant."""
    for word in words:
        for dst in range(4):
            v = word ^ h
            h = (h * _MULT_A) & _M32
            v = (v * h) & _M32
            r = (_MIX_L * pool[dst] - _MIX_R * (v ^ (v >> 16))) & _M32
            pool[dst] = r ^ (r >> 16)
    return h


def seed_words(seed: int, spawn_key: tuple[int, ...]) -> list[int]:
    """`SeedSequence(seed, spawn_key=spawn_key).generate_state(4, np.uint64)` as ints."""
    spawn = [w for k in spawn_key for w in _words32(k)]
    pool_t, h, rest = _seed_pool(seed, len(spawn))
    pool = list(pool_t)
    h = _mix_in(pool, h, (*rest, *spawn))
    hb, out = _INIT_B, []
    for i in range(8):
        v = pool[i % 4] ^ hb
        hb = (hb * _MULT_B) & _M32
        v = (v * hb) & _M32
        out.append(v ^ (v >> 16))
    return [out[2 * i] | (out[2 * i + 1] << 32) for i in range(4)]


def pcg64_state(seed: int, spawn_key: tuple[int, ...]) -> dict:
    """The `bit_generator.state` of `PCG64(SeedSequence(seed, spawn_key=spawn_key))`."""
    return pcg64_state_of_words(seed_words(seed, spawn_key))


@functools.lru_cache(maxsize=16384)  # 11 entries per seed
def _stream_pool(seed: int, stream: int) -> tuple[int, ...]:
    """The pool of `SeedSequence(seed, spawn_key=(stream, m))` once the seed and the stream
    word are mixed in (all but the month's word, m below 2**32), then the hash constants the
    month's word meets, as the (xor, multiplier) of each of its four mixing steps."""
    pool_t, h, rest = _seed_pool(seed, 2)
    pool = list(pool_t)
    h = _mix_in(pool, h, (*rest, stream))
    steps = []
    for _ in range(4):
        steps.append(h)
        h = (h * _MULT_A) & _M32
        steps.append(h)
    return (*pool, *steps)


def _output_steps() -> tuple[int, ...]:
    """SeedSequence.generate_state's hash constants, (xor, multiplier) for each of 8 words."""
    hb, out = _INIT_B, []
    for _ in range(8):
        out.append(hb)
        hb = (hb * _MULT_B) & _M32
        out.append(hb)
    return tuple(out)


_X0, _Y0, _X1, _Y1, _X2, _Y2, _X3, _Y3, _X4, _Y4, _X5, _Y5, _X6, _Y6, _X7, _Y7 = _output_steps()


def stream_state(seed: int, stream: int, month: int) -> dict:
    """`pcg64_state(seed, (stream, month + 1))`, a lone town's re-seeding each month: the part
    of the hash before the month's word is kept per seed and stream (`_stream_pool`), the
    rest unrolled with its constants (a few microseconds a stream)."""
    return _pcg64_state(*stream_seed_words(seed, stream, month))


def stream_seed_words(seed: int, stream: int, month: int) -> list[int]:
    """`seed_words(seed, (stream, month + 1))` (`stream_state`'s words)."""
    m = month + 1
    if not (0 <= m <= _M32 and 0 <= stream <= _M32):
        return seed_words(seed, (stream, m))
    p0, p1, p2, p3, a0, b0, a1, b1, a2, b2, a3, b3 = _stream_pool(seed, stream)
    v = ((m ^ a0) * b0) & _M32
    r = (_MIX_L * p0 - _MIX_R * (v ^ (v >> 16))) & _M32
    p0 = r ^ (r >> 16)
    v = ((m ^ a1) * b1) & _M32
    r = (_MIX_L * p1 - _MIX_R * (v ^ (v >> 16))) & _M32
    p1 = r ^ (r >> 16)
    v = ((m ^ a2) * b2) & _M32
    r = (_MIX_L * p2 - _MIX_R * (v ^ (v >> 16))) & _M32
    p2 = r ^ (r >> 16)
    v = ((m ^ a3) * b3) & _M32
    r = (_MIX_L * p3 - _MIX_R * (v ^ (v >> 16))) & _M32
    p3 = r ^ (r >> 16)
    words = []
    for p, q, x, y, x2, y2 in (  # word i: pool words 2i and 2i + 1 (mod 4), low half first
        (p0, p1, _X0, _Y0, _X1, _Y1), (p2, p3, _X2, _Y2, _X3, _Y3),
        (p0, p1, _X4, _Y4, _X5, _Y5), (p2, p3, _X6, _Y6, _X7, _Y7),
    ):  # fmt: skip
        lo = ((p ^ x) * y) & _M32
        hi = ((q ^ x2) * y2) & _M32
        words.append((lo ^ (lo >> 16)) | ((hi ^ (hi >> 16)) << 32))
    return words


def month_limbs(seed: int, first: int, count: int) -> np.ndarray | None:
    """`pcg64_limbs` of every stream of `seed` for months `first` .. `first + count - 1`, as
    (count, streams, 4) uint64: a lone town's streams for many months at once (the seed's and
    each stream's part of the hash kept, `_stream_pool`; the month's word mixed in as arrays,
    `stream_seed_words`' arithmetic: 32-bit products fit in uint64 and a difference that wraps
    keeps its low 32 bits). None where the words would not fit (then `stream_seed_words`)."""
    if seed < 0 or first < -1 or first + count > _M32 or count < 1:
        return None
    k = len(STREAMS)
    consts = np.array([_stream_pool(seed, i) for i in range(k)], "u8")  # (streams, 12)
    m = np.arange(first + 1, first + 1 + count, dtype="u8")[:, None]  # the month's word
    m32, s16 = np.uint64(_M32), np.uint64(16)
    pool = []
    for d in range(4):
        v = ((m ^ consts[:, 4 + 2 * d]) * consts[:, 5 + 2 * d]) & m32
        r = (np.uint64(_MIX_L) * consts[:, d] - np.uint64(_MIX_R) * (v ^ (v >> s16))) & m32
        pool.append(r ^ (r >> s16))
    words = []
    for p, q, x, y, x2, y2 in (
        (pool[0], pool[1], _X0, _Y0, _X1, _Y1), (pool[2], pool[3], _X2, _Y2, _X3, _Y3),
        (pool[0], pool[1], _X4, _Y4, _X5, _Y5), (pool[2], pool[3], _X6, _Y6, _X7, _Y7),
    ):  # fmt: skip
        lo = ((p ^ np.uint64(x)) * np.uint64(y)) & m32
        hi = ((q ^ np.uint64(x2)) * np.uint64(y2)) & m32
        words.append((lo ^ (lo >> s16)) | ((hi ^ (hi >> s16)) << np.uint64(32)))
    return pcg64_limbs(np.stack(words, axis=-1))


def stream_words(seeds: np.ndarray, month: int) -> np.ndarray:
    """`seed_words(seed, (i, month + 1))` for every seed (each below 2**32) and every stream i
    at once, as an array (seeds, streams, 4) of uint64: a batch of towns seeds its month's
    generators with a few hundred numpy calls instead of a Python loop per town and stream.
    The same arithmetic as `seed_words`; 32-bit products fit in uint64, and a difference that
    wraps below zero wraps by 2**64, a multiple of 2**32, so the low 32 bits are right."""
    return month_words(stream_pools(seeds), month)


def stream_pools(seeds: np.ndarray) -> tuple[list[np.ndarray], int]:
    """The part of `stream_words` that does not depend on the month (a batch keeps it): every
    seed's and stream's pool, (seeds, streams) arrays, and the hash constant reached."""
    m32 = np.uint64(_M32)
    run = np.asarray(seeds, "u8")
    if (run > _M32).any():
        raise ValueError("stream_words takes seeds below 2**32")
    zero = np.zeros_like(run)
    h = _INIT_A
    pool: list[np.ndarray] = []
    for word in (run, zero, zero, zero):  # the seed as 4 words (padded: there is a spawn key)
        v = word ^ np.uint64(h)
        h = (h * _MULT_A) & _M32
        v = (v * np.uint64(h)) & m32
        pool.append(v ^ (v >> np.uint64(16)))

    for src in range(4):
        for dst in range(4):
            if src != dst:
                h = _mix_words(pool, dst, pool[src], h)
    # Every stream of every seed: (seeds, streams) arrays from here on.
    k = len(STREAMS)
    pool = [np.repeat(x[:, None], k, axis=1) for x in pool]
    streams = np.broadcast_to(np.arange(k, dtype="u8"), pool[0].shape)
    for dst in range(4):
        h = _mix_words(pool, dst, streams, h)
    return pool, h


def month_words(pools: tuple[list[np.ndarray], int], month: int) -> np.ndarray:
    """`stream_words` for `month` from the seeds' `stream_pools`."""
    return months_words(pools, month, 1)[0]


def months_words(pools: tuple[list[np.ndarray], int], first: int, count: int) -> np.ndarray:
    """`stream_words` for months `first` .. `first + count - 1` from the seeds' `stream_pools`,
    (count, seeds, streams, 4): the same arithmetic element for element, the month's word an
    array over months (a batch works out its months' words a table at a time: the same
    ~150 numpy calls for 24 months as for one)."""
    pool, h = list(pools[0]), pools[1]
    months = np.arange(first + 1, first + 1 + count, dtype="u8")[:, None, None]
    word = np.broadcast_to(months, (count, *pool[0].shape))
    for dst in range(4):
        h = _mix_words(pool, dst, word, h)
    m32 = np.uint64(_M32)
    hb, out = _INIT_B, []
    for i in range(8):
        v = pool[i % 4] ^ np.uint64(hb)
        hb = (hb * _MULT_B) & _M32
        v = (v * np.uint64(hb)) & m32
        out.append(v ^ (v >> np.uint64(16)))
    return np.stack([out[2 * i] | (out[2 * i + 1] << np.uint64(32)) for i in range(4)], axis=-1)


def _mix_words(pool: list[np.ndarray], dst: int, word: np.ndarray, h: int) -> int:
    """One step of SeedSequence's mixing (`seed_words`' inner loop) on arrays of 32-bit words."""
    m32 = np.uint64(_M32)
    v = word ^ np.uint64(h)
    h = (h * _MULT_A) & _M32
    v = (v * np.uint64(h)) & m32
    r: np.ndarray = np.uint64(_MIX_L) * pool[dst] - np.uint64(_MIX_R) * (v ^ (v >> np.uint64(16)))
    r &= m32
    pool[dst] = r ^ (r >> np.uint64(16))
    return h


def pcg64_state_of_words(w) -> dict:
    """`pcg64_state` from the four words `seed_words` gives."""
    return _pcg64_state(*(int(x) for x in w))


def _limbs_of(w0: int, w1: int, w2: int, w3: int) -> list[int]:
    """`pcg64_limbs` of one row of words, in Python's integers (`_pcg64_state`'s arithmetic)."""
    init_state = (w0 << 64) | w1
    inc = ((((w2 << 64) | w3) << 1) | 1) & _M128
    state = (inc + init_state) & _M128
    state = (state * _PCG_MULT + inc) & _M128
    return [state & _M64, state >> 64, inc & _M64, inc >> 64]


def _pcg64_state(w0: int, w1: int, w2: int, w3: int) -> dict:
    init_state = (w0 << 64) | w1
    inc = ((((w2 << 64) | w3) << 1) | 1) & _M128
    state = (inc + init_state) & _M128
    state = (state * _PCG_MULT + inc) & _M128
    return {
        "bit_generator": "PCG64",
        "state": {"state": state, "inc": inc},
        "has_uint32": 0,
        "uinteger": 0,
    }


# A batch's states written straight into its towns' generators. numpy's `state` setter reads a
# dict of Python ints (~2.2 us, ~700 times a month at 100 towns); the PCG64 state is 32 bytes
# (numpy/random/src/pcg64/pcg64.h: `pcg64_state` points at the 128-bit state and increment,
# then says whether half of a 64-bit output is kept), so a view of them is written instead.
# Checked against the setter on first use (`_direct_ok`); where numpy lays the state out
# otherwise, the setter is used.
_M64 = (1 << 64) - 1
_MULT_HI, _MULT_LO = np.uint64(_PCG_MULT >> 64), np.uint64(_PCG_MULT & _M64)


def pcg64_limbs(words: np.ndarray) -> np.ndarray:
    """`_pcg64_state(*w)` for every row of 4 words (uint64, shape (..., 4)), as the state's
    64-bit halves (..., 4): state low, state high, increment low, increment high."""
    words = np.asarray(words, "u8")
    w0, w1, w2, w3 = (words[..., i] for i in range(4))
    one, s63 = np.uint64(1), np.uint64(63)
    with np.errstate(over="ignore"):  # (a single row's scalars warn where arrays wrap quietly)
        inc_lo, inc_hi = (w3 << one) | one, (w2 << one) | (w3 >> s63)
        lo = inc_lo + w1  # state = inc + init (init: w0 high, w1 low)
        hi = inc_hi + w0 + (lo < inc_lo)
        lo, hi = _mul128(lo, hi, _MULT_LO, _MULT_HI)  # state = state * MULT + inc
        lo2 = lo + inc_lo
        hi = hi + inc_hi + (lo2 < lo)
    return np.stack([lo2, hi, inc_lo, inc_hi], axis=-1)


def _mul128(a_lo, a_hi, b_lo, b_hi):
    """(a * b) mod 2**128 on 64-bit halves (uint64 arrays wrap modulo 2**64)."""
    m32, s32 = np.uint64(_M32), np.uint64(32)
    a0, a1, b0, b1 = a_lo & m32, a_lo >> s32, b_lo & m32, b_lo >> s32
    p00, p01, p10 = a0 * b0, a0 * b1, a1 * b0
    mid = (p00 >> s32) + (p01 & m32) + (p10 & m32)
    lo = (p00 & m32) | (mid << s32)
    hi = a1 * b1 + (p01 >> s32) + (p10 >> s32) + (mid >> s32) + a_hi * b_lo + a_lo * b_hi
    return lo, hi


# id(generator) -> (the generator, kept so its id is not reused; its state's 4 halves; the
# kept-half flag and value): made once per generator (~10 us), cleared when it grows large.
_VIEWS: dict[int, tuple] = {}
_direct: list[bool] = []  # [whether writing the state works here], found on first use


def direct_writes() -> bool:
    """Whether `set_limbs` writes states here (checked once)."""
    if not _direct:
        _direct.append(_direct_ok())
    return _direct[0]


def _views_of(gen: np.random.Generator) -> tuple | None:
    """`gen` with views of its state (limbs, kept half) to read and write in place, kept by
    the generator's id; None where in-place writes are not known to work here."""
    if not (_direct[0] if _direct else direct_writes()):
        return None
    views = _VIEWS.get(id(gen))
    if views is None:
        if len(_VIEWS) > 30_000:
            _VIEWS.clear()
        views = _VIEWS[id(gen)] = (gen, *_state_views(gen.bit_generator))
    return views


def set_limbs(gen: np.random.Generator, limbs: np.ndarray | list[int]) -> bool:
    """Give `gen` the state `limbs` (`pcg64_limbs`' row) by writing it in place; False (and
    nothing written) where that is not known to work."""
    views = _views_of(gen)
    if views is None:
        return False
    views[1][:] = limbs
    views[2][:] = 0
    return True


def _state_views(bg) -> tuple[np.ndarray, np.ndarray]:
    import ctypes

    address = bg.ctypes.state_address  # the pcg64_state struct
    pcg = ctypes.c_void_p.from_address(address).value  # its pcg64_random_t
    if pcg is None:  # (a null pointer: another layout; _direct_ok falls back to the setter)
        raise ValueError("no PCG64 state behind this generator")
    halves = np.ctypeslib.as_array((ctypes.c_uint64 * 4).from_address(pcg))
    kept = np.ctypeslib.as_array((ctypes.c_uint32 * 2).from_address(address + 8))
    return halves, kept


def _direct_ok() -> bool:
    """Whether writing the state in place gives what numpy's setter gives, draws included."""
    try:
        if not isinstance(np.random.default_rng(0).bit_generator, np.random.PCG64):
            return False
        words = np.array([seed_words(s, (k, 5)) for s, k in ((7, 1), (2**31, 9))], "u8")
        for row in words:
            want = np.random.default_rng(0)
            want.bit_generator.state = _pcg64_state(*row.tolist())
            got = np.random.default_rng(1)
            got.integers(0, 2**32, 3, dtype=np.uint32)  # a kept half to be cleared
            halves, kept = _state_views(got.bit_generator)
            halves[:] = pcg64_limbs(row)
            kept[:] = 0
            if got.bit_generator.state != want.bit_generator.state:
                return False
            if (
                got.integers(0, 2**32, 3, dtype=np.uint32).tolist()
                != want.integers(0, 2**32, 3, dtype=np.uint32).tolist()
                or got.random(3).tolist() != want.random(3).tolist()
            ):
                return False
        return True
    except Exception:  # no ctypes, another layout: numpy's setter
        return False


def kept_half(gen: np.random.Generator) -> np.ndarray | None:
    """The generator's kept half of a 64-bit output, (flag, value) as a uint32 view of its state
    (numpy's `has_uint32`, `uinteger`), or None where the state is not read in place here."""
    views = _views_of(gen)
    return None if views is None else views[2]


def below_rows(gens: list, n: int, out: np.ndarray) -> None:
    """`out[r] = gens[r].integers(0, n, out.shape[1])` for every generator (None: its row is left
    as it is), with one call a generator for its raw outputs and numpy's arithmetic on all rows
    at once: numpy's bounded integers below 2**32 are Lemire's method on 32-bit halves of the
    outputs (numpy/random/src/distributions/distributions.c: `buffered_bounded_lemire_uint32`,
    the low half of each output first), each kept unless its leftover falls under the threshold
    (about once in 2**32 / n draws), where the draw is made again from the next half. A row
    with such a draw is worked out half by half; a generator holding a kept half, or an odd
    count, draws through numpy. The generator ends as numpy leaves it, but for the kept half
    of an output a redraw took one half of (doubles never read it: what follows `integers` in
    the streams that use this is `random`; the next month re-seeds)."""
    count = out.shape[1]
    if not 0 < n < 2**32 - 1 or count % 2:
        for gen, row in zip(gens, out, strict=True):
            if gen is not None:
                row[:] = gen.integers(0, n, count)
        return
    towns = []
    for r, gen in enumerate(gens):
        if gen is None:
            continue
        kept = kept_half(gen)
        if kept is None or kept[0] or not isinstance(gen.bit_generator, np.random.PCG64):
            out[r] = gen.integers(0, n, count)
        else:
            towns.append(r)
    if not towns:
        return
    raw = np.stack([gens[r].bit_generator.random_raw(count // 2) for r in towns])
    halves = np.empty((len(towns), count), "u8")
    halves[:, 0::2] = raw & np.uint64(_M32)
    halves[:, 1::2] = raw >> np.uint64(32)
    m = halves * np.uint64(n)
    threshold = (2**32 - n) % n  # numpy's (UINT32_MAX - rng) % rng_excl
    redrawn = ((m & np.uint64(_M32)) < np.uint64(threshold)).any(axis=1)
    out[towns] = m >> np.uint64(32)
    for i in np.flatnonzero(redrawn).tolist():
        out[towns[i]] = _lemire_row(gens[towns[i]], halves[i].tolist(), n, count, threshold)


def _lemire_row(gen: np.random.Generator, halves: list[int], n: int, count: int,
                threshold: int) -> list[int]:  # fmt: skip
    """A row of `below_rows` one draw at a time, from the halves already drawn and more
    outputs of `gen` as the redraws need them."""
    row: list[int] = []
    at = 0
    while len(row) < count:
        if at == len(halves):
            word = int(gen.bit_generator.random_raw())
            halves += [word & _M32, word >> 32]
        m = halves[at] * n
        at += 1
        if (m & _M32) >= threshold:
            row.append(m >> 32)
    return row
