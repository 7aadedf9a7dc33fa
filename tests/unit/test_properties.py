"""Properties that hold for any seed and any sequence of offered choices."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_game import rules, transcript
from alliance_game.scenario import Scenario, Side
from alliance_game.state import GameState

seeds = st.integers(min_value=0, max_value=2**32)
picks = st.lists(st.integers(min_value=0, max_value=3), min_size=60, max_size=60)


def play(scenario: Scenario, seed: int, moves: list[int]) -> list[GameState]:
    """Play a whole game choosing option `moves[i] % n` at each decision; every state on the way."""
    state = rules.new_game(scenario, seed)
    states = [state]
    i = 0
    while not state.over:
        choices = {}
        for side in Side:
            options = rules.card(scenario, state, side).options
            choices[side] = options[moves[i % len(moves)] % len(options)].id
            i += 1
        state = rules.play_turn(scenario, state, choices)
        states.append(state)
    return states


def in_range(scenario: Scenario, state: GameState) -> bool:
    return all(m.min <= state.meters[m.id] <= m.max for m in scenario.meters)


@settings(max_examples=150, deadline=None)
@given(seed=seeds, moves=picks)
def test_meters_stay_in_range(default: Scenario, seed: int, moves: list[int]) -> None:
    assert all(in_range(default, s) for s in play(default, seed, moves))


@settings(max_examples=150, deadline=None)
@given(seed=seeds, moves=picks)
def test_every_game_ends_in_exactly_one_end_state(
    default: Scenario, seed: int, moves: list[int]
) -> None:
    final = play(default, seed, moves)[-1]
    assert final.ending is not None
    assert final.ending.end_state in default.lookup.end_states
    assert final.ending.turn <= default.calendar.turns
    assert [e.kind.value for e in final.log].count("ending") == 1


@settings(max_examples=60, deadline=None)
@given(seed=seeds, moves=picks)
def test_same_inputs_give_the_same_log(default: Scenario, seed: int, moves: list[int]) -> None:
    first, second = play(default, seed, moves)[-1], play(default, seed, moves)[-1]
    assert first == second
    assert transcript.render(default, first) == transcript.render(default, second)


@settings(max_examples=100, deadline=None)
@given(seed=seeds, moves=picks)
def test_mini_scenario_properties(mini: Scenario, seed: int, moves: list[int]) -> None:
    states = play(mini, seed, moves)
    assert all(in_range(mini, s) for s in states)
    assert states[-1].ending is not None
