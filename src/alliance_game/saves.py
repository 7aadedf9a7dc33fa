"""Saved games: a versioned, human-readable JSON record, rebuilt by replaying its decisions.

A save holds the format version; the scenario's id, file and content hash; the seed; who
plays each side; every turn's choices; and the state they led to. Loading replays the
choices and checks the result against the stored state, so an edited file or a changed
scenario is caught, never silently played on (`SaveMismatch` says which, and the game
can be rebuilt from its choices under the current scenario instead). Older formats are
migrated on reading. The files themselves are handled by `savefile.py`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import catalog, loader, rules, savefile
from .game import HUMAN, Action, Game, SeatError, Team
from .loader import ScenarioError
from .savefile import SaveError
from .scenario import SIDES, Scenario, Side
from .state import GameState, Kind

FORMAT = 5


class SaveMismatch(SaveError):
    """The save's choices replay, but not to the state it stores, or under a changed scenario.
    `read(..., accept_changes=True)` takes the replayed game instead."""


# --- the record ---------------------------------------------------------------------------


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ScenarioRef(_Record):
    id: str
    path: str | None = None
    """The scenario file, for scenarios that are not installed with the game."""
    hash: str | None = None
    """`scenario_hash` of the scenario the game was played under (None: not recorded)."""


class Seat(_Record):
    player: str
    """`human`, or the computer persona playing the side."""
    team: str | None = None
    """In class: the team's name."""
    members: list[str] = []


class Turn(_Record):
    """One resolved turn: the choices (none if it was skipped), the teams' rationales, and
    any injects the facilitator fired before it resolved."""

    moscow: str | None = None
    tehran: str | None = None
    skipped: bool = False
    rationale: dict[Side, str] = {}
    injects: list[str] = []
    pledges: dict[Side, str] = {}
    """The human sides' pledges (a computer's follows from the state, and is made again)."""
    levers: dict[Side, str] = {}


class Current(_Record):
    """The turn in progress: injects already fired in it, the human sides' pledges, and a
    choice (with its lever and reason) a human side has made but the turn has not yet
    resolved: a hotseat game saved at the handoff goes on at the handoff."""

    injects: list[str] = []
    pledges: dict[Side, str] = {}
    chosen: dict[Side, str] = {}
    levers: dict[Side, str] = {}
    rationale: dict[Side, Annotated[str, Field(max_length=2_000)]] = {}


class Done(_Record):
    """A facilitator action, with its reason."""

    turn: int
    action: str
    detail: str = ""
    reason: str = ""
    at: str = ""


class Lasting(_Record):
    ref: str
    effects: dict[str, int]
    turns: Annotated[int, Field(ge=0)]


class Ending(_Record):
    end_state: str
    turn: int | None = None
    cause: str | None = None
    scores: dict[Side, int] | None = None


class Stored(_Record):
    """The state the choices led to. Fields left None were not recorded (older formats)."""

    turn: Annotated[int, Field(ge=0)]
    meters: dict[str, int]
    flags: list[str] | None = None
    played: list[str] | None = None
    fired: list[str] | None = None
    lasting: list[Lasting] | None = None
    offer: dict[Side, str] | None = None
    ending: Ending | None = None
    spent: list[str] | None = None
    """Every lever used so far (format 4)."""


class Record(_Record):
    format: Literal[5]
    saved: str
    scenario: ScenarioRef
    seed: Annotated[int, Field(ge=0)]
    sides: dict[Side, Seat]
    log: Annotated[list[Turn], Field(max_length=10_000)]
    """Each resolved turn, in order."""
    current: Current = Current()
    facilitator: Annotated[list[Done], Field(max_length=100_000)] = []
    state: Stored
    check: str
    """`checksum` of everything above: an edit by hand anywhere in the file is caught."""


def scenario_hash(scenario: Scenario) -> str:
    """A hash of what the scenario says, blind to formatting, comments and to fields a newer
    version of the game adds with defaults."""
    content = scenario.model_dump(mode="json", exclude_defaults=True)
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]


