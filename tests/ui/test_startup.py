"""Starting as the user starts it (`alliance-game`): the title screen draws without the
engine, the loader or pydantic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
