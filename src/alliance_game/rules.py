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

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from . import outlook
from .dice import Dice
from .scenario import (
    SIDES,
    CompiledCondition,
    Condition,
    Consequences,
    DecisionCard,
    Event,
    Option,
    Scenario,
    Side,
)
from .state import Changes, Ending, Entry, GameState, Kind, Pending, Reading, TurnRecord

EVENT_DRAW, CARD_DRAW = 1, 2
Weighted = TypeVar("Weighted", DecisionCard, Event)


class IllegalMove(ValueError):
    """A choice the rules do not allow: the message says what and why."""


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
    missing = [s.value for s in SIDES if s not in choices]
    if missing:
        raise IllegalMove(f"turn {state.turn}: no choice for {', '.join(missing)}")
    chosen = {side: check_choice(scenario, state, side, choices[side]) for side in SIDES}

    turn = state.turn
    board = _Board(scenario, state, turn)
    for side in SIDES:
        board.apply(Kind.CHOICE, chosen[side].id, chosen[side], side)
    for joint in scenario.lookup.joint_for(chosen[Side.MOSCOW], chosen[Side.TEHRAN]):
        board.apply(Kind.JOINT, joint.id, joint)

    reading = outlook.read(scenario, board.meters)
    record = TurnRecord(
        turn=turn,
        cards=state.offer,
        choices=tuple((side, chosen[side].id) for side in SIDES),
        outlook=reading,
    )
    state = board.commit(
        played=state.played | {state.card(side) for side in SIDES},
        outlook=reading,
        history=(*state.history, record),
    )
    return _end_or_open(scenario, state)


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
    scores = tuple((side, outlook.interest_score(scenario, state.meters, side)) for side in SIDES)
    ending = Ending(end_state=end_state, turn=state.turn, cause=cause, scores=scores)
    closing = Entry(state.turn, Kind.ENDING, end_state)
    return replace(state, offer=(), ending=ending, log=(*state.log, *entries, closing))


def _open(scenario: Scenario, state: GameState, turn: int) -> GameState:
    board = _Board(scenario, state, turn)
    board.play_out_pending()
    for pressure, gate in scenario.lookup.standing:
        if gate is None or passes(gate, turn, board.meters, board.flags):
            board.apply(Kind.PRESSURE, pressure.id, pressure)
    for event in _events_due(scenario, board, turn, state.seed):
        board.apply(Kind.EVENT, event.id, event)
        board.fired.add(event.id)
    draw = Dice(state.seed, turn, CARD_DRAW)
    offer = tuple((side, _deal(scenario, board, side, draw).id) for side in SIDES)
    return board.commit(offer=offer, outlook=outlook.read(scenario, board.meters))


def _events_due(scenario: Scenario, board: _Board, turn: int, seed: int) -> list[Event]:
    meters, flags, fired = board.meters, board.flags, board.fired
    due = [
        e
        for e, gate in scenario.lookup.scheduled.get(turn, ())
        if not (e.once and e.id in fired) and (gate is None or passes(gate, turn, meters, flags))
    ]
    draw = Dice(seed, turn, EVENT_DRAW)
    if draw.random() < scenario.rules.event_chance:
        pool = [
            e
            for e, gate in scenario.lookup.random_events
            if not (e.once and e.id in fired)
            and (gate is None or passes(gate, turn, meters, flags))
        ]
        if pool:
            due.append(_weighted(draw, pool))
    return due


def _deal(scenario: Scenario, board: _Board, side: Side, draw: Dice) -> DecisionCard:
    """A card not yet played whose condition holds; failing that, one played before."""
    turn, meters, flags, played = board.turn, board.meters, board.flags, board.played
    open_ = [
        c
        for c, gate in scenario.lookup.decks[side]
        if gate is None or passes(gate, turn, meters, flags)
    ]
    return _weighted(draw, [c for c in open_ if c.id not in played] or open_)


def _weighted(draw: Dice, items: Sequence[Weighted]) -> Weighted:
    return draw.weighted(items, [i.weight for i in items])


def holds(
    cond: Condition, turn: int, meters: Mapping[str, int], flags: frozenset[str] | set[str]
) -> bool:
    """Whether a condition holds on `turn` with these meters and flags."""
    compiled = cond.compiled
    return compiled is None or passes(compiled, turn, meters, flags)


def passes(
    compiled: CompiledCondition,
    turn: int,
    meters: Mapping[str, int],
    flags: frozenset[str] | set[str],
) -> bool:
    """`holds` for a compiled condition."""
    first, last, bounds, needed, forbidden = compiled
    if not first <= turn <= last:
        return False
    for meter, low, high in bounds:
        if not low <= meters[meter] <= high:
            return False
    return needed.issubset(flags) and forbidden.isdisjoint(flags)


class _Board:
    """Scratch space for one phase of a turn: mutable copies, committed into a new state."""

    def __init__(self, scenario: Scenario, state: GameState, turn: int) -> None:
        self.scenario = scenario
        self.state = state
        self.turn = turn
        self.meters = dict(state.meters)
        self.flags = set(state.flags)
        self.fired = set(state.fired)
        self.played = state.played
        self.pending = list(state.pending)
        self.entries: list[Entry] = []

    def change(self, effects: Changes) -> Changes:
        """Apply meter changes, clamped; return the changes that actually happened."""
        ranges = self.scenario.lookup.ranges
        done = []
        for meter, delta in effects:
            low, high = ranges[meter]
            old = self.meters[meter]
            new = old + delta
            if new > high:
                new = high
            elif new < low:
                new = low
            if new != old:
                self.meters[meter] = new
                done.append((meter, new - old))
        return tuple(done)

    def apply(self, kind: Kind, ref: str, what: Consequences, side: Side | None = None) -> None:
        """Apply something's consequences and log them under `ref`."""
        changes = self.change(what.changes)
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
                still.append(Pending(p.ref, p.effects, p.turns - 1))
        self.pending = still

    def commit(
        self,
        *,
        outlook: Reading,
        offer: tuple[tuple[Side, str], ...] | None = None,
        played: frozenset[str] | None = None,
        history: tuple[TurnRecord, ...] | None = None,
    ) -> GameState:
        """A new state with this board's meters, flags and log entries, and what is given."""
        state = self.state
        return GameState(
            seed=state.seed,
            turn=self.turn,
            meters=self.meters,
            flags=frozenset(self.flags),
            played=state.played if played is None else played,
            fired=frozenset(self.fired),
            pending=tuple(self.pending),
            offer=state.offer if offer is None else offer,
            outlook=outlook,
            history=state.history if history is None else history,
            log=(*state.log, *self.entries),
        )
