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

from collections.abc import Sequence
from functools import lru_cache
from itertools import combinations
from typing import Final

from . import outlook, rules
from .dice import Dice
from .lookup import ScenarioIndex
from .scenario import (
    OTHER,
    SIDES,
    Lever,
    Option,
    Persona,
    Scenario,
    Side,
    Stance,
)
from .state import Changes, GameState, Kind, TurnRecord

RANDOM = "random"
"""A player that picks uniformly among the offered options."""
STRATEGIST = "strategist"
"""A player that searches the rest of the game for its own best final score."""
TIT_FOR_TAT = "tit-for-tat"
FIXED = ("cooperate", "hedge", "compete", TIT_FOR_TAT)
"""Policies that play by stance alone, whatever the card says."""
UNSEARCHING = (*FIXED, RANDOM)
"""The players besides personas that choose without searching."""
AIM = "aim:"
"""Prefix of a targeted player: `aim:` and an end state id."""
_IMPERSONAL: Final = frozenset((*UNSEARCHING, STRATEGIST))
"""The computer players of every scenario: all but its personas and the targeted ones."""

FALLBACK = {
    Stance.COOPERATE: (Stance.COOPERATE, Stance.HEDGE, Stance.COMPETE),
    Stance.HEDGE: (Stance.HEDGE, Stance.COOPERATE, Stance.COMPETE),
    Stance.COMPETE: (Stance.COMPETE, Stance.HEDGE, Stance.COOPERATE),
}
"""The stance a fixed policy takes on a card without its own: the nearest one, and for
`hedge` (between the two) the cooperative one first."""

# Final: the compiled engine reads these as constants, not from the module's namespace.
PERSONA_DRAW: Final = 10
PLEDGE_DRAW: Final = 20
LEVER_BAR: Final = 0.5
"""How much (in persona units) a lever must be worth to be spent at once when its uses are
scarce: the bar falls as the turns left run short of the uses left."""
STANCE_VALUE = {Stance.COOPERATE: 1, Stance.HEDGE: 0, Stance.COMPETE: -1}
_FLOOR: Final = float("-inf")
"""Below every score."""
_MOSCOW: Final = Side.MOSCOW
_TEHRAN: Final = Side.TEHRAN
_COOPERATE: Final = Stance.COOPERATE
_STANCES = {stance.value: stance for stance in Stance}
POINTS: Final = 4.0
"""Index or interest-score points that count as one unit of a persona's weights."""


def names(scenario: Scenario) -> list[str]:
    """Every computer player a scenario offers: its personas, the fixed policies,
    `random` and `strategist` (the targeted players, `aim:...`, are accepted too)."""
    return [*_study_of(scenario).characters, *FIXED, RANDOM, STRATEGIST]


def counterparts(scenario: Scenario) -> list[tuple[str, str]]:
    """(name, id) of the computer players a game screen offers as the counterpart: the
    scenario's personas, then the strategist and `random`."""
    return [
        *((p.name, p.id) for p in scenario.personas),
        ("The Strategist (plays every option out)", STRATEGIST),
        ("Random", RANDOM),
    ]


FIXED_ABOUT = {
    "cooperate": "Always takes the option that reaches for the partnership.",
    "hedge": "Always takes the middle option, keeping its doors open.",
    "compete": "Always takes the option that puts its own capital first.",
    TIT_FOR_TAT: "Answers your last stance with the same: help for help, a snub for a snub.",
}


def describe(scenario: Scenario, player: str) -> str:
    """Who a computer player is, in a line, for a screen where one is chosen."""
    if player in scenario.lookup.personas:
        return scenario.lookup.personas[player].description
    if player == STRATEGIST:
        return (
            "Plays every option out to the end of the game and takes the one that serves "
            "its own final score best: the hardest counterpart."
        )
    if player == RANDOM:
        return "Picks any option at random: a game of chance, not of reading."
    return FIXED_ABOUT.get(player, "")


