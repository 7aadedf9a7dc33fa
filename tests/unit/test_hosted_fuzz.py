"""Fuzzing a hosted game's file: every column of every row of every table, and every field
of every setting, set to NULLs, wrong types, huge numbers, unknown ids; rows dropped,
doubled and reordered; tables and columns dropped. Each edited file must be refused by
every command that reads it in one line with exit code 2, or read as a game that plays on
(exit 0), and must never change.

`FUZZ_HOSTED=all` runs every case (about 2,000 files, 10,000 runs: ten minutes on a
shared core); by default every 20th (`FUZZ_HOSTED=N`: every Nth), the same ones each run.
The tally is printed with `-s`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from alliance_game.classroom import Table
from alliance_game.cli import main
from alliance_game.game import HUMAN, Game, Team
from alliance_game.scenario import Side

PROMISES = Path(__file__).parents[1] / "fixtures" / "promises.yaml"
M, T = Side.MOSCOW, Side.TEHRAN
COMMANDS = (["replay"], ["report"], ["report", "--format", "csv"], ["join", "--side", "moscow"])

Edit = Callable[[sqlite3.Connection], object]

VALUES: list[object] = [
    None,
    0,
    -1,
    2**63 - 1,
    -(2**63),
    1.5,
    1e308,
    "",
    "x",
    "ru_one_coop",
    "ir_two_comp",
    "no_harm",
    "moscow",
    "tehran",
    "act",
    "seal",
    "99",
    "ab" * 32,
    "\x1b[2J" + "y" * 300,
    b"\x00\xff",
]
"""What a column is set to: NULL, numbers at SQLite's limits, texts that are ids of the
wrong kind, side names, kinds of move, a turn, a key's length, escapes, a blob."""

JSON_VALUES: list[Any] = [None, True, -1, 0, 10**30, 1.5, "x", "moscow", [], {}, [1, [2]]]
"""What a field of a setting's JSON is set to."""


def base(folder: Path, promises_game: Game) -> Path:
    """A hosted game with a move of every kind: pledges, sealed choices with a lever and
    their keys, an inject, fog, the timer paused, a skip, and a choice still sealed."""
    path = folder / "base.db"
    table = Table.create(path, promises_game, timer=300)
    table.pledge(M, "no_harm")
    game = table.game()
    table.choose(M, game.card(M).options[0].id, "why", lever="ru_veto")
    table.choose(T, game.card(T).options[1].id, "because")
    table.facilitate("inject", "sanctions_lifted", "test them")
    table.facilitate("fog", "", "hide it")
    table.start_timer()
    table.facilitate("pause", "", "a question")
    table.facilitate("skip", "", "out of time")
    table.choose(T, table.game().card(T).options[0].id, "pending")
    table.close()
    return path


def untyped(db: sqlite3.Connection, name: str) -> None:
    """Remake table `name` without column types, so that a column can hold anything."""
    columns = [row[1] for row in db.execute(f"PRAGMA table_info({name})")]
    db.execute(f"ALTER TABLE {name} RENAME TO typed")
    db.execute(f"CREATE TABLE {name} ({', '.join(columns)})")
    db.execute(f"INSERT INTO {name} SELECT * FROM typed")
    db.execute("DROP TABLE typed")


def set_cell(name: str, key: str, row: object, column: str, value: object) -> Edit:
    """Set `column` of the row whose `key` column is `row` (the table remade untyped)."""

    def edit(db: sqlite3.Connection) -> None:
        untyped(db, name)
        db.execute(f"UPDATE {name} SET {column} = ? WHERE {key} = ?", (value, row))

    return edit


def cells(db: sqlite3.Connection) -> Iterator[tuple[str, Edit]]:
    """Every column of every row of both tables, set to each of `VALUES`."""
    for seq, *_ in db.execute("SELECT * FROM moves ORDER BY seq").fetchall():
        for column in ("seq", "kind", "side", "ref", "detail", "text", "at"):
            for value in VALUES:
                yield (
                    f"moves {seq}.{column} = {value!r:.20}",
                    set_cell("moves", "seq", seq, column, value),
                )
    for (key,) in db.execute("SELECT key FROM setup").fetchall():
        for column in ("key", "value"):
            for value in VALUES:
                yield (
                    f"setup {key}.{column} = {value!r:.20}",
                    set_cell("setup", "key", key, column, value),
                )