def stored(state: GameState) -> dict[str, Any]:
    """The part of a state a save records, as JSON-ready data."""
    ending = state.ending
    return {
        "turn": state.turn,
        "meters": dict(state.meters),
        "flags": sorted(state.flags),
        "played": sorted(state.played),
        "fired": sorted(state.fired),
        "lasting": [
            {"ref": p.ref, "effects": dict(p.effects), "turns": p.turns} for p in state.pending
        ],
        "offer": {side.value: card for side, card in state.offer},
        "spent": list(state.spent),
        "ending": None
        if ending is None
        else {
            "end_state": ending.end_state,
            "turn": ending.turn,
            "cause": ending.cause,
            "scores": {side.value: score for side, score in ending.scores},
        },
    }


def checksum(data: dict[str, Any]) -> str:
    """A hash of a record's content, all of it but its `check`, blind to layout."""
    body = {key: value for key, value in data.items() if key != "check"}
    try:
        text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    except (ValueError, RecursionError):  # not what a game writes, so never a match
        return ""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def record(game: Game) -> dict[str, Any]:
    """The save record of a game, as JSON-ready data."""
    data = _body(game)
    return data | {"check": checksum(data)}


def _body(game: Game) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "saved": datetime.now(UTC).isoformat(timespec="seconds"),
        "scenario": {
            "id": game.scenario.id,
            "path": _own_file(game.source),
            "hash": scenario_hash(game.scenario),
        },
        "seed": game.state.seed,
        "sides": {s.value: _seat(game, s) for s in SIDES},
        "log": [_turn(game, r.turn, r.choices) for r in game.state.history],
        "current": _current(game),
        "facilitator": [a._asdict() for a in game.actions],
        "state": stored(game.state),
    }


def _seat(game: Game, side: Side) -> dict[str, Any]:
    seat: dict[str, Any] = {"player": game.seats[side]}
    team = game.teams.get(side)
    if team:
        seat |= {"team": team.name, "members": list(team.members)}
    return seat


def _turn(game: Game, turn: int, choices: tuple[tuple[Side, str], ...]) -> dict[str, Any]:
    """A resolved turn as saved; keys with nothing to say are left out."""
    entry: dict[str, Any] = {side.value: option for side, option in choices}
    if not choices:
        entry["skipped"] = True
    said = {s.value: game.rationales[(turn, s)] for s in SIDES if (turn, s) in game.rationales}
    if said:
        entry["rationale"] = said
    injects = _injects(game.state, turn)
    if injects:
        entry["injects"] = injects
    record = game.state.history[turn - 1]
    pledges = _own_pledges(game, record.pledges)
    if pledges:
        entry["pledges"] = pledges
    if record.levers:
        entry["levers"] = {side.value: lever for side, lever in record.levers}
    return entry


def _current(game: Game) -> dict[str, Any]:
    """The turn in progress as saved: its injects, and pledges made (when there are any)."""
    if game.over:
        return {"injects": []}
    turn = game.state.turn
    current: dict[str, Any] = {"injects": _injects(game.state, turn)}
    pledges = _own_pledges(game, game.state.pledges)
    if pledges:
        current["pledges"] = pledges
    if game.chosen:
        current["chosen"] = {side.value: option for side, option in game.chosen.items()}
    if game.pulled:
        current["levers"] = {side.value: lever for side, lever in game.pulled.items()}
    said = {
        s.value: game.rationales[(turn, s)] for s in game.chosen if (turn, s) in game.rationales
    }
    if said:
        current["rationale"] = said
    return current


def _own_pledges(game: Game, pledges: tuple[tuple[Side, str], ...]) -> dict[str, str]:
    """The pledges human sides made (a computer's pledge is made again on replay)."""
    return {side.value: p for side, p in pledges if game.seats[side] == HUMAN}


def _injects(state: GameState, turn: int) -> list[str]:
    return [e.ref for e in state.log if e.turn == turn and e.kind is Kind.INJECT]


def _own_file(scenario_path: Path | None) -> str | None:
    """The scenario file to record: only one that is not installed with the game (those
    are found by id, wherever the game is installed)."""
    if scenario_path is None:
        return None
    path = scenario_path.resolve()
    return None if path in _installed_files() else str(path)


