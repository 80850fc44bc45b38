"""Across the command line: bad input is exit 2 with a message, a bug is exit 1 with one sentence
(its traceback in the data folder's log), and no traceback or warning ever reaches the terminal."""

from __future__ import annotations

import warnings

import pytest

from game import userdirs
from game.cli import main


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("IRB_DATA_DIR", str(tmp_path / "data"))
    yield tmp_path / "data"
    userdirs.close_logging()


@pytest.mark.parametrize(
    "error, words",
    [
        (RuntimeError("a bug"), "internal error (RuntimeError)"),
        (MemoryError(), "ran out of memory"),
    ],
)
def test_a_bug_is_one_sentence_and_its_traceback_goes_to_the_log(
    monkeypatch, capsys, data_dir, error, words
):
    import game.simulate

    def broken(args):
        raise error

    monkeypatch.setattr(game.simulate, "run_simulate", broken)
    assert main(["simulate", "--months", "2"]) == 1
    err = capsys.readouterr().err
    assert words in err and "errors.log" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    log = (data_dir / "errors.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "broken" in log


@pytest.mark.filterwarnings("default")
def test_warnings_go_to_the_log_not_the_terminal(monkeypatch, capsys, data_dir):
    from game.scenario import tools

    def noisy(args):
        warnings.warn("overflow encountered in exp", RuntimeWarning, stacklevel=1)
        return 0

    monkeypatch.setattr(tools, "run_schema", noisy)
    assert main(["schema"]) == 0
    assert capsys.readouterr().err == ""
    assert "overflow encountered in exp" in (data_dir / "errors.log").read_text(encoding="utf-8")


def test_a_closed_pipe_is_not_an_error(monkeypatch):
    from game.scenario import tools

    def reader_left(args):
        raise BrokenPipeError

    monkeypatch.setattr(tools, "run_schema", reader_left)
    assert main(["schema"]) == 0


NUMBERS = {
    "simulate": ["--months", "--households", "--seed", "--runs", "--jobs"],
    "sweep": ["--runs", "--seed", "--months"],
    "play": ["--seed", "--months"],
}
BAD_NUMBERS = ["-1", "0", "1e3", "99999999999999999999", "x", ""]


@pytest.mark.parametrize(
    "command, option, value",
    [
        (c, o, v)
        for c, opts in NUMBERS.items()
        for o in opts
        for v in BAD_NUMBERS
        if (o, v) != ("--seed", "0")  # seed 0 is a seed
    ],
)
def test_numbers_out_of_range_are_exit_2(tmp_path, capsys, command, option, value):
    base = {
        "simulate": ["simulate", "--months", "2", "--households", "20"],
        "sweep": [
            "sweep",
            "--param",
            "policy.loan_ceiling_yuan",
            "--values",
            "1",
            "--out",
            str(tmp_path),
        ],
        "play": ["play"],
    }[command]
    code = main([*base, option, value])
    err = capsys.readouterr().err
    assert code == 2, (option, value, err)
    assert "Traceback" not in err and option in err


@pytest.mark.parametrize("command", ["simulate", "sweep", "report"])
def test_an_empty_out_folder_is_refused_not_the_current_folder(tmp_path, capsys, command):
    args = {
        "simulate": ["simulate", "--months", "2"],
        "sweep": ["sweep", "--param", "policy.loan_ceiling_yuan", "--values", "1"],
        "report": ["report", str(tmp_path / "none.json")],
    }[command]
    assert main([*args, "--out", ""]) == 2
    assert "--out: needs a folder name" in capsys.readouterr().err
