"""The rules: pure functions from (scenario, state, choices) to a new state.

A turn runs in this order:
1. opening (`_open`): lasting effects play out, standing pressures apply, scheduled and
   random events fire as news, and each side is dealt a decision card;
2. the players choose, simultaneously (outside this module);
3. resolution (`play_turn`): each side's own effects, then joint outcomes for the pair of
   choices, meters clamped, the outlook recomputed, the end check.

In classroom play a facilitator may also fire an inject during step 2 (`inject`), or let
the turn pass without decisions (`skip_turn`).

Randomness comes only from `Dice` seeded by (game seed, turn, purpose), so the
same scenario, seed and choices always give the same game.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Final

from . import outlook
from .dice import Dice
from .lookup import (
    Act,
    Check,
    Dealt,
    Moves,
    News,
    Pressing,
    ScenarioIndex,
    Terms,
    When,
    index_of,
    moves,
)
from .scenario import (
    SIDES,
    DecisionCard,
    Lever,
    Option,
    Pledge,
    Pressure,
    Scenario,
    Side,
)
from .state import Changes, Ending, GameState, Kind, Levels, Line, Pending, TurnRecord

EVENT_DRAW: Final = 1
CARD_DRAW: Final = 2
AGENDA_DRAW: Final = 3
OPTION_ORDER: Final = 4
# Compiled, a Final name is a constant, not a look-up in the module's globals; an enum
# member read through its class costs a look-up each time: the turn reads these.
MOSCOW: Final = Side.MOSCOW
TEHRAN: Final = Side.TEHRAN
LASTING: Final = Kind.LASTING
PRESSURE: Final = Kind.PRESSURE
EVENT: Final = Kind.EVENT
CHOICE: Final = Kind.CHOICE
LEVER: Final = Kind.LEVER
JOINT: Final = Kind.JOINT
PLEDGE: Final = Kind.PLEDGE
KEPT: Final = Kind.KEPT
BROKEN: Final = Kind.BROKEN
EMPTY: Final = Kind.EMPTY
THRESHOLD: Final = Kind.THRESHOLD
ENDING: Final = Kind.ENDING


class IllegalMove(ValueError):
    """A choice the rules do not allow: the message says what and why."""


def new_game(scenario: Scenario, seed: int) -> GameState:
    """A game at the start of its first turn: each side dealt its secret agenda (if the
    scenario has any for it), turn 1's news and cards dealt."""
    look = index_of(scenario)
    meters = dict(look.start)
    draw = Dice(seed, 0, AGENDA_DRAW)
    agendas = tuple(
        (side, draw.weighted(pool, [a.weight for a in pool]).id)
        for side in SIDES
        if (pool := look.agendas_of[side])
    )
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
        agendas=agendas,
    )
    board = _Board(look, state)
    _open(scenario, board, 1)
    return board.commit()


def card(scenario: Scenario, state: GameState, side: Side) -> DecisionCard:
    """The decision card `side` faces this turn (the first, with a hand of two)."""
    if state.over:
        raise IllegalMove("the game is over")
    return index_of(scenario).cards[state.card(side)]


def hand(scenario: Scenario, state: GameState, side: Side) -> list[DecisionCard]:
    """Every card `side` is dealt this turn: one, or two when the scenario deals a hand."""
    if state.over:
        raise IllegalMove("the game is over")
    return [index_of(scenario).cards[c] for c in state.hand(side)]


def offered(scenario: Scenario, state: GameState, side: Side) -> list[Option]:
    """Every option `side` may choose this turn, from every card in its hand."""
    if state.ending is not None:
        raise IllegalMove("the game is over")
    options_on = index_of(scenario).options_on
    return [o for who, c in state.offer if who is side for o in options_on[c]]


def shown(scenario: Scenario, state: GameState, side: Side, card_id: str = "") -> list[Option]:
    """The options of one of `side`'s cards (its first unless `card_id` names another) in
    the order a player sees them: as written, or, when the scenario shuffles options, in an
    order fixed by the game's seed and the card."""
    which = card_id or state.card(side)
    if which not in state.hand(side) or state.over:
        raise IllegalMove(f"turn {state.turn}: {scenario.sides[side].name} holds no card {which!r}")
    options = list(index_of(scenario).cards[which].options)
    if scenario.rules.shuffle_options:
        draw = Dice(state.seed, zlib.crc32(which.encode()), OPTION_ORDER)
        keyed = sorted((draw.random(), i) for i in range(len(options)))
        options = [options[i] for _, i in keyed]
    return options