def paths(data: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every field inside a JSON value (keys and list indexes)."""
    yield at
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, (*at, index))


def replaced(data: Any, at: tuple[Any, ...], value: Any) -> Any:
    if not at:
        return value
    copy = json.loads(json.dumps(data))
    inner = copy
    for step in at[:-1]:
        inner = inner[step]
    if value is DROP:
        del inner[at[-1]]
    else:
        inner[at[-1]] = value
    return copy


DROP = object()


def fields(db: sqlite3.Connection) -> Iterator[tuple[str, Edit]]:
    """Every field of every setting's JSON, set to each of `JSON_VALUES` or removed."""
    for key, text in db.execute("SELECT key, value FROM setup").fetchall():
        data = json.loads(text)
        for at in paths(data):
            for value in [*JSON_VALUES, DROP] if at else JSON_VALUES:
                new = json.dumps(replaced(data, at, value))

                def edit(db: sqlite3.Connection, key: str = key, new: str = new) -> None:
                    db.execute("UPDATE setup SET value = ? WHERE key = ?", (new, key))

                name = "drop" if value is DROP else f"{value!r:.12}"
                yield f"setup {key} {'.'.join(map(str, at))} = {name}", edit


def rows(db: sqlite3.Connection) -> Iterator[tuple[str, Edit]]:
    """Rows removed, doubled, moved to the end; tables and columns dropped."""
    for (seq,) in db.execute("SELECT seq FROM moves").fetchall():
        yield (
            f"moves {seq} removed",
            lambda db, s=seq: db.execute("DELETE FROM moves WHERE seq = ?", (s,)),
        )
        yield (
            f"moves {seq} doubled",
            lambda db, s=seq: db.execute(
                "INSERT INTO moves (kind, side, ref, detail, text, at) "
                "SELECT kind, side, ref, detail, text, at FROM moves WHERE seq = ?",
                (s,),
            ),
        )
        yield (
            f"moves {seq} moved last",
            lambda db, s=seq: db.execute(
                "UPDATE moves SET seq = (SELECT MAX(seq) + 1 FROM moves) WHERE seq = ?", (s,)
            ),
        )
    for (key,) in db.execute("SELECT key FROM setup").fetchall():
        yield (
            f"setup {key} removed",
            lambda db, k=key: db.execute("DELETE FROM setup WHERE key = ?", (k,)),
        )
    for name, columns in (("setup", ("key", "value")), ("moves", ("seq", "kind", "side"))):
        yield f"{name} dropped", lambda db, n=name: db.execute(f"DROP TABLE {n}")
        for column in columns:

            def drop(db: sqlite3.Connection, n: str = name, c: str = column) -> None:
                untyped(db, n)
                db.execute(f"ALTER TABLE {n} DROP COLUMN {c}")

            yield f"{name}.{column} dropped", drop
    yield "moves emptied", lambda db: db.execute("DELETE FROM moves")
    yield "setup emptied", lambda db: db.execute("DELETE FROM setup")


def cases(path: Path) -> list[tuple[str, str, Edit]]:
    """(kind of edit, what it does, the edit), for every edit of the file at `path`."""
    db = sqlite3.connect(path)
    found = [
        (kind, name, edit)
        for kind, edits in (("cells", cells(db)), ("settings", fields(db)), ("rows", rows(db)))
        for name, edit in edits
    ]
    db.close()
    return found


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def outcome(capsys: pytest.CaptureFixture[str], path: Path, argv: list[str]) -> str:
    """`refused` (one line, exit 2), `played` (exit 0, or join's one line about needing a
    terminal), or what went wrong."""
    try:
        code = main([argv[0], str(path), *argv[1:]])
    except BaseException as err:  # a traceback is what the fuzz looks for
        capsys.readouterr()
        return f"raised {type(err).__name__}: {err}"
    out, err = capsys.readouterr()
    if code == 0:
        return "played"
    if code == 2 and len(err.splitlines()) == 1 and not out:
        return "played" if "needs a terminal" in err else "refused"
    return f"exit {code}: {err!r:.200}"


TALLY: Counter[str] = Counter()


def test_every_edit_of_a_hosted_game_is_refused_cleanly_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from alliance_game import loader

    scenario = loader.load(PROMISES)
    game = Game.new(scenario, 5, {M: HUMAN, T: HUMAN}, PROMISES)
    game.teams = {M: Team("Red", ("Ana",)), T: Team("Blue")}
    original = base(tmp_path, game)
    every = cases(original)
    stride = os.environ.get("FUZZ_HOSTED", "20")
    chosen = every if stride == "all" else every[:: int(stride)]
    monkeypatch.chdir(tmp_path)
    problems = []
    for n, (kind, name, edit) in enumerate(chosen):
        folder = tmp_path / f"case{n}"
        folder.mkdir()
        path = folder / "class.db"
        shutil.copy(original, path)
        shutil.copy(original.with_name("base.db.tokens"), folder / "class.db.tokens")
        db = sqlite3.connect(path)
        try:
            edit(db)
            db.commit()
        except sqlite3.Error:  # an edit SQLite itself refuses (a NULL key, say): no case
            db.close()
            TALLY["edits SQLite refused"] += 1
            continue
        db.close()
        before = digest(folder)
        results = {outcome(capsys, path, argv) for argv in COMMANDS}
        results.add(outcome(capsys, path, ["host"]))
        TALLY["inputs"] += 1
        TALLY["runs"] += len(COMMANDS) + 1
        if digest(folder) != before:
            TALLY["files changed"] += 1
            problems.append(f"{name}: the file changed")
        verdict = "refused" if results == {"refused"} else "played" if results == {"played"} else ""
        TALLY[verdict or "mixed or failed"] += 1
        TALLY[f"{kind} {verdict or 'mixed or failed'}"] += 1
        if not verdict and results - {"refused", "played"}:
            problems.append(f"{name}: {sorted(results)}")
        elif not verdict:
            problems.append(f"{name}: refused by some commands, read by others: {results}")
        shutil.rmtree(folder)
    print(f"\nhosted-game fuzz: {dict(TALLY)}")
    assert TALLY["inputs"] > 50 and TALLY["refused"] > 0 and TALLY["played"] > 0
    assert problems == [], "\n".join(problems[:30])
