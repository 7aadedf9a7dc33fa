"""The design audit (`alliance-game analyze`) and the computer players it measures with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from alliance_game import audit, loader, policies, rules, simulate
from alliance_game.cli import main
from alliance_game.game import Game
from alliance_game.loader import ScenarioError
from alliance_game.scenario import Scenario, Side, Stance

FIXTURES = Path(__file__).parents[1] / "fixtures" / "audit"
SOUND, FLAWED = FIXTURES / "sound.yaml", FIXTURES / "flawed.yaml"
SECTIONS = {
    "payoffs",
    "dilemma",
    "cards",
    "agency",
    "arc",
    "reachability",
    "fairness",
    "content",
    "verdict",
}


@pytest.fixture(scope="module")
def sound() -> Scenario:
    return loader.load(SOUND)


@pytest.fixture(scope="module")
def flawed() -> Scenario:
    return loader.load(FLAWED)


@pytest.fixture(scope="module")
def sound_report(sound: Scenario) -> dict[str, Any]:
    return audit.audit(sound, games=40, seed=0)


@pytest.fixture(scope="module")
def flawed_report(flawed: Scenario) -> dict[str, Any]:
    return audit.audit(flawed, games=20, seed=0)


def failing(report: dict[str, Any]) -> set[str]:
    return {row["target"] for row in report["verdict"] if not row["pass"]}


def test_a_well_made_scenario_passes_every_target(sound_report: dict[str, Any]) -> None:
    assert failing(sound_report) == set()
    assert audit.passed(sound_report)


def test_a_flawed_scenario_fails_the_targets_its_flaws_break(flawed_report: dict[str, Any]) -> None:
    flaws = {
        "no_dominant_policy.moscow",  # competing always pays
        "no_dominant_policy.tehran",
        "cooperation_pays.moscow",
        "cooperation_pays.tehran",
        "arc.index_range",  # choices barely move the partnership
        "arc.two_heading_changes",
        "arc.settled_from_turn_1",
        "deliberate_edge.moscow",  # nothing on a card is worth reading
        "deliberate_edge.tehran",
    }
    assert flaws <= failing(flawed_report)
    assert not audit.passed(flawed_report)
    rows = {row["target"]: row for row in flawed_report["verdict"]}
    assert rows["no_dominant_policy.moscow"]["value"] == "compete"
    # Moscow starts 20 points ahead, but scores count from the start: no side reads as losing.
    assert flawed_report["fairness"]["start_interest"] == {"moscow": 60, "tehran": 40}
    assert rows["fairness.start_gap"]["pass"]


def test_the_flawed_cards_are_named(flawed_report: dict[str, Any]) -> None:
    cards = flawed_report["cards"]
    assert set(cards["self_serving_hurts_alliance"]) == {"ru_a", "ru_b", "ir_a", "ir_b"}
    assert cards["stance_order"]["most_common"] == ["cooperate", "hedge", "compete"]
    assert cards["stance_order"]["share"] == 1.0
    dilemma = flawed_report["dilemma"]["moscow"]
    assert dilemma["cooperate_dominated"] and dilemma["shape"].startswith("deadlock")


def test_the_report_has_every_section_in_json_shape(sound_report: dict[str, Any]) -> None:
    assert sound_report.keys() >= SECTIONS
    json.dumps(sound_report)  # plain JSON values only
    payoffs = sound_report["payoffs"]
    cell = payoffs["moscow"]["cooperate"]["compete"]
    assert cell["ci95"][0] <= cell["mean"] <= cell["ci95"][1] and cell["n"] == 40
    assert set(payoffs["best_response"]["tehran"]) == set(payoffs["players"])
    assert set(sound_report["dilemma"]["tehran"]) >= {
        "mutual_cooperation",
        "mutual_competition",
        "temptation",
        "sucker",
        "cooperate_dominated",
    }
    assert 0 <= sound_report["agency"]["changed_ending"] <= 1
    assert set(sound_report["agency"]["by_turn"]) <= {str(t) for t in range(1, 9)}
    assert set(sound_report["reachability"]["aimed"]["moscow"]) == {
        "friend",
        "rival",
        "trader",
        "mirror",
    }
    content = sound_report["content"]
    assert content["chains"] == [] and 0 < content["deck_seen_share"]["moscow"] <= 1
    for row in sound_report["verdict"]:
        assert set(row) == {"target", "value", "threshold", "pass"}


def test_worker_processes_give_the_same_report(flawed: Scenario) -> None:
    alone = audit.audit(flawed, games=6, seed=3)
    shared = audit.audit(flawed, games=6, seed=3, jobs=2, source=(FLAWED.read_bytes(), "f"))
    assert alone == shared


def test_targets_are_data_in_the_scenario(tmp_path: Path, flawed: Scenario) -> None:
    text = FLAWED.read_text() + "audit:\n  index_range: 10\n  settled: 0.9\n"
    lenient = loader.parse(text, "lenient.yaml")
    assert lenient.audit is not None and lenient.audit.index_range == 10
    report = audit.audit(lenient, games=6)
    assert {"arc.index_range", "arc.settled_from_turn_1"}.isdisjoint(failing(report))
    bad = FLAWED.read_text() + "audit:\n  agency: 2\n"
    with pytest.raises(ScenarioError, match=r"bad\.yaml:\d+:\d+: audit\.agency"):
        loader.parse(bad, "bad.yaml")


def test_analyze_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(SOUND), "--games", "40", "--json"]) == 0
    out, err = capsys.readouterr()
    assert audit.passed(json.loads(out)) and err == ""
    assert main(["analyze", str(FLAWED), "--games", "4"]) == 1
    out, _ = capsys.readouterr()
    assert "Verdict" in out and "FAIL" in out and "deliberate_edge.moscow" in out
    for argv, message in [
        (["analyze", "nowhere"], "no such scenario"),
        (["analyze", str(FLAWED), "--games", "0"], "must be at least 1"),
        (["analyze", str(FLAWED), "--jobs", "x"], "not a whole number"),
    ]:
        assert main(argv) == 2
        _, err = capsys.readouterr()
        assert message in err and err.count("\n") == 1


# --- the players ------------------------------------------------------------------------


def offered(scenario: Scenario, seed: int, side: Side = Side.MOSCOW) -> Any:
    state = rules.new_game(scenario, seed)
    return state, rules.card(scenario, state, side)


@pytest.mark.parametrize("stance", ["cooperate", "hedge", "compete"])
def test_a_fixed_policy_takes_its_stance(flawed: Scenario, stance: str) -> None:
    for seed in range(6):
        state, _ = offered(flawed, seed)
        chosen = policies.choose(flawed, state, Side.MOSCOW, stance)
        assert flawed.lookup.options[chosen].stance.value == stance


def test_a_fixed_policy_falls_back_to_the_nearest_stance(sound: Scenario) -> None:
    two = sound.lookup.cards["ru_d"].options  # compete, cooperate: no hedge
    assert policies.by_stance(two, Stance.HEDGE).id == "ru_d_coop"
    assert policies.by_stance(two, Stance.COMPETE).id == "ru_d_comp"
    only_compete = [o for o in two if o.stance is Stance.COMPETE]
    assert policies.by_stance(only_compete, Stance.COOPERATE).id == "ru_d_comp"


def test_tit_for_tat_cooperates_first_then_answers_in_kind(flawed: Scenario) -> None:
    game = Game.new(flawed, 1, {Side.MOSCOW: "tit-for-tat", Side.TEHRAN: "compete"})
    stances = []
    while not game.over:
        game.advance()
        stances.append(
            game.scenario.lookup.options[game.state.history[-1].choice(Side.MOSCOW) or ""].stance
        )
    assert stances[0] is Stance.COOPERATE and set(stances[1:]) == {Stance.COMPETE}


def test_fixed_policies_play_in_scripts_and_the_simulator(tmp_path: Path, capsys) -> None:
    script = tmp_path / "script.yaml"
    script.write_text(
        f"scenario: {FLAWED}\nseed: 2\nmoscow: {{persona: compete}}\ntehran: {{persona: tit-for-tat}}\n"
    )
    assert main(["run", str(script), "--json"]) == 0
    choices = json.loads(capsys.readouterr()[0])["choices"]
    assert all(turn["moscow"].endswith("_comp") for turn in choices)
    assert all(turn["tehran"].endswith("_comp") for turn in choices[1:])
    assert (
        main(["simulate", "--scenario", str(FLAWED), "--games", "5", "--moscow", "hedge", "--json"])
        == 0
    )
    assert json.loads(capsys.readouterr()[0])["players"]["moscow"] == "hedge"
    assert main(["simulate", "--scenario", str(FLAWED), "--moscow", "sometimes"]) == 2
    assert "unknown player 'sometimes'" in capsys.readouterr()[1]


def test_the_strategist_reads_the_cards(sound: Scenario) -> None:
    """On the win-win card it pools; it beats always-cooperate against the same opponent."""
    state, card = offered(sound, 0)
    ours = policies.choose(sound, state, Side.MOSCOW, "strategist", "friend")
    assert ours in {o.id for o in card.options}
    assert ours == policies.choose(sound, state, Side.MOSCOW, "strategist", "friend")
    win_win = next(s for s in range(40) if offered(sound, s)[1].id == "ru_a")
    state, _ = offered(sound, win_win)
    assert policies.choose(sound, state, Side.MOSCOW, "strategist", "friend") == "ru_a_coop"
    plain = simulate.run(sound, 12, 0, "cooperate", "trader").score_totals[Side.MOSCOW]
    deliberate = simulate.run(sound, 12, 0, "strategist", "trader").score_totals[Side.MOSCOW]
    assert deliberate > plain


def test_an_aimed_player_steers_for_its_end_state(sound: Scenario) -> None:
    for end in ("low", "high"):
        summary = simulate.run(sound, 10, 0, f"aim:{end}", "mirror")
        assert summary.share(end) >= 0.7
    assert not policies.known(sound, "aim:nowhere")


def test_games_hold_the_cycle_collector_back_only_while_they_play(mini: Scenario) -> None:
    import gc

    before = gc.get_threshold()
    seen = []
    with simulate.few_collections():
        seen.append((gc.get_threshold(), gc.get_freeze_count() > 0))
    simulate.run(mini, 2, 0, "friend", "random", lambda *_: seen.append(gc.get_threshold()))
    assert seen == [((100_000, 50, 1_000), True), (100_000, 50, 1_000), (100_000, 50, 1_000)]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
