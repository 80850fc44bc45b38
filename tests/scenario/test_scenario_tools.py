"""The instructors' commands, called as `python main.py ...` would call them, and the reference
document that must match the models."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.scenario import docs
from game.scenario.json_schema import json_schema

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
GOOD = DATA / "good_minimal.yaml"
BAD = DATA / "bad_scenarios"


def test_validate_says_ok_for_a_good_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(GOOD)]) == 0
    out = capsys.readouterr().out.strip().splitlines()  # (warnings of one-language texts first)
    assert out[-1] == f"{GOOD}: ok" and all(": warning: " in line for line in out[:-1])


def test_validate_lists_every_problem_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    many = BAD / "many_problems.yaml"
    assert main(["validate", str(GOOD), str(many), str(BAD / "empty.yaml")]) == 2
    out = capsys.readouterr().out.splitlines()
    assert f"{GOOD}: ok" in out
    assert (
        sum(line.startswith(f"{many}:") and ": " in line for line in out) == 5 + 1
    )  # 5 problems + the count
    assert f"{many}: 5 problems" in out
    assert f"{BAD / 'empty.yaml'}: 1 problem" in out
    assert "Traceback" not in "\n".join(out)


def test_validate_a_missing_file_is_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such/scenario.yaml"]) == 2
    out = capsys.readouterr().out
    assert "no/such/scenario.yaml:1:1: (file): no such file or built-in scenario" in out


def test_validate_through_main_py_in_a_fresh_process() -> None:
    proc = subprocess.run(
        [sys.executable, "main.py", "validate", str(GOOD), str(BAD / "nan.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert f"{GOOD}: ok" in proc.stdout
    assert "trades.0.budget_share: not a number (expected a finite number; got .nan)" in proc.stdout
    assert proc.stderr == ""


def test_schema_is_json_schema_covering_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == json.loads(json.dumps(json_schema()))
    props = schema["properties"]
    for key in (
        "title",
        "briefing",
        "player",
        "events",
        "months",
        "town",
        "income",
        "trades",
        "layoff_waves",
        "policy",
        "behaviour",
        "remittance_index_by_month",
        "extends",
    ):
        assert key in props, key
    assert schema["additionalProperties"] is False
    policy = schema["$defs"]["Policy"]["properties"]["loan_ceiling_yuan"]
    assert policy["default"] == 100_000.0
    assert {"type": "number", "minimum": 0, "maximum": 10_000_000} in policy["anyOf"]  # plain ...
    assert any(v.get("required") == ["value"] for v in policy["anyOf"])  # ... or {value:, source:}
    assert "unit: yuan" in policy["description"]
    # story values may carry a source too: plain first, then {value:, source:}
    effects = schema["$defs"]["Choice"]["properties"]["effects"]["anyOf"][0]
    commands = effects["items"]["anyOf"][0]["oneOf"]
    assert {"event_payment", "set_price", "open_business"} <= {
        c["properties"]["command"]["anyOf"][0]["const"] for c in commands
    }


def test_docs_reference_is_current() -> None:
    committed = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    assert committed == docs.render(), (
        "docs/scenarios.md is stale: run `python -m game.scenario.docs > docs/scenarios.md`"
    )


def test_docs_name_every_parameter_with_its_unit_and_source() -> None:
    text = docs.render()
    assert "| `loan_ceiling_yuan` | number | yuan | 100,000 | 0 to 10,000,000 |" in text
    assert "docs/evidence.md#loan-2016: in most places 100,000 yuan (Loubere 2016)" in text
    assert "| `title` | text | **required** |" in text


def test_sweep_writes_a_table_and_a_chart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sweep"
    code = main(
        [
            "sweep",
            "--scenario",
            str(GOOD),
            "--param",
            "town.households",
            "--values",
            "30,300",
            "--runs",
            "2",
            "--months",
            "6",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    with open(out / "sweep.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["value"] for r in rows] == ["30", "300"]
    assert all(r["runs"] == "2" and r["months"] == "6" for r in rows)
    # each value reaches the runs: ten times the households, more businesses opened
    assert float(rows[0]["entries"]) < float(rows[1]["entries"])
    with open(out / "sweep_runs.csv", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 4
    png = (out / "sweep.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert "town.households over 30, 300" in capsys.readouterr().out


def test_sweep_rejects_a_bad_parameter_or_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "sweep",
                "--param",
                "policy.loan_celing_yuan",
                "--values",
                "1,2",
                "--out",
                str(tmp_path),
            ]
        )
        == 2
    )
    assert "unknown key 'loan_celing_yuan'" in capsys.readouterr().err
    assert (
        main(
            [
                "sweep",
                "--param",
                "policy.loan_ceiling_yuan",
                "--values",
                "1,,2",
                "--out",
                str(tmp_path),
            ]
        )
        == 2
    )
    assert "comma-separated" in capsys.readouterr().err
    assert (
        main(
            [
                "sweep",
                "--param",
                "policy.certificate_probability",
                "--values",
                "0.5,2",
                "--out",
                str(tmp_path),
            ]
        )
        == 2
    )
    assert "between 0 and 1" in capsys.readouterr().err
