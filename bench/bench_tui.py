"""UI benchmark: the console script launched as a user launches it, in a real terminal,
beside a minimal Textual app launched the same way; and the time from choosing an option
to its outcome drawn.

Run with `.venv/bin/python bench/bench_tui.py [--runs N] [--before PATH]`. Each launch is
a fresh tmux session of 120x40 running the command itself (no shell). Two times are taken
from asking tmux for the session, by polling `tmux capture-pane`: to the first frame (a
footer on screen) and to the screen aimed at (its own text and the footer: the title
screen, or a game's first briefing), with the process's peak RSS then. For the minimal
app and the title they are one frame; `play` may show a frame before its briefing. The
apps take turns, so all see the same machine; figures are medians of N. `--before` adds
another `alliance-game` (an older checkout's) to the turns, for a before-and-after
measured in one run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = Path(sys.executable).parent / "alliance-game"
SOCKET = f"bench-tui-{os.getpid()}"
"""A tmux server of the benchmark's own: no one else's sessions are touched."""
FOOTER = "palette"
"""The command palette's key, at the right of every footer: the frame is complete."""
TIMEOUT = 30.0
ENV = ["PYTHONDONTWRITEBYTECODE="]
"""Python keeps the game's compiled modules, as an installed package has them, even where
the environment says not to (then every launch would compile them from source)."""

MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Header, Static


class Minimal(App[None]):
    def compose(self):
        yield Header()
        yield Static("A minimal Textual app")
        yield Footer()


Minimal().run()
"""


@dataclass
class Launch:
    """A command to launch in a terminal, the text of the screen it aims at, and what was
    measured."""

    name: str
    command: list[str]
    shows: str
    first: list[float] = field(default_factory=list)
    """Seconds to the first frame."""
    times: list[float] = field(default_factory=list)
    """Seconds to the screen aimed at."""
    memory: list[float] = field(default_factory=list)


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True).stdout


def peak_rss(pid: int) -> float:
    """A process's peak resident memory so far, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def launch(app: Launch, folder: str) -> None:
    """Launch `app` in a new terminal; note the seconds to its first frame, to the screen
    it aims at and its peak memory then (MiB); end it and wait until it has gone."""
    terminal = ["-x", "120", "-y", "40", "-c", folder, *(a for kv in ENV for a in ("-e", kv))]
    terminal += ["-e", f"ALLIANCE_GAME_SAVES={folder}/saves"]
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", "run", *terminal, *app.command)
    pid = int(tmux("display-message", "-p", "-t", "run", "#{pane_pid}") or 0)
    first = None
    while True:
        screen = tmux("capture-pane", "-p", "-t", "run")
        if first is None and FOOTER in screen:
            first = time.perf_counter() - start
            app.first.append(first)
        if app.shows in screen and FOOTER in screen:
            app.times.append(time.perf_counter() - start)
            app.memory.append(peak_rss(pid))
            break
        if time.perf_counter() - start > TIMEOUT or not pid:
            tmux("kill-session", "-t", "run")
            raise RuntimeError(f"{app.name}: no first frame in {TIMEOUT:.0f} s:\n{screen}")
        time.sleep(0.005)
    tmux("kill-session", "-t", "run")
    while Path(f"/proc/{pid}").exists() and time.perf_counter() - start < TIMEOUT:
        time.sleep(0.01)


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


def games(script: Path, label: str) -> list[Launch]:
    """The title screen and `play` straight into a game, as launched with `script`."""
    play = [str(script), "play", "--seed", "1", "--side", "moscow"]
    return [
        Launch(f"title{label}", [str(script)], "MOSCOW & TEHRAN"),
        Launch(f"play{label}", play, "Briefing: Moscow"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--before", type=Path, metavar="PATH", help="another alliance-game to measure alongside"
    )
    args = parser.parse_args()
    minimal = Launch("minimal app", [sys.executable, "-c", MINIMAL], "A minimal Textual")
    apps = [minimal, *games(SCRIPT, "")]
    if args.before:
        apps += games(args.before, " (before)")
    folder = tempfile.mkdtemp()
    tmux("new-session", "-d", "-s", "keep")  # the server, started before anything is timed
    try:
        for app in apps:  # once, untimed: compiled modules written, files in the page cache
            launch(app, folder)
            app.first, app.times, app.memory = [], [], []
        for run in range(args.runs):
            for app in apps[run % len(apps) :] + apps[: run % len(apps)]:
                launch(app, folder)
    finally:
        tmux("kill-server")
    base = statistics.median(minimal.times)
    base_memory = statistics.median(minimal.memory)
    print(f"launched in tmux, medians of {args.runs}, ratios to the minimal app:")
    print(f"  {'':<16}  first frame   screen aimed at   peak memory then")
    for app in apps:
        first, took = statistics.median(app.first), statistics.median(app.times)
        memory = statistics.median(app.memory)
        print(
            f"  {app.name:<16} {first * 1000:5.0f} ms x{first / base:.2f}"
            f"  {took * 1000:5.0f} ms x{took / base:.2f}"
            f"  {memory:5.1f} MiB x{memory / base_memory:.2f}"
        )
    choice, idle = asyncio.run(choice_latency(12))
    median, worst = statistics.median(choice), max(choice)
    print(f"choice to outcome painted: median {median:.1f} ms, max {worst:.1f} ms ({len(choice)})")
    print(
        f"  (Pilot's own round trip for a key that does nothing: {statistics.median(idle):.0f} ms)"
    )


if __name__ == "__main__":
    main()
