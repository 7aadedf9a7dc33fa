"""Snapshots of every screen and dialog at 80x24 and 120x40 (regenerate on purpose with
--snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_game import loader
from alliance_game.classroom import ClassSetup, Table
from alliance_game.game import HUMAN, Game, Team
from alliance_game.scenario import Side, Stance
from alliance_game.tui.app import AllianceApp, Start

from .conftest import play_to_end

SIZES = [(80, 24), (120, 40)]
sizes = pytest.mark.parametrize("size", SIZES)


def app(tmp_path: Path, **start: object) -> AllianceApp:
    return AllianceApp(Start(seed=7, saves_dir=tmp_path, **start))  # type: ignore[arg-type]


def lesson(tmp_path: Path) -> AllianceApp:
    """One screen of a classroom game: Moscow a team, no timer (a ticking clock would make
    every snapshot different)."""
    teams = {"moscow": Team("Red team", ("Ana", "Ben"))}
    return app(tmp_path, direct=True, classroom=ClassSetup(teams=teams))


def hosted(tmp_path: Path, side: str | None) -> AllianceApp:
    """A hosted game without a timer: the facilitator's dashboard, or a team's screen."""
    path = tmp_path / "class.db"
    game = Game.new(
        loader.load(loader.resolve("default")), 6, {Side.MOSCOW: HUMAN, Side.TEHRAN: HUMAN}
    )
    game.source = loader.resolve("default")
    game.teams = {Side.MOSCOW: Team("Red"), Side.TEHRAN: Team("Blue")}
    Table.create(path, game).close()
    token = Table.tokens_of(path)[Side(side)] if side else ""
    classroom = ClassSetup(table=path, side=side, token=token)
    return AllianceApp(Start(classroom=classroom, saves_dir=tmp_path))


@sizes
def test_title(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app(tmp_path), terminal_size=size)


@sizes
def test_new_game(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def personas_loaded(pilot) -> None:
        await pilot.press("n")
        for _ in range(200):
            if pilot.app.screen.query_one("#persona").value:
                break
            await pilot.pause(0.02)
        await pilot.pause()

    assert snap_compare(app(tmp_path), run_before=personas_loaded, terminal_size=size)


@sizes
def test_load_dialog(snap_compare, tmp_path: Path, monkeypatch, size: tuple[int, int]) -> None:
    monkeypatch.chdir(tmp_path)  # the dialog names its folder: the same in every run
    title = AllianceApp(Start(seed=7, saves_dir=Path("saves")))
    assert snap_compare(title, press=["l"], terminal_size=size)


@sizes
def test_briefing(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app(tmp_path, direct=True), terminal_size=size)


@sizes
def test_turn(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app(tmp_path, direct=True), press=["enter"], terminal_size=size)


@sizes
@pytest.mark.parametrize("key", ["question_mark", "w", "p", "l", "ctrl+q"])
def test_turn_dialog(snap_compare, tmp_path: Path, size: tuple[int, int], key: str) -> None:
    """Help, why the meters move, a pledge, a lever, and leaving the game."""
    assert snap_compare(app(tmp_path, direct=True), press=["enter", key], terminal_size=size)


@sizes
def test_resolution(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app(tmp_path, direct=True), press=["enter", "1"], terminal_size=size)


@sizes
def test_history(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    press = ["enter", "1", "enter", "h"]
    assert snap_compare(app(tmp_path, direct=True), press=press, terminal_size=size)


@sizes
def test_hotseat_pledges_and_handoff(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    """Both briefings read, the pledges made in the open, then the keyboard passes."""
    hotseat = app(tmp_path, direct=True, side="both")
    press = ["enter", "enter", "up", "enter", "enter"]
    assert snap_compare(hotseat, press=press, terminal_size=size)


@sizes
def test_ending(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    game = app(tmp_path, direct=True)

    async def finish(pilot) -> None:
        await play_to_end(game, pilot, Stance.HEDGE)

    assert snap_compare(game, run_before=finish, terminal_size=size)


@sizes
def test_reason_prompt(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(lesson(tmp_path), press=["enter", "1"], terminal_size=size)


@sizes
def test_inject_menu(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(lesson(tmp_path), press=["enter", "f", "enter"], terminal_size=size)


@sizes
def test_facilitator_dashboard(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(hosted(tmp_path, None), terminal_size=size)


@sizes
def test_team_screen(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(hosted(tmp_path, "tehran"), press=["enter"], terminal_size=size)


def test_turn_in_the_light_theme(snap_compare, tmp_path: Path) -> None:
    async def light(pilot) -> None:
        pilot.app.theme = "textual-light"
        await pilot.press("enter", "1")

    assert snap_compare(app(tmp_path, direct=True), run_before=light, terminal_size=(100, 30))
