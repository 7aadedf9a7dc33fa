"""The outlook: the alliance index, the drift towards each end state, interest scores."""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Iterable, Mapping
from typing import Final

from .lookup import ScenarioIndex, index_of
from .scenario import Condition, Scenario, Side
from .state import GameState, Reading, Score


def index(scenario: Scenario, meters: dict[str, int]) -> float:
    """The alliance index, 0-100: the weighted mean of the index meters over their ranges."""
    return _index(index_of(scenario), meters)


def _index(lookup: ScenarioIndex, meters: dict[str, int]) -> float:
    at = 0.0
    for meter, k, low in lookup.index_terms:
        at += k * (meters[meter] - low)
    return at


def index_change(scenario: Scenario, changes: Iterable[tuple[str, int]]) -> float:
    """How far a set of meter changes moves the alliance index (other meters fixed)."""
    scale = scenario.lookup.index_scale
    return sum(scale.get(meter, 0.0) * delta for meter, delta in changes)


def score_change(scenario: Scenario, changes: Iterable[tuple[str, int]], side: Side) -> float:
    """How far a set of meter changes moves `side`'s interest score (other meters fixed)."""
    scale = scenario.lookup.interest_scale[side]
    return sum(scale.get(meter, 0.0) * delta for meter, delta in changes)


def read(scenario: Scenario, meters: dict[str, int]) -> Reading:
    """The outlook for these meters: heading for the end state whose centre is nearest
    (on an exact tie, the lower one)."""
    look = index_of(scenario)
    return _reading(look, _index(look, meters))


def read_levels(look: ScenarioIndex, levels: list[int]) -> Reading:
    """`read` for a board's meters, each in its place (`ScenarioIndex.places`)."""
    at = 0.0
    for place, k, low in look.index_places:
        at += k * (levels[place] - low)
    return _reading(look, at)


def _reading(look: ScenarioIndex, at: float) -> Reading:
    """The outlook at this alliance index, unrounded."""
    known = look.readings
    reading = known.get(at)
    if reading is None:
        if len(known) >= READINGS_KEPT:
            known.clear()
        # Rounding a float to tenths is slow: done once for each index met.
        reading = known[at] = _reading_at(look, round(at, 1))
    return reading


READINGS_KEPT: Final = 65536
"""How many unrounded indexes a scenario keeps the reading of (`ScenarioIndex.readings`)."""


@functools.lru_cache(maxsize=4096)
def _reading_at(lookup: ScenarioIndex, at: float) -> Reading:
    """The outlook at this alliance index, rounded to tenths (a thousand readings at most)."""
    return Reading(at, lookup.by_centre[bisect.bisect_left(lookup.bands, at)].id)


def at_start(scenario: Scenario) -> Reading:
    """The outlook before the first turn, from the starting meters."""
    return read(scenario, scenario.lookup.start)


def drift(scenario: Scenario, reading: Reading) -> tuple[tuple[str, float], ...]:
    """Each end state's share of the drift (summing to 1), from most distrustful to closest.

    The nearer the index to an end state's centre, the larger its share; the scenario's
    `spread` sets how sharply the nearest one dominates.
    """
    return tuple((end, round(share, 3)) for end, share in _shares(scenario.lookup, reading.index))


def towards(scenario: Scenario, shift: float) -> str:
    """The end state a shift of the index leans towards: the lowest or the highest."""
    ordered = scenario.lookup.by_centre
    return (ordered[0] if shift < 0 else ordered[-1]).id


def interest(scenario: Scenario, meters: Mapping[str, int], side: Side) -> float:
    """`side`'s interest score unrounded: its weighted interest meters over their ranges."""
    return _interest(scenario.lookup, meters, side)


def _interest(lookup: ScenarioIndex, meters: Mapping[str, int], side: Side) -> float:
    ranges = lookup.ranges
    return sum(k * (meters[m] - ranges[m][0]) for m, k in lookup.interest_scale[side].items())


@functools.lru_cache(maxsize=64)
def _interest_at_start(lookup: ScenarioIndex, side: Side) -> float:
    return _interest(lookup, lookup.start, side)


def interest_score(scenario: Scenario, meters: Mapping[str, int], side: Side) -> int:
    """How well `side` has served itself, 0-100: its weighted interest meters over their ranges."""
    return round(interest(scenario, meters, side))


def meets(cond: Condition, meters: Mapping[str, int], flags: frozenset[str] | set[str]) -> bool:
    """Whether a condition's meters and flags hold (its turns are not read): for goals and
    epilogues judged on the final state."""
    return (
        all(
            (b.min is None or meters[m] >= b.min) and (b.max is None or meters[m] <= b.max)
            for m, b in cond.meters.items()
        )
        and set(cond.flags) <= flags
        and not set(cond.not_flags) & flags
    )


def agenda_met(
    scenario: Scenario,
    agenda_id: str | None,
    meters: Mapping[str, int],
    flags: frozenset[str] | set[str],
    end_state: str,
) -> bool:
    """Whether a secret agenda holds with these meters and flags and this end state."""
    return agenda_id is not None and _aim(scenario.lookup, agenda_id).met(meters, flags, end_state)


def payoff_curve(scenario: Scenario, side: Side) -> tuple[float, ...]:
    """What `side` can expect of the end-state payoff at each whole point of the alliance
    index, weighing each end state by its share of the drift there."""
    return _payoff_curve(scenario.lookup, side)