def check_choice(scenario: Scenario, state: GameState, side: Side, option_id: str) -> Option:
    """The option `side` chose, or `IllegalMove` saying why it cannot be chosen now."""
    if state.ending is not None:
        raise IllegalMove("the game is over")
    look = index_of(scenario)
    option = look.options.get(option_id)
    if option is not None:
        card_id = look.card_id_of[option_id]
        for who, offered in state.offer:
            if who is side and offered == card_id:
                return option
    cards = hand(scenario, state, side)
    offers = "; ".join(f"card {c.id!r} offers {', '.join(o.id for o in c.options)}" for c in cards)
    known = option_id in look.options
    problem = "is not offered" if known else "is not an option id in this scenario"
    raise IllegalMove(
        f"turn {state.turn}: {option_id!r} {problem} to {scenario.sides[side].name} ({offers})"
    )


def levers_open(scenario: Scenario, state: GameState, side: Side) -> list[tuple[Lever, int]]:
    """The levers `side` may use this turn, each with its uses left."""
    levers = index_of(scenario).levers
    return [(levers[lever_id], left) for lever_id, left in levers_left(scenario, state, side)]


def levers_left(scenario: Scenario, state: GameState, side: Side) -> list[tuple[str, int]]:
    """`levers_open` by id."""
    if state.ending is not None:
        return []
    look = index_of(scenario)
    return [
        (lever_id, left)
        for _, lever_id, uses, when in look.lever_terms[side]
        if (left := _uses_left(look, state, lever_id, uses, when)) > 0
    ]


def check_lever(scenario: Scenario, state: GameState, side: Side, lever_id: str) -> Lever:
    """The lever `side` would use, or `IllegalMove` saying why it cannot be used now."""
    look = index_of(scenario)
    if state.ending is None:
        for lever, known_id, uses, when in look.lever_terms[side]:
            if known_id == lever_id and _uses_left(look, state, lever_id, uses, when) > 0:
                return lever
    known = look.levers.get(lever_id)
    if known is None:
        problem = "is not a lever of this scenario"
    elif known.side is not side:
        problem = f"belongs to {scenario.sides[known.side].name}"
    elif state.spent.count(lever_id) >= known.uses:
        problem = f"is used up ({known.uses} use{'s' if known.uses > 1 else ''} a game)"
    else:
        problem = "cannot be used this turn"
    raise IllegalMove(f"turn {state.turn}: lever {lever_id!r} {problem}")


def _uses_left(
    look: ScenarioIndex, state: GameState, lever_id: str, uses: int, when: When | None
) -> int:
    """A lever's uses left this turn: none while its condition fails."""
    if when is not None and not holds_now(when, look, state):
        return 0
    for spent in state.spent:  # not `count`: compiled, a method called by name costs more
        if spent == lever_id:
            uses -= 1
    return uses


def pledge(scenario: Scenario, state: GameState, side: Side, pledge_id: str) -> GameState:
    """`side` makes a pledge for this turn, in the open, before the choices."""
    return pledges(scenario, state, ((side, pledge_id),))


def pledges(scenario: Scenario, state: GameState, made: tuple[tuple[Side, str], ...]) -> GameState:
    """Pledges made for this turn, (side, pledge id) in order: `pledge` for each."""
    if state.over:
        raise IllegalMove("the game is over")
    known = index_of(scenario).pledges
    lines: list[Line] = []
    for i, (side, pledge_id) in enumerate(made):
        if pledge_id not in known:
            named = ", ".join(known) or "none"
            raise IllegalMove(f"no pledge {pledge_id!r} in this scenario (known: {named})")
        if state.pledge(side) is not None or any(who is side for who, _ in made[:i]):
            raise IllegalMove(f"turn {state.turn}: {side.value} has already pledged this turn")
        lines.append((state.turn, PLEDGE, pledge_id, (), side))
    return state.pledged(made, lines)


