"""Saves: the record, backups, migration, mismatches, bad files and safe names."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from alliance_game import savefile, saves
from alliance_game.game import HUMAN, Game, Team
from alliance_game.savefile import SaveError
from alliance_game.saves import SaveMismatch
from alliance_game.scenario import Scenario, Side

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def played(scenario: Scenario, turns: int, seed: int = 3, source: Path | None = None) -> Game:
    """A game with a human Moscow picking the first option for `turns` turns."""
    game = Game.new(scenario, seed, {Side.MOSCOW: HUMAN, Side.TEHRAN: "tit"}, source)
    for _ in range(turns):
        game.choose(Side.MOSCOW, game.card(Side.MOSCOW).options[0].id)
        game.advance()
    return game


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """The mini scenario in a folder of its own, free to be edited."""
    path = tmp_path / "scenario" / "mini.yaml"
    path.parent.mkdir()
    shutil.copy(FIXTURES / "mini.yaml", path)
    return path


@pytest.fixture
def saved(tmp_path: Path, mini: Scenario, mini_copy: Path) -> Path:
    path = tmp_path / "saves" / "game.json"
    saves.write(played(mini, 2, source=mini_copy), path)
    return path


def test_a_save_holds_what_the_game_needs_and_reads_back_equal(
    mini: Scenario, mini_copy: Path, tmp_path: Path
) -> None:
    game = played(mini, 2, source=mini_copy)
    path = tmp_path / "game.json"
    saves.write(game, path)
    data = json.loads(path.read_text())
    assert data["format"] == saves.FORMAT
    assert data["scenario"] == {
        "id": "mini",
        "path": str(mini_copy.resolve()),
        "hash": saves.scenario_hash(mini),
    }
    assert data["seed"] == 3 and data["sides"] == {
        "moscow": {"player": "human"},
        "tehran": {"player": "tit"},
    }
    assert data["log"] == [
        {"moscow": "ru_one_coop", "tehran": game.state.history[0].choice(Side.TEHRAN)},
        data["log"][1],
    ]
    assert data["state"]["turn"] == 3 and data["state"]["meters"] == game.state.meters
    back = saves.read(path)
    assert (
        back.state == game.state and back.seats == game.seats and back.source == mini_copy.resolve()
    )


def test_a_finished_game_saves_its_ending(default: Scenario, tmp_path: Path) -> None:
    game = Game.new(default, 4, {Side.MOSCOW: "pragmatist", Side.TEHRAN: "hardliner"})
    while not game.over:
        game.advance()
    saves.write(game, tmp_path / "done.json")
    back = saves.read(tmp_path / "done.json")
    assert back.state == game.state and back.over
    assert json.loads((tmp_path / "done.json").read_text())["scenario"]["path"] is None  # shipped


def test_writing_again_keeps_the_previous_save_as_a_backup(mini: Scenario, saved: Path) -> None:
    first = saves.read(saved).state
    game = saves.read(saved)
    game.choose(Side.MOSCOW, game.card(Side.MOSCOW).options[1].id)
    game.advance()
    saves.write(game, saved)
    assert saves.read(saved).state == game.state
    assert saves.read(savefile.backup_of(saved)).state == first
    assert [p.name for p in saved.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_each_game_keeps_its_own_autosave(mini: Scenario, mini_copy: Path, tmp_path: Path) -> None:
    first, second = (
        played(mini, 2, seed=11, source=mini_copy),
        played(mini, 1, seed=22, source=mini_copy),
    )
    for game in (first, second):
        assert saves.Autosave.of(tmp_path, game).keep(game) == ""
    autosaves = sorted(tmp_path.glob("autosave-*.json"))
    assert len(autosaves) == 2
    assert sorted(saves.read(p).state.seed for p in autosaves) == [11, 22]
    _edit_saved(autosaves, "2020-01-01T00:00:00+00:00", seed=11)
    newest = savefile.named("autosave", tmp_path)
    assert saves.read(newest).state.seed == 22  # `autosave` names the newest of them


def _edit_saved(paths: list[Path], when: str, seed: int) -> None:
    """Back-date the autosave of the game with `seed` (the listing reads only the header)."""
    for path in paths:
        data = json.loads(path.read_text())
        if data["seed"] == seed:
            path.write_text(json.dumps(data | {"saved": when}))


def test_a_game_goes_on_in_the_autosave_it_was_taken_up_from(
    mini: Scenario, mini_copy: Path, tmp_path: Path
) -> None:
    game = played(mini, 1, source=mini_copy)
    autosave = saves.Autosave.of(tmp_path, game)
    autosave.keep(game)
    assert autosave.path is not None
    again = saves.read(autosave.path)
    again.choose(Side.MOSCOW, again.card(Side.MOSCOW).options[0].id)
    again.advance()
    assert saves.Autosave.of(tmp_path, again, autosave.path).keep(again) == ""
    assert [p.name for p in tmp_path.glob("autosave*.json")] == [autosave.path.name]
    assert saves.read(autosave.path).state.turn == 3
    assert saves.read(savefile.backup_of(autosave.path)).state.turn == 2


def test_a_game_taken_up_from_a_named_save_leaves_that_save_alone(
    mini: Scenario, saved: Path
) -> None:
    before = saved.read_bytes()
    game = saves.read(saved)
    autosave = saves.Autosave.of(saved.parent, game, saved)
    assert autosave.promise(game) == "game keeps it as it stood after the last finished turn."
    game.choose(Side.MOSCOW, game.card(Side.MOSCOW).options[0].id)
    game.advance()
    autosave.keep(game)
    assert saved.read_bytes() == before
    assert autosave.path is not None and autosave.path.name.startswith("autosave-")


def test_leaving_a_game_is_told_what_is_kept(mini: Scenario, tmp_path: Path) -> None:
    game = played(mini, 0)
    autosave = saves.Autosave.of(tmp_path / "saves", game)
    assert autosave.promise(game) == "No turn has been played yet, so nothing of this game is kept."
    game = played(mini, 1)
    assert autosave.keep(game) == ""
    name = autosave.path.stem if autosave.path else ""
    assert autosave.promise(game) == f"{name} keeps it as it stood after the last finished turn."
    (tmp_path / "saves").rename(tmp_path / "gone")
    (tmp_path / "saves").write_text("a file where the folder was")
    game = played(mini, 2)
    problem = autosave.keep(game)
    assert problem.startswith(f"{autosave.path}: cannot save: ") and "\n" not in problem
    assert autosave.promise(game) == (
        f"{name} holds it only as it stood 1 turn ago: the autosave failed ({problem})."
    )
    never = saves.Autosave.of(tmp_path / "saves", game)
    assert never.keep(game) and never.promise(game).startswith(
        "Nothing of this game is kept: its autosave failed ("
    )


def test_a_save_in_the_first_format_still_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the fixture names its scenario relative to the checkout
    old = FIXTURES / "saves" / "format1.json"
    data = json.loads(old.read_text())
    game = saves.read(old)
    assert data["format"] == 1
    assert game.state.turn == data["state"]["turn"] and game.state.meters == data["state"]["meters"]
    assert game.seats == {Side.MOSCOW: HUMAN, Side.TEHRAN: "tit"}


def test_an_edited_first_format_save_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    data = json.loads((FIXTURES / "saves" / "format1.json").read_text())
    data["state"]["meters"]["trust"] = 99
    edited = tmp_path / "old.json"
    edited.write_text(json.dumps(data))
    with pytest.raises(SaveMismatch, match=r"state\.meters\.trust: saved 99, replayed 74"):
        saves.read(edited)


def test_an_edited_save_is_reported_and_can_be_rebuilt_from_its_choices(saved: Path) -> None:
    data = json.loads(saved.read_text())
    honest = data["state"]["meters"]["trust"]
    data["state"]["meters"]["trust"] = honest - 1
    saved.write_text(json.dumps(data))
    with pytest.raises(
        SaveMismatch, match=rf"state\.meters\.trust: saved {honest - 1}, replayed {honest}"
    ):
        saves.read(saved)
    assert saves.read(saved, accept_changes=True).state.meters["trust"] == honest


def test_a_changed_scenario_is_reported_and_can_be_replayed_under_the_new_one(
    saved: Path, mini_copy: Path
) -> None:
    text = mini_copy.read_text()
    mini_copy.write_text(text.replace("Hurt them.", "Hurt them badly."))
    with pytest.raises(
        SaveMismatch, match="the scenario 'mini' has changed since this game was saved"
    ):
        saves.read(saved)
    assert saves.read(saved, accept_changes=True).state.turn == 3


def test_comments_and_layout_do_not_count_as_a_changed_scenario(
    saved: Path, mini_copy: Path
) -> None:
    mini_copy.write_text("# a comment\n" + mini_copy.read_text() + "\n\n")
    assert saves.read(saved).state.turn == 3


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: p.write_text(""), "the file is empty"),
        (lambda p: p.write_text(p.read_text()[:200]), "not a save file (not valid JSON"),
        (lambda p: p.write_text("scenario: mini\nseed: 3\n"), "not a save file (not valid JSON"),
        (lambda p: p.write_bytes(b"\xff\xfe\x00garbage"), "not a save file"),
        (lambda p: p.write_text("[1, 2]"), "expected a JSON object"),
        (lambda p: p.write_text("[" * 100_000), "not a save file"),
        (lambda p: _edit(p, lambda d: d.update(format=99)), "save format 99 is newer than"),
        (lambda p: _edit(p, lambda d: d.update(format="2")), "no format version"),
        (lambda p: _edit(p, lambda d: d.update(seed="x")), "seed: Input should be a valid integer"),
        (lambda p: _edit(p, lambda d: d.update(extra=1)), "extra: unknown key"),
        (
            lambda p: _edit(p, lambda d: d["scenario"].update(id="nowhere", path=None)),
            "scenario 'nowhere' is not installed",
        ),
        (
            lambda p: _edit(p, lambda d: d["state"]["meters"].update(trust=150)),
            "state.meters.trust: 150 is outside 0-100",
        ),
        (
            lambda p: _edit(p, lambda d: d["state"]["meters"].update(morale=5)),
            "unknown meter 'morale'",
        ),
        (
            lambda p: _edit(p, lambda d: d["sides"]["tehran"].update(player="ghost")),
            "sides: unknown player 'ghost'",
        ),
        (lambda p: _edit(p, lambda d: d["sides"].pop("tehran")), "sides: no player for tehran"),
        (
            lambda p: _edit(p, lambda d: d["log"][1].update(moscow="ru_nope")),
            "log: turn 2: 'ru_nope' is not an option id",
        ),
        (
            lambda p: _edit(p, lambda d: d["log"].extend([{}] * 9)),
            "log: turn 3: no choice for moscow, tehran",
        ),
    ],
)
def test_a_bad_save_is_one_clear_error_naming_the_file(saved: Path, damage, message: str) -> None:
    damage(saved)
    before = saved.read_bytes()
    with pytest.raises(SaveError) as caught:
        saves.read(saved)
    assert str(caught.value).startswith(f"{saved}: ")
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert saved.read_bytes() == before


def test_a_missing_or_oversized_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match=r"none\.json: no such save"):
        saves.read(tmp_path / "none.json")
    big = tmp_path / "big.json"
    big.write_text(" " * (savefile.MAX_BYTES + 1))
    with pytest.raises(SaveError, match=r"big\.json: too large \(5,000,001 bytes"):
        saves.read(big)


@pytest.mark.parametrize(
    ("typed", "stem"),
    [
        ("my game", "my-game"),
        ("../../etc/passwd", "etc-passwd"),
        ("a/b\\c", "a-b-c"),
        ("   ", "save"),
        ("...", "save"),
        (".hidden", "hidden"),
        ("CON", "CON-save"),
        ("héllo wörld!", "h-llo-w-rld"),
        ("x" * 300, "x" * savefile.MAX_NAME),
    ],
)
def test_typed_save_names_stay_inside_the_saves_folder(
    tmp_path: Path, typed: str, stem: str
) -> None:
    path = savefile.slot(typed, tmp_path)
    assert path == tmp_path / f"{stem}.json" and path.parent == tmp_path


def test_a_save_is_named_by_name_or_by_path(
    tmp_path: Path, saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert savefile.path_for("game", saved.parent) == saved
    assert savefile.path_for(str(saved), tmp_path / "elsewhere") == saved
    monkeypatch.chdir(saved.parent)
    assert savefile.path_for("game.json", tmp_path / "elsewhere") == Path("game.json")


def test_the_listing_shows_saves_newest_first_and_names_unreadable_files(
    mini: Scenario, tmp_path: Path
) -> None:
    saves.write(played(mini, 1), tmp_path / "older.json")
    _edit(tmp_path / "older.json", lambda d: d.update(saved="2020-01-01T00:00:00+00:00"))
    saves.write(played(mini, 2), tmp_path / "newer.json")
    (tmp_path / "junk.json").write_text("{")
    (tmp_path / "newer.json.bak").write_text("not listed")
    found, broken = savefile.listing(tmp_path)
    assert [(s.name, s.turn, s.scenario) for s in found] == [
        ("newer", 3, "mini"),
        ("older", 2, "mini"),
    ]
    assert found[0].sides == "moscow: human, tehran: tit"
    assert len(broken) == 1 and broken[0].startswith(f"{tmp_path / 'junk.json'}: not a save file")


def test_the_listing_reads_first_format_saves_too(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "saves" / "format1.json", tmp_path)
    found, broken = savefile.listing(tmp_path)
    assert [(s.name, s.turn, s.seats) for s in found] == [
        ("format1", 3, {"moscow": "human", "tehran": "tit"})
    ]
    assert broken == []


def test_temporary_files_left_by_a_killed_game_are_swept_once_stale(
    mini: Scenario, saved: Path
) -> None:
    old, fresh = saved.parent / ".game.json.abc.tmp", saved.parent / ".game.json.def.tmp"
    old.write_text("{")
    fresh.write_text("{")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    saves.write(saves.read(saved), saved)
    assert not old.exists() and fresh.exists()


def test_a_save_in_the_second_format_still_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    old = FIXTURES / "saves" / "format2.json"
    data = json.loads(old.read_text())
    game = saves.read(old)
    assert data["format"] == 2 and game.state.turn == data["state"]["turn"] == 4
    assert game.state.meters == data["state"]["meters"]


def test_classroom_play_is_saved_and_replayed(
    mini: Scenario, mini_copy: Path, tmp_path: Path
) -> None:
    game = Game.new(mini, 3, {Side.MOSCOW: HUMAN, Side.TEHRAN: HUMAN}, mini_copy)
    game.teams = {Side.MOSCOW: Team("Red", ("Ana", "Ben")), Side.TEHRAN: Team("Blue")}
    game.choose(Side.MOSCOW, game.card(Side.MOSCOW).options[0].id, "  Keep them close.  ")
    game.choose(Side.TEHRAN, game.card(Side.TEHRAN).options[-1].id)
    game.advance()
    game.inject("sanctions_lifted", "to test the teams", at="2026-11-23T10:00:00+00:00")
    game.note("pause", "", "a question from the class")
    game.skip("out of time")
    game.inject("storm", "weather")  # in the turn now in progress
    path = tmp_path / "class.json"
    saves.write(game, path)
    data = json.loads(path.read_text())
    assert data["sides"]["moscow"] == {"player": "human", "team": "Red", "members": ["Ana", "Ben"]}
    assert data["log"][0]["rationale"] == {"moscow": "Keep them close."}
    assert data["log"][1] == {"skipped": True, "injects": ["sanctions_lifted"]}
    assert data["current"] == {"injects": ["storm"]}
    assert [a["action"] for a in data["facilitator"]] == ["inject", "pause", "skip", "inject"]
    back = saves.read(path)
    assert back.state == game.state
    assert back.teams == game.teams and back.rationales == {(1, Side.MOSCOW): "Keep them close."}
    assert back.actions == game.actions
