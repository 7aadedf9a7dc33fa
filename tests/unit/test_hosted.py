"""A hosted game's file edited by hand, or a file that is not one: every command that reads
it refuses it in one line, exit 2, and leaves it as it was (issue 12, item 2)."""

from __future__ import annotations

import json
import re
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from alliance_game import cli, seal
from alliance_game.classroom import SEALED, Table, TableError
from alliance_game.cli import main
from alliance_game.scenario import Side

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
COMMANDS = (["replay"], ["report"], ["report", "--format", "csv"], ["join", "--side", "moscow"])


def host(tmp_path: Path, *extra: str) -> Path:
    """A hosted game of the mini scenario, two teams, turn 1 played (turn 2 in progress)."""
    path = tmp_path / "class.db"
    assert main(["host", str(path), "--scenario", str(MINI), "--seed", "5", *extra]) == 0
    table = seat(path, Side.MOSCOW, Side.TEHRAN)
    for side in (Side.MOSCOW, Side.TEHRAN):
        table.choose(side, table.game().card(side).options[0].id, "why not")
    assert table.game().state.turn == 2
    table.close()
    return path


def seat(path: Path, *sides: Side) -> Table:
    """The hosted game as the screen of the teams of `sides` opens it."""
    table, tokens = Table.open(path), Table.tokens_of(path)
    for side in sides:
        table.admit(side, tokens[side])
    return table


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


def forge(path: Path, side: str | None, option: str, lever: str = "", turn: int = 2) -> None:
    """A choice added behind the game's back, sealed and revealed with the team's own token,
    as a team's own script could add it."""
    db = sqlite3.connect(path)
    locks = json.loads(db.execute("SELECT value FROM setup WHERE key = 'locks'").fetchone()[0])
    sealed, key = "00" * 64, "00" * 32
    if side in locks:
        token = Table.tokens_of(path)[Side(side)]
        opens = seal.Lock.from_json(locks[side]).key(token, turn)
        sealed, key = seal.seal(opens, json.dumps([option, lever, ""]).encode()).hex(), opens.hex()
    move = "INSERT INTO moves (kind, side, ref, detail, text, at) VALUES (?, ?, ?, ?, ?, '')"
    db.execute(move, ("seal", side, str(turn), "", sealed))
    db.execute(move, ("reveal", side, str(turn), key, ""))
    db.commit()
    db.close()


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
    "no side": (lambda p: forge(p, None, "ru_one_coop"), "a seal without a side"),
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
    "a scenario name too long": (lambda s: s.update(scenario="x" * 300), "no such scenario"),
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