def known(scenario: Scenario, player: str) -> bool:
    """Whether `player` names a computer player of this scenario."""
    if player.startswith(AIM):
        return player[len(AIM) :] in scenario.lookup.end_states
    return player in _IMPERSONAL or player in _study_of(scenario).characters


def choose(
    scenario: Scenario, state: GameState, side: Side, player: str, partner: str | None = None
) -> str:
    """The option id a computer `player` picks for `side` this turn; `partner` names who
    plays the other side (players that look ahead model it)."""
    study = _study_of(scenario)
    character = study.characters.get(player)
    if character is not None:
        return _persona_pick(study, scenario, state, side, character, True, partner, True).id
    if state.over:
        raise rules.IllegalMove("the game is over")
    hand = study.turn(state).seat(side).hand
    if player == RANDOM:
        draw = Dice(state.seed, state.turn, PERSONA_DRAW + (side is _TEHRAN))
        return draw.choice(study.offered(hand)).id
    if player == TIT_FOR_TAT:
        return study.by_stance(hand, _answer(study, state, side)).id
    if player == STRATEGIST or player.startswith(AIM):
        from . import strategist  # the search plays whole games through this module

        if player == STRATEGIST:
            return strategist.plan(scenario, state, side, partner)
        return strategist.steer(scenario, state, side, player[len(AIM) :], partner)
    return study.by_stance(hand, _STANCES.get(player) or Stance(player)).id


def likely(
    scenario: Scenario,
    state: GameState,
    side: Side,
    player: str | None,
    partner: str | None = None,
    think: bool = False,
) -> str:
    """The choice another player would expect of `player`: a persona's without its noise
    (and, unless `think`, without looking ahead; looking ahead, it expects its own
    `partner` to play as written), a fixed policy's or `random`'s own; a human's or a
    searching player's as the scenario's first persona's."""
    study = _study_of(scenario)
    character = study.characters.get(player or "")
    if character is None:
        if player is not None and player in UNSEARCHING:
            return choose(scenario, state, side, player)
        character = study.first
    if think:
        return _persona_pick(study, scenario, state, side, character, False, partner, True).id
    if state.over:
        raise rules.IllegalMove("the game is over")
    return study.turn(state).plain(character, side).id


def pledge_for(
    scenario: Scenario, state: GameState, side: Side, player: str, partner: str | None = None
) -> str | None:
    """The pledge a computer player makes as the turn opens, if any: a persona promises
    what it means to do when keeping the promise is worth something to it (of the pledges
    its card puts to the test and its likeliest choice keeps, the one worth most); one of
    little candour now and then promises the first pledge whatever it means to do. Other
    players make none."""
    study = _study_of(scenario)
    character = study.characters.get(player)
    if character is None or study.first_pledge is None:
        return None
    if character.candour < 1.0:  # a draw, below 1, never tops full candour
        bluff = Dice(state.seed, state.turn, PLEDGE_DRAW + (side is _TEHRAN)).random()
        if bluff > character.candour:
            return study.first_pledge
    turn = study.turn(state)
    hand = turn.seat(side).hand
    if not any(study.tested[card] for card in hand):
        return None
    intended = turn.plain(character, side)
    return study.promise(character, side, hand, intended.id)


def lever_for(
    scenario: Scenario,
    state: GameState,
    side: Side,
    player: str,
    partner: str | None = None,
    choice: str | None = None,
) -> str | None:
    """The lever a computer player uses this turn beside `choice`, if any: a persona spends
    the lever worth most to it when that worth clears a bar that falls as the game runs
    out; the strategist plays the game out with each; other players keep theirs."""
    if player == STRATEGIST and choice is not None:
        from . import strategist

        return strategist.lever(scenario, state, side, choice, partner)
    study = _study_of(scenario)
    character = study.characters.get(player)
    if character is None or state.over:
        return None
    turns_left = study.turns - state.turn + 1
    if turns_left > 0 and not study.hopeful(character, side, turns_left):
        return None  # no lever of its could clear the bar this early
    best, best_value = None, 0.0
    for lever_id, left in rules.levers_left(scenario, state, side):
        extra = rules.situational(study.lookup, lever_id, state)
        value = study.lever_worth(character, side, lever_id, extra)
        if value > best_value and value > _bar(left, turns_left):
            best, best_value = lever_id, value
    return best


