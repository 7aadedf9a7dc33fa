"""Write docs/screenshot-turn.svg: a turn of the default scenario, as Textual draws it.

Run after a visible change to the turn screen: `.venv/bin/python tools/screenshot.py`.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from alliance_game.tui.app import AllianceApp, Start

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshot-turn.svg"


async def main() -> None:
    app = AllianceApp(Start(seed=7, direct=True, saves_dir=Path(tempfile.mkdtemp())))
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("enter", "2", "enter")
        await pilot.pause()
        app.save_screenshot(filename=OUT.name, path=str(OUT.parent))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
