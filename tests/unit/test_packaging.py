"""The package works when installed normally, from any folder: scenarios travel with it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("alliance_game-*.whl"))


def test_wheel_carries_the_scenarios(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "alliance_game/scenarios/default.yaml" in names
    assert "alliance_game/template.yaml" in names  # what `alliance-game new` writes
    assert "alliance_game/cli.py" in names


def test_installed_copy_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-m", "alliance_game", "simulate", "--games", "3", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert '"games": 3' in done.stdout
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "from alliance_game import catalog; print(catalog.installed()['default'])",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.strip().startswith(str(target)), where.stdout + where.stderr
