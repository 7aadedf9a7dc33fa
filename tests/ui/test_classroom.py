"""Classroom play through key presses: rationales, the facilitator's actions, fog, the
timer, and a team's screen on a hosted game."""

from __future__ import annotations

import json
from pathlib import Path

from alliance_game import loader
from alliance_game.classroom import SEALED, ClassSetup, Table
from alliance_game.game import HUMAN, Game, Team
from alliance_game.scenario import Side
from alliance_game.tui.app import AllianceApp, Start
from alliance_game.tui.screens.facilitator import Ask, Dashboard, Pick
from alliance_game.tui.screens.play import TurnScreen
from alliance_game.tui.widgets.outlook import OutlookPanel

from .test_play import visible_text


def lesson(tmp_path: Path, **setup: object) -> AllianceApp:
    teams = {"moscow": Team("Red team", ("Ana", "Ben"))}
    start = Start(
        seed=4, direct=True, saves_dir=tmp_path, classroom=ClassSetup(teams=teams, **setup)
    )  # type: ignore[arg-type]
    return AllianceApp(start)


async def test_a_team_gives_its_reason_and_the_facilitator_injects_fogs_and_skips(
    tmp_path: Path,
) -> None:
    app = lesson(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "1")
        assert isinstance(app.screen, Ask) and "Red team chose" in visible_text(app)
        await pilot.press(*"Keep them close", "enter", "enter")  # the reason; on to turn 2
        assert isinstance(app.screen, TurnScreen) and app.game is not None
        assert app.game.rationales == {(1, Side.MOSCOW): "Keep them close"}

        await pilot.press("f")
        assert isinstance(app.screen, Pick)
        await pilot.press("enter")  # fire an inject
        inject = app.game.scenario.injects[0] if app.game.scenario.injects else None
        await pilot.press("enter", *"test them", "enter")
        fired = app.game.actions[-1]
        assert fired.action == "inject" and fired.reason == "test them"
        assert fired.detail == (inject.id if inject else app.game.state.log[-1].ref)
        assert app.game.state.log[-1].kind.value == "inject"

        assert app.screen.query_one(OutlookPanel).display
        await pilot.press("f", "down", "down", "down", "down", "enter", *"no peeking", "enter")
        assert app.fogged and not app.screen.query_one(OutlookPanel).display
        news = str(app.screen.query_one("#news-text").render())
        assert "Breaking:" in news and "the outlook shifts" not in news

        await pilot.press("f", "down", "enter", *"out of time", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TurnScreen) and app.screen.resolving
        assert "the facilitator skipped the turn" in visible_text(app)
        assert app.game.state.turn == 3
    (autosave,) = tmp_path.glob("autosave-*.json")
    record = json.loads(autosave.read_text())
    assert record["log"][0]["rationale"] == {"moscow": "Keep them close"}
    assert record["log"][1]["skipped"] is True
    assert [a["action"] for a in record["facilitator"]] == ["inject", "fog", "skip"]
    assert record["sides"]["moscow"]["team"] == "Red team"


async def test_escape_at_the_reason_prompt_lets_the_team_choose_again(tmp_path: Path) -> None:
    app = lesson(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "1", "escape")
        assert isinstance(app.screen, TurnScreen) and not app.screen.submitted
        assert app.game is not None and not app.game.chosen
        await pilot.press("2", "enter")
        assert app.game.state.turn == 2


class FakeClock:
    now = 5000.0

    def __call__(self) -> float:
        return self.now


async def test_the_timer_shows_in_the_title_warns_and_pauses(tmp_path: Path) -> None:
    app = lesson(tmp_path, timer=120)
    clock = FakeClock()
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.room.timer is not None
        app.room.timer.clock = clock
        await pilot.press("enter")
        clock.now += 65
        assert isinstance(app.screen, TurnScreen)
        app.screen.tick()
        assert app.screen.sub_title.startswith("0:55 left · Turn 1 of 12")
        await pilot.pause()
        assert any("one minute left" in str(n.message) for n in app._notifications)
        await pilot.press("f", "down", "down", "enter", *"a question", "enter")
        clock.now += 300
        app.screen.tick()
        assert app.screen.sub_title.startswith("paused at 0:55 · ")
        assert app.game is not None and app.game.actions[-1].action == "pause"


def hosted(tmp_path: Path) -> Path:
    game = Game.new(
        loader.load(loader.resolve("default")), 6, {Side.MOSCOW: HUMAN, Side.TEHRAN: HUMAN}
    )
    game.source = loader.resolve("default")
    game.teams = {Side.MOSCOW: Team("Red"), Side.TEHRAN: Team("Blue")}
    Table.create(tmp_path / "class.db", game, timer=300).close()
    return tmp_path / "class.db"


async def test_the_clock_waits_while_the_facilitator_types_and_a_reason_is_optional(
    tmp_path: Path,
) -> None:
    app = lesson(tmp_path, timer=120)
    clock = FakeClock()
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.room.timer is not None and app.game is not None
        app.room.timer.clock = clock
        await pilot.press("enter")
        clock.now += 20
        await pilot.press("f", "down", "down", "down", "down", "enter")  # fog: its reason
        assert isinstance(app.screen, Ask) and "optional" in visible_text(app)
        clock.now += 90  # a slow typist
        assert app.room.timer.remaining == 100
        await pilot.press("enter")  # no reason given: the action is carried out all the same
        assert app.fogged and app.game.actions[-1].action == "fog"
        assert app.game.actions[-1].reason == ""
        assert app.room.timer.running and app.room.timer.remaining == 100
        clock.now += 10
        assert app.room.timer.remaining == 90


