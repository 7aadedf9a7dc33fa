"""The state of a game and the log that explains it: small immutable values.

Nothing here knows rules; `rules.py` makes new states from old ones. Log entries hold
ids and numbers only: text is rendered later (`transcript.py`), off the per-turn path.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Final, NamedTuple

from .scenario import Side

Changes = tuple[tuple[str, int], ...]
"""(meter id, change actually applied after clamping), in the order applied."""


class Kind(StrEnum):
    """What a log entry records."""

    LASTING = "lasting"
    PRESSURE = "pressure"
    EVENT = "event"
    INJECT = "inject"
    """A development fired by a facilitator during the decision phase."""
    SKIPPED = "skipped"
    """The turn passed without decisions (a facilitator skipped it)."""
    PLEDGE = "pledge"
    """A side's promise for the season, made in the open before the choices."""
    CHOICE = "choice"
    LEVER = "lever"
    """A side used one of its own capabilities beside its card."""
    JOINT = "joint"
    KEPT = "kept"
    """A pledge kept."""
    BROKEN = "broken"
    """A pledge broken."""
    EMPTY = "empty"
    """A pledge nothing on the side's card could have broken: kept, and worth nothing."""
    THRESHOLD = "threshold"
    ENDING = "ending"


class Value:
    """The state's small immutable values: plain classes whose fields are `Final` (read-only
    once compiled), equal when their fields are, and shown as their constructor call.

    Not NamedTuples or frozen dataclasses: compiled by mypyc, a plain class is built
    several times faster and its fields are read without a look-up by name, and the
    engine builds and reads these values many times a turn."""

    __slots__ = ()
    NAMES: ClassVar[tuple[str, ...]] = ()
    """The fields, in the order of the constructor's arguments."""

    def fields(self) -> tuple[Any, ...]:
        """The values of the fields, in their order."""
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.fields() == other.fields()

    def __hash__(self) -> int:
        return hash(self.fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(self.NAMES, self.fields(), strict=True))
        return f"{type(self).__name__}({shown})"


class Entry(Value):
    """One line of the log: on `turn`, `ref` (an event, option, ... id) made `changes`."""

    NAMES = ("turn", "kind", "ref", "changes", "side")
    __slots__ = NAMES

    def __init__(
        self, turn: int, kind: Kind, ref: str, changes: Changes = (), side: Side | None = None
    ) -> None:
        self.turn: Final = turn
        self.kind: Final = kind
        self.ref: Final = ref
        self.changes: Final = changes
        self.side: Final = side

    def fields(self) -> tuple[Any, ...]:
        return (self.turn, self.kind, self.ref, self.changes, self.side)


class Pending(Value):
    """A lasting effect still playing out: `effects` each turn for `turns` more turns."""

    NAMES = ("ref", "effects", "turns")
    __slots__ = NAMES

    def __init__(self, ref: str, effects: Changes, turns: int) -> None:
        self.ref: Final = ref
        self.effects: Final = effects
        self.turns: Final = turns

    def fields(self) -> tuple[Any, ...]:
        return (self.ref, self.effects, self.turns)


class Reading(Value):
    """The outlook at one moment: the alliance index and the end state it is heading for."""

    NAMES = ("index", "heading")
    __slots__ = NAMES

    def __init__(self, index: float, heading: str) -> None:
        self.index: Final = index
        self.heading: Final = heading

    def fields(self) -> tuple[Any, ...]:
        return (self.index, self.heading)


class Levels:
    """Meter levels as the engine keeps them: each meter's level in its place (`ids` names
    the meter of each place), and the same by meter id once someone asks.

    A board reads and writes meters by place, natively; by id, each is a look-up by name.
    The list is never changed once it is here (a board works on a copy)."""

    __slots__ = ("_by_id", "ids", "values")

    def __init__(
        self, ids: tuple[str, ...], values: list[int], by_id: dict[str, int] | None = None
    ) -> None:
        self.ids: Final = ids
        self.values: Final = values
        self._by_id = by_id

    @staticmethod
    def of(meters: dict[str, int]) -> Levels:
        """The levels of meters given by id, in the dict's order."""
        return Levels(tuple(meters), list(meters.values()), meters)

    def by_id(self) -> dict[str, int]:
        """Meter id -> level (built once, then kept)."""
        found = self._by_id
        if found is None:
            ids = self.ids
            found = self._by_id = {ids[i]: level for i, level in enumerate(self.values)}
        return found

    def placed(self, ids: tuple[str, ...]) -> list[int]:
        """The levels with the meters in the places `ids` gives them: this list itself when
        the places are the same (read it, never change it)."""
        if ids is self.ids or ids == self.ids:
            return self.values
        meters = self.by_id()
        return [meters[meter] for meter in ids]


