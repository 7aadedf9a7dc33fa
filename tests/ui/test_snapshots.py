"""Snapshots of the main screens at 80x24 and 120x40 (regenerate on purpose with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_game.scenario import Stance
from alliance_game.tui.app import AllianceApp, Start

from .conftest import play_to_end

SIZES = [(80, 24), (120, 40)]


def app(tmp_path: Path, **start: object) -> AllianceApp:
    return AllianceApp(Start(seed=7, saves_dir=tmp_path, **start))  # type: ignore[arg-type]


@pytest.mark.parametrize("size", SIZES)
def test_title(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app(tmp_path), terminal_size=size)


def test_new_game(snap_compare, tmp_path: Path) -> None:
    async def personas_loaded(pilot) -> None:
        await pilot.press("n")
        for _ in range(200):
            if pilot.app.screen.query_one("#persona").value:
                break
            await pilot.pause(0.02)
        await pilot.pause()

    assert snap_compare(app(tmp_path), run_before=personas_loaded, terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES)
def test_turn(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app(tmp_path, direct=True), press=["enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_resolution(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app(tmp_path, direct=True), press=["enter", "1"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_ending(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    game = app(tmp_path, direct=True)

    async def finish(pilot) -> None:
        await play_to_end(game, pilot, Stance.HEDGE)

    assert snap_compare(game, run_before=finish, terminal_size=size)


def test_turn_in_the_light_theme(snap_compare, tmp_path: Path) -> None:
    async def light(pilot) -> None:
        pilot.app.theme = "textual-light"
        await pilot.press("enter", "1")

    assert snap_compare(app(tmp_path, direct=True), run_before=light, terminal_size=(100, 30))
