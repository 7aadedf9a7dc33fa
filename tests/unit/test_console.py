"""The plain line-by-line game, driven through its input and output streams."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from alliance_game import console, saves
from alliance_game.scenario import Scenario


def play(scenario: Scenario, side: str, keys: str) -> str:
    out = io.StringIO()
    assert console.play(scenario, side, "pragmatist", 5, io.StringIO(keys), out) == 0
    return out.getvalue()


def test_a_whole_game_by_keyboard(default: Scenario) -> None:
    # Each turn: Enter for no pledge, option 1, Enter for no lever (when one is open).
    text = play(default, "moscow", "\n" + "\n1\n\n" * 24)
    assert "== Briefing: Moscow (Russia) ==" in text
    assert "== Turn 1 of 12 · Summer 2021 ==" in text
    assert "Choose 1-3: " in text
    assert "Moscow: a pledge the other side will see (Enter for none)." in text
    assert "== Ending (turn" in text
    assert "Final scores" in text and re.search(r"Moscow [+-]\d+: interests [+-]\d+", text)
    assert "Questions for discussion:" in text


def test_bad_keys_are_asked_again_and_q_quits(default: Scenario) -> None:
    text = play(default, "tehran", "\n7\n\n9\nabc\nq\n")
    assert "Please type a number from 0 to 4" in text  # a pledge that is not on the list
    assert text.count("Please type a number from 1 to 3") == 2
    assert "Game left at turn 1. Replay it with --seed 5." in text


def test_end_of_input_leaves_quietly(default: Scenario) -> None:
    assert "Game left at turn 1" in play(default, "moscow", "")


def test_hotseat_hides_each_choice_behind_a_handoff(default: Scenario) -> None:
    text = play(default, "both", "\n\n" + "\n1\n\n2\n" * 12)
    first_turn = text.split("== Turn 2 of 12")[0]
    assert "Moscow's decision. The other side looks away." in first_turn
    assert "Tehran's decision. The other side looks away." in first_turn
    handoff = first_turn.index("Tehran's decision")
    assert console.CLEAR in first_turn[handoff - 10 : handoff]
    assert "What happened in Summer 2021" in first_turn[handoff:]


def plain(keys: str, *argv: str) -> str:
    """`alliance-game play --plain ARGV` in a process of its own, reading `keys`."""
    done = subprocess.run(
        [sys.executable, "-m", "alliance_game", "play", "--plain", *argv],
        input=keys,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout


def test_a_second_game_keeps_the_first_games_autosave(tmp_path: Path) -> None:
    """The repro of issue 12: two games played in turn, each left after two turns."""
    keys = "\n" + "\n1\n\n" * 2 + "q\n"
    out = [plain(keys, "--seed", seed, "--saves-dir", str(tmp_path)) for seed in ("11", "22")]
    kept = {saves.read(p).state.seed: p for p in tmp_path.glob("autosave-*.json")}
    assert sorted(kept) == [11, 22] and all(saves.read(p).state.turn == 3 for p in kept.values())
    assert f"{kept[22].stem} keeps it as it stood after the last finished turn." in out[1]
    assert f"alliance-game play --plain --load {kept[22]}" in out[1]
    plain("\n1\n\nq\n", "--load", str(kept[11]))  # the first game goes on in its own file
    assert saves.read(kept[11]).state.turn == 4 and saves.read(kept[22]).state.turn == 3
    assert sorted(tmp_path.glob("autosave-*.json")) == sorted(kept.values())


def test_leaving_before_any_autosave_worked_promises_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    out = plain("\n" + "\n1\n\n" * 2 + "q\n", "--seed", "3", "--saves-dir", str(blocked))
    assert out.count("(Could not autosave: ") == 2
    assert "Nothing of this game is kept: its autosave failed (" in out
    assert "keeps it" not in out and "--load" not in out