def broke_pledge(side: Side) -> str:
    """The flag a side carries once it has broken a pledge: `pledge_broken_by_moscow`."""
    return f"pledge_broken_by_{side.value}"


def breaks(pledge: Pledge, option: Option) -> bool:
    """Whether choosing `option` breaks `pledge` (the scenario's index has it for every
    option: `lookup.breaking`; a pledge pays only on a card that tests it, `lookup.testing`)."""
    return pledge.broken_by(option)


def play_turn(
    scenario: Scenario,
    state: GameState,
    choices: Mapping[Side, str],
    levers: Mapping[Side, str] | None = None,
) -> GameState:
    """Resolve the current turn with both sides' choices (and any levers they use), then
    open the next or end the game."""
    if state.ending is not None:
        raise IllegalMove("the game is over")
    if MOSCOW not in choices or TEHRAN not in choices:
        missing = [s.value for s in SIDES if s not in choices]
        raise IllegalMove(f"turn {state.turn}: no choice for {', '.join(missing)}")
    moscow_id, tehran_id = choices[MOSCOW], choices[TEHRAN]
    check_choice(scenario, state, MOSCOW, moscow_id)
    check_choice(scenario, state, TEHRAN, tehran_id)
    pulled = list(levers.items()) if levers else []
    for side, lever_id in pulled:
        check_lever(scenario, state, side, lever_id)

    look = index_of(scenario)
    board = _Board(look, state)
    board.use(CHOICE, moscow_id, MOSCOW)
    board.use(CHOICE, tehran_id, TEHRAN)
    for side, lever_id in pulled:
        board.use(LEVER, lever_id, side)
    for joint in look.joint_for(moscow_id, tehran_id):
        board.apply(JOINT, look.joint_acts[joint.id])
    if state.pledges:
        _judge_pledges(look, board, {MOSCOW: moscow_id, TEHRAN: tehran_id})
    card_of = look.card_id_of
    board.played = state.played | {card_of[moscow_id], card_of[tehran_id]}
    if pulled:
        board.spent = (*state.spent, *(lever_id for _, lever_id in pulled))
        board.used = tuple(pulled)
    return _close(scenario, board, ((MOSCOW, moscow_id), (TEHRAN, tehran_id)))


def _judge_pledges(look: ScenarioIndex, board: _Board, chosen: dict[Side, str]) -> None:
    """Each pledge of the turn kept, broken, or empty, by its side's choice."""
    for side, pledge_id in board.state.pledges:
        verdict = judged(look, pledge_id, chosen[side])
        if verdict is BROKEN:
            board.apply(BROKEN, look.broken[pledge_id], side)
            board.flags = board.flags | {broke_pledge(side)}
        elif verdict is KEPT:
            board.apply(KEPT, look.kept[pledge_id], side)
        else:
            board.note(EMPTY, pledge_id, (), side)


def judged(look: ScenarioIndex, pledge_id: str, option_id: str) -> Kind:
    """What becomes of a pledge when its side takes this option: `BROKEN`, `KEPT` (its
    card put the pledge to the test), or `EMPTY` (nothing on the card could break it)."""
    if option_id in look.breaking[pledge_id]:
        return BROKEN
    if look.card_id_of[option_id] in look.testing[pledge_id]:
        return KEPT
    return EMPTY


def situational(look: ScenarioIndex, ref: str, state: GameState) -> Changes:
    """The extra effects of an option's (or lever's) situations that hold as the turn
    begins to resolve (both sides' choices meet the same world)."""
    terms = look.terms[ref]
    return terms.extra(situations_held(look, terms, state))


def situations_held(look: ScenarioIndex, terms: Terms, state: GameState) -> int:
    """Which of an option's (or lever's) situations hold in this state: bit i for
    situation i (`Terms.extra`, `Terms.held`)."""
    mask = 0
    for i, (when, _) in enumerate(terms.situated):
        if when is None or holds_now(when, look, state):
            mask |= 1 << i
    return mask