def _bar(left: int, turns_left: int) -> float:
    """What a lever with `left` uses must be worth to be spent with `turns_left`: the
    `LEVER_BAR` while its uses are scarce, less as the turns run short of them."""
    scarcity = 1 - left / turns_left
    return LEVER_BAR * scarcity if scarcity > 0.0 else 0.0


def by_stance(options: Sequence[Option], stance: Stance) -> Option:
    """The first option of `stance`, or of the nearest stance when the card has none."""
    for wanted in FALLBACK[stance]:
        for option in options:
            if option.stance is wanted:
                return option
    return options[0]


def _answer(study: _Study, state: GameState, side: Side) -> Stance:
    """Tit-for-tat: the partner's last stance, cooperating first (and after a skipped turn)."""
    chosen = state.history[-1].choice(OTHER[side]) if state.history else None
    return _COOPERATE if chosen is None else study.lookup.options[chosen].stance


def persona_choice(
    scenario: Scenario,
    state: GameState,
    side: Side,
    persona_id: str,
    noise: bool = True,
    partner: str | None = None,
    think: bool = True,
) -> Option:
    """The option a persona picks; without `noise`, its likeliest pick; without `think`,
    its pick by the options as written, not looking ahead."""
    study = _study_of(scenario)
    character = study.characters[persona_id]
    return _persona_pick(study, scenario, state, side, character, noise, partner, think).option


def _persona_pick(
    study: _Study,
    scenario: Scenario,
    state: GameState,
    side: Side,
    character: _Character,
    noise: bool,
    partner: str | None,
    think: bool,
) -> _Leaning:
    """`persona_choice`, for a persona already looked up: the option as it leans to it."""
    if state.over:
        raise rules.IllegalMove("the game is over")
    spread = character.noise if noise else 0.0
    foresight = character.foresight if think else 0.0
    turn = study.turn(state)
    if not foresight and not spread:
        return turn.plain(character, side)
    leanings = turn.leanings(character, side)
    scores = turn.scores(character, side)
    ahead = Foresight(study, scenario, state, side, partner) if foresight else None
    draw = Dice(state.seed, state.turn, PERSONA_DRAW + (side is _TEHRAN))
    interest, alliance_weight = character.interest, character.alliance
    best, best_score = leanings[0], _FLOOR
    for i, score in enumerate(scores):
        leaning = leanings[i]
        if ahead is not None:
            own, alliance = ahead.gain(leaning)
            score += foresight * (interest * own + alliance_weight * alliance)
        if spread:
            score += spread * draw.uniform(-1, 1)
        if score > best_score:
            best, best_score = leaning, score
    return best


def _best(scores: list[float]) -> int:
    """The position of the first of the highest scores."""
    best, best_score = 0, _FLOOR
    for i, score in enumerate(scores):
        if score > best_score:
            best, best_score = i, score
    return best


def _weigh(
    character: _Character, leanings: Leanings, partner_last: int | None, index: float
) -> list[float]:
    """The part of a persona's score for each option that needs no look ahead and no noise:
    its appeal, the mood of the alliance, the answer to the partner's last stance."""
    mood = character.trust_sensitivity * (index - 50.0) / 50.0
    scores = []
    for leaning in leanings:
        score = leaning.appeal + mood * leaning.stance
        if partner_last is not None:
            score -= leaning.answering
        scores.append(score)
    return scores


