"""The rules of a turn, on the mini scenario."""

from __future__ import annotations

import pytest

from alliance_game import outlook, rules
from alliance_game.game import Game
from alliance_game.scenario import Scenario, Side
from alliance_game.state import Entry, Kind

M, T = Side.MOSCOW, Side.TEHRAN


def options(scenario: Scenario, state, side: Side) -> list[str]:
    return [o.id for o in rules.card(scenario, state, side).options]


def pick(scenario: Scenario, state, side: Side, stance: str) -> str:
    card = rules.card(scenario, state, side)
    return next(o.id for o in card.options if o.stance.value == stance)


def test_new_game_opens_turn_one_with_scheduled_news(mini: Scenario) -> None:
    state = rules.new_game(mini, seed=1)
    assert state.turn == 1
    assert state.meters["trust"] == 52  # start 50, then the scheduled 'opening' event +2
    assert next(e.ref for e in state.log if e.kind is Kind.EVENT) == "opening"
    assert {side for side, _ in state.offer} == {M, T}


def test_own_effects_then_joint_outcome(mini: Scenario) -> None:
    state = rules.new_game(mini, seed=1)
    trust = state.meters["trust"]
    after = rules.play_turn(
        mini, state, {M: pick(mini, state, M, "compete"), T: pick(mini, state, T, "compete")}
    )
    resolution = [e for e in after.log if e.turn == 1 and e.kind in (Kind.CHOICE, Kind.JOINT)]
    # both compete: -10 each, then the 'feud' joint outcome -5
    assert sum(d for e in resolution for m, d in e.changes if m == "trust") == -25
    assert trust - 25 <= after.meters["trust"]  # turn 2's opening may add pressure on top
    kinds = [(e.kind, e.ref) for e in after.log if e.turn == 1]
    assert (Kind.JOINT, "feud") in kinds
    assert kinds.index((Kind.JOINT, "feud")) > max(
        i for i, k in enumerate(kinds) if k[0] is Kind.CHOICE
    )


def test_joint_outcome_matches_option_ids_as_well_as_tags(mini: Scenario) -> None:
    state = rules.new_game(mini, seed=1)
    after = rules.play_turn(
        mini, state, {M: pick(mini, state, M, "cooperate"), T: pick(mini, state, T, "cooperate")}
    )
    assert "embrace" in {e.ref for e in after.log if e.kind is Kind.JOINT}


def test_meters_are_clamped_and_log_records_the_real_change(mini: Scenario) -> None:
    state = rules.new_game(mini, seed=1)
    for _ in range(3):
        if state.over:
            break
        state = rules.play_turn(
            mini,
            state,
            {M: pick(mini, state, M, "cooperate"), T: pick(mini, state, T, "cooperate")},
        )
    assert state.meters["trust"] == 100
    trust_moves = [d for e in state.log for m, d in e.changes if m == "trust"]
    assert sum(trust_moves) == 100 - 50


def test_lasting_effect_plays_out_over_following_turns(mini: Scenario) -> None:
    game = Game.new(mini, 5, {M: "human", T: "friend"})
    while "ru_one_comp" not in options(mini, game.state, M):
        game.choose(M, options(mini, game.state, M)[0])
        game.advance()
    chosen_on = game.state.turn
    game.choose(M, "ru_one_comp")
    game.advance()
    lasting = [e for e in game.state.log if e.kind is Kind.LASTING]
    assert [(e.turn, e.ref, e.changes) for e in lasting] == [
        (chosen_on + 1, "ru_one_comp", (("ir_gain", -1),))
    ]


def test_pressure_applies_while_its_condition_holds(mini: Scenario) -> None:
    game = Game.new(mini, 2, {M: "rival", T: "rival"})
    game.advance()  # both compete: trust falls to <= 30
    assert game.state.meters["trust"] <= 30
    assert any(e.kind is Kind.PRESSURE and e.turn == 2 for e in game.state.log)


def test_flag_set_by_a_choice_unlocks_an_event(mini: Scenario) -> None:
    game = Game.new(mini, 0, {M: "human", T: "friend"})
    while "ru_two_comp" not in options(mini, game.state, M):
        game.choose(M, options(mini, game.state, M)[0])
        game.advance()
    game.choose(M, "ru_two_comp")
    game.advance()
    assert "betrayed" in game.state.flags


def test_threshold_ends_the_game_early(mini: Scenario) -> None:
    game = Game.new(mini, 1, {M: "rival", T: "rival"})
    while not game.over:
        game.advance()
    assert game.state.ending is not None
    assert game.state.ending.cause == "collapse"
    assert game.state.ending.end_state == "low"
    assert game.state.ending.turn < mini.calendar.turns
    assert game.state.log[-1].kind is Kind.ENDING


def test_last_turn_ends_in_the_heading_end_state(mini: Scenario) -> None:
    game = Game.new(mini, 1, {M: "friend", T: "friend"})
    while not game.over:
        game.advance()
    ending = game.state.ending
    assert ending is not None and ending.cause == "final_turn"
    assert ending.end_state == game.state.outlook.heading == "high"
    start = mini.lookup.start
    assert dict(ending.scores) == {
        s: outlook.interest_score(mini, game.state.meters, s)
        - outlook.interest_score(mini, start, s)
        for s in Side
    }


