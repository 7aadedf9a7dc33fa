"""Which engine runs: the modules compiled by mypyc, when they were built from exactly
these sources for this interpreter, or else the Python sources themselves.

`tools/compile_engine.py` (run by `make`) builds the engine's hot modules into
`alliance_game/_compiled/` and writes a manifest of the sources it compiled; the
package puts that folder first on its path only while the manifest matches, so an edited
source is never shadowed by a stale build. `ALLIANCE_GAME_PURE=1` always runs the
sources (for profiling, debugging, or comparing the two).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

MODULES = (
    "dice",
    "state",
    "lookup",
    "outlook",
    "rules",
    "forces",
    "policies",
    "strategist",
    "game",
    "simulate",
)
"""The engine modules mypyc compiles: those a game's every turn runs through, and the
loop that plays many games for a simulation or an audit."""

FOLDER = "_compiled"
MANIFEST = "manifest.json"
PURE = "ALLIANCE_GAME_PURE"


def sources(package: Path) -> dict[str, str]:
    """Each compiled module's source digest, as the manifest records it."""
    return {
        name: hashlib.sha256((package / f"{name}.py").read_bytes()).hexdigest() for name in MODULES
    }


def manifest(package: Path) -> dict[str, object]:
    """What a build of these sources for this interpreter records."""
    return {"python": sys.implementation.cache_tag, "sources": sources(package)}


def fresh(package: Path) -> bool:
    """Whether `package`'s compiled folder holds a build of its current sources for this
    interpreter."""
    try:
        built = json.loads((package / FOLDER / MANIFEST).read_text(encoding="utf-8"))
        return bool(built == manifest(package))
    except (OSError, ValueError):
        return False


def engine_path(package: Path) -> list[str]:
    """The folders the package's modules are found in, the compiled ones first when
    they are fresh and wanted."""
    if os.environ.get(PURE) != "1" and fresh(package):
        return [str(package / FOLDER), str(package)]
    return [str(package)]


def which(path: list[str]) -> str:
    """Which engine a package with this path runs, in words (the benchmarks print it)."""
    compiled = bool(path) and Path(path[0]).name == FOLDER
    return "compiled by mypyc" if compiled else "its Python sources"