class Foresight:
    """One turn ahead, as a persona sees it: the partner's likely answer, and what each of
    its own options then adds beyond what the option says (the pair's joint outcomes, the
    situation the option meets, what the turn does to the expected end-state payoff and to
    its agenda), in units of `POINTS` on its score and on the alliance index."""

    def __init__(
        self,
        study: _Study,
        scenario: Scenario,
        state: GameState,
        side: Side,
        partner: str | None,
    ) -> None:
        self.state, self.side, self.study = state, side, study
        self.answer = _answer_to(study, scenario, state, OTHER[side], partner)
        self.facing = study.facing(side, self.answer)
        pledge = state.pledge(side)
        self.pledged = study.judging[pledge] if pledge is not None else None
        """Option id -> what the side's pledge does to the turn if it takes the option."""
        self.index = state.outlook.index
        self.scale, self.index_scale = study.interest_scale[side], study.index_scale
        self.agenda, self.curve = study.prospects(scenario, side, state.agenda(side))
        self.held = self.agenda.held(state.flags) if self.agenda is not None else 0
        self.meters = self.agenda.meters if self.agenda is not None else ()
        """The meters the agenda's goal bounds."""
        levels = state.levels.placed(study.lookup.meter_ids)
        places = self.agenda.places if self.agenda is not None else ()
        self.now = [levels[place] for place in places]
        self.expected = self._expected(self.index, self.now)

    def gain(self, leaning: _Leaning) -> tuple[float, float]:
        """(own score, alliance index) gained beyond the option's written worth."""
        extra: Changes = ()
        if leaning.situated:
            extra = rules.situational(self.study.lookup, leaning.id, self.state)
        if self.pledged is not None:
            extra += self.pledged[leaning.id]
        pair = self.facing.pair(leaning.id)
        own, alliance, shift = pair.own, pair.alliance, pair.shift
        if extra:
            own += _scaled(self.scale, extra)
            more = _scaled(self.index_scale, extra)
            alliance, shift = alliance + more, shift + more
        stakes = self._expected(self.index + shift, self._after(pair, extra)) - self.expected
        return (own + stakes) / POINTS, alliance / POINTS

    def _after(self, pair: _Pair, extra: Changes) -> list[int]:
        """The agenda's meters once the turn has made `pair`'s changes and `extra` ones."""
        now = self.now
        return [
            now[i] + pair.move(meter) + _moved(extra, meter) for i, meter in enumerate(self.meters)
        ]

    def _expected(self, index: float, meters: list[int]) -> float:
        """The end-state payoff and agenda points this side can expect from here."""
        at = outlook.nearest(index)
        value = self.curve[0 if at < 0 else 100 if at > 100 else at]
        if self.agenda is not None:
            value += self.agenda.progress_at(meters, self.held, index)
        return value


def _answer_to(
    study: _Study, scenario: Scenario, state: GameState, side: Side, player: str | None
) -> str:
    """The choice a persona expects of the player on `side`: its likely choice, within what
    its pledge allows unless it has broken a pledge before."""
    pledge = state.pledge(side)
    answer = likely(scenario, state, side, player)
    breaking = study.lookup.breaking.get(pledge) if pledge is not None else None
    if breaking is None or answer not in breaking or study.broke[side] in state.flags:
        return answer
    keeping = [o for o in rules.offered(scenario, state, side) if o.id not in breaking]
    if not keeping:
        return answer
    character = study.characters.get(player or "")
    return _most_appealing(study, character, keeping) if character is not None else keeping[0].id


def _most_appealing(study: _Study, character: _Character, options: list[Option]) -> str:
    """The id of the option that appeals most to a persona (the first, on a tie). Its own
    function: compiled, a function holding a lambda builds its closure on every call."""
    return max(options, key=lambda o: study.appeal(character, o.id)).id


def _moved(changes: Changes, meter: str) -> int:
    """How far meter changes move one meter."""
    total = 0
    for changed, delta in changes:
        if changed == meter:
            total += delta
    return total


