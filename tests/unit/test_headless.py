"""The engine and every headless module run without Textual."""

from __future__ import annotations

import subprocess
import sys

HEADLESS = [
    "alliance_game.scenario",
    "alliance_game.loader",
    "alliance_game.yamlsafe",
    "alliance_game.state",
    "alliance_game.rules",
    "alliance_game.outlook",
    "alliance_game.policies",
    "alliance_game.game",
    "alliance_game.transcript",
    "alliance_game.playthrough",
    "alliance_game.simulate",
    "alliance_game.console",
    "alliance_game.cli",
]


def test_headless_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in HEADLESS)
        + "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
