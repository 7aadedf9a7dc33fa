"""Turning points for the debrief: the moments where another choice would most have changed
how the partnership ended, found by replaying the game, same seed, with that one choice
changed and everything else played as it was (or, where the changed game deals a card the
real one never did, as the seated players would play it)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from . import policies, rules
from .game import HUMAN, Action
from .scenario import SIDES, Scenario, Side, Stance
from .state import GameState, TurnRecord

MOVED = 1.0
"""A change that keeps the end state counts only if it moves the final index this far."""


class TurningPoint(NamedTuple):
    """Had `side` chosen `instead` of `chosen` on `turn`, the game would have ended in
    `would` rather than `ended`, with the alliance index `shift` points away from where it
    ended."""

    turn: int
    side: Side
    chosen: str
    instead: str
    would: str
    ended: str
    shift: float

    @property
    def changes_ending(self) -> bool:
        return self.would != self.ended


def turning_points(
    scenario: Scenario,
    state: GameState,
    seats: Mapping[Side, str],
    actions: Iterable[Action] = (),
    count: int = 3,
) -> list[TurningPoint]:
    """The `count` single changes of choice that would most have changed the ending of a
    finished game (`seats` as in `Game.seats`, `actions` the facilitator's): those that
    change the end state first, then by how far they move the final alliance index."""
    if state.ending is None:
        return []
    replay = _Replay(scenario, state, seats, actions)
    found = []
    for start, record in replay.starts():
        for side in SIDES:
            best = replay.best_change(start, record, side)
            if best is not None and (best.changes_ending or abs(best.shift) >= MOVED):
                found.append(best)
    found.sort(key=lambda p: (*_rank(p), p.turn, p.side.value))
    return found[:count]


class _Replay:
    """The game played again from its seed, turn by turn, with one choice changed."""

    def __init__(
        self,
        scenario: Scenario,
        state: GameState,
        seats: Mapping[Side, str],
        actions: Iterable[Action],
    ) -> None:
        self.scenario, self.final, self.seats = scenario, state, dict(seats)
        self.records = {r.turn: r for r in state.history}
        self.injects: dict[int, list[str]] = {}
        for action in actions:
            if action.action == "inject":
                self.injects.setdefault(action.turn, []).append(action.detail)
        # A human's choices are replayed; where the changed game deals a card the real one
        # never did, a stand-in plays the stance that human chose most often.
        self.stand_in = {side: self._habit(side) for side in SIDES}

    def starts(self) -> Iterable[tuple[GameState, TurnRecord]]:
        """Each decided turn of the real game, with the state just before its resolution
        (injects fired and pledges made)."""
        state = rules.new_game(self.scenario, self.final.seed)
        for record in self.final.history:
            state = self._open(state, record)
            if record.choices:
                yield state, record
                levers = dict(record.levers)
                state = rules.play_turn(self.scenario, state, dict(record.choices), levers)
            else:
                state = rules.skip_turn(self.scenario, state)

    def best_change(self, start: GameState, record: TurnRecord, side: Side) -> TurningPoint | None:
        """The other option of `side`'s card that would most have changed the ending."""
        chosen = record.choice(side)
        if chosen is None:
            return None
        card = self.scenario.lookup.card_of_option[chosen]
        best = None
        for option in card.options:
            if option.id == chosen:
                continue
            end = self._finish(start, record, side, option.id)
            assert end.ending is not None and self.final.ending is not None
            point = TurningPoint(
                record.turn,
                side,
                chosen,
                option.id,
                end.ending.end_state,
                self.final.ending.end_state,
                round(end.outlook.index - self.final.outlook.index, 1),
            )
            if best is None or _rank(point) < _rank(best):
                best = point
        return best

    def _finish(self, start: GameState, record: TurnRecord, side: Side, instead: str) -> GameState:
        choices = dict(record.choices) | {side: instead}
        levers = self._levers(start, dict(record.levers), choices)
        state = rules.play_turn(self.scenario, start, choices, levers)
        while not state.over:
            state = self._play(state)
        return state

    def _play(self, state: GameState) -> GameState:
        """One turn of the changed game after the change."""
        record = self.records.get(state.turn)
        state = self._open(state, record)
        if record is not None and not record.choices:
            return rules.skip_turn(self.scenario, state)
        choices = {side: self._choice(state, side, record) for side in SIDES}
        kept = dict(record.levers) if record is not None else {}
        return rules.play_turn(self.scenario, state, choices, self._levers(state, kept, choices))

    def _open(self, state: GameState, record: TurnRecord | None) -> GameState:
        """Fire the turn's injects and make its pledges (as recorded, where they still may be
        made; computers pledge as they would)."""
        for ref in self.injects.get(state.turn, []):
            with contextlib.suppress(rules.IllegalMove):  # the changed game may not allow it
                state = rules.inject(self.scenario, state, ref)
        recorded = dict(record.pledges) if record is not None else {}
        for side in SIDES:
            pledge = recorded.get(side)
            if pledge is None and self.seats[side] != HUMAN:
                pledge = policies.pledge_for(
                    self.scenario, state, side, self.seats[side], self.seats[side.other]
                )
            if pledge and state.pledge(side) is None:
                state = rules.pledge(self.scenario, state, side, pledge)
        return state

    def _choice(self, state: GameState, side: Side, record: TurnRecord | None) -> str:
        """A human's recorded choice where its card came up again; otherwise what the seated
        computer (or, for a human, the stand-in) would choose."""
        recorded = record.choice(side) if record is not None else None
        player = self.seats[side]
        if player == HUMAN:
            offered = {o.id for o in rules.offered(self.scenario, state, side)}
            if recorded in offered:
                return recorded or ""
            player = self.stand_in[side]
        return policies.choose(self.scenario, state, side, player, self._partner(side))

    def _partner(self, side: Side) -> str:
        other = self.seats[side.other]
        return other if other != HUMAN else self.stand_in[side.other]

    def _habit(self, side: Side) -> str:
        """The stance `side` took most often in the real game (hedge when it never chose)."""
        options = self.scenario.lookup.options
        stances = [options[o].stance for r in self.final.history if (o := r.choice(side))]
        if not stances:
            return Stance.HEDGE.value
        return max(Stance, key=lambda s: (stances.count(s), s is Stance.HEDGE)).value

    def _levers(
        self, state: GameState, recorded: dict[Side, str], choices: dict[Side, str]
    ) -> dict[Side, str]:
        """Humans' levers as recorded, where they may still be used; computers' as they
        would use them with these choices."""
        levers = {}
        for side in SIDES:
            player = self.seats[side]
            if player == HUMAN:
                lever = recorded.get(side, "")
                usable = {lv.id for lv, _ in rules.levers_open(self.scenario, state, side)}
                lever = lever if lever in usable else ""
            else:
                partner = self._partner(side)
                lever = (
                    policies.lever_for(self.scenario, state, side, player, partner, choices[side])
                    or ""
                )
            if lever:
                levers[side] = lever
        return levers


def _rank(point: TurningPoint) -> tuple[bool, float]:
    """Changes of the end state first, then the larger moves of the final index."""
    return (not point.changes_ending, -abs(point.shift))