Line = tuple[int, Kind, str, Changes, Side | None]
"""A line of the log as the engine writes it: an entry's fields (`Entry.NAMES`)."""


def lines_of(entries: tuple[Entry, ...]) -> list[Line]:
    """Entries as lines of the log."""
    return [(e.turn, e.kind, e.ref, e.changes, e.side) for e in entries]


class Chronicle:
    """The log as the engine keeps it: the lines of the latest step (`Line`), after those
    of the chronicle `before` it, made into entries in one tuple only once someone reads it.

    Each step of a game would otherwise copy the whole log into a new tuple, and free
    the old one; and most games (simulations, searches) are never read line by line."""

    __slots__ = ("_flat", "before", "lines")

    def __init__(
        self, before: Chronicle | None, lines: list[Line], flat: tuple[Entry, ...] | None = None
    ) -> None:
        self.before: Final = before
        self.lines: Final = lines  # never changed once here
        self._flat = flat

    @staticmethod
    def of(entries: tuple[Entry, ...]) -> Chronicle:
        """A chronicle of these entries."""
        return Chronicle(None, lines_of(entries), entries)

    def flat(self) -> tuple[Entry, ...]:
        """Every entry, in order (worked out once)."""
        flat = self._flat
        if flat is None:
            parts: list[list[Line]] = []
            part: Chronicle | None = self
            while part is not None and part._flat is None:
                parts.append(part.lines)
                part = part.before
            items = list(part._flat or ()) if part is not None else []
            parts.reverse()
            for lines in parts:
                for turn, kind, ref, changes, side in lines:
                    items.append(Entry(turn, kind, ref, changes, side))
            flat = self._flat = tuple(items)
        return flat

    def then(self, lines: list[Line]) -> Chronicle:
        """This log with `lines` after it."""
        return Chronicle(self, lines) if lines else self


Log = tuple[Entry, ...] | Chronicle
"""A log as a state is given it: a tuple of entries, or as the engine keeps it."""

Meters = dict[str, int] | Levels
"""Meter levels as a state or a record is given them: by id, or as the engine keeps them."""


def _levels(meters: Meters) -> Levels:
    return meters if isinstance(meters, Levels) else Levels.of(meters)


class TurnRecord(Value):
    """What happened in one resolved turn: the cards dealt, the choices (empty when the
    turn was skipped), the outlook and the meters once it was resolved, the pledges made
    and the levers used."""

    NAMES = ("turn", "cards", "choices", "outlook", "meters", "pledges", "levers")
    __slots__ = ("cards", "choices", "levels", "levers", "outlook", "pledges", "turn")

    def __init__(
        self,
        turn: int,
        cards: tuple[tuple[Side, str], ...],
        choices: tuple[tuple[Side, str], ...],
        outlook: Reading,
        meters: Meters,
        pledges: tuple[tuple[Side, str], ...] = (),
        levers: tuple[tuple[Side, str], ...] = (),
    ) -> None:
        self.turn: Final = turn
        self.cards: Final = cards
        self.choices: Final = choices
        self.outlook: Final = outlook
        self.levels: Final = _levels(meters)
        self.pledges: Final = pledges
        self.levers: Final = levers

    @property
    def meters(self) -> dict[str, int]:
        """The meters once the turn was resolved, by id."""
        return self.levels.by_id()

    def fields(self) -> tuple[Any, ...]:
        return (
            self.turn,
            self.cards,
            self.choices,
            self.outlook,
            self.meters,
            self.pledges,
            self.levers,
        )

    def choice(self, side: Side) -> str | None:
        """The option id `side` chose (None in a skipped turn)."""
        for who, option in self.choices:
            if who is side:
                return option
        return None


class Score(NamedTuple):
    """A side's final score and what it is made of."""

    change: int
    """How far the side's interest score moved from the start."""
    ending: int
    """What the end state is worth to the side."""
    agenda: int
    """The points of the side's secret agenda if it was met, else 0."""

    @property
    def total(self) -> int:
        return self.change + self.ending + self.agenda


@dataclass(frozen=True, slots=True)
class Ending:
    """How a finished game ended: the end state, why, and each capital's final score."""

    end_state: str
    turn: int
    cause: str
    """`final_turn`, or the id of the threshold that ended the game early."""
    breakdown: tuple[tuple[Side, Score], ...]

    @property
    def scores(self) -> tuple[tuple[Side, int], ...]:
        """Each side's final score."""
        return tuple((side, score.total) for side, score in self.breakdown)


