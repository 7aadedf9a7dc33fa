"""The outlook: the alliance index, the drift towards each end state, interest scores."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .scenario import Scenario, Side
from .state import GameState, Kind, Reading


def index(scenario: Scenario, meters: Mapping[str, int]) -> float:
    """The alliance index, 0-100: the weighted mean of the index meters over their ranges."""
    lookup = scenario.lookup.meters
    total = weights = 0.0
    for meter, weight in scenario.outlook.index.items():
        m = lookup[meter]
        total += weight * (meters[meter] - m.min) / (m.max - m.min)
        weights += weight
    return 100.0 * total / weights


def index_change(scenario: Scenario, changes: Iterable[tuple[str, int]]) -> float:
    """How far a set of meter changes moves the alliance index (other meters fixed)."""
    lookup = scenario.lookup.meters
    weights = scenario.outlook.index
    moved = sum(
        weights[meter] * delta / (lookup[meter].max - lookup[meter].min)
        for meter, delta in changes
        if meter in weights
    )
    return 100.0 * moved / sum(weights.values())


def read(scenario: Scenario, meters: Mapping[str, int]) -> Reading:
    """The outlook for these meters: heading for the end state whose centre is nearest."""
    at = index(scenario, meters)
    spread = scenario.outlook.spread
    ordered = scenario.lookup.by_centre
    pulls = [1.0 / (1.0 + ((at - e.centre) / spread) ** 2) for e in ordered]
    total = sum(pulls)
    nearest = min(ordered, key=lambda e: abs(at - e.centre))
    return Reading(
        index=round(at, 1),
        heading=nearest.id,
        shares=tuple((e.id, round(p / total, 3)) for e, p in zip(ordered, pulls, strict=True)),
    )


def towards(scenario: Scenario, shift: float) -> str:
    """The end state a shift of the index leans towards: the lowest or the highest."""
    ordered = scenario.lookup.by_centre
    return (ordered[0] if shift < 0 else ordered[-1]).id


def interest_score(scenario: Scenario, meters: Mapping[str, int], side: Side) -> int:
    """How well `side` has served itself, 0-100: its weighted interest meters over their ranges."""
    lookup = scenario.lookup.meters
    interests = scenario.sides[side].interests
    total = sum(
        w * (meters[m] - lookup[m].min) / (lookup[m].max - lookup[m].min)
        for m, w in interests.items()
    )
    return round(100 * total / sum(interests.values()))


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
