"""A hosted game's file edited by hand, or a file that is not one: every command that reads
it refuses it in one line, exit 2, and leaves it as it was (issue 12, item 2)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from alliance_game.classroom import Table
from alliance_game.cli import main
from alliance_game.scenario import Side

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
COMMANDS = (["replay"], ["report"], ["report", "--format", "csv"], ["join", "--side", "moscow"])


def host(tmp_path: Path, *extra: str) -> Path:
    """A hosted game of the mini scenario, two teams, turn 1 played (turn 2 in progress)."""
    path = tmp_path / "class.db"
    assert main(["host", str(path), "--scenario", str(MINI), "--seed", "5", *extra]) == 0
    table = Table.open(path)
    for side in (Side.MOSCOW, Side.TEHRAN):
        table.choose(side, table.game().card(side).options[0].id, "why not")
    assert table.game().state.turn == 2
    table.close()
    return path


def offered(path: Path) -> list[str]:
    """The options on Moscow's card this turn."""
    table = Table.open(path)
    game = table.game()
    table.close()
    return [o.id for o in game.card(Side.MOSCOW).options]


def unoffered(path: Path) -> str:
    """A Moscow option of the scenario that is not on Moscow's card this turn."""
    on_card = offered(path)
    return next(o for o in ("ru_one_coop", "ru_two_coop") if o not in on_card)


UNTYPED = (
    "ALTER TABLE moves RENAME TO typed",
    "CREATE TABLE moves (seq, kind, side, ref, detail, text, at)",
    "INSERT INTO moves SELECT * FROM typed",
    "DROP TABLE typed",
)
"""The moves table remade without column types, so that a column can hold anything."""


def sql(path: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement, params if "?" in statement else ())
    db.commit()
    db.close()


def forge(path: Path, side: str | None, ref: str, detail: str = "") -> None:
    """A move added behind the game's back, as a team's own script could add it."""
    sql(
        path,
        "INSERT INTO moves (kind, side, ref, detail, text, at) VALUES ('choice', ?, ?, ?, '', '')",
        params=(side, ref, detail),
    )


def set_game(path: Path, change: Callable[[dict[str, object]], object]) -> None:
    db = sqlite3.connect(path)
    setup = json.loads(db.execute("SELECT value FROM setup WHERE key = 'game'").fetchone()[0])
    change(setup)
    db.execute("UPDATE setup SET value = ? WHERE key = 'game'", (json.dumps(setup),))
    db.commit()
    db.close()


def refused_by_all(capsys: pytest.CaptureFixture[str], path: Path, why: str) -> None:
    """Every command that reads `path` gives one line matching `why`, exit 2, file as it was."""
    capsys.readouterr()  # what `host` printed
    before = path.read_bytes()
    for command in COMMANDS:
        code = main([command[0], str(path), *command[1:]])
        out, err = capsys.readouterr()
        assert code == 2 and out == "", (command, out, err)
        assert len(err.splitlines()) == 1 and why in err, (command, err)
        assert path.read_bytes() == before, command
    assert not [p for p in path.parent.iterdir() if p.name.endswith(("-wal", "-shm"))]


CHOICES = {
    "an option of another card": (lambda p: forge(p, "moscow", unoffered(p)), "not offered"),
    "an option in no scenario": (lambda p: forge(p, "moscow", "ru_nuke"), "not an option id"),
    "a second choice in a turn": (
        lambda p: [forge(p, "moscow", option) for option in offered(p)[:2]],
        "moscow has already chosen",
    ),
    "an unknown side": (lambda p: forge(p, "kremlin", "ru_one_coop"), "no side 'kremlin'"),
    "no side": (lambda p: forge(p, None, "ru_one_coop"), "a choice without a side"),
    "a lever not in the scenario": (lambda p: forge(p, "moscow", "ru_one_coop", "nuke"), "nuke"),
    "a facilitator action with a side": (
        lambda p: sql(p, "UPDATE moves SET kind = 'act' WHERE seq = 1"),
        "a facilitator's action with a side",
    ),
    "an unknown action": (
        lambda p: sql(p, "INSERT INTO moves (kind, ref, at) VALUES ('act', 'explode', '')"),
        "no facilitator action 'explode'",
    ),
    "a number as an option": (
        lambda p: sql(p, *UNTYPED, "UPDATE moves SET ref = 9223372036854775807 WHERE seq = 1"),
        "ref is not text but int",
    ),
    "a fraction as a move number": (
        lambda p: sql(p, *UNTYPED, "UPDATE moves SET seq = 1.5 WHERE seq = 1"),
        "whole number",
    ),
    "a huge real as a move number": (
        lambda p: sql(p, *UNTYPED, "UPDATE moves SET seq = 1e308 WHERE seq = 1"),
        "whole number",
    ),
    "no time": (
        lambda p: sql(p, *UNTYPED, "UPDATE moves SET at = NULL WHERE seq = 1"),
        "at is not text but empty (NULL)",
    ),
    "a blob as a rationale": (
        lambda p: sql(p, "UPDATE moves SET text = x'1b5b324a' WHERE seq = 1"),
        "text is not text but bytes",
    ),
    "no moves table": (lambda p: sql(p, "DROP TABLE moves"), "no moves table"),
    "no setup table": (lambda p: sql(p, "DROP TABLE setup"), "no setup table"),
    "a moves table without sides": (
        lambda p: sql(p, "ALTER TABLE moves DROP COLUMN side"),
        "moves has no side",
    ),
}


