"""Fuzzing the two loaders: whatever bytes come in, the answer is a clean error or a valid
game, never a traceback. Scenarios that load are also played to the end."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_game import loader, saves, yamlsafe
from alliance_game.game import Game
from alliance_game.loader import ScenarioError
from alliance_game.savefile import SaveError
from alliance_game.scenario import SIDES, Scenario

ROOT = Path(__file__).parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
# Generous: only a pathological blow-up (an alias bomb, runaway recursion) would reach it.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 150)),
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def paths(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in nested data: keys of dicts and indexes of lists."""
    found = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*here, index))
    return found


def mutate(data: Any, draw: st.DrawFn) -> Any:
    """`data` with one place replaced by a random value, or removed."""
    where = draw(st.sampled_from(paths(data)[1:]))
    parent = data
    for step in where[:-1]:
        parent = parent[step]
    if draw(st.booleans()):
        del parent[where[-1]]
    else:
        parent[where[-1]] = draw(json_values)
    return data


def played_to_the_end(scenario: Scenario) -> None:
    """Any scenario that loads can be played through by computer players."""
    game = Game.new(scenario, 1, {side: "random" for side in SIDES})
    for _ in range(scenario.calendar.turns):
        if game.over:
            break
        game.advance()
    assert game.over


# --- scenarios ------------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_as_a_scenario_give_a_clean_error(raw: bytes) -> None:
    try:
        scenario = loader.parse(raw, "fuzz.yaml")
    except ScenarioError as err:
        assert err.problems and all(str(p).startswith("fuzz.yaml:") for p in err.problems)
    else:
        played_to_the_end(scenario)


@FUZZ
@given(st.data())
def test_a_damaged_scenario_gives_a_clean_error_or_a_playable_game(data: st.DataObject) -> None:
    tree = yamlsafe.read(MINI.read_bytes()).data
    text = yaml.safe_dump(mutate(tree, data.draw), sort_keys=False)
    try:
        scenario = loader.parse(text, "fuzz.yaml")
    except ScenarioError as err:
        assert err.problems
    else:
        played_to_the_end(scenario)


@FUZZ
@given(st.data())
def test_scenario_text_with_bytes_flipped_or_cut_gives_a_clean_error(data: st.DataObject) -> None:
    raw = bytearray(MINI.read_bytes())
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(raw) - 1))
        if data.draw(st.booleans()):
            raw[at] = data.draw(st.integers(0, 255))
        else:
            del raw[at : at + data.draw(st.integers(1, 40))]
    try:
        scenario = loader.parse(bytes(raw), "fuzz.yaml")
    except ScenarioError:
        return
    played_to_the_end(scenario)


# --- saves ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good_save(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    scenario = loader.load(MINI)
    game = Game.new(scenario, 2, {side: "tit" for side in SIDES}, MINI)
    game.advance()
    game.advance()
    return saves.record(game)


def read_or_refuse(path: Path) -> None:
    try:
        game = saves.read(path)
    except SaveError as err:
        message = str(err)
        assert message.startswith(f"{path}: ") and "\n" not in message
    else:
        assert game.state.turn >= 1


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_as_a_save_give_a_clean_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "fuzz.json"
    path.write_bytes(raw)
    read_or_refuse(path)


@FUZZ
@given(st.data())
def test_a_damaged_save_gives_a_clean_error_or_a_game(
    tmp_path: Path, good_save: dict[str, Any], data: st.DataObject
) -> None:
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(mutate(json.loads(json.dumps(good_save)), data.draw)))
    read_or_refuse(path)


@FUZZ
@given(st.data())
def test_save_text_with_bytes_flipped_or_cut_gives_a_clean_error(
    tmp_path: Path, good_save: dict[str, Any], data: st.DataObject
) -> None:
    raw = bytearray(json.dumps(good_save, indent=1).encode())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        if data.draw(st.booleans()):
            raw[at] = data.draw(st.integers(0, 255))
        else:
            del raw[at : at + data.draw(st.integers(1, 20))]
    path = tmp_path / "fuzz.json"
    path.write_bytes(bytes(raw))
    read_or_refuse(path)
