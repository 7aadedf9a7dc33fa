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
    assert "the outlook shifts towards rivals in all but name" in out
    assert "Final scores (how far each capital's interests moved since the start" in out
    assert "Turning points:" in out
