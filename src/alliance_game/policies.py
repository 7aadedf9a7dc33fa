"""Computer counterparts: the players that choose an option when no human does.

Four kinds, each deterministic by the game's seed:
- **personas**, defined in the scenario: each offered option is scored by what it does
  for the persona's own interests and for the alliance, by its liking for the option's
  stance, by how the option answers the partner's last stance, and by the state of the
  alliance; a little seeded noise keeps it from being predictable;
- **fixed policies**, which never read a card: `cooperate`, `hedge` and `compete` take
  the option of that stance, `tit-for-tat` answers the partner's last stance in kind;
- `random`, uniform among the offered options;
- `strategist`, which searches over the rest of the game for its best final score
  (`strategist.py`);
- `aim:END_STATE` (for example `aim:strengthening`), which steers the alliance index
  towards that end state, one turn ahead: the audit's targeted player.
"""

from __future__ import annotations

from functools import lru_cache

from .dice import Dice
from .rules import card
from .scenario import Option, Scenario, ScenarioIndex, Side, Stance
from .state import GameState

RANDOM = "random"
"""A player that picks uniformly among the offered options."""
STRATEGIST = "strategist"
"""A player that searches the rest of the game for its own best final score."""
TIT_FOR_TAT = "tit-for-tat"
FIXED = ("cooperate", "hedge", "compete", TIT_FOR_TAT)
"""Policies that play by stance alone, whatever the card says."""
AIM = "aim:"
"""Prefix of a targeted player: `aim:` and an end state id."""

FALLBACK = {
    Stance.COOPERATE: (Stance.COOPERATE, Stance.HEDGE, Stance.COMPETE),
    Stance.HEDGE: (Stance.HEDGE, Stance.COOPERATE, Stance.COMPETE),
    Stance.COMPETE: (Stance.COMPETE, Stance.HEDGE, Stance.COOPERATE),
}
"""The stance a fixed policy takes on a card without its own: the nearest one, and for
`hedge` (between the two) the cooperative one first."""

PERSONA_DRAW = 10
STANCE_VALUE = {Stance.COOPERATE: 1, Stance.HEDGE: 0, Stance.COMPETE: -1}
POINTS = 4.0
"""Index or interest-score points that count as one unit of a persona's weights."""


def names(scenario: Scenario) -> list[str]:
    """Every computer player a scenario offers: its personas, the fixed policies,
    `random` and `strategist` (the targeted players, `aim:...`, are accepted too)."""
    return [*scenario.lookup.personas, *FIXED, RANDOM, STRATEGIST]


def known(scenario: Scenario, player: str) -> bool:
    """Whether `player` names a computer player of this scenario."""
    if player.startswith(AIM):
        return player[len(AIM) :] in scenario.lookup.end_states
    return player in names(scenario)


def choose(
    scenario: Scenario, state: GameState, side: Side, player: str, partner: str | None = None
) -> str:
    """The option id a computer `player` picks for `side` this turn; `partner` names who
    plays the other side (the strategist plans with it)."""
    if player in scenario.lookup.personas:
        return persona_choice(scenario, state, side, player).id
    options = card(scenario, state, side).options
    if player == RANDOM:
        return Dice(state.seed, state.turn, PERSONA_DRAW + (side is Side.TEHRAN)).choice(options).id
    if player == TIT_FOR_TAT:
        return by_stance(options, _answer(scenario, state, side)).id
    if player == STRATEGIST or player.startswith(AIM):
        from . import strategist  # the search plays whole games through this module

        if player == STRATEGIST:
            return strategist.plan(scenario, state, side, partner)
        return strategist.steer(scenario, state, side, player[len(AIM) :], partner)
    return by_stance(options, Stance(player)).id


def likely(scenario: Scenario, state: GameState, side: Side, player: str) -> str:
    """The choice another player would expect of `player`: a persona's without its noise,
    any other computer player's own."""
    if player in scenario.lookup.personas:
        return persona_choice(scenario, state, side, player, noise=False).id
    return choose(scenario, state, side, player)


def by_stance(options: list[Option], stance: Stance) -> Option:
    """The first option of `stance`, or of the nearest stance when the card has none."""
    for wanted in FALLBACK[stance]:
        for option in options:
            if option.stance is wanted:
                return option
    return options[0]


def _answer(scenario: Scenario, state: GameState, side: Side) -> Stance:
    """Tit-for-tat: the partner's last stance, cooperating first (and after a skipped turn)."""
    chosen = state.history[-1].choice(side.other) if state.history else None
    return Stance.COOPERATE if chosen is None else scenario.lookup.options[chosen].stance


def persona_choice(
    scenario: Scenario, state: GameState, side: Side, persona_id: str, noise: bool = True
) -> Option:
    """The option a persona picks; without `noise`, its likeliest pick."""
    options = card(scenario, state, side).options
    persona = scenario.lookup.personas[persona_id]
    draw = Dice(state.seed, state.turn, PERSONA_DRAW + (side is Side.TEHRAN))
    partner_last = _last_stance(scenario, state, side.other)
    mood = persona.trust_sensitivity * (state.outlook.index - 50.0) / 50.0
    spread = persona.noise if noise else 0.0
    best, best_score = options[0], float("-inf")
    for option in options:
        stance = STANCE_VALUE[option.stance]
        score = _appeal(scenario.lookup, persona.id, option.id) + mood * stance
        if partner_last is not None:
            score -= persona.reciprocity * abs(stance - partner_last) / 2
        score += spread * draw.uniform(-1, 1)
        if score > best_score:
            best, best_score = option, score
    return best


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
