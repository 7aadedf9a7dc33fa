"""Why the meters move, and where the game may turn: the forces at work as the next season
opens, the thresholds and pressures within reach, and the stories (chains) under way.

Every front end shows these in its "why" view. All of it is public: meters, the effects
already logged and the rules of the scenario, never a side's secret. Nothing here
changes a game.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from . import rules
from .outlook import meets
from .scenario import Chain, Condition, Scenario
from .state import Changes, GameState, Kind

NEAR = 10
"""A condition is within reach when every meter it names is at most this many points
from the range it needs."""


class Force(NamedTuple):
    """Something that moves meters as each season opens: a standing pressure while its
    condition holds, or a lasting effect of an earlier choice or event."""

    kind: Kind
    """`Kind.PRESSURE` or `Kind.LASTING`."""
    ref: str
    changes: Changes
    """What it does in a season, as the meters stand now."""
    seasons: int = 0
    """For a lasting effect, the seasons it still plays out; 0 for a standing pressure."""


class Gap(NamedTuple):
    """How far one meter stands from the range a condition needs: 0 when inside it."""

    meter: str
    value: int
    bound: int
    """The nearest end of the range: the value the meter must reach."""
    rising: bool
    """Whether the meter must rise to it (else fall)."""

    @property
    def points(self) -> int:
        return abs(self.bound - self.value) if self.outside else 0

    @property
    def outside(self) -> bool:
        return self.value < self.bound if self.rising else self.value > self.bound


class Near(NamedTuple):
    """A threshold (an early ending) or a standing pressure whose condition is within reach,
    or already holds."""

    kind: Kind
    """`Kind.THRESHOLD` or `Kind.PRESSURE`."""
    ref: str
    gaps: tuple[Gap, ...]
    from_turn: int
    """The first turn on which it can happen."""


class Story(NamedTuple):
    """A chain of the scenario, and how many of its steps have happened, in order."""

    chain: str
    done: int
    steps: int

    @property
    def complete(self) -> bool:
        return self.done == self.steps


def forces(scenario: Scenario, state: GameState) -> list[Force]:
    """What will move the meters as the next season opens if they stood as they do now:
    the lasting effects still playing out, then the standing pressures whose conditions
    hold (a pressure driven by a meter, scaled by where that meter stands)."""
    if state.over:
        return []
    found = [Force(Kind.LASTING, p.ref, p.effects, p.turns) for p in state.pending]
    turn = min(state.turn + 1, scenario.calendar.turns)
    for pressure in scenario.pressures:
        if pressure.when.admits(turn) and meets(pressure.when, state.meters, state.flags):
            changes = rules.pressing(pressure, state.meters)
            if changes:
                found.append(Force(Kind.PRESSURE, pressure.id, changes))
    return found


def near(scenario: Scenario, state: GameState) -> list[Near]:
    """The thresholds that could end the game, and the standing pressures not yet at work,
    whose meters are all within `NEAR` points of what they need (flags aside, which must
    already stand as needed); closest first."""
    if state.over:
        return []
    found: list[Near] = []
    idle = [p for p in scenario.pressures if not meets(p.when, state.meters, state.flags)]
    for kind, items in ((Kind.THRESHOLD, scenario.thresholds), (Kind.PRESSURE, idle)):
        for item in items:
            reach = _within_reach(item.when, state)
            if reach is not None:
                found.append(Near(kind, item.id, reach, max(item.when.from_turn or 1, state.turn)))
    return sorted(found, key=lambda n: sum(g.points for g in n.gaps))


def _within_reach(when: Condition, state: GameState) -> tuple[Gap, ...] | None:
    """Each meter's gap, if the condition names meters, its flags stand and its turns are
    not past; else None."""
    if not when.meters or (when.until_turn or 10**9) < state.turn:
        return None
    if not set(when.flags) <= state.flags or set(when.not_flags) & state.flags:
        return None
    gaps = tuple(
        _gap(meter, bound.min, bound.max, state.meters[meter])
        for meter, bound in when.meters.items()
    )
    return gaps if all(g.points <= NEAR for g in gaps) else None


def _gap(meter: str, low: int | None, high: int | None, value: int) -> Gap:
    if low is not None and (high is None or value < low):
        return Gap(meter, value, low, rising=True)
    assert high is not None  # a bound names a min, a max or both
    return Gap(meter, value, high, rising=False)


def happened(scenario: Scenario, state: GameState) -> list[tuple[int, str]]:
    """(turn, id) of every card played and every event or inject fired, in turn order: the
    steps a chain is followed by."""
    card_of = scenario.lookup.card_of_option
    done = [
        (record.turn, card_of[option].id)
        for record in state.history
        for _, option in record.choices
    ]
    done += [(e.turn, e.ref) for e in state.log if e.kind in (Kind.EVENT, Kind.INJECT)]
    return sorted(done)


def steps_done(chain: Chain, happened: Sequence[tuple[int, str]]) -> int:
    """How many of `chain`'s steps have happened, each no earlier than the one before."""
    turn, done = 0, 0
    for step in chain.steps:
        when = [t for t, ref in happened if ref in step and t >= turn]
        if not when:
            break
        turn, done = min(when), done + 1
    return done


def stories(scenario: Scenario, state: GameState) -> list[Story]:
    """Every chain of the scenario that has begun in this game, with its steps done."""
    done = happened(scenario, state)
    told = (Story(c.id, steps_done(c, done), len(c.steps)) for c in scenario.chains)
    return [story for story in told if story.done]
