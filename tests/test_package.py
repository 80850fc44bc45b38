"""The game as an installed package: a wheel built from this clone, installed elsewhere, gives
an `iron-rice-bowl` command that works from any folder and finds its built-in scenarios and
translations inside the package (not in the clone); its pins are requirements.txt's."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _requirements() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def test_the_package_pins_what_requirements_txt_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["dependencies"] == _requirements()
    assert all("==" in dep for dep in project["dependencies"])
    assert project["scripts"]["iron-rice-bowl"] == "game.cli:main"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel, built without network (hatchling from requirements-dev.txt), installed into
    a folder of its own; its dependencies are this venv's (the same pins)."""
    tmp = tmp_path_factory.mktemp("package")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    build = pip + ["wheel", "--no-build-isolation", "--no-deps", "-w", str(tmp / "dist"), str(ROOT)]
    subprocess.run(build, check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp / "dist").glob("iron_rice_bowl-*.whl")
    target = tmp / "site"
    install = pip + ["install", "--no-deps", "--no-compile", "--target", str(target), str(wheel)]
    subprocess.run(install, check=True, capture_output=True, timeout=300)
    elsewhere = tmp / "elsewhere"  # not the clone: nothing can be found by relative path
    elsewhere.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "HOME": str(tmp / "home"),
        "IRB_DATA_DIR": str(tmp / "data"),
        "IRB_CONFIG_DIR": str(tmp / "config"),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
    }
    return {"wheel": wheel, "target": target, "cwd": elsewhere, "env": env}


def _run(installed, *args: str) -> subprocess.CompletedProcess:
    script = installed["target"] / "bin" / "iron-rice-bowl"
    if not script.exists():  # Windows puts it in Scripts/ as an .exe
        script = installed["target"] / "Scripts" / "iron-rice-bowl.exe"
    return subprocess.run(
        [str(script), *args],
        cwd=installed["cwd"],
        env=installed["env"],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_wheel_carries_the_scenarios_and_translations_and_no_tests(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    src = ROOT / "scenarios"  # the built-ins and the instructors' examples beside them
    # (and the built-ins as checked ahead: game/scenario/checked.py)
    kept = [*src.rglob("*.yaml"), *src.glob("checked/*.json")]
    shipped = sorted(p.relative_to(src).as_posix() for p in kept)
    prefix = "game/_data/scenarios/"
    assert sorted(n[len(prefix) :] for n in names if n.startswith(prefix)) == shipped
    assert "game/_data/assets/i18n/zh.json" in names and "game/ui/theme.json" in names
    assert not [n for n in names if n.startswith("tests/") or "__pycache__" in n]


def test_the_installed_command_validates_the_built_in_scenarios_from_another_folder(installed):
    where = subprocess.run(
        [sys.executable, "-c", "import game; print(game.__file__)"],
        cwd=installed["cwd"],
        env=installed["env"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert Path(where.strip()).is_relative_to(installed["target"])  # not this clone
    ok = _run(installed, "validate", "steel_town_2016", "tutorial")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = _run(installed, "validate", "steel_twon_2016")  # a misspelt built-in: told, exit 2
    assert bad.returncode == 2 and "steel_town_2016" in bad.stdout + bad.stderr


def test_the_installed_command_simulates_a_built_in_scenario(installed):
    out = installed["cwd"] / "out"
    done = _run(
        installed, "simulate", "--scenario", "steel_town_2016", "--runs", "1", "--months", "3",
        "--out", str(out), "--no-charts",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (out / "town.csv").is_file() and (out / "months.csv").is_file()
    help_text = _run(installed, "--help")
    assert help_text.returncode == 0 and "iron-rice-bowl" in help_text.stdout
    import game

    version = _run(installed, "--version")  # what a student reads out when asking for help
    assert version.stdout.strip() == f"iron-rice-bowl {game.__version__}"
    assert installed["wheel"].name.startswith(f"iron_rice_bowl-{game.__version__}-")
