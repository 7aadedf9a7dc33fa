"""The classroom's setup and room: how a class plays (teams, a timer, fog, a hosted
game's file), the decision timer, and the clock's wording.

Nothing here needs the engine or pydantic, so the app imports it before any game begins
(its title screen draws without waiting for them); `classroom` adds the hosted game.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .game import Game, Team
    from .scenario import Side

# --- the decision timer ---------------------------------------------------------------------


@dataclass
class Timer:
    """Counts down the decision phase of a turn, and nothing else: it starts when the teams
    see their decisions and stops when the turn resolves. Times come from `clock` (wall
    time, so that processes sharing a game agree), which tests replace."""

    limit: float
    """Seconds for a decision phase."""
    warnings: tuple[int, ...] = (60, 10)
    """Seconds left at which to warn the teams."""
    clock: Callable[[], float] = field(default=time.time, repr=False, compare=False)
    started: float | None = None
    paused_at: float | None = None
    paused_for: float = 0.0
    extra: float = 0.0

    def start(self) -> None:
        """A new decision phase: the full time again."""
        self.started, self.paused_at, self.paused_for, self.extra = self.clock(), None, 0.0, 0.0

    def stop(self) -> None:
        """The turn resolved: no time counts until the next phase starts."""
        self.started = self.paused_at = None
        self.paused_for = self.extra = 0.0

    def pause(self) -> None:
        if self.running:
            self.paused_at = self.clock()

    def resume(self) -> None:
        if self.paused_at is not None:
            self.paused_for += self.clock() - self.paused_at
            self.paused_at = None

    def extend(self, seconds: float) -> None:
        self.extra += seconds

    @property
    def running(self) -> bool:
        return self.started is not None and self.paused_at is None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    @property
    def remaining(self) -> float:
        """Seconds left in the decision phase (the full limit before it starts)."""
        if self.started is None:
            return self.limit + self.extra
        now = self.paused_at if self.paused_at is not None else self.clock()
        return max(0.0, self.started + self.limit + self.extra + self.paused_for - now)

    @property
    def expired(self) -> bool:
        return self.started is not None and self.remaining <= 0

    def due(self, given: set[int]) -> int | None:
        """The warning due now (seconds left) that is not in `given`, or None; the caller
        keeps `given` per turn, so each process warns its own screen once."""
        due = [
            w
            for w in self.warnings
            if self.running and w < self.limit and self.remaining <= w and w not in given
        ]
        given.update(due)
        return min(due) if due else None

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in TIMER_KEYS}

    @classmethod
    def from_json(cls, data: Any, clock: Callable[[], float] = time.time) -> Timer:
        """The timer `to_json` wrote; `ValueError` for anything else."""
        if not isinstance(data, dict) or set(data) != set(TIMER_KEYS):
            raise ValueError(f"not a timer: {data!r:.80}")
        warnings = data["warnings"]
        if not isinstance(warnings, list) or not all(_seconds(w) for w in warnings):
            raise ValueError(f"warnings: not a list of seconds: {warnings!r:.80}")
        if not (_seconds(data["limit"]) and data["limit"] > 0):
            raise ValueError(f"limit: not a number of seconds: {data['limit']!r:.80}")
        for key in ("started", "paused_at", "paused_for", "extra"):
            value = data[key]
            if not (_seconds(value) or (value is None and key in ("started", "paused_at"))):
                raise ValueError(f"{key}: not a number of seconds: {value!r:.80}")
        return cls(**{**data, "warnings": tuple(warnings)}, clock=clock)


TIMER_KEYS = ("limit", "warnings", "started", "paused_at", "paused_for", "extra")


def _seconds(value: object) -> bool:
    """A time in seconds as JSON holds it: a finite number (not a boolean) of a sane size."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and abs(value) < 1e12


@dataclass
class ClassSetup:
    """How a classroom game is played: at one screen, or hosted in a file that the
    facilitator (no `side`) or a team (`side`) opens."""

    teams: dict[str, Team] = field(default_factory=dict)
    """Side name -> its team, as given on the command line."""
    timer: float | None = None
    """Seconds for each turn's decisions, or no timer."""
    fog: bool = False
    table: Path | None = None
    side: str | None = None
    token: str | None = None
    """The team's token, for a team's screen of a hosted game."""

    def teams_of(self, game: Game) -> dict[Side, Team]:
        """The teams for the sides humans play in `game` (a computer side has none)."""
        from .game import HUMAN
        from .scenario import Side

        return {Side(s): team for s, team in self.teams.items() if game.seats[Side(s)] == HUMAN}


EXTRA = 60
"""Seconds the facilitator's "one more minute" adds."""


@dataclass
class Room:
    """What a facilitator controls beside the game: the timer, and fog over the outlook."""

    timer: Timer | None = None
    fog: bool = False


def clock_text(seconds: float) -> str:
    """`4:05`."""
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d}"


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