def holds_now(when: When, look: ScenarioIndex, state: GameState) -> bool:
    """Whether a condition holds in this state."""
    return holds(when, state.turn, state.levels.placed(look.meter_ids), state.flags)


def holds(when: When, turn: int, levels: list[int], flags: frozenset[str]) -> bool:
    """Whether a condition holds on `turn` with these meters (by place) and flags."""
    return when.first <= turn <= when.last and meets(when.check, levels, flags)


def skip_turn(scenario: Scenario, state: GameState) -> GameState:
    """Let the current turn pass without decisions: its cards go back in the deck, and the
    game moves on (or ends) as after any turn."""
    if state.over:
        raise IllegalMove("the game is over")
    board = _Board(index_of(scenario), state)
    board.note(Kind.SKIPPED, "skipped")
    return _close(scenario, board, ())


def inject(scenario: Scenario, state: GameState, ref: str) -> GameState:
    """Fire an inject (or any of the scenario's events) now, in the current turn's
    decision phase. An event fired this way counts as fired."""
    if state.over:
        raise IllegalMove("the game is over")
    look = index_of(scenario)
    what = look.injects.get(ref) or look.events.get(ref)
    if what is None:
        known = ", ".join([*look.injects, *look.events]) or "none"
        raise IllegalMove(f"no inject or event {ref!r} in this scenario (known: {known})")
    board = _Board(look, state)
    board.apply(Kind.INJECT, Act(ref, what.effect, look.places))
    if ref in look.events:
        board.fired = board.fired | {ref}
    board.outlook = outlook.read_levels(look, board.levels)
    return board.commit()


def _close(
    scenario: Scenario, board: _Board, choices_made: tuple[tuple[Side, str], ...]
) -> GameState:
    """After a turn's choices (or its skipping): the outlook, the record, the end check."""
    look = index_of(scenario)
    state, turn, levels = board.state, board.turn, board.levels
    board.outlook = outlook.read_levels(look, levels)
    record = TurnRecord(
        turn,
        state.offer,
        choices_made,
        board.outlook,
        Levels(board.ids, list(levels)),
        state.pledges,
        board.used,
    )
    board.history = state.history + (record,)  # noqa: RUF005 (as in GameState.pledged)

    for wire in look.tripwires:
        if wire.when is None or holds(wire.when, turn, levels, board.flags):
            board.note(THRESHOLD, wire.id)
            _finish(scenario, board, record.levels, wire.end_state, wire.id)
            return board.commit()
    if turn >= look.turns:
        _finish(scenario, board, record.levels, board.outlook.heading, "final_turn")
    else:
        _open(scenario, board, turn + 1)
    return board.commit()


def _finish(scenario: Scenario, board: _Board, levels: Levels, end_state: str, cause: str) -> None:
    """End the game in `end_state` with these (the board's) meters, because of `cause`."""
    agendas, meters = dict(board.state.agendas), levels.by_id()
    breakdown = tuple(
        (side, outlook.score(scenario, meters, board.flags, agendas.get(side), end_state, side))
        for side in SIDES
    )
    board.ending = Ending(end_state=end_state, turn=board.turn, cause=cause, breakdown=breakdown)
    board.offer = ()
    board.note(ENDING, end_state)


def _open(scenario: Scenario, board: _Board, turn: int) -> None:
    """Start `turn`: lasting effects, pressures, news, then deal each side a card."""
    look = index_of(scenario)
    board.turn = turn
    if board.pending:
        board.play_out_pending()
    board.press(look.pressing_on[turn])
    due = _events_due(look, board, turn)
    for news in due:
        board.apply(EVENT, news.act)
    fired = board.fired
    new = [news.id for news in due if news.id not in fired]
    if new:  # a new set only for news not fired before
        board.fired = fired.union(new)
    draw = Dice(board.state.seed, turn, CARD_DRAW)
    board.offer = (*_deal(look, board, MOSCOW, draw), *_deal(look, board, TEHRAN, draw))
    board.pledges = ()
    board.outlook = outlook.read_levels(look, board.levels)


