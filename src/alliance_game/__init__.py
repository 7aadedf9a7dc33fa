"""alliance_game: a turn-based strategy game of the Russia-Iran partnership."""

from pathlib import Path

from .compiled import engine_path

__version__ = "0.1.0"
__path__ = engine_path(Path(__file__).parent)  # the compiled engine, when it is fresh
