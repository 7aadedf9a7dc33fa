"""alliance_game: a turn-based strategy game of the Russia-Iran partnership."""

__version__ = "0.1.0"