def _events_due(look: ScenarioIndex, board: _Board, turn: int) -> list[News]:
    """The news of `turn`: its scheduled events whose conditions hold, and perhaps one
    random event, drawn by weight (each chosen before any of them applies)."""
    due = [news for news in look.news_on[turn] if _may_fire(board, news)]
    draw = Dice(board.state.seed, turn, EVENT_DRAW)
    if draw.random() < look.event_chance:
        drawable = [news for news in look.chances_on[turn] if _may_fire(board, news)]
        if drawable:
            due.append(draw.draw(drawable))
    return due


def _may_fire(board: _Board, news: News) -> bool:
    """Whether an event may fire now: not a one-off already fired, its condition holding."""
    check = news.check
    return not (news.once and news.id in board.fired) and (
        check is None or meets(check, board.levels, board.flags)
    )


Deck = list[Dealt]
"""Cards a side may be dealt, drawn by their weights."""


def _deal(look: ScenarioIndex, board: _Board, side: Side, draw: Dice) -> list[tuple[Side, str]]:
    """The side's hand: cards not yet played whose condition holds (failing those, cards
    played before), drawn by weight, as many as the scenario deals (fewer if fewer hold)."""
    cards = look.dealing_on[side][board.turn]
    fresh = _holding(cards, board, False)
    if look.hand == 1:
        return [(side, draw.draw(fresh or _holding(cards, board, True)).id)]
    seen = _holding(cards, board, True)
    dealt = [draw.draw(fresh or seen)]
    for _ in range(look.hand - 1):
        rest = [card for card in fresh if card not in dealt] or [
            card for card in seen if card not in dealt
        ]
        if rest:
            dealt.append(draw.draw(rest))
    return [(side, card.id) for card in dealt]


def _holding(cards: tuple[Dealt, ...], board: _Board, again: bool) -> Deck:
    """The cards whose condition holds among those not yet played, or (`again`) among
    those played before."""
    levels, flags, played = board.levels, board.flags, board.played
    deck: Deck = []
    for card in cards:
        check = card.check
        if (card.id in played) == again and (check is None or meets(check, levels, flags)):
            deck.append(card)
    return deck


def meets(check: Check, levels: list[int], flags: frozenset[str] | set[str]) -> bool:
    """Whether a condition whose turns are already checked holds for a board's meters."""
    for place, low, high in check.bounds:
        level = levels[place]
        if level < low or level > high:
            return False
    if not check.flagged:
        return True
    return all(f in flags for f in check.needed) and all(f not in flags for f in check.forbidden)


def pressing(pressure: Pressure, meters: dict[str, int]) -> Changes:
    """A pressure's effects in one season with these meters (before clamping): as written,
    or for a pressure driven by a meter, once for every `step` that meter stands above its
    `centre` (reversed below it; none within a step)."""
    drive = pressure.driven_by
    if drive is None:
        return pressure.changes
    return _scaled(pressure.changes, _times(meters[drive.meter], drive.centre, drive.step))


def _times(value: int, centre: int, step: int) -> int:
    """How many times a driven pressure applies with its meter at `value`: once for every
    `step` above `centre`, negative below it."""
    return int((value - centre) / step)


def _scaled(changes: Changes, times: int) -> Changes:
    """Changes multiplied `times` over."""
    if times == 1:
        return changes
    return tuple([(m, d * times) for m, d in changes]) if times else ()