class GameState(Value):
    """Everything about a game in progress or finished. Replace, never mutate: its fields
    are `Final`, read-only once compiled.

    The engine builds a few every turn."""

    NAMES = (
        "seed",
        "turn",
        "meters",
        "flags",
        "played",
        "fired",
        "pending",
        "offer",
        "outlook",
        "history",
        "log",
        "ending",
        "agendas",
        "pledges",
        "spent",
    )
    __slots__ = (
        "agendas",
        "chronicle",
        "ending",
        "fired",
        "flags",
        "history",
        "levels",
        "offer",
        "outlook",
        "pending",
        "played",
        "pledges",
        "seed",
        "spent",
        "turn",
    )

    def __init__(
        self,
        seed: int,
        turn: int,
        meters: Meters,
        flags: frozenset[str],
        played: frozenset[str],
        fired: frozenset[str],
        pending: tuple[Pending, ...],
        offer: tuple[tuple[Side, str], ...],
        outlook: Reading,
        history: tuple[TurnRecord, ...],
        log: Log,
        ending: Ending | None = None,
        agendas: tuple[tuple[Side, str], ...] = (),
        pledges: tuple[tuple[Side, str], ...] = (),
        spent: tuple[str, ...] = (),
    ) -> None:
        self.seed: Final = seed
        self.turn: Final = turn  # the turn being played (or, once ended, the last played)
        self.levels: Final = _levels(meters)
        self.flags: Final = flags
        self.played: Final = played  # cards already played
        self.fired: Final = fired  # events already fired
        self.pending: Final = pending
        self.offer: Final = offer  # the card each side faces; empty once the game has ended
        self.outlook: Final = outlook
        self.history: Final = history
        self.chronicle: Final = log if isinstance(log, Chronicle) else Chronicle.of(log)
        self.ending: Final = ending
        self.agendas: Final = agendas  # the secret agenda dealt to each side that has one
        self.pledges: Final = pledges  # the pledges made in the turn being played
        self.spent: Final = spent  # every use of a lever so far, by lever id

    def fields(self) -> tuple[Any, ...]:
        return (
            self.seed,
            self.turn,
            self.meters,
            self.flags,
            self.played,
            self.fired,
            self.pending,
            self.offer,
            self.outlook,
            self.history,
            self.log,
            self.ending,
            self.agendas,
            self.pledges,
            self.spent,
        )

    def replaced(self, **changes: Any) -> GameState:
        """A copy with some fields changed (as `dataclasses.replace`)."""
        for name in changes:
            if name not in _FIELDS:
                raise TypeError(f"GameState has no field {name!r}")
        return GameState(
            changes.get("seed", self.seed),
            changes.get("turn", self.turn),
            changes.get("meters", self.levels),
            changes.get("flags", self.flags),
            changes.get("played", self.played),
            changes.get("fired", self.fired),
            changes.get("pending", self.pending),
            changes.get("offer", self.offer),
            changes.get("outlook", self.outlook),
            changes.get("history", self.history),
            changes.get("log", self.chronicle),
            changes.get("ending", self.ending),
            changes.get("agendas", self.agendas),
            changes.get("pledges", self.pledges),
            changes.get("spent", self.spent),
        )

    def pledged(self, made: tuple[tuple[Side, str], ...], lines: list[Line]) -> GameState:
        """A copy with pledges made this turn, (side, pledge id), and their lines in the
        log (`replaced` in one call: computer players pledge on most turns)."""
        return GameState(
            self.seed,
            self.turn,
            self.levels,
            self.flags,
            self.played,
            self.fired,
            self.pending,
            self.offer,
            self.outlook,
            self.history,
            self.chronicle.then(lines),
            self.ending,
            self.agendas,
            self.pledges + made,
            self.spent,
        )

    @property
    def meters(self) -> dict[str, int]:
        """Meter id -> level."""
        return self.levels.by_id()

    @property
    def log(self) -> tuple[Entry, ...]:
        """Every entry of the log, in order."""
        return self.chronicle.flat()

    @property
    def over(self) -> bool:
        return self.ending is not None

    def agenda(self, side: Side) -> str | None:
        """The id of `side`'s secret agenda, if it was dealt one."""
        for who, agenda in self.agendas:
            if who is side:
                return agenda
        return None

    def card(self, side: Side) -> str:
        """The id of the (first) card `side` faces this turn."""
        for who, card in self.offer:
            if who is side:
                return card
        raise KeyError(side)

    def hand(self, side: Side) -> tuple[str, ...]:
        """The ids of every card `side` is dealt this turn (one, or two with a hand)."""
        return tuple([card for who, card in self.offer if who is side])

    def pledge(self, side: Side) -> str | None:
        """The pledge `side` made this turn, if any."""
        for who, pledge in self.pledges:
            if who is side:
                return pledge
        return None

    def resolved(self) -> GameState:
        """The game as it stood when its last turn was resolved, before the next one opened
        (its news and pressures): what a screen of that turn's outcome shows."""
        if self.ending is not None or not self.history:
            return self
        record = self.history[-1]
        return self.replaced(meters=record.levels, outlook=record.outlook)


_FIELDS: Final = frozenset(GameState.NAMES)
