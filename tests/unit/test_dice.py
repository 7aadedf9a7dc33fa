"""The dice: one splitmix64 stream whichever way the engine runs."""

from __future__ import annotations

import pytest

from alliance_game.dice import Dice, Weighted

MASK = (1 << 64) - 1


def splitmix64(seed: int, turn: int, purpose: int, draws: int) -> list[float]:
    """The reference stream, straight from the splitmix64 recipe."""
    state = (seed * 0x9E3779B97F4A7C15 + turn * 0xBF58476D1CE4E5B9 + purpose) & MASK
    out = []
    for _ in range(draws):
        state = z = (state + 0x9E3779B97F4A7C15) & MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        out.append(((z ^ (z >> 31)) >> 11) / 2.0**53)
    return out


@pytest.mark.parametrize("seed", [0, 1, 7, -1, -(2**40), 2**63, 2**70 + 3])
def test_both_ways_of_drawing_give_the_reference_stream(seed: int) -> None:
    # `random` is the compiled engine's native arithmetic when it runs compiled, and the
    # sources' masked arithmetic is checked beside it in the same process.
    expected = splitmix64(seed, 2**31 + 5, 20, 500)
    native, source = Dice(seed, 2**31 + 5, 20), Dice(seed, 2**31 + 5, 20)
    assert [native.random() for _ in range(500)] == expected
    assert [source._random_from_source() for _ in range(500)] == expected


def test_draws_fall_in_their_ranges() -> None:
    dice = Dice(3, 4, 5)
    assert all(0.0 <= dice.random() < 1.0 for _ in range(1000))
    assert all(-1.0 <= dice.uniform(-1, 1) < 1.0 for _ in range(1000))
    assert {dice.choice("abc") for _ in range(200)} == {"a", "b", "c"}
    assert dice.pick([5.0]) == 0
    assert {dice.pick([1.0, 0.0, 1.0]) for _ in range(200)} == {0, 2}


def test_drawing_things_by_their_weights_picks_as_drawing_from_a_list_of_weights() -> None:
    things = [Weighted(w) for w in (2.0, 0.5, 0.0, 3.25)]
    for seed in range(300):
        by_things, by_weights = Dice(seed, 1, 2), Dice(seed, 1, 2)
        for _ in range(5):
            position = by_weights.pick([t.weight for t in things])
            assert by_things.draw(things) is things[position]
    only, untouched = Dice(9, 1, 2), Dice(9, 1, 2)
    assert only.draw(things[:1]) is things[0]  # a single thing is taken without a draw
    assert only.random() == untouched.random()