@functools.cache
def _installed_files() -> frozenset[Path]:
    """Found once per process: autosave asks on every turn."""
    return frozenset(p.resolve() for p in catalog.installed().values())


def write(game: Game, path: Path) -> None:
    """Save a game atomically, keeping the previous file as a backup."""
    savefile.write_atomic(path, json.dumps(record(game), indent=2) + "\n")


@dataclass
class Autosave:
    """One game's own autosave, written after every turn and never shared with another
    game. It knows which file holds the game and how far, so that a player leaving is told
    the truth about what is kept."""

    where: Path
    path: Path | None = None
    """The autosave file: the one the game was loaded from, else a new name chosen when
    it is first written."""
    keeper: Path | None = None
    """The file that holds the game as far as it is kept: its autosave, or the save it
    was loaded from until the first autosave."""
    kept: int | None = None
    """How many finished turns `keeper` holds (None: no file holds this game)."""
    failure: str = ""
    """Why the last autosave failed ('' if it did not)."""

    @classmethod
    def of(cls, where: Path, game: Game, loaded: Path | None = None) -> Autosave:
        """The autosave of a new game, or of one loaded from `loaded`: a game taken up from
        its autosave goes on in that file, one taken up from a named save gets its own."""
        if loaded is None:
            return cls(where)
        own = loaded if savefile.is_autosave(loaded) else None
        return cls(where, own, loaded, len(game.state.history))

    def keep(self, game: Game) -> str:
        """Write the game to its autosave; '' when that worked, else the line saying why not."""
        path = self.path or savefile.fresh_autosave(self.where)
        try:
            write(game, path)
        except SaveError as err:
            self.failure = str(err)
            return self.failure
        self.path = self.keeper = path
        self.kept, self.failure = len(game.state.history), ""
        return ""

    def promise(self, game: Game) -> str:
        """What leaving the game now keeps of it, in one sentence."""
        played = len(game.state.history)
        if self.keeper is None or self.kept is None:
            if not played:
                return "No turn has been played yet, so nothing of this game is kept."
            return f"Nothing of this game is kept: its autosave failed ({self.failure})."
        if self.kept == played:
            return f"{self.keeper.stem} keeps it as it stood after the last finished turn."
        behind = played - self.kept
        return (
            f"{self.keeper.stem} holds it only as it stood {behind} turn"
            f"{'s' if behind > 1 else ''} ago: the autosave failed ({self.failure})."
        )


# --- reading ------------------------------------------------------------------------------


def read(path: Path, *, accept_changes: bool = False) -> Game:
    """Load a save: migrate it, replay its choices, and check the result against the stored
    state. `accept_changes` takes the replayed game even when the scenario has changed or
    the stored state differs (`SaveMismatch` otherwise)."""
    data = migrate(savefile.read_json(path), path)
    try:
        saved = Record.model_validate_json(json.dumps(data))
    except ValidationError as err:
        raise SaveError(f"{path}: {_first_problem(err)}") from None
    scenario, source = _scenario(saved.scenario, path)
    _check_meters(saved.state, scenario, path)
    game = _replay(saved, scenario, path)
    game.source = source
    if accept_changes:
        return game
    if saved.scenario.hash is not None and saved.scenario.hash != scenario_hash(scenario):
        raise SaveMismatch(
            f"{path}: the scenario {scenario.id!r} has changed since this game was saved"
        )
    difference = _difference(saved.state.model_dump(mode="json"), stored(game.state))
    if difference:
        raise SaveMismatch(f"{path}: the stored state does not match its choices ({difference})")
    if saved.check != checksum(data):
        raise SaveMismatch(f"{path}: the file was edited after the game wrote it (check differs)")
    return game


def _first_problem(err: ValidationError) -> str:
    first = err.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"]) or "the record"
    message = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
    more = f" (and {err.error_count() - 1} more problems)" if err.error_count() > 1 else ""
    return f"{where}: {message}{more}"


