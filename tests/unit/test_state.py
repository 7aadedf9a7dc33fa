"""A game's state is a value: compared by its fields, copied with changes, never changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_game import rules, state
from alliance_game.scenario import Scenario, Side
from alliance_game.state import Reading

COMPILED = Path(state.__file__).suffix != ".py"


def test_replaced_changes_only_the_fields_named(mini: Scenario) -> None:
    before = rules.new_game(mini, seed=3)
    after = before.replaced(turn=4, flags=frozenset({"x"}))
    assert (after.turn, after.flags) == (4, frozenset({"x"}))
    assert (before.turn, before.flags) != (4, frozenset({"x"}))
    assert after.replaced(turn=before.turn, flags=before.flags) == before
    with pytest.raises(TypeError):
        before.replaced(trun=4)


def test_pledges_copy_the_state_with_them_and_their_log_entries(mini: Scenario) -> None:
    before = rules.new_game(mini, seed=3)
    made = ((Side.MOSCOW, "calm"), (Side.TEHRAN, "calm"))
    entries = tuple(state.Entry(before.turn, state.Kind.PLEDGE, "calm", (), s) for s, _ in made)
    after = before.pledged(made, state.lines_of(entries))
    assert after == before.replaced(pledges=(*before.pledges, *made), log=(*before.log, *entries))
    assert after.pledge(Side.TEHRAN) == "calm" and before.pledge(Side.MOSCOW) is None


def test_states_are_equal_by_value_and_unhashable(mini: Scenario) -> None:
    one, two = rules.new_game(mini, seed=3), rules.new_game(mini, seed=3)
    assert one == two and one is not two
    assert one != rules.new_game(mini, seed=4)
    assert one != "a state"
    with pytest.raises(TypeError):
        hash(one)
    assert Reading(50.0, "middle") == Reading(50.0, "middle") != Reading(50.5, "middle")
    assert repr(Reading(50.0, "middle")) == "Reading(index=50.0, heading='middle')"
    assert repr(one).startswith("GameState(seed=3, turn=1, meters={")
    entry = state.Entry(2, state.Kind.EVENT, "oil")
    assert (
        entry == state.Entry(2, state.Kind.EVENT, "oil") != state.Entry(3, state.Kind.EVENT, "oil")
    )
    assert hash(entry) == hash(state.Entry(2, state.Kind.EVENT, "oil"))
    assert (
        repr(entry) == "Entry(turn=2, kind=<Kind.EVENT: 'event'>, ref='oil', changes=(), side=None)"
    )


@pytest.mark.skipif(not COMPILED, reason="only the compiled engine enforces read-only fields")
def test_compiled_states_cannot_be_changed(mini: Scenario) -> None:
    game = rules.new_game(mini, seed=3)
    with pytest.raises(AttributeError):
        game.turn = 9  # type: ignore[misc]
    with pytest.raises(AttributeError):
        game.outlook.index = 1.0  # type: ignore[misc]


def test_a_chronicle_reads_as_the_whole_log_in_order(mini: Scenario) -> None:
    first = tuple(state.Entry(1, state.Kind.EVENT, f"e{i}") for i in range(3))
    second = (state.Entry(2, state.Kind.EVENT, "f"),)
    third = (state.Entry(3, state.Kind.EVENT, "g"), state.Entry(3, state.Kind.EVENT, "h"))
    root = state.Chronicle(None, state.lines_of(first))  # lines, as the engine writes them
    middle = root.then(state.lines_of(second))
    last = middle.then([]).then(state.lines_of(third))  # nothing new: the same chronicle
    assert middle.then([]) is middle
    assert middle.flat() == first + second  # read midway, then later on
    assert last.flat() == first + second + third
    assert state.Chronicle.of(first).flat() is first  # entries given are kept as they are
    game = rules.new_game(mini, seed=3)
    played = rules.play_turn(
        mini, game, {s: rules.offered(mini, game, s)[0].id for s in (Side.MOSCOW, Side.TEHRAN)}
    )
    assert played.log[: len(game.log)] == game.log and len(played.log) > len(game.log)
    assert played.replaced(log=played.log) == played  # a tuple given back reads the same
