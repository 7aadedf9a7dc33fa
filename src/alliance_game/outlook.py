"""The outlook: the alliance index, the drift towards each end state, interest scores."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .scenario import Scenario, Side
from .state import GameState, Kind, Reading


def index(scenario: Scenario, meters: Mapping[str, int]) -> float:
    """The alliance index, 0-100: the weighted mean of the index meters over their ranges."""
    ranges = scenario.lookup.ranges
    return sum(k * (meters[m] - ranges[m][0]) for m, k in scenario.lookup.index_scale.items())


def index_change(scenario: Scenario, changes: Iterable[tuple[str, int]]) -> float:
    """How far a set of meter changes moves the alliance index (other meters fixed)."""
    scale = scenario.lookup.index_scale
    return sum(scale.get(meter, 0.0) * delta for meter, delta in changes)


def score_change(scenario: Scenario, changes: Iterable[tuple[str, int]], side: Side) -> float:
    """How far a set of meter changes moves `side`'s interest score (other meters fixed)."""
    scale = scenario.lookup.interest_scale[side]
    return sum(scale.get(meter, 0.0) * delta for meter, delta in changes)


def read(scenario: Scenario, meters: Mapping[str, int]) -> Reading:
    """The outlook for these meters: heading for the end state whose centre is nearest."""
    at = round(index(scenario, meters), 1)
    nearest = min(scenario.lookup.by_centre, key=lambda e: abs(at - e.centre))
    return Reading(at, nearest.id)


def at_start(scenario: Scenario) -> Reading:
    """The outlook before the first turn, from the starting meters."""
    return read(scenario, scenario.lookup.start)


def drift(scenario: Scenario, reading: Reading) -> tuple[tuple[str, float], ...]:
    """Each end state's share of the drift (summing to 1), from most distrustful to closest.

    The nearer the index to an end state's centre, the larger its share; the scenario's
    `spread` sets how sharply the nearest one dominates.
    """
    spread = scenario.outlook.spread
    ordered = scenario.lookup.by_centre
    pulls = [1.0 / (1.0 + ((reading.index - e.centre) / spread) ** 2) for e in ordered]
    total = sum(pulls)
    return tuple((e.id, round(p / total, 3)) for e, p in zip(ordered, pulls, strict=True))


def towards(scenario: Scenario, shift: float) -> str:
    """The end state a shift of the index leans towards: the lowest or the highest."""
    ordered = scenario.lookup.by_centre
    return (ordered[0] if shift < 0 else ordered[-1]).id


def interest_score(scenario: Scenario, meters: Mapping[str, int], side: Side) -> int:
    """How well `side` has served itself, 0-100: its weighted interest meters over their ranges."""
    ranges = scenario.lookup.ranges
    scale = scenario.lookup.interest_scale[side]
    return round(sum(k * (meters[m] - ranges[m][0]) for m, k in scale.items()))


def final_score(scenario: Scenario, meters: Mapping[str, int], side: Side) -> int:
    """A side's final score: the one definition that endings, the simulator, scripts, the
    report and the audit all use. Today it is the interest score."""
    return interest_score(scenario, meters, side)


def turning_points(
    scenario: Scenario, state: GameState, count: int = 3
) -> list[tuple[int, Side, str, float]]:
    """The choices that moved the alliance index most: (turn, side, option id, index shift)."""
    moves = [
        (e.turn, e.side, e.ref, round(index_change(scenario, e.changes), 1))
        for e in state.log
        if e.kind is Kind.CHOICE and e.side is not None
    ]
    moves = [m for m in moves if m[3]]
    moves.sort(key=lambda m: (-abs(m[3]), m[0], m[1]))
    return [(t, side, ref, shift) for t, side, ref, shift in moves[:count] if side is not None]
