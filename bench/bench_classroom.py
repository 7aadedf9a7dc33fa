"""Classroom benchmark: what a hosted game costs each process. Run with
`.venv/bin/python bench/bench_classroom.py`.

Measures, for the default scenario hosted in SQLite: a poll that finds nothing new
(what every screen does twice a second), rebuilding the game from its moves after a
late turn (what a screen does when something changed), and a team's choice (lock,
replay, check, append, commit), beside the engine playing the same turns in memory.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from alliance_game import loader
from alliance_game.classroom import Table
from alliance_game.game import HUMAN, Game
from alliance_game.scenario import SIDES, Side


def best_ms(work: Callable[[], object], rounds: int = 30) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    source = loader.resolve("default")
    scenario = loader.load(source)
    path = Path(tempfile.mkdtemp()) / "bench.db"
    game = Game.new(scenario, 1, {s: HUMAN for s in SIDES}, source)
    table = Table.create(path, game)
    while table.game().state.turn < 11:  # ten turns played, both sides human, middle options
        for side in SIDES:
            table.choose(side, table.game().card(side).options[1].id)
    reader = Table.open(path)

    def play_in_memory() -> None:
        fresh = Game.new(scenario, 1, {s: HUMAN for s in SIDES}, source)
        for record in table.game().state.history:
            for side, option in record.choices:
                fresh.choose(side, option)
            fresh.advance()

    def rebuild() -> None:
        reader._cache = None
        reader.game()

    print(f"a hosted game of the default scenario after {table.game().state.turn - 1} turns:")
    print(f"  poll, nothing new:              {best_ms(reader.version):.3f} ms")
    print(f"  rebuild from the moves:         {best_ms(rebuild):.2f} ms")
    print(f"  the same turns in memory:       {best_ms(play_in_memory):.2f} ms")
    side = Side.MOSCOW

    def choose_and_undo() -> None:
        table.choose(side, table.game().card(side).options[1].id)
        table.db.execute("DELETE FROM moves WHERE seq = (SELECT MAX(seq) FROM moves)")

    print(f"  a team's choice (written):      {best_ms(choose_and_undo):.2f} ms")


if __name__ == "__main__":
    main()
