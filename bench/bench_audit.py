"""Audit benchmark: `alliance-game analyze` as the user runs it, and the strategist's
decision time.

Run with `make bench` (or `python bench/bench_audit.py [--rounds R] [--games N]`). The
console script is started in a fresh process for each round, with one worker and with
two, alternating so that both see the same machine; the figure is the best round. The
strategist's decisions are timed one by one in whole games against each persona.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import alliance_game
from alliance_game import compiled, loader, policies
from alliance_game.game import Game
from alliance_game.scenario import Side

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "default.yaml"


def console_script() -> str:
    """The installed `alliance-game` beside this interpreter, as `make play` installs it."""
    beside = Path(sys.executable).with_name("alliance-game")
    return str(beside) if beside.exists() else shutil.which("alliance-game") or "alliance-game"


def analyze_seconds(games: int, jobs: int) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [console_script(), "analyze", "default", "--games", str(games), "--jobs", str(jobs)],
        capture_output=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    return seconds


def decision_times(games: int) -> list[float]:
    scenario = loader.load(SCENARIO)
    times = []
    for persona in scenario.lookup.personas:
        for seed in range(games):
            game = Game.new(scenario, seed, {Side.MOSCOW: "human", Side.TEHRAN: persona})
            while not game.over:
                start = time.perf_counter()
                option = policies.choose(scenario, game.state, Side.MOSCOW, "strategist", persona)
                times.append(time.perf_counter() - start)
                game.choose(Side.MOSCOW, option)
                game.advance()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--games", type=int, default=100, help="analyze --games (default 100)")
    args = parser.parse_args()

    print(f"engine: {compiled.which(list(alliance_game.__path__))}")
    one, two = [], []
    for _ in range(args.rounds):
        one.append(analyze_seconds(args.games, 1))
        two.append(analyze_seconds(args.games, 2))
    print(
        f"analyze default --games {args.games}: {min(one):.1f} s with one worker, "
        f"{min(two):.1f} s with two (x{min(one) / min(two):.2f}); best of {args.rounds}"
    )
    times = decision_times(5)
    print(
        f"strategist decision: median {statistics.median(times) * 1000:.1f} ms, "
        f"90th percentile {statistics.quantiles(times, n=10)[-1] * 1000:.1f} ms, "
        f"slowest {max(times) * 1000:.1f} ms "
        f"({len(times)} decisions, five games against each persona)"
    )


if __name__ == "__main__":
    main()
