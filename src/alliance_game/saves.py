"""Saved games: a versioned JSON record of the decisions, rebuilt by replaying them.

A save holds the scenario's id, path and content hash, the seed, who plays each side,
every turn's choices, and the state they led to. Loading replays the choices and checks
that the result equals the stored state, so an edited file or a changed scenario is
caught rather than silently played on. Files are written atomically: a temporary file in
the same folder, flushed and fsynced, then renamed over the old one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import loader, rules
from .game import Game
from .loader import ScenarioError
from .scenario import SIDES, Scenario

FORMAT = 1
SUFFIX = ".json"
MAX_BYTES = 5_000_000


class SaveError(ValueError):
    """A save that cannot be read or written: the message says what and where."""


@dataclass(frozen=True)
class SaveInfo:
    """What the load screen shows of one save."""

    name: str
    path: Path
    scenario: str
    turn: int
    seats: dict[str, str]
    saved: str
    over: bool


def safe_name(name: str) -> str:
    """A file name made from what a player typed: no folders, no odd characters, not too long."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name.strip()).strip("-._")[:60]
    return stem or "save"


def path_for(name: str, where: Path) -> Path:
    """The save file a typed name or given path refers to."""
    given = Path(name)
    if given.suffix == SUFFIX and (given.parent != Path(".") or given.exists()):
        return given
    return where / f"{safe_name(name)}{SUFFIX}"


def scenario_hash(scenario: Scenario) -> str:
    """A hash of the scenario's content, so a save notices when the scenario changed."""
    return hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()[:16]


def record(game: Game, scenario_path: Path | None = None) -> dict[str, Any]:
    """The save record of a game, as JSON-ready data."""
    state = game.state
    return {
        "format": FORMAT,
        "saved": datetime.now(UTC).isoformat(timespec="seconds"),
        "scenario": game.scenario.id,
        "scenario_path": str(scenario_path) if scenario_path else None,
        "scenario_hash": scenario_hash(game.scenario),
        "seed": state.seed,
        "seats": {s.value: game.seats[s] for s in SIDES},
        "choices": [{s.value: c for s, c in r.choices} for r in state.history],
        "state": {
            "turn": state.turn,
            "meters": dict(state.meters),
            "ending": state.ending.end_state if state.ending else None,
        },
    }


def write(game: Game, path: Path, scenario_path: Path | None = None) -> None:
    """Save atomically: write a temporary file beside `path`, fsync it, rename it over."""
    data = json.dumps(record(game, scenario_path), indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read(path: Path) -> Game:
    """Load a save: replay its choices and check the result against the stored state."""
    data = _parse(path)
    scenario = _scenario(data, path)
    if data["scenario_hash"] != scenario_hash(scenario):
        raise SaveError(
            f"{path}: the scenario {scenario.id!r} has changed since this game was saved"
        )
    try:
        game = Game.new(scenario, data["seed"], {s: data["seats"][s.value] for s in SIDES})
        for turn, choices in enumerate(data["choices"], 1):
            game.state = rules.play_turn(scenario, game.state, {s: choices[s.value] for s in SIDES})
            if game.over and turn < len(data["choices"]):
                raise rules.IllegalMove(f"turn {turn}: the game ended, yet more choices follow")
    except (ValueError, KeyError, TypeError) as err:
        raise SaveError(f"{path}: the recorded choices do not replay: {err}") from None
    stored = data["state"]
    ending = game.state.ending.end_state if game.state.ending else None
    if (stored["turn"], stored["meters"], stored["ending"]) != (
        game.state.turn,
        game.state.meters,
        ending,
    ):
        raise SaveError(f"{path}: the stored state does not match its replayed choices (edited?)")
    return game


_SHAPE = {
    "format": int,
    "scenario": str,
    "scenario_hash": str,
    "seed": int,
    "seats": dict,
    "choices": list,
    "state": dict,
    "saved": str,
}


def _parse(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise SaveError(f"{path}: cannot read: {err.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise SaveError(f"{path}: too large for a save ({len(raw):,} bytes)")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as err:
        raise SaveError(f"{path}: not a save file (not valid JSON: {err})") from None
    if not isinstance(data, dict):
        raise SaveError(f"{path}: not a save file (expected a JSON object)")
    for key, kind in _SHAPE.items():
        if not isinstance(data.get(key), kind) or isinstance(data.get(key), bool):
            raise SaveError(f"{path}: missing or malformed {key!r}")
    if data["format"] != FORMAT:
        raise SaveError(
            f"{path}: save format {data['format']} is not supported (this version reads {FORMAT})"
        )
    return data


def _scenario(data: dict[str, Any], path: Path) -> Scenario:
    candidates = [data.get("scenario_path"), data["scenario"]]
    for name in (c for c in candidates if isinstance(c, str)):
        try:
            return loader.load(loader.resolve(name))
        except ScenarioError:
            continue
    raise SaveError(f"{path}: scenario {data['scenario']!r} is not installed")


def listing(where: Path) -> list[SaveInfo]:
    """Every readable save in a folder, newest first; unreadable files are left out."""
    found = []
    for path in where.glob(f"*{SUFFIX}"):
        try:
            data = _parse(path)
        except SaveError:
            continue
        seats = {k: str(v) for k, v in data["seats"].items()}
        found.append(
            SaveInfo(
                path.stem,
                path,
                data["scenario"],
                int(data["state"].get("turn", 0)),
                seats,
                data["saved"],
                data["state"].get("ending") is not None,
            )
        )
    return sorted(found, key=lambda s: s.saved, reverse=True)