def test_a_name_the_system_refuses_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = str(tmp_path / ("a" * 300 + ".db"))
    for argv in (["host", long, "--scenario", str(MINI)], ["join", long, "--side", "moscow"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and "File name too long" in err, err
    almost = tmp_path / ("b" * 250 + ".db")  # the game fits, its tokens file would not
    assert main(["host", str(almost), "--scenario", str(MINI)]) == 2
    assert "cannot write: File name too long" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing half made


def test_a_hosted_game_as_it_should_be_is_read_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = host(tmp_path)
    assert main(["replay", str(path)]) == 0 and "Turn 1" in capsys.readouterr().out
    assert main(["report", str(path)]) == 0 and "Their reasoning" in capsys.readouterr().out


# --- item 10: a team cannot read or make the other side's choice ----------------------------


def test_the_file_and_its_tokens_are_for_the_facilitator_only(tmp_path: Path) -> None:
    path = host(tmp_path)
    tokens = path.with_name("class.db.tokens")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(tokens.stat().st_mode) == 0o600
    table = seat(path, Side.MOSCOW)
    table.choose(Side.MOSCOW, offered(path)[0])  # the WAL and its index exist while in use
    for extra in ("class.db-wal", "class.db-shm"):
        assert stat.S_IMODE((tmp_path / extra).stat().st_mode) == 0o600, extra
    table.close()


def test_a_pending_choice_is_sealed_in_the_file_and_hidden_from_the_other_team(
    tmp_path: Path,
) -> None:
    path = host(tmp_path)
    red, blue = seat(path, Side.MOSCOW), seat(path, Side.TEHRAN)
    option = offered(path)[1]
    red.choose(Side.MOSCOW, option, "a secret reason")
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("class.db*") if "tokens" not in p.name)
    assert option.encode() not in stored and b"a secret reason" not in stored
    assert blue.game().chosen == {Side.MOSCOW: SEALED} and blue.view(Side.TEHRAN).mine is None
    assert blue.view(Side.TEHRAN).waiting_for_other is False  # Moscow has chosen: that it may know
    assert Table.open(path).game().rationales.get((2, Side.MOSCOW)) is None
    with pytest.raises(TableError, match="moscow: this screen has not the team's token"):
        blue.choose(Side.MOSCOW, option)
    with pytest.raises(TableError, match="that is not moscow's token"):
        blue.admit(Side.MOSCOW, Table.tokens_of(path)[Side.TEHRAN])
    assert red.view(Side.MOSCOW).mine == option  # its own team sees it
    blue.choose(Side.TEHRAN, blue.game().card(Side.TEHRAN).options[0].id)
    for table in (red, blue, Table.open(path)):  # revealed to all once both are in
        game = table.game()
        assert game.state.turn == 3 and game.state.history[1].choice(Side.MOSCOW) == option
        assert game.rationales[(2, Side.MOSCOW)] == "a secret reason"


def test_a_team_whose_screen_was_closed_reveals_its_choice_when_it_comes_back(
    tmp_path: Path,
) -> None:
    path = host(tmp_path)
    seat(path, Side.MOSCOW).choose(Side.MOSCOW, offered(path)[0])
    blue = seat(path, Side.TEHRAN)
    blue.choose(Side.TEHRAN, blue.game().card(Side.TEHRAN).options[0].id)
    facilitator = Table.open(path)
    assert facilitator.game().state.turn == 2  # Moscow's key is still with Moscow
    assert facilitator.game().chosen[Side.MOSCOW] == SEALED  # both sealed: none waits to choose
    assert facilitator.game().waiting_on() == []
    assert seat(path, Side.MOSCOW).game().state.turn == 3  # Moscow's screen opens: revealed
    assert facilitator.game().state.turn == 3 and blue.game().state.turn == 3


def test_a_skipped_turn_voids_a_sealed_choice(tmp_path: Path) -> None:
    path = host(tmp_path)
    red = seat(path, Side.MOSCOW)
    red.choose(Side.MOSCOW, offered(path)[0])
    Table.open(path).facilitate("skip", "", "out of time")
    assert red.game().state.turn == 3 and red.game().chosen == {}
    red.choose(Side.MOSCOW, offered(path)[0])  # a new turn, a new choice
    assert red.view(Side.MOSCOW).mine == offered(path)[0]


def sealed_row(path: Path) -> int:
    """The number of Moscow's sealed choice in turn 2 (after one forged by `forge`)."""
    db = sqlite3.connect(path)
    seq = db.execute("SELECT MAX(seq) FROM moves WHERE kind = 'seal'").fetchone()[0]
    db.close()
    return int(seq)


def flip(path: Path) -> None:
    forge(path, "moscow", offered(path)[0])
    seq = sealed_row(path)
    db = sqlite3.connect(path)
    text = db.execute("SELECT text FROM moves WHERE seq = ?", (seq,)).fetchone()[0]
    flipped = text[:40] + ("0" if text[40] != "0" else "1") + text[41:]
    db.execute("UPDATE moves SET text = ? WHERE seq = ?", (flipped, seq))
    db.commit()
    db.close()


SEALS = {
    "a sealed choice changed": (flip, "does not open with its key"),
    "a key of another turn": (
        lambda p: (
            forge(p, "moscow", offered(p)[0]),
            sql(p, "UPDATE moves SET ref = '3' WHERE kind = 'reveal' AND ref = '2'"),
        ),
        "a key that is not moscow's for turn 3",
    ),
    "a key made up": (
        lambda p: (
            forge(p, "moscow", offered(p)[0]),
            sql(p, f"UPDATE moves SET detail = '{'ab' * 32}' WHERE kind = 'reveal' AND ref = '2'"),
        ),
        "a key that is not moscow's for turn 2",
    ),
    "a key for nothing sealed": (
        lambda p: (
            forge(p, "moscow", offered(p)[0]),
            sql(p, "DELETE FROM moves WHERE kind = 'seal' AND ref = '2'"),
        ),
        "a key for a choice moscow did not seal in turn 2",
    ),
    "a choice sealed for another turn": (
        lambda p: forge(p, "moscow", offered(p)[0], turn=3),
        "moscow's choice sealed for turn 3 in turn 2",
    ),
    "a choice in the clear": (
        lambda p: sql(
            p,
            "INSERT INTO moves (kind, side, ref, at) VALUES ('choice', 'moscow', ?, '')",
            params=(offered(p)[0],),
        ),
        "moscow's choice in the clear",
    ),
    "the locks removed": (
        lambda p: sql(p, "DELETE FROM setup WHERE key = 'locks'"),
        "'s for turn 1",  # no lock for either team's key
    ),
    "a lock that is not one": (
        lambda p: sql(p, """UPDATE setup SET value = '{"moscow": 5}' WHERE key = 'locks'"""),
        "setup 'locks': not a team's lock",
    ),
    "a turn that is not a number": (
        lambda p: sql(p, "UPDATE moves SET ref = '1e9' WHERE seq = 1"),
        "not a turn: '1e9'",
    ),
}


@pytest.mark.parametrize("case", SEALS, ids=list(SEALS))
def test_an_edited_seal_is_refused_in_one_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper, why = SEALS[case]
    path = host(tmp_path)
    tamper(path)
    refused_by_all(capsys, path, why)


def test_join_asks_for_the_team_token_and_refuses_another(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = host(tmp_path)
    capsys.readouterr()
    opened: list[object] = []
    monkeypatch.setattr(cli, "_screen", lambda: True)
    monkeypatch.setattr("alliance_game.tui.app.AllianceApp.run", lambda app: opened.append(app))
    monkeypatch.delenv(cli.TOKEN_ENV, raising=False)
    tokens = Table.tokens_of(path)
    join = ["join", str(path), "--side", "moscow"]
    for argv, why in (
        (join, "needs moscow's token (--token, or $ALLIANCE_GAME_TOKEN)"),
        ([*join, "--token", tokens[Side.TEHRAN]], "that is not moscow's token"),
        ([*join, "--token", "AAAA-AAAA-AAAA-AAAA"], "that is not moscow's token"),
    ):
        assert main(argv) == 2 and not opened
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and why in err, err
    assert main([*join, "--token", tokens[Side.MOSCOW].lower().replace("-", " ")]) == 0
    monkeypatch.setenv(cli.TOKEN_ENV, tokens[Side.MOSCOW])
    assert main(join) == 0 and len(opened) == 2


def test_host_shows_the_tokens_again_to_the_facilitator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = host(tmp_path)
    first = capsys.readouterr().out
    tokens = Table.tokens_of(path)
    assert all(f"--side {s.value}   token {t}" in first for s, t in tokens.items())
    assert main(["host", str(path)]) == 0 and capsys.readouterr().out == first
    path.with_name("class.db.tokens").unlink()  # another account, or the file lost
    assert main(["host", str(path)]) == 0
    assert "token (given when the game was hosted)" in capsys.readouterr().out


def test_a_token_opens_its_own_turns_only() -> None:
    token = seal.new_token()
    lock = seal.Lock.make(token, 7)
    assert re.fullmatch(r"([A-HJ-NP-Z2-9]{4}-){3}[A-HJ-NP-Z2-9]{4}", token)
    assert lock.admits(token) and not lock.admits(seal.new_token())
    assert all(lock.fits(lock.key(token, n), n) for n in range(1, 8))
    assert not lock.fits(lock.key(token, 3), 4) and not lock.fits(lock.key(token, 4), 3)
    sealed = seal.seal(lock.key(token, 2), b"ru_one_coop")
    assert seal.unseal(lock.key(token, 2), sealed) == b"ru_one_coop"
    with pytest.raises(seal.SealError):
        seal.unseal(lock.key(token, 1), sealed)  # turn 2's key cannot be got from turn 1's