def _scaled(scale: dict[str, float], changes: Changes) -> float:
    """The points meter changes bring on a score of `scale` (points per meter point),
    summed in order."""
    total = 0.0
    for meter, delta in changes:
        total += scale.get(meter, 0.0) * delta
    return total


Leanings = tuple["_Leaning", ...]
"""Each option in a hand with what a persona makes of it before the alliance's mood."""
Prospects = tuple[outlook.Aim | None, tuple[float, ...]]


class _Character:
    """A persona's weights, read once from its model (the turn reads them often)."""

    def __init__(self, persona: Persona) -> None:
        self.id = persona.id
        self.interest, self.alliance = persona.interest, persona.alliance
        self.reciprocity, self.trust_sensitivity = persona.reciprocity, persona.trust_sensitivity
        self.noise, self.foresight, self.candour = persona.noise, persona.foresight, persona.candour
        self.stance = persona.stance


class _Leaning:
    """An option in a hand with what a persona makes of it before the alliance's mood: its
    appeal, its stance's value, and what answering the partner's last stance with it costs."""

    def __init__(self, option: Option, appeal: float, stance: int, answering: float) -> None:
        self.option, self.id = option, option.id
        self.situated = bool(option.situations)
        """Whether situations can add to the option's effects."""
        self.appeal, self.stance, self.answering = appeal, stance, answering


class _Seat:
    """One side's part of the turn: its hand, the value of the stance its partner took the
    turn before (if it chose), and what the persona in the seat (the one asked last) makes
    of the hand: its leanings, their scores (`_weigh`) and its plain pick."""

    def __init__(self, hand: tuple[str, ...], partner_last: int | None) -> None:
        self.hand, self.partner_last = hand, partner_last
        self.persona = ""
        self.leanings: Leanings = ()
        self.scores: list[float] | None = None
        self.plain: _Leaning | None = None


class _Turn:
    """The turn being played as the personas read it from its offer, the last turn's record
    and the outlook, worked out once for all its calls."""

    def __init__(self, study: _Study, state: GameState) -> None:
        self.study = study
        self.offer, self.history, self.outlook = state.offer, state.history, state.outlook
        self.index = state.outlook.index
        record = self.history[-1] if self.history else None
        moscow_last = study.stance_taken(record, _MOSCOW)
        tehran_last = study.stance_taken(record, _TEHRAN)
        self.moscow = _Seat(state.hand(_MOSCOW), tehran_last)
        self.tehran = _Seat(state.hand(_TEHRAN), moscow_last)

    def reads(self, state: GameState) -> bool:
        """Whether this is the turn `state` plays, as the personas read it."""
        return (
            self.offer is state.offer
            and self.history is state.history
            and self.outlook is state.outlook
        )

    def seat(self, side: Side) -> _Seat:
        """`side`'s part of the turn."""
        return self.tehran if side is _TEHRAN else self.moscow

    def leanings(self, character: _Character, side: Side) -> Leanings:
        """What a persona in `side`'s seat makes of its hand (`_Study.leanings`)."""
        return self._sit(character, side).leanings

    def scores(self, character: _Character, side: Side) -> list[float]:
        """A persona's scores of the options in `side`'s seat, without looking ahead and
        without noise (`_weigh`)."""
        seat = self._sit(character, side)
        if seat.scores is None:
            seat.scores = _weigh(character, seat.leanings, seat.partner_last, self.index)
        return seat.scores

    def plain(self, character: _Character, side: Side) -> _Leaning:
        """The option a persona in `side`'s seat picks without looking ahead and without
        noise."""
        seat = self._sit(character, side)
        if seat.plain is None:
            seat.plain = seat.leanings[_best(self.scores(character, side))]
        return seat.plain

    def _sit(self, character: _Character, side: Side) -> _Seat:
        """`side`'s seat with `character` in it."""
        seat = self.seat(side)
        if seat.persona != character.id:
            seat.persona = character.id
            seat.leanings = self.study.leanings(character, seat.hand, seat.partner_last)
            seat.scores = seat.plain = None
        return seat


