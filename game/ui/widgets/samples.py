"""Sample streets and chart series for the preview, the tests and the benchmark.

They follow the shape of `game.words.street_lots()` / the metrics tables, with made-up households.
"""

from __future__ import annotations

import random

from game.core.params import default_trades

UNITS = {
    "noodles": "bowl",
    "shop": "basket",
    "hair": "haircut",
    "repair": "repair",
    "motor_taxi": "ride",
    "tailor": "garment",
    "building": "load",
}
SURNAMES = [
    "Zhang",
    "Wang",
    "Li",
    "Liu",
    "Chen",
    "Yang",
    "Zhao",
    "Huang",
    "Zhou",
    "Wu",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Gao",
    "Lin",
    "Luo",
]
GIVEN = [
    "Min",
    "Wei",
    "Fang",
    "Jun",
    "Li",
    "Hong",
    "Jian",
    "Ping",
    "Xia",
    "Lei",
    "Yan",
    "Gang",
    "Hui",
    "Qiang",
    "Guiying",
    "Xiuying",
]
JOBS = [
    "crane driver",
    "furnace worker",
    "rolling-mill operator",
    "canteen cook",
    "accountant",
    "electrician",
    "warehouse clerk",
    "welder",
    "lab technician",
    "maintenance fitter",
    "crane signaller",
    "quality inspector",
]


def make_lot(
    lot: int,
    trade: int,
    rng: random.Random,
    state: str = "open",
    price_factor: float = 1.0,
    months_open: int = 3,
    is_player: bool = False,
    new: bool = False,
) -> dict:
    trades = default_trades()
    sur = SURNAMES[rng.randrange(len(SURNAMES))]
    d = {
        "lot": lot,
        "trade": trade,
        "trade_key": "",
        "trade_name": "",
        "icon": "",
        "colour": "#999999",
        "owner": "",
        "surname": "",
        "age": 0,
        "former_job": "",
        "price_yuan": 0.0,
        "unit": "",
        "months_open": 0,
        "state": state,
        "is_player": is_player,
        "new": new,
    }
    if state == "empty" or trade < 0:
        d["trade"] = -1
        return d
    t = trades[trade]
    d.update(
        trade_key=t.key,
        trade_name=t.name,
        icon=t.icon,
        colour=t.colour,
        owner=f"{sur} {GIVEN[rng.randrange(len(GIVEN))]}",
        surname=sur,
        age=rng.randint(38, 56),
        former_job=JOBS[rng.randrange(len(JOBS))],
        price_yuan=round(t.start_price_yuan * price_factor, 2),
        unit=UNITS.get(t.key, "unit"),
        months_open=months_open,
    )
    return d


def early_street() -> list[dict]:
    """Month 0: two shops on the street."""
    rng = random.Random(3)
    return [make_lot(0, 0, rng, months_open=26), make_lot(1, 1, rng, months_open=40)]


def crowded_street(n: int = 24, seed: int = 5) -> list[dict]:
    """Month 10: six noodle stalls where there was one, prices down, shutters going up."""
    rng = random.Random(seed)
    plan = [0, 1, 0, 6, 0, 2, -2, 0, 3, 1, -1, 0, 4, 5, -2, 0, 1, 3, -3, 2, 0, 6, 1, 4]
    lots = []
    for i in range(n):
        kind = plan[i % len(plan)]
        if kind == -1:
            lots.append(make_lot(i, -1, rng, state="empty"))
        elif kind == -2:
            lots.append(make_lot(i, 0, rng, state="closed", months_open=4))
        elif kind == -3:
            lots.append(make_lot(i, -1, rng, state="for_rent"))
        else:
            factor = rng.uniform(0.62, 0.78) if kind == 0 else rng.uniform(0.85, 1.0)
            lots.append(
                make_lot(
                    i,
                    kind,
                    rng,
                    price_factor=factor,
                    months_open=rng.randint(0, 9),
                    is_player=(i == 7),
                    new=(i in (15, 20)),
                )
            )
    return lots


def price_series(months: int = 11) -> list[dict]:
    """Going price per trade over the months, falling in crowded trades."""
    trades = default_trades()
    out = []
    for k, t in enumerate(trades):
        rng = random.Random(k)
        p, values = t.start_price_yuan, []
        crowding = (0.035, 0.01, 0.015, 0.008, 0.02, 0.005, 0.012)[k % 7]
        for m in range(months):
            values.append(round(p, 2))
            if m >= 1:
                p *= 1 - crowding * rng.uniform(0.3, 1.6)
        out.append({"name": t.name, "values": values, "colour": t.colour, "icon": t.icon})
    return out


def income_series(months: int = 11) -> list[dict]:
    """The player's income against the former wage: with negative months."""
    rng = random.Random(9)
    you = [3500.0, 3500.0] + [
        round(rng.uniform(-1800, 2600) - 120 * m, 0) for m in range(2, months)
    ]
    return [
        {"name": "Former wage", "values": [3500.0] * months, "colour": "#999999"},
        {
            "name": "Noodle stalls (median)",
            "values": [3200 - 180 * m for m in range(months)],
            "colour": "#E69F00",
        },
        {"name": "You", "values": you, "is_player": True},
    ]
