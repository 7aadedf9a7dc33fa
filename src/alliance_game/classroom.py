"""Classroom play: a game hosted in an SQLite file that teams in other processes
(terminals, browser tabs) join, and the facilitator's actions. The setup, the decision
timer and the room are in `room`, and can be imported from here too.

A hosted game stores no state, only its setup and the moves made (choices with their
rationales, injects, skips, facilitator notes) in the order they were made. Every process
rebuilds the game by replaying the moves through `Game`, the same path every front end
drives, so no process can disagree with another about where the game stands. Writes
take SQLite's write lock first (`BEGIN IMMEDIATE`), check the move against the game as it
stands, then append it: two teams pressing a key at the same moment cannot both be first,
and a side cannot choose twice.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from . import loader, seal
from .game import HUMAN, Game, Team
from .room import EXTRA, Room, Timer, now_text
from .room import ClassSetup as ClassSetup  # the classroom's names, from one place
from .room import clock_text as clock_text
from .scenario import SIDES, Scenario, Side

# --- the facilitator's actions ------------------------------------------------------------


def facilitate(game: Game, room: Room, action: str, detail: str, reason: str, at: str) -> None:
    """Carry out a facilitator's action on the game (`inject` the event `detail`, `skip`
    the turn) or on the room (`pause` or resume the timer, `extend` it, toggle `fog`), or
    record that the turn's time ran out (`time_up`). The game keeps each with its reason;
    timer actions without a timer are refused."""
    timer = room.timer
    if action in ("pause", "extend", "time_up") and timer is None:
        raise ValueError("this game has no timer")
    if action == "inject":
        game.inject(detail, reason, at)
    elif action == "skip":
        game.skip(reason, at)
        if timer:
            timer.stop()
    elif action == "pause" and timer:
        resuming = timer.paused
        timer.resume() if resuming else timer.pause()
        game.note("resume" if resuming else "pause", "", reason, at)
    elif action == "extend" and timer:
        timer.extend(EXTRA)
        game.note("extend", f"{EXTRA} s", reason, at)
    elif action == "fog":
        room.fog = not room.fog
        game.note("fog", "on" if room.fog else "off", reason, at)
    elif action == "time_up" and timer:
        game.note("time_up", "", reason, at)
    else:
        raise ValueError(f"no facilitator action {action!r}")


# --- a game hosted in SQLite ----------------------------------------------------------------

SCHEMA = """
CREATE TABLE IF NOT EXISTS setup (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS moves (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('choice', 'act', 'seal', 'reveal')),
    side TEXT,
    ref TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
"""


COLUMNS = {
    "setup": ("key", "value"),
    "moves": ("seq", "kind", "side", "ref", "detail", "text", "at"),
}


class TableError(ValueError):
    """A hosted game that cannot be opened, or a move it refuses: one line saying why."""


@dataclass(frozen=True)
class View:
    """What one side may see of the turn in progress: never the other side's choice."""

    turn: int
    over: bool
    mine: str | None
    """The option this side chose this turn, if it has."""
    waiting_for_other: bool
    """Whether the other side (if a team) has still to choose."""
    fog: bool
    paused: bool
    remaining: float | None


class Table:
    """A game hosted in an SQLite file: one facilitator, a team per human side."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path, self.db = path, connection
        self.tokens: dict[Side, str] = {}
        """The tokens of the teams this process plays for (`admit`)."""
        self._cache: tuple[int, Replayed] | None = None
        self._scenario: tuple[Path, Scenario] | None = None
        self.clock: Callable[[], float] = time.time

    # opening

    @classmethod
    def create(
        cls, path: Path, game: Game, *, timer: float | None = None, fog: bool = False
    ) -> Table:
        """Host `game` (not yet begun) in a new file at `path`, readable by its owner only,
        with a new token for each team: the table that creates the game holds them all
        (`tokens`), and they are kept beside the file, for its owner only (`tokens_of`)."""
        if game.state.history:
            raise TableError(f"{path}: a hosted game must start from its first turn")
        tokens = {s: seal.new_token() for s in SIDES if game.seats[s] == HUMAN}
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise TableError(f"{path}: already exists (join it, or choose another file)") from None
        except OSError as err:
            raise TableError(f"{path}: cannot create: {err.strerror or err}") from None
        _keep_tokens(path, tokens)
        table = cls(path, _connect(path, create=True))
        table.tokens = tokens
        turns = game.scenario.calendar.turns
        locks = {s.value: seal.Lock.make(t, turns).to_json() for s, t in tokens.items()}
        setup = {
            "scenario": str(game.source or game.scenario.id),
            "seed": game.state.seed,
            "seats": {s.value: game.seats[s] for s in SIDES},
            "teams": {s.value: [t.name, list(t.members)] for s, t in game.teams.items()},
        }
        with table._locked():
            table.db.executemany(
                "INSERT INTO setup VALUES (?, ?)",
                [
                    ("game", json.dumps(setup)),
                    ("fog", json.dumps(fog)),
                    ("timer", json.dumps(Timer(timer).to_json() if timer else None)),
                    ("locks", json.dumps(locks)),
                ],
            )
        return table

    @classmethod
    def open(cls, path: Path) -> Table:
        """Open a hosted game, refusing (`TableError`, one line) any file that is not one
        or that was edited into a game the rules do not allow; never writes to it."""
        try:
            if not path.is_file():
                raise TableError(
                    f"{path}: no hosted game here (the facilitator creates it with host)"
                )
            with path.open("rb") as file:
                header = file.read(16)
        except OSError as err:
            raise TableError(f"{path}: cannot read: {err.strerror or err}") from None
        if header != b"SQLite format 3\x00":
            # SQLite would take a short file for an empty database and write over it.
            raise TableError(f"{path}: not a hosted game (not an SQLite database)")
        table = cls(path, _connect(path, create=False))
        try:
            table._check_tables()
            table._setup()
            table.room()
            table.game()
        except TableError:
            table.close()
            raise
        return table

    @staticmethod
    def tokens_of(path: Path) -> dict[Side, str]:
        """The teams' tokens kept beside the hosted game at `path`, if this process may read
        them (the facilitator's); none otherwise."""
        try:
            with _tokens_file(path).open("rb") as file:
                data = json.loads(file.read(1000))
            return {Side(s): t for s, t in data.items() if isinstance(t, str)}
        except (OSError, ValueError, AttributeError):
            return {}

    def admit(self, side: Side, token: str) -> None:
        """This process plays for `side` from now on, if `token` is that team's."""
        lock = self._locks().get(side)
        if lock is None:
            raise TableError(f"{self.path}: hosted without team tokens (host the game again)")
        if not lock.admits(token):
            raise TableError(f"{self.path}: that is not {side.value}'s token")
        self.tokens[side] = token
        self._cache = None

    def close(self) -> None:
        self.db.close()

    # reading

    def _rows(self, sql: str, *params: object) -> list[sqlite3.Row]:
        """The rows of a query; a file SQLite cannot read, or one whose tables were
        changed, refused in one line."""
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.Error as err:
            raise TableError(f"{self.path}: not a hosted game ({err})") from None

    def _check_tables(self) -> None:
        for name, columns in COLUMNS.items():
            found = {row["name"] for row in self._rows(f"PRAGMA table_info({name})")}
            if not found:
                raise TableError(f"{self.path}: not a hosted game (no {name} table)")
            if missing := [c for c in columns if c not in found]:
                raise TableError(f"{self.path}: not a hosted game ({name} has no {missing[0]})")

    def _setup(self) -> Setup:
        return Setup.read(self._setting("game"), self.path)

    def _locks(self) -> dict[Side, seal.Lock]:
        """Each team's lock; none in a game hosted before there were tokens."""
        data = self._setting("locks")
        if data is None:
            return {}
        if not isinstance(data, dict) or not set(data) <= set(SIDE_NAMES):
            raise TableError(f"{self.path}: setup 'locks': not a lock for each team")
        try:
            return {Side(s): seal.Lock.from_json(lock) for s, lock in data.items()}
        except seal.SealError as err:
            raise TableError(f"{self.path}: setup 'locks': {err}") from None

    def _setting(self, key: str) -> Any:
        rows = self._rows("SELECT value FROM setup WHERE key = ?", key)
        if not rows:
            return None
        value = rows[0][0]
        try:
            if not isinstance(value, str):
                raise ValueError(f"not text but {type(value).__name__}")
            return json.loads(value)
        except (ValueError, RecursionError) as err:
            raise TableError(f"{self.path}: setup {key!r}: not JSON ({err})") from None

    def _moves(self) -> list[sqlite3.Row]:
        return self._rows("SELECT * FROM moves ORDER BY seq")

    def _last(self) -> int:
        last = self._rows("SELECT COALESCE(MAX(seq), 0) FROM moves")[0][0]
        if type(last) is not int:
            raise TableError(f"{self.path}: move numbers are not whole numbers")
        return last

    def version(self) -> int:
        """Grows with every move and setting, so a process knows when to look again."""
        return self._last() * 1000 + int(self._rows("PRAGMA data_version")[0][0])

    def game(self) -> Game:
        """The game as it stands: set up afresh and every move replayed (cached per move).
        Once every team has sealed its choice, this process reveals its own team's."""
        return self._replayed().game

    def _replayed(self) -> Replayed:
        last = self._last()
        if self._cache and self._cache[0] == last:
            return self._cache[1]
        replayed = self._replay(self._moves())
        if self._owed(replayed):
            with self._locked():
                self._reveal(self._replay(self._moves()))
            return self._replayed()
        self._cache = (last, replayed)
        return replayed

    def _owed(self, replayed: Replayed) -> list[Side]:
        """This process's teams whose sealed choice is due to be revealed: every team has
        sealed its choice this turn."""
        if replayed.game.waiting_on():
            return []
        return [s for s in replayed.unrevealed if s in self.tokens]

    def _reveal(self, replayed: Replayed) -> None:
        """Write the key of this turn for each of this process's teams that owes it."""
        turn, locks = replayed.game.state.turn, self._locks()
        for side in self._owed(replayed):
            key = locks[side].key(self.tokens[side], turn)
            self._append("reveal", side.value, str(turn), key.hex(), "", now_text())

    def _replay(self, moves: list[sqlite3.Row]) -> Replayed:
        setup = self._setup()
        if self._scenario is None:  # loaded once: a game's scenario does not change under it
            self._scenario = _scenario_of(setup.scenario, self.path)
        source, scenario = self._scenario
        try:
            game = Game.new(scenario, setup.seed, setup.seats, source)
        except ValueError as err:
            raise TableError(f"{self.path}: setup: {err}") from None
        game.teams = dict(setup.teams)
        seals = _Seals(self._locks(), self.tokens)
        read = []
        for move in moves:
            try:
                read.append((move["seq"], _Move.read(move)))
            except ValueError as err:  # a malformed move
                raise TableError(f"{self.path}: move {move['seq']!r}: {err}") from None
        try:
            seals.keys = _keys(seals.locks, read)
        except ValueError as err:
            raise TableError(f"{self.path}: {err}") from None
        for seq, one in read:
            try:
                _apply(game, one, seals)
            except ValueError as err:  # the rules' refusals
                raise TableError(f"{self.path}: move {seq!r}: {err}") from None
        return Replayed(game, frozenset(seals.unrevealed))

    @property
    def fog(self) -> bool:
        fog = self._setting("fog")
        if fog is not None and not isinstance(fog, bool):
            raise TableError(f"{self.path}: setup 'fog': not true or false but {fog!r}")
        return bool(fog)

    def timer(self) -> Timer | None:
        data = self._setting("timer")
        try:
            return Timer.from_json(data, self.clock) if data is not None else None
        except ValueError as err:
            raise TableError(f"{self.path}: setup 'timer': {err}") from None

    def room(self) -> Room:
        return Room(self.timer(), self.fog)

    def view(self, side: Side) -> View:
        game, timer = self.game(), self.timer()
        other = next(s for s in SIDES if s is not side)
        return View(
            turn=game.state.turn,
            over=game.over,
            mine=None if game.chosen.get(side) == SEALED else game.chosen.get(side),
            waiting_for_other=other in game.waiting_on(),
            fog=self.fog,
            paused=bool(timer and timer.paused),
            remaining=timer.remaining if timer else None,
        )

    # moves

    def choose(self, side: Side, option_id: str, rationale: str = "", lever: str = "") -> None:
        """A team's choice (and the lever it uses with it, if any), checked against the game
        as it stands at the moment of writing, and sealed under the team's key for the turn
        until every team has chosen. Only a process admitted for the side can choose."""
        with self._locked():
            replayed = self._replay(self._moves())
            game = replayed.game
            if game.seats[side] != HUMAN:
                raise TableError(f"{side.value} is played by the computer in this game")
            if side not in self.tokens:
                raise TableError(f"{side.value}: this screen has not the team's token")
            try:
                if lever:
                    game.pull(side, lever)
                game.choose(side, option_id, rationale)
                key = self._locks()[side].key(self.tokens[side], game.state.turn)
            except ValueError as err:
                raise TableError(str(err)) from None
            payload = json.dumps([option_id, lever, rationale]).encode()
            turn = str(game.state.turn)
            self._append("seal", side.value, turn, "", seal.seal(key, payload).hex(), now_text())
            self._reveal(Replayed(game, replayed.unrevealed | {side}))
            if not game.waiting_on():
                self._timer_update(lambda t: t.stop())

    def pledge(self, side: Side, pledge_id: str) -> None:
        """A team's pledge for the turn, made in the open before the choices."""
        with self._write() as game:
            try:
                game.pledge(side, pledge_id)
            except ValueError as err:
                raise TableError(str(err)) from None
            self._append("choice", side.value, pledge_id, PLEDGE, "", now_text())

    def facilitate(self, action: str, detail: str, reason: str) -> None:
        """A facilitator's action (see `facilitate`), kept as a move with its reason."""
        with self._write() as game:
            room = self.room()
            try:
                facilitate(game, room, action, detail, reason, now_text())
            except ValueError as err:
                raise TableError(str(err)) from None
            done = game.actions[-1]
            self._append("act", None, done.action, done.detail, reason, done.at)
            self._set("fog", room.fog)
            self._set("timer", room.timer.to_json() if room.timer else None)

    def start_timer(self) -> None:
        """The teams see this turn's decisions: its timer starts (once per turn)."""
        with self._write():
            self._timer_update(lambda t: t.start() if t.started is None else None)

    def hold_timer(self, held: bool) -> None:
        """Stop the clock while the facilitator types a reason (`held`), and start it again
        after; unlike the pause action, this is not logged."""
        with self._write():
            self._timer_update(lambda t: t.pause() if held else t.resume())

    # writing

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """A transaction holding the write lock from its start."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self._cache = None
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def _write(self) -> Iterator[Game]:
        """A locked transaction, with the game as it stands inside it."""
        with self._locked():
            yield self._replay(self._moves()).game

    def _append(
        self, kind: str, side: str | None, ref: str, detail: str, text: str, at: str
    ) -> None:
        self.db.execute(
            "INSERT INTO moves (kind, side, ref, detail, text, at) VALUES (?, ?, ?, ?, ?, ?)",
            (kind, side, ref, detail, text, at),
        )

    def _set(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO setup VALUES (?, ?)", (key, json.dumps(value)))

    def _timer_update(self, change: Callable[[Timer], object]) -> None:
        timer = self.timer()
        if timer:
            change(timer)
            self._set("timer", timer.to_json())


def _tokens_file(path: Path) -> Path:
    return path.with_name(path.name + ".tokens")


def _keep_tokens(path: Path, tokens: dict[Side, str]) -> None:
    """Keep the teams' tokens beside the new game, readable by the facilitator only (a file
    left by an earlier game of that name is replaced, never written through)."""
    try:
        _tokens_file(path).unlink(missing_ok=True)
        fd = os.open(_tokens_file(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            json.dump({s.value: t for s, t in tokens.items()}, file)
    except OSError as err:
        path.unlink(missing_ok=True)
        raise TableError(f"{_tokens_file(path)}: cannot write: {err.strerror or err}") from None


def _connect(path: Path, create: bool) -> sqlite3.Connection:
    # Autocommit mode: transactions are opened explicitly by `_locked`. WAL (set once, when
    # the file is made; it stays with the file) lets readers, every team polling, carry on
    # while a writer holds the lock.
    db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    try:
        if create:
            db.execute("PRAGMA journal_mode = WAL")
            db.executescript(SCHEMA)
    except sqlite3.DatabaseError as err:
        db.close()
        raise TableError(f"{path}: not a hosted game ({err})") from None
    return db


PLEDGE = "pledge"
"""The `detail` of a team's move that is a pledge rather than a choice."""


NOTES = ("pause", "resume", "extend", "fog", "time_up")
"""Facilitator actions kept as notes: they change the room, not the game."""


@dataclass(frozen=True)
class _Move:
    """A stored move, its columns checked for type (a move edited by hand may hold anything)."""

    kind: str
    side: Side | None
    ref: str
    detail: str
    text: str
    at: str

    @classmethod
    def read(cls, row: sqlite3.Row) -> _Move:
        if type(row["seq"]) is not int:
            raise ValueError("its number is not a whole number")
        texts = {k: row[k] for k in ("kind", "ref", "detail", "text", "at")}
        for key, value in texts.items():
            if not isinstance(value, str):
                raise ValueError(f"{key} is not text but {_kind_of(value)}")
        side = row["side"]
        if side is not None and side not in SIDE_NAMES:
            raise ValueError(f"no side {side!r} (moscow or tehran)")
        if texts["kind"] not in ("choice", "act", "seal", "reveal"):
            raise ValueError(f"no kind of move {texts['kind']!r}")
        if texts["kind"] != "act" and side is None:
            raise ValueError(f"a {texts['kind']} without a side")
        return cls(side=Side(side) if side else None, **texts)


def _kind_of(value: object) -> str:
    return "empty (NULL)" if value is None else type(value).__name__


SIDE_NAMES = tuple(s.value for s in SIDES)


def _apply(game: Game, move: _Move, seals: _Seals) -> None:
    """Replay one stored move through the game's own path: a team's pledge (`ref` the
    pledge, `detail` "pledge") or choice (`ref` the option, `detail` the lever used with it
    or "", `text` the rationale), or a facilitator's action (`ref` the action, `detail`
    what it acted on, `text` the reason)."""
    action, detail, text, at = move.ref, move.detail, move.text, move.at
    if move.side is not None and game.seats[move.side] != HUMAN:
        raise ValueError(f"{move.side.value} is played by the computer in this game")
    if move.kind in ("seal", "reveal") and move.side:
        seals.apply(game, move.side, move)
    elif move.kind == "choice" and move.side and detail == PLEDGE:
        game.pledge(move.side, action)
    elif move.kind == "choice" and move.side and seals.locks:
        raise ValueError(f"{move.side.value}'s choice in the clear, in a game of sealed choices")
    elif move.kind == "choice" and move.side:
        if detail:
            game.pull(move.side, detail)
        game.choose(move.side, action, text)
        if not game.waiting_on():
            game.advance()
    elif move.side is not None:
        raise ValueError("a facilitator's action with a side")
    elif action == "inject":
        game.inject(detail, text, at)
    elif action == "skip":
        game.skip(text, at)
        seals.turn_passed()
    elif action in NOTES:
        game.note(action, detail, text, at)
    else:
        raise ValueError(f"no facilitator action {action!r}")


SEALED = "(sealed)"
"""What stands for a team's choice, in `Game.chosen`, while it is sealed: the team has
chosen, and no one else can know what."""


class Replayed(NamedTuple):
    game: Game
    unrevealed: frozenset[Side]
    """The teams whose choice this turn is sealed and not yet revealed."""


@dataclass
class _Seals:
    """What a replay knows of sealed choices: each team's lock, the tokens this process
    holds, the keys revealed so far, and the teams whose choice this turn is still sealed."""

    locks: dict[Side, seal.Lock]
    tokens: dict[Side, str]
    keys: dict[tuple[Side, int], bytes] = field(default_factory=dict)
    sealed: set[tuple[Side, int]] = field(default_factory=set)
    unrevealed: set[Side] = field(default_factory=set)

    def apply(self, game: Game, side: Side, move: _Move) -> None:
        """A team's sealed choice (`ref` the turn, `text` the sealed choice), or the key
        that opens it (`detail`); the turn resolves when every team's is revealed."""
        if side not in self.locks:
            raise ValueError(f"a sealed move of {side.value}, which has no token")
        turn = _turn(move.ref)
        if move.kind == "reveal":
            if (side, turn) not in self.sealed:
                raise ValueError(f"a key for a choice {side.value} did not seal in turn {turn}")
            return
        if game.over:
            raise ValueError("the game is over")
        if turn != game.state.turn:
            raise ValueError(
                f"{side.value}'s choice sealed for turn {turn} in turn {game.state.turn}"
            )
        if side in game.chosen:
            raise ValueError(f"turn {turn}: {side.value} has already chosen")
        self.sealed.add((side, turn))
        key = self.keys.get((side, turn))
        if key is None and side in self.tokens:
            key = self.locks[side].key(self.tokens[side], turn)  # its own team's, not revealed
        if key is None:
            game.chosen[side] = SEALED
        else:
            option, lever, rationale = _payload(seal.unseal(key, _hex(move.text)))
            if lever:
                game.pull(side, lever)
            game.choose(side, option, rationale)
        if (side, turn) not in self.keys:
            self.unrevealed.add(side)
        if not game.waiting_on() and not self.unrevealed:
            game.advance()

    def turn_passed(self) -> None:
        """The facilitator skipped the turn: its sealed choices are void."""
        self.unrevealed.clear()


def _keys(
    locks: dict[Side, seal.Lock], moves: list[tuple[Any, _Move]]
) -> dict[tuple[Side, int], bytes]:
    """The revealed keys among `moves` (with their numbers), each checked against its
    team's lock."""
    keys = {}
    for seq, move in moves:
        if move.kind != "reveal" or move.side is None:
            continue
        try:
            turn, key, lock = _turn(move.ref), _hex(move.detail), locks.get(move.side)
            if lock is None or not lock.fits(key, turn):
                raise ValueError(f"a key that is not {move.side.value}'s for turn {turn}")
        except ValueError as err:
            raise ValueError(f"move {seq!r}: {err}") from None
        keys[(move.side, turn)] = key
    return keys


def _turn(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) < 6):
        raise ValueError(f"not a turn: {text!r:.40}")
    return int(text)


