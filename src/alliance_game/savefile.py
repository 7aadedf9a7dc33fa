"""Save files on disk: where they live, safe names, atomic writes that keep a backup, and a
light listing. No engine imports, so the title screen can offer to continue a game before
the engine (and pydantic) has loaded; `saves.py` turns games into records and back.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUFFIX = ".json"
BACKUP = ".bak"
AUTOSAVE = "autosave"
"""The rolling slot written after every turn."""
MAX_BYTES = 5_000_000
MAX_NAME = 60
# Names Windows reserves for devices; a save called "con" would be unreadable there.
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


class SaveError(ValueError):
    """A save that cannot be read or written: the message says which file and what is wrong."""


@dataclass(frozen=True)
class SaveInfo:
    """What a list of saves shows of one save, read without replaying it."""

    name: str
    path: Path
    scenario: str
    turn: int
    seats: dict[str, str]
    """Side -> `human` or the computer persona."""
    saved: str
    """When it was written, ISO 8601 in UTC."""
    over: bool

    @property
    def sides(self) -> str:
        return ", ".join(f"{side}: {player}" for side, player in self.seats.items())

    @property
    def when(self) -> str:
        return self.saved[:16].replace("T", " ")


def safe_name(name: str) -> str:
    """A file stem made from what a player typed: no folders, no odd characters, not too long."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name.strip()).strip("-_")[:MAX_NAME].strip("-_")
    if stem.lower() in _RESERVED:
        stem += "-save"
    return stem or "save"


def slot(name: str, where: Path) -> Path:
    """The file a save name typed by a player names: always inside `where`."""
    return where / f"{safe_name(name)}{SUFFIX}"


def path_for(name: str, where: Path) -> Path:
    """The save a name refers to: an existing file or a path with folders as given, else the
    safe form of the name inside `where`."""
    given = Path(name)
    if given.is_file() or (given.suffix == SUFFIX and given.parent != Path(".")):
        return given
    return slot(name, where)


def backup_of(path: Path) -> Path:
    return path.with_name(path.name + BACKUP)


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash at any moment leaves either the old file or
    the new one, never a mix: write a temporary file beside it, fsync, keep the old file as
    `<name>.json.bak`, rename the new one over, fsync the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private; a save is an ordinary document.
        os.chmod(temp, path.stat().st_mode & 0o777 if path.is_file() else 0o644)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.is_file():
            _keep_backup(path)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    _sweep(path)


STALE = 60
"""Seconds after which a temporary file is taken to be left by a killed game."""


def _sweep(path: Path) -> None:
    """Remove temporary files of this save left by a game killed mid-write (recent ones may
    belong to another game writing right now, so they stay)."""
    cutoff = time.time() - STALE
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _keep_backup(path: Path) -> None:
    """Make `<path>.bak` a copy of `path` without ever leaving `path` missing."""
    staged = path.with_name(f".{path.name}.bak.tmp")
    staged.unlink(missing_ok=True)
    try:
        os.link(path, staged)
    except OSError:  # a file system without hard links
        shutil.copyfile(path, staged)
    os.replace(staged, backup_of(path))


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (a no-op where folders cannot be opened, as on Windows)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_json(path: Path) -> dict[str, Any]:
    """The JSON object in a save file, or `SaveError` saying why it is not one."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SaveError(f"{path}: too large for a save ({path.stat().st_size:,} bytes)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save (alliance-game saves lists them)") from None
    except OSError as err:
        raise SaveError(f"{path}: cannot read: {err.strerror or err}") from None
    if not raw.strip():
        raise SaveError(f"{path}: the file is empty")
    try:
        data = json.loads(raw)
    except RecursionError:
        raise SaveError(f"{path}: not a save file (nested too deeply)") from None
    except (ValueError, UnicodeDecodeError) as err:
        raise SaveError(f"{path}: not a save file (not valid JSON: {err})") from None
    if not isinstance(data, dict):
        raise SaveError(f"{path}: not a save file (expected a JSON object)")
    return data


def peek(path: Path) -> SaveInfo:
    """What a save holds, from its header alone (any format); `SaveError` if unreadable."""
    data = read_json(path)
    try:
        if data.get("format") == 1:
            scenario, seats = data["scenario"], data["seats"]
        else:
            scenario = data["scenario"]["id"]
            seats = {side: seat["player"] for side, seat in data["sides"].items()}
        state = data["state"]
        info = SaveInfo(
            path.stem,
            path,
            str(scenario),
            int(state["turn"]),
            {str(k): str(v) for k, v in seats.items()},
            str(data["saved"]),
            state.get("ending") is not None,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SaveError(f"{path}: not a save file (its header is missing or malformed)") from None
    return info


def listing(where: Path) -> tuple[list[SaveInfo], list[str]]:
    """The saves in a folder, newest first, and one line for each file that cannot be read."""
    found, broken = [], []
    for path in sorted(where.glob(f"*{SUFFIX}")):
        try:
            found.append(peek(path))
        except SaveError as err:
            broken.append(str(err))
    found.sort(key=lambda s: s.saved, reverse=True)
    return found, broken
