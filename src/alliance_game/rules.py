"""The rules: pure functions from (scenario, state, choices) to a new state.

A turn runs in this order:
1. opening (`_open`): lasting effects play out, standing pressures apply, scheduled and
   random events fire as news, and each side is dealt a decision card;
2. the players choose, simultaneously (outside this module);
3. resolution (`play_turn`): each side's own effects, then joint outcomes for the pair of
   choices, meters clamped, the outlook recomputed, the end check.

Randomness comes only from `random.Random` seeded by (game seed, turn, purpose), so the
same scenario, seed and choices always give the same game.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from . import outlook
from .scenario import Condition, Consequences, DecisionCard, Event, Option, Scenario, Side
from .state import Changes, Ending, Entry, GameState, Kind, Pending, TurnRecord

EVENT_DRAW, CARD_DRAW = 1, 2
Weighted = TypeVar("Weighted", DecisionCard, Event)


class IllegalMove(ValueError):
    """A choice the rules do not allow: the message says what and why."""


def rng(seed: int, turn: int, purpose: int) -> random.Random:
    """The random stream for one purpose on one turn of one game."""
    return random.Random((seed * 1_000_003 + turn) * 97 + purpose)


def new_game(scenario: Scenario, seed: int) -> GameState:
    """A game at the start of its first turn, with turn 1's news and cards dealt."""
    meters = {m.id: m.start for m in scenario.meters}
    state = GameState(
        seed=seed,
        turn=0,
        meters=meters,
        flags=frozenset(),
        played=frozenset(),
        fired=frozenset(),
        pending=(),
        offer=(),
        outlook=outlook.read(scenario, meters),
        history=(),
        log=(),
    )
    return _open(scenario, state, 1)


def card(scenario: Scenario, state: GameState, side: Side) -> DecisionCard:
    """The decision card `side` faces this turn."""
    if state.over:
        raise IllegalMove("the game is over")
    return scenario.lookup.cards[state.card(side)]


def check_choice(scenario: Scenario, state: GameState, side: Side, option_id: str) -> Option:
    """The option `side` chose, or `IllegalMove` saying why it cannot be chosen now."""
    offered = card(scenario, state, side)
    for option in offered.options:
        if option.id == option_id:
            return option
    ids = ", ".join(o.id for o in offered.options)
    known = option_id in scenario.lookup.options
    problem = "is not offered" if known else "is not an option id in this scenario"
    raise IllegalMove(
        f"turn {state.turn}: {option_id!r} {problem} to {scenario.sides[side].name} "
        f"(card {offered.id!r} offers {ids})"
    )


def play_turn(scenario: Scenario, state: GameState, choices: Mapping[Side, str]) -> GameState:
    """Resolve the current turn with both sides' choices, then open the next or end the game."""
    if state.over:
        raise IllegalMove("the game is over")
    missing = [s.value for s in Side if s not in choices]
    if missing:
        raise IllegalMove(f"turn {state.turn}: no choice for {', '.join(missing)}")
    chosen = {side: check_choice(scenario, state, side, choices[side]) for side in Side}

    turn = state.turn
    board = _Board(scenario, state)
    for side in Side:
        board.apply(Kind.CHOICE, chosen[side].id, chosen[side], side)
    for joint, moscow, tehran in scenario.lookup.joint_keys:
        if _matches(chosen[Side.MOSCOW], moscow) and _matches(chosen[Side.TEHRAN], tehran):
            board.apply(Kind.JOINT, joint.id, joint)

    reading = outlook.read(scenario, board.meters)
    record = TurnRecord(
        turn=turn,
        cards=state.offer,
        choices=tuple((side, chosen[side].id) for side in Side),
        outlook=reading,
    )
    state = board.commit(
        played=state.played | {state.card(side) for side in Side},
        outlook=reading,
        history=(*state.history, record),
    )
    return _end_or_open(scenario, state)


def _matches(option: Option, keys: frozenset[str]) -> bool:
    return option.id in keys or not keys.isdisjoint(option.tags)


def _end_or_open(scenario: Scenario, state: GameState) -> GameState:
    turn = state.turn
    for threshold in scenario.thresholds:
        if holds(threshold.when, turn, state.meters, state.flags):
            entry = Entry(turn, Kind.THRESHOLD, threshold.id)
            return _finish(scenario, state, threshold.end_state, threshold.id, entry)
    if turn >= scenario.calendar.turns:
        return _finish(scenario, state, state.outlook.heading, "final_turn")
    return _open(scenario, state, turn + 1)


def _finish(
    scenario: Scenario, state: GameState, end_state: str, cause: str, *entries: Entry
) -> GameState:
    scores = tuple((side, outlook.interest_score(scenario, state.meters, side)) for side in Side)
    ending = Ending(end_state=end_state, turn=state.turn, cause=cause, scores=scores)
    closing = Entry(state.turn, Kind.ENDING, end_state)
    return replace(state, offer=(), ending=ending, log=(*state.log, *entries, closing))


