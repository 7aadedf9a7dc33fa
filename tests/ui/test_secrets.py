"""Nothing hidden of one side reaches a screen the other side sees: its secret agenda,
its choice and the lever it will use (until the turn resolves). Every screen of a whole
hotseat game, and a team's screen in a hosted classroom game."""

from __future__ import annotations

from pathlib import Path

from alliance_game.game import Game
from alliance_game.scenario import SIDES, Side
from alliance_game.tui.app import AllianceApp, Start
from alliance_game.tui.screens.dialogs import Pick
from alliance_game.tui.screens.ending import EndingScreen
from alliance_game.tui.screens.play import BriefingScreen, TurnScreen

from .test_classroom import red_team_screen
from .test_play import visible_text


def viewer(app: AllianceApp) -> Side | None:
    """The one side looking at the screen, or None where both may (handoffs, pledges made
    in the open, outcomes)."""
    screen = app.screen
    if isinstance(screen, Pick):
        screen = app.screen_stack[-2]
    if isinstance(screen, BriefingScreen):
        return screen.side
    if isinstance(screen, TurnScreen) and not screen.resolving:
        return screen.side
    return None


def secrets(game: Game, side: Side) -> list[str]:
    """What of `side` the other side must not see now: its agenda, and its choice and lever
    while the turn is unresolved."""
    look = game.scenario.lookup
    hidden = []
    agenda = game.state.agenda(side)
    if agenda and not game.over:
        hidden += [look.agendas[agenda].title, look.agendas[agenda].text]
    if side in game.chosen:
        hidden.append(look.options[game.chosen[side]].text)
    if side in game.pulled:
        hidden += [look.levers[game.pulled[side]].text]
    return hidden


def leaks(app: AllianceApp) -> list[str]:
    """Secrets of a side shown on a screen it is not the only one looking at."""
    assert app.game is not None
    looking = viewer(app)
    text = visible_text(app)
    return [
        secret
        for side in SIDES
        if side is not looking
        for secret in secrets(app.game, side)
        if secret in text
    ]


async def test_a_whole_hotseat_game_shows_each_side_only_its_own_secrets(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=8, side="both", direct=True, saves_dir=tmp_path))
    checked, levers, why = 0, 0, set()
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause()
            if isinstance(app.screen, EndingScreen):
                break
            if app.game is not None:
                assert leaks(app) == [], (type(app.screen).__name__, app.game.state.turn)
                checked += 1
            screen = app.screen
            if isinstance(screen, BriefingScreen):  # the check reads the bulleted text
                own = app.game.scenario.lookup.agendas[app.game.state.agenda(screen.side) or ""]
                assert own.title in visible_text(app)
            if isinstance(screen, TurnScreen) and not screen.resolving:
                if screen.game.state.turn not in why:  # the why page, both sides may see it
                    why.add(screen.game.state.turn)
                    await pilot.press("w")
                    await pilot.pause()
                    assert "What moves the meters" in visible_text(app)
                    assert leaks(app) == []
                    await pilot.press("escape")
                    continue
                if screen.lever == "" and screen.check_action("lever", ()) and levers < 4:
                    await pilot.press("l")
                    await pilot.pause()
                    assert leaks(app) == []
                    await pilot.press("enter")  # the first lever stands ready
                    levers += 1
                    continue
                await pilot.press("2")
            else:
                await pilot.press("enter")
        assert isinstance(app.screen, EndingScreen)
    assert checked > 40 and levers == 4 and len(why) >= 10


async def test_a_team_screen_never_shows_the_other_team_s_secrets(tmp_path: Path) -> None:
    app, blue = red_team_screen(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        game = blue.game()
        option = game.card(Side.TEHRAN).options[0]
        blue.choose(Side.TEHRAN, option.id, "our own reasons")  # Tehran chooses first
        await pilot.pause(0.7)
        agenda = game.scenario.lookup.agendas[game.state.agenda(Side.TEHRAN) or ""]
        for key in ("enter", "l", "escape", "w", "escape", "1"):
            await pilot.press(key)
            await pilot.pause(0.3)
            text = visible_text(app)
            assert agenda.text not in text and agenda.title not in text
            assert option.text not in text and "our own reasons" not in text
