"""Computer counterparts: personas (defined in the scenario) that pick an option each turn.

A persona scores each offered option by what it does for the persona's own interests
and for the alliance, by its liking for the option's stance, by how the option answers
the partner's last stance, and by the current state of the alliance; a little seeded
noise keeps it from being predictable. The same seed always gives the same choice.
"""

from __future__ import annotations

from functools import lru_cache

from .dice import Dice
from .rules import card
from .scenario import Scenario, ScenarioIndex, Side, Stance
from .state import GameState

RANDOM = "random"
"""A player that picks uniformly among the offered options."""

PERSONA_DRAW = 10
STANCE_VALUE = {Stance.COOPERATE: 1, Stance.HEDGE: 0, Stance.COMPETE: -1}
POINTS = 4.0
"""Index or interest-score points that count as one unit of a persona's weights."""


def names(scenario: Scenario) -> list[str]:
    """Every computer player a scenario offers: its personas, then `random`."""
    return [*scenario.lookup.personas, RANDOM]


def choose(scenario: Scenario, state: GameState, side: Side, player: str) -> str:
    """The option id a computer `player` (a persona id or `random`) picks for `side`."""
    options = card(scenario, state, side).options
    draw = Dice(state.seed, state.turn, PERSONA_DRAW + (side is Side.TEHRAN))
    if player == RANDOM:
        return draw.choice(options).id
    persona = scenario.lookup.personas[player]
    partner_last = _last_stance(scenario, state, side.other)
    mood = persona.trust_sensitivity * (state.outlook.index - 50.0) / 50.0
    best, best_score = options[0], float("-inf")
    for option in options:
        stance = STANCE_VALUE[option.stance]
        score = _appeal(scenario.lookup, persona.id, option.id) + mood * stance
        if partner_last is not None:
            score -= persona.reciprocity * abs(stance - partner_last) / 2
        score += persona.noise * draw.uniform(-1, 1)
        if score > best_score:
            best, best_score = option, score
    return best.id


@lru_cache(maxsize=4096)
def _appeal(lookup: ScenarioIndex, persona_id: str, option_id: str) -> float:
    """The part of an option's score that never changes: its worth and its stance."""
    persona, option = lookup.personas[persona_id], lookup.options[option_id]
    interest_gain, alliance_gain = lookup.worth[option_id]
    return (
        persona.interest * interest_gain / POINTS
        + persona.alliance * alliance_gain / POINTS
        + float(getattr(persona.stance, option.stance.value))
    )


def _last_stance(scenario: Scenario, state: GameState, side: Side) -> int | None:
    chosen = state.history[-1].choice(side) if state.history else None
    if chosen is None:  # the first turn, or after a skipped one
        return None
    return STANCE_VALUE[scenario.lookup.options[chosen].stance]