def _scenario(ref: ScenarioRef, path: Path) -> tuple[Scenario, Path]:
    """The scenario a save was played under, and its file: the file recorded if present,
    else the installed scenario of that id."""
    # os.path, not Path: a name too long for the file system is simply not a file here.
    if ref.path and os.path.isfile(ref.path):
        name = ref.path
    elif ref.id in catalog.installed():
        name = ref.id
    else:
        raise SaveError(f"{path}: scenario {ref.id!r} is not installed")
    try:
        source = loader.resolve(name)
        return loader.load(source), source
    except ScenarioError as err:
        raise SaveError(f"{path}: its scenario does not load: {err.problems[0]}") from None


def _check_meters(state: Stored, scenario: Scenario, path: Path) -> None:
    ranges = scenario.lookup.ranges
    for meter, value in state.meters.items():
        if meter not in ranges:
            raise SaveError(f"{path}: state.meters: unknown meter {meter!r}")
        low, high = ranges[meter]
        if not low <= value <= high:
            raise SaveError(f"{path}: state.meters.{meter}: {value} is outside {low}-{high}")


def _replay(saved: Record, scenario: Scenario, path: Path) -> Game:
    missing = [s.value for s in SIDES if s not in saved.sides]
    if missing:
        raise SaveError(f"{path}: sides: no player for {', '.join(missing)}")
    try:
        game = Game.new(scenario, saved.seed, {s: saved.sides[s].player for s in SIDES})
    except SeatError as err:
        raise SaveError(f"{path}: sides: {err}") from None
    for turn, entry in enumerate(saved.log, 1):
        if game.over:
            raise SaveError(f"{path}: log: the game ended on turn {turn - 1}, yet turns follow")
        try:
            for ref in entry.injects:
                game.state = rules.inject(scenario, game.state, ref)
            for side, pledge in entry.pledges.items():
                game.state = rules.pledge(scenario, game.state, side, pledge)
            if entry.skipped:
                game.state = rules.skip_turn(scenario, game.state)
            else:
                choices = {s: c for s in SIDES if (c := getattr(entry, s.value)) is not None}
                game.state = rules.play_turn(scenario, game.state, choices, entry.levers)
            game.open_turn()
        except ValueError as err:
            raise SaveError(f"{path}: log: {err}") from None
        game.rationales |= {(turn, side): text for side, text in entry.rationale.items()}
    try:
        for ref in saved.current.injects:
            game.state = rules.inject(scenario, game.state, ref)
        for side, pledge in saved.current.pledges.items():
            game.state = rules.pledge(scenario, game.state, side, pledge)
        _take_up_choices(game, saved.current)
    except ValueError as err:
        raise SaveError(f"{path}: current: {err}") from None
    game.teams = {
        s: Team(seat.team, tuple(seat.members)) for s, seat in saved.sides.items() if seat.team
    }
    _check_facilitator(saved, path)
    game.actions = [Action(**done.model_dump()) for done in saved.facilitator]
    return game


FACILITATOR_ACTIONS = ("inject", "skip", "pause", "resume", "extend", "fog", "time_up")


def _take_up_choices(game: Game, current: Current) -> None:
    """The choices (and levers) human sides made in the turn in progress, checked by the
    rules as if made again."""
    for side, lever in current.levers.items():
        if side not in current.chosen:
            raise ValueError(f"a lever for {side.value}, who has not chosen")
        if game.seats[side] != HUMAN:
            raise ValueError(f"{side.value} is played by the computer")
        game.pull(side, lever)
    for side, option in current.chosen.items():
        if game.seats[side] != HUMAN:
            raise ValueError(f"{side.value} is played by the computer")
        game.choose(side, option, current.rationale.get(side, ""))
    if set(current.rationale) - set(current.chosen):
        raise ValueError("a reason for a choice that was not made")


