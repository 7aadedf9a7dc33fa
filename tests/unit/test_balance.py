"""Balance of the default scenario, measured with the simulator.

The bounds are the design targets recorded in docs/balance.md: the middle end state is
the most common under mixed or random play, either capital can steer to any end state
against a reciprocating counterpart, and neither can force one alone.
"""

from __future__ import annotations

import pytest

from alliance_game import simulate
from alliance_game.scenario import Scenario

GAMES = 300


def shares(scenario: Scenario, moscow: str, tehran: str) -> dict[str, float]:
    summary = simulate.run(scenario, GAMES, 0, moscow, tehran)
    return {e: summary.share(e) for e in ("competition", "pragmatic", "strengthening")}


@pytest.mark.parametrize(("moscow", "tehran"), [("mixed", "mixed"), ("random", "random")])
def test_middle_end_state_is_the_most_common(default: Scenario, moscow: str, tehran: str) -> None:
    s = shares(default, moscow, tehran)
    assert s["pragmatic"] == max(s.values())
    assert 0.35 <= s["pragmatic"] <= 0.85
    assert s["competition"] >= 0.1 and s["strengthening"] >= 0.05


def test_mixed_play_shares_stay_inside_bounds(default: Scenario) -> None:
    s = shares(default, "mixed", "mixed")
    assert 0.35 <= s["pragmatic"] <= 0.55
    assert 0.2 <= s["competition"] <= 0.4
    assert 0.2 <= s["strengthening"] <= 0.4


@pytest.mark.parametrize("side", ["moscow", "tehran"])
@pytest.mark.parametrize(
    ("strategy", "end_state"),
    [("hardliner", "competition"), ("opportunist", "pragmatic"), ("loyalist", "strengthening")],
)
def test_either_side_can_steer_to_each_end_state(
    default: Scenario, side: str, strategy: str, end_state: str
) -> None:
    players = {"moscow": "pragmatist", "tehran": "pragmatist", side: strategy}
    assert shares(default, players["moscow"], players["tehran"])[end_state] >= 0.8


@pytest.mark.parametrize("side", ["moscow", "tehran"])
def test_neither_side_alone_forces_an_extreme(default: Scenario, side: str) -> None:
    other = "tehran" if side == "moscow" else "moscow"
    hard = shares(default, **{side: "hardliner", other: "loyalist"})
    soft = shares(default, **{side: "loyalist", other: "hardliner"})
    assert hard["competition"] < 0.2, "a hardliner alone should not force competition"
    assert soft["strengthening"] < 0.2, "a loyalist alone should not force strengthening"


def test_every_option_and_event_can_happen(default: Scenario) -> None:
    summary = simulate.run(default, 1000, 0)
    assert simulate.never_chosen(default, summary) == []
    assert simulate.never_fired(default, summary) == []


VARIANTS = ["classroom", "oil_shock"]


@pytest.fixture(scope="module", params=VARIANTS)
def variant(request: pytest.FixtureRequest) -> Scenario:
    from alliance_game import loader

    return loader.load(loader.resolve(request.param))


def test_the_variants_reach_every_end_state_in_mixed_play(variant: Scenario) -> None:
    s = shares(variant, "mixed", "mixed")
    assert s["pragmatic"] == max(s.values()) and s["pragmatic"] <= 0.65
    assert s["competition"] >= 0.1 and s["strengthening"] >= 0.1


@pytest.mark.parametrize(
    ("moscow", "tehran", "end_state"),
    [
        ("hardliner", "hardliner", "competition"),
        ("pragmatist", "pragmatist", "pragmatic"),
        ("loyalist", "loyalist", "strengthening"),
    ],
)
def test_the_variants_follow_deliberate_play(
    variant: Scenario, moscow: str, tehran: str, end_state: str
) -> None:
    assert shares(variant, moscow, tehran)[end_state] >= 0.7


def test_every_option_and_event_of_the_variants_can_happen(variant: Scenario) -> None:
    summary = simulate.run(variant, 1000, 0)
    assert simulate.never_chosen(variant, summary) == []
    assert simulate.never_fired(variant, summary) == []