def _open(scenario: Scenario, state: GameState, turn: int) -> GameState:
    board = _Board(scenario, replace(state, turn=turn))
    board.play_out_pending()
    for pressure in scenario.pressures:
        if holds(pressure.when, turn, board.meters, board.flags):
            board.apply(Kind.PRESSURE, pressure.id, pressure)
    for event in _events_due(scenario, board, turn, state.seed):
        board.apply(Kind.EVENT, event.id, event)
        board.fired.add(event.id)
    draw = rng(state.seed, turn, CARD_DRAW)
    offer = tuple((side, _deal(scenario, board, side, draw).id) for side in Side)
    return board.commit(offer=offer, outlook=outlook.read(scenario, board.meters))


def _events_due(scenario: Scenario, board: _Board, turn: int, seed: int) -> list[Event]:
    due = [
        e
        for e in scenario.lookup.scheduled
        if e.turn == turn and _may_fire(e, board) and holds(e.when, turn, board.meters, board.flags)
    ]
    draw = rng(seed, turn, EVENT_DRAW)
    if draw.random() < scenario.rules.event_chance:
        pool = [
            e
            for e in scenario.lookup.random_events
            if _may_fire(e, board) and holds(e.when, turn, board.meters, board.flags)
        ]
        if pool:
            due.append(_weighted(draw, pool))
    return due


def _may_fire(event: Event, board: _Board) -> bool:
    return not (event.once and event.id in board.fired)


def _deal(scenario: Scenario, board: _Board, side: Side, draw: random.Random) -> DecisionCard:
    """A card not yet played whose condition holds; failing that, one played before."""
    turn, meters, flags = board.turn, board.meters, board.flags
    available = [c for c in scenario.lookup.cards_of[side] if holds(c.when, turn, meters, flags)]
    fresh = [c for c in available if c.id not in board.played]
    return _weighted(draw, fresh or available)


def _weighted(draw: random.Random, items: Sequence[Weighted]) -> Weighted:
    if len(items) == 1:
        return items[0]
    return draw.choices(items, weights=[i.weight for i in items])[0]


def holds(
    cond: Condition, turn: int, meters: Mapping[str, int], flags: frozenset[str] | set[str]
) -> bool:
    """Whether a condition holds on `turn` with these meters and flags."""
    if cond.from_turn is not None and turn < cond.from_turn:
        return False
    if cond.until_turn is not None and turn > cond.until_turn:
        return False
    for meter, bound in cond.meters.items():
        value = meters[meter]
        if (bound.min is not None and value < bound.min) or (
            bound.max is not None and value > bound.max
        ):
            return False
    return all(f in flags for f in cond.flags) and not any(f in flags for f in cond.not_flags)


class _Board:
    """Scratch space for one phase of a turn: mutable copies, committed into a new state."""

    def __init__(self, scenario: Scenario, state: GameState) -> None:
        self.scenario = scenario
        self.state = state
        self.turn = state.turn
        self.meters = dict(state.meters)
        self.flags = set(state.flags)
        self.fired = set(state.fired)
        self.played = state.played
        self.pending = list(state.pending)
        self.entries: list[Entry] = []

    def change(self, effects: Mapping[str, int] | Changes) -> Changes:
        """Apply meter changes, clamped; return the changes that actually happened."""
        lookup = self.scenario.lookup.meters
        items = effects.items() if isinstance(effects, Mapping) else effects
        done = []
        for meter, delta in items:
            m = lookup[meter]
            old = self.meters[meter]
            new = min(m.max, max(m.min, old + delta))
            if new != old:
                self.meters[meter] = new
                done.append((meter, new - old))
        return tuple(done)

    def apply(self, kind: Kind, ref: str, what: Consequences, side: Side | None = None) -> None:
        """Apply something's consequences and log them under `ref`."""
        changes = self.change(what.effects)
        if what.lasting:
            effects = tuple(what.lasting.effects.items())
            self.pending.append(Pending(ref, effects, what.lasting.turns))
        self.flags.update(what.sets)
        self.flags.difference_update(what.clears)
        self.entries.append(Entry(self.turn, kind, ref, changes, side))

    def play_out_pending(self) -> None:
        """Each lasting effect plays one more turn's worth."""
        still = []
        for p in self.pending:
            self.entries.append(Entry(self.turn, Kind.LASTING, p.ref, self.change(p.effects)))
            if p.turns > 1:
                still.append(replace(p, turns=p.turns - 1))
        self.pending = still

    def commit(self, **fields: Any) -> GameState:
        """A new state with this board's meters, flags and log entries, plus `fields`."""
        return replace(
            self.state,
            meters=self.meters,
            flags=frozenset(self.flags),
            fired=frozenset(self.fired),
            pending=tuple(self.pending),
            log=(*self.state.log, *self.entries),
            **fields,
        )
