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

from alliance_game import loader, savefile, saves, yamlsafe
from alliance_game.game import Game, Team
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


def test_a_number_where_a_key_should_be_gives_a_clean_error() -> None:
    """Found by the test above: bytes cut so that `rules` reads `{1.0, reveal: hinted}`,
    a key that is a number, which pydantic names as the text '1.0'."""
    raw = MINI.read_bytes()
    damaged = raw[:253] + raw[266:]
    assert b"rules: { 1.0, reveal: hinted}" in damaged
    with pytest.raises(ScenarioError) as err:
        loader.parse(damaged, "fuzz.yaml")
    assert [p.line for p in err.value.problems] == [10]
    assert "rules.1.0" in str(err.value)


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


# --- every place of a real save, every hostile value ----------------------------------------

HOSTILE = [
    None,
    True,
    -1,
    2**70,
    1.5,
    float("inf"),
    "",
    "\ud800",  # a lone surrogate: JSON allows it, no terminal can print it
    "\x1b[31m\n",
    "x" * 300,
    "inj_invented",
    [],
    {},
    {"extra": 1},
]
ENDLESS = "1e999"  # written into the text as it stands: json.dumps would spell it Infinity


def classroom_save(tmp_path: Path) -> dict[str, Any]:
    """A real save with every part filled: teams, a reason, an inject, a pause, a pledge-free
    turn in progress."""
    scenario = loader.load(MINI)
    game = Game.new(scenario, 3, {side: "human" for side in SIDES}, MINI)
    game.teams = {SIDES[0]: Team("Red", ("Ana", "Ben")), SIDES[1]: Team("Blue")}
    game.choose(SIDES[0], game.card(SIDES[0]).options[0].id, "Keep them close.")
    game.choose(SIDES[1], game.card(SIDES[1]).options[-1].id)
    game.advance()
    game.inject("sanctions_lifted", "to test the teams", at="2026-11-23T10:00:00+00:00")
    game.note("pause", "", "a question from the class")
    return saves.record(game)


def corruptions(good: dict[str, Any]) -> list[tuple[str, str]]:
    """(what was done, the file's text) for every place of the save and every hostile value,
    and each place removed."""
    done = []
    for where in paths(good)[1:]:
        for value in [*HOSTILE, ENDLESS, "(removed)"]:
            data = json.loads(json.dumps(good))
            parent = data
            for step in where[:-1]:
                parent = parent[step]
            if value == "(removed)":
                del parent[where[-1]]
                text = json.dumps(data)
            elif value == ENDLESS:
                parent[where[-1]] = "ENDLESS-MARK"
                text = json.dumps(data).replace('"ENDLESS-MARK"', ENDLESS)
            else:
                parent[where[-1]] = value
                text = json.dumps(data)
            done.append((f"{'.'.join(map(str, where))} = {value!r}"[:80], text))
    return done


def test_every_corruption_of_a_real_save_loads_or_is_refused_in_one_line(tmp_path: Path) -> None:
    """Each corrupt save loads as a game or is refused in one line naming the file; its
    header is listed or named as unreadable in one line; no file is ever changed."""
    folder = tmp_path / "saves"
    folder.mkdir()
    path = folder / "fuzz.json"
    tried = refused = loaded = 0
    for what, text in corruptions(classroom_save(tmp_path)):
        path.write_text(text)
        before = path.read_bytes()
        for accept in (False, True):  # accepting changes reaches past the check, to the replay
            tried += 1
            try:
                game = saves.read(path, accept_changes=accept)
            except SaveError as err:
                refused += 1
                message = str(err)
                assert message.startswith(f"{path}: ") and message.isprintable(), what
            else:
                loaded += 1
                assert game.state.turn == 2, what
        found, broken = savefile.listing(folder)
        assert len(found) + len(broken) == 1, what
        assert all(line.isprintable() for line in broken), what
        assert [p.name for p in folder.iterdir()] == ["fuzz.json"], what
        assert path.read_bytes() == before, what
    assert tried > 1000 and refused > tried / 2 and loaded > 0
