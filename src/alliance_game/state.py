"""The state of a game and the log that explains it: small immutable values.

Nothing here knows rules; `rules.py` makes new states from old ones. Log entries hold
ids and numbers only: text is rendered later (`transcript.py`), off the per-turn path.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final, NamedTuple

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


class Entry(NamedTuple):
    """One line of the log: on `turn`, `ref` (an event, option, ... id) made `changes`."""

    turn: int
    kind: Kind
    ref: str
    changes: Changes = ()
    side: Side | None = None


_new_tuple = tuple.__new__


def entry(
    turn: int, kind: Kind, ref: str, changes: Changes = (), side: Side | None = None
) -> Entry:
    """`Entry(...)`, made without calling the class (twice as cheap: the turn logs many)."""
    return _new_tuple(Entry, (turn, kind, ref, changes, side))


class Pending(NamedTuple):
    """A lasting effect still playing out: `effects` each turn for `turns` more turns."""

    ref: str
    effects: Changes
    turns: int


class Reading:
    """The outlook at one moment: the alliance index and the end state it is heading for."""

    __slots__ = ("heading", "index")

    def __init__(self, index: float, heading: str) -> None:
        self.index: Final = index
        self.heading: Final = heading

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Reading)
            and self.index == other.index
            and self.heading == other.heading
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Reading(index={self.index!r}, heading={self.heading!r})"


class TurnRecord(NamedTuple):
    """What happened in one resolved turn."""

    turn: int
    cards: tuple[tuple[Side, str], ...]
    choices: tuple[tuple[Side, str], ...]
    """Empty when the turn was skipped."""
    outlook: Reading
    meters: dict[str, int]
    """The meters once the turn was resolved."""
    pledges: tuple[tuple[Side, str], ...] = ()
    levers: tuple[tuple[Side, str], ...] = ()
    """The levers used in the turn."""

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


FIELDS: Final = (
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
"""The fields of a `GameState`, in order."""


class GameState:
    """Everything about a game in progress or finished. Replace, never mutate: its fields
    are `Final`, read-only once compiled.

    A plain class, not a frozen dataclass: compiled, it is built about ten times faster,
    and the engine builds a few every turn."""

    __slots__ = FIELDS

    def __init__(
        self,
        seed: int,
        turn: int,
        meters: dict[str, int],
        flags: frozenset[str],
        played: frozenset[str],
        fired: frozenset[str],
        pending: tuple[Pending, ...],
        offer: tuple[tuple[Side, str], ...],
        outlook: Reading,
        history: tuple[TurnRecord, ...],
        log: tuple[Entry, ...],
        ending: Ending | None = None,
        agendas: tuple[tuple[Side, str], ...] = (),
        pledges: tuple[tuple[Side, str], ...] = (),
        spent: tuple[str, ...] = (),
    ) -> None:
        self.seed: Final = seed
        self.turn: Final = turn  # the turn being played (or, once ended, the last played)
        self.meters: Final = meters
        self.flags: Final = flags
        self.played: Final = played  # cards already played
        self.fired: Final = fired  # events already fired
        self.pending: Final = pending
        self.offer: Final = offer  # the card each side faces; empty once the game has ended
        self.outlook: Final = outlook
        self.history: Final = history
        self.log: Final = log
        self.ending: Final = ending
        self.agendas: Final = agendas  # the secret agenda dealt to each side that has one
        self.pledges: Final = pledges  # the pledges made in the turn being played
        self.spent: Final = spent  # every use of a lever so far, by lever id

    def fields(self) -> tuple[object, ...]:
        """The values of the fields, in their order."""
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
        values: dict[str, Any] = dict(zip(FIELDS, self.fields(), strict=True))
        values.update(changes)
        return GameState(**values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GameState) and self.fields() == other.fields()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(FIELDS, self.fields(), strict=True))
        return f"GameState({shown})"

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
        return self.replaced(meters=record.meters, outlook=record.outlook)
