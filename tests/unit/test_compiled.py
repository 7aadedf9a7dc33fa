"""The compiled engine: used only when built from these very sources, and it plays the
same games as the Python sources."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import alliance_game
from alliance_game import compiled, rules

PACKAGE = Path(compiled.__file__).parent
TOOL = Path(__file__).resolve().parents[2] / "tools" / "compile_engine.py"
RUNNING_COMPILED = Path(rules.__file__).suffix != ".py"

GAMES = """
import hashlib
from pathlib import Path
from alliance_game import loader, policies, rules
from alliance_game.game import Game
from alliance_game.scenario import Side
sc = loader.load(Path({scenario!r}))
names = [n for n in policies.names(sc) if n != "strategist"]
pairs = [(m, t) for m in names for t in names] + [("strategist", "pragmatist")]
digest = hashlib.sha256()
for moscow, tehran in pairs:
    game = Game.new(sc, 7, {{Side.MOSCOW: moscow, Side.TEHRAN: tehran}})
    while not game.over:
        game.advance()
    s = game.state
    digest.update(repr((s.ending, sorted(s.meters.items()), s.log, s.history)).encode())
print(rules.__file__.endswith(".py"), digest.hexdigest())
"""


def package_copy(tmp_path: Path) -> Path:
    """A folder with the compiled modules' sources, as the manifest reads them."""
    copy = tmp_path / "alliance_game"
    copy.mkdir()
    for name in compiled.MODULES:
        shutil.copy(PACKAGE / f"{name}.py", copy / f"{name}.py")
    (copy / compiled.FOLDER).mkdir()
    return copy


def test_a_build_is_fresh_only_for_the_sources_it_was_built_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(compiled.PURE, raising=False)
    copy = package_copy(tmp_path)
    manifest = copy / compiled.FOLDER / compiled.MANIFEST
    assert not compiled.fresh(copy)
    manifest.write_text(json.dumps(compiled.manifest(copy)), encoding="utf-8")
    assert compiled.fresh(copy)
    assert compiled.engine_path(copy) == [str(copy / compiled.FOLDER), str(copy)]

    with (copy / "rules.py").open("a", encoding="utf-8") as source:
        source.write("# edited after the build\n")
    assert not compiled.fresh(copy)
    assert compiled.engine_path(copy) == [str(copy)]


def test_a_build_for_another_interpreter_or_a_damaged_manifest_is_not_used(
    tmp_path: Path,
) -> None:
    copy = package_copy(tmp_path)
    manifest = copy / compiled.FOLDER / compiled.MANIFEST
    other = {**compiled.manifest(copy), "python": "cpython-399"}
    manifest.write_text(json.dumps(other), encoding="utf-8")
    assert not compiled.fresh(copy)
    manifest.write_text('{"python": ', encoding="utf-8")
    assert not compiled.fresh(copy)


def test_pure_runs_the_sources_even_with_a_fresh_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = package_copy(tmp_path)
    (copy / compiled.FOLDER / compiled.MANIFEST).write_text(
        json.dumps(compiled.manifest(copy)), encoding="utf-8"
    )
    monkeypatch.setenv(compiled.PURE, "1")
    assert compiled.engine_path(copy) == [str(copy)]


def test_the_package_finds_its_modules_where_engine_path_says() -> None:
    assert list(alliance_game.__path__) == compiled.engine_path(PACKAGE)
    expected = "compiled by mypyc" if RUNNING_COMPILED else "its Python sources"
    assert compiled.which(list(alliance_game.__path__)) == expected


def games(pure: bool) -> tuple[bool, str]:
    """Whether the games ran from sources, and a digest of them, in a fresh process."""
    env = {**os.environ, compiled.PURE: "1" if pure else "0"}
    scenario = PACKAGE.parents[1] / "scenarios" / "default.yaml"
    code = GAMES.format(scenario=str(scenario))
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    from_sources, digest = out.stdout.split()
    return from_sources == "True", digest


@pytest.mark.skipif(not RUNNING_COMPILED, reason="the engine is not compiled here")
def test_the_compiled_engine_plays_the_same_games_as_the_sources() -> None:
    assert games(pure=True) == (True, games(pure=False)[1])
    assert games(pure=False)[0] is False


def load_tool() -> object:
    spec = importlib.util.spec_from_file_location("compile_engine", TOOL)
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_without_a_compiler_the_set_up_says_so_in_one_line_and_goes_on(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tool = load_tool()
    monkeypatch.setattr(tool.compiled, "fresh", lambda package: False)  # type: ignore[attr-defined]
    monkeypatch.setenv("CC", "no-such-cc -O2")
    monkeypatch.setattr(sys, "argv", [str(TOOL)])
    assert tool.main() == 0  # type: ignore[attr-defined]
    out = capsys.readouterr().out
    assert out == (
        "engine not compiled: no C compiler (no-such-cc); "
        "the game runs its Python sources (slower audits)\n"
    )


@pytest.mark.skipif(
    os.environ.get("CI") != "true" or os.environ.get(compiled.PURE) == "1",
    reason="only CI insists on the build (unless told to run the sources)",
)
def test_ci_runs_the_compiled_engine_where_it_can_be_built() -> None:
    if load_tool().missing():  # type: ignore[attr-defined]
        pytest.skip("this machine cannot compile")
    assert RUNNING_COMPILED
