"""UI benchmark: launch to first frame and peak memory beside a minimal Textual app,
for the title screen and for `play` straight into a game, and the time from choosing
an option to its outcome drawn.

Run with `.venv/bin/python bench/bench_tui.py [--runs N]`. Launch figures are medians of
N fresh processes for each app, alternating, so both see the same machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import resource, sys, time
{imports}
class Ready({base}):
    def on_ready(self):
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        sys.__stdout__.write(f"READY {{rss}}\\n"); sys.__stdout__.flush()
        self.exit()
Ready({args}).run(headless=True)
"""

MINIMAL = CHILD.format(
    imports="from textual.app import App\nfrom textual.widgets import Header, Static, Footer\n"
    "class Minimal(App):\n    def compose(self):\n        yield Header()\n"
    "        yield Static('Hello')\n        yield Footer()",
    base="Minimal",
    args="",
)
GAME = CHILD.format(
    imports="from alliance_game.tui.app import AllianceApp, Start",
    base="AllianceApp",
    args="Start(seed=1)",
)
DIRECT = CHILD.format(
    imports="from alliance_game.tui.app import AllianceApp, Start",
    base="AllianceApp",
    args="Start(seed=1, direct=True)",
)


def launch(code: str) -> tuple[float, int]:
    """Seconds from spawning Python to the app's first frame, and peak RSS in KiB."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - start
            proc.wait()
            return elapsed, int(line.split()[1])
    raise RuntimeError("the app never became ready")


async def choice_latency(samples: int) -> tuple[list[float], list[float]]:
    """Milliseconds from the option key's handler to the turn's outcome being painted, and,
    for context, Pilot's round trip for a key that does nothing."""
    from alliance_game.tui.app import AllianceApp, Start
    from alliance_game.tui.screens.play import TurnScreen

    marks: dict[str, float] = {}
    submit, show = TurnScreen._submit, TurnScreen.show_resolution

    def timed_submit(screen: TurnScreen, option_id: str | None) -> None:
        marks["key"] = time.perf_counter()
        submit(screen, option_id)

    def timed_show(screen: TurnScreen, before: object) -> None:
        show(screen, before)  # type: ignore[arg-type]
        screen.call_after_refresh(lambda: marks.__setitem__("painted", time.perf_counter()))

    TurnScreen._submit = timed_submit  # type: ignore[method-assign]
    TurnScreen.show_resolution = timed_show  # type: ignore[method-assign]
    choice, idle = [], []
    app = AllianceApp(Start(seed=1, direct=True, saves_dir=Path(tempfile.mkdtemp())))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        for _ in range(samples):
            if app.game is None or app.game.over:
                break
            start = time.perf_counter()
            await pilot.press("x")
            await pilot.pause()
            idle.append((time.perf_counter() - start) * 1000)
            await pilot.press("2")
            await pilot.pause()
            choice.append((marks["painted"] - marks["key"]) * 1000)
            await pilot.press("enter")
            await pilot.pause()
    TurnScreen._submit, TurnScreen.show_resolution = submit, show  # type: ignore[method-assign]
    return choice, idle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    minimal, game, direct = [], [], []
    for _ in range(args.runs):
        minimal.append(launch(MINIMAL))
        game.append(launch(GAME))
        direct.append(launch(DIRECT))
    m_time = statistics.median(t for t, _ in minimal)
    g_time = statistics.median(t for t, _ in game)
    m_mem = statistics.median(r for _, r in minimal) / 1024
    g_mem = statistics.median(r for _, r in game) / 1024
    print(f"launch to first frame: minimal app {m_time * 1000:.0f} ms, game {g_time * 1000:.0f} ms")
    print(f"  ratio x{g_time / m_time:.2f}")
    print(f"peak memory (RSS): minimal app {m_mem:.1f} MiB, game {g_mem:.1f} MiB")
    print(f"  ratio x{g_mem / m_mem:.2f}")
    d_time = statistics.median(t for t, _ in direct)
    d_mem = statistics.median(r for _, r in direct) / 1024
    print(f"straight into a game (engine loaded): {d_time * 1000:.0f} ms, {d_mem:.1f} MiB")
    print(f"  ratios x{d_time / m_time:.2f} and x{d_mem / m_mem:.2f}")
    choice, idle = asyncio.run(choice_latency(12))
    median, worst = statistics.median(choice), max(choice)
    print(f"choice to outcome painted: median {median:.1f} ms, max {worst:.1f} ms ({len(choice)})")
    print(
        f"  (Pilot's own round trip for a key that does nothing: {statistics.median(idle):.0f} ms)"
    )


if __name__ == "__main__":
    main()