def _check_facilitator(saved: Record, path: Path) -> None:
    """The facilitator's log must tell of the injects and skipped turns the game's log holds,
    no more and no fewer, and only of actions a facilitator has."""
    now = len(saved.log) + 1
    for i, done in enumerate(saved.facilitator):
        if done.action not in FACILITATOR_ACTIONS:
            raise SaveError(f"{path}: facilitator[{i}]: no facilitator action {done.action!r}")
        if not 1 <= done.turn <= now:
            raise SaveError(f"{path}: facilitator[{i}]: turn {done.turn} has not been played")
    fired = [(turn, ref) for turn, entry in enumerate(saved.log, 1) for ref in entry.injects]
    fired += [(now, ref) for ref in saved.current.injects]
    skipped = [(turn, "") for turn, entry in enumerate(saved.log, 1) if entry.skipped]
    for action, happened in (("inject", fired), ("skip", skipped)):
        logged = [
            (d.turn, d.detail if action == "inject" else "")
            for d in saved.facilitator
            if d.action == action
        ]
        if logged != happened:
            raise SaveError(
                f"{path}: facilitator: its {action} actions ({_turns(logged)}) "
                f"are not the log's ({_turns(happened)})"
            )


def _turns(actions: list[tuple[int, str]]) -> str:
    return ", ".join(f"turn {turn}{f' {ref}' if ref else ''}" for turn, ref in actions) or "none"


def _difference(saved: dict[str, Any], replayed: dict[str, Any]) -> str:
    """The first field where the stored state differs from the replayed one ('' if none).
    Fields an older format did not record (None) are not compared."""
    for key, value in saved.items():
        other = replayed[key]
        if value is None and key != "ending":
            continue
        if isinstance(value, dict) and isinstance(other, dict):
            if key == "ending":
                value = {k: v for k, v in value.items() if v is not None}
            for part in sorted(value.keys() | (other.keys() if key != "ending" else set())):
                if value.get(part) != other.get(part):
                    stored, again = value.get(part), other.get(part)
                    return f"state.{key}.{part}: saved {stored!r}, replayed {again!r}"
        elif value != other:
            return f"state.{key}: saved {value!r}, replayed {other!r}"
    return ""


# --- older formats ------------------------------------------------------------------------


def _from_format_1(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1 (issue 2): flat scenario fields, `seats`, `choices`, and a state of turn,
    meters and end state only. Its scenario hash was computed differently, so it is dropped:
    the replay against the stored meters still catches an edited file."""
    state = data.get("state")
    if not isinstance(state, dict):
        return data
    ending, seats = state.get("ending"), data.get("seats")
    return {
        "format": 2,
        "saved": data.get("saved"),
        "scenario": {"id": data.get("scenario"), "path": data.get("scenario_path")},
        "seed": data.get("seed"),
        "sides": {k: {"player": v} for k, v in seats.items()} if isinstance(seats, dict) else seats,
        "log": data.get("choices"),
        "state": {
            "turn": state.get("turn"),
            "meters": state.get("meters"),
            "ending": {"end_state": ending} if isinstance(ending, str) else ending,
        },
    }


def _from_format_2(data: dict[str, Any]) -> dict[str, Any]:
    """Format 2 had no classroom data; its turns (side -> option id) read as format 3's."""
    return {**data, "format": 3}


def _from_format_3(data: dict[str, Any]) -> dict[str, Any]:
    """Format 3 had no pledges or levers: its records read as format 4's without them."""
    return {**data, "format": 4}


def _from_format_4(data: dict[str, Any]) -> dict[str, Any]:
    """Format 4 had no `check`: it gets one of what it holds (edits before now go unseen,
    but the replay against the stored state still catches edited choices or meters)."""
    body = {**data, "format": 5}
    return body | {"check": checksum(body)}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _from_format_1,
    2: _from_format_2,
    3: _from_format_3,
    4: _from_format_4,
}
"""Format N -> a function turning a record of format N into format N + 1."""


def migrate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """Bring a record of any supported format up to the current one."""
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveError(f"{path}: not a save file (no format version)")
    if version > FORMAT:
        raise SaveError(
            f"{path}: save format {version} is newer than this version of the game reads ({FORMAT})"
        )
    if version not in MIGRATIONS and version != FORMAT:
        raise SaveError(f"{path}: save format {version} is not supported")
    while version < FORMAT:
        data, version = MIGRATIONS[version](data), version + 1
    return data
