"""Helpers for driving the Textual app with Pilot."""

from __future__ import annotations

from alliance_game import policies
from alliance_game.scenario import Side, Stance
from alliance_game.tui.app import AllianceApp
from alliance_game.tui.screens.play import TurnScreen


def key_for(app: AllianceApp, side: Side, stance: Stance) -> str:
    """The number key, in the order the screen shows them, of the option a fixed policy of
    `stance` would take on the card `side` faces (test strategy only)."""
    assert app.game is not None
    shown = app.game.shown(side)
    return str(shown.index(policies.by_stance(shown, stance)) + 1)


async def play_to_end(app: AllianceApp, pilot, stance: Stance, limit: int = 40) -> None:
    """Press keys as a player would until the ending: Enter to go on, a number to choose."""
    for _ in range(limit):
        await pilot.pause()
        if app.game is not None and app.game.over and type(app.screen).__name__ == "EndingScreen":
            return
        screen = app.screen
        if isinstance(screen, TurnScreen) and not screen.resolving:
            await pilot.press(key_for(app, screen.side, stance))
        else:
            await pilot.press("enter")
    raise AssertionError("the game did not end")