def test_illegal_choices_are_rejected_with_a_reason(mini: Scenario) -> None:
    state = rules.new_game(mini, seed=1)
    other = next(
        o for o in mini.lookup.options if o not in options(mini, state, M) and o.startswith("ru")
    )
    with pytest.raises(rules.IllegalMove, match="is not offered to Moscow"):
        rules.play_turn(mini, state, {M: other, T: options(mini, state, T)[0]})
    with pytest.raises(rules.IllegalMove, match="not an option id"):
        rules.play_turn(mini, state, {M: "nonsense", T: options(mini, state, T)[0]})
    with pytest.raises(rules.IllegalMove, match="no choice for tehran"):
        rules.play_turn(mini, state, {M: options(mini, state, M)[0]})


def test_a_side_cannot_choose_twice_or_after_the_end(mini: Scenario) -> None:
    game = Game.new(mini, 1, {M: "human", T: "rival"})
    game.choose(M, options(mini, game.state, M)[0])
    with pytest.raises(rules.IllegalMove, match="already chosen"):
        game.choose(M, options(mini, game.state, M)[1])
    game.advance()
    while not game.over:
        game.choose(M, options(mini, game.state, M)[0])
        game.advance()
    with pytest.raises(rules.IllegalMove, match="over"):
        rules.play_turn(mini, game.state, {M: "ru_one_coop", T: "ir_one_coop"})


def test_advance_waits_for_every_human(mini: Scenario) -> None:
    game = Game.new(mini, 1, {M: "human", T: "human"})
    game.choose(M, options(mini, game.state, M)[0])
    with pytest.raises(rules.IllegalMove, match="waiting for tehran"):
        game.advance()


def test_unknown_seat_is_refused(mini: Scenario) -> None:
    with pytest.raises(ValueError, match="unknown player 'sphinx'"):
        Game.new(mini, 1, {M: "sphinx", T: "rival"})


def test_outlook_heads_for_the_nearest_end_state(mini: Scenario) -> None:
    meters = {"trust": 30, "ru_gain": 50, "ir_gain": 50}
    reading = outlook.read(mini, meters)
    assert reading.heading == "low"  # 30 is nearer 20 than 50
    assert abs(sum(share for _, share in outlook.drift(mini, reading)) - 1) < 0.01
    shares = outlook.drift(mini, reading)
    assert max(shares, key=lambda p: p[1])[0] == "low"
    assert outlook.read(mini, {**meters, "trust": 36}).heading == "mid"


def test_cards_are_not_repeated_until_the_pool_runs_dry(mini: Scenario) -> None:
    game = Game.new(mini, 9, {M: "rival", T: "friend"})
    seen = []
    while not game.over:
        seen.append(game.state.card(M))
        game.advance()
    assert len(set(seen[:2])) == 2  # mini has two Moscow cards: both before any repeats


# --- classroom: injects and skipped turns -------------------------------------------------


def test_an_inject_applies_now_and_is_news_of_the_current_turn(mini) -> None:
    state = rules.new_game(mini, 1)
    after = rules.inject(mini, state, "sanctions_lifted")
    assert after.turn == state.turn and after.offer == state.offer
    assert after.meters["ir_gain"] == state.meters["ir_gain"] + 6
    assert after.log[-1] == Entry(
        1, Kind.INJECT, "sanctions_lifted", (("trust", -4), ("ir_gain", 6))
    )
    assert after.pending[-1].ref == "sanctions_lifted"  # its lasting effect plays out later
    assert after.outlook.index < state.outlook.index


def test_any_scenario_event_can_be_injected_and_then_counts_as_fired(mini) -> None:
    after = rules.inject(mini, rules.new_game(mini, 1), "storm")
    assert "storm" in after.fired


def test_an_unknown_inject_is_refused_with_the_known_ones(mini) -> None:
    with pytest.raises(rules.IllegalMove, match="no inject or event 'flood' in this scenario"):
        rules.inject(mini, rules.new_game(mini, 1), "flood")


def test_a_skipped_turn_moves_on_without_choices_and_returns_its_cards(mini) -> None:
    state = rules.new_game(mini, 1)
    after = rules.skip_turn(mini, state)
    assert after.turn == 2 and after.history[-1].choices == ()
    assert after.history[-1].choice(Side.MOSCOW) is None
    assert not any(e.kind is Kind.CHOICE for e in after.log)
    assert after.played == state.played  # the cards can be dealt again
    assert any(e.kind is Kind.SKIPPED and e.turn == 1 for e in after.log)


def test_skipping_the_last_turn_ends_the_game(mini) -> None:
    state = rules.new_game(mini, 1)
    for _ in range(mini.calendar.turns):
        state = rules.skip_turn(mini, state)
    assert state.over and state.ending is not None and state.ending.cause == "final_turn"
    with pytest.raises(rules.IllegalMove):
        rules.skip_turn(mini, state)