@functools.lru_cache(maxsize=64)
def _payoff_curve(lookup: ScenarioIndex, side: Side) -> tuple[float, ...]:
    payoff = lookup.payoff[side]
    return tuple(
        sum(share * payoff[end] for end, share in _shares(lookup, float(i))) for i in range(101)
    )


def _shares(lookup: ScenarioIndex, index: float) -> list[tuple[str, float]]:
    """Each end state's share of the drift at `index` (see `drift`)."""
    pulls = [(e.id, 1 / (1 + ((index - e.centre) / lookup.spread) ** 2)) for e in lookup.by_centre]
    total = sum(p for _, p in pulls)
    return [(end, p / total) for end, p in pulls]


_BEYOND: Final = 10.0**9
"""Past every meter's range: the bound of a meter part that has none."""


def nearest(x: float) -> int:
    """`round(x)`, halves to even, without the generic call of the builtin."""
    whole = math.floor(x)
    rest = x - whole  # exact: `x` is far below 2**52
    if rest > 0.5 or (rest == 0.5 and whole % 2 == 1):
        return whole + 1
    return whole


class Aim:
    """A secret agenda compiled for quick reckoning of how near it is to being met: its
    points times the mean of its parts, each 1 when it holds (a meter part fades to 0 over
    15 points short of its bound; the end-state part counts the drift towards the end
    states it needs). Personas that look ahead weigh it."""

    def __init__(self, lookup: ScenarioIndex, agenda_id: str) -> None:
        agenda = lookup.agendas[agenda_id]
        self.points = agenda.points
        self.bounds: tuple[tuple[str, float, float], ...] = tuple(
            (
                m,
                -_BEYOND if b.min is None else float(b.min),
                _BEYOND if b.max is None else float(b.max),
            )
            for m, b in agenda.goal.meters.items()
        )
        """(meter, lowest, highest) of each meter part; typed so the compiled reckoning
        stays in machine floats."""
        self.meters = tuple(meter for meter, _, _ in self.bounds)
        """The meters the goal bounds, in order."""
        self.places = tuple(lookup.places[meter] for meter in self.meters)
        """Their places among the scenario's meters."""
        self.flags, self.not_flags = agenda.goal.flags, agenda.goal.not_flags
        ends = self.end_states = frozenset(agenda.end_states)
        self.curve = (
            tuple(
                sum(share for end, share in _shares(lookup, float(i)) if end in ends)
                for i in range(101)
            )
            if ends
            else None
        )
        self.parts = len(self.bounds) + len(self.flags) + len(self.not_flags) + bool(ends)

    @classmethod
    def of(cls, scenario: Scenario, agenda_id: str) -> Aim:
        """The compiled agenda, built once per scenario."""
        return _aim(scenario.lookup, agenda_id)

    def progress(
        self,
        meters: Mapping[str, int],
        moved: Mapping[str, int],
        flags: frozenset[str] | set[str],
        index: float,
    ) -> float:
        """How near the agenda is, in points, with `moved` added to `meters` and the alliance
        index at `index`."""
        values = [meters[meter] + moved.get(meter, 0) for meter in self.meters]
        return self.progress_at(values, self.held(flags), index)

    def met(
        self, meters: Mapping[str, int], flags: frozenset[str] | set[str], end_state: str
    ) -> bool:
        """Whether the agenda holds with these meters and flags and this end state."""
        if self.end_states and end_state not in self.end_states:
            return False
        return (
            all(flag in flags for flag in self.flags)
            and not any(flag in flags for flag in self.not_flags)
            and all(low <= meters[meter] <= high for meter, low, high in self.bounds)
        )

    def held(self, flags: frozenset[str] | set[str]) -> int:
        """How many of the agenda's flag parts hold with these flags."""
        return sum(f in flags for f in self.flags) + sum(f not in flags for f in self.not_flags)

    def progress_at(self, values: list[int], held: int, index: float) -> float:
        """`progress`, with the goal's meters at `values` (in the order of `meters`) and
        the flag parts that hold already counted (`held`)."""
        if not self.parts:
            return float(self.points)
        done = 0.0
        for i, (_, low, high) in enumerate(self.bounds):
            value = values[i]
            short = low - value if value < low else value - high if value > high else 0.0
            part = 1 - short / 15
            done += part if part > 0.0 else 0.0
        done += held
        if self.curve is not None:
            at = nearest(index)
            done += self.curve[0 if at < 0 else 100 if at > 100 else at]
        return self.points * done / self.parts


@functools.lru_cache(maxsize=256)
def _aim(lookup: ScenarioIndex, agenda_id: str) -> Aim:
    return Aim(lookup, agenda_id)


def score(
    scenario: Scenario,
    meters: Mapping[str, int],
    flags: frozenset[str] | set[str],
    agenda_id: str | None,
    end_state: str,
    side: Side,
) -> Score:
    """A side's final score, the one definition that endings, the simulator, scripts, the
    report and the audit all use: the change of its interest score from the start, plus
    what the end state is worth to it, plus its agenda's points if the agenda is met."""
    look = scenario.lookup
    change = _interest(look, meters, side) - _interest_at_start(look, side)
    aim = _aim(look, agenda_id) if agenda_id else None
    points = aim.points if aim is not None and aim.met(meters, flags, end_state) else 0
    return Score(round(change), look.payoff[side][end_state], points)


def score_now(scenario: Scenario, state: GameState, side: Side) -> Score:
    """A side's final score: as the game ended, or as it would stand if the game ended now
    in the end state it is heading for."""
    if state.ending is not None:
        return dict(state.ending.breakdown)[side]
    return score(
        scenario, state.meters, state.flags, state.agenda(side), state.outlook.heading, side
    )
