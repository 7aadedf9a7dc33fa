"""A game killed at any moment, even while saving, never leaves a save that does not load."""

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
print("ready", flush=True)
n = 0
while True:
    saves.write(games[n % 4], folder / "slot.json")
    saves.autosave(games[(n + 1) % 4], folder)
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
    assert {s.name for s in found} == {"slot", "autosave"} and broken == []
