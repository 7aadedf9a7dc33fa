"""Engine benchmark: complete games per second, and scenario load time beside bare YAML.

Run with `make bench` (or `python bench/bench_engine.py [--games N] [--rounds R]`).
Each figure is the best of R rounds, so that a busy machine inflates it as little as
possible; the load-time ratio is measured side by side in the same run.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

import alliance_game
from alliance_game import compiled, loader, simulate

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "default.yaml"
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def best_of(rounds: int, work: object) -> float:
    """The shortest wall time, in seconds, of `rounds` calls of `work`."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    text = SCENARIO.read_bytes()
    scenario = loader.load(SCENARIO)
    pairs = [("pragmatist", "pragmatist"), ("hardliner", "loyalist"), ("random", "opportunist")]

    print(f"engine: {compiled.which(list(alliance_game.__path__))}")
    print(f"scenario: {SCENARIO.name} ({len(text):,} bytes), best of {args.rounds} rounds")
    bare = best_of(args.rounds, lambda: yaml.load(text, Loader=Loader))
    full = best_of(args.rounds, lambda: loader.parse(text, "default.yaml"))
    print(
        f"load: yaml.safe_load {bare * 1000:.1f} ms; alliance_game loader {full * 1000:.1f} ms "
        f"(x{full / bare:.2f}: strict YAML with positions, pydantic, cross-checks)"
    )
    for moscow, tehran in pairs:
        seconds = best_of(
            args.rounds, lambda m=moscow, t=tehran: simulate.run(scenario, args.games, 0, m, t)
        )
        print(
            f"games: {moscow} vs {tehran}: {args.games / seconds:,.0f} games/s "
            f"({seconds / args.games * 1e6:.0f} us a game)"
        )


if __name__ == "__main__":
    main()
