"""Whole games and the awkward moments, played through key presses with Pilot."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.content import Content
from textual.visual import RichVisual
from textual.widgets import OptionList

from alliance_game import saves
from alliance_game.scenario import Side, Stance
from alliance_game.tui.app import AllianceApp, Start
from alliance_game.tui.screens.dialogs import Confirm, LoadGame, SaveAs
from alliance_game.tui.screens.ending import EndingScreen
from alliance_game.tui.screens.play import HandoffScreen, TurnScreen
from alliance_game.tui.screens.title import NewGameScreen, TitleScreen

from .conftest import key_for, play_to_end


def resolving(app: AllianceApp) -> bool:
    """Whether the screen shows a turn's outcome."""
    return isinstance(app.screen, TurnScreen) and app.screen.resolving


def autosaved(folder: Path) -> Path:
    """The one autosave in `folder`."""
    (path,) = folder.glob("autosave-*.json")
    return path


def plain(shown: object) -> str:
    """What a widget or an option draws, as text on unwrapped lines, whether it is a
    string, Textual content or a Rich renderable (tables, groups)."""
    if isinstance(shown, RichVisual):
        shown = shown._renderable
    if isinstance(shown, str | Content | Text):
        return str(shown)
    console = Console(width=2000, record=True, file=io.StringIO())
    console.print(shown)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def visible_text(app: AllianceApp) -> str:
    """Everything the current screen draws, as plain text (option lists: their options)."""
    parts = []
    for widget in app.screen.query("*"):
        if widget.display and isinstance(widget, OptionList):
            parts += [plain(option.prompt) for option in widget.options]
        elif widget.display:
            parts.append(plain(widget.render()))
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("stance", "end_state", "title"),
    [
        (Stance.COMPETE, "competition", "Rivals in all but name"),
        (Stance.HEDGE, "pragmatic", "A business arrangement"),
        (Stance.COOPERATE, "strengthening", "The axis hardens"),
    ],
)
async def test_a_whole_game_by_keys_reaches_each_end_state(
    tmp_path: Path, stance: Stance, end_state: str, title: str
) -> None:
    app = AllianceApp(Start(seed=3, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("enter", "enter")  # New game, and start it with the defaults
        await play_to_end(app, pilot, stance)
        assert isinstance(app.screen, EndingScreen)
        assert app.game is not None and app.game.state.ending is not None
        assert app.game.state.ending.end_state == end_state
        assert title in visible_text(app)


async def test_title_screen_settings_start_the_chosen_game(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=11, saves_dir=tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewGameScreen)
        assert app.focused is app.screen.query_one("#new")  # Enter would start at once
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#scenario")  # then the form, top down
        await pilot.pause(0.3)
        about = str(app.screen.query_one("#persona-about").render())
        assert about.startswith("Weighs every deal on its merits")  # who the counterpart is
        await pilot.press("tab", "enter", "down", "enter")  # You play: Tehran
        seed = app.screen.query_one("#seed")
        seed.value = "42"
        await pilot.press("tab", "tab", "enter")  # Enter in the seed starts the game
        await pilot.pause()
        assert app.game is not None
        assert app.game.seats == {Side.MOSCOW: "pragmatist", Side.TEHRAN: "human"}
        assert app.game.state.seed == 42


async def test_hotseat_needs_no_counterpart_on_the_new_game_screen(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=11, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause(0.3)
        await pilot.press("tab", "tab", "enter", "down", "down", "enter")  # You play: both
        assert not app.screen.query_one("#counterpart-field").display
        assert "at this keyboard" in str(app.screen.query_one("#persona-about").render())
        await pilot.click("#new")
        await pilot.pause()
        assert app.game is not None
        assert app.game.seats == {Side.MOSCOW: "human", Side.TEHRAN: "human"}


async def test_hotseat_hides_the_first_choice_until_both_have_chosen(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=8, side="both", direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "enter")  # both briefings
        await pilot.press("enter", "enter")  # no pledge from either side, in the open
        assert isinstance(app.screen, HandoffScreen) and app.screen.side is Side.MOSCOW
        await pilot.press("enter")
        assert app.game is not None
        moscow_key = key_for(app, Side.MOSCOW, Stance.COMPETE)
        moscow_option = app.game.shown(Side.MOSCOW)[int(moscow_key) - 1]
        await pilot.press(moscow_key)
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen) and app.screen.side is Side.TEHRAN
        assert moscow_option.label not in visible_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, TurnScreen) and app.screen.side is Side.TEHRAN
        assert not resolving(app)
        assert moscow_option.label not in visible_text(app)
        assert app.game.state.turn == 1 and not app.game.state.history
        await pilot.press("1")
        await pilot.pause()
        assert resolving(app)
        assert moscow_option.label in visible_text(app)  # revealed together


async def test_hotseat_saved_at_the_handoff_goes_on_at_the_handoff(tmp_path: Path) -> None:
    """Moscow chooses, ctrl+s at the handoff, quit, load: Tehran's handoff, Moscow's choice
    kept (and still hidden), and the change marks of the last turn back on the meters."""
    app = AllianceApp(Start(seed=8, side="both", direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "enter", "enter", "enter", "enter")  # briefings, pledges
        await pilot.press("1", "enter", "1", "enter")  # turn 1 played; turn 2's pledges
        await pilot.press("enter", "enter", "enter")  # no pledges; Moscow's handoff
        assert app.game is not None and isinstance(app.screen, TurnScreen)
        option = app.game.shown(Side.MOSCOW)[1]
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen) and app.screen.side is Side.TEHRAN
        await pilot.press("ctrl+s")
        app.screen.query_one("#name").value = "handoff"
        await pilot.press("enter")
        await pilot.pause()
    again = AllianceApp(Start(seed=9, saves_dir=tmp_path))
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        names = [s.name for s in again.screen.found]  # type: ignore[attr-defined]
        await pilot.press(*["down"] * names.index("handoff"), "enter")
        await pilot.pause()
        game = again.game
        assert game is not None and game.chosen == {Side.MOSCOW: option.id}
        assert isinstance(again.screen, HandoffScreen) and again.screen.side is Side.TEHRAN
        assert option.text not in visible_text(again)
        await pilot.press("enter")
        assert isinstance(again.screen, TurnScreen) and again.screen.side is Side.TEHRAN
        assert again.screen.seen != game.state.meters  # the marks of the turn last played
        await pilot.press("1")
        await pilot.pause()
        assert resolving(again) and game.state.history[-1].choice(Side.MOSCOW) == option.id


async def test_the_title_footer_offers_continue_only_when_there_is_a_game(tmp_path: Path) -> None:
    empty = AllianceApp(Start(seed=2, saves_dir=tmp_path))
    async with empty.run_test(size=(80, 24)):
        assert not empty.screen.check_action("pick", ("continue",))
    played = AllianceApp(Start(seed=2, direct=True, saves_dir=tmp_path))
    async with played.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1")
        await pilot.pause(0.3)
    again = AllianceApp(Start(seed=2, saves_dir=tmp_path))
    async with again.run_test(size=(80, 24)):
        assert again.screen.check_action("pick", ("continue",))


async def test_a_key_pressed_twice_fast_submits_one_choice(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=2, direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, TurnScreen)
        await pilot.press("1", "1", "2")
        await pilot.pause()
        assert app.game is not None
        assert len(app.game.state.history) == 1
        assert resolving(app)


async def test_save_and_load_through_the_ui_round_trip(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=4, direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        for _ in range(3):
            await pilot.press("2")
            await pilot.press("enter")
        assert app.game is not None
        state = app.game.state
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SaveAs)
        app.screen.query_one("#name").value = "../../my game?"
        await pilot.press("enter")
        await pilot.pause()
    saved = tmp_path / "my-game.json"
    assert saved.exists() and list(tmp_path.parent.glob("*.json")) == []
    assert json.loads(saved.read_text())["seed"] == 4

    again = AllianceApp(Start(seed=9, saves_dir=tmp_path))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        assert isinstance(again.screen, LoadGame)
        names = [s.name for s in again.screen.found]
        assert sorted(names) == [autosaved(tmp_path).stem, "my-game"]
        await pilot.press(*["down"] * names.index("my-game"), "enter")
        await pilot.pause()
        assert again.game is not None and again.game.state == state
        assert isinstance(again.screen, TurnScreen)


async def test_saving_over_an_existing_name_asks_first(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=4, direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        (tmp_path / "taken.json").write_text("keep me")
        await pilot.press("ctrl+s")
        app.screen.query_one("#name").value = "taken"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")
    assert (tmp_path / "taken.json").read_text() == "keep me"


async def test_a_bad_save_gives_a_notice_and_back_to_the_list(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": 1, "truncated')
    app = AllianceApp(Start(load=bad, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadGame)
        assert any("not a save file" in str(n.message) for n in app._notifications)
        assert "broken.json: not a save file" in visible_text(app)  # listed, greyed out
        await pilot.press("enter")
        assert isinstance(app.screen, LoadGame) and app.game is None
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen)
    assert bad.read_text() == '{"format": 1, "truncated'


async def test_quitting_a_game_in_progress_asks_first(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=4, direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "ctrl+q")
        assert isinstance(app.screen, Confirm)
        assert "No turn has been played yet, so nothing of this game is kept" in visible_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, Confirm) and app.is_running
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("ctrl+q")
        name = autosaved(tmp_path).stem
        assert f"{name} keeps it as it stood after the last finished turn" in visible_text(app)


async def test_quitting_right_after_a_turn_keeps_that_turn_before_promising(
    tmp_path: Path,
) -> None:
    app = AllianceApp(Start(seed=4, direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert app.game is not None
        app.game.choose(Side.MOSCOW, app.game.shown(Side.MOSCOW)[0].id)
        app.game.advance()  # resolved, and its autosave not yet run
        await pilot.press("ctrl+q")
        assert "keeps it as it stood after the last finished turn" in visible_text(app)
        assert saves.read(autosaved(tmp_path)).state == app.game.state


async def test_quitting_when_every_autosave_failed_does_not_promise_one(tmp_path: Path) -> None:
    blocked = tmp_path / "saves"
    blocked.write_text("a file, not a folder")
    app = AllianceApp(Start(seed=4, direct=True, saves_dir=blocked))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter", "2", "enter")
        assert any("Could not autosave" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, Confirm)
        text = visible_text(app)
        assert "Nothing of this game is kept: its autosave failed" in text
        assert "keeps it" not in text


async def test_a_new_game_leaves_the_last_games_autosave_alone(tmp_path: Path) -> None:
    states = []
    for seed in (11, 22):
        app = AllianceApp(Start(seed=seed, direct=True, saves_dir=tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter", "1", "enter", "1", "enter")
            assert app.game is not None
            for _ in range(30):  # the autosave runs once the outcome is drawn
                await pilot.pause(0.1)
                found = [saves.read(p).state for p in tmp_path.glob("autosave-*.json")]
                if app.game.state in found:
                    break
            states.append(app.game.state)
    own = tmp_path.glob("autosave-*.json")  # not their backups (.json.bak)
    kept = {saves.read(p).state.seed: saves.read(p).state for p in own}
    assert kept == {11: states[0], 22: states[1]}

    again = AllianceApp(Start(seed=9, saves_dir=tmp_path))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")  # Continue: the game played last
        await pilot.pause()
        assert again.game is not None and again.game.state == states[1]


async def test_resizing_mid_turn_and_tiny_terminals_keep_working(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=6, direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        for size in [(80, 24), (40, 12), (20, 8), (160, 50), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert resolving(app)


async def test_help_and_history_open_and_close(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=6, direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter")
        await pilot.press("question_mark")
        assert "How to play" in visible_text(app)
        await pilot.press("escape", "h")
        assert "== Turn 1 of 12" in visible_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, TurnScreen)


async def test_every_turn_is_autosaved_and_continue_takes_it_up(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=5, direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter", "3", "enter")
        assert app.game is not None
        state = app.game.state
    assert state.turn == 3
    path = autosaved(tmp_path)
    assert saves.read(path).state == state
    assert saves.read(path.with_name(path.name + ".bak")).state.turn == 2  # the turn before

    again = AllianceApp(Start(seed=9, saves_dir=tmp_path))
    async with again.run_test(size=(80, 24)) as pilot:
        assert f"Continue\n  {path.stem} · default, turn 3" in visible_text(again)
        await pilot.press("c")
        await pilot.pause()
        assert again.game is not None and again.game.state == state
        assert isinstance(again.screen, TurnScreen)


async def test_a_save_of_a_changed_scenario_offers_to_replay_it(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=5, direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "2", "enter")
    autosave = autosaved(tmp_path)
    data = json.loads(autosave.read_text())
    data["scenario"]["hash"] = "0" * 16
    autosave.write_text(json.dumps(data))

    again = AllianceApp(Start(seed=9, saves_dir=tmp_path))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(again.screen, Confirm)
        assert "has changed since this game was saved" in visible_text(again)
        await pilot.press("y")
        await pilot.pause()
        assert again.game is not None and again.game.state.turn == 2
        assert isinstance(again.screen, TurnScreen)


async def test_quitting_while_naming_a_save_writes_nothing(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=4, direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter", "ctrl+s")
        assert isinstance(app.screen, SaveAs)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
    assert [p.name for p in tmp_path.iterdir()] == [autosaved(tmp_path).name]


async def test_title_and_new_game_screens_survive_tiny_terminals(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=6, saves_dir=tmp_path))
    async with app.run_test(size=(20, 6)) as pilot:
        await pilot.press("n")
        for size in [(30, 10), (12, 4), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.game is not None


async def test_loading_a_save_computers_played_hands_moscow_to_the_player(tmp_path: Path) -> None:
    from alliance_game import loader
    from alliance_game.game import Game

    scenario = loader.load(loader.resolve("default"))
    game = Game.new(scenario, 3, {Side.MOSCOW: "hardliner", Side.TEHRAN: "loyalist"})
    game.advance()
    saves.write(game, tmp_path / "bots.json")
    app = AllianceApp(Start(load=tmp_path / "bots.json", saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TurnScreen) and app.screen.side is Side.MOSCOW
        assert app.game is not None and app.game.seats[Side.TEHRAN] == "loyalist"


async def test_the_ending_exports_the_after_action_report(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=3, direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await play_to_end(app, pilot, Stance.HEDGE)
        await pilot.press("e")
        await pilot.pause()
    reports = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert reports == [
        "default-seed3-turn12-log.csv",
        "default-seed3-turn12.html",
        "default-seed3-turn12.md",
    ]
    assert "## Turning points" in (tmp_path / "reports" / "default-seed3-turn12.md").read_text()


async def test_a_small_terminal_trades_the_sidebar_for_a_status_and_m_brings_it_back(
    tmp_path: Path,
) -> None:
    app = AllianceApp(Start(seed=5, side="tehran", direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, TurnScreen) and screen.has_class("narrow")
        assert not screen.query_one("#sidebar").display
        status = str(screen.query_one("#turn-status").render())
        assert "heading for" in status and "Score now" in status and "agenda" in status
        await pilot.press("m")
        assert screen.query_one("#sidebar").display
        await pilot.press("m")
        assert not screen.query_one("#sidebar").display


async def test_the_outcome_shows_the_turn_as_it_was_resolved_not_the_next_news(
    tmp_path: Path,
) -> None:
    """In oil_shock, seed 12, the news that opens turn 2 swings the index by 14 points: the
    outcome of turn 1 must show the index and score the turn itself left."""
    app = AllianceApp(
        Start(scenario="oil_shock", seed=12, side="moscow", direct=True, saves_dir=tmp_path)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1")
        await pilot.pause()
        assert resolving(app) and app.game is not None
        state = app.game.state
        resolved = state.history[-1].outlook
        assert abs(state.outlook.index - resolved.index) > 5  # the next turn's news moved it
        status = str(app.screen.query_one("#turn-status").render())
        assert f"Index {resolved.index:.1f}," in status
        assert f"Index {state.outlook.index:.1f}," not in status


async def test_at_80x24_every_option_can_be_brought_into_view(tmp_path: Path) -> None:
    """The options scroll within the room left under the card: Down and End bring the last
    option into view, Home the first."""
    app = AllianceApp(Start(seed=5, side="moscow", direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        options = app.screen.query_one("#options", OptionList)
        assert options.region.bottom <= 23  # inside the screen, above the footer
        assert options.virtual_size.height > options.scrollable_content_region.height
        await pilot.press("down", "down")
        await pilot.pause()
        assert options.highlighted == 2 and options.scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert options.highlighted == 0 and options.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert options.highlighted == options.option_count - 1
        assert options.scroll_y == options.max_scroll_y > 0


async def test_dialogs_wrap_their_text_and_stand_in_the_middle(tmp_path: Path) -> None:
    """At 80x24 the quit question wraps inside its dialog instead of being cut; on a wider
    screen the pick-one dialogs stand centred like the others."""
    from alliance_game.tui.screens.dialogs import Pick

    app = AllianceApp(Start(seed=5, side="moscow", direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter", "ctrl+q")
        assert isinstance(app.screen, Confirm)
        question = app.screen.query_one(".question")
        dialog = app.screen.query_one(".dialog")
        assert question.size.height >= 2  # wrapped
        assert question.region.right <= dialog.region.right
        await pilot.press("escape")
        await pilot.resize_terminal(120, 40)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, Pick)
        box = app.screen.query_one(".dialog").region
        assert box.x > 0 and abs((120 - box.right) - box.x) <= 1  # centred across
        assert box.y > 0


async def test_the_stakes_show_only_the_side_s_own_agenda(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=5, side="both", direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        # Both briefings, no pledges in the open, then Moscow's handoff.
        await pilot.press("enter", "enter", "enter", "enter", "enter")
        assert app.game is not None and isinstance(app.screen, TurnScreen)
        mine = app.game.scenario.lookup.agendas[app.game.state.agenda(Side.MOSCOW) or ""].title
        theirs = app.game.scenario.lookup.agendas[app.game.state.agenda(Side.TEHRAN) or ""].title
        text = visible_text(app)
        assert mine in text and theirs not in text
        await pilot.press("1", "enter", "1")  # Moscow chooses; Tehran takes the keyboard
        await pilot.pause()
        assert resolving(app)
        text = visible_text(app)  # both players watch the outcome: no agenda on screen
        assert mine not in text and theirs not in text and "hidden while" in text


PROMISES = Path(__file__).parents[1] / "fixtures" / "promises.yaml"


async def test_a_pledge_and_a_lever_are_made_with_keys(tmp_path: Path) -> None:
    from alliance_game.tui.screens.dialogs import Pick

    start = Start(scenario=str(PROMISES), seed=2, persona="friend", direct=True, saves_dir=tmp_path)
    app = AllianceApp(start)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, TurnScreen) and app.game is not None
        await pilot.press("p")
        assert isinstance(app.screen, Pick)
        await pilot.press("enter")  # the first pledge
        await pilot.pause()
        assert app.game.state.pledge(Side.MOSCOW) == "no_harm"
        assert "You pledged: No harm this season" in visible_text(app)
        await pilot.press("l")
        assert isinstance(app.screen, Pick)
        await pilot.press("enter")
        await pilot.pause()
        assert "With your choice you will use: The veto" in visible_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert resolving(app) and app.game.state.history[0].levers == ((Side.MOSCOW, "ru_veto"),)
        text = visible_text(app)
        assert "used its veto" in text and ("kept its pledge" in text or "broke its pledge" in text)


async def test_hotseat_pledges_are_made_in_the_open_before_the_handoff(tmp_path: Path) -> None:
    from alliance_game.tui.screens.play import PledgeScreen

    start = Start(scenario=str(PROMISES), seed=2, side="both", direct=True, saves_dir=tmp_path)
    app = AllianceApp(start)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "enter")  # both briefings
        assert isinstance(app.screen, PledgeScreen)
        await pilot.press("home", "enter")  # Moscow: the first pledge
        await pilot.pause()
        assert "Moscow pledges: No harm this season." in visible_text(app)
        await pilot.press("enter")  # Tehran: no pledge (highlighted by default)
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen) and app.game is not None
        assert app.game.state.pledges == ((Side.MOSCOW, "no_harm"),)


async def test_corrupt_saves_leave_the_title_screen_and_its_list_whole(tmp_path: Path) -> None:
    app = AllianceApp(Start(seed=5, direct=True, saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter")
        await pilot.pause()
    good = autosaved(tmp_path)
    data = json.loads(good.read_text())
    endless = json.dumps(data | {"state": data["state"] | {"turn": 987654321}})
    (tmp_path / "endless.json").write_text(endless.replace("987654321", "1e999"))
    surrogate = json.dumps(data | {"saved": "SURROGATE"})
    (tmp_path / "surrogate.json").write_text(surrogate.replace("SURROGATE", "\\ud800"))
    os.mkfifo(tmp_path / "pipe.json")

    again = AllianceApp(Start(seed=9, saves_dir=tmp_path))
    async with again.run_test(size=(100, 30)) as pilot:
        assert isinstance(again.screen, TitleScreen)
        assert f"Continue\n  {good.stem} · default, turn 2" in visible_text(again)
        await pilot.press("l")
        assert isinstance(again.screen, LoadGame)
        text = visible_text(again)
        assert good.stem in text and "surrogate" in text
        assert "endless.json: not a save file" in text and "pipe.json: not a regular file" in text