async def test_time_running_out_is_announced_and_logged_once(tmp_path: Path) -> None:
    app = lesson(tmp_path, timer=120)
    clock = FakeClock()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.room.timer is not None and app.game is not None
        app.room.timer.clock = clock
        await pilot.press("enter")
        clock.now += 121
        for _ in range(3):
            app.screen.tick()  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.screen.sub_title.startswith("time is up · Turn 1 of 12")
        assert sum("Time is up" in str(n.message) for n in app._notifications) == 1
        ran_out = [a for a in app.game.actions if a.action == "time_up"]
        assert [(a.turn, a.reason) for a in ran_out] == [(1, "the timer ran out")]


async def test_the_dashboard_clock_ticks_and_its_status_stays_in_view(tmp_path: Path) -> None:
    import time

    path = hosted(tmp_path)
    table = Table.open(path)
    with table._write():  # a turn whose clock started 298 seconds ago
        table._timer_update(lambda t: setattr(t, "started", time.time() - 298))
    app = AllianceApp(Start(classroom=ClassSetup(table=path), saves_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Dashboard)
        status = app.screen.query_one("#status")
        assert "left" in str(status.render())
        top = status.region.y
        for _ in range(40):
            await pilot.pause(0.1)
            if "time is up" in str(status.render()):
                break
        assert "Timer: 0:00 time is up" in str(status.render())
        assert status.region.y == top  # the story scrolls beneath it
        await pilot.pause(0.7)
        assert any(a.action == "time_up" for a in Table.open(path).game().actions)


def red_team_screen(tmp_path: Path, admit_blue: bool = True) -> tuple[AllianceApp, Table]:
    """A hosted game: Moscow's team screen (joined with its token), and the file opened by
    another process, which plays Tehran with its own token (`admit_blue`) or only watches."""
    path = hosted(tmp_path)
    tokens = Table.tokens_of(path)
    other = Table.open(path)
    if admit_blue:
        other.admit(Side.TEHRAN, tokens[Side.TEHRAN])
    red = ClassSetup(table=path, side="moscow", token=tokens[Side.MOSCOW])
    return AllianceApp(Start(classroom=red, saves_dir=tmp_path)), other


async def test_a_team_screen_waits_for_the_other_team_then_sees_both_choices(
    tmp_path: Path,
) -> None:
    app, blue = red_team_screen(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "1", *"first", "enter")
        assert isinstance(app.screen, TurnScreen) and app.screen.submitted
        assert "Waiting for Tehran to decide" in visible_text(app)
        assert "p: make a pledge" not in visible_text(app)  # too late once chosen
        assert blue.view(Side.TEHRAN).mine is None  # Moscow's choice is not Tehran's to see
        tehran_option = blue.game().card(Side.TEHRAN).options[0]
        blue.choose(Side.TEHRAN, tehran_option.id, "second")
        for _ in range(20):
            await pilot.pause(0.1)
            if app.screen.resolving:
                break
        assert app.screen.resolving and tehran_option.label in visible_text(app)
        assert not app.check_action("facilitator", ())  # a team has no facilitator powers
    assert not list(tmp_path.glob("*.json"))  # the hosted game lives in its file


async def test_a_team_that_has_chosen_still_sees_injects_and_fog(tmp_path: Path) -> None:
    """After its choice, a team's screen keeps up with the world: an inject moves its meters,
    and fog hides the outlook it showed."""
    app, teacher = red_team_screen(tmp_path, admit_blue=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "1", *"first", "enter")
        assert isinstance(app.screen, TurnScreen) and app.screen.submitted
        before = visible_text(app)
        scenario = teacher.game().scenario  # the default has no injects: fire a news event
        inject = next(e for e in scenario.events if e.turn is None and e.effects)
        teacher.facilitate("inject", inject.id, "test them")
        teacher.facilitate("fog", "", "no peeking")
        for _ in range(20):
            await pilot.pause(0.1)
            if not app.screen.query_one(OutlookPanel).display:
                break
        assert not app.screen.query_one(OutlookPanel).display  # the fog reached the team
        after = visible_text(app)
        assert after != before and inject.title in after  # the inject is in its news
        assert app.screen.submitted and "Waiting for Tehran to decide" in after


async def test_the_facilitator_dashboard_shows_progress_but_never_a_hidden_choice(
    tmp_path: Path,
) -> None:
    path = hosted(tmp_path)
    red = Table.open(path)
    red.admit(Side.MOSCOW, Table.tokens_of(path)[Side.MOSCOW])
    app = AllianceApp(Start(classroom=ClassSetup(table=path), saves_dir=tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Dashboard)
        option = red.game().card(Side.MOSCOW).options[1]
        red.choose(Side.MOSCOW, option.id)
        await pilot.pause(0.7)
        text = visible_text(app)
        assert "Moscow (Red): has chosen" in text and "Tehran (Blue): deciding" in text
        assert option.label not in text
        assert app.game is not None and app.game.chosen == {
            Side.MOSCOW: SEALED
        }  # not even in memory
        await pilot.press("g", *"hide it", "enter")
        assert red.fog
        await pilot.press("s", *"too slow", "enter")
        await pilot.pause(0.7)
        assert red.game().state.turn == 2 and "turn 2 of 12" in app.screen.sub_title


async def test_timer_actions_without_a_timer_say_so_and_log_nothing(tmp_path: Path) -> None:
    app = lesson(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "f", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TurnScreen)  # no reason asked for an action that cannot be
        assert app.game is not None and app.game.actions == []
        assert any("no timer" in str(n.message) for n in app._notifications)
