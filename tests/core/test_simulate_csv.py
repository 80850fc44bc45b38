"""`simulate`'s CSV lines: formatted a column at a time (game/simulate.py `csv_text`), the
same text as every cell through `format_value`, whatever mix of values a column holds."""

import csv
import io

import numpy as np

from game.simulate import csv_text, format_value


def cell_by_cell(columns, rows) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(
        [format_value(row.get(c)) for c in columns] for row in rows
    )
    return buf.getvalue()


def test_every_kind_of_value_is_written_as_format_value_writes_it():
    values = {
        "whole_floats": [1.0, -0.0, 0.0, 2.5, 1e16, -7.0],
        "odd_floats": [float("nan"), float("inf"), -float("inf"), 0.1, 1 / 3, None],
        "ints": [3, 0, -2, None, 10**20, 7],
        "bools": [True, False, True, None, True, False],
        "texts": ["noodle_stall", "a,b", 'say "hi"', "", None, "x"],
        "numpy": [np.int32(4), np.float32(0.5), np.bool_(True), np.float64(2.0), None, 1],
        "mixed": [1, 2.0, "3", None, True, 0.25],
    }
    columns = [*values, "missing"]
    rows = [{k: v[i] for k, v in values.items()} for i in range(6)]
    assert csv_text(columns, rows) == cell_by_cell(columns, rows)
    assert csv_text(columns, []) == ""