class _Pair:
    """What a pair of choices does for a side beyond its option as written, situations
    aside: its own score and the alliance index gained through their joint outcomes, the
    turn's whole shift of the index, and the meter changes of both choices and of their
    joint outcomes."""

    def __init__(
        self,
        own: float,
        alliance: float,
        shift: float,
        mine: dict[str, int],
        theirs: dict[str, int],
        joint: Changes,
    ) -> None:
        self.own, self.alliance, self.shift = own, alliance, shift
        self.mine, self.theirs, self.joint = mine, theirs, joint

    def move(self, meter: str) -> int:
        """How far the pair of choices moves a meter."""
        return self.mine.get(meter, 0) + self.theirs.get(meter, 0) + _moved(self.joint, meter)


class _Facing:
    """What each of a side's options does against one answer of its partner (`_Pair`)."""

    def __init__(self, study: _Study, side: Side, answer_id: str) -> None:
        self.study, self.side, self.answer = study, side, answer_id
        self._pairs: dict[str, _Pair] = {}

    def pair(self, option_id: str) -> _Pair:
        """The pair of choices' effects, situations aside."""
        found = self._pairs.get(option_id)
        if found is None:
            found = self._pairs[option_id] = self._pair(option_id)
        return found

    def _pair(self, option_id: str) -> _Pair:
        study, side, answer_id = self.study, self.side, self.answer
        moscow, tehran = (answer_id, option_id) if side is _TEHRAN else (option_id, answer_id)
        extra = study.joint_effects(moscow, tehran)
        scale, index_scale = study.interest_scale[side], study.index_scale
        own, alliance = _scaled(scale, extra), _scaled(index_scale, extra)
        shift = study.worth[option_id][1] + study.worth[answer_id][1] + alliance
        mine, theirs = study.totals[option_id], study.totals[answer_id]
        return _Pair(own, alliance, shift, mine, theirs, extra)


