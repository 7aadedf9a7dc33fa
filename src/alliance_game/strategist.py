"""The strategist: a computer player that searches the rest of the game for its best score.

For each option on its card it plays the rest of the game out several ways: its partner
answering as its partner would (a persona without its noise, a fixed policy as it is, a
human as the scenario's first persona), itself following each fixed policy from the next
turn on. The option whose best continuation ends with the highest final score is taken.
The futures it plays are drawn from dice of its own, so it cannot see the game's real
events coming; every option is tried against the same futures, so that luck does not
decide between them.
"""

from __future__ import annotations

from collections.abc import Callable

from . import policies, rules
from .dice import MASK
from .scenario import Scenario, Side
from .state import GameState

PLANS = ("cooperate", "hedge", "compete", policies.TIT_FOR_TAT)
"""How the strategist imagines playing on after this turn."""
FUTURES = 1
"""Futures drawn for each (option, plan)."""


def plan(scenario: Scenario, state: GameState, side: Side, partner: str | None = None) -> str:
    """The option id the strategist picks for `side` this turn: the best final score."""

    def value(final: GameState) -> float:
        assert final.ending is not None
        return dict(final.ending.scores)[side]

    return _search(scenario, state, side, partner, value)


def lever(
    scenario: Scenario, state: GameState, side: Side, option: str, partner: str | None = None
) -> str | None:
    """The lever the strategist uses beside `option` this turn, if any: the one whose game,
    played on by the best plan for `option`, ends with a better final score than keeping
    every lever does."""
    open_levers = rules.levers_open(scenario, state, side)
    if not open_levers:
        return None
    futures = _futures(scenario, state, side, _model(scenario, partner))

    def worth(own: str, pulled: str | None) -> float:
        final = futures.play_out(option, own, 0, pulled)
        assert final.ending is not None
        return dict(final.ending.scores)[side]

    own = max(PLANS, key=lambda plan: worth(plan, None))
    best, best_value = None, worth(own, None)
    for candidate, _ in open_levers:
        value = worth(own, candidate.id)
        if value > best_value:
            best, best_value = candidate.id, value
    return best


def steer(
    scenario: Scenario, state: GameState, side: Side, end_state: str, partner: str | None = None
) -> str:
    """The option that brings the alliance index nearest `end_state`'s centre once this
    turn is resolved against the partner's likely answer (an early ending counts as on
    target when it is that end state, and as far off when it is another)."""
    model = _model(scenario, partner)
    target = scenario.lookup.end_states[end_state].centre
    imagined = state.replaced(seed=_future_seed(state, 0))
    answer = policies.likely(scenario, imagined, side.other, model)
    best, best_gap = "", float("inf")
    for option in rules.offered(scenario, state, side):
        after = rules.play_turn(scenario, imagined, {side: option.id, side.other: answer})
        if after.ending is not None and after.ending.turn == state.turn:
            gap = 0.0 if after.ending.end_state == end_state else 1000.0
        else:
            gap = abs(after.outlook.index - target)
        if gap < best_gap:
            best, best_gap = option.id, gap
    return best


def _search(
    scenario: Scenario,
    state: GameState,
    side: Side,
    partner: str | None,
    value: Callable[[GameState], float],
) -> str:
    """The option whose best continuation (over `PLANS` and `FUTURES`) is worth most."""
    futures = _futures(scenario, state, side, _model(scenario, partner))
    options = rules.offered(scenario, state, side)
    best, best_value = options[0].id, float("-inf")
    for option in options:
        worth = max(
            value(futures.play_out(option.id, own, future))
            for own in PLANS
            for future in range(FUTURES)
        )
        if worth > best_value:
            best, best_value = option.id, worth
    return best


def _model(scenario: Scenario, partner: str | None) -> str:
    """The player the strategist expects its partner to play like: the partner itself when
    it is a persona or a policy, the scenario's first persona when it is a human or
    another searching player."""
    if partner is None or not policies.known(scenario, partner):
        return scenario.personas[0].id
    if partner == policies.STRATEGIST or partner.startswith(policies.AIM):
        return scenario.personas[0].id
    return partner


def _future_seed(state: GameState, future: int) -> int:
    """Dice of the strategist's own, so that the futures it imagines are not the game's."""
    return (state.seed * 0x2545F4914F6CDD1D + state.turn * 131 + future + 1) & MASK


class _Futures:
    """The games a strategist imagines from one decision, sharing every turn that two of
    them have in common: the same state and the same choices give the same next state, so
    each such turn (and each expected answer of the partner) is worked out once."""

    def __init__(self, scenario: Scenario, state: GameState, side: Side, model: str) -> None:
        self.scenario, self.root, self.side, self.model = scenario, state, side, model
        self.other = side.other
        self.first = scenario.personas[0].id
        """Whom the partner expects the side to play like."""
        self.starts: dict[int, GameState] = {}
        """Future -> the decision's state on the dice of that future."""
        # Keyed by the id of a state, each kept alive beside its entry.
        self.answers: dict[int, tuple[GameState, str]] = {}
        self.turns: dict[tuple[int, str, str, str | None], tuple[GameState, GameState]] = {}
        self.finals: dict[tuple[str, str, int, str | None], GameState] = {}

    def serves(self, scenario: Scenario, state: GameState, side: Side, model: str) -> bool:
        """Whether these are the futures of this decision."""
        return (
            self.scenario is scenario
            and self.root is state
            and self.side is side
            and self.model == model
        )

    def play_out(self, option: str, own: str, future: int, pulled: str | None = None) -> GameState:
        """The end of a game in which the side takes `option` now (with the lever `pulled`,
        if any) and plays `own` after."""
        key = (option, own, future, pulled)
        final = self.finals.get(key)
        if final is None:
            imagined = self.starts.get(future)
            if imagined is None:
                imagined = self.root.replaced(seed=_future_seed(self.root, future))
                self.starts[future] = imagined
            imagined = self._turn(imagined, option, pulled)
            while not imagined.over:
                mine = policies.choose(self.scenario, imagined, self.side, own)
                imagined = self._turn(imagined, mine, None)
            final = self.finals[key] = imagined
        return final

    def _turn(self, state: GameState, mine: str, pulled: str | None) -> GameState:
        """The state after a turn in which the side takes `mine` (and `pulled`) and its
        partner answers as expected."""
        theirs = self._answer(state)
        key = (id(state), mine, theirs, pulled)
        hit = self.turns.get(key)
        if hit is None:
            side = self.side
            after = rules.play_turn(
                self.scenario,
                state,
                {side: mine, self.other: theirs},
                {side: pulled} if pulled else None,
            )
            hit = self.turns[key] = (state, after)
        return hit[1]

    def _answer(self, state: GameState) -> str:
        """The partner's expected choice: its model's, looking ahead as the partner would,
        and expecting the side to play like the scenario's first persona."""
        hit = self.answers.get(id(state))
        if hit is None:
            answer = policies.likely(self.scenario, state, self.other, self.model, self.first, True)
            hit = self.answers[id(state)] = (state, answer)
        return hit[1]


_LAST: list[_Futures] = []
"""The futures of the latest decision: its lever, weighed next, plays the same games."""


def _futures(scenario: Scenario, state: GameState, side: Side, model: str) -> _Futures:
    """The futures of this decision: those of the latest one if it is the same."""
    last = _LAST[0] if _LAST else None
    if last is not None and last.serves(scenario, state, side, model):
        return last
    futures = _Futures(scenario, state, side, model)
    _LAST[:] = [futures]
    return futures
