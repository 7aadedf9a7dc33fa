"""The screen `play` shows first while the scenario loads behind it: the game's name and a
line saying what is happening. Kept light (labels and the footer), like the title screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label

from ..widgets.footer import KeyFooter


class StartingScreen(Screen[None]):
    """The first frame of a game started from the command line; the briefing replaces it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Label("MOSCOW & TEHRAN", id="game-title")
            yield Label("Setting up the game...", id="tagline")
        yield KeyFooter()