@pytest.mark.parametrize("case", CHOICES, ids=list(CHOICES))
def test_an_edited_move_is_refused_in_one_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper, why = CHOICES[case]
    path = host(tmp_path)
    tamper(path)
    refused_by_all(capsys, path, why)


SETUPS: dict[str, tuple[Callable[[dict[str, object]], object], str]] = {
    "a seed that is text": (lambda s: s.update(seed="5"), "seed: not a whole number"),
    "a seed that is a fraction": (lambda s: s.update(seed=1.5), "seed: not a whole number"),
    "a negative seed": (lambda s: s.update(seed=-1), "seed: not a whole number"),
    "a seed that is true": (lambda s: s.update(seed=True), "seed: not a whole number"),
    "no seed": (lambda s: s.pop("seed"), "seed: not a whole number"),
    "one seat": (lambda s: s.update(seats={"moscow": "human"}), "seats: not one player"),
    "a seat that is a number": (
        lambda s: s.update(seats={"moscow": "human", "tehran": 10**30}),
        "seats: a player that is not a name",
    ),
    "an unknown player": (
        lambda s: s.update(seats={"moscow": "human", "tehran": "ghost"}),
        "unknown player 'ghost'",
    ),
    "teams as a list": (lambda s: s.update(teams=["Red"]), "teams: not teams"),
    "a team of an unknown side": (
        lambda s: s.update(teams={"kremlin": ["Red", []]}),
        "teams: not teams of moscow and tehran",
    ),
    "a team that is a number": (lambda s: s.update(teams={"moscow": 7}), "teams: not a name"),
    "members that are numbers": (
        lambda s: s.update(teams={"moscow": ["Red", [1, 2]]}),
        "teams: not a name and its members",
    ),
    "a scenario that is a number": (lambda s: s.update(scenario=5), "scenario: not a scenario"),
    "a scenario name too long": (lambda s: s.update(scenario="x" * 300), "File name too long"),
    "a scenario not installed": (lambda s: s.update(scenario="atlantis"), "no such scenario"),
}


@pytest.mark.parametrize("case", SETUPS, ids=list(SETUPS))
def test_an_edited_setup_is_refused_in_one_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change, why = SETUPS[case]
    path = host(tmp_path)
    set_game(path, change)
    refused_by_all(capsys, path, why)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("[[[[", "setup 'game': not JSON"),
        ("[" * 100_000, "setup 'game': not JSON"),
        ('{"seed": ' + "9" * 5000 + "}", "setup 'game': not JSON"),
        ("null", "no game set up"),
    ],
)
def test_a_setup_that_is_not_json_is_refused(
    value: str, why: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = host(tmp_path)
    sql(path, "UPDATE setup SET value = ? WHERE key = 'game'", params=(value,))
    refused_by_all(capsys, path, why)


@pytest.mark.parametrize(
    ("key", "value", "why"),
    [
        ("timer", '{"limit": 1e999}', "setup 'timer': not a timer"),
        ("timer", "7", "setup 'timer': not a timer"),
        ("fog", '"yes"', "setup 'fog': not true or false"),
    ],
)
def test_bad_room_settings_are_refused(
    key: str, value: str, why: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = host(tmp_path, "--timer", "4")
    sql(path, f"UPDATE setup SET value = ? WHERE key = '{key}'", params=(value,))
    refused_by_all(capsys, path, why)


def test_host_refuses_a_file_that_is_not_a_hosted_game(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "notes.db"
    sqlite3.connect(foreign).execute("CREATE TABLE notes (text)").connection.close()
    (tmp_path / "junk.db").write_bytes(b"junk")
    (tmp_path / "empty.db").write_bytes(b"")
    for name, why in (
        ("junk.db", "not an SQLite database"),
        ("empty.db", "not an SQLite database"),
        ("notes.db", "no setup table"),
    ):
        path = tmp_path / name
        before = path.read_bytes()
        code = main(["host", str(path), "--scenario", str(MINI)])
        out, err = capsys.readouterr()
        assert code == 2 and out == "" and len(err.splitlines()) == 1 and why in err, err
        assert path.read_bytes() == before


def test_a_hosted_game_as_it_should_be_is_read_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = host(tmp_path)
    assert main(["replay", str(path)]) == 0 and "Turn 1" in capsys.readouterr().out
    assert main(["report", str(path)]) == 0 and "Their reasoning" in capsys.readouterr().out