class _Study:
    """A scenario as the computer players know it by heart: what they read on every turn,
    worked out once, or once for each case as it comes up."""

    def __init__(self, lookup: ScenarioIndex) -> None:
        self.lookup = lookup
        self.characters = {p.id: _Character(p) for p in lookup.personas.values()}
        self.first = next(iter(self.characters.values()))
        """The scenario's first persona: whom a human or a searching player is taken for."""
        self.first_pledge = next(iter(lookup.pledges), None)
        self.turns = lookup.turns
        self.stance = {o.id: STANCE_VALUE[o.stance] for o in lookup.options.values()}
        """Option id -> the value of its stance."""
        self.broke = {side: rules.broke_pledge(side) for side in SIDES}
        """Side -> the flag it carries once it has broken a pledge."""
        self.tested = {
            card: any(card in cards for cards in lookup.testing.values()) for card in lookup.cards
        }
        """Card id -> whether some pledge is put to the test by it."""
        self.judging = {
            pledge: {option: _pledge_changes(lookup, pledge, option) for option in lookup.options}
            for pledge in lookup.pledges
        }
        """Pledge id -> option id -> what the pledge does to the turn of a side that made it
        and takes the option."""
        # The joint outcomes (by position) each option can take part in, as each side's
        # (`ScenarioIndex.joining`): a pair's are those both can, in scenario order.
        options = lookup.options.values()
        self.as_moscow = lookup.joining[Side.MOSCOW]
        self.as_tehran = {o: frozenset(at) for o, at in lookup.joining[Side.TEHRAN].items()}
        self.totals = {o.id: dict(o.totals) for o in options}
        """Option id -> every meter change it brings, lasting effects included."""
        self.joint_changes = tuple(joint.changes for joint in lookup.joint.values())
        self.interest_scale, self.index_scale = lookup.interest_scale, lookup.index_scale
        self.worth = lookup.worth
        self._turn: _Turn | None = None
        # Per side, keyed by an id: cheaper than building and hashing a tuple key.
        self._facing: dict[Side, dict[str, _Facing]] = {side: {} for side in SIDES}
        self._leanings: dict[tuple[str, tuple[str, ...], int | None], Leanings] = {}
        self._hopes: dict[Side, dict[str, dict[int, bool]]] = {
            side: {persona: {} for persona in self.characters} for side in SIDES
        }
        """Side -> persona id -> turns left -> `hopeful`."""
        self._promises: dict[tuple[str, Side, tuple[str, ...], str], str] = {}
        self._offered: dict[tuple[str, ...], tuple[Option, ...]] = {}
        self._prospects: dict[Side, dict[str | None, Prospects]] = {side: {} for side in SIDES}
        self._by_stance: dict[tuple[tuple[str, ...], Stance], Option] = {}

    def turn(self, state: GameState) -> _Turn:
        """The turn `state` plays, as the personas read it (the latest one is kept)."""
        turn = self._turn
        if turn is None or not turn.reads(state):
            turn = self._turn = _Turn(self, state)
        return turn

    def stance_taken(self, record: TurnRecord | None, side: Side) -> int | None:
        """The value of the stance `side` took in a turn, if it chose (not in a skipped
        turn, nor before the first)."""
        chosen = record.choice(side) if record is not None else None
        return None if chosen is None else self.stance[chosen]

    def offered(self, hand: tuple[str, ...]) -> tuple[Option, ...]:
        """Every option of the cards in a hand (`rules.offered`)."""
        found = self._offered.get(hand)
        if found is None:
            cards = self.lookup.cards
            found = self._offered[hand] = tuple(o for c in hand for o in cards[c].options)
        return found

    def by_stance(self, hand: tuple[str, ...], stance: Stance) -> Option:
        """`by_stance` among the options of a hand."""
        key = (hand, stance)
        found = self._by_stance.get(key)
        if found is None:
            found = self._by_stance[key] = by_stance(self.offered(hand), stance)
        return found

    def joint_effects(self, moscow: str, tehran: str) -> Changes:
        """The meter changes of the joint outcomes this pair of options triggers, in
        scenario order (those of `ScenarioIndex.joint_for`)."""
        theirs = self.as_tehran[tehran]
        return tuple(
            change
            for i in self.as_moscow[moscow]
            if i in theirs
            for change in self.joint_changes[i]
        )

    def facing(self, side: Side, answer_id: str) -> _Facing:
        """What `side`'s options do against one answer of its partner."""
        facings = self._facing[side]
        found = facings.get(answer_id)
        if found is None:
            found = facings[answer_id] = _Facing(self, side, answer_id)
        return found

    def promise(
        self, character: _Character, side: Side, hand: tuple[str, ...], intended: str
    ) -> str | None:
        """The pledge a candid persona makes with this hand when it means to take
        `intended` (see `pledge_for`)."""
        key = (character.id, side, hand, intended)
        found = self._promises.get(key)
        if found is None:  # "" for no pledge
            found = self._promises[key] = self._promise(character, side, hand, intended) or ""
        return found or None

    def _promise(
        self, character: _Character, side: Side, hand: tuple[str, ...], intended: str
    ) -> str | None:
        lookup = self.lookup
        cards = set(hand)
        tested = [p for p in lookup.pledges.values() if lookup.testing[p.id] & cards]
        scale, index_scale = self.interest_scale[side], self.index_scale
        best, best_value = None, 0.0
        for pledge in tested:
            if intended in lookup.breaking[pledge.id]:
                continue
            own = _scaled(scale, pledge.changes)
            value = character.interest * own + character.alliance * _scaled(
                index_scale, pledge.changes
            )
            if value > best_value:
                best, best_value = pledge.id, value
        return best

    def prospects(self, scenario: Scenario, side: Side, agenda_id: str | None) -> Prospects:
        """A side's agenda, compiled (if it has one), and what it can expect of the
        end-state payoff at each point of the index."""
        prospects = self._prospects[side]
        found = prospects.get(agenda_id)
        if found is None:
            aim = outlook.Aim.of(scenario, agenda_id) if agenda_id else None
            found = prospects[agenda_id] = (aim, outlook.payoff_curve(scenario, side))
        return found

    def appeal(self, character: _Character, option_id: str) -> float:
        """The part of an option's score that never changes: its worth and its stance."""
        option = self.lookup.options[option_id]
        interest_gain, alliance_gain = self.worth[option_id]
        return (
            character.interest * interest_gain / POINTS
            + character.alliance * alliance_gain / POINTS
            + float(getattr(character.stance, option.stance.value))
        )

    def leanings(
        self, character: _Character, hand: tuple[str, ...], partner_last: int | None
    ) -> Leanings:
        """Each option in the hand with what a persona makes of it (`_Leaning`)."""
        key = (character.id, hand, partner_last)
        found = self._leanings.get(key)
        if found is None:
            leaning = []
            for option in self.offered(hand):
                stance = self.stance[option.id]
                answering = (
                    character.reciprocity * abs(stance - partner_last) / 2
                    if partner_last is not None
                    else 0.0
                )
                appeal = self.appeal(character, option.id)
                leaning.append(_Leaning(option, appeal, stance, answering))
            found = self._leanings[key] = tuple(leaning)
        return found

    def hopeful(self, character: _Character, side: Side, turns_left: int) -> bool:
        """Whether some lever of the side could clear a persona's bar with `turns_left`:
        whether the most it can be worth (whichever of its situations hold) tops the bar
        with every use still left, the lowest the bar can be then."""
        hopes = self._hopes[side][character.id]
        found = hopes.get(turns_left)
        if found is None:
            found = hopes[turns_left] = any(
                self._peak(character, lever) > _bar(lever.uses, turns_left)
                for lever in self.lookup.levers_of[side]
            )
        return found

    def _peak(self, character: _Character, lever: Lever) -> float:
        """The most a lever can be worth to a persona, whichever of its situations hold."""
        situations = range(len(lever.situations))
        return max(
            self.lever_worth(
                character,
                lever.side,
                lever.id,
                tuple(change for i in held for change in lever.situations[i].changes),
            )
            for size in range(len(lever.situations) + 1)
            for held in combinations(situations, size)
        )

    def lever_worth(
        self, character: _Character, side: Side, lever_id: str, extra: Changes
    ) -> float:
        """What a lever is worth to a persona (in its units) with `extra` effects of
        situations."""
        own, alliance = self.worth[lever_id]
        own += _scaled(self.interest_scale[side], extra)
        alliance += _scaled(self.index_scale, extra)
        return (character.interest * own + character.alliance * alliance) / POINTS


def _pledge_changes(lookup: ScenarioIndex, pledge_id: str, option_id: str) -> Changes:
    """What a side's own pledge does to the turn if it takes an option: broken, kept at a
    cost, or an empty promise (nothing on the card could break it)."""
    promise = lookup.pledges[pledge_id]
    verdict = rules.judged(lookup, pledge_id, option_id)
    if verdict is Kind.BROKEN:
        return promise.broken.changes
    return promise.changes if verdict is Kind.KEPT else ()


class _Latest:
    """The scenario played last and the personas' study of it: the next call almost
    always wants it (reading `Scenario.lookup`, a model's attribute, costs more)."""

    def __init__(self) -> None:
        self.scenario: Scenario | None = None
        self.study: _Study | None = None


_LATEST: Final = _Latest()


def _study_of(scenario: Scenario) -> _Study:
    """The computer players' study of a scenario."""
    latest = _LATEST
    if latest.scenario is not scenario or latest.study is None:
        latest.scenario, latest.study = scenario, _study(scenario.lookup)
    return latest.study


@lru_cache(maxsize=16)
def _study(lookup: ScenarioIndex) -> _Study:
    return _Study(lookup)