def _hex(text: str) -> bytes:
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise ValueError(f"not a key or a sealed choice: {text!r:.40}") from None


def _payload(data: bytes) -> tuple[str, str, str]:
    """A sealed choice opened: the option, the lever used with it (or ""), the rationale."""
    try:
        match json.loads(data):
            case [str(option), str(lever), str(rationale)]:
                return option, lever, rationale
    except (ValueError, RecursionError):
        pass
    raise ValueError("a sealed choice that is not an option, a lever and a rationale")


@dataclass(frozen=True)
class Setup:
    """A hosted game's setup, as stored: its scenario (id or path), seed, seats and teams."""

    scenario: str
    seed: int
    seats: dict[Side, str]
    teams: dict[Side, Team]

    @classmethod
    def read(cls, data: Any, path: Path) -> Setup:
        """The setup in `data` (parsed JSON), every field checked; `TableError` if not."""
        try:
            return cls._checked(data)
        except ValueError as err:
            raise TableError(f"{path}: setup: {err}") from None

    @classmethod
    def _checked(cls, data: Any) -> Setup:
        if data is None:
            raise ValueError("no game set up")
        if not isinstance(data, dict):
            raise ValueError(f"not an object but {_kind_of(data)}")
        scenario, seed = data.get("scenario"), data.get("seed")
        seats, teams = data.get("seats"), data.get("teams")
        if not isinstance(scenario, str) or not scenario:
            raise ValueError(f"scenario: not a scenario id or path: {scenario!r:.80}")
        if type(seed) is not int or seed < 0:
            raise ValueError(f"seed: not a whole number of 0 or more: {seed!r:.80}")
        if not isinstance(seats, dict) or sorted(seats) != sorted(SIDE_NAMES):
            raise ValueError("seats: not one player for each of moscow and tehran")
        if not all(isinstance(p, str) for p in seats.values()):
            raise ValueError("seats: a player that is not a name")
        if not isinstance(teams, dict) or not set(teams) <= set(SIDE_NAMES):
            raise ValueError("teams: not teams of moscow and tehran")
        return cls(
            scenario=scenario,
            seed=seed,
            seats={Side(s): p for s, p in seats.items()},
            teams={Side(s): _team(t) for s, t in teams.items()},
        )


def _team(data: Any) -> Team:
    """`[name, [member, ...]]`, as stored."""
    match data:
        case [str(name), list(members)] if all(isinstance(m, str) for m in members):
            return Team(name, tuple(members))
    raise ValueError(f"teams: not a name and its members: {data!r:.80}")


def _scenario_of(name: str, path: Path) -> tuple[Path, Scenario]:
    """The scenario a hosted game names, loaded; one line if it cannot be."""
    try:
        source = loader.resolve(name)
        return source, loader.load(source)
    except loader.ScenarioError as err:
        raise TableError(f"{path}: its scenario: {err.problems[0]}") from None
    except OSError as err:
        raise TableError(f"{path}: its scenario {name!r:.80}: {err.strerror or err}") from None
