"""Scripted playthroughs of the default scenario, one per end state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliance_game import playthrough
from alliance_game.cli import main

SCRIPTS = Path(__file__).parents[1] / "scripts"


@pytest.mark.parametrize("end_state", ["competition", "pragmatic", "strengthening"])
def test_script_reaches_its_end_state(end_state: str, capsys) -> None:
    path = SCRIPTS / f"{end_state}.yaml"
    assert main(["run", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["end_state"] == end_state
    assert data["expectations_failed"] == []


def test_scripted_choices_are_the_ones_played() -> None:
    script, scenario = playthrough.load(SCRIPTS / "strengthening.yaml")
    result = playthrough.play(script, scenario)
    assert script.moscow.choices is not None
    played = [record.choice(record.choices[0][0]) for record in result.state.history]
    assert played == script.moscow.choices[: len(played)]


def test_transcript_explains_each_move(capsys) -> None:
    main(["run", str(SCRIPTS / "competition.yaml")])
    out = capsys.readouterr().out
    assert "== Turn 1 of 12 · Summer 2021 ==" in out
    assert 'the outlook shifts towards "Rivals in all but name"' in out
    assert "Final scores (how far each capital's interests moved since the start" in out
    assert "Turning points (where another choice would most have changed the ending):" in out
    assert "had Moscow chosen" in out or "had Tehran chosen" in out


def test_scripted_pledges_and_levers_are_made_on_their_turns() -> None:
    script, scenario = playthrough.load(SCRIPTS / "strengthening.yaml")
    result = playthrough.play(script, scenario)
    plan = script.moscow
    made = {
        r.turn: p for r in result.state.history for side, p in r.pledges if side.value == "moscow"
    }
    pulled = {
        r.turn: lv for r in result.state.history for side, lv in r.levers if side.value == "moscow"
    }
    assert plan.pledges and made == plan.pledges
    assert plan.levers and pulled == plan.levers


def test_a_script_with_an_unknown_pledge_or_a_lever_used_up_gets_one_line(tmp_path: Path) -> None:
    script_text = (SCRIPTS / "strengthening.yaml").read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(script_text.replace("{1: reach_out", "{1: promise_everything", 1))
    with pytest.raises(playthrough.ScriptError) as err:
        playthrough.load(bad)
    line = script_text.splitlines().index(
        next(x for x in script_text.splitlines() if "pledges:" in x)
    )
    assert str(err.value).startswith(f"{bad}:{line + 1}:")
    assert "\n" not in str(err.value)
    assert "unknown pledge id 'promise_everything' (choose from reach_out," in str(err.value)
    used_up = tmp_path / "twice.yaml"
    used_up.write_text(script_text.replace("11: ru_lever_arms", "11: ru_lever_veto"))
    script, scenario = playthrough.load(used_up)
    with pytest.raises(playthrough.ScriptError) as err:
        playthrough.play(script, scenario, str(used_up))
    assert "moscow levers[11]" in str(err.value) and "\n" not in str(err.value)


def test_a_computer_side_cannot_be_given_pledges(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "seed: 1\nmoscow: {persona: loyalist, pledges: {1: reach_out}}\n"
        "tehran: {persona: hardliner}\n"
    )
    with pytest.raises(playthrough.ScriptError) as err:
        playthrough.load(bad)
    assert "a computer player makes its own pledges and levers" in str(err.value)
