"""Where things live: shipped scenarios and players' saves. Light on imports on purpose,
so that the title screen can list them before the engine is loaded."""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

SAVES_ENV = "ALLIANCE_GAME_SAVES"


def scenario_dirs() -> list[Path]:
    """Where shipped scenarios live: inside the installed package, or the source checkout."""
    packaged = Path(str(resources.files("alliance_game"))) / "scenarios"
    checkout = Path(__file__).resolve().parents[2] / "scenarios"
    return [d for d in (packaged, checkout) if d.is_dir()]


def installed() -> dict[str, Path]:
    """Scenario file stem -> path, for every shipped scenario."""
    found: dict[str, Path] = {}
    for folder in scenario_dirs():
        for path in sorted(folder.glob("*.yaml")):
            found.setdefault(path.stem, path)
    return found


def saves_folder(override: str | Path | None = None) -> Path:
    """Where saves live: `override`, else $ALLIANCE_GAME_SAVES, else ./saves."""
    return Path(override or os.environ.get(SAVES_ENV) or "saves")


def template(ident: str, title: str) -> str:
    """The commented starting scenario `alliance-game new` writes, with its id and title."""
    text = (resources.files("alliance_game") / "template.yaml").read_text(encoding="utf-8")
    return text.replace("__ID__", ident).replace("__TITLE__", json.dumps(title))
