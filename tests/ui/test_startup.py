"""Starting as the user starts it (`alliance-game`, `alliance-game play`): the title screen
draws without the engine, the loader or pydantic, and `play` draws its first frame before
reading the scenario, with the same one-line errors as before."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
from pathlib import Path

import pytest
from textual.worker import WorkerCancelled

from alliance_game import cli
from alliance_game.tui.app import AllianceApp
from alliance_game.tui.screens.play import BriefingScreen
from alliance_game.tui.screens.starting import StartingScreen

HEAVY = ("pydantic", "yaml", "alliance_game.loader", "alliance_game.scenario", "alliance_game.game")

TITLE = f"""
import asyncio, sys
from alliance_game import cli
from alliance_game.tui.app import AllianceApp

def run(app, **options):
    async def title():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            print(type(app.screen).__name__)
    asyncio.run(title())

AllianceApp.run = run
cli._screen = lambda: True
try:
    code = cli.main(sys.argv[1:])
except SystemExit as done:  # --help
    code = done.code
heavy = {HEAVY!r}
print(code, sorted(m for m in sys.modules if m in heavy or m.split(".")[0] in heavy))
"""


def test_the_title_screen_imports_neither_the_engine_nor_pydantic(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", TITLE, "--help"], capture_output=True, text=True, check=True
    )
    assert out.stdout.endswith("[]\n"), "--help imports the engine"
    out = subprocess.run(
        [sys.executable, "-c", TITLE], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.splitlines() == ["TitleScreen", "0 []"]


def on_screen(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> tuple[int, list[str]]:
    """Run the command with a (headless) screen; its exit code, and the screens it showed
    until the game's set-up was done."""
    shown: list[str] = []
    ready = AllianceApp.on_ready

    def first_frame(app: AllianceApp) -> None:
        shown.append(type(app.screen).__name__)
        ready(app)

    def run(app: AllianceApp, **options: object) -> None:
        async def play() -> None:
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                with contextlib.suppress(WorkerCancelled):  # the app ended, on bad input
                    await app.workers.wait_for_complete()
                await pilot.pause()
                if app.is_running:
                    shown.append(type(app.screen).__name__)

        asyncio.run(play())

    monkeypatch.setattr(AllianceApp, "run", run)
    monkeypatch.setattr(AllianceApp, "on_ready", first_frame)
    monkeypatch.setattr(cli, "_screen", lambda: True)
    return cli.main(argv), shown


def test_play_draws_a_first_frame_then_the_briefing(monkeypatch, tmp_path: Path) -> None:
    code, shown = on_screen(monkeypatch, ["play", "--seed", "1", "--saves-dir", str(tmp_path)])
    assert (code, shown) == (0, [StartingScreen.__name__, BriefingScreen.__name__])


def test_play_s_bad_input_is_one_line_and_exit_2_as_before(monkeypatch, capsys) -> None:
    code, _ = on_screen(monkeypatch, ["play", "--persona", "nobody"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("alliance-game play: unknown persona 'nobody' (choose from ")
    assert err.count("\n") == 1
    code, _ = on_screen(monkeypatch, ["play", "--scenario", "nowhere"])
    assert code == 2
    assert capsys.readouterr().err.startswith("nowhere: no such scenario (installed: ")
