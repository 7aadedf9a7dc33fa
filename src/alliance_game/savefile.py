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
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import regularfile

SUFFIX = ".json"
BACKUP = ".bak"
AUTOSAVE = "autosave"
"""What every game's own autosave is named after (`autosave-<id>.json`); `autosave` alone
names the newest of them."""
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
    """A save that cannot be read or written: the message says which file and what is wrong,
    on one line whatever the file holds (control characters are shown as escapes)."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


def one_line(text: str) -> str:
    """`text` with every character that is not printable (newlines, escapes, lone
    surrogates) written as its escape, so that it prints as the one line it claims to be."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


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
    """The file a save name refers to: an existing file or a path with folders as given, else
    the safe form of the name inside `where`."""
    given = Path(name)
    # os.path, not Path: a name too long for the file system is simply not a file here.
    if os.path.isfile(given) or (given.suffix == SUFFIX and given.parent != Path(".")):
        return given
    return slot(name, where)


def named(name: str, where: Path) -> Path:
    """The save to read that a name refers to, as `path_for`; `autosave` alone names the
    newest autosave of any game in `where`."""
    if safe_name(name) == AUTOSAVE and not os.path.isfile(name):
        newest = latest_autosave(where)
        if newest is not None:
            return newest
    return path_for(name, where)


def is_autosave(path: Path) -> bool:
    """Whether a save file is a game's autosave (`autosave.json`, from versions that kept
    one slot for every game, or `autosave-<id>.json`)."""
    return path.name.endswith(SUFFIX) and (
        path.stem == AUTOSAVE or path.stem.startswith(f"{AUTOSAVE}-")
    )


def fresh_autosave(where: Path) -> Path:
    """A new game's own autosave file in `where`, a name no other save there has."""
    while True:
        path = where / f"{AUTOSAVE}-{secrets.token_hex(4)}{SUFFIX}"
        if not os.path.lexists(path):
            return path


def latest_autosave(where: Path) -> Path | None:
    """The autosave written last in `where` (unreadable ones are passed over)."""
    found = []
    for path in where.glob(f"{AUTOSAVE}*{SUFFIX}") if os.path.isdir(where) else []:
        if is_autosave(path):
            with contextlib.suppress(SaveError):
                found.append(peek(path))
    return max(found, key=_written).path if found else None


def backup_of(path: Path) -> Path:
    return path.with_name(path.name + BACKUP)


def check_destination(path: Path) -> None:
    """Refuse, before any work, a save that could not be written there: `SaveError` if the
    name is unusable, the file is not a regular file, or its folder cannot take a file."""
    problem = regularfile.name_problem(str(path))
    if problem:
        raise SaveError(f"{printable(str(path)[:80])}: {problem}")
    if os.path.lexists(path) and not os.path.isfile(path):
        raise SaveError(f"{path}: not a regular file, so not a save to replace")
    folder = path.parent
    while not os.path.lexists(folder) and folder != folder.parent:
        folder = folder.parent  # the folders that do not exist yet are made when saving
    if not os.path.isdir(folder):
        raise SaveError(f"{path}: cannot save there: {folder} is not a folder")
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        raise SaveError(f"{path}: cannot save in {folder}: {err.strerror or err}") from None


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash at any moment leaves either the old file or
    the new one, never a mix: write a temporary file beside it, fsync, keep the old file as
    `<name>.json.bak`, rename the new one over, fsync the folder. Every temporary name is
    unique, so two games saving the same name at once both succeed (the last one stays).
    `SaveError` (one line) if the file cannot be written."""
    folder = path.parent
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise SaveError(f"{path}: cannot save: {folder} is not a folder")
    try:
        _write_atomic(path, text)
    except OSError as err:
        raise SaveError(f"{path}: cannot save: {err.strerror or err}") from None


def _write_atomic(path: Path, text: str) -> None:
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
    """Make `<path>.bak` a copy of `path` without ever leaving `path` missing. The link is
    staged under a name of its own, since another game may be saving this name too."""
    staged = path.with_name(f".{path.name}.{secrets.token_hex(6)}.bak.tmp")
    try:
        try:
            os.link(path, staged)
        except OSError:  # a file system without hard links
            shutil.copyfile(path, staged)
        os.replace(staged, backup_of(path))
    finally:
        # Gone once renamed, unless the backup already was this very file (another game
        # staged it too): then the rename does nothing and the link must go.
        staged.unlink(missing_ok=True)


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
        raw = regularfile.read(path, MAX_BYTES)
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save (alliance-game saves lists them)") from None
    except regularfile.Refused as err:
        raise SaveError(f"{path}: {err.strerror}") from None
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
        turn = state["turn"]
        if not isinstance(turn, int) or isinstance(turn, bool) or not 0 <= turn <= MAX_TURNS:
            raise ValueError(turn)
        info = SaveInfo(
            printable(path.stem),
            path,
            _text(scenario),
            turn,
            {_text(k): _text(v) for k, v in seats.items()},
            _text(data["saved"]),
            state.get("ending") is not None,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SaveError(f"{path}: not a save file (its header is missing or malformed)") from None
    return info


MAX_TURNS = 10_000
"""As many turns as a save's log may hold."""


def _text(value: object) -> str:
    """A header field as printable text; `ValueError` if it is not a string."""
    if not isinstance(value, str):
        raise ValueError(value)
    return printable(value)


def printable(text: str) -> str:
    """`text` safe to print whatever it holds. JSON allows lone surrogates, and a file name
    undecodable on this system comes back from the OS with them; no terminal encoding can
    print one, so they are shown as escapes instead."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def listing(where: Path) -> tuple[list[SaveInfo], list[str]]:
    """The saves in a folder, newest first, and one line for each file that cannot be read."""
    found: list[SaveInfo] = []
    broken: list[str] = []
    if not os.path.isdir(where):  # os.path: a name too long is not a folder, not a traceback
        return found, broken
    for path in sorted(where.glob(f"*{SUFFIX}")):
        try:
            found.append(peek(path))
        except SaveError as err:
            broken.append(printable(str(err)))
    found.sort(key=_written, reverse=True)
    return found, broken


def _written(save: SaveInfo) -> datetime:
    """When a save says it was written; one that says nonsense counts as the oldest."""
    try:
        moment = datetime.fromisoformat(save.saved)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
