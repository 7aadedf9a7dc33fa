"""Stakes: end-state payoffs, secret agendas, situations, driven pressures, shuffled options,
personas that look ahead, and the one final score."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_game import loader, outlook, policies, rules, transcript
from alliance_game.game import Game
from alliance_game.loader import ScenarioError
from alliance_game.scenario import Scenario, Side
from alliance_game.state import Kind, Score

M, T = Side.MOSCOW, Side.TEHRAN
STAKES = Path(__file__).parents[1] / "fixtures" / "stakes.yaml"


@pytest.fixture(scope="module")
def stakes() -> Scenario:
    return loader.load(STAKES)


def play(scenario: Scenario, seed: int, moscow: str, tehran: str) -> Game:
    game = Game.new(scenario, seed, {M: moscow, T: tehran})
    while not game.over:
        game.advance()
    return game


def test_each_side_is_dealt_an_agenda_of_its_own(stakes: Scenario) -> None:
    state = rules.new_game(stakes, 3)
    assert state.agenda(M) == "ru_broker" and state.agenda(T) == "ir_patron"
    assert rules.new_game(stakes, 3).agendas == state.agendas
    mini_state = rules.new_game(loader.load(STAKES.with_name("mini.yaml")), 3)
    assert mini_state.agendas == () and mini_state.agenda(M) is None


def test_the_final_score_is_change_plus_ending_plus_agenda(stakes: Scenario) -> None:
    game = play(stakes, 1, "friend", "friend")
    ending = game.state.ending
    assert ending is not None and ending.end_state == "high"
    parts = dict(ending.breakdown)
    start = stakes.lookup.start
    for side in (M, T):
        change = round(
            outlook.interest(stakes, game.state.meters, side)
            - outlook.interest(stakes, start, side)
        )
        assert parts[side].change == change
        assert parts[side].ending == stakes.lookup.payoff[side]["high"]
    assert parts[T].agenda == 4 and parts[M].agenda == 0  # Tehran's patron: a high ending
    assert dict(ending.scores)[T] == parts[T].change + 7 + 4
    assert Score(3, 2, 5).total == 10


def test_agendas_stay_secret_until_the_end(stakes: Scenario) -> None:
    game = Game.new(stakes, 3, {M: "human", T: "friend"})
    mine = transcript.stakes_lines(stakes, game.state, M)
    assert any("Broker" in line for line in mine) and not any("Patron" in line for line in mine)
    hidden = transcript.stakes_lines(stakes, game.state, M, secret=False)
    assert not any("Broker" in line for line in hidden)
    assert transcript.agenda_lines(stakes, game.state) == []
    assert "Patron" not in transcript.render(stakes, game.state)
    assert transcript.to_json(stakes, game.state)["agendas"] is None
    done = play(stakes, 3, "friend", "friend")
    revealed = transcript.render(stakes, done.state)
    assert "Moscow's secret agenda, Broker (5 points)" in revealed
    assert "Tehran's secret agenda, Patron (4 points)" in revealed and "- met" in revealed
    assert transcript.to_json(stakes, done.state)["agendas"] == {
        "moscow": "ru_broker",
        "tehran": "ir_patron",
    }


def test_a_situation_adds_its_effects_when_it_holds(stakes: Scenario) -> None:
    state = rules.new_game(stakes, 0)
    while rules.card(stakes, state, M).id != "ru_one":
        state = rules.new_game(stakes, state.seed + 1)
    glutted = state.replaced(meters={**state.meters, "glut": 70})
    for when, extra in ((state, 0), (glutted, -7)):
        after = rules.play_turn(
            stakes, when, {M: "ru_one_comp", T: rules.card(stakes, when, T).options[0].id}
        )
        choice = next(
            e for e in after.log if e.kind is Kind.CHOICE and e.side is M and e.turn == when.turn
        )
        assert dict(choice.changes).get("ru_gain", 0) == 5 + extra


def test_a_driven_pressure_scales_with_its_meter(stakes: Scenario) -> None:
    state = rules.new_game(stakes, 2)
    assert not [e for e in state.log if e.ref == "glut_drags"]  # glut 50: no push
    glutted = state.replaced(meters={**state.meters, "glut": 79})
    options = {s: rules.card(stakes, glutted, s).options[1].id for s in (M, T)}
    after = rules.play_turn(stakes, glutted, options)
    pushed = [e for e in after.log if e.ref == "glut_drags" and e.turn == 2]
    assert pushed and dict(pushed[0].changes)["ru_gain"] == -2  # 29 over 50, step 10


def test_options_are_shown_in_an_order_of_the_game(stakes: Scenario) -> None:
    orders = set()
    for seed in range(30):
        state = rules.new_game(stakes, seed)
        shown = rules.shown(stakes, state, M)
        assert sorted(o.id for o in shown) == sorted(
            o.id for o in rules.card(stakes, state, M).options
        )
        assert [o.id for o in rules.shown(stakes, state, M)] == [o.id for o in shown]
        orders.add(tuple(o.stance for o in shown))
    assert len(orders) > 2
    mini = loader.load(STAKES.with_name("mini.yaml"))
    state = rules.new_game(mini, 5)
    assert rules.shown(mini, state, M) == list(rules.card(mini, state, M).options)


def test_a_persona_that_looks_ahead_sees_the_glut(stakes: Scenario) -> None:
    """Written, hurting Tehran pays Moscow most; in a glut it costs, and foresight sees it."""
    state = rules.new_game(stakes, 0)
    while rules.card(stakes, state, M).id != "ru_one":
        state = rules.new_game(stakes, state.seed + 1)
    glutted = state.replaced(meters={**state.meters, "glut": 70})
    naive = policies.persona_choice(stakes, glutted, M, "thinker", noise=False, think=False)
    wise = policies.persona_choice(stakes, glutted, M, "thinker", noise=False)
    assert naive.id == "ru_one_comp" and wise.id != "ru_one_comp"


def test_new_fields_are_checked(stakes: Scenario) -> None:
    text = STAKES.read_text()
    for old, new, message in [
        ("end_states: [mid]", "end_states: [middle]", "unknown end state 'middle'"),
        (
            "goal: {meters: {ru_gain: {min: 55}}}",
            "goal: {meters: {ru_gian: {min: 55}}}",
            "unknown meter 'ru_gian'",
        ),
        (
            "goal: {meters: {ru_gain: {min: 55}}}",
            "goal: {from_turn: 2}",
            "judged at the end of the game",
        ),
        ("driven_by: {meter: glut,", "driven_by: {meter: gult,", "unknown meter 'gult'"),
        ("effects: {ru_gain: -7}", "effects: {ru_gian: -7}", "unknown meter 'ru_gian'"),
        (
            "{id: ir_patron, side: tehran",
            "{id: ru_broker, side: tehran",
            "duplicate agenda id 'ru_broker'",
        ),
        ("points: 5", "points: 0", "must be at least 1, not 0"),
    ]:
        assert old in text
        with pytest.raises(ScenarioError) as err:
            loader.parse(text.replace(old, new), "s.yaml")
        assert any(
            message in str(p) and str(p).startswith("s.yaml:") for p in err.value.problems
        ), err.value.problems


def test_a_scenario_in_the_older_format_still_checks_plays_and_simulates(capsys) -> None:
    from alliance_game import simulate
    from alliance_game.cli import main

    frozen = STAKES.parent / "frozen" / "default-before-stakes.yaml"
    scenario = loader.load(frozen)
    assert scenario.agendas == [] and not scenario.rules.shuffle_options
    game = play(scenario, 4, "pragmatist", "hardliner")
    ending = game.state.ending
    assert ending is not None and all(
        score.agenda == 0 and score.ending == 0 for _, score in ending.breakdown
    )
    summary = simulate.run(scenario, 20, 0)
    assert summary.games == 20 and sum(summary.end_states.values()) == 20
    assert main(["check", str(frozen)]) == 0
    assert "ok" in capsys.readouterr()[0]