class _Board:
    """Scratch space for one step of the game: mutable copies, committed into a new state.

    It keeps the meters as a list of levels, each meter in its place (`lookup.places`):
    the effects, conditions and outlook of the turn read them by place, natively."""

    def __init__(self, look: ScenarioIndex, state: GameState) -> None:
        self.look = look
        self.ids, self.places = look.meter_ids, look.places
        self.lows, self.highs = look.lows, look.highs
        self.terms = look.terms
        self.state = state
        self.turn = state.turn
        self.levels = list(state.levels.placed(self.ids))
        self.flags = state.flags  # replaced, not changed in place: they seldom change
        self.fired = state.fired
        self.played = state.played
        self.pending = list(state.pending)
        self.offer = state.offer
        self.pledges = state.pledges
        self.spent = state.spent
        self.used: tuple[tuple[Side, str], ...] = ()
        self.outlook = state.outlook
        self.history = state.history
        self.ending = state.ending
        self.lines: list[Line] = []
        """The step's lines of the log."""

    def change(self, moves: Moves, written: Changes | None) -> Changes:
        """Apply meter changes by place, clamped; return the changes that actually happened,
        by meter id. `written` is the same changes by id, returned itself when each one
        applied in full (most often); None when there is no such tuple to hand."""
        lows, highs, levels = self.lows, self.highs, self.levels
        done: list[tuple[str, int]] | None = None if written is not None else []
        for k, (place, delta) in enumerate(moves):
            old = levels[place]
            new = old + delta
            if new > highs[place]:
                new = highs[place]
            elif new < lows[place]:
                new = lows[place]
            if new != old:
                levels[place] = new
            if done is None and (new - old != delta or not delta):
                done = list(written[:k]) if written is not None else []
            if done is not None and new != old:
                done.append((self.ids[place], new - old))
        if done is not None:
            return tuple(done)
        return written or ()  # `written`: with no tuple to hand, `done` began as a list

    def apply(
        self,
        kind: Kind,
        act: Act,
        side: Side | None = None,
        instead: tuple[Moves, Changes] | None = None,
    ) -> None:
        """Apply something's consequences and log them under its id; its meter changes,
        or `instead` others (by place and by id)."""
        if instead is None:
            done = self.change(act.moves, act.changes)
        else:
            done = self.change(instead[0], instead[1])
        lasting = act.lasting
        if lasting is not None:
            self.pending.append(Pending(act.ref, lasting[0], lasting[1]))
        flags, sets, clears = self.flags, act.sets, act.clears  # a new set only on a change
        if sets and not all(flag in flags for flag in sets):
            self.flags = flags = flags.union(sets)
        if clears and any(flag in flags for flag in clears):
            self.flags = flags.difference(clears)
        self.note(kind, act.ref, done, side)

    def use(self, kind: Kind, ref: str, side: Side) -> None:
        """Apply a side's chosen option (or lever), with the extra effects of its
        situations that hold as the turn begins to resolve."""
        terms = self.terms[ref]
        mask = situations_held(self.look, terms, self.state)
        self.apply(kind, terms.act, side, terms.held(mask) if mask else None)

    def press(self, pressures: tuple[Pressing, ...]) -> None:
        """The turn's standing pressures whose conditions hold, one after another: each its
        effects, scaled by the meter that drives it, if any."""
        levels = self.levels
        for pressure in pressures:
            check = pressure.check
            if check is not None and not meets(check, levels, self.flags):
                continue
            act = pressure.act
            if pressure.driver < 0:
                self.apply(PRESSURE, act)
                continue
            times = _times(levels[pressure.driver], pressure.centre, pressure.step)
            if times == 1:
                done = self.change(act.moves, act.changes)
            elif times:
                scaled, written = pressure.times(times)
                done = self.change(scaled, written)
            else:
                continue
            if done:
                self.note(PRESSURE, pressure.id, done)

    def play_out_pending(self) -> None:
        """Each lasting effect plays one more turn's worth."""
        still = []
        for p in self.pending:
            done = self.change(moves(p.effects, self.places), p.effects)
            self.note(LASTING, p.ref, done)
            if p.turns > 1:
                still.append(Pending(p.ref, p.effects, p.turns - 1))
        self.pending = still

    def note(self, kind: Kind, ref: str, changes: Changes = (), side: Side | None = None) -> None:
        """Log a line of this turn: the fields of an entry (`state.Entry`), which is built
        only if someone reads the log."""
        self.lines.append((self.turn, kind, ref, changes, side))

    def commit(self) -> GameState:
        """The new state this board describes."""
        return GameState(
            seed=self.state.seed,
            turn=self.turn,
            meters=Levels(self.ids, self.levels),
            flags=self.flags,
            played=self.played,
            fired=self.fired,
            pending=tuple(self.pending),
            offer=self.offer,
            outlook=self.outlook,
            history=self.history,
            log=self.state.chronicle.then(self.lines),
            ending=self.ending,
            agendas=self.state.agendas,
            pledges=self.pledges,
            spent=self.spent,
        )
