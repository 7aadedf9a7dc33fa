"""A game killed at any moment, even while saving, never leaves a save that does not load;
two games saving the same name at once both succeed."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from alliance_game import savefile, saves

ROOT = Path(__file__).parents[2]

# Saves games of different lengths, over and over, to a named slot and to the autosave.
WRITER = """
import sys
from pathlib import Path
from alliance_game import loader, saves
from alliance_game.game import Game
from alliance_game.scenario import Side

source, folder = Path(sys.argv[1]), Path(sys.argv[2])
scenario = loader.load(source)
games = []
for seed in range(4):
    game = Game.new(scenario, seed, {Side.MOSCOW: "pragmatist", Side.TEHRAN: "loyalist"}, source)
    for _ in range(seed * 3):
        if not game.over:
            game.advance()
    games.append(game)
autosave = saves.Autosave(folder, folder / "autosave-crash.json")
print("ready", flush=True)
n = 0
while True:
    saves.write(games[n % 4], folder / "slot.json")
    assert autosave.keep(games[(n + 1) % 4]) == ""
    n += 1
"""


def test_saves_survive_sigkill_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(20261123)
    scenario = ROOT / "scenarios" / "default.yaml"
    kills = 0
    for _ in range(20):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(scenario), str(tmp_path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0, 0.05))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        kills += writer.returncode == -signal.SIGKILL
        for path in [*tmp_path.glob("*.json"), *tmp_path.glob("*.bak")]:
            saves.read(path)  # raises if any save was left corrupt
    assert kills == 20
    found, broken = savefile.listing(tmp_path)
    assert {s.name for s in found} == {"slot", "autosave-crash"} and broken == []


# Saves one game to one name for a while; prints how many writes there were, and how many
# failed (with the first failure, if any).
RACER = """
import sys, time
from pathlib import Path
from alliance_game import loader, saves
from alliance_game.game import Game
from alliance_game.savefile import SaveError
from alliance_game.scenario import Side

source, path, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
game = Game.new(loader.load(source), seed, {Side.MOSCOW: "pragmatist", Side.TEHRAN: "loyalist"})
writes, failures, first = 0, 0, ""
until = time.time() + float(sys.argv[4])
while time.time() < until:
    writes += 1
    try:
        saves.write(game, path)
    except SaveError as err:
        failures += 1
        first = first or str(err)
print(writes, failures, first)
"""


def test_two_games_saving_the_same_name_at_once_both_succeed(tmp_path: Path) -> None:
    scenario = ROOT / "scenarios" / "default.yaml"
    path = tmp_path / "shared.json"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(scenario), str(path), str(seed), "3"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in (1, 2)
    ]
    results = [racer.communicate(timeout=60) for racer in racers]
    assert [err for _, err in results] == ["", ""]  # no traceback
    counts = [out.split(maxsplit=2) for out, _ in results]
    assert all(int(writes) > 50 for writes, *_ in counts)
    assert [(failures, rest) for _, failures, *rest in counts] == [("0", []), ("0", [])]
    assert saves.read(path).state.seed in (1, 2)
    assert saves.read(savefile.backup_of(path)).state.seed in (1, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.json", "shared.json.bak"]
